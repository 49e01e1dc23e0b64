"""Where this laptop keeps its data: ``--data-dir``, else ``CONTINUITY_DATA_DIR``, else the
platform's user data folder (platformdirs). Always a local disk: never point it at a share."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

DATABASE_NAME = "continuity.db"


def data_dir(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get("CONTINUITY_DATA_DIR")
    if from_env:
        return Path(from_env).expanduser()
    return user_data_path("continuity", appauthor=False)


def database_path(folder: Path) -> Path:
    return folder / DATABASE_NAME


def make_private_dir(folder: Path) -> None:
    """A folder only its owner can enter (created so, and tightened if it already existed)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        if folder.stat().st_mode & 0o077:
            os.chmod(folder, 0o700)
    except PermissionError:
        pass  # a folder we do not own (a mount point): its owner decides
