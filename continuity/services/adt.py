"""Admission, transfer, leave, return, discharge, cancellation, and beds.

Every check reads the store *inside* the write transaction (BEGIN IMMEDIATE holds the write lock),
so two windows or processes on the same laptop cannot both see a bed free and both fill it.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from continuity.core import adt
from continuity.core.adt import MovementKind, StayState, StayStatus
from continuity.core.errors import DomainError, NotFound
from continuity.core.identifiers import SHORT_ID_LENGTH
from continuity.core.permissions import Permission
from continuity.core.times import from_storage, parse_clinical_time, to_storage
from continuity.core.ward import bed_id as make_bed_id
from continuity.services.common import Outcome, new_id
from continuity.services.identity import find_patient, finish_outcome
from continuity.services.session import Session
from continuity.store import stays as stay_store
from continuity.store.derived import refresh_stay
from continuity.store.tx import WriteTx



def clinical_time(session: Session, at: str | datetime | None) -> datetime:
    if isinstance(at, datetime):
        return at
    return parse_clinical_time(at, session.store.now(), session.timezone)


def find_stay(session: Session, nda: str) -> dict:
    stay = stay_store.by_nda(session.store.db, nda.strip())
    if stay is None:
        raise NotFound("No stay with NDA {nda} on this laptop.", field="nda", nda=nda)
    return stay


def stay_state(session: Session, stay_id: str) -> StayState:
    return adt.replay(stay_store.movements(session.store.db, stay_id))


def _target_bed(session: Session, unit: str, bed: str) -> adt.Bed | None:
    if stay_store.unit(session.store.db, unit) is None:
        raise NotFound("Unknown unit {unit}.", field="unit", unit=unit)
    return stay_store.bed(session.store.db, unit, bed)


def record_movement(
    tx: WriteTx,
    session: Session,
    stay_id: str,
    kind: str,
    at: datetime,
    *,
    group_id: str,
    unit: str | None = None,
    bed_id: str | None = None,
    destination: str | None = None,
    reason: str | None = None,
) -> str:
    """Write one movement event and bring its stay's current state up to date."""
    movement_id = new_id()
    tx.set(
        "movement",
        movement_id,
        {
            "stay_id": stay_id,
            "kind": kind,
            "at": to_storage(at),
            "entered_at": to_storage(tx.now),
            "entered_by": session.user,
            "hlc": tx.hlc,
            "unit": unit,
            "bed_id": bed_id,
            "destination": destination,
            "reason": reason,
            "group_id": group_id,
            "cancelled": 0,
        },
    )
    refresh_stay(tx, stay_id)
    tx.audit(f"movement.{kind}", "stay", stay_id, detail={"movement": movement_id})
    return movement_id


def _check_bed_history(tx: WriteTx, stay_id: str, movements: list[adt.Movement]) -> None:
    """The stay's beds over time, as ``movements`` would make them, never shared with another stay
    at any instant (back-dated admissions and transfers, cancellations)."""
    mine = adt.bed_stretches(movements)
    if not mine:
        return
    beds = sorted({s.bed_id for s in mine})
    _stays, rows = stay_store.stays_with_movements(tx.db, stay_store.stays_in_beds(tx.db, beds, stay_id))
    others: dict[str, list[adt.BedStretch]] = {}
    for stay_rows in rows.values():
        for stretch in adt.bed_stretches(stay_store.to_movement(r._asdict()) for r in stay_rows):
            if stretch.bed_id in beds:
                others.setdefault(stretch.bed_id, []).append(stretch)
    adt.check_beds_never_shared(mine, others)


def _planned(tx: WriteTx, kind: str, at: datetime, bed_id: str | None) -> adt.Movement:
    """A movement about to be recorded, as the checks see it."""
    return adt.Movement(id="~planned", kind=kind, at=at, hlc=tx.hlc, bed_id=bed_id)


def admit(
    session: Session, ipp: str, *, unit: str, bed: str, at: str | datetime | None = None, reason: str | None = None
) -> Outcome:
    session.require(Permission.STAY_ADMIT)
    when = clinical_time(session, at)
    with session.store.write(session.user) as tx:
        patient = find_patient(session, ipp)
        adt.check_admission(
            at=when,
            now=session.store.now(),
            # Born on that day in the ward's time: midnight there, not in UTC (a baby brought in at 00:05).
            birth_date=datetime.combine(date.fromisoformat(patient["birth_date"]), time(0), tzinfo=ZoneInfo(session.timezone)),
            has_current_stay=stay_store.current_for_patient(tx.db, patient["id"]) is not None,
        )
        target = _target_bed(session, unit, bed)
        adt.check_bed_available(target, unit, bed)
        assert target is not None
        stay_id = new_id()
        _check_bed_history(tx, stay_id, [_planned(tx, MovementKind.ADMISSION, when, target.id)])
        nda = tx.take_number("nda")
        tx.set(
            "stay",
            stay_id,
            {
                "nda": nda,
                "patient_id": patient["id"],
                "kind": "standard",
                "reason": reason,
                "created_at": to_storage(tx.now),
            },
        )
        movement_id = record_movement(
            tx, session, stay_id, MovementKind.ADMISSION, when, group_id=new_id(), unit=unit, bed_id=target.id, reason=reason
        )
        return finish_outcome(session, tx, {"nda": nda, "stay_id": stay_id, "movement_id": movement_id})


def transfer(session: Session, nda: str, *, unit: str, bed: str, at: str | datetime | None = None) -> Outcome:
    """Move a patient to another bed; newborns staying with their mother move with her.

    A newborn moved into the bed where its mother lies goes back to being 'with mother'."""
    session.require(Permission.STAY_TRANSFER)
    when = clinical_time(session, at)
    with session.store.write(session.user) as tx:
        stay = find_stay(session, nda)
        state = stay_state(session, stay["id"])
        target = _target_bed(session, unit, bed)
        rejoins_mother = bool(
            stay["kind"] == "newborn" and target is not None and target.occupied_by == stay["mother_stay_id"]
        )
        target_id = target.id if target is not None else make_bed_id(unit, bed)
        if not rejoins_mother:
            adt.check_bed_available(target, unit, bed, stay_id=stay["id"])
        adt.check_transfer(state, at=when, now=session.store.now(), target_bed_id="" if rejoins_mother else target_id)
        if not rejoins_mother:
            _check_bed_history(tx, stay["id"], [*stay_store.movements(tx.db, stay["id"]), _planned(tx, MovementKind.TRANSFER, when, target_id)])
        group = new_id()
        movement_id = record_movement(
            tx, session, stay["id"], MovementKind.TRANSFER, when, group_id=group, unit=unit,
            bed_id=None if rejoins_mother else target_id,
        )
        moved = _move_newborns(tx, session, stay, when, group, unit)
        return finish_outcome(session, tx, {"nda": stay["nda"], "movement_id": movement_id, "newborns": moved})


def _move_newborns(tx: WriteTx, session: Session, mother: dict, when: datetime, group: str, unit: str) -> list[str]:
    moved = []
    for newborn in stay_store.newborns_with_mother(tx.db, mother["id"]):
        if newborn["unit"] != unit:
            record_movement(tx, session, newborn["id"], MovementKind.TRANSFER, _not_before_last(tx, newborn["id"], when), group_id=group, unit=unit)
            moved.append(newborn["nda"])
    return moved


def _not_before_last(tx: WriteTx, stay_id: str, when: datetime) -> datetime:
    """A newborn moved along with its mother: never before its own last movement."""
    last = adt.replay(stay_store.movements(tx.db, stay_id)).last_at
    return max(when, last) if last else when


def leave(session: Session, nda: str, *, at: str | datetime | None = None, reason: str | None = None) -> Outcome:
    """Temporary leave: the bed stays reserved until the return."""
    session.require(Permission.STAY_LEAVE)
    when = clinical_time(session, at)
    with session.store.write(session.user) as tx:
        stay = find_stay(session, nda)
        adt.check_leave(stay_state(session, stay["id"]), at=when, now=session.store.now())
        movement_id = record_movement(tx, session, stay["id"], MovementKind.LEAVE, when, group_id=new_id(), reason=reason)
        return Outcome({"nda": stay["nda"], "movement_id": movement_id})


def return_from_leave(session: Session, nda: str, *, at: str | datetime | None = None) -> Outcome:
    session.require(Permission.STAY_LEAVE)
    when = clinical_time(session, at)
    with session.store.write(session.user) as tx:
        stay = find_stay(session, nda)
        adt.check_return(stay_state(session, stay["id"]), at=when, now=session.store.now())
        movement_id = record_movement(tx, session, stay["id"], MovementKind.RETURN, when, group_id=new_id())
        return Outcome({"nda": stay["nda"], "movement_id": movement_id})


def discharge(
    session: Session, nda: str, *, destination: str | None = None, at: str | datetime | None = None
) -> Outcome:
    """Discharge; newborns still with their mother leave with her."""
    session.require(Permission.STAY_DISCHARGE)
    when = clinical_time(session, at)
    with session.store.write(session.user) as tx:
        stay = find_stay(session, nda)
        adt.check_discharge(stay_state(session, stay["id"]), at=when, now=session.store.now())
        adt.check_discharge_after_births(when, [from_storage(b["at"]) for b in stay_store.births_for_mother(tx.db, stay["id"])
                                                if b["status"] == "recorded"])
        for newborn in stay_store.newborns_with_mother(tx.db, stay["id"]):  # they leave with her: not before they came back to her
            adt.check_discharge_after_newborn(when, stay_state(session, newborn["id"]).last_at)
        group = new_id()
        movement_id = record_movement(
            tx, session, stay["id"], MovementKind.DISCHARGE, when, group_id=group, destination=destination or "home"
        )
        newborns = []
        for newborn in stay_store.newborns_with_mother(tx.db, stay["id"]):
            record_movement(
                tx, session, newborn["id"], MovementKind.DISCHARGE, _not_before_last(tx, newborn["id"], when),
                group_id=group, destination=destination or "home",
            )
            newborns.append(newborn["nda"])
        return Outcome({"nda": stay["nda"], "movement_id": movement_id, "newborns": newborns})


def find_movement(session: Session, movement_id: str) -> dict:
    key = movement_id.strip().lower()
    if len(key) < SHORT_ID_LENGTH:
        raise DomainError("Give the movement's {n}-character id, as listed.", field="movement", n=SHORT_ID_LENGTH)
    rows = stay_store.movements_by_id_or_short_id(session.store.db, key)
    if not rows:
        raise NotFound("No movement {id} on this laptop.", field="movement", id=movement_id)
    if len(rows) > 1:
        raise DomainError("Several movements end with {id}: give the full id.", field="movement", id=movement_id)
    return rows[0]


def cancel_movement(session: Session, movement_id: str) -> Outcome:
    """Cancel a wrong movement (and the movements recorded with it, e.g. the newborns moved along).

    The movement stays in history, marked cancelled; the stay goes back to what the remaining
    movements say. Only the newest live movement of a stay can be cancelled."""
    session.require(Permission.MOVEMENT_CANCEL)
    db = session.store.db
    with session.store.write(session.user) as tx:
        movement = find_movement(session, movement_id)
        group = [m for m in stay_store.movements_in_group(db, movement["group_id"]) if not m["cancelled"]] or [movement]
        for member in group:
            rows = stay_store.movement_rows(db, member["stay_id"])
            key = (member["at"], member["hlc"], member["id"])
            later = [stay_store.to_movement(r) for r in rows if not r["cancelled"] and (r["at"], r["hlc"], r["id"]) > key]
            adt.check_cancellable(stay_store.to_movement(member), later)
            _check_state_after_cancel(tx, session, member, rows, cancelled_too={m["id"] for m in group})
        for member in group:
            tx.set("movement", member["id"], {"cancelled": 1, "cancelled_at": to_storage(tx.now), "cancelled_by": session.user})
            refresh_stay(tx, member["stay_id"])
            if member["kind"] == MovementKind.ADMISSION:
                _cancel_birth_of(tx, member["stay_id"])
            tx.audit("movement.cancel", "stay", member["stay_id"], detail={"movement": member["id"], "kind": member["kind"]})
        return Outcome({"cancelled": [m["id"] for m in group]})


def _check_state_after_cancel(tx: WriteTx, session: Session, movement: dict, rows: list[dict], cancelled_too: set[str]) -> None:
    """What the stay becomes once ``movement`` (and the movements cancelled with it) are undone must
    hold: no births left on a cancelled admission, each stay placed or ended, and beds never shared
    at any instant (undoing a transfer puts her back in a bed someone else may have had since)."""
    db = session.store.db
    if movement["kind"] == MovementKind.ADMISSION and any(
        b["status"] == "recorded" for b in stay_store.births_for_mother(db, movement["stay_id"])
    ):
        raise DomainError("Births are recorded on this stay: cancel the newborns' admissions first.", field="movement")
    remaining = [stay_store.to_movement(r) for r in rows if not r["cancelled"] and r["id"] != movement["id"]]
    after = adt.replay(remaining)
    stay = stay_store.by_id(db, movement["stay_id"]) or {}
    if stay.get("kind") == "newborn" and stay.get("mother_stay_id"):
        mother_rows = [r for r in stay_store.movement_rows(db, stay["mother_stay_id"]) if r["id"] not in cancelled_too]
        mother_current = adt.replay(stay_store.to_movement(r) for r in mother_rows).status in StayStatus.CURRENT
        adt.check_placed_after_cancel("newborn", after, mother_current)
    _check_bed_history(tx, movement["stay_id"], remaining)


def _cancel_birth_of(tx: WriteTx, newborn_stay_id: str) -> None:
    birth = stay_store.birth_for_newborn_stay(tx.db, newborn_stay_id)
    if birth is not None and birth["status"] == "recorded":
        tx.set("birth", birth["id"], {"status": "entered_in_error"})
        tx.set("patient", birth["newborn_patient_id"], {"record_status": "entered_in_error"})


def close_bed(session: Session, unit: str, bed: str, reason: str | None = None) -> Outcome:
    """Close a free bed (capacity reduced); the reason is shown on the bed board."""
    return _set_bed_closed(session, unit, bed, closed=True, reason=reason)


def open_bed(session: Session, unit: str, bed: str) -> Outcome:
    return _set_bed_closed(session, unit, bed, closed=False, reason=None)


def _set_bed_closed(session: Session, unit: str, bed: str, *, closed: bool, reason: str | None) -> Outcome:
    session.require(Permission.BED_MANAGE)
    with session.store.write(session.user) as tx:
        target = _target_bed(session, unit, bed)
        if target is None:
            raise NotFound("There is no bed {bed} in unit {unit}.", field="bed", bed=bed, unit=unit)
        (adt.check_bed_close if closed else adt.check_bed_open)(target)
        tx.set("bed", target.id, {"closed": int(closed), "closed_reason": reason})
        tx.audit("bed.close" if closed else "bed.open", "bed", target.id)
    return Outcome({"bed": target.id, "closed": closed})
