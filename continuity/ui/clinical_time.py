"""A time typed in a dialog, as the services read it."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt


def typed_time(chosen: QDateTime, opened: QDateTime) -> str | None:
    """None ("now", to the second) when the field was left as the dialog opened; otherwise the
    time typed, with this laptop's UTC offset, so it means the same whatever the ward's zone."""
    if chosen.toString("yyyyMMddHHmm") == opened.toString("yyyyMMddHHmm"):
        return None
    minute = chosen.addSecs(-chosen.time().second())
    return minute.toOffsetFromUtc(minute.offsetFromUtc()).toString(Qt.DateFormat.ISODate)
