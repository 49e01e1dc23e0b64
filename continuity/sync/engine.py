"""One sync pass: publish this laptop's new changes, then apply what the others wrote.

Local work never waits on the folder: a missing, read-only, full or emptied folder is reported and
retried; nothing local is ever removed. Every bundle is verified (ward, known laptop, signature,
chain, sequence) before it is decrypted, and applied in one transaction that also records it, so
applying twice changes nothing and a crash half-way leaves nothing applied.
"""

from __future__ import annotations

import gc
import json
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from continuity.store import enrolment as enrolment_store
from continuity.store import replication, settings
from continuity.store import users as user_store
from continuity.security import presence
from continuity.security.presence import IT_USER
from continuity.store.derived import refresh_stays
from continuity.core import hlc
from continuity.core.errors import DomainError
from continuity.core.times import from_storage
from continuity.store.entry_checks import MAX_STAMP, Unapplicable
from continuity.store.tx import Store
from continuity.sync import bundle as bundles
from continuity.sync import revocations
from continuity.sync import folder as shared
from continuity.sync.bundle import BundleError

BUNDLE_MAX_ENTRIES = 20_000
# A copy of bundle NNNNNNNN under another name: "00000004.sync-conflict-20261130-012233-ABCDEFG.cbundle"
# (Syncthing), "00000001 - Copie.cbundle" (Windows), "00000001 (1).cbundle", "00000001 (conflicted copy).cbundle".
RECHECK_SECONDS = 3600  # an own file found right is judged by content again once its last check is this old
COPY_OF = re.compile(r"^(\d{8})\b.*\.cbundle$")
LAST_PASS_KEY = "sync.last_pass"
DEFAULT_SETTLE_SECONDS = 10.0


@dataclass
class SyncReport:
    exported_bundles: int = 0
    exported_entries: int = 0
    published: int = 0
    imported_bundles: int = 0
    imported_entries: int = 0
    conflicts: int = 0
    quarantined: list[dict] = field(default_factory=list)
    waiting: list[dict] = field(default_factory=list)
    retrying: int = 0
    revocations: int = 0
    folder_error: str | None = None  # what is wrong with the folder, in the user's words
    folder_problem: str | None = None  # its code: unreachable, unmounted, read_only, full, wrong_ward, failed, local_disk
    recovered: dict | None = None  # this laptop took back its own lost changes from the folder

    def as_dict(self) -> dict:
        return dict(self.__dict__)


QUARANTINE_MAX_BYTES = 256 * 1024 * 1024  # copies of files set aside, at most, on this laptop's disk


def _folder_size(folder: Path) -> int:
    return sum(entry.stat().st_size for entry in folder.iterdir() if entry.is_file())


class SyncEngine:
    def __init__(
        self,
        store: Store,
        root: Path,
        *,
        user: str | None,
        settle_seconds: float = DEFAULT_SETTLE_SECONDS,
        max_entries: int = BUNDLE_MAX_ENTRIES,
    ) -> None:
        self.store = store
        self.db = store.db
        self.root = Path(root)
        self.user = user
        self.settle_seconds = settle_seconds
        self.max_entries = max_entries
        device = store.device()
        assert device is not None, "sync needs an enrolled laptop"
        self.device_id: str = device["device_id"]
        self.device_name: str = device["device_name"]
        self.ward_id: str = device["ward_id"]
        self.local = store.path.parent
        self._settled: set[tuple[str, int, int]] = set()  # files already applied, duplicated or set aside
        # Own files in the folder found to be another version (a fork), unchanged since: not read again.
        # Those found right are remembered in the outbox table (seen_*), across engines and passes.
        self._published: set[tuple[str, int, int]] = set()
        self._export_blocked = False

    # -- keys -------------------------------------------------------------------------------------------
    def _secret(self, name: str) -> bytes:
        value = enrolment_store.get_secret(self.db, name)
        assert value is not None, f"missing {name}: enrol this laptop again"
        return bytes.fromhex(value)

    def _verify_keys(self) -> dict[str, bytes]:
        return {d["device_id"]: bytes.fromhex(d["verify_key"]) for d in enrolment_store.known_devices(self.db)}

    # -- the pass ----------------------------------------------------------------------------------------
    def run_once(self) -> SyncReport:
        """Send, then receive. Whatever the folder or a file does, the pass ends and says what went
        wrong (a refusal in words), so that a watching process never stops."""
        report = SyncReport()
        for step in (self.take_revocations, self.export, self.import_):
            try:
                step(report)
            except (DomainError, OSError, RecursionError, MemoryError) as error:  # a hostile file never stops the pass
                self._folder_failed(report, error if isinstance(error, shared.FolderUnavailable) else shared.FolderUnavailable(
                    "failed", "The sync pass stopped on a problem ({error}): work goes on here; it is tried again at the next pass.",
                    error=str(error)[:200]))
        self._note(report)
        return report

    def _note(self, report: SyncReport) -> None:
        """The last pass is kept for the status; only passes that did something are logged."""
        now = self.store.now().strftime("%Y-%m-%dT%H:%M:%SZ")
        summary = {k: v for k, v in report.as_dict().items() if k != "quarantined"}
        settings.put(self.db, LAST_PASS_KEY, json.dumps({"at": now, **summary}))
        if report.exported_bundles or report.imported_bundles or report.quarantined or report.folder_error:
            replication.record_event(self.db, now, "pass", summary)

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

    # -- export ------------------------------------------------------------------------------------------
    def export(self, report: SyncReport) -> None:
        self._export_blocked = False
        if self.device_id in enrolment_store.revoked_devices(self.db):
            # IT revoked this very laptop: nothing more is sent (the others would refuse it anyway).
            self._folder_failed(report, shared.FolderUnavailable(
                "revoked", "IT revoked this laptop: its changes are no longer sent. Ask IT for a new enrolment package."))
            return
        self.recover(report)
        if self._export_blocked:
            self._publish(report)  # what is already numbered still goes out; nothing new is numbered
            return
        outbox_dir = self.local / "outbox" / self.device_id
        last = replication.outbox_last(self.db, self.device_id)
        after, number, prev = (last["last_seq"], last["bundle_no"] + 1, last["hash"]) if last else (0, 1, "")
        while True:
            path = outbox_dir / bundles.file_name(number)
            data = self._adoptable(path, number, after, prev)
            if data is None:
                entries = replication.local_entries(self.db, self.device_id, after, self.max_entries)
                certificates = user_store.certificates(self.db, self.device_id, {e[7] for e in entries if e[7] is not None})
                entries = self._certified_part(entries, certificates, report)
                if not entries:
                    break
                data = bundles.seal_bundle(
                    ward=self.ward_id,
                    device=self.device_id,
                    bundle_no=number,
                    prev=prev,
                    entries=[list(e) for e in entries],
                    created=self.store.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
                    signing_key=self._secret("signing_key"),
                    ward_secret=self._secret("ward_secret"),
                    it_public_key=self._secret("it_public_key"),
                    audit_head=self._audit_head(),
                    certificates=certificates,
                )
                # The local copy is durable before the bundle is recorded: a crash in between leaves
                # a file the next pass adopts, never a second, different bundle with the same number.
                try:
                    shared.write_immutable(path, data)
                except shared.FolderUnavailable as error:
                    self._folder_failed(report, shared.FolderUnavailable(
                        "local_disk", "This laptop's own disk refused to keep the bundle ({error}): is it full? Nothing typed is lost.",
                        error=error.params.get("error") or error.reason))
                    return
            header = bundles.parse(data).header
            with self.store.write(self.user) as tx:
                replication.record_export(
                    self.db,
                    {"device_id": self.device_id, "bundle_no": number, "first_seq": header.first_seq, "last_seq": header.last_seq,
                     "entries": header.count, "hash": bundles.file_hash(data), "file_name": path.name,
                     "size": len(data), "created_at": header.created},
                )
                tx.audit("sync.export", "bundle", f"{self.device_id}/{number}", detail={"entries": header.count})
            report.exported_bundles += 1
            report.exported_entries += header.count
            after, number, prev = header.last_seq, number + 1, bundles.file_hash(data)
        self._publish(report)

    def _certified_part(self, entries: list, certificates: dict[str, str], report: SyncReport) -> list:
        """The entries up to the first change by a user with no certificate on this laptop (changes
        typed before an encryption in place, by someone who has not signed in since): they wait
        in the journal until she signs in, rather than go out in a bundle the others would refuse."""
        for index, entry in enumerate(entries):
            if entry[7] is not None and entry[7] not in certificates:
                if index == 0:
                    self._folder_failed(report, shared.FolderUnavailable(
                        "waiting_for_user", "Changes made by {user} wait to be sent until she signs in on this laptop again.",
                        user=str(entry[7])[:40]))
                return entries[:index]
        return entries

    def _audit_head(self) -> tuple[int, str]:
        device = self.store.device()
        return device["audit_seq"], device["audit_head"]

    def _adoptable(self, path: Path, number: int, after: int, prev: str) -> bytes | None:
        """A bundle file an interrupted pass wrote but did not record."""
        if not path.exists():
            return None
        data = path.read_bytes()
        try:
            sealed = bundles.parse(data)
            bundles.verify(sealed, self._verify_keys()[self.device_id])
            h = sealed.header
            if h.device == self.device_id and h.bundle == number and h.first_seq == after + 1 and h.prev == prev:
                return data
        except (BundleError, KeyError):
            pass
        # Never recorded, so never published: an unusable leftover of our own, replaced.
        path.rename(path.with_name(path.name + f".unusable-{int(time.time())}"))
        return None

    def _publish(self, report: SyncReport) -> None:
        """Copy every recorded bundle that the shared folder lacks (new, or lost with an emptied folder).

        A file already there is judged by its content, never its size: the same bytes are published;
        a damaged copy (it no longer verifies) is kept aside as evidence and published again; a
        different bundle that verifies under this laptop's own key (this laptop restored from an
        older copy wrote it, or wrote ours after it) is never replaced: it is a fork, kept, told."""
        target = shared.own_subfolder(self.root, self.device_name, self.device_id)
        seen: list[tuple[int, int, int]] = []
        try:
            shared.check(self.root, self.ward_id)
            for row in replication.outbox(self.db, self.device_id):
                destination = target / row["file_name"]
                if destination.exists():
                    stat = destination.stat()
                    marker = (str(destination), stat.st_size, stat.st_mtime_ns)
                    if marker in self._published or self._seen_lately(row, stat):
                        continue
                    there = shared.read(destination, bundles.MAX_FILE_BYTES)
                    if bundles.file_hash(there) == row["hash"]:
                        seen.append((row["bundle_no"], stat.st_size, stat.st_mtime_ns))
                        continue
                    if row["published_at"] is None and self._not_ours(there):
                        # Junk dropped under a number this laptop had not reached: kept aside, in its
                        # own folder under another name (nothing is deleted), and the real one published.
                        self._quarantine(destination, there, bundles.file_hash(there), BundleError(
                            "not_own", "A file in this laptop's own folder that is not one of its bundles: kept aside as evidence "
                            "for IT, it blocks nothing."), report)
                        destination.rename(destination.with_name(f"{destination.name}.not-ours-{bundles.file_hash(there)[:16]}"))
                    elif self._own_valid(there) or row["published_at"] is None:
                        # Another version signed by this laptop, or a damaged file under a number this
                        # laptop never published itself: never written over.
                        self._own_fork(destination, there, row, report)
                        self._published.add(marker)
                        continue
                    else:
                        self._quarantine(destination, there, bundles.file_hash(there),
                                         BundleError("damaged_copy", "A damaged copy of this laptop's bundle {number} was in the folder: "
                                                     "kept aside as evidence, the good one published again.", number=row["bundle_no"]), report)
                data = (self.local / "outbox" / self.device_id / row["file_name"]).read_bytes()
                if bundles.file_hash(data) != row["hash"]:
                    self._folder_failed(report, shared.FolderUnavailable(
                        "local_disk", "This laptop's own copy of bundle {number} is damaged: it is not sent; tell IT.", number=row["bundle_no"]))
                    continue
                shared.write_immutable(destination, data)
                stat = destination.stat()
                seen.append((row["bundle_no"], stat.st_size, stat.st_mtime_ns))
                report.published += 1
        except shared.FolderUnavailable as error:
            self._folder_failed(report, error)
        except OSError as error:
            self._folder_failed(report, shared.from_os_error(error, self.root))
        finally:
            if seen:  # one write for the whole pass
                with self.store.write(self.user) as tx:
                    replication.mark_seen(self.db, self.device_id, seen, tx.now.strftime("%Y-%m-%dT%H:%M:%SZ"))

    def _folder_failed(self, report: SyncReport, error: shared.FolderUnavailable) -> None:
        """The first folder problem of the pass is the one told (the others follow from it)."""
        if report.folder_error is None:
            report.folder_error, report.folder_problem = str(error), error.reason

    def _seen_lately(self, row: dict, stat) -> bool:
        """Found with the right content, unchanged since (size and time), within the hour: not read
        again. After an hour it is (bit rot keeps a file's size and time)."""
        if (row.get("seen_size"), row.get("seen_mtime_ns")) != (stat.st_size, stat.st_mtime_ns) or not row.get("seen_at"):
            return False
        age = self.store.now() - from_storage(row["seen_at"])
        return age.total_seconds() < RECHECK_SECONDS

    def _not_ours(self, data: bytes) -> bool:
        """Not even a bundle of this laptop (whatever its signature): junk, not a damaged copy."""
        try:
            return bundles.parse(data).header.device != self.device_id
        except BundleError as error:
            return error.complete

    def _own_valid(self, data: bytes) -> bool:
        try:
            sealed = bundles.parse(data)
            bundles.verify(sealed, self._verify_keys()[self.device_id])
        except (BundleError, KeyError):
            return False
        return sealed.header.device == self.device_id

    def _own_fork(self, destination: Path, there: bytes, row: dict, report: SyncReport) -> None:
        """Another bundle of ours under one of our numbers: both versions kept (the folder's as it is,
        a local copy of it beside the quarantine), nothing overwritten; IT decides."""
        self._quarantine(destination, there, bundles.file_hash(there),
                         BundleError("own_fork", "The folder holds another version of this laptop's bundle {number} (this laptop's "
                                     "data was probably restored from an older copy): neither is replaced; tell IT.",
                                     number=row["bundle_no"]), report)

    # -- import ------------------------------------------------------------------------------------------
    def take_revocations(self, report: SyncReport) -> None:
        """IT's revocations first: they decide which secret new bundles are sealed with, and which
        laptops' bundles are refused."""
        try:
            shared.check(self.root, self.ward_id)
        except shared.FolderUnavailable:
            return  # said by the export and import steps
        revocations.take_all(self, report)

    def import_(self, report: SyncReport) -> None:
        try:
            shared.check(self.root, self.ward_id)
            candidates, misnamed = shared.scan(self.root, self.device_id)
        except shared.FolderUnavailable as error:
            self._folder_failed(report, error)
            return
        keys = self._verify_keys()
        revoked = enrolment_store.revoked_devices(self.db)
        ready: dict[str, list[tuple[bundles.SealedBundle, shared.Candidate]]] = defaultdict(list)
        for path in misnamed:
            reason = self._copy_reason(path, keys)
            if reason is not None:
                self._reject_path(path, reason, report)
        for candidate in candidates:
            marker = (str(candidate.path), candidate.size, candidate.mtime_ns)
            if marker in self._settled:
                continue
            checked = self._check(candidate, keys, revoked, report)
            if checked is not None:
                ready[checked.header.device].append((checked, candidate))
        for device, items in ready.items():
            self._apply_in_order(device, sorted(items, key=lambda item: item[0].header.bundle), report)

    def _check(self, candidate: shared.Candidate, keys: dict[str, bytes], revoked: dict[str, int],
               report: SyncReport) -> bundles.SealedBundle | None:
        marker = (str(candidate.path), candidate.size, candidate.mtime_ns)
        if candidate.size > bundles.MAX_FILE_BYTES:
            self._quarantine(candidate.path, b"", bundles.file_hash(repr(marker).encode()), BundleError("too_large", "The file is larger than any bundle may be ({size} bytes).", size=candidate.size), report)
            self._settled.add(marker)
            return None
        known = replication.applied(self.db, candidate.folder_device, candidate.bundle_no)
        if known is not None and (known["size"], known["mtime_ns"]) == (candidate.size, candidate.mtime_ns):
            self._settled.add(marker)  # the very file applied before, untouched since: not read again
            return None
        try:
            data = shared.read(candidate.path, bundles.MAX_FILE_BYTES)
        except shared.FolderUnavailable as error:
            self._folder_failed(report, error)
            return None
        digest = bundles.file_hash(data)
        applied = known["hash"] if known else None
        if applied == digest or replication.is_quarantined(self.db, str(candidate.path), digest):
            self._settled.add(marker)  # a copy seen before: replayed or duplicated, nothing to do
            return None
        try:
            sealed = bundles.parse(data)
            header = sealed.header
            if header.ward != self.ward_id:
                raise BundleError("wrong_ward", "This bundle belongs to another ward ({ward}).", ward=header.ward)
            if header.device != candidate.folder_device or header.bundle != candidate.bundle_no:
                raise BundleError("misplaced", "This bundle is not in its writer's folder or under its own number.")
            if header.device not in keys:
                raise BundleError("unknown_device", "This bundle comes from a laptop that is not in the ward kit.")
            bundles.verify(sealed, keys[header.device])
            if header.bundle > revoked.get(header.device, header.bundle):
                raise BundleError("revoked", "IT revoked this laptop (lost or stolen): its bundles after number {number} are refused.",
                                  number=revoked[header.device])
            if applied is not None:
                raise BundleError("fork", "Another bundle with the same number was already applied: the writer forked.")
        except BundleError as error:
            self._reject(candidate, data, digest, error, report)
            return None
        replication.forget_retry(self.db, str(candidate.path))
        return sealed

    def _apply_in_order(self, device: str, items: list, report: SyncReport) -> None:
        peer = replication.peer(self.db, device)
        for sealed, candidate in items:
            header = sealed.header
            if header.bundle <= peer["last_bundle"]:
                continue
            if header.bundle > peer["last_bundle"] + 1:
                report.waiting.append({"device": device, "missing_from": peer["last_bundle"] + 1, "missing_to": header.bundle - 1})
                peer.update(waiting_from=peer["last_bundle"] + 1, waiting_to=header.bundle - 1)
                replication.save_peer(self.db, peer)
                return  # the rest of this laptop's bundles wait for the missing ones
            try:
                if header.prev != peer["last_hash"]:
                    raise BundleError("broken_chain", "This bundle does not follow the previous one from the same laptop.")
                if header.first_seq != peer["last_seq"] + 1:
                    raise BundleError("bad_sequence", "This bundle's changes do not follow the previous bundle's.")
                entries = self._open(sealed)
                self._check_users(device, header, entries)
            except BundleError as error:
                self._quarantine(candidate.path, sealed.signed + sealed.signature, sealed.file_hash, error, report)
                return
            try:
                if not 0 <= header.hlc_max <= MAX_STAMP:
                    raise Unapplicable("impossible_stamp", "This bundle carries an impossible clock time ({when}): the laptop's clock or the file is wrong.",
                                       when=str(header.hlc_max)[:40])
                peer = self._apply(device, sealed, entries, peer, report, candidate)
            except Unapplicable as error:
                # This bundle alone is set aside with its reason; the writer's later ones wait for
                # it (they build on it), every other laptop's keep flowing.
                self._quarantine(candidate.path, sealed.signed + sealed.signature, sealed.file_hash,
                                 BundleError(error.reason, error.message, **error.params), report)
                return
            self._settled.add((str(candidate.path), candidate.size, candidate.mtime_ns))
        if peer.get("waiting_from") is not None:
            peer.update(waiting_from=None, waiting_to=None)
            replication.save_peer(self.db, peer)

    def _check_users(self, device: str, header: bundles.Header, entries: bundles.Opened) -> None:
        """Every change names a user who signed in on the laptop that wrote it (format 3: her
        certificate, checked against any key a kit gave her; IT acting with its key: IT's). A bundle of
        an earlier format is only believed from a laptop of an earlier kit, stamped before this
        laptop's current enrolment (the history it wrote then)."""
        named = set(entries.columns[7])
        if header.format < 3:
            device_row = self.store.device()
            enrolled_ms = from_storage(device_row["enrolled_at"]).timestamp() * 1000
            if enrolment_store.device_kit(self.db, device) == device_row["kit_id"] or hlc.unpack(header.hlc_max)[0] > enrolled_ms:
                raise BundleError("bad_header", "The bundle's header is malformed.")
            return
        if None in named:
            raise BundleError("unauthenticated_user", "This bundle credits changes to {user}, who never signed in on the laptop "
                              "that wrote it: it is set aside.", user="-")
        roots = user_store.root_keys(self.db)
        it_key = enrolment_store.get_secret(self.db, "it_verify_key")
        for user in sorted(named):
            keys = [it_key] if user == IT_USER else roots.get(user, [])
            if not any(presence.is_valid(header.users.get(user), key, self.ward_id, device, user) for key in keys):
                raise BundleError("unauthenticated_user", "This bundle credits changes to {user}, who never signed in on the laptop "
                                  "that wrote it: it is set aside.", user=str(user)[:40])

    def _open(self, sealed: bundles.SealedBundle) -> bundles.Opened:
        """Decrypt with the current ward secret, or with an earlier kit's (bundles made before a rebuild)."""
        secrets = enrolment_store.ward_secrets(self.db)
        for index, secret in enumerate(secrets):
            try:
                return bundles.open_bundle(sealed, ward_secret=bytes.fromhex(secret))
            except BundleError as error:
                if error.reason != "undecryptable" or index == len(secrets) - 1:
                    raise
        raise BundleError("undecryptable", "The bundle cannot be decrypted with this ward's keys.")

    def _apply(self, device: str, sealed: bundles.SealedBundle, entries: list, peer: dict, report: SyncReport,
               candidate: shared.Candidate) -> dict:
        # Tens of thousands of small tuples: the cyclic garbage collector would run dozens of full
        # passes for nothing (measured at 13 % of a 500 000-change import).
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._apply_bundle(device, sealed, entries, peer, report, candidate)
        finally:
            if collecting:
                gc.enable()

    def _apply_bundle(self, device: str, sealed: bundles.SealedBundle, entries: list, peer: dict, report: SyncReport,
                      candidate: shared.Candidate) -> dict:
        header = sealed.header
        with self.store.write(self.user) as tx:
            result = replication.apply_columns(tx, device, entries.columns)  # open_bundle checked their types
            refresh_stays(tx, replication.stays_to_refresh(self.db, result.touched, result.written))
            now = tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")
            replication.record_applied(
                self.db,
                {"device_id": device, "bundle_no": header.bundle, "hash": sealed.file_hash, "first_seq": header.first_seq,
                 "last_seq": header.last_seq, "entries": header.count, "applied_at": now,
                 "size": candidate.size, "mtime_ns": candidate.mtime_ns},
            )
            peer = {**peer, "last_bundle": header.bundle, "last_seq": header.last_seq, "last_hash": sealed.file_hash,
                    "last_applied_at": now, "last_seen_at": now, "hlc_max": max(peer.get("hlc_max") or 0, header.hlc_max),
                    "waiting_from": None, "waiting_to": None, **self._anchor(tx, device, header, peer, now)}
            replication.save_peer(self.db, peer)
            replication.resolve_quarantine(self.db, device, header.bundle, now)
            tx.audit("sync.import", "bundle", f"{device}/{header.bundle}",
                     detail={"entries": header.count, "conflicts": result.conflicts})
        report.imported_bundles += 1
        report.imported_entries += header.count
        report.conflicts += result.conflicts
        return peer

    def _anchor(self, tx, device: str, header: bundles.Header, peer: dict, now: str) -> dict:
        """The writer's published audit head. One shorter than it published before means its trail
        was cut (or its data folder restored from an older copy): said in the audit and the sync
        status, the changes themselves still apply (they are signed and in order)."""
        if header.anchor is None:
            return {}
        seq, published = header.anchor["audit_seq"], peer.get("anchor_audit_seq")
        if published is not None and seq < published:
            detail = {"device": device, "bundle": header.bundle, "published_audit_seq": published, "now_audit_seq": seq}
            replication.record_event(self.db, now, "trail_cut", detail)
            tx.audit("sync.trail_cut", "device", device, outcome="failed", detail=detail)
        return {"anchor_audit_seq": seq, "anchor_audit_hash": header.anchor["audit_hash"]}

    # -- files that cannot be accepted ---------------------------------------------------------------
    def _reject(self, candidate: shared.Candidate, data: bytes, digest: str, error: BundleError, report: SyncReport) -> None:
        """Set a file aside, unless it may still be arriving: then retry until its size settles."""
        if not error.complete:
            now = time.time()
            previous = replication.retry(self.db, str(candidate.path))
            same_file = previous is not None and (previous["size"], previous["mtime_ns"]) == (candidate.size, candidate.mtime_ns)
            if not same_file or now - previous["first_failed_at"] < self.settle_seconds:
                replication.save_retry(self.db, {
                    "source_path": str(candidate.path), "size": candidate.size, "mtime_ns": candidate.mtime_ns,
                    "failures": (previous["failures"] + 1) if same_file else 1,
                    "first_failed_at": previous["first_failed_at"] if same_file else now, "reason": error.reason,
                })
                report.retrying += 1
                return
        replication.forget_retry(self.db, str(candidate.path))
        self._quarantine(candidate.path, data, digest, error, report)
        self._settled.add((str(candidate.path), candidate.size, candidate.mtime_ns))

    def _copy_reason(self, path: Path, keys: dict[str, bytes]) -> BundleError | None:
        """A misnamed file is most often a copy: a replication tool's conflict copy
        (``00000004.sync-conflict-….cbundle``) or one made by hand (``00000001 - Copie.cbundle``). Said
        for what it is, by comparing it with the bundle of that number; kept as evidence either way."""
        number = COPY_OF.match(path.name)
        device = path.parent.name.rsplit("--", 1)[-1]
        if number is None or device not in keys:
            return BundleError("misnamed", "The file name is not a bundle's (NNNNNNNN.cbundle): kept aside as evidence for IT.")
        bundle_no = int(number[1])
        try:
            data = shared.read(path, bundles.MAX_FILE_BYTES)
            sealed = bundles.parse(data)
            bundles.verify(sealed, keys[device])
        except shared.NotARegularFile as odd:
            return BundleError("not_a_file", odd.message, **odd.params)
        except (shared.FolderUnavailable, BundleError):
            return BundleError("misnamed", "The file name is not a bundle's (NNNNNNNN.cbundle): kept aside as evidence for IT.")
        if (sealed.header.device, sealed.header.bundle) != (device, bundle_no):
            return BundleError("misnamed", "The file name is not a bundle's (NNNNNNNN.cbundle): kept aside as evidence for IT.")
        real = path.with_name(bundles.file_name(bundle_no))
        known = replication.applied(self.db, device, bundle_no)
        if known is None and not real.exists():
            return None  # bundle N itself is not here yet: a copy or a fork cannot be told; looked at again next pass
        same = (known is not None and known["hash"] == sealed.file_hash) or (
            real.exists() and bundles.file_hash(shared.read(real, bundles.MAX_FILE_BYTES)) == bundles.file_hash(data))
        if same:
            return BundleError("duplicate_copy", "A copy of bundle {number} under another name (a file-sync tool's or a hand-made copy): "
                               "the same content, nothing is missing; kept as evidence.", number=bundle_no)
        return BundleError("fork", "Another version of bundle {number} of this laptop, under another name (a file-sync tool's conflict copy): "
                           "the laptop wrote two different bundles with one number. Both are kept; tell IT.", number=bundle_no)

    def _reject_path(self, path: Path, error: BundleError, report: SyncReport) -> None:
        try:
            data = shared.read(path, bundles.MAX_FILE_BYTES)
        except shared.NotARegularFile as odd:
            digest = bundles.file_hash(str(path).encode())
            if not replication.is_quarantined(self.db, str(path), digest):
                self._quarantine(path, b"", digest, BundleError("not_a_file", odd.message, **odd.params), report)
            return
        except shared.FolderUnavailable:
            return
        digest = bundles.file_hash(data)
        if not replication.is_quarantined(self.db, str(path), digest):
            self._quarantine(path, data, digest, error, report)

    def _quarantine(self, path: Path, data: bytes, digest: str, error: BundleError, report: SyncReport) -> None:
        """Keep a local copy with its reason (the shared file is left alone), audit it, report it."""
        kept = self.local / "quarantine" / f"{digest[:16]}-{path.parent.name[:40]}-{path.name}"
        try:
            kept.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            if kept.exists() or _folder_size(kept.parent) + len(data) > QUARANTINE_MAX_BYTES:
                # The share must not fill this laptop's disk: past the limit only the reason is kept
                # (the file itself stays on the share, untouched, for IT).
                kept = kept if kept.exists() else None
            else:
                kept.write_bytes(data)  # an oversize file is not copied: only its reason is kept
        except OSError:
            kept = None  # the reason is recorded even if the copy cannot be kept
        device = path.parent.name.rsplit("--", 1)[-1] if "--" in path.parent.name else None
        number = bundles.NAME.match(path.name)
        row = {
            "file_name": path.name,
            "source_path": str(path),
            "file_hash": digest,
            "reason": error.reason,
            "detail": json.dumps({"message": error.message, "params": error.params}, ensure_ascii=False, default=str),
            "device_id": device,
            "bundle_no": int(number[1]) if number else None,
            "kept_as": str(kept) if kept else None,
            "quarantined_at": self.store.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        with self.store.write(self.user) as tx:
            new = replication.record_quarantine(self.db, row)
            if new:
                tx.audit("sync.quarantine", "bundle", f"{device}/{row['bundle_no']}", outcome="rejected", detail={"reason": error.reason})
        if new:  # a file still waiting for a newer version is not reported again at every pass
            report.quarantined.append({"file": str(path), "reason": error.reason, "message": error.localized()})

