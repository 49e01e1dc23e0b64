"""A time typed in a dialog, as the services read it."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt


def typed_time(chosen: QDateTime, opened: QDateTime) -> str:
    """The time shown, as it was recorded: left as the form opened, the moment it opened (to the
    second, so that a transfer typed just after an admission still comes after it), not the moment
    OK was pressed, however long the form stayed open; otherwise the minute typed. With this
    laptop's UTC offset, so it means the same whatever the ward's zone."""
    if chosen.toString("yyyyMMddHHmm") == opened.toString("yyyyMMddHHmm"):
        return opened.toOffsetFromUtc(opened.offsetFromUtc()).toString(Qt.DateFormat.ISODate)
    minute = chosen.addSecs(-chosen.time().second())
    return minute.toOffsetFromUtc(minute.offsetFromUtc()).toString(Qt.DateFormat.ISODate)
