"""A laptop restored from an older copy takes its own past back from the shared folder before
sending anything (part of the sync engine: ``SyncEngine`` inherits it)."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING
from pathlib import Path

from continuity.store import replication
from continuity.store.derived import refresh_stays
from continuity.store.entry_checks import Unapplicable
from continuity.sync import bundle as bundles
from continuity.sync import folder as shared
from continuity.sync.bundle import BundleError

if TYPE_CHECKING:
    from continuity.sync.engine import SyncReport


class Recovery:
    """The recovery steps of a pass; ``self`` is the SyncEngine."""

    # -- a laptop restored from an older copy ----------------------------------------------------------
    def recover(self, report: SyncReport) -> None:
        """Before sending anything: does the folder hold bundles of this laptop that it no longer
        knows (its data folder was restored from an older copy)? They are signed with its own key:
        their changes are taken back, numbering continues after them, and what was typed since the
        restore follows. Bundles made since the restore and never published are taken back first."""
        target = shared.own_subfolder(self.root, self.device_name, self.device_id)
        try:
            shared.check(self.root, self.ward_id)
            if not target.is_dir():
                return
            diverged = self._first_unpublished_divergence(target)
            last = replication.outbox_last(self.db, self.device_id)
            if diverged is not None:
                if diverged["published_at"] is not None:
                    return  # a real fork (both versions were out): _publish keeps both and tells IT
                last = next((r for r in reversed(replication.outbox(self.db, self.device_id)) if r["bundle_no"] < diverged["bundle_no"]), None)
            found = self._own_bundles_after(target, last)
            beyond = self._own_files_beyond(target, (last["bundle_no"] if last else 0) + len(found), report)
        except (shared.FolderUnavailable, OSError):
            return  # the pass reports the folder's state
        if found:
            try:
                self._take_back(found, last, diverged, report)
            except (BundleError, Unapplicable) as error:
                self._block(target / bundles.file_name(found[0][0].header.bundle), error, report)
                return
        if beyond is not None:  # a later bundle of this laptop that does not chain on (damaged, a gap): never written over
            self._block(beyond, BundleError("own_unrecoverable", "This laptop's bundle {file} in the folder cannot be taken back yet "
                                            "(damaged, or an earlier one is missing).", file=beyond.name), report)

    def _own_files_beyond(self, target: Path, number: int, report: SyncReport) -> Path | None:
        """The first later file that may be one of this laptop's own bundles. A file that is not even
        a bundle of this laptop (junk dropped in its folder) is set aside, and blocks nothing."""
        later = sorted(p for p in target.iterdir() if (m := bundles.NAME.match(p.name)) and int(m[1]) > number)
        for path in later:
            try:
                header = bundles.parse(shared.read(path, bundles.MAX_FILE_BYTES)).header
                if header.device == self.device_id:
                    return path
            except BundleError as error:
                if not error.complete:
                    return path  # still arriving, perhaps a real one: looked at again next pass
            except shared.FolderUnavailable:
                return path
            self._reject_path(path, BundleError("not_own", "A file in this laptop's own folder that is not one of its bundles: "
                                                "kept aside as evidence for IT, it blocks nothing."), report)
        return None

    def _block(self, path: Path, error: BundleError | Unapplicable, report: SyncReport) -> None:
        """This laptop's own later bundles cannot be taken back: nothing new is numbered and sent from
        here (it would collide with them), the file is kept as evidence, the user and IT are told."""
        try:
            data = shared.read(path, bundles.MAX_FILE_BYTES)
        except shared.FolderUnavailable:
            data = b""
        reason = error.reason if isinstance(error, (BundleError, Unapplicable)) else "own_unrecoverable"
        self._quarantine(path, data, bundles.file_hash(data or str(path).encode()),
                         BundleError(reason, error.message, **error.params), report)
        self._export_blocked = True
        self._folder_failed(report, shared.FolderUnavailable(
            "own_past_blocked", "The sync folder holds later bundles of this laptop that it cannot take back ({reason}): nothing new "
            "is sent from here until IT has looked. Work goes on and is kept.", reason=str(error)))

    def _take_back(self, found: list, last: dict | None, diverged: dict | None, report: SyncReport) -> None:
        withdrawn: list[dict] = []
        first_lost = (last["last_seq"] + 1) if last else 1
        entries = [tuple(e) for sealed, _data in found for e in self._open(sealed).entries]
        with self.store.write(self.user) as tx:
            if diverged is not None:
                withdrawn = replication.withdraw_outbox(self.db, self.device_id, diverged["bundle_no"], tx.now.strftime("%Y-%m-%dT%H:%M:%SZ"))
            result = replication.recover_own(tx, self.device_id, entries, first_lost)
            refresh_stays(tx, replication.stays_to_refresh(self.db, result.touched))
            now = tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")
            for sealed, data in found:
                header = sealed.header
                local = self.local / "outbox" / self.device_id / bundles.file_name(header.bundle)
                if local.exists():  # a bundle taken back: kept beside, never overwritten
                    local.rename(local.with_name(local.name + f".withdrawn-{int(time.time())}"))
                shared.write_immutable(local, data)
                replication.record_export(self.db, {
                    "device_id": self.device_id, "bundle_no": header.bundle, "first_seq": header.first_seq, "last_seq": header.last_seq,
                    "entries": header.count, "hash": sealed.file_hash, "file_name": local.name, "size": len(data),
                    "created_at": header.created, "published_at": now})
            summary = {"bundles": [s.header.bundle for s, _d in found], "entries": result.entries, "renumbered": result.renumbered,
                       "withdrawn": [r["bundle_no"] for r in withdrawn], "new_numbers": result.new_numbers}
            replication.record_event(self.db, now, "recovered", summary)
            tx.audit("sync.recover", "device", self.device_id, detail=summary)
        report.recovered = summary

    def _first_unpublished_divergence(self, target: Path) -> dict | None:
        """The first bundle of the local outbox that the folder holds in another version signed by
        this laptop (the outbox row, with whether it was ever published)."""
        for row in replication.outbox(self.db, self.device_id):
            path = target / row["file_name"]
            if not path.exists():
                continue
            stat = path.stat()
            if (str(path), stat.st_size, stat.st_mtime_ns) in self._published or self._seen_lately(row, stat):
                continue  # checked by content before, unchanged since
            there = shared.read(path, bundles.MAX_FILE_BYTES)
            if bundles.file_hash(there) != row["hash"] and self._own_valid(there):
                return row
        return None

    def _own_bundles_after(self, target: Path, last: dict | None) -> list[tuple[bundles.SealedBundle, bytes]]:
        """This laptop's bundles in the folder after ``last``, as long as they chain on from it."""
        number, prev, seq = (last["bundle_no"] + 1, last["hash"], last["last_seq"]) if last else (1, "", 0)
        key = self._verify_keys()[self.device_id]
        found = []
        while (path := target / bundles.file_name(number)).exists():
            data = shared.read(path, bundles.MAX_FILE_BYTES)
            try:
                sealed = bundles.parse(data)
                bundles.verify(sealed, key)
            except BundleError:
                break  # damaged: _publish deals with it
            header = sealed.header
            if (header.device, header.bundle, header.prev, header.first_seq) != (self.device_id, number, prev, seq + 1):
                break
            found.append((sealed, data))
            number, prev, seq = number + 1, sealed.file_hash, header.last_seq
        return found
