"""The CP-SAT model of a rota fill: variables, the rules as constraints and penalties, and the
explanation of what cannot be met. ``core/rota_fill.py`` drives the solver over it.

The rules are those of ``core/rota.py`` and the result is judged by its ``check``, not here: the
model is a set of *sufficient* conditions for every hard rule, so that whatever the solver returns
passes the checker. Each hard rule is written ``sum(free) <= max(0, limit - fixed)``: the fixed
assignments (pinned, published, outside the period or the unit) are constants, and when they alone
already break a rule the solver adds nothing to that rule's count instead of failing. Cover
(minimum, and the birth-suite midwife) carries slack variables with a very large penalty, so the
model is always feasible; the slack left in the best solution becomes ``unmet``, explained.

Pure computation: no SQL, no Qt, no files.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ortools.sat.python import cp_model

from continuity.core.rota import (
    BIRTH_SUITE_MIDWIVES,
    CONTRACT_HOURS,
    DEFAULT_RULES,
    FORBIDDEN_SUCCESSIONS,
    HOME_UNITS,
    MAX_CONSECUTIVE_DAYS,
    MAX_CONSECUTIVE_NIGHTS,
    MAX_HOURS_7_DAYS,
    MIN_COVER,
    MIN_REST,
    MINUTES_PER_DAY,
    OPTIMAL_COVER,
    REQUIRED_SKILL,
    WEEKLY_REST,
    Assignment,
    RotaData,
    Rule,
    Shift,
    StaffMember,
    Unit,
    Violation,
    birth_suite_instants,
    expected_hours,
    skill_needed,
)

# Objective units per unit of rule weight. Large enough that the per-minute coefficients of the
# hour-based terms stay integers (CP-SAT wants integer coefficients) and the small terms below
# (fairness, stability) can sit well under the smallest rule weight.
SCALE = 6000
# Weight of an unmet hard cover requirement, as a multiple of the rule's weight: it must dominate
# every soft penalty a filled slot can bring (rest patterns, hours, home units...).
HARD_SLACK_FACTOR = 200
# Cost of dropping or changing a movable assignment: above what a single move can gain in fairness
# (so re-running a fill on a complete rota changes nothing), below one missing person at optimal
# cover (so a re-run still improves the cover when it can).
CHANGE_COST = 10_000
# Fairness: cost per hour away from the contract, by tier (within 10 %, 10-25 %, beyond), so that
# work is spread rather than heaped on a few. Kept small next to the rules' weights.
FAIR_COST_PER_HOUR = (30, 90, 270)
FAIR_TIERS = (0.10, 0.15)

FREE = ""  # the "no shift that day" state in the weekly-rest patterns


@dataclass
class FillRequest:
    data: RotaData  # data.first_day/days = the period to fill; assignments may reach a week either side (fixed)
    unit: str | None = None  # only fill/move slots of this unit (others fixed); None = all units
    move_published: bool = False  # published (not pinned) assignments in the period may move too
    time_limit_s: float = 20.0  # the supervisor's wait, on the wall clock
    workers: int = 2
    # Instead of the wall clock: CP-SAT's deterministic time (its own count of work done), with a
    # fixed seed and a deterministic schedule of the workers, so that the same search runs and
    # returns the same rota whatever else the machine is doing (tests, benchmarks).
    work_limit: float | None = None
    seed: int = 0
    # Stop the final improvement once no gain of ``stall_gain`` (a share of the penalty) came for
    # this many seconds: the long tail of tiny soft-rule gains is not worth a supervisor's wait.
    # Wall-clock, so for people only: ignored with ``work_limit``.
    stall_seconds: float | None = None
    stall_gain: float = 0.02


def _violation(data: RotaData, rule: str, day: date, staff: str | None, message: str, /, **params: Any) -> Violation:
    # Same shape as core/rota.py's helper, so the translation scan finds the message (5th argument).
    unit, shift = params.pop("_unit", None), params.pop("_shift", None)
    return Violation(rule, _rule(data.rules, rule).hard, day, staff, message, params, unit, shift)


def _rule(rules: dict[str, Rule], rule_id: str) -> Rule:
    return rules.get(rule_id) or DEFAULT_RULES[rule_id]


def _clock(minute: int) -> str:
    minute %= MINUTES_PER_DAY
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _longest_rest(spans: list[tuple[int, int]], low: int, high: int) -> int:
    """core/rota.py's weekly-rest measure: the longest gap between sorted shifts (running latest
    end; open-ended before the first and after the last) intersected with [low, high)."""
    spans = sorted(spans)
    gaps, previous_end = [], None
    for start, end in spans:
        gaps.append((previous_end if previous_end is not None else -(10**12), start))
        previous_end = end if previous_end is None else max(previous_end, end)
    gaps.append((previous_end if previous_end is not None else -(10**12), 10**12))
    return max(min(end, high) - max(start, low) for start, end in gaps)


@dataclass
class _Slot:
    """One cover requirement on one day, as modelled."""

    day: date
    unit: str
    shift: str
    role: str
    minimum: int
    optimal: int
    fixed: int
    variables: list[cp_model.IntVar]
    min_slack: cp_model.IntVar | int | None = None  # None: nothing to meet
    opt_slack: cp_model.IntVar | int | None = None


@dataclass
class _Instant:
    """One birth-suite instant on one day, as modelled."""

    day: date
    minute: int
    needed: int
    fixed: int
    variables: list[cp_model.IntVar]
    slack: cp_model.IntVar | int


class FillModel:
    """Builds the CP-SAT model of one fill request and reads a solution back."""

    def __init__(self, request: FillRequest) -> None:
        self.request = request
        self.data = data = request.data
        self.rules = data.rules
        self.model = cp_model.CpModel()
        self.objective: list[tuple[int, Any, str]] = []  # (coefficient, variable, what it pays for)
        self.objective_constant = 0
        self.period = data.period
        self.index = {day: i for i, day in enumerate(self.period)}
        self.shifts: dict[str, Shift] = data.shifts
        self.units: dict[str, Unit] = data.units
        self.scope = {request.unit} & set(data.units) if request.unit is not None else set(data.units)
        # Hours are counted in multiples of the shifts' common divisor: small integers, exact limits.
        self.unit_minutes = math.gcd(*(s.minutes for s in self.shifts.values())) if self.shifts else 60
        self.length = {code: s.minutes // self.unit_minutes for code, s in self.shifts.items()}
        self.night = {code for code, s in self.shifts.items() if s.is_night}
        self.staff = [m for _, m in sorted(data.staff.items())]
        self._absences: dict[str, list] = defaultdict(list)
        for absence in data.absences:
            self._absences[absence.staff].append(absence)

        self.fixed: dict[str, dict[date, list[str]]] = defaultdict(lambda: defaultdict(list))  # staff -> day -> shifts
        self.fixed_assignments: list[Assignment] = []
        self.movable: list[Assignment] = []
        for a in data.assignments:
            if self._is_movable(a):
                self.movable.append(a)
            else:
                self.fixed_assignments.append(a)
                if a.shift in self.shifts:
                    self.fixed[a.staff][a.day].append(a.shift)

        self.fixed_keys = {(a.staff, a.day, a.shift, a.unit) for a in self.fixed_assignments}
        # Decision variables: staff -> period day index -> [(shift, unit, var)].
        self.options: dict[str, dict[int, list[tuple[str, str, cp_model.IntVar]]]] = defaultdict(lambda: defaultdict(list))
        self.option_var: dict[tuple[str, int, str, str], cp_model.IntVar] = {}
        self.day_work: dict[tuple[str, int], cp_model.IntVar] = {}  # works that day (sum of its options)
        self.upper_bounds: dict[int, int] = {}
        self.day_hours: dict[tuple[str, int], list[tuple[int, Any]]] = {}  # hours that day, in hour units
        self.slots: list[_Slot] = []
        self.instants: list[_Instant] = []
        self.hinted: set[tuple[str, int, str, str]] = set()
        self.hard_slack: list[tuple[int, cp_model.IntVar]] = []  # what phase 1 minimises
        self.full_objective: Any = 0

    # -- helpers ----------------------------------------------------------------------------------

    def _is_movable(self, a: Assignment) -> bool:
        request = self.request
        return (a.staff in self.data.staff and a.shift in self.shifts and a.unit in self.units
                and self.data.in_period(a.day) and (request.unit is None or a.unit == request.unit)
                and not a.pinned and (not a.published or request.move_published))

    def absent(self, staff: str, day: date) -> bool:
        return any(a.covers(day) for a in self._absences.get(staff, ()))

    def add(self, constraint: Any) -> None:
        self.model.add(constraint)

    def penalty(self, cost_per_weight_unit: float, rule_id: str) -> int:
        return round(_rule(self.rules, rule_id).weight * cost_per_weight_unit)

    def per_unit(self, cost_per_hour: float) -> int:
        """An objective coefficient per hour unit, from a cost per hour (already in objective units);
        never rounded down to nothing."""
        if cost_per_hour <= 0:
            return 0
        return max(1, round(cost_per_hour * self.unit_minutes / 60))

    def static_ok(self, member: StaffMember, unit: Unit) -> bool:
        """May this person work in this unit at all, as far as the hard skill and home rules go?"""
        if _rule(self.rules, REQUIRED_SKILL).hard:
            skill = self.skill(unit, member.role)
            if skill and skill not in member.skills:
                return False
        return not (_rule(self.rules, HOME_UNITS).hard and member.units and unit.code not in member.units)

    def skill(self, unit: Unit, role: str) -> str | None:
        return skill_needed({REQUIRED_SKILL: _rule(self.rules, REQUIRED_SKILL)}, unit, role)

    def conflicts(self, first: str, offset: int, second: str) -> bool:
        """Would ``first`` on a day and ``second`` ``offset`` days later break the rest or
        succession rules (hard or soft, the caller decides what to do with it)?"""
        return self.rest_conflict(first, offset, second) or self.succession_conflict(first, offset, second)

    def rest_conflict(self, first: str, offset: int, second: str) -> bool:
        a, b = self.shifts[first], self.shifts[second]
        rest = offset * MINUTES_PER_DAY + b.start - (a.start + a.minutes)
        return offset > 0 and rest < float(_rule(self.rules, MIN_REST).value or 0) * 60

    def succession_conflict(self, first: str, offset: int, second: str) -> bool:
        return offset == 1 and (first, second) in self.forbidden

    @property
    def forbidden(self) -> set[tuple[str, str]]:
        if not hasattr(self, "_forbidden"):
            self._forbidden = {tuple(p) for p in _rule(self.rules, FORBIDDEN_SUCCESSIONS).value or [] if len(p) == 2}
        return self._forbidden

    def worked(self, staff: str, i: int) -> list[cp_model.IntVar]:
        works = self.day_work.get((staff, i))
        return [works] if works is not None else []

    def on_shift(self, staff: str, i: int, codes: Iterable[str]) -> list[cp_model.IntVar]:
        codes = set(codes)
        return [v for s, _u, v in self.options[staff].get(i, ()) if s in codes]

    def fixed_on(self, staff: str, day: date) -> list[str]:
        return self.fixed[staff].get(day, []) if staff in self.fixed else []

    # -- building ---------------------------------------------------------------------------------

    def build(self) -> None:
        self._make_options()
        self._one_shift_a_day()
        self._rest_and_successions()
        self._seven_days()
        self._runs()
        self._weekly_rest()
        self._cover()
        self._birth_suite()
        self._contract_and_fairness()
        self._stability()
        self.full_objective = sum(c * v for c, v, _what in self.objective if c) + self.objective_constant

    def _make_options(self) -> None:
        data, rules = self.data, self.rules
        max_offset = self._max_conflict_offset()
        rest_hard, succ_hard = _rule(rules, MIN_REST).hard, _rule(rules, FORBIDDEN_SUCCESSIONS).hard
        wanted: dict[str, list[tuple[str, str]]] = defaultdict(list)  # role -> (shift, unit) with a need
        for c in data.cover:
            needed = (c.minimum > 0 or c.optimal > 0) and c.unit in self.scope and c.shift in self.shifts
            if needed and (c.shift, c.unit) not in wanted[c.role]:
                wanted[c.role].append((c.shift, c.unit))
        existing: dict[tuple[str, date], list[tuple[str, str]]] = defaultdict(list)
        for a in self.movable:
            existing[(a.staff, a.day)].append((a.shift, a.unit))
        skill_soft, home_soft = not _rule(rules, REQUIRED_SKILL).hard, not _rule(rules, HOME_UNITS).hard
        for member in self.staff:
            for i, day in enumerate(self.period):
                # Absent people are never given work: it would not count as cover anyway.
                if self.absent(member.id, day) or self.fixed_on(member.id, day):
                    continue
                choices = list(wanted.get(member.role, [])) if member.active else []
                for choice in existing.get((member.id, day), []):
                    if choice not in choices:
                        choices.append(choice)
                for shift, unit_code in choices:
                    unit = self.units[unit_code]
                    if not self.static_ok(member, unit):
                        continue
                    # A hard clash with a fixed shift (rest, succession) rules the option out; a soft
                    # one is paid for on the option itself.
                    clashes = [self._clash_cost(before, offset, shift, rest_hard, succ_hard)
                               for offset in range(1, max_offset + 1)
                               for before in self.fixed_on(member.id, day - timedelta(days=offset))]
                    clashes += [self._clash_cost(shift, offset, after, rest_hard, succ_hard)
                                for offset in range(1, max_offset + 1)
                                for after in self.fixed_on(member.id, day + timedelta(days=offset))]
                    if None in clashes:
                        continue
                    costs = [(cost, "rest with a fixed shift") for cost in clashes if cost]
                    if skill_soft:
                        skill = self.skill(unit, member.role)
                        if skill and skill not in member.skills:
                            costs.append((self.penalty(SCALE, REQUIRED_SKILL), REQUIRED_SKILL))
                    if home_soft and member.units and unit_code not in member.units:
                        costs.append((self.penalty(SCALE, HOME_UNITS), HOME_UNITS))
                    var = self.model.new_bool_var(f"x_{member.id}_{i}_{shift}_{unit_code}")
                    self.options[member.id][i].append((shift, unit_code, var))
                    self.option_var[(member.id, i, shift, unit_code)] = var
                    self.objective += [(cost, var, what) for cost, what in costs]
        for a in self.movable:
            key = (a.staff, self.index[a.day], a.shift, a.unit)
            if key in self.option_var:
                self.hinted.add(key)
        for key, var in self.option_var.items():
            self.model.add_hint(var, key in self.hinted)

    def _clash_cost(self, first: str, offset: int, second: str, rest_hard: bool, succ_hard: bool) -> int | None:
        """None if the pair breaks a hard rule, else its soft penalty (0 when it breaks nothing)."""
        cost = 0
        if self.rest_conflict(first, offset, second):
            if rest_hard:
                return None
            cost += self.penalty(SCALE, MIN_REST)
        if self.succession_conflict(first, offset, second):
            if succ_hard:
                return None
            cost += self.penalty(SCALE, FORBIDDEN_SUCCESSIONS)
        return cost

    def _max_conflict_offset(self) -> int:
        codes = list(self.shifts)
        offset = 1
        while offset < 7 and any(self.conflicts(a, offset + 1, b) for a in codes for b in codes):
            offset += 1
        return offset

    def _one_shift_a_day(self) -> None:
        # Always, whatever the rule says: two shifts a day is not a plan (and rest is not checked
        # within a day). Days with a fixed shift have no option at all (see _make_options).
        # Each day gets one "works" literal and one hours term, so that the sliding windows below
        # sum a handful of terms instead of every option of every day.
        for staff, days in self.options.items():
            for i, options in days.items():
                variables = [v for _s, _u, v in options]
                if len(variables) == 1:
                    works = variables[0]
                else:
                    works = self.model.new_bool_var(f"w_{staff}_{i}")
                    self.add(sum(variables) == works)
                self.day_work[(staff, i)] = works
                lengths = {self.length[s] for s, _u, _v in options}
                if len(lengths) == 1:
                    self.day_hours[(staff, i)] = [(lengths.pop(), works)]
                else:
                    hours = self.model.new_int_var(0, max(lengths), f"h_{staff}_{i}")
                    self.upper_bounds[hours.index] = max(lengths)
                    self.add(sum(self.length[s] * v for s, _u, v in options) == hours)
                    self.day_hours[(staff, i)] = [(1, hours)]

    def _rest_and_successions(self) -> None:
        rest_hard, succ_hard = _rule(self.rules, MIN_REST).hard, _rule(self.rules, FORBIDDEN_SUCCESSIONS).hard
        max_offset = self._max_conflict_offset()
        codes = list(self.shifts)
        for staff, days in self.options.items():
            for i in sorted(days):
                here = {s for s, _u, _v in days[i]}
                for offset in range(1, max_offset + 1):
                    later = days.get(i + offset)
                    if not later:
                        continue
                    there = sorted({s for s, _u, _v in later})  # sorted: the model is the same in every process (set order follows the hash seed)
                    for first in codes:
                        if first not in here:
                            continue
                        hard_bad, soft_bad = [], []
                        for second in there:
                            rest = self.rest_conflict(first, offset, second)
                            succ = self.succession_conflict(first, offset, second)
                            if (rest and rest_hard) or (succ and succ_hard):
                                hard_bad.append(second)
                            elif rest or succ:
                                soft_bad.append(second)
                        first_vars = self.on_shift(staff, i, [first])
                        if hard_bad:
                            # One shift a day makes the later day's shifts exclusive: one row suffices.
                            self.add(sum(first_vars) + sum(self.on_shift(staff, i + offset, hard_bad)) <= 1)
                        for second in soft_bad:
                            cost = 0
                            if self.rest_conflict(first, offset, second):
                                cost += self.penalty(SCALE, MIN_REST)
                            if self.succession_conflict(first, offset, second):
                                cost += self.penalty(SCALE, FORBIDDEN_SUCCESSIONS)
                            both = self.model.new_bool_var("")
                            self.add(sum(first_vars) + sum(self.on_shift(staff, i + offset, [second])) - both <= 1)
                            self.objective.append((cost, both, "succession"))

    def _windows(self, length: int) -> Iterable[list[date]]:
        """Every window of ``length`` days that overlaps the period (context included)."""
        first = self.data.first_day - timedelta(days=length - 1)
        for start in range(self.data.days + length - 1):
            begin = first + timedelta(days=start)
            yield [begin + timedelta(days=k) for k in range(length)]

    def upper(self, var: Any) -> int:
        """The largest value of a term's variable: the day-hours integers, else a Boolean."""
        return self.upper_bounds.get(var.index, 1)

    def _limited_sum(self, terms: list[tuple[int, Any]], room: int, rule_id: str, cost_per_unit: int) -> None:
        """sum(terms) <= room (hard) or pay cost_per_unit for every unit above it (soft)."""
        if not terms:
            return
        room = max(0, room)
        top = sum(c * self.upper(v) for c, v in terms)
        if room >= top:
            return  # cannot be exceeded
        expr = sum(c * v for c, v in terms)
        if _rule(self.rules, rule_id).hard:
            self.add(expr <= room)
        elif cost_per_unit > 0:
            excess = self.model.new_int_var(0, top - room, "")
            self.add(expr - excess <= room)
            self.objective.append((cost_per_unit, excess, rule_id))

    def _seven_days(self) -> None:
        limit = float(_rule(self.rules, MAX_HOURS_7_DAYS).value or 0) * 60
        room_units = math.floor(limit / self.unit_minutes + 1e-9)  # totals are multiples of the unit: exact
        cost = self.per_unit(self.penalty(SCALE, MAX_HOURS_7_DAYS))
        for staff in self.options:
            for window in self._windows(7):
                terms = [term for day in window if day in self.index
                         for term in self.day_hours.get((staff, self.index[day]), ())]
                fixed = sum(self.length[s] for day in window for s in self.fixed_on(staff, day))
                self._limited_sum(terms, room_units - fixed, MAX_HOURS_7_DAYS, cost)

    def _runs(self) -> None:
        for rule_id, nights_only in ((MAX_CONSECUTIVE_NIGHTS, True), (MAX_CONSECUTIVE_DAYS, False)):
            rule = _rule(self.rules, rule_id)
            if rule.value is None or (not rule.hard and rule.weight <= 0):
                continue
            limit = int(rule.value)
            if nights_only and not self.night:
                continue
            cost = self.penalty(SCALE, rule_id)
            for staff in self.options:
                for window in self._windows(limit + 1):
                    terms, fixed = [], 0
                    for day in window:
                        held = self.fixed_on(staff, day)
                        if held:
                            fixed += any(s in self.night for s in held) if nights_only else 1
                        elif day in self.index:
                            i = self.index[day]
                            vars_ = self.on_shift(staff, i, self.night) if nights_only else self.worked(staff, i)
                            terms += [(1, v) for v in vars_]
                    self._limited_sum(terms, limit - fixed, rule_id, cost)

    # -- weekly rest ------------------------------------------------------------------------------

    def _weekly_rest(self) -> None:
        """Every Mon-Sun week needs one rest of ``value`` hours inside it (core's measure). Sufficient
        patterns: a block of free days inside the week, with conditions on the shifts just before
        and just after it when the block alone is not long enough."""
        rule = _rule(self.rules, WEEKLY_REST)
        if rule.value is None or float(rule.value) <= 0 or (not rule.hard and rule.weight <= 0):
            return
        need = float(rule.value) * 60
        patterns = self._rest_patterns(need)
        monday = self.data.first_day - timedelta(days=self.data.first_day.weekday())
        weeks = []
        while monday <= self.data.last_day:
            weeks.append(monday)
            monday += timedelta(days=7)
        cost = self.penalty(SCALE, WEEKLY_REST)
        for staff in self.options:
            for monday in weeks:
                self._weekly_rest_week(staff, monday, need, patterns, rule.hard, cost)

    def _rest_patterns(self, need: float) -> list[tuple[int, int, set[tuple[str, str]]]]:
        """(first weekday, length, bad (before, after) states) of every free block worth trying.
        Computed once, relative to the week: bounds do not depend on the person."""
        states = [FREE, *self.shifts]
        starts = [s.start for s in self.shifts.values()] or [0]
        week_start, week_end = 0, 7 * MINUTES_PER_DAY

        def latest_end(day: int) -> int:  # the latest a shift started on ``day`` can end
            return max((day * MINUTES_PER_DAY + s.start + s.minutes for s in self.shifts.values()), default=day * MINUTES_PER_DAY)

        def gap_start(state: str, first: int) -> int:
            # The rest starts at the latest end among the shifts before the block. A free day before
            # it leaves only shifts of two days before, which end no later than this bound.
            bound = max((first - 1) * MINUTES_PER_DAY, latest_end(first - 2))
            if state != FREE:
                s = self.shifts[state]
                bound = max(bound, (first - 1) * MINUTES_PER_DAY + s.start + s.minutes)
            return bound

        def gap_end(state: str, last: int) -> int:
            if state == FREE:  # the next shift starts two days after the block at the earliest
                return (last + 2) * MINUTES_PER_DAY + min(starts)
            return (last + 1) * MINUTES_PER_DAY + self.shifts[state].start

        def bad_pairs(first: int, length: int) -> set[tuple[str, str]]:
            last = first + length - 1
            return {(a, b) for a in states for b in states
                    if min(gap_end(b, last), week_end) - max(gap_start(a, first), week_start) < need}

        patterns = []
        for length in range(1, 8):
            blocks = [(first, length, bad_pairs(first, length)) for first in range(8 - length)]
            patterns += [p for p in blocks if len(p[2]) < len(states) ** 2]
            if all(not bad for _f, _l, bad in blocks):
                break  # longer blocks contain one of these: nothing more to gain
        return patterns

    def _day_states(self, staff: str, day: date) -> dict[str, Any]:
        """The states a person can be in on a day, each with its indicator (a constant or an expression)."""
        held = self.fixed_on(staff, day)
        if held:
            return {s: 1 for s in held}
        if day not in self.index:
            return {FREE: 1}
        i = self.index[day]
        options = self.options[staff].get(i, [])
        if not options:
            return {FREE: 1}
        states: dict[str, Any] = {FREE: 1 - self.day_work[(staff, i)]}
        for code in sorted({s for s, _u, _v in options}):
            states[code] = sum(self.on_shift(staff, i, [code]))
        return states

    def _weekly_rest_week(self, staff: str, monday: date, need: float, patterns, hard: bool, cost: int) -> None:
        days = [monday + timedelta(days=k) for k in range(-1, 8)]
        if not any(self.options[staff].get(self.index[d]) for d in days if d in self.index):
            return  # nothing free around this week: the fixed shifts decide alone
        week_start = monday.toordinal() * MINUTES_PER_DAY
        spans = [self.shifts[s].span(d) for d, held in self.fixed[staff].items() for s in held] if staff in self.fixed else []
        fixed_ok = _longest_rest(spans, week_start, week_start + 7 * MINUTES_PER_DAY) >= need if spans else True
        if not fixed_ok:
            return  # already broken by the fixed shifts alone; nothing free can repair it
        states = {d: self._day_states(staff, d) for d in [monday + timedelta(days=k) for k in range(-2, 9)]}
        choices, zero_ok = [], False
        for first, length, bad in patterns:
            block = [monday + timedelta(days=first + k) for k in range(length)]
            if any(self.fixed_on(staff, d) for d in block):
                continue
            before = states[monday + timedelta(days=first - 1)]
            after = states[monday + timedelta(days=first + length)]
            rows, possible = [], True
            for a, a_ind in before.items():
                bad_b = [b for b in after if (a, b) in bad]
                if not bad_b:
                    continue
                if len(bad_b) == len(after):
                    if isinstance(a_ind, int):
                        possible = possible and a_ind == 0
                    else:
                        rows.append((a_ind, None))
                    continue
                for b in bad_b:
                    b_ind = after[b]
                    if isinstance(a_ind, int) and isinstance(b_ind, int):
                        possible = possible and a_ind + b_ind < 2
                    else:
                        rows.append((a_ind, b_ind))
            if not possible:
                continue
            chosen = self.model.new_bool_var("")
            free_vars = [v for d in block if d in self.index for v in self.worked(staff, self.index[d])]
            if free_vars:
                self.add(sum(free_vars) + len(free_vars) * chosen <= len(free_vars))
            for a_ind, b_ind in rows:
                self.add(chosen + a_ind <= 1 if b_ind is None else chosen + a_ind + b_ind <= 2)
            choices.append(chosen)
            zero_ok = zero_ok or self._good_at_zero(staff, monday, first, length, bad)
        if not zero_ok:
            # The fixed shifts leave a rest the patterns do not capture: keep the week as the fixed
            # shifts make it (nothing free from the Sunday before to the Sunday) as a last pattern.
            chosen = self.model.new_bool_var("")
            free_vars = [v for d in days[:-1] if d in self.index for v in self.worked(staff, self.index[d])]
            if free_vars:
                self.add(sum(free_vars) + len(free_vars) * chosen <= len(free_vars))
            choices.append(chosen)
        if hard:
            self.model.add_bool_or(choices)
        elif cost > 0:
            missing = self.model.new_bool_var("")
            self.model.add_bool_or([*choices, missing])
            self.objective.append((cost, missing, WEEKLY_REST))

    def _good_at_zero(self, staff: str, monday: date, first: int, length: int, bad) -> bool:
        """Does the pattern hold when nothing free is chosen (so that the model is feasible then)?"""
        def state(d: date) -> list[str]:
            return self.fixed_on(staff, d) or [FREE]
        before = state(monday + timedelta(days=first - 1))
        after = state(monday + timedelta(days=first + length))
        return all((a, b) not in bad for a in before for b in after)

    # -- cover ------------------------------------------------------------------------------------

    def _cover(self) -> None:
        data, rules = self.data, self.rules
        min_rule, opt_rule = _rule(rules, MIN_COVER), _rule(rules, OPTIMAL_COVER)
        by_slot: dict[tuple[date, str, str, str], list[cp_model.IntVar]] = defaultdict(list)
        for member in self.staff:
            for i, options in self.options[member.id].items():
                for shift, unit, var in options:
                    by_slot[(self.period[i], unit, shift, member.role)].append(var)
        fixed: Counter = Counter()
        for a in self.fixed_assignments:
            member = data.staff.get(a.staff)
            if member is not None and data.in_period(a.day) and not self.absent(a.staff, a.day):
                fixed[(a.day, a.unit, a.shift, member.role)] += 1
        current: Counter = Counter()
        for a in self.movable:
            current[(a.day, a.unit, a.shift, data.staff[a.staff].role)] += 1
        for day in self.period:
            for c in data.cover:
                if c.unit not in self.scope or c.shift not in self.shifts:
                    continue
                key = (day, c.unit, c.shift, c.role)
                variables = by_slot.get(key, [])
                slot = _Slot(day, c.unit, c.shift, c.role, c.minimum, c.optimal, fixed[key], variables)
                self.slots.append(slot)
                if variables:
                    # Nobody beyond the optimal (or what is there already): extra people do not
                    # count as cover, and fewer choices make the search faster.
                    cap = max(c.minimum, c.optimal, fixed[key] + current[key]) - fixed[key]
                    if cap < len(variables):
                        self.add(sum(variables) <= max(0, cap))
                slot.min_slack = self._shortfall(variables, c.minimum - fixed[key], min_rule)
                if c.optimal > c.minimum:
                    slot.opt_slack = self._shortfall(variables, c.optimal - fixed[key], opt_rule)

    def _shortfall(self, variables: list, need: int, rule: Rule) -> cp_model.IntVar | int | None:
        """sum(variables) + slack >= need; the slack costs the rule's weight per person (times a
        large factor when the rule is hard, so that it is only used when nothing else works)."""
        if need <= 0:
            return None
        if not variables:
            return need
        if not rule.hard and rule.weight <= 0:
            return None
        slack = self.model.new_int_var(0, need, "")
        self.add(sum(variables) + slack >= need)
        factor = HARD_SLACK_FACTOR if rule.hard else 1
        self.objective.append((max(1, rule.weight) * factor * SCALE, slack, rule.id))
        if rule.hard:
            self.hard_slack.append((max(1, rule.weight) * SCALE, slack))
        return slack

    def _birth_suite(self) -> None:
        data = self.data
        rule = _rule(self.rules, BIRTH_SUITE_MIDWIVES)
        settings = rule.value or {}
        needed, role, skill = int(settings.get("count", 1)), settings.get("role", "SF"), settings.get("skill")
        suites = {u.code for u in self.units.values() if u.kind == "birth_suite"}
        if not suites or needed <= 0 or not (suites & self.scope) or (not rule.hard and rule.weight <= 0):
            return

        def qualified(member: StaffMember | None) -> bool:
            return member is not None and member.role == role and (not skill or skill in member.skills)

        fixed_spans = [self.shifts[a.shift].span(a.day) for a in self.fixed_assignments
                       if a.unit in suites and a.shift in self.shifts and qualified(data.staff.get(a.staff))
                       and not self.absent(a.staff, a.day)]
        free: list[tuple[tuple[int, int], cp_model.IntVar]] = []
        for member in self.staff:
            if not qualified(member):
                continue
            for i, options in self.options[member.id].items():
                for shift, unit, var in options:
                    if unit in suites:
                        free.append((self.shifts[shift].span(self.period[i]), var))
        by_day: dict[int, list] = defaultdict(list)  # index by the day the shift starts: few to scan
        for span, var in free:
            by_day[span[0] // MINUTES_PER_DAY].append((span, var))
        for day in self.period:
            for minute in birth_suite_instants(self.shifts):
                at = day.toordinal() * MINUTES_PER_DAY + minute
                fixed = sum(1 for start, end in fixed_spans if start <= at < end)
                variables = [var for d in range(at // MINUTES_PER_DAY - 2, at // MINUTES_PER_DAY + 1)
                             for (start, end), var in by_day.get(d, ()) if start <= at < end]
                slack = self._shortfall(variables, needed - fixed, rule)
                if slack is not None:
                    self.instants.append(_Instant(day, minute, needed, fixed, variables, slack))

    # -- hours ------------------------------------------------------------------------------------

    def _contract_and_fairness(self) -> None:
        data, rules = self.data, self.rules
        rule = _rule(rules, CONTRACT_HOURS)
        settings = rule.value or {}
        tolerance = float(settings.get("tolerance_hours", 12))
        over_cost = self.per_unit(self.penalty(SCALE, CONTRACT_HOURS))
        fair = [self.per_unit(c) for c in FAIR_COST_PER_HOUR]
        unit_minutes = self.unit_minutes
        for member in self.staff:
            options = self.options.get(member.id)
            if not options:
                continue
            terms = [term for i in options for term in self.day_hours.get((member.id, i), ())]
            absent = sum(1 for day in self.period if self.absent(member.id, day))
            expected = expected_hours(member, data.days, rules, absent) * 60 / unit_minutes
            fixed = sum(self.length[s] for day in self.period for s in self.fixed_on(member.id, day))
            # planned > expected + tolerance (hours) is the violation; totals are whole units, so the
            # largest allowed total is the floor.
            ceiling = math.floor(expected + tolerance * 60 / unit_minutes + 1e-9)
            top = fixed + sum(c * self.upper(v) for c, v in terms)
            total = sum(c * v for c, v in terms) + fixed
            if rule.hard:
                if top > ceiling:
                    self.add(total <= max(ceiling, fixed))
            elif over_cost > 0 and top > ceiling:
                excess = self.model.new_int_var(0, top - ceiling, "")
                self.add(total - excess <= max(ceiling, fixed))
                self.objective.append((over_cost, excess, CONTRACT_HOURS))
            if not member.active:
                continue
            # Fairness: distance to the contract, in tiers of growing cost (convex, so the cheaper
            # tiers fill first), proportional to the person's own contract.
            target = round(expected)
            over = self.model.new_int_var(0, max(0, top - target), "")
            tiers = [self.model.new_int_var(0, min(max(1, round(expected * share)), max(0, target)), "") for share in FAIR_TIERS]
            tiers.append(self.model.new_int_var(0, max(0, target), ""))
            self.add(total - target == over - sum(tiers))
            self.objective.append((fair[0], over, "fairness"))
            self.objective += [(cost, tier, "fairness") for cost, tier in zip(fair, tiers)]

    def _stability(self) -> None:
        # Each movable assignment kept saves CHANGE_COST: re-filling a complete rota moves nothing
        # unless it really gains something. Written as constant - CHANGE_COST * kept.
        for a in self.movable:
            key = (a.staff, self.index[a.day], a.shift, a.unit)
            self.objective_constant += CHANGE_COST
            if key in self.option_var:
                self.objective.append((-CHANGE_COST, self.option_var[key], "change"))

    # -- reading the solution ---------------------------------------------------------------------

    def result(self, value: Callable[[Any], int]) -> tuple[list[Assignment], list[Assignment], list[Violation]]:
        chosen = {key for key, var in self.option_var.items() if value(var)}
        added, removed, kept = [], [], set()
        for a in self.movable:
            key = (a.staff, self.index[a.day], a.shift, a.unit)
            if key in chosen and key not in kept:
                kept.add(key)
            else:
                removed.append(a)
        for key in sorted(chosen - kept, key=lambda k: (k[1], k[0], k[2], k[3])):
            staff, i, shift, unit = key
            added.append(Assignment(staff, self.period[i], shift, unit, origin="fill"))
        return added, removed, self._unmet(value)

    def _unmet(self, value: Callable[[Any], int]) -> list[Violation]:
        out: list[Violation] = []
        min_rule, opt_rule = _rule(self.rules, MIN_COVER), _rule(self.rules, OPTIMAL_COVER)
        for slot in self.slots:
            for slack, rule_id, target, rule in ((slot.min_slack, MIN_COVER, slot.minimum, min_rule),
                                                 (slot.opt_slack, OPTIMAL_COVER, slot.optimal, opt_rule)):
                if slack is None or not rule.hard:
                    continue
                # Counted, not read from the slack: a solution stopped early may carry more slack
                # than it needs.
                short = target - slot.fixed - sum(value(v) for v in slot.variables)
                if short > 0:
                    out.append(self._explain_slot(slot, rule_id, target, short))
                    break  # the optimal is not worth mentioning when the minimum is already short
        for instant in self.instants:
            short = instant.needed - instant.fixed - sum(value(v) for v in instant.variables)
            if short > 0 and _rule(self.rules, BIRTH_SUITE_MIDWIVES).hard:
                out.append(self._explain_instant(instant, short))
        return sorted(out, key=lambda v: (v.day, v.rule, v.unit or "", v.shift or ""))

    def _explain_slot(self, slot: _Slot, rule_id: str, target: int, short: int) -> Violation:
        unit = self.units[slot.unit]
        i = self.index[slot.day]
        absent = unqualified = busy = possible = 0
        for member in self.staff:
            if member.role != slot.role or not member.active:
                continue
            if ((member.id, i, slot.shift, slot.unit) in self.option_var
                    or (member.id, slot.day, slot.shift, slot.unit) in self.fixed_keys):
                possible += 1
            elif self.absent(member.id, slot.day):
                absent += 1
            elif not self.static_ok(member, unit):
                unqualified += 1
            else:
                busy += 1
        params = {"unit": slot.unit, "shift": slot.shift, "date": slot.day.strftime("%d/%m/%Y"), "role": slot.role,
                  "minimum": target, "count": target - short, "possible": possible, "absent": absent,
                  "unqualified": unqualified, "busy": busy, "_unit": slot.unit, "_shift": slot.shift}
        if possible < target:
            return _violation(self.data, rule_id, slot.day, None,
                              "{unit} {shift} on {date}: {minimum} {role} needed, only {possible} can work "
                              "({absent} absent, {unqualified} without the skill or outside their units, "
                              "{busy} already working or resting).", **params)
        return _violation(self.data, rule_id, slot.day, None,
                          "{unit} {shift} on {date}: {minimum} {role} needed, {count} planned; {possible} could work "
                          "that shift but the working-time rules and the other needs leave too few of them free.", **params)

    def _explain_instant(self, instant: _Instant, short: int) -> Violation:
        settings = _rule(self.rules, BIRTH_SUITE_MIDWIVES).value or {}
        role, skill = settings.get("role", "SF"), settings.get("skill")
        at = instant.day.toordinal() * MINUTES_PER_DAY + instant.minute
        suites = [u for u in self.units.values() if u.kind == "birth_suite"]
        could: set[str] = set()
        for a in self.fixed_assignments:
            if a.unit in {u.code for u in suites} and a.shift in self.shifts:
                start, end = self.shifts[a.shift].span(a.day)
                if start <= at < end:
                    could.add(a.staff)
        for staff, i, shift, unit in self.option_var:
            if unit in {u.code for u in suites}:
                start, end = self.shifts[shift].span(self.period[i])
                if start <= at < end:
                    could.add(staff)
        absent = unqualified = busy = possible = 0
        for member in self.staff:
            if member.role != role or not member.active:
                continue
            if member.id in could and (not skill or skill in member.skills):
                possible += 1
            elif self.absent(member.id, instant.day):
                absent += 1
            elif (skill and skill not in member.skills) or not any(self.static_ok(member, u) for u in suites):
                unqualified += 1
            else:
                busy += 1
        params = {"date": instant.day.strftime("%d/%m/%Y"), "time": _clock(instant.minute), "count": instant.needed,
                  "present": instant.needed - short, "possible": possible, "absent": absent,
                  "unqualified": unqualified, "busy": busy}
        if possible < instant.needed:
            return _violation(self.data, BIRTH_SUITE_MIDWIVES, instant.day, None,
                              "Birth suite on {date} at {time}: {count} qualified midwife(s) needed, only {possible} "
                              "can be there ({absent} absent, {unqualified} without the skill, {busy} already working "
                              "or resting).", **params)
        return _violation(self.data, BIRTH_SUITE_MIDWIVES, instant.day, None,
                          "Birth suite on {date} at {time}: {count} qualified midwife(s) needed, {present} planned; "
                          "{possible} could be there but the working-time rules and the other needs leave too few "
                          "of them free.", **params)
