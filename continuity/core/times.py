"""Clinical time: when something happened on the ward, as typed by a person (often after the fact).

Stored in UTC as ``YYYY-MM-DDTHH:MM:SSZ``; typed and shown in the ward's time zone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from continuity.core.errors import DomainError
from continuity.i18n import _

# Laptop clocks drift: an event "a few minutes in the future" is a clock, not a typing error.
FUTURE_TOLERANCE = timedelta(minutes=5)


def to_storage(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def from_storage(text: str) -> datetime:
    # The stored shape only ("2026-11-30T05:00:00Z"), read with fromisoformat: strptime is ten
    # times slower, and every stay's replay on import reads its movements' times.
    if len(text) == 20 and text[10] == "T" and text[19] == "Z":
        return datetime.fromisoformat(text[:19]).replace(tzinfo=timezone.utc)
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def parse_clinical_time(text: str | None, now: datetime, zone: str, field: str = "at") -> datetime:
    """A time typed by a user: ISO date-time, 'YYYY-MM-DD HH:MM', or 'HH:MM' meaning today."""
    if text is None or not text.strip():
        return now
    value = text.strip()
    tz = ZoneInfo(zone)
    try:
        if len(value) <= 5 and ":" in value:
            moment = datetime.combine(now.astimezone(tz).date(), time.fromisoformat(value), tz)
        else:
            moment = datetime.fromisoformat(value.replace(" ", "T", 1))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=tz)
    except ValueError:
        raise DomainError(
            "Cannot read the time {value!r}: use YYYY-MM-DD HH:MM (or HH:MM for today).",
            field=field,
            value=value,
        ) from None
    moment = moment.astimezone(timezone.utc).replace(microsecond=0)
    check_not_future(moment, now, field)
    return moment


def check_not_future(moment: datetime, now: datetime, field: str = "at") -> None:
    if moment > now + FUTURE_TOLERANCE:
        raise DomainError("This time is in the future: a movement is recorded once it has happened.", field=field)


def parse_date(text: str, field: str) -> date:
    value = text.strip()
    try:
        if "/" in value:
            day, month, year = value.split("/")
            return date(int(year), int(month), int(day))
        return date.fromisoformat(value)
    except ValueError:
        raise DomainError("Cannot read the date {value!r}: use YYYY-MM-DD or DD/MM/YYYY.", field=field, value=value) from None


def to_zone(moment: datetime, zone: str) -> datetime:
    """The same instant in the ward's time zone."""
    return moment.astimezone(ZoneInfo(zone))


def local_date(moment: datetime, zone: str) -> date:
    return moment.astimezone(ZoneInfo(zone)).date()


NEWBORN_HOURS = 72  # a newborn's age is counted in hours over her first three days


def newborn_age_label(born_at: datetime | None, birth_date: date, now: datetime, today: date) -> str:
    """A newborn's age in hours over her first days (care is timed from birth), then as anyone's."""
    if born_at is not None:
        hours = int((now - born_at).total_seconds() // 3600)
        if 0 <= hours < NEWBORN_HOURS:
            return _("{n} h", n=hours)
    return age_label(birth_date, today)


def age_label(birth_date: date, today: date) -> str:
    days = (today - birth_date).days
    if days < 31:
        return _("{n} d", n=days)
    months = (today.year - birth_date.year) * 12 + today.month - birth_date.month - (today.day < birth_date.day)
    if months < 24:
        return _("{n} mo", n=months)
    return _("{n} y", n=months // 12)
