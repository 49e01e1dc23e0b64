"""Plain-text renderings of what the commands return (the --json forms print the data itself)."""

from __future__ import annotations

from continuity.core.identifiers import short_id
from continuity.core.names import display_name
from continuity.i18n import _, ngettext
from continuity.i18n.labels import field_name, stamp_time, word


def census_text(census: dict) -> str:
    lines = [_("Census of {date}", date=census["date"])]
    for unit in census["units"]:
        c = unit["counts"]
        lines.append("")
        lines.append(
            _("{code} {name}: {occupied}/{open} beds occupied, {free}, {closed}, {newborns}",
              code=unit["code"], name=unit["name"], occupied=c["occupied"], open=c["total"] - c["closed"],
              free=ngettext("{n} free", "{n} free", c["free"]), closed=ngettext("{n} closed", "{n} closed", c["closed"]),
              newborns=ngettext("{n} newborn", "{n} newborns", c["newborns"]))
        )
        for bed in unit["beds"]:
            if bed["state"] == "occupied":
                leave = _(" (on leave)") if bed["on_leave"] else ""
                lines.append(f"  {bed['bed']:<8} {bed['name']}, {bed['age']}  IPP {bed['ipp']}  NDA {bed['nda']}{leave}")
                for nb in bed["newborns"]:
                    lines.append("           + " + _("newborn {order}: {name} ({sex})  IPP {ipp}  NDA {nda}",
                                                     order=nb["birth_order"], name=nb["name"], sex=nb["sex"], ipp=nb["ipp"], nda=nb["nda"]))
            elif bed["state"] == "closed":
                lines.append(f"  {bed['bed']:<8} " + _("closed") + (f" ({bed['closed_reason']})" if bed["closed_reason"] else ""))
            else:
                lines.append(f"  {bed['bed']:<8} " + _("free"))
    return "\n".join(lines)


def patient_text(record: dict) -> str:
    p = record["patient"]
    lines = [
        display_name(p["birth_name"], p["first_names"], p.get("used_name"), p.get("used_first_name")),
        _("IPP {ipp}  born {birth_date}  sex {sex}  identity {status}", ipp=p["ipp"], birth_date=p["birth_date"], sex=p["sex"], status=p["identity_status"]),
    ]
    if p.get("ins"):
        lines.append(_("INS {ins} ({kind}, copied from a card, not qualified)", ins=p["ins"], kind=p["ins_kind"]))
    if p.get("record_status") != "active":
        lines.append(_("Record marked: {status}", status=word(p["record_status"])))
    if record.get("identity_history"):
        lines.append("")
        lines.append(_("Identity changes:"))
        for change in record["identity_history"]:
            lines.append(_("  {when}  {field}: {old} → {new}  ({user}, {device})", when=stamp_time(change["hlc"]), field=field_name(change["field"]),
                           old=_shown(change["old"]), new=_shown(change["new"]), user=change["user"] or "?", device=change["device_id"][:8]))
    for stay in record["stays"]:
        lines.append("")
        lines.append(_("Stay NDA {nda}: {status}, {unit} {bed}", nda=stay["nda"], status=word(stay["status"]), unit=stay["unit"] or "-", bed=(stay["bed_id"] or "").split(":")[-1]))
        for m in stay["movements"]:
            mark = "  [" + _("cancelled") + "]" if m["cancelled"] else ""
            where = f" {m['unit'] or ''} {(m['bed_id'] or '').split(':')[-1]}".rstrip()
            lines.append(f"  {short_id(m['id'])}  {m['at']}  {word(m['kind'])}{where}{mark}")
        for b in stay["births"]:
            if b["weight_g"] is None:  # registered before she was weighed: said, not shown as "None g"
                lines.append("  " + _("birth {order}: {sex}, weight not recorded yet, at {at} ({status})", order=b["birth_order"], sex=b["sex"], at=b["at"], status=word(b["status"])))
            else:
                lines.append("  " + _("birth {order}: {sex}, {weight} g at {at} ({status})", order=b["birth_order"], sex=b["sex"], weight=b["weight_g"], at=b["at"], status=word(b["status"])))
    return "\n".join(lines)


def _shown(value: object) -> str:
    """A field's value in a change line: lists as their words, nothing as a dash."""
    if value in (None, "", []):
        return "—"
    return " ".join(map(str, value)) if isinstance(value, list) else str(value)


def search_text(rows: list[dict]) -> str:
    if not rows:
        return _("No patient found.")
    lines = []
    for r in rows:
        name = display_name(r["birth_name"], r["first_names"], r["used_name"], r.get("used_first_name"))
        where = f"  {r['current_unit']} {(r['current_bed'] or '').split(':')[-1]}  NDA {r['current_nda']}" if r["current_nda"] else ""
        lines.append(f"{r['ipp']}  {name}  {r['birth_date']}  {r['sex']}{where}")
    return "\n".join(lines)


def movements_text(rows: list[dict]) -> str:
    if not rows:
        return _("No movement on this day.")
    lines = []
    for m in rows:
        mark = "  [" + _("cancelled") + "]" if m["cancelled"] else ""
        lines.append(f"{short_id(m['id'])}  {m['at']}  {word(m['kind']):<9}  {m['unit'] or '':<4} {m['bed'] or '':<6}  NDA {m['nda']}  {m['name']}{mark}")
    return "\n".join(lines)
