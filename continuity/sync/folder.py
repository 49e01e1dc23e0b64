"""The shared folder: a share, a replicated folder or a USB stick. Only immutable files go there.

Each laptop writes only into its own sub-folder (``<name>--<device id>``) and reads everybody's.
Files are written under a temporary name, flushed to disk, renamed, then read back and compared
(USB sticks and shares lie). Readers never edit, move or delete a file there.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from continuity.sync.bundle import NAME, SUFFIX, file_hash

_SUBFOLDER = re.compile(r"^(?P<name>[A-Za-z0-9_\-]{1,40})--(?P<device>[0-9a-f]{32})$")
# Where network file systems are mounted: no native change events there, poll instead.
NETWORK_FILESYSTEMS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "9p", "vboxsf", "davfs", "fuse.sshfs", "afs", "ncpfs"}


class FolderUnavailable(Exception):
    """The folder is missing, unreadable, read-only or full: local work goes on, sync retries."""


@dataclass(frozen=True)
class Candidate:
    path: Path
    folder_device: str
    bundle_no: int
    size: int
    mtime_ns: int


def own_subfolder(root: Path, device_name: str, device_id: str) -> Path:
    return root / f"{device_name}--{device_id}"


def write_immutable(path: Path, data: bytes) -> None:
    """Temporary name, fsync, rename, fsync the folder, then read back and compare."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        _fsync_folder(path.parent)
        if file_hash(path.read_bytes()) != file_hash(data):
            raise FolderUnavailable(f"{path.name} reads back different from what was written")
    except OSError as error:
        raise FolderUnavailable(f"{type(error).__name__}: {error.strerror or error}") from None


def _fsync_folder(folder: Path) -> None:
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # some file systems (e.g. FAT on a stick under Windows) do not open folders
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def scan(root: Path, own_device: str) -> tuple[list[Candidate], list[Path]]:
    """Bundle files of the other laptops, plus files that look like bundles but are misnamed.

    Temporary and partial names (ours and those of replication tools: dot-files, ``~`` files,
    ``.tmp``, ``.part``, Syncthing's ``.syncthing.*``) are not looked at."""
    if not root.is_dir():
        raise FolderUnavailable(f"{root} is not reachable")
    candidates: list[Candidate] = []
    odd: list[Path] = []
    try:
        for sub in sorted(root.iterdir()):
            match = _SUBFOLDER.match(sub.name)
            if not match or not sub.is_dir() or match["device"] == own_device:
                continue
            for path in sorted(sub.iterdir()):
                name = path.name
                if name.startswith((".", "~")) or not name.endswith(SUFFIX):
                    continue
                stat = path.stat()
                bundle = NAME.match(name)
                if bundle is None:
                    odd.append(path)
                    continue
                candidates.append(Candidate(path, match["device"], int(bundle[1]), stat.st_size, stat.st_mtime_ns))
    except OSError as error:
        raise FolderUnavailable(f"{type(error).__name__}: {error.strerror or error}") from None
    return candidates, odd


def read(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing to read more than ``limit`` (the size check comes first)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    except OSError as error:
        raise FolderUnavailable(f"{type(error).__name__}: {error.strerror or error}") from None


def is_network_filesystem(path: Path) -> bool:
    """True when ``path`` lives on a network mount (from /proc/mounts; False where that is unknown)."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    target = str(path.resolve())
    best, best_type = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) >= 3 and (target == parts[1] or target.startswith(parts[1].rstrip("/") + "/")):
            if len(parts[1]) > len(best):
                best, best_type = parts[1], parts[2]
    return best_type in NETWORK_FILESYSTEMS or best_type.startswith("fuse.") and best_type != "fuse.portal"
