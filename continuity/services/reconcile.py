"""IT after recovery: gather every laptop's bundles into a workspace of its own, and see what is
complete and what is not (per laptop of the kit: bundles received, gaps, forks, files set aside,
never heard from, clock anomalies, last activity). A laptop with a gap or a fork blocks the export."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from continuity.core import hlc
from continuity.core.permissions import Permission, Role
from continuity.reconcile import workspace as workspaces
from continuity.reconcile.importer import WorkspaceImporter
from continuity.security.presence import IT_USER
from continuity.services import kit as kits
from continuity.services.session import Session
from continuity.store import enrolment as enrolment_store
from continuity.store import replication
from continuity.store.tx import Store

CLOCK_AHEAD_MS = 24 * 3600 * 1000  # a laptop's clock more than a day ahead of every other's: told


def _session(store: Store) -> Session:
    session = Session(store, IT_USER, Role.IT, "IT")
    session.require(Permission.RECONCILE)
    return session


def open_new(folder: Path, kit_path: Path, kit_passphrase: str, it_key_path: Path, it_passphrase: str) -> dict:
    """``reconcile open``: a new workspace for the kit's ward, opened with IT's key."""
    kit = kits.checked_kit(kits.open_kit(kit_path, kit_passphrase))
    it_payload = kits.unseal_it_key(it_key_path, it_passphrase)
    if kits.it_public_keys(it_payload)["it_verify_key"] != kit["it_verify_key"]:
        raise workspaces.WorkspaceError("This IT key is not the one this kit was signed with.", field="it_key")
    space = workspaces.create(folder, kit, it_payload, it_passphrase)
    try:
        return {"workspace": str(folder), "ward": kit["ward"]["id"], "laptops": [d["name"] for d in kit["devices"]]}
    finally:
        space.store.close()


def add(folder: Path, it_passphrase: str, sources: list[Path],
        progress: Callable[[str, int, int], None] = lambda folder, done, total: None) -> dict:
    """``reconcile add``: every bundle found under ``sources`` that is new to the workspace."""
    space = workspaces.open_workspace(folder, it_passphrase)
    try:
        session = _session(space.store)
        report = WorkspaceImporter(space.store, space.it_private_key, user=session.user).add(sources, progress)
        with space.store.write(session.user) as tx:
            tx.audit("reconcile.add", detail={"folders": len(sources), "bundles": report.imported_bundles,
                                              "entries": report.imported_entries, "set_aside": len(report.quarantined)})
        return {"imported_bundles": report.imported_bundles, "imported_entries": report.imported_entries,
                "set_aside": report.quarantined, "conflicts": report.conflicts, "status": _status(session)}
    finally:
        space.store.close()


def status(folder: Path, it_passphrase: str) -> dict:
    space = workspaces.open_workspace(folder, it_passphrase)
    try:
        session = _session(space.store)
        result = _status(session)
        with space.store.write(session.user) as tx:
            tx.audit("reconcile.status", detail={"blocking": len(result["blocking"])})
        return result
    finally:
        space.store.close()


def _status(session: Session) -> dict:
    db = session.store.db
    device = session.store.device()
    set_aside = replication.quarantine(db)
    by_device: dict[str, Counter] = {}
    for row in set_aside:
        by_device.setdefault(row["device_id"] or "", Counter())[row["reason"]] += 1
    revoked = enrolment_store.revoked_devices(db)
    peers = {p["device_id"]: p for p in replication.peers(db)}
    latest_ms = max((hlc.unpack(p["hlc_max"] or 0)[0] for p in peers.values()), default=0)
    laptops, blocking = [], []
    for known in enrolment_store.known_devices(db, device["kit_id"]):
        peer = peers.get(known["device_id"])
        reasons = dict(by_device.get(known["device_id"], Counter()))
        entry = {"name": known["name"], "device_id": known["device_id"], "bundles": peer["last_bundle"] if peer else 0,
                 "changes": peer["last_seq"] if peer else 0, "heard_from": peer is not None,
                 "last_activity": _wall(peer["hlc_max"]) if peer and peer["hlc_max"] else None,
                 "gap": [peer["waiting_from"], peer["waiting_to"]] if peer and peer["waiting_from"] is not None else None,
                 "forks": reasons.get("fork", 0), "set_aside": reasons, "revoked": known["device_id"] in revoked}
        others = [hlc.unpack(p["hlc_max"] or 0)[0] for d, p in peers.items() if d != known["device_id"]]
        entry["clock_ahead"] = bool(peer and others and hlc.unpack(peer["hlc_max"] or 0)[0] > max(others) + CLOCK_AHEAD_MS)
        if entry["gap"]:
            blocking.append({"laptop": known["name"], "kind": "gap", "bundles": entry["gap"]})
        if entry["forks"]:
            blocking.append({"laptop": known["name"], "kind": "fork", "count": entry["forks"]})
        laptops.append(entry)
    counts = replication.ward_counts(db)
    return {"ward": device["ward_id"], "laptops": laptops, "never_heard_from": [lp["name"] for lp in laptops if not lp["heard_from"]],
            "blocking": blocking, "counts": counts, "conflicts": len(replication.conflicts(db)),
            "double_stays": len(replication.double_stays(db)), "shared_beds": len(replication.shared_beds(db)),
            "latest_activity": _wall(hlc.pack(latest_ms, 0)) if latest_ms else None}


def _wall(stamp: int) -> str:
    return hlc.wall_time(stamp).strftime("%Y-%m-%dT%H:%M:%SZ")


