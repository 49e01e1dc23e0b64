"""Staff planning: the rota grid, edits (assign, absences, swaps, copy a week), checks, automatic
filling, publication and printing. Every change is journaled (it syncs like ADT data) and audited;
every function checks the user's permission first."""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any, BinaryIO

from continuity.core import rota as rules
from continuity.core.errors import DomainError, NotFound
from continuity.core.permissions import Permission, allowed
from continuity.core.rota import (
    ABSENCE_KINDS,
    Absence,
    Assignment,
    Cover,
    RotaData,
    Shift,
    StaffMember,
    Unit,
)
from continuity.core.times import from_storage, to_zone
from continuity.core.ward import STAFF_ROLES
from continuity.i18n import _, ngettext
from continuity.i18n.labels import staff_role_label
from continuity.services.common import new_id, today
from continuity.services.session import Session
from continuity.store import rota as rota_store

CONTEXT_DAYS = 7  # rest and 7-day rules look this far either side of a period
MAX_WEEKS = 5
ROLE_ORDER = list(STAFF_ROLES)


def cell_id(staff: str, day: date) -> str:
    """A grid cell is one entity: two laptops editing the same cell converge on one value (the other
    is kept as a conflict), never two shifts side by side."""
    return f"rota:{staff}:{day.isoformat()}"


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def period(first_day: date | None, weeks: int, session: Session) -> tuple[date, int]:
    if not 1 <= weeks <= MAX_WEEKS:
        raise DomainError("Choose between 1 and {maximum} weeks.", field="weeks", maximum=MAX_WEEKS)
    return (first_day or week_start(today(session))), weeks * 7


# -- reading ---------------------------------------------------------------------------------------------

def load(session: Session, first_day: date, days: int) -> RotaData:
    """The period and a week either side, as the rules see it."""
    session.require(Permission.ROTA_READ)
    db = session.store.db
    start, end = first_day - timedelta(days=CONTEXT_DAYS), first_day + timedelta(days=days - 1 + CONTEXT_DAYS)
    shifts = {r["code"]: Shift.from_clock(r["code"], r["label"] or r["code"], r["start"], r["end"]) for r in rota_store.shift_types(db)}
    staff = {r["id"]: _member(r) for r in rota_store.staff(db, include_inactive=True)}
    units = {r["code"]: Unit(r["code"], r["name"], r["kind"]) for r in rota_store.units(db)}
    cover = [Cover(r["unit"], r["shift"], r["role"], r["minimum"], r["optimal"] if r["optimal"] is not None else r["minimum"])
             for r in rota_store.cover_requirements(db)]
    assignments = [_assignment(r) for r in rota_store.cells_between(db, start.isoformat(), end.isoformat())]
    absences = [Absence(r["staff"], date.fromisoformat(r["first_day"]), date.fromisoformat(r["last_day"]), r["kind"])
                for r in rota_store.absences_between(db, start.isoformat(), end.isoformat())]
    return RotaData(first_day, days, shifts, staff, units, cover, assignments, absences,
                    rules.rules_from_config(rota_store.rule_settings(db)))


def _member(row: dict) -> StaffMember:
    return StaffMember(row["id"], row["last_name"] or "", row["first_name"] or "", row["role"], frozenset(row["skills"]),
                       float(row["ratio"] if row["ratio"] is not None else 1.0), tuple(row["units"]), row.get("grade"), bool(row["active"]))


def _assignment(row: dict) -> Assignment:
    return Assignment(row["staff"], date.fromisoformat(row["day"]), row["shift"], row["unit"], bool(row["pinned"]),
                      bool(row["published"]), row["origin"] or "hand")


def _unit_filter(data: RotaData, unit: str | None) -> None:
    if unit is not None and unit not in data.units:
        raise NotFound("Unknown unit {unit}.", field="unit", unit=unit)


def check(session: Session, first_day: date | None, weeks: int = 1, unit: str | None = None) -> dict:
    """Broken rules and cover shortfalls of the period (of one unit: its cover and the people who
    work there)."""
    first, days = period(first_day, weeks, session)
    data = load(session, first, days)
    _unit_filter(data, unit)
    violations = [v for v in rules.check(data) if _concerns(data, v, unit)]
    cover = [c for c in rules.cover(data) if unit is None or c.unit == unit]
    return {
        "first_day": first.isoformat(),
        "last_day": data.last_day.isoformat(),
        "unit": unit,
        "violations": [{**v.as_dict(), "title": rules.rule_title(v.rule)} for v in violations],
        "cover_shortfalls": [c.as_dict() for c in cover if c.short],
        "hard": sum(1 for v in violations if v.hard),
        "soft": sum(1 for v in violations if not v.hard),
    }


def _concerns(data: RotaData, violation: rules.Violation, unit: str | None) -> bool:
    if unit is None:
        return True
    if violation.unit is not None:
        return violation.unit == unit
    if violation.staff is None:  # ward-wide (the birth suite)
        return data.units.get(unit, Unit(unit, unit, "")).kind == "birth_suite"
    return any(a.staff == violation.staff and a.unit == unit for a in data.assignments if data.in_period(a.day))


def grid(session: Session, first_day: date | None, weeks: int = 1, unit: str | None = None) -> dict:
    """Everything the rota window shows for a period, as plain data."""
    first, days = period(first_day, weeks, session)
    data = load(session, first, days)
    _unit_filter(data, unit)
    in_period = [a for a in data.assignments if data.in_period(a.day)]
    shown_staff = [m for m in data.staff.values() if m.active or any(a.staff == m.id for a in in_period)]
    if unit is not None:
        working_here = {a.staff for a in in_period if a.unit == unit}
        shown_staff = [m for m in shown_staff if unit in m.units or m.id in working_here or not m.units]
    shown_staff.sort(key=lambda m: (ROLE_ORDER.index(m.role) if m.role in ROLE_ORDER else 99, m.last_name, m.first_name, m.id))
    violations = [v for v in rules.check(data) if _concerns(data, v, unit)]
    return {
        "first_day": first.isoformat(),
        "days": days,
        "unit": unit,
        "shifts": [{"code": s.code, "label": s.label, "clock": s.clock, "hours": s.hours, "night": s.is_night} for s in data.shifts.values()],
        "units": [{"code": u.code, "name": u.name, "kind": u.kind} for u in data.units.values()],
        "staff": [{"id": m.id, "name": m.name, "role": m.role, "skills": sorted(m.skills), "units": list(m.units), "ratio": m.ratio,
                   "active": m.active} for m in shown_staff],
        "cells": [{"staff": a.staff, "day": a.day.isoformat(), "shift": a.shift, "unit": a.unit, "pinned": a.pinned,
                   "published": a.published, "origin": a.origin} for a in in_period],
        "absences": [{"id": r["id"], "staff": r["staff"], "first_day": r["first_day"], "last_day": r["last_day"], "kind": r["kind"]}
                     for r in rota_store.absences_between(session.store.db, first.isoformat(), data.last_day.isoformat())],
        "cover": [c.as_dict() for c in rules.cover(data) if unit is None or c.unit == unit],
        "violations": [{**v.as_dict(), "title": rules.rule_title(v.rule)} for v in violations],
        "version": version(session, first, days, unit),
        "can_edit": allowed(session.role, Permission.ROTA_EDIT),
    }


def staff_list(session: Session, include_inactive: bool = False) -> list[dict]:
    session.require(Permission.ROTA_READ)
    return rota_store.staff(session.store.db, include_inactive)


# -- editing ---------------------------------------------------------------------------------------------

def _require_edit(session: Session) -> None:
    session.require(Permission.ROTA_EDIT)


def _staff_or_refuse(session: Session, staff_id: str) -> dict:
    member = rota_store.staff_member(session.store.db, staff_id)
    if member is None:
        raise NotFound("Unknown staff member {staff}.", field="staff", staff=staff_id)
    return member


def _absence_on(session: Session, staff_id: str, day: date) -> dict | None:
    rows = rota_store.absences_between(session.store.db, day.isoformat(), day.isoformat())
    return next((r for r in rows if r["staff"] == staff_id), None)


def assign(session: Session, staff_id: str, day: date, shift: str | None, unit: str | None = None, *,
           pinned: bool | None = None) -> dict:
    """Put a shift in a person's cell (``shift`` None or empty clears it). The unit defaults to the
    person's first unit. Changing a published cell makes it a draft again (the rota needs publishing)."""
    _require_edit(session)
    db = session.store.db
    member = _staff_or_refuse(session, staff_id)
    shift = (shift or "").strip().upper() or None
    if shift is not None:
        codes = {r["code"] for r in rota_store.shift_types(db)}
        if shift not in codes:
            raise DomainError("Unknown shift code {code} (known: {codes}).", field="shift", code=shift, codes=", ".join(sorted(codes)))
        unit = unit or (member["units"][0] if member["units"] else None)
        if unit is None:
            raise DomainError("Choose the unit for this shift.", field="unit")
        if unit not in {u["code"] for u in rota_store.units(db)}:
            raise NotFound("Unknown unit {unit}.", field="unit", unit=unit)
        if not member["active"]:
            raise DomainError("{name} is no longer in the staff list.", field="staff", name=_display(member))
        absent = _absence_on(session, staff_id, day)
        if absent is not None:
            raise DomainError("{name} is absent ({kind}) on {day}: cancel the absence first.", field="shift",
                              name=_display(member), kind=absent["kind"], day=day.isoformat())
    else:
        unit = None
    ident = cell_id(staff_id, day)
    before = rota_store.cell(db, ident)
    fields: dict[str, Any] = {"staff": staff_id, "day": day.isoformat(), "shift": shift, "unit": unit, "origin": "hand"}
    if before is None or before["published"]:
        fields["published"] = 0
    if pinned is not None:
        fields["pinned"] = int(pinned)
    with session.store.write(session.user) as tx:
        tx.set("assignment", ident, fields)
        tx.audit("rota.assign", "assignment", ident, detail={"shift": shift, "unit": unit})
    return {"id": ident, "staff": staff_id, "day": day.isoformat(), "shift": shift, "unit": unit,
            "before": {"shift": before["shift"], "unit": before["unit"]} if before else {"shift": None, "unit": None}}


def _display(member: dict) -> str:
    return f"{(member['last_name'] or '').upper()} {member['first_name'] or ''}".strip()


def pin(session: Session, staff_id: str, day: date, pinned: bool = True) -> dict:
    """A pinned cell is never moved by the automatic fill."""
    _require_edit(session)
    ident = cell_id(staff_id, day)
    if rota_store.cell(session.store.db, ident) is None:
        raise NotFound("Nothing to pin: {staff} has no shift on {day}.", field="day", staff=staff_id, day=day.isoformat())
    with session.store.write(session.user) as tx:
        tx.set("assignment", ident, {"pinned": int(pinned)})
        tx.audit("rota.pin" if pinned else "rota.unpin", "assignment", ident)
    return {"id": ident, "pinned": pinned}


def absent(session: Session, staff_id: str, first_day: date, last_day: date, kind: str, note: str | None = None) -> dict:
    """Record leave, sick leave or training. The person's shifts on those days are cleared (the holes
    appear in the cover, ready to be filled); the journal keeps what they were."""
    _require_edit(session)
    member = _staff_or_refuse(session, staff_id)
    kind = (kind or "").strip().upper()
    if kind not in ABSENCE_KINDS:
        raise DomainError("Unknown absence {kind} (one of {kinds}).", field="kind", kind=kind, kinds=", ".join(ABSENCE_KINDS))
    if last_day < first_day:
        raise DomainError("The last day is before the first day.", field="last_day")
    if (last_day - first_day).days > 366:
        raise DomainError("An absence cannot be longer than a year.", field="last_day")
    db = session.store.db
    holes = [c for c in rota_store.cells_between(db, first_day.isoformat(), last_day.isoformat()) if c["staff"] == staff_id]
    ident = new_id()
    with session.store.write(session.user) as tx:
        tx.set("absence", ident, {"staff": staff_id, "first_day": first_day.isoformat(), "last_day": last_day.isoformat(),
                                  "kind": kind, "cancelled": 0, "note": note})
        for c in holes:
            tx.set("assignment", c["id"], {"shift": None, "unit": None, "published": 0, "pinned": 0, "origin": "absence"})
        tx.audit("rota.absent", "absence", ident, detail={"staff": staff_id, "kind": kind, "cleared": len(holes)})
    return {"id": ident, "staff": staff_id, "name": _display(member), "kind": kind, "first_day": first_day.isoformat(),
            "last_day": last_day.isoformat(), "holes": [{"day": c["day"], "shift": c["shift"], "unit": c["unit"]} for c in holes]}


def cancel_absence(session: Session, absence_id: str) -> dict:
    _require_edit(session)
    row = rota_store.absence(session.store.db, absence_id)
    if row is None or row["cancelled"]:
        raise NotFound("No such absence.", field="absence")
    with session.store.write(session.user) as tx:
        tx.set("absence", absence_id, {"cancelled": 1})
        tx.audit("rota.absence_cancelled", "absence", absence_id)
    return {"id": absence_id, "cancelled": True}


def swap(session: Session, staff_a: str, day_a: date, staff_b: str, day_b: date) -> dict:
    """Exchange two cells (two people, same or different days; or one person's two days)."""
    _require_edit(session)
    db = session.store.db
    members = {s: _staff_or_refuse(session, s) for s in (staff_a, staff_b)}
    first, second = cell_id(staff_a, day_a), cell_id(staff_b, day_b)
    if first == second:
        raise DomainError("Choose two different cells to swap.", field="staff")
    cells = {ident: rota_store.cell(db, ident) or {} for ident in (first, second)}
    moves = [(staff_a, day_a, cells[second]), (staff_b, day_b, cells[first])]
    for staff_id, day, incoming in moves:
        if incoming.get("shift") and _absence_on(session, staff_id, day) is not None:
            raise DomainError("{name} is absent on {day}.", field="staff", name=_display(members[staff_id]), day=day.isoformat())
    with session.store.write(session.user) as tx:
        for staff_id, day, incoming in moves:
            tx.set("assignment", cell_id(staff_id, day), {"staff": staff_id, "day": day.isoformat(), "shift": incoming.get("shift"),
                                                          "unit": incoming.get("unit"), "published": 0, "origin": "swap"})
        tx.audit("rota.swap", "assignment", first, detail={"with": second})
    return {"swapped": [first, second]}


def copy_week(session: Session, from_monday: date, to_monday: date, unit: str | None = None) -> dict:
    """Copy one week's shifts onto another week. Cells already holding a shift, pinned or published,
    and days someone is absent are left as they are (and counted)."""
    _require_edit(session)
    if from_monday == to_monday:
        raise DomainError("Choose another week to copy onto.", field="to")
    db = session.store.db
    source = [c for c in rota_store.cells_between(db, from_monday.isoformat(), (from_monday + timedelta(days=6)).isoformat())
              if unit is None or c["unit"] == unit]
    target_last = to_monday + timedelta(days=6)
    occupied = {(c["staff"], c["day"]) for c in rota_store.cells_between(db, to_monday.isoformat(), target_last.isoformat())}
    absences = rota_store.absences_between(db, to_monday.isoformat(), target_last.isoformat())
    active = {m["id"] for m in rota_store.staff(db)}
    copied, kept, skipped_absent = [], 0, 0
    for c in source:
        day = to_monday + timedelta(days=(date.fromisoformat(c["day"]) - from_monday).days)
        if (c["staff"], day.isoformat()) in occupied or c["staff"] not in active:
            kept += 1
            continue
        if any(a["staff"] == c["staff"] and a["first_day"] <= day.isoformat() <= a["last_day"] for a in absences):
            skipped_absent += 1
            continue
        copied.append((c, day))
    with session.store.write(session.user) as tx:
        for c, day in copied:
            tx.set("assignment", cell_id(c["staff"], day), {"staff": c["staff"], "day": day.isoformat(), "shift": c["shift"],
                                                            "unit": c["unit"], "published": 0, "pinned": 0, "origin": "copy"})
        tx.audit("rota.copy_week", detail={"from": from_monday.isoformat(), "to": to_monday.isoformat(), "copied": len(copied)})
    return {"copied": len(copied), "kept": kept, "absent": skipped_absent}


def publish(session: Session, first_day: date | None, weeks: int = 1, unit: str | None = None) -> dict:
    """Mark the period's shifts as published: the automatic fill leaves them alone from now on."""
    _require_edit(session)
    first, days = period(first_day, weeks, session)
    last = first + timedelta(days=days - 1)
    db = session.store.db
    cells = [c for c in rota_store.cells_between(db, first.isoformat(), last.isoformat())
             if (unit is None or c["unit"] == unit) and not c["published"]]
    ident = new_id()
    with session.store.write(session.user) as tx:
        for c in cells:
            tx.set("assignment", c["id"], {"published": 1})
        tx.set("publication", ident, {"first_day": first.isoformat(), "last_day": last.isoformat(), "unit": unit,
                                      "published_at": tx.now.strftime("%Y-%m-%dT%H:%M:%SZ"), "published_by": session.user})
        tx.audit("rota.publish", "publication", ident, detail={"cells": len(cells)})
    return {"id": ident, "published": len(cells), "first_day": first.isoformat(), "last_day": last.isoformat()}


def add_staff(session: Session, last_name: str, first_name: str, role: str, *, skills: list[str] | None = None,
              ratio: float = 1.0, units: list[str] | None = None) -> dict:
    """A person not in the kit (a temporary or agency nurse, say)."""
    _require_edit(session)
    fields = _staff_fields(session, {"last_name": last_name, "first_name": first_name, "role": role, "skills": skills or [],
                                     "ratio": ratio, "units": units or []})
    ident = "X" + new_id()[-10:].upper()
    with session.store.write(session.user) as tx:
        tx.set("staff", ident, {**fields, "active": 1})
        tx.audit("rota.staff_added", "staff", ident, detail={"role": fields["role"]})
    return {"id": ident, **fields}


def update_staff(session: Session, staff_id: str, **changes: Any) -> dict:
    """Change a person's role, skills, ratio, units, names, or take them off the list (active=False)."""
    _require_edit(session)
    member = _staff_or_refuse(session, staff_id)
    allowed = {"last_name", "first_name", "role", "skills", "ratio", "units", "active"}
    unknown = set(changes) - allowed
    if unknown:
        raise DomainError("Cannot change {fields}.", field="staff", fields=", ".join(sorted(unknown)))
    fields = _staff_fields(session, {**member, **changes})
    changed = {k: v for k, v in fields.items() if k in changes}
    if "active" in changes:
        changed["active"] = int(bool(changes["active"]))
    with session.store.write(session.user) as tx:
        tx.set("staff", staff_id, changed)
        tx.audit("rota.staff_updated", "staff", staff_id, detail={"fields": sorted(changed)})
    return {"id": staff_id, **changed}


def _staff_fields(session: Session, values: dict) -> dict:
    last, first = (values.get("last_name") or "").strip(), (values.get("first_name") or "").strip()
    if not last:
        raise DomainError("The last name is required.", field="last_name")
    role = (values.get("role") or "").strip().upper()
    if role not in STAFF_ROLES:
        raise DomainError("Unknown staff role {role} (one of {roles}).", field="role", role=role, roles=", ".join(STAFF_ROLES))
    ratio = values.get("ratio", 1.0)
    if not isinstance(ratio, (int, float)) or not 0 < float(ratio) <= 1:
        raise DomainError("The working-time ratio must be between 0 and 1 (0.8 for 80 %).", field="ratio")
    known_units = {u["code"] for u in rota_store.units(session.store.db)}
    units = list(values.get("units") or [])
    for code in units:
        if code not in known_units:
            raise NotFound("Unknown unit {unit}.", field="units", unit=code)
    return {"last_name": last, "first_name": first, "role": role, "skills": sorted({str(s).strip() for s in values.get("skills") or [] if str(s).strip()}),
            "ratio": float(ratio), "units": units}


# -- filling ---------------------------------------------------------------------------------------------

@dataclass
class FillPlan:
    """A solved fill, not yet written: the cells it changes and what they held when it was solved."""

    first_day: date
    days: int
    unit: str | None
    result: Any  # core.rota_fill.FillResult
    base: dict[str, tuple]  # cell id -> (shift, unit) when solved
    stamp: str = ""  # the rota as it stood when solved (see store.rota.last_change)
    names: dict[str, str] | None = None


STALL_SECONDS = 2.0  # no real improvement for this long: the rota is as good as it will get soon
STALL_GAIN = 0.02  # below 2 % of the penalty, an improvement is not worth a supervisor's wait


@dataclass
class FillProblem:
    """What a fill needs, read from the store: solving it needs no database (the window solves it
    in a thread of its own, so admissions and sync go on meanwhile)."""

    data: RotaData
    unit: str | None
    move_published: bool
    stamp: str  # the rota as it stood when read (see store.rota.last_change)


def prepare_fill(session: Session, first_day: date | None, weeks: int = 1, unit: str | None = None, *,
                 move_published: bool = False) -> FillProblem:
    _require_edit(session)
    first, days = period(first_day, weeks, session)
    stamp = rota_store.last_change(session.store.db)
    data = load(session, first, days)
    _unit_filter(data, unit)
    return FillProblem(data, unit, move_published, stamp)


def solve_fill(problem: FillProblem, *, time_limit_s: float = 20.0, cancel: threading.Event | None = None,
               on_progress: Callable[[int, float], None] | None = None, stall_seconds: float = STALL_SECONDS,
               work_limit: float | None = None) -> FillPlan:
    """Solve without writing. The search stops at the time limit, when asked (``cancel``), or once it
    stalls: the last real improvement is ``stall_seconds`` old (the long tail of tiny soft-rule
    gains is not worth a supervisor's wait). With ``work_limit`` (scripts, tests, benchmarks) the
    search is bounded by the solver's deterministic time instead, with no wall-clock stop at all:
    the same rota comes back on a quiet or a busy machine."""
    from continuity.core.rota_fill import FillRequest, fill  # the solver is loaded when first used

    data = problem.data
    request = FillRequest(data, unit=problem.unit, move_published=problem.move_published, time_limit_s=time_limit_s,
                          work_limit=work_limit, stall_seconds=stall_seconds, stall_gain=STALL_GAIN)
    result = fill(request, cancel=cancel, on_progress=on_progress)
    base = {cell_id(a.staff, a.day): (a.shift, a.unit) for a in data.assignments if data.in_period(a.day)}
    return FillPlan(data.first_day, data.days, problem.unit, result, base, problem.stamp, {m.id: m.name for m in data.staff.values()})


def plan_fill(session: Session, first_day: date | None, weeks: int = 1, unit: str | None = None, *, move_published: bool = False,
              time_limit_s: float = 20.0, cancel: threading.Event | None = None,
              on_progress: Callable[[int, float], None] | None = None, stall_seconds: float = STALL_SECONDS,
              work_limit: float | None = None) -> FillPlan:
    """Read and solve in one go (the command line, scripts, the benchmark)."""
    problem = prepare_fill(session, first_day, weeks, unit, move_published=move_published)
    return solve_fill(problem, time_limit_s=time_limit_s, cancel=cancel, on_progress=on_progress, stall_seconds=stall_seconds,
                      work_limit=work_limit)


def apply_fill(session: Session, plan: FillPlan) -> dict:
    """Write a solved fill in one transaction, unless a cell it touches changed meanwhile."""
    _require_edit(session)
    db = session.store.db
    result = plan.result
    touched: dict[str, dict] = {}
    for a in result.removed:
        touched[cell_id(a.staff, a.day)] = {"staff": a.staff, "day": a.day.isoformat(), "shift": None, "unit": None,
                                            "published": 0, "origin": "fill"}
    for a in result.added:
        touched[cell_id(a.staff, a.day)] = {"staff": a.staff, "day": a.day.isoformat(), "shift": a.shift, "unit": a.unit,
                                            "published": 0, "origin": "fill"}
    with session.store.write(session.user) as tx:
        # Any rota change since the solve (a cell, a pin, an absence, a publication, a sync): the
        # plan was made for another rota.
        if rota_store.last_change(db) != plan.stamp:
            raise DomainError("The rota changed while it was being filled: fill again.", field="fill")
        for ident, fields in touched.items():
            tx.set("assignment", ident, fields)
        tx.audit("rota.fill", detail={"from": plan.first_day.isoformat(), "days": plan.days, "unit": plan.unit,
                                      "added": len(result.added), "removed": len(result.removed), "status": result.status})
    weeks = plan.days // 7
    after = check(session, plan.first_day, weeks, plan.unit)
    return {
        "status": result.status,
        "seconds": round(result.seconds, 2),
        "added": [_change(a, plan.names) for a in result.added],
        "removed": [_change(a, plan.names) for a in result.removed],
        "unmet": [{**v.as_dict(), "title": rules.rule_title(v.rule)} for v in result.unmet],
        "remaining": after["violations"],
        "hard_remaining": after["hard"],
    }


def _change(a: Assignment, names: dict[str, str] | None = None) -> dict:
    return {"staff": a.staff, "name": (names or {}).get(a.staff, a.staff), "day": a.day.isoformat(), "shift": a.shift, "unit": a.unit}


def fill(session: Session, first_day: date | None, weeks: int = 1, unit: str | None = None, **options: Any) -> dict:
    """Solve and write: complete the open slots of the period (CLI and scripted use)."""
    return apply_fill(session, plan_fill(session, first_day, weeks, unit, **options))


# -- version and printing -------------------------------------------------------------------------------

def version(session: Session, first_day: date, days: int, unit: str | None = None) -> dict:
    """How many times the period was published (for one unit: the ward-wide publications and that
    unit's), when last, and how many shifts are not published yet."""
    db = session.store.db
    last = first_day + timedelta(days=days - 1)
    publications = [p for p in rota_store.publications_between(db, first_day.isoformat(), last.isoformat())
                    if unit is None or p["unit"] in (None, unit)]
    drafts = sum(1 for c in rota_store.cells_between(db, first_day.isoformat(), last.isoformat())
                 if not c["published"] and (unit is None or c["unit"] == unit))
    return {"number": len(publications), "published_at": publications[-1]["published_at"] if publications else None,
            "drafts": drafts}


def version_label(info: dict, zone: str) -> str:
    if not info["number"]:
        return _("Draft (never published)")
    when = to_zone(from_storage(info["published_at"]), zone).strftime("%d/%m/%Y %H:%M")
    if info["drafts"]:
        return _("Version {number} of {when}; {drafts}", number=info["number"], when=when,
                 drafts=ngettext("{n} shift not yet published", "{n} shifts not yet published", info["drafts"]))
    return _("Version {number} of {when}", number=info["number"], when=when)


def fingerprint(data: RotaData) -> str:
    """A short hash of what is printed: two sheets with the same fingerprint show the same rota."""
    cells = sorted((a.staff, a.day.isoformat(), a.shift, a.unit) for a in data.assignments if data.in_period(a.day))
    absences = sorted((a.staff, a.first_day.isoformat(), a.last_day.isoformat(), a.kind) for a in data.absences)
    digest = hashlib.sha256(json.dumps([cells, absences]).encode()).hexdigest()
    return digest[:8]


def print_rota(session: Session, first_day: date | None, weeks: int, out: Path | BinaryIO, unit: str | None = None) -> dict:
    """The A4 landscape rota to pin on the wall: one page per unit and week."""
    from continuity.documents.rota_pdf import PrintedRota, write_rota_pdf  # reportlab is loaded when first used

    session.require(Permission.PRINT)
    first, days = period(first_day, weeks, session)
    data = load(session, first, days)
    _unit_filter(data, unit)
    device = session.store.device() or {}
    info = version(session, first, days, unit)
    mark = fingerprint(data)
    printed = PrintedRota(
        ward_name=device.get("ward_name") or "",
        units=[u for u in data.units.values() if unit is None or u.code == unit],
        first_day=first,
        weeks=weeks,
        shifts=list(data.shifts.values()),
        staff=list(data.staff.values()),
        assignments=[a for a in data.assignments if data.in_period(a.day)],
        absences=data.absences,
        cover_lines=rules.cover(data),
        version=version_label(info, session.timezone),
        fingerprint=mark,
        printed_at=to_zone(session.store.now(), session.timezone),
        printed_by=session.display_name,
        role_order=ROLE_ORDER,
        role_labels={code: staff_role_label(code) for code in ROLE_ORDER},
    )
    pages = _write_document(lambda target: write_rota_pdf(printed, target), out)
    with session.store.write(session.user) as tx:
        tx.audit("rota.print", detail={"from": first.isoformat(), "weeks": weeks, "unit": unit, "pages": pages, "fingerprint": mark})
    return {"pages": pages, "fingerprint": mark, "version": printed.version, "first_day": first.isoformat(), "weeks": weeks}


def print_rota_pdf(session: Session, first_day: date | None, weeks: int, unit: str | None = None) -> dict:
    """The same document in memory (the window previews and prints it; nothing is written to disk)."""
    buffer = io.BytesIO()
    result = print_rota(session, first_day, weeks, buffer, unit)
    return {**result, "pdf": buffer.getvalue()}


def _write_document(write, out):
    """Write a document to a file (or a stream): a missing folder, no permission or a full disk is
    said as such, and no half-written file is left under the name asked for."""
    if not isinstance(out, Path):
        return write(out)
    if not out.parent.is_dir():
        raise DomainError("The folder {folder} does not exist: choose another place for the file.", field="out", folder=str(out.parent))
    temporary = out.with_name(f".{out.name}.part")
    try:
        with open(temporary, "wb") as handle:
            result = write(handle)
        temporary.replace(out)
    except OSError as error:
        if temporary.exists():
            temporary.unlink()
        raise DomainError("The file {file} cannot be written ({error}).", field="out", file=str(out),
                          error=error.strerror or type(error).__name__) from None
    return result
