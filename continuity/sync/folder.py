"""The shared folder: a share, a replicated folder or a USB stick. Only immutable files go there.

Each laptop writes only into its own sub-folder (``<name>--<device id>``) and reads everybody's.
Files are written under a temporary name, flushed to disk, renamed, then read back and compared
(USB sticks and shares lie). Readers never edit, move or delete a file there.
"""

from __future__ import annotations

import errno
import json
import os
import re
from stat import S_ISREG
from dataclasses import dataclass
from pathlib import Path

from continuity.core.errors import DomainError
from continuity.sync.bundle import NAME, SUFFIX, file_hash

_SUBFOLDER = re.compile(r"^(?P<name>[A-Za-z0-9_\-]{1,40})--(?P<device>[0-9a-f]{32})$")
# Where network file systems are mounted: no native change events there, poll instead.
NETWORK_FILESYSTEMS = {"cifs", "smb3", "smbfs", "nfs", "nfs4", "9p", "vboxsf", "davfs", "fuse.sshfs", "afs", "ncpfs"}


MARKER = ".continuity-folder"  # written when the folder is chosen: tells a mounted stick from its empty mount point


class FolderUnavailable(DomainError):
    """The folder is missing, unmounted, read-only or full: local work goes on, sync retries.
    ``reason`` is a stable code (unreachable, unmounted, read_only, full, wrong_ward, failed); the
    message says it to a person, in her language."""

    def __init__(self, reason: str, message: str, /, **params: object) -> None:
        super().__init__(message, field="folder", **params)
        self.reason = reason


class NotARegularFile(FolderUnavailable):
    """A pipe, a device or a socket where a file should be."""


def from_os_error(error: OSError, folder: Path) -> FolderUnavailable:
    code = error.errno
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return FolderUnavailable("read_only", "The sync folder {folder} is read-only: this laptop's changes cannot be sent there.", folder=str(folder))
    if code in (errno.ENOSPC, errno.EDQUOT):
        return FolderUnavailable("full", "The sync folder {folder} is full: this laptop's changes cannot be sent there.", folder=str(folder))
    if code in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ESTALE, errno.EHOSTDOWN, errno.ENOTCONN):
        return unreachable(folder)
    return FolderUnavailable("failed", "The sync folder {folder} refused a write or a read ({error}).", folder=str(folder),
                             error=error.strerror or type(error).__name__)


def unreachable(folder: Path) -> FolderUnavailable:
    return FolderUnavailable("unreachable", "The sync folder {folder} cannot be reached (share down, cable, or USB stick removed).",
                             folder=str(folder))


def mark(root: Path, ward_id: str) -> None:
    """Write the folder's marker when it is chosen (a shared folder, or a USB stick as mounted)."""
    if not root.is_dir():
        raise unreachable(root)
    marker = root / MARKER
    if marker.exists():
        check(root, ward_id)
        return
    try:
        write_immutable(marker, json.dumps({"ward": ward_id}).encode())
    except FolderUnavailable:
        raise
    except OSError as error:
        raise from_os_error(error, root) from None


def check(root: Path, ward_id: str) -> None:
    """The folder is there, mounted, and this ward's. A folder chosen before markers existed and
    holding laptops' sub-folders is marked now; an empty unmarked folder is a stick's mount point
    left behind when the stick was pulled: nothing is written there."""
    if not root.is_dir():
        raise unreachable(root)
    marker = root / MARKER
    try:
        if not marker.exists():
            if any(_SUBFOLDER.match(p.name) for p in root.iterdir()):
                mark(root, ward_id)
                return
            raise FolderUnavailable("unmounted", "The sync folder {folder} is empty and unmarked: the USB stick is probably not plugged in "
                                    "(nothing is written there until it is, or until the folder is chosen again).", folder=str(root))
        held = json.loads(read(marker, 4096)[:4096] or b"{}")
    except OSError as error:
        raise from_os_error(error, root) from None
    except (ValueError, RecursionError, NotARegularFile):
        held = None
    if not isinstance(held, dict):
        raise FolderUnavailable("bad_marker", "The sync folder {folder} has a damaged marker ({marker}): choose the folder again.",
                                folder=str(root), marker=MARKER)
    if held.get("ward") not in (None, ward_id):
        raise FolderUnavailable("wrong_ward", "The sync folder {folder} belongs to another ward: choose this ward's folder.", folder=str(root))


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
    """Temporary name, fsync, rename, fsync the folder, then read back and compare. A write that
    fails leaves no temporary file behind (it is ours, and never was a bundle)."""
    temporary = path.with_name(f".{path.name}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        _fsync_folder(path.parent)
        if file_hash(path.read_bytes()) != file_hash(data):
            raise FolderUnavailable("failed", "The sync folder {folder} gave back something else than was written ({file}): the medium may be failing.",
                                    folder=str(path.parent), file=path.name)
    except OSError as error:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
        raise from_os_error(error, path.parent) from None


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
        raise unreachable(root)
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
                if bundle is None or not S_ISREG(stat.st_mode):  # a pipe or a device is never opened as a bundle
                    odd.append(path)
                    continue
                candidates.append(Candidate(path, match["device"], int(bundle[1]), stat.st_size, stat.st_mtime_ns))
    except OSError as error:
        raise from_os_error(error, root) from None
    return candidates, odd


def read(path: Path, limit: int) -> bytes:
    """The file's bytes, refusing to read more than ``limit`` (the size check comes first). Only a
    regular file is read: a named pipe would block the pass, a device (/dev/zero) never end."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            if not S_ISREG(os.fstat(descriptor).st_mode):
                raise NotARegularFile("failed", "{file} in the sync folder is not a regular file (a pipe or a device): it is not read.",
                                      file=path.name)
            with os.fdopen(descriptor, "rb", closefd=False) as handle:
                return handle.read(limit + 1)
        finally:
            os.close(descriptor)
    except OSError as error:
        raise from_os_error(error, path.parent) from None


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
