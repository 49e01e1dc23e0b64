"""The rota services on a real enrolled data folder: edits are checked, journaled, audited, refused
for the wrong role, and sync between laptops like ADT data."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from continuity.core.errors import DomainError, NotFound, PermissionDenied
from continuity.core.permissions import Role
from continuity.services import rota
from continuity.store import replication
from tests.sync_helpers import make_laptops, sync_all

MONDAY = date(2027, 1, 18)  # the week after the fixtures' "now" (Friday 2027-01-15)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def cells(session, first=MONDAY, weeks=1) -> dict:
    return {(c["staff"], c["day"]): (c["shift"], c["unit"]) for c in rota.grid(session, first, weeks)["cells"]}


def journal_of(store, entity_id: str) -> list[tuple]:
    return [(r[0], json.loads(r[1])) for r in store.db.execute(
        "SELECT field, value FROM journal WHERE entity_id = ? ORDER BY seq", [entity_id])]


def test_assign_clear_and_the_journal_keeps_every_value(supervisor, store):
    rota.assign(supervisor, "S001", day(0), "j")  # codes are read in capitals; unit: her first
    assert cells(supervisor)[("S001", day(0).isoformat())] == ("J", "SDN")
    rota.assign(supervisor, "S001", day(0), "N", "URG")
    rota.assign(supervisor, "S001", day(0), None)
    assert ("S001", day(0).isoformat()) not in cells(supervisor)
    shifts = [value for field, value in journal_of(store, rota.cell_id("S001", day(0))) if field == "shift"]
    assert shifts == ["J", "N", None]
    actions = [r[0] for r in store.db.execute("SELECT action FROM audit WHERE action LIKE 'rota.%' ORDER BY seq")]
    assert actions == ["rota.assign"] * 3


@pytest.mark.parametrize("arguments, field", [
    (("S999", day(0), "J"), "staff"),
    (("S001", day(0), "X"), "shift"),
    (("S001", day(0), "J", "NOPE"), "unit"),
])
def test_wrong_input_is_refused_next_to_its_field(supervisor, arguments, field):
    with pytest.raises(DomainError) as refused:
        rota.assign(supervisor, *arguments)
    assert refused.value.field == field


def test_only_those_allowed_edit_the_rota_and_the_service_refuses_the_others(midwife, clerk, supervisor):
    for session in (midwife, clerk):
        with pytest.raises(PermissionDenied):
            rota.assign(session, "S001", day(0), "J")
        with pytest.raises(PermissionDenied):
            rota.absent(session, "S001", day(0), day(1), "MAL")
        with pytest.raises(PermissionDenied):
            rota.plan_fill(session, MONDAY, 1)
    assert rota.grid(midwife, MONDAY)["can_edit"] is False  # reading is allowed
    assert rota.grid(supervisor, MONDAY)["can_edit"] is True


def test_sick_leave_clears_the_shifts_and_the_holes_show_in_the_cover(supervisor):
    for n in range(3):
        rota.assign(supervisor, "S001", day(n), "J" if n != 1 else "N", "SDN")
    before = {(c["day"], c["shift"]): c["count"] for c in rota.grid(supervisor, MONDAY)["cover"] if c["unit"] == "SDN"}
    assert before[(day(0).isoformat(), "J")] == 1
    result = rota.absent(supervisor, "S001", day(1), day(2), "mal", note="grippe")
    assert [(h["day"], h["shift"]) for h in result["holes"]] == [(day(1).isoformat(), "N"), (day(2).isoformat(), "J")]
    grid = rota.grid(supervisor, MONDAY)
    after = {(c["day"], c["shift"]): c["count"] for c in grid["cover"] if c["unit"] == "SDN"}
    assert after[(day(1).isoformat(), "N")] == 0 and after[(day(2).isoformat(), "J")] == 0 and after[(day(0).isoformat(), "J")] == 1
    assert grid["absences"][0]["kind"] == "MAL"
    # while absent, a shift is refused next to the shift field
    with pytest.raises(DomainError, match="absent") as refused:
        rota.assign(supervisor, "S001", day(2), "J")
    assert refused.value.field == "shift"
    rota.cancel_absence(supervisor, result["id"])
    rota.assign(supervisor, "S001", day(2), "J")
    with pytest.raises(DomainError):
        rota.absent(supervisor, "S001", day(3), day(2), "CA")
    with pytest.raises(DomainError):
        rota.absent(supervisor, "S001", day(3), day(3), "HOLIDAY")


def test_swap_exchanges_two_cells(supervisor):
    extra = rota.add_staff(supervisor, "Moreau", "Zoé", "SF", skills=["birth_suite"], units=["SDN"])
    rota.assign(supervisor, "S001", day(0), "J", "SDN")
    rota.assign(supervisor, extra["id"], day(0), "N", "SDN")
    rota.swap(supervisor, "S001", day(0), extra["id"], day(0))
    grid = cells(supervisor)
    assert grid[("S001", day(0).isoformat())] == ("N", "SDN") and grid[(extra["id"], day(0).isoformat())] == ("J", "SDN")
    # one person's two days
    rota.swap(supervisor, "S001", day(0), "S001", day(3))
    grid = cells(supervisor)
    assert ("S001", day(0).isoformat()) not in grid and grid[("S001", day(3).isoformat())] == ("N", "SDN")


def test_copy_a_week_keeps_what_is_already_set(supervisor):
    rota.assign(supervisor, "S001", day(0), "J", "SDN")
    rota.assign(supervisor, "S001", day(2), "N", "SDN")
    rota.assign(supervisor, "S002", day(1), "M", "SDC")
    rota.assign(supervisor, "S001", day(9), "M", "URG")  # already set in the target week
    rota.absent(supervisor, "S002", day(8), day(8), "CA")
    result = rota.copy_week(supervisor, MONDAY, day(7))
    assert result == {"copied": 1, "kept": 1, "absent": 1}
    grid = cells(supervisor, day(7))
    assert grid[("S001", day(7).isoformat())] == ("J", "SDN") and grid[("S001", day(9).isoformat())] == ("M", "URG")


def test_publish_then_a_hand_change_is_a_draft_again(supervisor):
    rota.assign(supervisor, "S001", day(0), "J", "SDN")
    rota.assign(supervisor, "S002", day(0), "M", "SDC")
    assert rota.version(supervisor, MONDAY, 7) == {"number": 0, "published_at": None, "drafts": 2}
    assert rota.publish(supervisor, MONDAY, 1)["published"] == 2
    info = rota.version(supervisor, MONDAY, 7)
    assert info["number"] == 1 and info["drafts"] == 0
    rota.assign(supervisor, "S001", day(0), "N", "SDN")
    assert rota.version(supervisor, MONDAY, 7)["drafts"] == 1
    assert "1" in rota.version_label(rota.version(supervisor, MONDAY, 7), "Europe/Paris")


def test_check_reports_rules_and_cover_for_one_unit(supervisor):
    rota.assign(supervisor, "S001", day(0), "N", "SDN")
    rota.assign(supervisor, "S001", day(1), "J", "SDN")  # 0 h of rest after the night
    result = rota.check(supervisor, MONDAY, 1, "SDN")
    rules = {(v["rule"], v["staff"], v["day"]) for v in result["violations"]}
    assert ("min_rest", "S001", day(1).isoformat()) in rules
    assert ("forbidden_successions", "S001", day(1).isoformat()) in rules  # N then J, as the example ward says
    assert all(c["unit"] == "SDN" for c in result["cover_shortfalls"]) and result["cover_shortfalls"]
    with pytest.raises(NotFound):
        rota.check(supervisor, MONDAY, 1, "NOPE")
    with pytest.raises(DomainError) as refused:
        rota.check(supervisor, MONDAY, 9)
    assert refused.value.field == "weeks"


def test_staff_are_edited_and_added_not_deleted(supervisor, store):
    rota.update_staff(supervisor, "S002", skills=["neonatology", "birth_suite"], ratio=0.5)
    member = next(m for m in rota.staff_list(supervisor) if m["id"] == "S002")
    assert member["skills"] == ["birth_suite", "neonatology"] and member["ratio"] == 0.5
    with pytest.raises(DomainError) as refused:
        rota.update_staff(supervisor, "S002", ratio=1.5)
    assert refused.value.field == "ratio"
    rota.update_staff(supervisor, "S002", active=False)
    assert "S002" not in {m["id"] for m in rota.staff_list(supervisor)}
    assert "S002" in {m["id"] for m in rota.staff_list(supervisor, include_inactive=True)}
    with pytest.raises(DomainError, match="no longer"):
        rota.assign(supervisor, "S002", day(0), "M")


def test_rota_changes_sync_between_laptops_and_a_cell_edited_twice_converges(tmp_path, built_kit):
    one, two = make_laptops(tmp_path, built_kit, 2)
    try:
        boss_one, boss_two = one.session(Role.SUPERVISOR), two.session(Role.SUPERVISOR)
        temp = rota.add_staff(boss_one, "Intérim", "Lou", "IDE", units=["NEO"])
        rota.assign(boss_one, temp["id"], day(0), "N", "NEO")
        rota.absent(boss_one, "S002", day(1), day(4), "MAL")
        rota.publish(boss_one, MONDAY, 1)
        sync_all([one, two])
        assert cells(boss_two) == cells(boss_one)
        assert rota.grid(boss_two, MONDAY)["absences"] == rota.grid(boss_one, MONDAY)["absences"]
        assert rota.version(boss_two, MONDAY, 7)["number"] == 1
        assert one.state() == two.state()
        # the same cell changed on both laptops before they meet: one value everywhere, the other kept
        rota.assign(boss_one, "S001", day(2), "J", "SDN")
        rota.assign(boss_two, "S001", day(2), "N", "SDN")
        sync_all([one, two])
        assert cells(boss_one)[("S001", day(2).isoformat())] == cells(boss_two)[("S001", day(2).isoformat())]
        assert one.state() == two.state()
        assert any(c["entity"] == "assignment" for c in replication.conflicts(one.store.db))
    finally:
        one.store.close()
        two.store.close()


def test_a_fill_is_not_written_over_a_change_made_while_it_was_solving(supervisor):
    rota.add_staff(supervisor, "Moreau", "Zoé", "SF", skills=["birth_suite"], units=["SDN"])
    plan = rota.plan_fill(supervisor, MONDAY, 1, work_limit=2)
    assert plan.result.added
    rota.absent(supervisor, "S001", day(0), day(1), "MAL")  # meanwhile: no cell touched, but an absence
    with pytest.raises(DomainError, match="changed while it was being filled"):
        rota.apply_fill(supervisor, plan)
    again = rota.apply_fill(supervisor, rota.plan_fill(supervisor, MONDAY, 1, work_limit=2))
    assert not any(c["staff"] == "S001" and c["day"] in (day(0).isoformat(), day(1).isoformat()) for c in again["added"])
    assert all(c["name"] for c in again["added"])


def test_publishing_one_unit_versions_that_unit_only(supervisor):
    rota.assign(supervisor, "S001", day(0), "J", "SDN")
    rota.assign(supervisor, "S002", day(0), "M", "SDC")
    rota.publish(supervisor, MONDAY, 1, "SDN")
    assert rota.version(supervisor, MONDAY, 7, "SDN") == {"number": 1, "published_at": rota.version(supervisor, MONDAY, 7)["published_at"],
                                                          "drafts": 0}
    assert rota.version(supervisor, MONDAY, 7, "SDC")["number"] == 0
    assert rota.version(supervisor, MONDAY, 7, "SDC")["drafts"] == 1
    assert rota.version(supervisor, MONDAY, 7)["drafts"] == 1  # ward-wide: one shift still a draft
