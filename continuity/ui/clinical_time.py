"""A time typed in a dialog, as the services read it."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QTimeZone, Qt
from PySide6.QtWidgets import QDateTimeEdit

from continuity.i18n import labels

_ward_zone: QTimeZone | None = None  # set at sign-in: every form and list shows the ward's time


def use_ward_zone(zone: str | None) -> None:
    """One zone everywhere, the ward's (a laptop set to another zone shows and records ward time)."""
    global _ward_zone
    candidate = QTimeZone(zone.encode()) if zone else None
    _ward_zone = candidate if candidate is not None and candidate.isValid() else None
    labels.set_display_zone(zone if _ward_zone is not None else None)


def ward_now() -> QDateTime:
    now = QDateTime.currentDateTime()
    return now.toTimeZone(_ward_zone) if _ward_zone is not None else now


def in_ward_time(edit: QDateTimeEdit) -> QDateTime:
    """Put a form's date-time field on the ward's clock, at now; returns that moment."""
    if _ward_zone is not None:
        edit.setTimeZone(_ward_zone)
    opened = ward_now()
    edit.setDateTime(opened)
    return opened


def typed_time(chosen: QDateTime, opened: QDateTime) -> str:
    """The time shown, as it was recorded: left as the form opened, the moment it opened (to the
    second, so that a transfer typed just after an admission still comes after it), not the moment
    OK was pressed, however long the form stayed open; otherwise the minute typed. With this
    laptop's UTC offset, so it means the same whatever the ward's zone."""
    if chosen.toString("yyyyMMddHHmm") == opened.toString("yyyyMMddHHmm"):
        return opened.toOffsetFromUtc(opened.offsetFromUtc()).toString(Qt.DateFormat.ISODate)
    minute = chosen.addSecs(-chosen.time().second())
    return minute.toOffsetFromUtc(minute.offsetFromUtc()).toString(Qt.DateFormat.ISODate)
