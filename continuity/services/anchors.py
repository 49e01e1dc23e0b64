"""A laptop's trail against what it published: every bundle it signed carries its audit head and
the digest of its changes, and copies of those bundles sit in its outbox, in the shared folder and
on the other laptops. An audit trail cut (even with its recorded head moved back) or rewritten
whole, or a journal value edited, after a bundle was shared no longer matches that bundle."""

from __future__ import annotations

from pathlib import Path

from continuity.store import checks, enrolment as enrolment_store, replication, settings
from continuity.store.tx import Store
from continuity.sync import bundle as bundles
from continuity.sync.bundle import BundleError

FOLDER_KEY = "sync.folder"  # the shared folder chosen for sync (services/sync.py)


def _own_bundle_files(store: Store, device_id: str, name: str) -> list[Path]:
    found = sorted((store.folder / "outbox" / device_id).glob("*" + bundles.SUFFIX))
    shared = settings.get(store.db, FOLDER_KEY)
    if shared:
        try:
            found += sorted((Path(shared) / f"{name}--{device_id}").glob("*" + bundles.SUFFIX))
        except OSError:
            pass  # the share is away: the outbox copies are still checked
    return found


def published_anchors(store: Store) -> list[tuple[str, bundles.Header]]:
    """(device id, header) of every bundle this laptop signed that can be found, signature checked."""
    device = store.device()
    keys = {d["device_id"]: d for d in enrolment_store.known_devices(store.db)}
    seen: set[tuple[str, int, str]] = set()
    found = []
    for row in replication.own_streams(store.db):
        device_id = row["device_id"]
        known = keys.get(device_id)
        if known is None:
            continue
        for path in _own_bundle_files(store, device_id, device["device_name"]):
            try:
                data = path.read_bytes()[: bundles.MAX_FILE_BYTES + 1]
                sealed = bundles.parse(data)
                bundles.verify(sealed, bytes.fromhex(known["verify_key"]))
            except (BundleError, OSError):
                continue  # a damaged or foreign file proves nothing either way
            marker = (device_id, sealed.header.bundle, sealed.file_hash)
            if sealed.header.anchor is not None and marker not in seen:
                seen.add(marker)
                found.append((device_id, sealed.header))
    return found


def problems(store: Store) -> list[str]:
    """What differs between this laptop's audit trail and journal and what it published."""
    found = []
    for device_id, header in published_anchors(store):
        anchor = header.anchor
        seq = anchor["audit_seq"]
        if seq:
            entry = checks.audit_entry(store.db, seq)
            if entry is None:
                found.append(f"audit: entry {seq}, published in bundle {header.bundle}, is missing (the trail was cut)")
            elif entry["hash"] != anchor["audit_hash"]:
                found.append(f"audit: entry {seq} differs from what bundle {header.bundle} published (the trail was rewritten)")
        entries = [list(e) for e in replication.entries_between(store.db, device_id, header.first_seq, header.last_seq)]
        if bundles.entries_digest(entries) != anchor["entries_digest"]:
            found.append(f"journal: changes {header.first_seq}..{header.last_seq} differ from bundle {header.bundle} as published "
                         "(edited or removed after they were shared)")
    return found
