"""Files that cannot be accepted: set aside with their reason (a local copy, capped), copies under
other names said for what they are (part of the sync engine: ``SyncEngine`` inherits it)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

from continuity.store import replication
from continuity.sync import bundle as bundles
from continuity.sync import folder as shared
from continuity.sync.bundle import BundleError

if TYPE_CHECKING:
    from continuity.sync.engine import SyncReport

QUARANTINE_MAX_BYTES = 256 * 1024 * 1024  # copies of files set aside, at most, on this laptop's disk
# A copy of bundle NNNNNNNN under another name: "00000004.sync-conflict-20261130-012233-ABCDEFG.cbundle"
# (Syncthing), "00000001 - Copie.cbundle" (Windows), "00000001 (1).cbundle", "00000001 (conflicted copy).cbundle".
COPY_OF = re.compile(r"^(\d{8})\b.*\.cbundle$")
_DEVICE_ID = re.compile(r"^[0-9a-f]{32}$")


def _folder_size(folder: Path) -> int:
    return sum(entry.stat().st_size for entry in folder.iterdir() if entry.is_file())


class SetAside:
    """Setting files aside; ``self`` is the SyncEngine."""

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
        # Its writer by its folder: NAME--ID on a share or a stick, ID in an outbox (IT reads laptops' data folders too).
        parent = path.parent.name
        device = parent.rsplit("--", 1)[-1] if "--" in parent else (parent if _DEVICE_ID.match(parent) else None)
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
