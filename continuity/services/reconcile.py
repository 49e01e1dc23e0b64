"""IT after recovery: gather every laptop's bundles into a workspace of its own, and see what is
complete and what is not (per laptop of the kit: bundles received, gaps, forks, files set aside,
never heard from, clock anomalies, last activity). A laptop with a gap or a fork blocks the export."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from continuity.core import hlc
from continuity.core.errors import DomainError
from continuity.core.patients import check_text
from continuity.core.permissions import Permission, Role
from continuity.i18n import N_
from continuity.reconcile import workspace as workspaces
from continuity.reconcile.importer import WorkspaceImporter, seen_numbers
from continuity.security.presence import IT_USER
from continuity.services import kit as kits
from continuity.services import sync as sync_service
from continuity.services.session import Session
from continuity.store import enrolment as enrolment_store
from continuity.store import merges as merge_store
from continuity.store import numbers as number_store
from continuity.store import timelines
from continuity.store import replication
from continuity.store.tx import Store

# store/timelines.py's rules, in words
TIMELINE_RULES = {
    "discharged_before_admitted": N_("discharged before being admitted"),
    "movement_before_admission": N_("a movement before the admission"),
    "movement_after_discharge": N_("a movement after the discharge"),
    "birth_outside_mother_stay": N_("a birth outside the mother's stay"),
    "newborn_admitted_before_birth": N_("a newborn admitted before her birth"),
    "admitted_before_born": N_("admitted before her birth date"),
}
CLOCK_AHEAD_MS = 24 * 3600 * 1000  # a laptop's clock more than a day ahead of every other's: told


def _session(store: Store) -> Session:
    session = Session(store, IT_USER, Role.IT, "IT")
    session.require(Permission.RECONCILE)
    return session


@contextmanager
def opened(folder: Path, it_passphrase: str) -> Iterator[Session]:
    """IT's session on the workspace, closed after."""
    space = workspaces.open_workspace(folder, it_passphrase)
    try:
        yield _session(space.store)
    finally:
        space.store.close()


def open_new(folder: Path, kit_path: Path, kit_passphrase: str, it_key_path: Path, it_passphrase: str) -> dict:
    """``reconcile open``: a new workspace for the kit's ward, opened with IT's key."""
    kit = kits.checked_kit(kits.open_kit(kit_path, kit_passphrase))
    try:
        it_payload = kits.unseal_it_key(it_key_path, it_passphrase)
    except DomainError as error:  # said of IT's key file and passphrase, not the kit's (a window shows it beside them)
        error.field = {"passphrase": "it_passphrase", "kit": "it_key"}.get(error.field, error.field)
        raise
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
        from continuity.services import reconcile_identities as identities  # it builds on this module

        identities.rescan(session)  # the new and changed records against the whole ward
        with space.store.write(session.user) as tx:
            tx.audit("reconcile.add", detail={"folders": len(sources), "bundles": report.imported_bundles,
                                              "entries": report.imported_entries, "set_aside": len(report.quarantined)})
        return {"imported_bundles": report.imported_bundles, "imported_entries": report.imported_entries,
                "unreachable": report.unreachable, "set_aside": report.quarantined, "conflicts": report.conflicts, "status": _status(session)}
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
    laptops, blocking, signed_off = [], [], []
    signed = replication.signoffs(db)
    seen = seen_numbers(db)
    for known in enrolment_store.known_devices(db, device["kit_id"]):
        peer = peers.get(known["device_id"])
        reasons = dict(by_device.get(known["device_id"], Counter()))
        applied = peer["last_bundle"] if peer else 0
        gap = [peer["waiting_from"], peer["waiting_to"]] if peer and peer["waiting_from"] is not None else None
        if gap is None and seen.get(known["device_id"], 0) > applied:
            # Seen in a folder once but not applied (it waited for a missing one, and its folder is gone now).
            gap = [applied + 1, seen[known["device_id"]]]
        entry = {"name": known["name"], "device_id": known["device_id"], "bundles": applied,
                 "changes": peer["last_seq"] if peer else 0, "heard_from": peer is not None,
                 "last_activity": _wall(peer["hlc_max"]) if peer and peer["hlc_max"] else None, "gap": gap,
                 "forks": reasons.get("fork", 0), "set_aside": reasons, "revoked": known["device_id"] in revoked}
        others = [hlc.unpack(p["hlc_max"] or 0)[0] for d, p in peers.items() if d != known["device_id"]]
        entry["clock_ahead"] = bool(peer and others and hlc.unpack(peer["hlc_max"] or 0)[0] > max(others) + CLOCK_AHEAD_MS)
        for item in _blocking_of(entry):
            key = (known["device_id"], item["kind"], json.dumps(item, sort_keys=True))
            (signed_off if key in signed else blocking).append(item)
        laptops.append(entry)
    counts = replication.ward_counts(db)
    from continuity.services import reconcile_identities as identities  # it builds on this module

    unmapped = {kind: len(number_store.downtime_numbers(db, kind) - set(number_store.mapping(db, kind))) for kind in ("ipp", "nda")}
    return {"ward": device["ward_id"], "laptops": laptops, "never_heard_from": [lp["name"] for lp in laptops if not lp["heard_from"]],
            "blocking": blocking, "signed_off": signed_off, "counts": counts, "unmapped": unmapped, "conflicts": len(replication.conflicts(db)),
            **{kind: len(found) for kind, found in problems_in(db).items()}, "duplicates": identities.pending_count(db),
            "merges": len(merge_store.active(db)), "period": identities.period_state(db),
            "latest_activity": _wall(hlc.pack(latest_ms, 0)) if latest_ms else None}


def _blocking_of(entry: dict) -> list[dict]:
    items = []
    if entry["gap"]:
        items.append({"laptop": entry["name"], "kind": "gap", "bundles": entry["gap"]})
    if entry["forks"]:
        items.append({"laptop": entry["name"], "kind": "fork", "count": entry["forks"]})
    return items


def conflicts(folder: Path, it_passphrase: str) -> list[dict]:
    """Every concurrent edit still open, with both values, who and when (as laptops show them)."""
    space = workspaces.open_workspace(folder, it_passphrase)
    try:
        session = _session(space.store)
        names = {d["device_id"]: d["name"] for d in enrolment_store.known_devices(space.store.db)}
        rows = [sync_service._conflict_row(session, c, names) for c in replication.conflicts(space.store.db)]
        with space.store.write(session.user) as tx:
            tx.audit("reconcile.conflicts", detail={"conflicts": len(rows)})
        return rows
    finally:
        space.store.close()


def decide(folder: Path, it_passphrase: str, conflict_id: int, keep: str) -> dict:
    """IT's choice on a conflict: an ordinary journaled, audited change in the workspace."""
    space = workspaces.open_workspace(folder, it_passphrase)
    try:
        session = _session(space.store)
        sync_service.resolve_conflict(session, conflict_id, keep)
        return {"conflict": conflict_id, "kept": keep}
    finally:
        space.store.close()


def signoff(folder: Path, it_passphrase: str, laptop: str, reason: str) -> dict:
    """IT signs off what blocks the export for a laptop (its gap, its forks) with a reason: they no
    longer block while they stay as they are; anything new about that laptop blocks again."""
    check_text(reason.strip(), "reason", 500)
    if not reason.strip():
        raise DomainError("Say why it may be signed off.", field="reason")
    space = workspaces.open_workspace(folder, it_passphrase)
    try:
        session = _session(space.store)
        status = _status(session)
        entry = next((lp for lp in status["laptops"] if lp["name"] == laptop), None)
        if entry is None:
            raise DomainError("This kit has no laptop named {name} (it has: {names}).", field="laptop", name=laptop,
                              names=", ".join(lp["name"] for lp in status["laptops"]))
        items = [item for item in status["blocking"] if item["laptop"] == laptop]
        if not items:
            raise DomainError("Nothing about {name} blocks the export.", field="laptop", name=laptop)
        with space.store.write(session.user) as tx:
            now = tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")
            for item in items:
                replication.record_signoff(space.store.db, {"device_id": entry["device_id"], "kind": item["kind"],
                                                            "detail": json.dumps(item, sort_keys=True), "reason": reason.strip(),
                                                            "signed_by": session.user, "signed_at": now})
                tx.audit("reconcile.signoff", "device", entry["device_id"], detail={"kind": item["kind"]})
        return {"laptop": laptop, "signed_off": items}
    finally:
        space.store.close()


def _wall(stamp: int) -> str:
    return hlc.wall_time(stamp).strftime("%Y-%m-%dT%H:%M:%SZ")




def problems_in(db) -> dict:
    """Women with two current stays (two merged records counted as one woman), beds held twice,
    times that cannot all be true: what status counts, ``problems`` lists and the report prints."""
    return {"double_stays": [{"ipp": r["ipp"], "stays": r["stays"].split("|")}
                             for r in replication.double_stays(db, survivors=merge_store.survivors(db))],
            "shared_beds": [{"bed": r["bed_id"], "ndas": r["ndas"].split()} for r in replication.shared_beds(db)],
            "impossible_timelines": timelines.impossible(db)}


def problems(folder: Path, it_passphrase: str) -> dict:
    """What the ward should decide about: a woman with two current stays, a bed held by two stays,
    times that cannot all be true (each with its NDA and IPP)."""
    space = workspaces.open_workspace(folder, it_passphrase)
    try:
        session = _session(space.store)
        db = space.store.db
        result = problems_in(db)
        with space.store.write(session.user) as tx:
            tx.audit("reconcile.problems", detail={k: len(v) for k, v in result.items()})
        return result
    finally:
        space.store.close()
