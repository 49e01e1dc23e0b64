"""The staff rota: shifts, assignments, absences, cover, and the working-time and cover rules.

Pure data and rules (no SQL, no Qt): the services load a period from the store into ``RotaData``,
``check`` lists what breaks a rule and ``cover`` counts who is there against the minimum and optimal
cover. The solver (``core/rota_fill.py``) uses the same shift arithmetic and rules, and its results
are checked by this module, not by itself.

Times are counted in minutes from day 1 of the proleptic calendar (``date.toordinal() * 1440``): a
night shift simply ends after midnight, whatever the day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from typing import Any

from continuity.core.errors import DomainError
from continuity.i18n import N_, translate

MINUTES_PER_DAY = 24 * 60

# Codes printed for absences (DOMAIN.md): leave, sick leave, training. RH (rest) is an empty cell.
ABSENCE_KINDS = ("CA", "MAL", "FOR")


# -- the things a rota is made of -------------------------------------------------------------------

@dataclass(frozen=True)
class Shift:
    code: str
    label: str
    start: int  # minutes after midnight
    minutes: int  # length (a night shift crosses midnight)

    @classmethod
    def from_clock(cls, code: str, label: str, start: str, end: str) -> Shift:
        begin, finish = time.fromisoformat(start), time.fromisoformat(end)
        first = begin.hour * 60 + begin.minute
        last = finish.hour * 60 + finish.minute
        return cls(code, label, first, (last - first) % MINUTES_PER_DAY or MINUTES_PER_DAY)

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def is_night(self) -> bool:
        """A shift that crosses midnight."""
        return self.start + self.minutes > MINUTES_PER_DAY

    @property
    def clock(self) -> str:
        end = (self.start + self.minutes) % MINUTES_PER_DAY
        return f"{self.start // 60:02d}:{self.start % 60:02d}-{end // 60:02d}:{end % 60:02d}"

    def span(self, day: date) -> tuple[int, int]:
        """(start, end) in absolute minutes when worked on ``day``."""
        begin = day.toordinal() * MINUTES_PER_DAY + self.start
        return begin, begin + self.minutes


@dataclass(frozen=True)
class StaffMember:
    id: str
    last_name: str
    first_name: str
    role: str
    skills: frozenset[str] = frozenset()
    ratio: float = 1.0
    units: tuple[str, ...] = ()
    grade: str | None = None
    active: bool = True

    @property
    def name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}".strip()


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str


@dataclass(frozen=True)
class Assignment:
    staff: str
    day: date
    shift: str
    unit: str
    pinned: bool = False
    published: bool = False
    origin: str = "hand"

    @property
    def key(self) -> tuple[str, date]:
        return self.staff, self.day


@dataclass(frozen=True)
class Absence:
    staff: str
    first_day: date
    last_day: date
    kind: str

    def covers(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day


@dataclass(frozen=True)
class Cover:
    unit: str
    shift: str
    role: str
    minimum: int
    optimal: int


# -- rules ---------------------------------------------------------------------------------------------

ONE_SHIFT_A_DAY = "one_shift_a_day"
ABSENT = "absent"
MIN_REST = "min_rest"
WEEKLY_REST = "weekly_rest"
MAX_HOURS_7_DAYS = "max_hours_7_days"
MAX_CONSECUTIVE_NIGHTS = "max_consecutive_nights"
MAX_CONSECUTIVE_DAYS = "max_consecutive_days"
FORBIDDEN_SUCCESSIONS = "forbidden_successions"
REQUIRED_SKILL = "required_skill"
BIRTH_SUITE_MIDWIVES = "birth_suite_midwives"
MIN_COVER = "min_cover"
OPTIMAL_COVER = "optimal_cover"
HOME_UNITS = "home_units"
CONTRACT_HOURS = "contract_hours"


@dataclass(frozen=True)
class Rule:
    """One rule as the ward configured it: hard (must hold) or soft (a penalty of ``weight`` per
    unit of excess), and its value (hours, a count, a list...)."""

    id: str
    hard: bool
    weight: int
    value: Any = None


# Defaults from DOMAIN.md (decree 2002-9 for public hospitals; INRC-II for what is hard or soft).
DEFAULT_RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(ONE_SHIFT_A_DAY, True, 100),
        Rule(ABSENT, True, 100),
        Rule(MIN_REST, True, 100, 12),  # hours between the end of a shift and the next start
        Rule(WEEKLY_REST, True, 100, 36),  # consecutive hours of rest in every calendar week
        Rule(MAX_HOURS_7_DAYS, True, 100, 48),  # hours over any 7 consecutive days
        Rule(MAX_CONSECUTIVE_NIGHTS, True, 20, 3),
        Rule(MAX_CONSECUTIVE_DAYS, False, 10, 5),
        Rule(FORBIDDEN_SUCCESSIONS, True, 100, []),  # [[night code, morning code], ...]; rest covers most
        # who needs which skill where: unit kinds (or unit codes), roles, skill
        Rule(REQUIRED_SKILL, True, 100, [{"units": ["birth_suite"], "roles": ["SF"], "skill": "birth_suite"},
                                          {"units": ["neonatal"], "roles": ["IDE", "AP"], "skill": "neonatology"}]),
        # CSP D6124-44: a midwife present in the birth suite at all times (more as births grow)
        Rule(BIRTH_SUITE_MIDWIVES, True, 100, {"count": 1, "role": "SF", "skill": "birth_suite"}),
        Rule(MIN_COVER, True, 100),
        Rule(OPTIMAL_COVER, False, 3),
        Rule(HOME_UNITS, False, 5),  # working outside one's own units
        Rule(CONTRACT_HOURS, False, 1, {"weekly_hours": 35, "tolerance_hours": 12}),
    )
}

RULE_TITLES = {
    ONE_SHIFT_A_DAY: N_("One shift a day"),
    ABSENT: N_("Absent that day"),
    MIN_REST: N_("Rest between shifts"),
    WEEKLY_REST: N_("Weekly rest"),
    MAX_HOURS_7_DAYS: N_("Hours over 7 days"),
    MAX_CONSECUTIVE_NIGHTS: N_("Consecutive nights"),
    MAX_CONSECUTIVE_DAYS: N_("Consecutive days"),
    FORBIDDEN_SUCCESSIONS: N_("Forbidden succession"),
    REQUIRED_SKILL: N_("Required skill"),
    BIRTH_SUITE_MIDWIVES: N_("Birth-suite midwife"),
    MIN_COVER: N_("Minimum cover"),
    OPTIMAL_COVER: N_("Optimal cover"),
    HOME_UNITS: N_("Outside own units"),
    CONTRACT_HOURS: N_("Contract hours"),
}


def rule_title(rule_id: str, language: str | None = None) -> str:
    return translate(RULE_TITLES.get(rule_id, rule_id), language)


def rules_from_config(config: Mapping[str, Any] | None) -> dict[str, Rule]:
    """The ward's rules: the defaults, changed by the kit's ``[rota.rules.<id>]`` tables
    (``hard``, ``weight``, ``value``). An unknown rule or a wrong type is refused with its name."""
    rules = dict(DEFAULT_RULES)
    for rule_id, settings in (config or {}).items():
        if rule_id not in rules:
            raise DomainError("Unknown rota rule {rule} (known: {known}).", rule=rule_id, known=", ".join(sorted(rules)))
        if not isinstance(settings, Mapping):
            raise DomainError("Rota rule {rule}: expected a table of hard, weight and value.", rule=rule_id)
        base = rules[rule_id]
        hard = settings.get("hard", base.hard)
        weight = settings.get("weight", base.weight)
        if not isinstance(hard, bool) or not isinstance(weight, int) or isinstance(weight, bool) or weight < 0:
            raise DomainError("Rota rule {rule}: 'hard' must be true or false and 'weight' a whole number >= 0.", rule=rule_id)
        value = settings.get("value", base.value)
        if isinstance(base.value, (int, float)) and not isinstance(base.value, bool):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value < 0:
                raise DomainError("Rota rule {rule}: 'value' must be a number >= 0.", rule=rule_id)
        rules[rule_id] = Rule(rule_id, hard, weight, value)
    return rules


@dataclass(frozen=True)
class Violation:
    rule: str
    hard: bool
    day: date
    staff: str | None
    message: str  # English source with {placeholders}, translated when shown
    params: Mapping[str, Any] = field(default_factory=dict)
    unit: str | None = None
    shift: str | None = None

    def localized(self, language: str | None = None) -> str:
        return translate(self.message, language, **self.params)

    def as_dict(self, language: str | None = None) -> dict:
        return {"rule": self.rule, "hard": self.hard, "day": self.day.isoformat(), "staff": self.staff, "unit": self.unit,
                "shift": self.shift, "message": self.localized(language)}


@dataclass(frozen=True)
class CoverLine:
    day: date
    unit: str
    shift: str
    role: str
    count: int
    minimum: int
    optimal: int

    @property
    def short(self) -> int:
        return max(0, self.minimum - self.count)

    @property
    def below_optimal(self) -> int:
        return max(0, self.optimal - self.count)

    def as_dict(self) -> dict:
        return {"day": self.day.isoformat(), "unit": self.unit, "shift": self.shift, "role": self.role, "count": self.count,
                "minimum": self.minimum, "optimal": self.optimal, "short": self.short}


@dataclass
class RotaData:
    """A period of the rota and what it needs around it. ``assignments`` and ``absences`` may reach
    a week either side of the period (rest and 7-day rules look there); only what falls inside the
    period is reported."""

    first_day: date
    days: int
    shifts: dict[str, Shift]
    staff: dict[str, StaffMember]
    units: dict[str, Unit]
    cover: list[Cover]
    assignments: list[Assignment]
    absences: list[Absence] = field(default_factory=list)
    rules: dict[str, Rule] = field(default_factory=lambda: dict(DEFAULT_RULES))

    @property
    def last_day(self) -> date:
        return self.first_day + timedelta(days=self.days - 1)

    @property
    def period(self) -> list[date]:
        return [self.first_day + timedelta(days=i) for i in range(self.days)]

    def in_period(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def with_assignments(self, assignments: Iterable[Assignment]) -> RotaData:
        return replace(self, assignments=list(assignments))

    def absence_on(self, staff: str, day: date) -> Absence | None:
        return next((a for a in self.absences if a.staff == staff and a.covers(day)), None)


def skill_needed(rules: Mapping[str, Rule], unit: Unit, role: str) -> str | None:
    """The skill a person of ``role`` needs to work in ``unit`` (by its kind or code), if any."""
    for need in rules[REQUIRED_SKILL].value or []:
        if (unit.kind in need.get("units", []) or unit.code in need.get("units", [])) and role in need.get("roles", []):
            return need.get("skill")
    return None


def expected_hours(member: StaffMember, days: int, rules: Mapping[str, Rule], absent_days: int = 0) -> float:
    """Hours a person's working-time ratio asks for over ``days`` days (absences counted as worked)."""
    weekly = float((rules[CONTRACT_HOURS].value or {}).get("weekly_hours", 35))
    return member.ratio * weekly * max(0, days - absent_days) / 7


# -- checking ------------------------------------------------------------------------------------------

def cover(data: RotaData) -> list[CoverLine]:
    """Who is there, per day of the period and cover requirement (absent people do not count)."""
    counts: dict[tuple[date, str, str, str], int] = defaultdict(int)
    for a in data.assignments:
        member = data.staff.get(a.staff)
        if member is None or not data.in_period(a.day) or data.absence_on(a.staff, a.day):
            continue
        counts[(a.day, a.unit, a.shift, member.role)] += 1
    return [CoverLine(day, c.unit, c.shift, c.role, counts.get((day, c.unit, c.shift, c.role), 0), c.minimum, c.optimal)
            for day in data.period for c in data.cover]


def check(data: RotaData) -> list[Violation]:
    """Every broken rule in the period, hard ones first, then by day and person."""
    found: list[Violation] = []
    by_staff: dict[str, list[Assignment]] = defaultdict(list)
    for a in data.assignments:
        if a.shift in data.shifts:
            by_staff[a.staff].append(a)
    for staff_id, assignments in by_staff.items():
        member = data.staff.get(staff_id)
        if member is None:
            continue
        assignments.sort(key=lambda a: (data.shifts[a.shift].span(a.day), a.unit))
        found += _per_person(data, member, assignments)
    found += _cover_violations(data)
    found += _birth_suite(data)
    rules = data.rules
    kept = [v for v in found if data.in_period(v.day) and (rules[v.rule].hard or rules[v.rule].weight > 0)]
    return sorted(kept, key=lambda v: (not v.hard, v.day, v.staff or "", v.rule))


def hard_violations(data: RotaData) -> list[Violation]:
    return [v for v in check(data) if v.hard]


def person_hard_violations(data: RotaData, member: StaffMember, assignments: Iterable[Assignment]) -> list[Violation]:
    """The hard rules one person's own shifts break in the period (rest, successions, runs, hours,
    absences, skills...: everything but cover), as ``check`` finds them."""
    mine = sorted((a for a in assignments if a.shift in data.shifts),
                  key=lambda a: (data.shifts[a.shift].span(a.day), a.unit))
    rules = data.rules
    return [v for v in _per_person(data, member, mine) if rules[v.rule].hard and data.in_period(v.day)]


def _violation(data: RotaData, rule: str, day: date, staff: str | None, message: str, /, **params: Any) -> Violation:
    unit, shift = params.pop("_unit", None), params.pop("_shift", None)
    return Violation(rule, data.rules[rule].hard, day, staff, message, params, unit, shift)


def _per_person(data: RotaData, member: StaffMember, assignments: list[Assignment]) -> list[Violation]:
    rules, shifts = data.rules, data.shifts
    out: list[Violation] = []
    days: dict[date, list[Assignment]] = defaultdict(list)
    for a in assignments:
        days[a.day].append(a)
    for day, same_day in days.items():
        if len(same_day) > 1:
            out.append(_violation(data, ONE_SHIFT_A_DAY, day, member.id, "{name} has {count} shifts on the same day.",
                                  name=member.name, count=len(same_day)))
    for a in assignments:
        absence = data.absence_on(member.id, a.day)
        if absence is not None:
            out.append(_violation(data, ABSENT, a.day, member.id, "{name} is on a shift ({shift}) while absent ({kind}).",
                                  name=member.name, shift=a.shift, kind=absence.kind, _unit=a.unit, _shift=a.shift))
        unit = data.units.get(a.unit)
        if unit is not None:
            skill = skill_needed(rules, unit, member.role)
            if skill and skill not in member.skills:
                out.append(_violation(data, REQUIRED_SKILL, a.day, member.id, "{name} works in {unit} without the {skill} skill.",
                                      name=member.name, unit=a.unit, skill=skill, _unit=a.unit, _shift=a.shift))
        if member.units and a.unit not in member.units:
            out.append(_violation(data, HOME_UNITS, a.day, member.id, "{name} works in {unit}, outside their units ({units}).",
                                  name=member.name, unit=a.unit, units=", ".join(member.units), _unit=a.unit, _shift=a.shift))
    # Rest between consecutive shifts, and forbidden successions.
    min_rest = float(rules[MIN_REST].value) * 60
    forbidden = {tuple(pair) for pair in rules[FORBIDDEN_SUCCESSIONS].value or []}
    for before, after in zip(assignments, assignments[1:]):
        end = shifts[before.shift].span(before.day)[1]
        start = shifts[after.shift].span(after.day)[0]
        if before.day != after.day and start - end < min_rest:
            out.append(_violation(data, MIN_REST, after.day, member.id, "{name}: {rest} h of rest between {first} and {second} ({minimum} h needed).",
                                  name=member.name, rest=_hours(start - end), first=before.shift, second=after.shift,
                                  minimum=_hours(min_rest), _unit=after.unit, _shift=after.shift))
        if (after.day - before.day).days == 1 and (before.shift, after.shift) in forbidden:
            out.append(_violation(data, FORBIDDEN_SUCCESSIONS, after.day, member.id, "{name}: {first} followed by {second} is not allowed.",
                                  name=member.name, first=before.shift, second=after.shift, _unit=after.unit, _shift=after.shift))
    out += _seven_days(data, member, days)
    out += _weekly_rest(data, member, assignments)
    out += _runs(data, member, days)
    out += _contract(data, member, assignments)
    return out


def _hours(minutes: float) -> int | float:
    """Hours as a number (the message is formatted in the reader's language: 79,5 in French)."""
    hours = minutes / 60
    return int(hours) if hours == int(hours) else round(hours, 1)


def _seven_days(data: RotaData, member: StaffMember, days: dict[date, list[Assignment]]) -> list[Violation]:
    limit = float(data.rules[MAX_HOURS_7_DAYS].value) * 60
    out, in_excess = [], False
    for day in data.period:
        total = sum(data.shifts[a.shift].minutes for offset in range(7) for a in days.get(day - timedelta(days=offset), []))
        if total > limit and not in_excess:  # once per stretch of windows over the limit
            out.append(_violation(data, MAX_HOURS_7_DAYS, day, member.id, "{name}: {hours} h over the 7 days to {end} ({maximum} h at most).",
                                  name=member.name, hours=_hours(total), end=day.strftime("%d/%m/%Y"), maximum=_hours(limit)))
        in_excess = total > limit
    return out


def _weekly_rest(data: RotaData, member: StaffMember, assignments: list[Assignment]) -> list[Violation]:
    """In every calendar week (Monday to Sunday) of the period, one rest of at least the rule's hours
    inside that week. Before the first and after the last shift known, the rest is open-ended."""
    need = float(data.rules[WEEKLY_REST].value) * 60
    spans = [data.shifts[a.shift].span(a.day) for a in assignments]
    gaps, previous_end = [], None
    for start, end in spans:
        gaps.append((previous_end if previous_end is not None else -(10**12), start))
        previous_end = end if previous_end is None else max(previous_end, end)
    gaps.append((previous_end if previous_end is not None else -(10**12), 10**12))
    out = []
    monday = data.first_day - timedelta(days=data.first_day.weekday())
    while monday <= data.last_day:
        week_start = monday.toordinal() * MINUTES_PER_DAY
        week_end = week_start + 7 * MINUTES_PER_DAY
        longest = max((min(end, week_end) - max(start, week_start) for start, end in gaps), default=0)
        if longest < need:
            out.append(_violation(data, WEEKLY_REST, max(monday, data.first_day), member.id,
                                  "{name}: no rest of {minimum} h in the week of {monday} (longest {longest} h).",
                                  name=member.name, minimum=_hours(need), monday=monday.strftime("%d/%m/%Y"), longest=_hours(max(0, longest))))
        monday += timedelta(days=7)
    return out


def _runs(data: RotaData, member: StaffMember, days: dict[date, list[Assignment]]) -> list[Violation]:
    out = []
    for rule, counts, message in (
        (MAX_CONSECUTIVE_NIGHTS, lambda d: any(data.shifts[a.shift].is_night for a in days.get(d, [])),
         "{name}: {count} nights in a row ({maximum} at most)."),
        (MAX_CONSECUTIVE_DAYS, lambda d: bool(days.get(d)), "{name}: {count} days worked in a row ({maximum} at most)."),
    ):
        limit = int(data.rules[rule].value)
        run = 0
        start = data.first_day - timedelta(days=limit + 1)  # a run may begin before the period
        for offset in range((data.last_day - start).days + 1):
            day = start + timedelta(days=offset)
            run = run + 1 if counts(day) else 0
            if run == limit + 1 and data.in_period(day):
                out.append(_violation(data, rule, day, member.id, message, name=member.name, count=run, maximum=limit))
    return out


def _contract(data: RotaData, member: StaffMember, assignments: list[Assignment]) -> list[Violation]:
    settings = data.rules[CONTRACT_HOURS].value or {}
    absent = sum(1 for day in data.period if data.absence_on(member.id, day))
    expected = expected_hours(member, data.days, data.rules, absent)
    planned = sum(data.shifts[a.shift].hours for a in assignments if data.in_period(a.day))
    if planned > expected + float(settings.get("tolerance_hours", 12)):
        return [_violation(data, CONTRACT_HOURS, data.first_day, member.id, "{name}: {planned} h planned for about {expected} h by contract.",
                           name=member.name, planned=_hours(planned * 60), expected=_hours(round(expected) * 60))]
    return []


def _cover_violations(data: RotaData) -> list[Violation]:
    out = []
    for line in cover(data):
        if line.short:
            out.append(_violation(data, MIN_COVER, line.day, None, "{unit} {shift}: {count} {role} for {minimum} needed.",
                                  unit=line.unit, shift=line.shift, role=line.role, count=line.count, minimum=line.minimum,
                                  _unit=line.unit, _shift=line.shift))
        elif line.below_optimal:
            out.append(_violation(data, OPTIMAL_COVER, line.day, None, "{unit} {shift}: {count} {role}, {optimal} would be better.",
                                  unit=line.unit, shift=line.shift, role=line.role, count=line.count, optimal=line.optimal,
                                  _unit=line.unit, _shift=line.shift))
    return out


def birth_suite_instants(shifts: Mapping[str, Shift]) -> list[int]:
    """The times of day (minutes) where birth-suite presence is counted: every shift's start and
    end, the only times cover changes (a shift covers [start, end), so presence between two of them
    is what it is at the first). Starts alone miss a midwife leaving with nobody starting then: a
    morning ending at 14:30 and the night at 21:00 leave the suite empty in between."""
    return sorted({s.start for s in shifts.values()} | {(s.start + s.minutes) % MINUTES_PER_DAY for s in shifts.values()})


def _birth_suite(data: RotaData) -> list[Violation]:
    settings = data.rules[BIRTH_SUITE_MIDWIVES].value or {}
    needed, role, skill = int(settings.get("count", 1)), settings.get("role", "SF"), settings.get("skill")
    suites = {u.code for u in data.units.values() if u.kind == "birth_suite"}
    if not suites or needed <= 0:
        return []
    spans = []
    for a in data.assignments:
        member = data.staff.get(a.staff)
        if (a.unit in suites and member is not None and member.role == role and (not skill or skill in member.skills)
                and a.shift in data.shifts and not data.absence_on(a.staff, a.day)):
            spans.append(data.shifts[a.shift].span(a.day))
    out = []
    for day in data.period:
        missing = []
        for instant in birth_suite_instants(data.shifts):
            at = day.toordinal() * MINUTES_PER_DAY + instant
            present = sum(1 for start, end in spans if start <= at < end)
            if present < needed:
                missing.append((instant, present))
        if missing:
            times = ", ".join(f"{m // 60:02d}:{m % 60:02d}" for m, _ in missing)
            out.append(_violation(data, BIRTH_SUITE_MIDWIVES, day, None,
                                  "Birth suite: fewer than {count} qualified midwife(s) at {times}.", count=needed, times=times))
    return out
