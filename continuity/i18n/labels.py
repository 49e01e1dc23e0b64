"""Words for codes stored in the data (movement kinds, statuses), in the user's language, and
stored UTC times shown in the ward's time. Shared by the command line and the window."""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from continuity.core.hlc import wall_time
from continuity.i18n import _


def word(code: str | None) -> str:
    """Movement kinds and statuses in the user's language."""
    labels = {
        "admission": _("admission"), "transfer": _("transfer"), "leave": _("leave"), "return": _("return"),
        "discharge": _("discharge"), "active": _("current"), "on_leave": _("on leave"),
        "discharged": _("discharged"), "cancelled": _("cancelled"), "recorded": _("recorded"),
        "entered_in_error": _("entered in error"), "active_record": _("active"),
        "midwife": _("midwife"), "clerk": _("clerk"), "supervisor": _("supervisor"), "it": _("IT"),
    }
    return labels.get(code or "", code or "-")


def field_name(code: str) -> str:
    """A replicated field in the user's language (identity history, conflicts)."""
    labels = {
        "birth_name": _("birth name"), "used_name": _("used name"), "first_names": _("first names"),
        "used_first_name": _("used first name"), "birth_date": _("birth date"), "sex": _("sex"), "birth_place": _("birth place"),
        "ins": _("INS"), "ins_kind": _("INS kind"), "address": _("address"), "phone": _("phone"),
        "identity_status": _("identity status"), "record_status": _("record status"), "ipp": _("IPP"),
        "unit": _("unit"), "bed_id": _("bed"), "status": _("status"), "destination": _("destination"), "weight_g": _("weight"),
        "closed": _("closed"), "closed_reason": _("reason for closing"), "shift": _("shift"),
    }
    return labels.get(code, code)


_display_zone: str | None = None  # the ward's time zone once someone signed in (else the laptop's)


def set_display_zone(zone: str | None) -> None:
    global _display_zone
    _display_zone = zone


def local_time(stored: str | None, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """``2026-11-22T08:30:00Z`` in the ward's time (the laptop's until someone signed in)."""
    if not stored:
        return ""
    try:
        moment = datetime.strptime(stored, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        return stored
    return (moment.astimezone(ZoneInfo(_display_zone)) if _display_zone else moment.astimezone()).strftime(pattern)


def staff_role_label(code: str) -> str:
    """Staff roles of the rota (the codes of the ward file) in the user's language, plural."""
    labels = {
        "SF": _("Midwives (SF)"), "AP": _("Childcare assistants (AP)"), "IDE": _("Nurses (IDE)"), "AS": _("Care assistants (AS)"),
        "GYN": _("Obstetricians"), "ANE": _("Anaesthetists"), "PED": _("Paediatricians"), "CADRE": _("Supervisors"), "OTHER": _("Others"),
    }
    return labels.get(code, code)


def absence_label(kind: str) -> str:
    labels = {"CA": _("CA: leave"), "MAL": _("MAL: sick leave"), "FOR": _("FOR: training")}
    return labels.get(kind, kind)


def stamp_time(stamp: int, pattern: str = "%d/%m/%Y %H:%M") -> str:
    """A journal clock stamp as a time of the ward (when a change was made)."""
    return local_time(wall_time(stamp).strftime("%Y-%m-%dT%H:%M:%SZ"), pattern)
