"""One sync pass: publish this laptop's new changes, then apply what the others wrote.

Local work never waits on the folder: a missing, read-only, full or emptied folder is reported and
retried; nothing local is ever removed. Every bundle is verified (ward, known laptop, signature,
chain, sequence) before it is decrypted, and applied in one transaction that also records it, so
applying twice changes nothing and a crash half-way leaves nothing applied.
"""

from __future__ import annotations

import gc
import json
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
from continuity.sync.recovery import Recovery
from continuity.sync.set_aside import SetAside

BUNDLE_MAX_ENTRIES = 20_000
RECHECK_SECONDS = 3600  # an own file found right is judged by content again once its last check is this old
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


class SyncEngine(Recovery, SetAside):
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
