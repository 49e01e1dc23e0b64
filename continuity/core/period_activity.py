"""What the ward did over the downtime period, computed from its movements and births: counts per
unit and per day, and beds occupied per unit over time. No storage: rows in, plain data out.

Counts are per patient: a mother transferred with her twins counts three transfers, and a newborn
is counted as a birth rather than an admission (her stay starts with an admission movement). A
cancelled movement counts nothing (its count is given apart)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from continuity.core import adt
from continuity.core.times import from_storage, local_date

KINDS = ("admissions", "births", "transfers", "discharges")
MAX_POINTS = 168  # a week of hours: beyond it the step grows, so that a printed line stays readable
UNKNOWN_UNIT = "?"


def _movement(row: dict) -> adt.Movement:
    return adt.Movement(id=row["id"], kind=row["kind"], at=from_storage(row["at"]), hlc=row["hlc"] or 0, unit=row["unit"],
                        bed_id=row["bed_id"], cancelled=bool(row["cancelled"]))


def _by_stay(movement_rows: Iterable[dict]) -> dict[str, list[dict]]:
    stays: dict[str, list[dict]] = defaultdict(list)
    for row in movement_rows:
        stays[row["stay_id"]].append(row)
    for rows in stays.values():
        rows.sort(key=lambda r: (r["at"], r["hlc"] or 0, r["id"]))
    return stays


def events(movement_rows: list[dict], birth_rows: list[dict]) -> tuple[list[tuple[str, str, datetime]], int]:
    """(kind, unit, clinical time) of every admission, birth, transfer and discharge, and how many
    movements were cancelled. A transfer belongs to the unit it leads to; a discharge to the unit the
    patient left; a birth to the unit where the newborn's stay began."""
    found: list[tuple[str, str, datetime]] = []
    cancelled = 0
    birth_units: dict[str, str] = {}
    for stay_id, rows in _by_stay(movement_rows).items():
        unit = None
        for row in rows:
            if row["cancelled"]:
                cancelled += 1
                continue
            at = from_storage(row["at"])
            if row["kind"] == adt.MovementKind.ADMISSION:
                unit = row["unit"]
                if row["stay_kind"] == "newborn":
                    birth_units.setdefault(stay_id, unit or UNKNOWN_UNIT)
                else:
                    found.append(("admissions", unit or UNKNOWN_UNIT, at))
            elif row["kind"] == adt.MovementKind.TRANSFER:
                unit = row["unit"] or unit
                found.append(("transfers", unit or UNKNOWN_UNIT, at))
            elif row["kind"] == adt.MovementKind.DISCHARGE:
                found.append(("discharges", unit or UNKNOWN_UNIT, at))
    for birth in birth_rows:
        if birth["status"] == "recorded" and birth["at"]:
            found.append(("births", birth_units.get(birth["newborn_stay_id"], UNKNOWN_UNIT), from_storage(birth["at"])))
    return found, cancelled


def counts(found: list[tuple[str, str, datetime]], unit_codes: list[str], zone: str) -> dict:
    """Counts per unit (every unit of the ward, zeros included), per day of the ward's calendar, and
    per day and unit (the days and units with something only)."""
    per_unit: dict[str, Counter] = {code: Counter() for code in unit_codes}
    per_day: dict[str, Counter] = defaultdict(Counter)
    per_day_unit: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for kind, unit, at in found:
        day = local_date(at, zone).isoformat()
        per_unit.setdefault(unit, Counter())[kind] += 1
        per_day[day][kind] += 1
        per_day_unit[(day, unit)][kind] += 1
    order = {code: i for i, code in enumerate(unit_codes)}

    def row(counter: Counter, **key: str) -> dict:
        return {**key, **{kind: counter.get(kind, 0) for kind in KINDS}}

    totals = Counter(kind for kind, _unit, _at in found)
    return {
        "by_unit": [row(c, unit=u) for u, c in sorted(per_unit.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))],
        "by_day": [row(per_day[d], day=d) for d in sorted(per_day)],
        "by_day_unit": [row(c, day=d, unit=u) for (d, u), c in sorted(per_day_unit.items(),
                                                                     key=lambda item: (item[0][0], order.get(item[0][1], len(order))))],
        "totals": row(totals),
    }


def bed_stretches(movement_rows: list[dict]) -> list[adt.BedStretch]:
    """Every stretch of time a stay held a bed (core.adt's rule: a leave keeps it, a discharge frees it)."""
    stretches: list[adt.BedStretch] = []
    for rows in _by_stay(movement_rows).values():
        stretches += adt.bed_stretches(_movement(r) for r in rows)
    return stretches


STEPS_HOURS = (1, 2, 3, 4, 6, 8, 12, 24, 48, 72, 168)  # divisions a reader counts in: hours, shifts, days, a week


def step_hours(first: datetime, last: datetime) -> int:
    """Hourly up to a week; beyond it the first of STEPS_HOURS keeping at most MAX_POINTS points
    (then whole weeks)."""
    hours = max(1.0, (last - first).total_seconds() / 3600)
    for step in STEPS_HOURS:
        if math.ceil(hours / step) <= MAX_POINTS:
            return step
    return 168 * math.ceil(hours / (168 * MAX_POINTS))


def occupancy(stretches: list[adt.BedStretch], bed_units: dict[str, str], unit_codes: list[str], first: datetime,
              last: datetime) -> dict:
    """Beds occupied per unit for each interval from ``first`` (floored to the hour) to ``last``: a
    bed counts in an interval when a stay held it at some moment of it (so a stay of ten minutes
    shows). A stay still in its bed at the end holds it to the end of the period."""
    start = first.replace(minute=0, second=0, microsecond=0)
    step = timedelta(hours=step_hours(start, last))
    count = max(1, math.ceil((last - start) / step))
    beds: dict[str, list[set[str]]] = {code: [set() for _ in range(count)] for code in unit_codes}
    for stretch in stretches:
        unit = bed_units.get(stretch.bed_id) or stretch.bed_id.split(":", 1)[0]
        if unit not in beds:
            beds[unit] = [set() for _ in range(count)]
        end = stretch.end or start + count * step
        first_slot = max(0, int((stretch.start - start) / step))
        last_slot = min(count - 1, math.ceil((end - start) / step) - 1)
        for slot in range(first_slot, last_slot + 1):
            beds[unit][slot].add(stretch.bed_id)
    return {
        "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "step_hours": int(step.total_seconds() // 3600),
        "points": count,
        "series": {unit: [len(held) for held in slots] for unit, slots in beds.items()},
    }
