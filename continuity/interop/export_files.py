"""Writing the files that leave IT's workspace (CSV, HL7, FHIR, the period's report): they hold every
patient of the period, and they are often written to a shared folder or a stick that others control.

So each file is written whole under a fresh temporary name that nobody could have planted (created
exclusively, never through a link), readable by its owner only, then renamed; a failure (a full
disk) removes the temporary file and is said, never left half-written. A folder export goes to a new
or empty folder only: we never write beside files we did not write (an earlier export's messages,
numbered alike, would be replayed with the new ones)."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

from continuity.core.errors import DomainError

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def outside(out: Path, workspace: Path) -> None:
    """Refuse ``out`` inside IT's workspace folder: that folder holds only encrypted data, and whoever
    takes a copy of it must find no name there."""
    target, home = out.resolve(), workspace.resolve()
    if target == home or home in target.parents:
        raise DomainError("Write it outside the workspace folder {folder}: that folder keeps only encrypted data.", field="out",
                          folder=str(workspace))


def new_folder(out: Path) -> None:
    """``out`` as a folder to export into: made if missing (owner only), refused if it holds anything."""
    if out.exists() and not out.is_dir():
        raise DomainError("{path} is a file: give a new or empty folder.", field="out", path=str(out))
    try:
        out.mkdir(parents=True, exist_ok=True, mode=0o700)
        if any(out.iterdir()):
            raise DomainError("The folder {path} is not empty: give a new or empty folder (an export never writes beside other "
                              "files).", field="out", path=str(out))
    except OSError as error:
        raise _refusal(error, out) from None


def write_whole(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """``data`` at ``path``, whole or not at all, owner-only unless ``mode`` says otherwise (an
    existing ordinary file at ``path`` is replaced; anything else there, a device such as /dev/null,
    a pipe or a link, is refused: the rename would put patient data in its place)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        there = path.lstat()
    except FileNotFoundError:
        there = None
    except OSError as error:
        raise _refusal(error, path) from None
    if there is not None and not stat.S_ISREG(there.st_mode):
        raise DomainError("{path} is not an ordinary file (a device, a pipe, a link or a folder): give a file name.", field="out",
                          path=str(path))
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    try:
        descriptor = os.open(temporary, _FLAGS, mode)
    except OSError as error:
        raise _refusal(error, path) from None
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view):]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise _refusal(error, path) from None


def _refusal(error: OSError, path: Path) -> DomainError:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DomainError("The disk is full: {path} could not be written (nothing half-written was left).", field="out",
                           path=str(path))
    return DomainError("{path} could not be written ({error}).", field="out", path=str(path), error=error.strerror or str(error))
