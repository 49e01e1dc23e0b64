"""Admission, transfer, discharge: the rules of a stay, with no storage.

A stay's current place and status are not edited directly: they are what its movements, replayed in
clinical order, say. Cancelling a wrong movement marks it cancelled and the replay no longer counts
it, so history keeps both the mistake and its correction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from continuity.core.errors import DomainError
from continuity.core.times import check_not_future


class StayStatus:
    ACTIVE = "active"
    ON_LEAVE = "on_leave"
    DISCHARGED = "discharged"
    CANCELLED = "cancelled"
    CURRENT = ("active", "on_leave")


class MovementKind:
    ADMISSION = "admission"
    TRANSFER = "transfer"
    LEAVE = "leave"
    RETURN = "return"
    DISCHARGE = "discharge"
    ALL = ("admission", "transfer", "leave", "return", "discharge")


MIN_NEWBORN_WEIGHT_G = 300
MAX_NEWBORN_WEIGHT_G = 7000


@dataclass(frozen=True)
class Movement:
    id: str
    kind: str
    at: datetime
    hlc: int
    unit: str | None = None
    bed_id: str | None = None
    cancelled: bool = False


@dataclass(frozen=True)
class StayState:
    status: str
    unit: str | None
    bed_id: str | None
    admitted_at: datetime | None
    discharged_at: datetime | None
    last_at: datetime | None


@dataclass(frozen=True)
class Bed:
    id: str
    unit: str
    code: str
    closed: bool
    occupied_by: str | None  # stay id, or None when free


def replay(movements: Iterable[Movement]) -> StayState:
    """The stay as its live movements say, in clinical order (HLC breaks ties the same on every laptop)."""
    status, unit, bed = StayStatus.CANCELLED, None, None
    admitted = discharged = last = None
    for m in sorted((m for m in movements if not m.cancelled), key=lambda m: (m.at, m.hlc, m.id)):
        if m.kind == MovementKind.ADMISSION:
            status, unit, bed, admitted, discharged = StayStatus.ACTIVE, m.unit, m.bed_id, m.at, None
        elif m.kind == MovementKind.TRANSFER:
            unit, bed = m.unit, m.bed_id
        elif m.kind == MovementKind.LEAVE:
            status = StayStatus.ON_LEAVE
        elif m.kind == MovementKind.RETURN:
            status = StayStatus.ACTIVE
        elif m.kind == MovementKind.DISCHARGE:
            status, discharged = StayStatus.DISCHARGED, m.at
        last = m.at
    if admitted is None:
        return StayState(StayStatus.CANCELLED, None, None, None, None, last)
    return StayState(status, unit, bed, admitted, discharged, last)


def check_bed_available(bed: Bed | None, unit: str, bed_code: str, stay_id: str | None = None) -> None:
    if bed is None:
        raise DomainError("There is no bed {bed} in unit {unit}.", field="bed", bed=bed_code, unit=unit)
    if bed.closed:
        raise DomainError("Bed {bed} in {unit} is closed: reopen it first or choose another bed.", field="bed", bed=bed.code, unit=bed.unit)
    if bed.occupied_by is not None and bed.occupied_by != stay_id:
        raise DomainError("Bed {bed} in {unit} is already occupied.", field="bed", bed=bed.code, unit=bed.unit)


def _check_after_last(state: StayState, at: datetime) -> None:
    if state.last_at is not None and at < state.last_at:
        raise DomainError(
            "This time is before the stay's last movement ({last}): movements must follow each other.",
            field="at",
            last=state.last_at.strftime("%Y-%m-%d %H:%M UTC"),
        )


def check_admission(*, at: datetime, now: datetime, birth_date: datetime, has_current_stay: bool) -> None:
    check_not_future(at, now)
    if has_current_stay:
        raise DomainError("This patient already has a current stay: transfer or discharge it instead.", field="patient")
    if at < birth_date:
        raise DomainError("The admission time is before the patient's birth.", field="at")


def check_transfer(state: StayState, *, at: datetime, now: datetime, target_bed_id: str) -> None:
    check_not_future(at, now)
    if state.status == StayStatus.ON_LEAVE:
        raise DomainError("The patient is on leave: record her return before a transfer.", field="stay")
    if state.status != StayStatus.ACTIVE:
        raise DomainError("This stay is not current (status: {status}).", field="stay", status=state.status)
    if target_bed_id == state.bed_id:
        raise DomainError("The patient is already in this bed.", field="bed")
    _check_after_last(state, at)


def check_leave(state: StayState, *, at: datetime, now: datetime) -> None:
    check_not_future(at, now)
    if state.status == StayStatus.ON_LEAVE:
        raise DomainError("The patient is already on leave.", field="stay")
    if state.status != StayStatus.ACTIVE:
        raise DomainError("This stay is not current (status: {status}).", field="stay", status=state.status)
    _check_after_last(state, at)


def check_return(state: StayState, *, at: datetime, now: datetime) -> None:
    check_not_future(at, now)
    if state.status != StayStatus.ON_LEAVE:
        raise DomainError("The patient is not on leave.", field="stay")
    _check_after_last(state, at)


def check_discharge(state: StayState, *, at: datetime, now: datetime) -> None:
    check_not_future(at, now)
    if state.status not in StayStatus.CURRENT:
        raise DomainError("This stay is not current (status: {status}).", field="stay", status=state.status)
    if state.admitted_at is not None and at < state.admitted_at:
        raise DomainError("The discharge time is before the admission.", field="at")
    _check_after_last(state, at)


def check_cancellable(movement: Movement, later_live: list[Movement]) -> None:
    """Only the newest live movement of a stay can be cancelled: undo the later ones first."""
    if movement.cancelled:
        raise DomainError("This movement is already cancelled.", field="movement")
    if later_live:
        raise DomainError(
            "Cancel the later movements of this stay first (newest first).",
            field="movement",
        )


def check_newborn(*, sex: str, weight_g: int | None, at: datetime, now: datetime, mother: StayState) -> None:
    """``weight_g`` None: not weighed yet (a baby is registered before she is weighed)."""
    check_not_future(at, now)
    if mother.status not in StayStatus.CURRENT:
        raise DomainError("A birth is recorded on the mother's current stay.", field="stay")
    if sex not in ("F", "M", "U"):
        raise DomainError("Sex must be F, M or U (unknown).", field="sex")
    check_newborn_weight(weight_g)
    # A birth lies within the mother's stay: a baby born on the way is recorded once the mother's
    # admission carries the time she really arrived (cancel it and admit her again at that time).
    if mother.admitted_at is not None and at < mother.admitted_at:
        raise DomainError("This birth time ({at}) is before the mother's admission ({admitted}): correct her admission time "
                          "first, or check the birth time.", field="at", at=_clock(at), admitted=_clock(mother.admitted_at))


def _clock(moment: datetime) -> str:
    return moment.strftime("%d/%m/%Y %H:%M UTC")


# -- beds over time ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class BedStretch:
    """A stay holding a bed from ``start`` until ``end`` (None: still)."""

    bed_id: str
    start: datetime
    end: datetime | None


def bed_stretches(movements: Iterable[Movement]) -> list[BedStretch]:
    """Each stretch of time a stay held a bed, from its live movements in clinical order. A leave
    keeps the bed (it is reserved); a transfer to no bed (a newborn back with her mother) or a
    discharge frees it."""
    stretches: list[BedStretch] = []
    bed, since = None, None
    for m in sorted((m for m in movements if not m.cancelled), key=lambda m: (m.at, m.hlc, m.id)):
        if m.kind in (MovementKind.ADMISSION, MovementKind.TRANSFER):
            if m.bed_id != bed:
                if bed is not None:
                    stretches.append(BedStretch(bed, since, m.at))
                bed, since = m.bed_id, m.at
        elif m.kind == MovementKind.DISCHARGE:
            if bed is not None:
                stretches.append(BedStretch(bed, since, m.at))
            bed = None
    if bed is not None:
        stretches.append(BedStretch(bed, since, None))
    return stretches


def check_discharge_after_births(at: datetime, births_at: list[datetime]) -> None:
    """Births lie within the mother's stay: she does not leave before her last baby is born."""
    if births_at and at < max(births_at):
        raise DomainError("This discharge time is before a birth recorded on the stay ({born}): check the time.",
                          field="at", born=_clock(max(births_at)))


def check_discharge_after_newborn(at: datetime, newborn_last: datetime | None) -> None:
    """A mother leaves with the babies who are with her: not before the last thing that happened to
    one of them (her return from neonatology)."""
    if newborn_last is not None and at < newborn_last:
        raise DomainError("This discharge time is before her baby's last movement ({last}): check the time.",
                          field="at", last=_clock(newborn_last))


def check_placed_after_cancel(stay_kind: str | None, after: StayState, mother_current: bool) -> None:
    """Every cancellation leaves each stay placed or ended: a newborn sent back to her mother (her
    transfer to neonatology cancelled) needs a mother still on the ward."""
    if stay_kind == "newborn" and after.status in StayStatus.CURRENT and after.bed_id is None and not mother_current:
        raise DomainError("Her mother has left the ward: the baby cannot go back to her. Record a transfer or a discharge "
                          "for the baby instead.", field="movement")


def check_beds_never_shared(mine: list[BedStretch], others: dict[str, list[BedStretch]]) -> None:
    """A bed holds at most one patient at any instant of its history: none of these stretches may
    overlap another stay's in the same bed (a back-dated admission or transfer into a bed occupied
    then, a cancellation that puts a patient back where someone else lay since)."""
    for stretch in mine:
        for other in others.get(stretch.bed_id, []):
            if other.start < (stretch.end or datetime.max.replace(tzinfo=other.start.tzinfo)) and \
                    stretch.start < (other.end or datetime.max.replace(tzinfo=stretch.start.tzinfo)):
                unit, bed = stretch.bed_id.split(":", 1)
                if other.end is None:
                    raise DomainError("Bed {bed} in {unit} has been occupied by another patient since {start}: it cannot be given "
                                      "from {at}.", field="bed", bed=bed, unit=unit, start=_clock(other.start), at=_clock(stretch.start))
                raise DomainError("Bed {bed} in {unit} was occupied by another patient from {start} to {end}: it cannot be given "
                                  "from {at}.", field="bed", bed=bed, unit=unit, start=_clock(other.start), end=_clock(other.end),
                                  at=_clock(stretch.start))


def check_newborn_weight(weight_g: int | None) -> None:
    if weight_g is not None and not MIN_NEWBORN_WEIGHT_G <= weight_g <= MAX_NEWBORN_WEIGHT_G:
        raise DomainError(
            "The weight must be between {low} and {high} grams.",
            field="weight",
            low=MIN_NEWBORN_WEIGHT_G,
            high=MAX_NEWBORN_WEIGHT_G,
        )


def check_bed_close(bed: Bed) -> None:
    if bed.closed:
        raise DomainError("Bed {bed} in {unit} is already closed.", field="bed", bed=bed.code, unit=bed.unit)
    if bed.occupied_by is not None:
        raise DomainError("Bed {bed} in {unit} is occupied: transfer or discharge the patient before closing it.", field="bed", bed=bed.code, unit=bed.unit)


def check_bed_open(bed: Bed) -> None:
    if not bed.closed:
        raise DomainError("Bed {bed} in {unit} is already open.", field="bed", bed=bed.code, unit=bed.unit)
