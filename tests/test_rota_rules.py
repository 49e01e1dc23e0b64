"""Every rota rule on small hand-made cases: the broken case is found, the compliant one is clean."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from continuity.core import rota
from continuity.core.errors import DomainError
from continuity.core.rota import Absence, Assignment, Cover, RotaData, Rule, Shift, StaffMember, Unit

MONDAY = date(2027, 1, 4)
SHIFTS = {s.code: s for s in (
    Shift.from_clock("J", "Day", "07:00", "19:00"),
    Shift.from_clock("N", "Night", "19:00", "07:00"),
    Shift.from_clock("M", "Morning", "07:00", "14:30"),
    Shift.from_clock("S", "Evening", "14:00", "21:30"),
)}
UNITS = {u.code: u for u in (Unit("SDN", "Salle de naissance", "birth_suite"), Unit("SDC", "Suites de couches", "postnatal"),
                             Unit("NEO", "Néonatologie", "neonatal"))}
ANNE = StaffMember("A", "Martin", "Anne", "SF", frozenset({"birth_suite"}), 1.0, ("SDN", "SDC"))
BEA = StaffMember("B", "Petit", "Béa", "SF", frozenset(), 1.0, ("SDC",))
CLEO = StaffMember("C", "Roux", "Cléo", "IDE", frozenset(), 0.5, ("NEO",))
STAFF = {m.id: m for m in (ANNE, BEA, CLEO)}


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def data(assignments, *, days=7, absences=(), cover=(), rules=None) -> RotaData:
    # Only the rule under test counts: cover and birth-suite rules are switched off unless given.
    settings = dict(rota.DEFAULT_RULES)
    settings[rota.BIRTH_SUITE_MIDWIVES] = Rule(rota.BIRTH_SUITE_MIDWIVES, True, 100, {"count": 0})
    settings.update(rules or {})
    return RotaData(MONDAY, days, SHIFTS, STAFF, UNITS, list(cover), list(assignments), list(absences), settings)


def a(staff: str, n: int, shift: str, unit: str = "SDC") -> Assignment:
    return Assignment(staff, day(n), shift, unit)


def broken(d: RotaData, rule: str) -> list[rota.Violation]:
    return [v for v in rota.check(d) if v.rule == rule]


def test_shift_arithmetic_crosses_midnight():
    night = SHIFTS["N"]
    assert night.is_night and night.hours == 12 and night.clock == "19:00-07:00"
    start, end = night.span(day(0))
    assert end - start == 720 and end == day(1).toordinal() * 1440 + 7 * 60
    assert not SHIFTS["M"].is_night and SHIFTS["M"].hours == 7.5


def test_one_shift_a_day():
    assert broken(data([a("B", 0, "M"), a("B", 0, "S")]), rota.ONE_SHIFT_A_DAY)
    assert not broken(data([a("B", 0, "M"), a("B", 1, "S")]), rota.ONE_SHIFT_A_DAY)


def test_working_while_absent():
    absence = Absence("B", day(1), day(3), "MAL")
    found = broken(data([a("B", 2, "J")], absences=[absence]), rota.ABSENT)
    assert [v.day for v in found] == [day(2)] and found[0].params["kind"] == "MAL"
    assert not broken(data([a("B", 4, "J")], absences=[absence]), rota.ABSENT)


def test_minimum_rest_between_shifts():
    # evening until 21:30 then morning at 07:00: 9.5 h
    found = broken(data([a("B", 0, "S"), a("B", 1, "M")]), rota.MIN_REST)
    assert len(found) == 1 and found[0].day == day(1) and found[0].params["rest"] == 9.5
    assert not broken(data([a("B", 0, "M"), a("B", 1, "M")]), rota.MIN_REST)
    # the threshold is the ward's: 9 h by agreement makes the same pair compliant
    relaxed = {rota.MIN_REST: Rule(rota.MIN_REST, True, 100, 9)}
    assert not broken(data([a("B", 0, "S"), a("B", 1, "M")], rules=relaxed), rota.MIN_REST)


def test_night_then_day_breaks_rest_and_the_forbidden_succession():
    rules = {rota.FORBIDDEN_SUCCESSIONS: Rule(rota.FORBIDDEN_SUCCESSIONS, True, 100, [["N", "S"]])}
    d = data([a("B", 0, "N"), a("B", 1, "S")], rules=rules)
    assert broken(d, rota.FORBIDDEN_SUCCESSIONS) and broken(d, rota.MIN_REST)  # 07:00 -> 14:00 is 7 h
    assert not broken(data([a("B", 0, "N"), a("B", 2, "S")], rules=rules), rota.FORBIDDEN_SUCCESSIONS)


def test_at_most_48_hours_over_any_7_days():
    five_days = [a("B", n, "J") for n in (0, 1, 3, 4, 6)]  # 60 h in 7 days (with rests between)
    found = broken(data(five_days), rota.MAX_HOURS_7_DAYS)
    assert len(found) == 1 and found[0].params["hours"] == 60
    assert not broken(data(five_days[:4]), rota.MAX_HOURS_7_DAYS)  # 48 h is allowed


def test_the_7_day_window_reaches_into_the_week_before():
    before = [a("B", n, "J") for n in (-3, -2)]
    inside = [a("B", n, "J") for n in (0, 1, 2)]
    assert broken(data(before + inside), rota.MAX_HOURS_7_DAYS)  # 60 h over days -3..2
    assert not broken(data(inside), rota.MAX_HOURS_7_DAYS)


def test_weekly_rest_of_36_hours():
    # a shift every day: the longest rest is 12 h
    every_day = [a("B", n, "J") for n in range(7)]
    found = broken(data(every_day), rota.WEEKLY_REST)
    assert len(found) == 1 and found[0].params["longest"] == 12
    # Wednesday off between two day shifts: Tuesday 19:00 -> Thursday 07:00 = 36 h
    one_day_off = [a("B", n, "J") for n in (0, 1, 3, 4, 5, 6)]
    assert not broken(data(one_day_off), rota.WEEKLY_REST)
    # a day off between two nights is 36 h too (Wednesday 07:00 -> Thursday 19:00)...
    nights = [a("B", n, "N") for n in (0, 1, 3, 4, 5, 6)]
    assert not broken(data(nights), rota.WEEKLY_REST)
    # ...but between a night and a day shift it is 24 h (Wednesday 07:00 -> Thursday 07:00)
    night_then_days = [a("B", n, "N") for n in (0, 1)] + [a("B", n, "J") for n in (3, 4, 5, 6)]
    assert broken(data(night_then_days), rota.WEEKLY_REST)[0].params["longest"] == 24


def test_consecutive_nights_and_days():
    nights = [a("B", n, "N") for n in range(4)]
    found = broken(data(nights), rota.MAX_CONSECUTIVE_NIGHTS)
    assert [v.day for v in found] == [day(3)]
    assert not broken(data(nights[:3]), rota.MAX_CONSECUTIVE_NIGHTS)
    days = [a("B", n, "M") for n in range(6)]
    assert [v.day for v in broken(data(days), rota.MAX_CONSECUTIVE_DAYS)] == [day(5)]
    assert not broken(data(days[:5]), rota.MAX_CONSECUTIVE_DAYS)


def test_required_skill():
    assert broken(data([a("B", 0, "J", "SDN")]), rota.REQUIRED_SKILL)  # Béa has no birth-suite skill
    assert not broken(data([a("A", 0, "J", "SDN")]), rota.REQUIRED_SKILL)
    assert broken(data([a("C", 0, "J", "NEO")]), rota.REQUIRED_SKILL)  # a nurse in neonatology needs it


def test_working_outside_ones_units():
    found = broken(data([a("C", 0, "J", "SDC")]), rota.HOME_UNITS)
    assert found and not found[0].hard
    assert not broken(data([a("C", 0, "J", "NEO")]), rota.HOME_UNITS)


def test_birth_suite_midwife_at_all_times():
    rules = {rota.BIRTH_SUITE_MIDWIVES: rota.DEFAULT_RULES[rota.BIRTH_SUITE_MIDWIVES]}
    d = data([a("A", 0, "J", "SDN")], days=1, rules=rules)  # nobody qualified at night
    found = broken(d, rota.BIRTH_SUITE_MIDWIVES)
    assert len(found) == 1 and "19:00" in found[0].params["times"] and "07:00" not in found[0].params["times"]
    # a qualified night, from the evening before, covers the early morning
    night_before = Assignment("A", day(-1), "N", "SDN")
    anne2 = StaffMember("A2", "Blanc", "Anne", "SF", frozenset({"birth_suite"}), 1.0, ("SDN",))
    d = data([night_before, a("A2", 0, "J", "SDN"), Assignment("A", day(0), "N", "SDN")], days=1, rules=rules)
    d.staff = {**STAFF, "A2": anne2}
    assert not broken(d, rota.BIRTH_SUITE_MIDWIVES)
    # an unqualified midwife does not count
    d = data([a("B", 0, "J", "SDN"), a("B", 1, "N", "SDN")], days=1, rules=rules)
    assert broken(d, rota.BIRTH_SUITE_MIDWIVES)


def test_cover_minimum_and_optimal():
    need = [Cover("SDC", "J", "SF", 2, 3)]
    short = broken(data([a("B", 0, "J")], days=1, cover=need), rota.MIN_COVER)
    assert len(short) == 1 and short[0].params["count"] == 1 and short[0].hard
    two = data([a("B", 0, "J"), a("A", 0, "J")], days=1, cover=need)
    assert not broken(two, rota.MIN_COVER)
    assert broken(two, rota.OPTIMAL_COVER)[0].hard is False
    # an absent person does not count, whatever the grid says
    absent = data([a("B", 0, "J"), a("A", 0, "J")], days=1, cover=need, absences=[Absence("A", day(0), day(0), "CA")])
    assert broken(absent, rota.MIN_COVER)
    lines = rota.cover(absent)
    assert [(line.count, line.short) for line in lines] == [(1, 1)]


def test_contract_hours_over_the_ratio():
    # Cléo works half time: 17.5 h a week; four nights (48 h) is far beyond the tolerance
    nights = [a("C", n, "N", "NEO") for n in (0, 2, 4, 6)]
    found = broken(data(nights), rota.CONTRACT_HOURS)
    assert found and found[0].params["planned"] == 48
    assert not broken(data(nights[:2]), rota.CONTRACT_HOURS)


def test_a_compliant_week_has_no_violation():
    week = [a("A", n, "J", "SDN") for n in (0, 1, 4)] + [a("B", n, "M") for n in (0, 1, 2, 3, 4)] + [a("C", 1, "J", "NEO")]
    cleo = StaffMember("C", "Roux", "Cléo", "IDE", frozenset({"neonatology"}), 0.5, ("NEO",))
    d = data(week)
    d.staff = {**STAFF, "C": cleo}
    assert rota.check(d) == []


def test_only_the_period_is_reported():
    outside = [a("B", -1, "M"), a("B", -1, "S")]  # two shifts the day before the period
    assert not broken(data(outside), rota.ONE_SHIFT_A_DAY)


def test_rules_are_configured_per_ward():
    rules = rota.rules_from_config({"min_rest": {"value": 11}, "max_consecutive_days": {"hard": True}})
    assert rules[rota.MIN_REST].value == 11 and rules[rota.MAX_CONSECUTIVE_DAYS].hard
    assert rules[rota.WEEKLY_REST].value == 36  # untouched defaults
    with pytest.raises(DomainError, match="Unknown rota rule"):
        rota.rules_from_config({"min_rest_hours": {"value": 11}})
    with pytest.raises(DomainError, match="must be a number"):
        rota.rules_from_config({"min_rest": {"value": "twelve"}})
    with pytest.raises(DomainError, match="'hard' must be true or false"):
        rota.rules_from_config({"min_rest": {"hard": "yes"}})


def test_a_soft_rule_made_hard_is_reported_as_hard():
    days = [a("B", n, "M") for n in range(6)]
    hard = {rota.MAX_CONSECUTIVE_DAYS: Rule(rota.MAX_CONSECUTIVE_DAYS, True, 10, 5)}
    assert all(v.hard for v in broken(data(days, rules=hard), rota.MAX_CONSECUTIVE_DAYS))
    off = {rota.MAX_CONSECUTIVE_DAYS: Rule(rota.MAX_CONSECUTIVE_DAYS, False, 0, 5)}  # weight 0: not reported
    assert not broken(data(days, rules=off), rota.MAX_CONSECUTIVE_DAYS)


def test_hours_in_messages_use_the_reader_s_decimal_mark():
    from continuity.i18n import translate

    assert "79,5 h" in translate("{name}: {planned} h planned for about {expected} h by contract.", "fr", name="X", planned=79.5, expected=70)
    assert "79.5" in translate("{name}: {planned} h planned for about {expected} h by contract.", "en", name="X", planned=79.5, expected=70)
