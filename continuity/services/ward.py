"""What the ward looks like now: the census (bed board) and the day's movements."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from continuity.core.identifiers import short_id
from continuity.core.names import display_name
from continuity.core.permissions import Permission
from continuity.core.times import age_label, from_storage, newborn_age_label, to_storage
from continuity.i18n import _
from continuity.services.common import audit_read, today
from continuity.services.session import Session
from continuity.store import stays as stay_store


def _name(row: dict) -> str:
    return display_name(row.get("birth_name"), json.loads(row.get("first_names") or "[]"), row.get("used_name"), row.get("used_first_name"))


def _newborn(nb: dict, now, day: date) -> dict:
    """A baby as every display shows her: name, sex, twin rank (J1, J2), age in hours at first,
    and her mother (name, NDA, where she lies)."""
    born_at = from_storage(nb["admitted_at"]) if nb.get("admitted_at") else None
    mother_where = f"{nb['mother_unit'] or ''} {(nb['mother_bed_id'] or ':').split(':', 1)[1]}".strip()
    mother = (_("Mother: {name}, {where}", name=display_name(nb["mother_birth_name"], json.loads(nb["mother_first_names"] or "[]"),
                                                            nb["mother_used_name"]), where=f"NDA {nb['mother_nda']} {mother_where}".strip())
              if nb.get("mother_nda") else "")
    return {"ipp": nb["ipp"], "nda": nb["nda"], "name": _name(nb), "sex": nb["sex"], "birth_order": nb["birth_order"],
            "rank": f"J{nb['birth_order']}" if (nb.get("siblings") or 1) > 1 else "",
            "age": newborn_age_label(born_at, date.fromisoformat(nb["birth_date"]), now, day) if nb["birth_date"] else "",
            "mother": mother, "birth_id": nb.get("birth_id"), "weight_g": nb.get("weight_g"),
            "weight_missing": bool(nb.get("birth_id")) and nb.get("weight_g") is None}


def _age(birth_date: str | None, day: date) -> str:
    return age_label(date.fromisoformat(birth_date), day) if birth_date else ""


def _occupant(row: dict, newborns: dict[str, list[dict]], day: date) -> dict:
    """Who lies in a bed. Her identity may not have arrived yet (sync from a third laptop)."""
    return {
        "ipp": row["ipp"],
        "nda": row["nda"],
        "name": _name(row) if row["birth_name"] else _("(identity not received yet)"),
        "sex": row["sex"],
        "age": _age(row["birth_date"], day),
        "admitted_at": row["admitted_at"],
        "on_leave": row["status"] == "on_leave",
        "newborn": row["stay_kind"] == "newborn",
        "newborns": newborns.get(row["stay_id"], []),
    }


def changes_elsewhere(session: Session) -> int:
    """A number that changes when another process on this laptop wrote to the ward's database
    (the window refreshes then, instead of at its next two-minute refresh)."""
    session.require(Permission.CENSUS_READ)
    return session.store.data_version()


def census(session: Session) -> dict:
    """Every unit with its beds (free, occupied, closed), occupants and newborns with their mother."""
    session.require(Permission.CENSUS_READ)
    db = session.store.db
    # Read first: a write by another process from here on changes it, and the window refreshes.
    version = session.store.data_version()
    day = today(session)
    now = session.store.now()
    newborns: dict[str, list[dict]] = {}  # mother's stay -> her babies with her
    away: dict[str, list[dict]] = {}  # mother's stay -> her babies elsewhere (neonatology)
    babies: dict[str, dict] = {}  # a baby's own stay -> what her tile says of her and her mother
    for nb in stay_store.current_newborns(db):
        baby = _newborn(nb, now, day)
        babies[nb["stay_id"]] = baby
        if nb["with_mother"]:
            newborns.setdefault(nb["mother_stay_id"], []).append(baby)
        elif nb["bed_id"]:
            away.setdefault(nb["mother_stay_id"], []).append({**baby, "unit": nb["unit"], "bed": nb["bed_id"].split(":", 1)[1]})
    units = {u["code"]: {**u, "beds": [], "counts": {"total": 0, "occupied": 0, "free": 0, "closed": 0, "newborns": 0}} for u in stay_store.units(db)}
    seen: dict[str, dict] = {}
    for row in stay_store.bed_board(db):
        unit = units[row["unit"]]
        occupant = _occupant(row, newborns, day) if row["stay_id"] else None
        if occupant is not None:
            occupant["newborns_away"] = away.get(row["stay_id"], [])
            if occupant["newborn"] and row["stay_id"] in babies:  # a baby in a bed of her own: who she is, and her mother
                baby = babies[row["stay_id"]]
                occupant.update(age=baby["age"], rank=baby["rank"], mother=baby["mother"], birth_id=baby["birth_id"],
                                birth_order=baby["birth_order"], weight_g=baby["weight_g"], weight_missing=baby["weight_missing"])
        if row["bed_id"] in seen:
            # Two laptops admitted to the same bed: both are shown, and the bed is flagged.
            first = seen[row["bed_id"]]
            first["shared"] = True
            first.setdefault("also", []).append(occupant)
            unit["counts"]["newborns"] += len(occupant["newborns"])
            continue
        state = "closed" if row["closed"] else ("occupied" if occupant else "free")
        bed = {"bed": row["bed"], "room": row["room"], "state": state, "closed_reason": row["closed_reason"], "shared": False}
        if occupant:
            bed.update(occupant)
            unit["counts"]["newborns"] += len(occupant["newborns"])
        seen[row["bed_id"]] = bed
        unit["beds"].append(bed)
        unit["counts"]["total"] += 1
        unit["counts"][state] += 1
    audit_read(session, "census.read", occupied=sum(u["counts"]["occupied"] for u in units.values()),
               newborns=sum(u["counts"]["newborns"] for u in units.values()))
    return {"date": day.isoformat(), "units": list(units.values()), "data_version": version}


def movements_on(session: Session, day: date | None = None) -> list[dict]:
    """Movements whose clinical time falls on the given local day (today by default), cancelled ones included."""
    session.require(Permission.CENSUS_READ)
    day = day or today(session)
    start = datetime.combine(day, time(0), ZoneInfo(session.timezone))
    rows = _movements_between(session, start, start + timedelta(days=1))
    audit_read(session, "movements.read", movements=len(rows))
    return rows


def recent_movements(session: Session, hours: int = 24) -> dict:
    """The last ``hours`` of movements (cancelled ones included), oldest first: at 3 a.m. the night
    shift sees its evening, which a calendar day would hide."""
    session.require(Permission.CENSUS_READ)
    end = session.store.now()
    start = end - timedelta(hours=hours)
    zone = ZoneInfo(session.timezone)
    rows = _movements_between(session, start, end + timedelta(minutes=5))
    audit_read(session, "movements.read", movements=len(rows))
    return {"since": start.astimezone(zone).strftime("%Y-%m-%d %H:%M"), "hours": hours, "rows": rows}


def _movements_between(session: Session, start: datetime, end: datetime) -> list[dict]:
    zone = ZoneInfo(session.timezone)
    rows = stay_store.movements_between(session.store.db, to_storage(start), to_storage(end))
    return [
        {
            "id": r["id"],
            "short_id": short_id(r["id"]),
            "kind": r["kind"],
            "at": from_storage(r["at"]).astimezone(zone).strftime("%Y-%m-%d %H:%M"),
            "nda": r["nda"],
            "ipp": r["ipp"],
            "name": _name(r) if r["birth_name"] else _("(identity not received yet)"),
            "unit": r["unit"],
            "bed": r["bed_id"].split(":", 1)[1] if r["bed_id"] else None,
            "destination": r["destination"],
            "cancelled": bool(r["cancelled"]),
            "entered_by": r["entered_by"],
            "birth": r["kind"] == "admission" and r["reason"] == "birth",
        }
        for r in rows
    ]
