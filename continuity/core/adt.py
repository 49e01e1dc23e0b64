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
    # Born before arrival happens; more than two days before admission is a typing error.
    if mother.admitted_at is not None and at < mother.admitted_at - timedelta(days=2):
        raise DomainError("The birth time is long before the mother's admission: check the date.", field="at")


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
