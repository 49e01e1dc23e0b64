"""A coherent clinical timeline, typed late from paper: a bed holds at most one patient at any instant
of its history, births lie within the mother's stay, a newborn's stay starts at her birth, and every
cancellation leaves each stay placed or ended. Cases first, then a hypothesis machine that runs
random back-dated sequences and checks the invariants after every step."""

from __future__ import annotations

import copy
import os
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from continuity.core import adt as core_adt
from continuity.core.adt import StayStatus
from continuity.core.errors import DomainError
from continuity.core.permissions import Role
from continuity.services import adt, births, kit, ward
from continuity.store import stays as stay_store
from tests.conftest import START, FakeClock, add_woman, new_store, session_for


def test_a_back_dated_admission_into_a_bed_occupied_then_is_refused_with_the_bed_and_time(clerk):
    first = adt.admit(clerk, add_woman(clerk, birth_name="Premiere"), unit="GHR", bed="201", at="2027-01-15 01:00").values["nda"]
    adt.discharge(clerk, first, at="2027-01-15 05:00")
    with pytest.raises(DomainError, match=r"Bed 201 in GHR was occupied by another patient from 15/01/2027 00:00 UTC to 15/01/2027 04:00") as refused:
        adt.admit(clerk, add_woman(clerk, birth_name="Seconde", first_names="Lou"), unit="GHR", bed="201", at="2027-01-15 03:00")
    assert refused.value.field == "bed"
    adt.admit(clerk, add_woman(clerk, birth_name="Troisieme", first_names="Ana"), unit="GHR", bed="201", at="2027-01-15 05:00")  # from her leaving: free


def test_a_back_dated_transfer_into_a_bed_occupied_then_is_refused(clerk):
    mover = adt.admit(clerk, add_woman(clerk, birth_name="Mobile"), unit="GHR", bed="201", at="2027-01-15 01:00").values["nda"]
    other = adt.admit(clerk, add_woman(clerk, birth_name="Occupante", first_names="Eve"), unit="GHR", bed="202", at="2027-01-15 02:00").values["nda"]
    adt.transfer(clerk, other, unit="GHR", bed="203A", at="2027-01-15 06:00")
    with pytest.raises(DomainError, match="Bed 202 in GHR was occupied"):
        adt.transfer(clerk, mover, unit="GHR", bed="202", at="2027-01-15 04:00")
    adt.transfer(clerk, mover, unit="GHR", bed="202", at="2027-01-15 06:30")


def test_twins_before_their_mother_s_admission_are_refused_and_a_newborn_s_stay_starts_at_her_birth(clerk, midwife):
    nda = adt.admit(clerk, add_woman(clerk), unit="SDN", bed="SN1", at="2027-01-15 01:34").values["nda"]
    with pytest.raises(DomainError, match=r"before the mother's admission \(15/01/2027 00:34 UTC\)"):
        births.record_birth(midwife, nda, sex="F", weight_g=2900, at="2027-01-15 01:20")
    first = births.record_birth(midwife, nda, sex="F", weight_g=2900, at="2027-01-15 01:50").values["nda"]
    second = births.record_birth(midwife, nda, sex="M", weight_g=2800, at="2027-01-15 02:02").values["nda"]
    for newborn_nda, born in ((first, "2027-01-15T00:50:00Z"), (second, "2027-01-15T01:02:00Z")):
        stay = stay_store.by_nda(clerk.store.db, newborn_nda)
        admission = stay_store.movement_rows(clerk.store.db, stay["id"])[0]
        assert (admission["kind"], admission["at"]) == ("admission", born)  # not the typing time
        assert stay["admitted_at"] == born


def test_a_baby_cannot_go_back_to_a_mother_who_has_left(clerk, midwife):
    nda = adt.admit(clerk, add_woman(clerk), unit="SDN", bed="SN1", at="2027-01-15 03:00").values["nda"]
    baby = births.record_birth(midwife, nda, sex="F", weight_g=3000, at="2027-01-15 04:00").values["nda"]
    to_neo = adt.transfer(midwife, baby, unit="NEO", bed="N1-1", at="2027-01-15 05:00").values["movement_id"]
    adt.discharge(clerk, nda, at="2027-01-15 07:00")
    with pytest.raises(DomainError, match="Her mother has left the ward"):
        adt.cancel_movement(midwife, to_neo)
    stay = stay_store.by_nda(clerk.store.db, baby)
    assert (stay["status"], stay["bed_id"]) == ("active", "NEO:N1-1")
    census = ward.census(clerk)
    neo = next(b for u in census["units"] if u["code"] == "NEO" for b in u["beds"] if b["bed"] == "N1-1")
    assert neo["state"] == "occupied"


def test_a_mother_does_not_leave_before_her_baby_came_back_to_her(clerk, midwife):
    nda = adt.admit(clerk, add_woman(clerk), unit="SDN", bed="SN1", at="2027-01-15 01:00").values["nda"]
    baby = births.record_birth(midwife, nda, sex="F", weight_g=3000, at="2027-01-15 02:00").values["nda"]
    adt.transfer(midwife, baby, unit="NEO", bed="N1-1", at="2027-01-15 03:00")
    adt.transfer(midwife, baby, unit="SDN", bed="SN1", at="2027-01-15 06:00")  # back to her mother's bed
    with pytest.raises(DomainError, match="before her baby's last movement"):
        adt.discharge(clerk, nda, at="2027-01-15 05:00")
    adt.discharge(clerk, nda, at="2027-01-15 06:30")


def test_a_baby_born_at_home_is_admitted_just_after_midnight_on_her_birth_day(clerk, clock):
    clock.now = datetime(2027, 1, 14, 23, 10, tzinfo=timezone.utc).timestamp()  # 00:10 in Paris on the 15th
    ipp = add_woman(clerk, birth_name="Nouvelle", first_names="Zoé", birth_date="2027-01-15")
    adt.admit(clerk, ipp, unit="NEO", bed="N1-1", at="2027-01-15 00:05")
    with pytest.raises(DomainError, match="before the patient's birth"):
        adt.admit(clerk, add_woman(clerk, birth_name="Autre", first_names="Lina", birth_date="2027-01-15"), unit="NEO", bed="N1-2",
                  at="2027-01-14 23:55")


# -- the property ------------------------------------------------------------------------------------
UNITS_BEDS = [("GHR", "201"), ("GHR", "202"), ("SDN", "SN1"), ("SDC", "301"), ("NEO", "N1-1")]


def check_invariants(db) -> None:
    stays, movements = stay_store.stays_with_movements(db, [r[0] for r in db.execute("SELECT id FROM stays")])
    timelines = {s["id"]: [stay_store.to_movement(m._asdict()) for m in movements.get(s["id"], [])] for s in stays}
    by_id = {s["id"]: s for s in stays}
    # A bed holds at most one patient at any instant of its history.
    stretches = [(sid, stretch) for sid, moves in timelines.items() for stretch in core_adt.bed_stretches(moves)]
    for i, (sid, a) in enumerate(stretches):
        for other, b in stretches[i + 1:]:
            if other != sid and a.bed_id == b.bed_id:
                far = datetime.max.replace(tzinfo=timezone.utc)
                assert not (a.start < (b.end or far) and b.start < (a.end or far)), (a, b)
    for stay in stays:
        state = core_adt.replay(timelines[stay["id"]])
        # Every stay placed or ended: active stays are in a bed, or newborns with a mother on the ward.
        if state.status in StayStatus.CURRENT and state.bed_id is None:
            assert stay["kind"] == "newborn", stay
            mother = core_adt.replay(timelines[stay["mother_stay_id"]])
            assert mother.status in StayStatus.CURRENT, (stay, mother)
    for birth in db.query("SELECT * FROM births WHERE status = 'recorded'"):
        born = datetime.fromisoformat(birth["at"].replace("Z", "+00:00"))
        mother = core_adt.replay(timelines[birth["mother_stay_id"]])
        # Births lie within the mother's stay; the newborn's stay starts at the birth.
        assert mother.admitted_at is not None and mother.admitted_at <= born, (birth, mother)
        assert mother.discharged_at is None or born <= mother.discharged_at, (birth, mother)
        assert core_adt.replay(timelines[birth["newborn_stay_id"]]).admitted_at == born
        assert by_id[birth["newborn_stay_id"]]["admitted_at"] == birth["at"]


class Timeline(RuleBasedStateMachine):
    """Admissions, births, transfers (with and without the newborns), leaves, returns, discharges and
    cancellations at random clinical times, back-dated or not, on a few beds."""

    kit: dict = {}

    @initialize()
    def open_ward(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="timeline-")
        self.clock = FakeClock(START)
        self.store = new_store(Path(self.tmp.name) / "laptop", self.clock)
        kit.enrol(self.store, copy.deepcopy(self.kit), "laptop-1")
        self.midwife = session_for(self.store, Role.MIDWIFE)
        self.women = 0

    def teardown(self):
        if hasattr(self, "store"):
            self.store.close()
            self.tmp.cleanup()

    def when(self, data) -> str:
        """A clinical time in the last twelve hours (typed late from paper), the clock moving on."""
        self.clock.advance(data.draw(st.integers(0, 40)) * 60)
        moment = self.store.now() - timedelta(minutes=data.draw(st.integers(0, 12 * 60)))
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    def stays(self, current: bool = True, kind: str | None = None) -> list[dict]:
        rows = list(self.store.db.query("SELECT * FROM stays ORDER BY nda"))
        return [r for r in rows if (not current or r["status"] in StayStatus.CURRENT) and (kind is None or r["kind"] == kind)]

    def attempt(self, action, *args, **kwargs) -> None:
        try:
            action(self.midwife, *args, **kwargs)
        except DomainError:
            pass  # refused: the invariants must hold all the same

    @rule(data=st.data(), place=st.sampled_from(UNITS_BEDS[:4]))
    def admit(self, data, place):
        self.women += 1
        ipp = add_woman(self.midwife, birth_name=f"Femme {chr(65 + self.women % 26)}{self.women}", first_names="Anne",
                        birth_date=f"19{70 + self.women % 30}-0{1 + self.women % 9}-1{self.women % 10}")
        self.attempt(adt.admit, ipp, unit=place[0], bed=place[1], at=self.when(data))

    @rule(data=st.data())
    def birth(self, data):
        mothers = self.stays(kind="standard")
        if mothers:
            self.attempt(births.record_birth, data.draw(st.sampled_from(mothers))["nda"], sex="F", weight_g=3000, at=self.when(data))

    @rule(data=st.data(), place=st.sampled_from(UNITS_BEDS))
    def transfer(self, data, place):
        current = self.stays()
        if current:
            self.attempt(adt.transfer, data.draw(st.sampled_from(current))["nda"], unit=place[0], bed=place[1], at=self.when(data))

    @rule(data=st.data())
    def leave_or_return(self, data):
        current = self.stays(kind="standard")
        if current:
            stay = data.draw(st.sampled_from(current))
            self.attempt(adt.leave if stay["status"] == "active" else adt.return_from_leave, stay["nda"], at=self.when(data))

    @rule(data=st.data())
    def discharge(self, data):
        current = self.stays()
        if current:
            self.attempt(adt.discharge, data.draw(st.sampled_from(current))["nda"], at=self.when(data))

    @rule(data=st.data())
    def cancel_newest(self, data):
        stays = self.stays(current=False)
        if not stays:
            return
        stay = data.draw(st.sampled_from(stays))
        live = [m for m in stay_store.movement_rows(self.store.db, stay["id"]) if not m["cancelled"]]
        if live:
            self.attempt(adt.cancel_movement, live[-1]["id"])

    @invariant()
    def coherent(self):
        if hasattr(self, "store"):
            check_invariants(self.store.db)


def test_the_timeline_stays_coherent_whatever_is_typed_and_cancelled(built_kit):
    Timeline.kit = built_kit
    run_state_machine_as_test(Timeline, settings=settings(max_examples=int(os.environ.get("TIMELINE_EXAMPLES", 40)), stateful_step_count=25, deadline=None,
                                                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]))
