"""Sync as the ward uses it: choose the folder, sync now or keep watching, see where things stand,
acknowledge or (IT) resolve conflicts."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path

from continuity.core import hlc as clock
from continuity.core.errors import DomainError, NotFound
from continuity.core.permissions import Permission
from continuity.core.names import display_name
from continuity.core.times import FUTURE_TOLERANCE, to_zone
from continuity.i18n import _, ngettext, translate
from continuity.i18n.labels import field_name
from continuity.services import credentials, vigilance
from continuity.services.common import audit_read
from continuity.services.session import Session
from continuity.store import enrolment as enrolment_store
from continuity.store import patients as patient_store
from continuity.store import replication, settings
from continuity.store import stays as stay_store
from continuity.store.derived import refresh_stay
from continuity.sync.engine import DEFAULT_SETTLE_SECONDS, LAST_PASS_KEY, SyncEngine, SyncReport
from continuity.sync.folder import FolderUnavailable
from continuity.sync.folder import check as check_folder
from continuity.sync.folder import mark as mark_folder
from continuity.sync.folder import own_subfolder
from continuity.sync.watcher import DEFAULT_RESCAN_SECONDS, watch

FOLDER_KEY = "sync.folder"
POLLING_KEY = "sync.polling"


def configured_folder(session: Session) -> Path | None:
    value = settings.get(session.store.db, FOLDER_KEY)
    return Path(value) if value else None


def set_folder(session: Session, folder: Path, polling: bool | None = None) -> None:
    """Choose the shared folder or the USB stick (as mounted now): it is marked as this ward's, so
    that a stick pulled out later is told from the empty folder it leaves behind."""
    session.require(Permission.SYNC)
    root = Path(folder).expanduser().absolute()
    mark_folder(root, session.store.device()["ward_id"])  # refused in words if it cannot be reached or written
    with session.store.write(session.user) as tx:
        settings.put(session.store.db, FOLDER_KEY, str(root))
        if polling is not None:  # otherwise the watching mode chosen earlier stays
            settings.put(session.store.db, POLLING_KEY, str(int(polling)))
        tx.audit("sync.configure")


def _folder(session: Session, folder: Path | None) -> Path:
    chosen = folder or configured_folder(session)
    if chosen is None:
        raise DomainError("No sync folder is set: choose one in the Sync tab (or give one with --folder).", field="folder")
    return Path(chosen).expanduser().absolute()  # retries and files set aside are recorded by absolute path


def sync_once(session: Session, folder: Path | None = None, *, settle_seconds: float = DEFAULT_SETTLE_SECONDS) -> SyncReport:
    """Export what is new here, then import what the others wrote."""
    session.require(Permission.SYNC)
    return sync_pass(SyncEngine(session.store, _folder(session, folder), user=session.user, settle_seconds=settle_seconds), session)


def sync_pass(engine: SyncEngine, session: Session) -> SyncReport:
    """One sync pass, then a look at the records that arrived (identity vigilance, bounded)."""
    report = engine.run_once()
    if report.imported_entries:
        credentials.refresh_keyring(session.store)  # a password changed on another laptop
    if report.imported_bundles or report.imported_entries or vigilance.arrivals_pending(session.store):
        vigilance.check_arrivals(session.store, session.user)
    return report


def keep_syncing(
    session: Session,
    folder: Path | None = None,
    *,
    stop: threading.Event,
    on_report: Callable[[SyncReport], None] = lambda report: None,
    polling: bool | None = None,
    rescan_seconds: float = DEFAULT_RESCAN_SECONDS,
    settle_seconds: float = DEFAULT_SETTLE_SECONDS,
    on_watching: Callable[[Path, bool], None] = lambda folder, polling: None,
) -> None:
    session.require(Permission.SYNC)
    root = _folder(session, folder)
    if polling is None:
        saved = settings.get(session.store.db, POLLING_KEY)
        polling = None if saved is None else saved == "1"
    engine = SyncEngine(session.store, root, user=session.user, settle_seconds=settle_seconds)
    seen = [session.store.device()["next_seq"]]

    def written_elsewhere() -> bool:
        """Another process (the window, the command line) journaled a change on this laptop. Not any
        write: the window's reads are audited, and a pass answering each would make it write again."""
        next_seq = session.store.device()["next_seq"]
        changed, seen[0] = next_seq != seen[0], next_seq
        return changed

    watch(root, lambda: on_report(sync_pass(engine, session)), stop=stop, polling=polling, rescan_seconds=rescan_seconds,
          on_watching=lambda by_polling: on_watching(root, by_polling), local_changed=written_elsewhere)




def _readable(value: str | None) -> str:
    """A replicated value as text: lists (first names) joined, nothing shown as "(empty)"."""
    if value is None or value == "":
        return _("(empty)")
    try:
        decoded = json.loads(value)
    except (TypeError, ValueError):
        return str(value)
    if isinstance(decoded, list):
        return " ".join(str(v) for v in decoded) or _("(empty)")
    return _("(empty)") if decoded is None else str(decoded)


def _names(first_names) -> list[str]:
    return json.loads(first_names or "[]") if isinstance(first_names, str) else list(first_names or [])


def _subject(session: Session, entity: str, entity_id: str) -> str:
    """Whose record a conflict is about: the patient's name and IPP (a stay: its NDA and patient)."""
    db = session.store.db
    if entity == "patient":
        patient = patient_store.by_id(db, entity_id)
        if patient is not None:
            return f"{display_name(patient['birth_name'], _names(patient['first_names']), patient['used_name'], patient.get('used_first_name'))} (IPP {patient['ipp']})"
    if entity == "stay":
        stay = stay_store.by_id(db, entity_id)
        if stay is not None:
            patient = patient_store.by_id(db, stay["patient_id"]) if stay.get("patient_id") else None
            who = display_name(patient["birth_name"], _names(patient["first_names"]), patient["used_name"], patient.get("used_first_name")) if patient else ""
            return f"{who} (NDA {stay['nda']})".strip()
    return f"{entity} {entity_id[-10:]}"


def _conflict_row(session: Session, conflict: dict, devices: dict[str, str]) -> dict:
    """A concurrent edit as a clerk reads it: whose record, which field in her language, the value
    in force and the other one, which laptop typed each and when, and what to do."""
    def when(stamp: int | None) -> str:
        return to_zone(clock.wall_time(stamp), session.timezone).strftime("%d/%m %H:%M") if stamp else ""

    return {
        **conflict,
        "subject": _subject(session, conflict["entity"], conflict["entity_id"]),
        "field_label": field_name(conflict["field"]),
        "in_force": _readable(conflict["winner_value"]), "other": _readable(conflict["loser_value"]),
        "in_force_from": f"{devices.get(conflict['winner_device'], conflict['winner_device'])}, {when(conflict['winner_hlc'])}",
        "other_from": f"{devices.get(conflict['loser_device'], conflict['loser_device'])}, {when(conflict['loser_hlc'])}",
    }


def _shared_bed_row(session: Session, bed: dict) -> dict:
    """A bed two laptops admitted to, with who lies there by name."""
    db = session.store.db
    people = []
    for nda in bed["ndas"].split():
        stay = stay_store.by_nda(db, nda)
        patient = patient_store.by_id(db, stay["patient_id"]) if stay and stay.get("patient_id") else None
        name = display_name(patient["birth_name"], _names(patient["first_names"]), patient["used_name"], patient.get("used_first_name")) if patient else "?"
        people.append(f"{name} (NDA {nda})")
    return {**bed, "bed": bed["bed_id"].replace(":", " "), "people": people}


def recovery_text(recovered: dict) -> str:
    """What a laptop restored from an older copy did, as the user should hear it."""
    lines = [_("This laptop's data had been restored from an older copy: it took back {n} of its own changes from the sync folder "
               "(bundles {first}-{last}); its numbering goes on after them.", n=recovered["entries"],
               first=min(recovered["bundles"]), last=max(recovered["bundles"]))]
    if recovered["renumbered"]:
        lines.append(ngettext("{n} change typed since the restore follows them.", "{n} changes typed since the restore follow them.",
                              recovered["renumbered"]))
    for number in recovered.get("new_numbers", []):
        who = display_name(number.get("birth_name") or "?", number.get("first_names") or [], number.get("used_name"))
        lines.append(_("The {kind} {old} had already been given before the restore: {who} now has {kind} {new}. Print her wristband or label again.",
                       kind=number["kind"].upper(), old=number["old"], new=number["new"], who=who))
    return "\n".join(lines)


def status(session: Session, folder: Path | None = None, *, with_hash: bool = True) -> dict:
    """This laptop, the folder, last export/import, peers, pending changes, files set aside,
    conflicts, gaps, clock warnings and the state hash of the replicated data."""
    session.require(Permission.SYNC)
    db = session.store.db
    device = session.store.device()
    assert device is not None
    root = folder or configured_folder(session)
    folder_problem = None
    if root is not None:
        try:
            check_folder(root, device["ward_id"])
        except FolderUnavailable as error:
            folder_problem = str(error)
    names = {d["device_id"]: d["name"] for d in enrolment_store.known_devices(db)}
    last_export = replication.outbox_last(db, device["device_id"])
    exported_seq = last_export["last_seq"] if last_export else 0
    saved_pass = settings.get(db, LAST_PASS_KEY)
    last_pass = json.loads(saved_pass) if saved_pass else None
    now_ms = int(session.store.clock() * 1000)
    peers, gaps, clock_warnings = [], [], []
    for peer in replication.peers(db):
        name = names.get(peer["device_id"], peer["device_id"][:8])
        peers.append({"device_id": peer["device_id"], "name": name, "last_bundle": peer["last_bundle"],
                      "last_seq": peer["last_seq"], "last_applied_at": peer["last_applied_at"]})
        if peer["waiting_from"] is not None:
            gaps.append({"device": name, "missing_bundles": [peer["waiting_from"], peer["waiting_to"]]})
        skew = clock.unpack(peer["hlc_max"] or 0)[0] - now_ms
        if skew > FUTURE_TOLERANCE.total_seconds() * 1000:
            clock_warnings.append(_("The clock of {device} is {minutes} minutes ahead of this laptop's.", device=name, minutes=skew // 60000))
    trail_warnings = [
        _("{device} published an audit trail of {published} entries, then one of {now}: entries were cut or its data folder "
          "was restored from an older copy (bundle {bundle}). Tell IT.", device=names.get(e["device"], e["device"][:8]),
          published=e["published_audit_seq"], now=e["now_audit_seq"], bundle=e["bundle"])
        for e in replication.events(db, "trail_cut")]
    own_skew = clock.unpack(device["hlc"])[0] - now_ms
    if own_skew > FUTURE_TOLERANCE.total_seconds() * 1000:
        clock_warnings.append(_("This laptop's clock is {minutes} minutes behind the ward's: check the date and time.", minutes=own_skew // 60000))
    result = {
        "device": device["device_name"],
        "device_id": device["device_id"],
        "folder": str(root) if root else None,
        "folder_reachable": folder_problem is None and root is not None,
        # What is wrong with the folder now, or at the last pass (a write refused: read-only, full), in words.
        "folder_problem": folder_problem or (last_pass.get("folder_error") if last_pass else None),
        "own_subfolder": str(own_subfolder(root, device["device_name"], device["device_id"])) if root else None,
        "last_export": {"bundle": last_export["bundle_no"], "at": last_export["created_at"]} if last_export else None,
        "last_import": max((p["last_applied_at"] for p in peers if p["last_applied_at"]), default=None),
        "last_pass": last_pass["at"] if last_pass else None,
        "last_folder_error": last_pass.get("folder_error") if last_pass else None,
        "peers": peers,
        "trail_warnings": trail_warnings,
        "pending_outgoing": replication.pending_count(db, device["device_id"], exported_seq),
        "quarantined": [_quarantine_row(q) for q in replication.quarantine(db)],
        "conflicts": [_conflict_row(session, c, names) for c in replication.conflicts(db)],
        "shared_beds": [_shared_bed_row(session, b) for b in replication.shared_beds(db)],
        # Records from other laptops that may be someone known here (the identity matcher, after each pass).
        "probable_duplicates": vigilance.probable_duplicates(db),
        "identity_arrivals_to_check": vigilance.arrivals_pending(session.store),
        # The same woman admitted on two laptops while apart: cancel the wrong admission (patient page).
        "double_stays": [{"ipp": d["ipp"], "name": display_name(d["birth_name"], _names(d["first_names"]), d["used_name"]),
                          "stays": [s.strip() for s in sorted(d["stays"].split("|"))]} for d in replication.double_stays(db)],
        "gaps": gaps,
        "clock_warnings": clock_warnings,
        # This laptop's data was restored from an older copy and it took its own past back.
        "last_recovery": replication.last_event(db, "recovered"),
    }
    if with_hash:
        result["state_hash"] = replication.state_hash(db)
    # It names patients (conflicts, pairs, double stays): a read of patient data like any other.
    audit_read(session, "sync.status", conflicts=len(result["conflicts"]), probable_duplicates=len(result["probable_duplicates"]),
               double_stays=len(result["double_stays"]), shared_beds=len(result["shared_beds"]))
    return result


def _quarantine_row(row: dict) -> dict:
    detail = json.loads(row["detail"] or "{}")
    message = translate(detail["message"], None, **detail.get("params", {})) if detail.get("message") else row["reason"]
    return {"file": row["source_path"], "reason": row["reason"], "message": message, "device_id": row["device_id"],
            "bundle": row["bundle_no"], "kept_as": row["kept_as"], "at": row["quarantined_at"]}


def acknowledge_conflict(session: Session, conflict_id: int) -> None:
    """Seen and accepted as it is (the winning value stays)."""
    session.require(Permission.SYNC)
    with session.store.write(session.user) as tx:
        if not replication.close_conflict(session.store.db, conflict_id, "acknowledged", session.user, tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")):
            raise NotFound("No open conflict {id}.", field="conflict", id=conflict_id)
        tx.audit("sync.conflict.acknowledge", "conflict", str(conflict_id))


def resolve_conflict(session: Session, conflict_id: int, keep: str) -> None:
    """IT decides: keep the winning value, or bring the losing one back (an ordinary journaled change)."""
    session.require(Permission.CONFLICT_RESOLVE)
    if keep not in ("winner", "loser"):
        raise DomainError("Choose which value to keep: winner or loser.", field="keep")
    db = session.store.db
    with session.store.write(session.user) as tx:
        row = next((c for c in replication.conflicts(db) if c["id"] == conflict_id), None)
        if row is None:
            raise NotFound("No open conflict {id}.", field="conflict", id=conflict_id)
        if keep == "loser":
            tx.set(row["entity"], row["entity_id"], {row["field"]: json.loads(row["loser_value"])})
            if row["entity"] == "movement":
                movement = stay_store.movement(db, row["entity_id"])
                if movement is not None:
                    refresh_stay(tx, movement["stay_id"])
        replication.close_conflict(db, conflict_id, f"resolved:{keep}", session.user, tx.now.strftime("%Y-%m-%dT%H:%M:%SZ"))
        tx.audit("sync.conflict.resolve", row["entity"], row["entity_id"], detail={"conflict": conflict_id, "kept": keep})

