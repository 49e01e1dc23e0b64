"""A constructive first rota for the fill: meet every minimum cover and the birth-suite presence day
by day, with people the checker allows, before the solver improves anything.

Why: CP-SAT finds a fully covered month for 80 people in about a second on a quiet laptop, but a
busy one (a sync pass, a print and the window sharing two cores) may still have dozens of holes
when the supervisor's time runs out. This pass takes a few hundred milliseconds whatever the load,
breaks no hard rule (each pick is judged by ``core/rota.py``'s own per-person check), and its
result is the solver's starting point: the solver then only has to repair what it missed and
improve the soft rules.

It picks only among the solver model's options (``FillModel.option_var``), so it never proposes
what the model rules out (absences, skills, home units, rest against fixed shifts), and never puts
more people on a slot than the model allows (a night counted for the next morning's birth suite is
charged to its own day's slot). Each pick, and each draft already there, is judged over the period
and a week either side (the model's 7-day windows reach past the period: a week filled before an
already published one), and a break made worse counts as new. Pure computation: no SQL, no Qt, no
files.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

from continuity.core.rota import (
    CONTRACT_HOURS,
    MAX_CONSECUTIVE_DAYS,
    MAX_CONSECUTIVE_NIGHTS,
    MAX_HOURS_7_DAYS,
    Assignment,
    StaffMember,
    expected_hours,
    person_hard_violations,
)
from continuity.core.rota_model import FillModel

OptionKey = tuple[str, int, str, str]  # (staff, day index in the period, shift, unit)


class _Planner:
    """The rota being built, per person, with what each pick may not break."""

    def __init__(self, built: FillModel) -> None:
        self.built = built
        self.data = data = built.data
        self.key_of = {var.index: key for key, var in built.option_var.items()}
        self.chosen: set[OptionKey] = set()
        self.shifts_of: dict[str, list[Assignment]] = defaultdict(list)
        self.works: dict[tuple[str, int], str] = {}  # (staff, day index) -> shift picked or kept
        self.minutes: dict[str, int] = defaultdict(int)
        self.fixed_of: dict[str, list[Assignment]] = defaultdict(list)
        for a in built.fixed_assignments:
            if a.shift in data.shifts:
                self.shifts_of[a.staff].append(a)
                self.fixed_of[a.staff].append(a)
                if data.in_period(a.day):
                    self.minutes[a.staff] += data.shifts[a.shift].minutes
        # Judged over the period and a week either side: the model's 7-day windows and runs reach
        # past the period's end (a week filled before an already published one).
        self.wide = replace(data, first_day=data.first_day - timedelta(days=7), days=data.days + 14)
        self._allowed: dict[str, set[tuple]] = {}
        for a in built.movable:  # what is there and may stay, stays, unless it breaks a rule
            key = (a.staff, built.index[a.day], a.shift, a.unit)
            if key in built.option_var and key not in self.chosen and self.allows(key):
                self.take(key)
        self.expected = {m.id: max(1.0, 60 * expected_hours(m, data.days, data.rules, self._absent_days(m)))
                         for m in built.staff}

    def _absent_days(self, member: StaffMember) -> int:
        return sum(1 for day in self.built.period if self.built.absent(member.id, day))

    def _assignment(self, key: OptionKey) -> Assignment:
        staff, i, shift, unit = key
        return Assignment(staff, self.built.period[i], shift, unit, origin="fill")

    def take(self, key: OptionKey) -> None:
        staff, i, shift, _unit = key
        self.chosen.add(key)
        self.works[(staff, i)] = shift
        self.shifts_of[staff].append(self._assignment(key))
        self.minutes[staff] += self.data.shifts[shift].minutes

    def _broken(self, staff: str, shifts: list[Assignment]) -> set[tuple]:
        """Each break with what it measures (a break made worse, 60 h then 72 h, is a new one);
        contract hours over the period itself, the other rules a week either side too."""
        member = self.data.staff[staff]
        found = [v for v in person_hard_violations(self.wide, member, shifts) if v.rule != CONTRACT_HOURS]
        found += [v for v in person_hard_violations(self.data, member, shifts) if v.rule == CONTRACT_HOURS]
        keys = {(v.rule, v.day, tuple(sorted((k, str(x)) for k, x in v.params.items() if k != "name"))) for v in found}
        return keys | self._over_limits(shifts)

    def _over_limits(self, shifts: list[Assignment]) -> set[tuple]:
        """Every 7-day window and every run of days or nights over its hard limit, with its measure:
        the checker names a stretch once, at its first day, so more hours or one more day inside a
        stretch the fixed shifts already break would pass unseen (the model allows none)."""
        data, rules, wide = self.data, self.data.rules, self.wide
        days: dict[date, list[Assignment]] = defaultdict(list)
        for a in shifts:
            days[a.day].append(a)
        out: set[tuple] = set()
        if rules[MAX_HOURS_7_DAYS].hard:
            limit = float(rules[MAX_HOURS_7_DAYS].value) * 60
            for day in wide.period:
                total = sum(data.shifts[a.shift].minutes for k in range(7) for a in days.get(day - timedelta(days=k), []))
                if total > limit:
                    out.add((MAX_HOURS_7_DAYS, day, total))
        for rule, counts in ((MAX_CONSECUTIVE_NIGHTS, lambda d: any(data.shifts[a.shift].is_night for a in days.get(d, []))),
                             (MAX_CONSECUTIVE_DAYS, lambda d: bool(days.get(d)))):
            if not rules[rule].hard:
                continue
            limit, run = int(rules[rule].value), 0
            for day in wide.period:
                run = run + 1 if counts(day) else 0
                if run > limit:
                    out.add((rule, day, run))
        return out

    def allows(self, key: OptionKey) -> bool:
        """Would this pick leave the person's own hard rules as they are (no new break)?"""
        staff, i, _shift, _unit = key
        if (staff, i) in self.works:
            return False
        if staff not in self._allowed:  # what the fixed shifts break already does not block
            self._allowed[staff] = self._broken(staff, self.fixed_of[staff])
        return self._broken(staff, [*self.shifts_of[staff], self._assignment(key)]) <= self._allowed[staff]

    def pick(self, candidates: list[OptionKey], wanted: int, prefer_skill: str | None, day: int) -> int:
        """Take up to ``wanted`` of ``candidates``, the fairest first; returns how many were taken."""
        data = self.data

        def order(key: OptionKey) -> tuple:
            staff, _i, shift, unit = key
            member = data.staff[staff]
            # Fewest hours against the contract first (work spread), then the same shift as the day
            # before (runs of days or of nights, not a day between two nights), home units first.
            return (bool(prefer_skill) and prefer_skill not in member.skills,
                    round(self.minutes[staff] / self.expected[staff], 2),
                    self.works.get((staff, day - 1)) != shift, bool(member.units) and unit not in member.units, staff)

        taken = 0
        for key in sorted(candidates, key=order):
            if taken >= wanted:
                break
            if self.allows(key):
                self.take(key)
                taken += 1
        return taken


def greedy_cover(built: FillModel) -> set[OptionKey]:
    """The options to set for a first rota (the movable assignments kept, plus the picks): every
    minimum cover and birth-suite instant met where the rules allow, day by day."""
    planner = _Planner(built)
    key_of = planner.key_of
    suite_rule = built.rules.get("birth_suite_midwives")
    settings = (suite_rule.value if suite_rule is not None else None) or {}
    suite_role, suite_skill = settings.get("role", "SF"), settings.get("skill")
    suites = {u.code for u in built.units.values() if u.kind == "birth_suite"}
    slots_by_day: dict[date, list] = defaultdict(list)
    slot_of: dict[tuple, object] = {}  # (day, unit, shift, role) -> slot, every day: a night covers the next morning
    for slot in built.slots:
        slots_by_day[slot.day].append(slot)
        slot_of[(slot.day, slot.unit, slot.shift, slot.role)] = slot
    instants_by_day: dict[date, list] = defaultdict(list)
    for instant in built.instants:
        instants_by_day[instant.day].append(instant)
    def on_slot(slot) -> int:
        return slot.fixed + sum(1 for var in slot.variables if key_of[var.index] in planner.chosen)

    # People the model still allows on each slot (its cap: the optimal, or what is there already).
    room: dict[int, int] = {id(slot): max(slot.minimum, slot.optimal, on_slot(slot)) - on_slot(slot) for slot in built.slots}

    for i, day in enumerate(built.period):
        slots = slots_by_day.get(day, [])
        # The scarcest needs first: the birth suite, then the slots with the fewest people able.
        for slot in sorted(slots, key=lambda s: (s.unit not in suites, len(s.variables), s.unit, s.shift, s.role)):
            wanted = min(slot.minimum - on_slot(slot), room[id(slot)])
            if wanted <= 0:
                continue
            skill = suite_skill if slot.unit in suites and slot.role == suite_role else None
            candidates = [key_of[var.index] for var in slot.variables]
            room[id(slot)] -= planner.pick(candidates, wanted, skill, i)
        for instant in instants_by_day.get(day, []):
            present = instant.fixed + sum(1 for var in instant.variables if key_of[var.index] in planner.chosen)
            for key in sorted((key_of[var.index] for var in instant.variables), key=lambda k: (planner.minutes[k[0]] / planner.expected[k[0]], k)):
                if present >= instant.needed:
                    break
                staff, option_day, shift, unit = key
                slot = slot_of.get((built.period[option_day], unit, shift, built.data.staff[staff].role))
                if slot is None or room.get(id(slot), 0) <= 0 or not planner.allows(key):
                    continue
                planner.take(key)
                room[id(slot)] -= 1
                present += 1
    return planner.chosen
