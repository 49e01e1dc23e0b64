"""Reading every bundle IT gathered into the workspace: shared folders, USB sticks, laptops' data
folders (their outboxes). Each file goes through the laptops' own checks and is applied once; a
bundle found in several places is applied once, two different versions of one number are a fork
(both kept), a bad file is set aside with its reason, and adding a folder again imports only what
is new."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from stat import S_ISREG

import json

from continuity.store import enrolment as enrolment_store
from continuity.store import settings
from continuity.sync import bundle as bundles
from continuity.sync import folder as shared
from continuity.sync import revocations
from continuity.sync.engine import SyncEngine, SyncReport

_DEVICE = re.compile(r"^[0-9a-f]{32}$")
SOURCES = "reconcile_sources"  # every folder ever added: read again at each add (a later bundle may wait there for one on a stick)
SEEN = "reconcile_seen"  # per laptop, the highest bundle number ever seen in a folder (applied or not)


def seen_numbers(db) -> dict[str, int]:
    return json.loads(settings.get(db, SEEN) or "{}")


def scan(folder: Path) -> list[shared.Candidate]:
    """The bundle files under ``folder``, whatever it is: a shared folder or a stick (``NAME--ID/``
    sub-folders), a laptop's data folder (``outbox/ID/``), or an outbox itself (``ID/``). A folder
    that cannot be listed (gone, unreadable) is refused; a name that is no file (a dangling link, a
    link loop, a pipe, a device) is passed over: whoever controls a share or a stick cannot make
    the scan fail or hang."""
    try:
        places: list[tuple[Path, str]] = []
        for sub in sorted(folder.iterdir()):
            if not sub.is_dir():
                continue
            if (match := shared._SUBFOLDER.match(sub.name)) is not None:
                places.append((sub, match["device"]))
            elif sub.name == "outbox":
                places += [(d, d.name) for d in sorted(sub.iterdir()) if d.is_dir() and _DEVICE.match(d.name)]
            elif _DEVICE.match(sub.name):
                places.append((sub, sub.name))
        found = []
        for place, device in places:
            for path in sorted(place.iterdir()):
                number = bundles.NAME.match(path.name)
                if number is None:
                    continue
                try:
                    stat = path.stat()
                except OSError:
                    continue
                if S_ISREG(stat.st_mode):
                    found.append(shared.Candidate(path, device, int(number[1]), stat.st_size, stat.st_mtime_ns))
    except OSError:
        raise _unreadable(folder) from None
    return found


def _unreadable(folder: Path) -> shared.FolderUnavailable:
    return shared.FolderUnavailable("unreachable", "The folder {folder} cannot be read (missing, or not a folder).", folder=str(folder))


class WorkspaceImporter(SyncEngine):
    """The sync engine's import, for IT: bundles opened with IT's key, nothing ever exported."""

    def __init__(self, store, it_private_key: str, *, user: str) -> None:
        super().__init__(store, store.folder, user=user, settle_seconds=0)
        self.it_private_key = bytes.fromhex(it_private_key)

    def _open(self, sealed: bundles.SealedBundle) -> bundles.Opened:
        return bundles.open_bundle(sealed, it_private_key=self.it_private_key)

    def export(self, report: SyncReport) -> None:  # IT's workspace writes no bundle
        return None

    def add(self, folders: list[Path], progress: Callable[[str, int, int], None] = lambda folder, done, total: None) -> SyncReport:
        """The bundles new to the workspace under ``folders`` and under every folder added before
        that can still be read: a bundle that waited there for a missing one (found now on a stick)
        is applied in its turn. Folders added before and gone now are named in ``report.unreachable``."""
        report = SyncReport()
        report.unreachable = []
        keys = self._verify_keys()
        ready: dict[str, list] = defaultdict(list)
        for folder in folders:
            if not folder.is_dir():
                raise _unreadable(folder)
        earlier = [Path(f) for f in json.loads(settings.get(self.db, SOURCES) or "[]")]
        given = {str(f.resolve()) for f in folders}
        report.unreachable = [str(f) for f in earlier if str(f) not in given and not f.is_dir()]
        every = [f.resolve() for f in folders] + [f for f in earlier if str(f) not in given and f.is_dir()]
        seen = seen_numbers(self.db)
        for folder in every:
            self.root = folder
            try:
                candidates = scan(folder)
            except shared.FolderUnavailable:
                if str(folder) in given:
                    raise
                report.unreachable.append(str(folder))  # a folder added before that cannot be read now: said, the rest goes on
                continue
            revocations.take_all(self, report)
            revoked = enrolment_store.revoked_devices(self.db)
            for index, candidate in enumerate(candidates, start=1):
                checked = self._check(candidate, keys, revoked, report)
                if checked is not None:
                    # Only a bundle its laptop signed counts as seen: junk under a high number is no gap.
                    seen[candidate.folder_device] = max(seen.get(candidate.folder_device, 0), candidate.bundle_no)
                    ready[checked.header.device].append((checked, candidate))
                progress(str(folder), index, len(candidates))
        for device, items in ready.items():
            unique, others = {}, []
            for sealed, candidate in items:  # the same bundle found in several places: once
                if (sealed.header.bundle, sealed.file_hash) in unique:
                    continue
                if any(number == sealed.header.bundle for number, _hash in unique):
                    others.append(candidate)  # another version of a number: judged once the first is applied
                    continue
                unique[(sealed.header.bundle, sealed.file_hash)] = (sealed, candidate)
            self._apply_in_order(device, sorted(unique.values(), key=lambda item: item[0].header.bundle), report)
            revoked = enrolment_store.revoked_devices(self.db)
            for candidate in others:
                self._check(candidate, keys, revoked, report)  # a fork now (both versions kept), or the one applied
        with self.store.write(self.user):
            settings.put(self.db, SOURCES, json.dumps(sorted({str(f) for f in earlier} | given)))
            settings.put(self.db, SEEN, json.dumps(seen, sort_keys=True))
        return report
