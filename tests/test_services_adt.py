"""ADT use cases against a real store: admit, transfer, leave, return, discharge, births, cancel, beds."""

from __future__ import annotations

import pytest

from continuity.core.errors import DomainError, NotFound, PermissionDenied
from continuity.services import adt, births, identity, ward
from continuity.store import stays as stay_store
from tests.conftest import add_woman


def bed_of(census: dict, unit: str, bed: str) -> dict:
    unit_row = next(u for u in census["units"] if u["code"] == unit)
    return next(b for b in unit_row["beds"] if b["bed"] == bed)


def admitted(clerk, bed="SN1", unit="SDN", at="2027-01-15 06:00", **kw) -> str:
    return adt.admit(clerk, add_woman(clerk, **kw), unit=unit, bed=bed, at=at).values["nda"]


def test_admission_gives_a_downtime_nda_and_fills_the_bed(clerk):
    ipp = add_woman(clerk)
    outcome = adt.admit(clerk, ipp, unit="SDN", bed="SN1", at="2027-01-15 06:30", reason="labour")
    assert 700000000 <= int(outcome.values["nda"]) < 700100000
    assert bed_of(ward.census(clerk), "SDN", "SN1")["ipp"] == ipp
    movement = next(clerk.store.db.query("SELECT * FROM movements"))
    assert movement["at"] == "2027-01-15T05:30:00Z"  # typed in Paris time, stored in UTC
    assert movement["entered_at"] == "2027-01-15T08:00:00Z"  # back-entry: typed later than it happened


@pytest.mark.parametrize(
    "unit, bed, message",
    [("XXX", "1", "Unknown unit"), ("SDN", "SN99", "no bed SN99"), ("SDN", "SN1", "already occupied")],
)
def test_admission_refusals(clerk, unit, bed, message):
    admitted(clerk, "SN1")
    with pytest.raises(DomainError, match=message):
        adt.admit(clerk, add_woman(clerk, birth_name="Autre"), unit=unit, bed=bed)


def test_second_current_stay_and_closed_bed_are_refused(clerk, midwife):
    ipp = add_woman(clerk)
    adt.admit(clerk, ipp, unit="SDN", bed="SN1")
    with pytest.raises(DomainError, match="already has a current stay"):
        adt.admit(clerk, ipp, unit="SDN", bed="SN2")
    adt.close_bed(midwife, "SDN", "SN3", "plan blanc")
    with pytest.raises(DomainError, match="closed"):
        adt.admit(clerk, add_woman(clerk, birth_name="B"), unit="SDN", bed="SN3")
    with pytest.raises(DomainError, match="occupied"):
        adt.close_bed(midwife, "SDN", "SN1")
    assert bed_of(ward.census(clerk), "SDN", "SN3")["state"] == "closed"
    adt.open_bed(midwife, "SDN", "SN3")
    adt.admit(clerk, add_woman(clerk, birth_name="B2"), unit="SDN", bed="SN3")


def test_transfer_leave_return_discharge(clerk):
    nda = admitted(clerk, "201", "GHR", at="2027-01-14 10:00")
    adt.transfer(clerk, nda, unit="SDC", bed="301", at="2027-01-14 12:00")
    census = ward.census(clerk)
    assert bed_of(census, "GHR", "201")["state"] == "free"
    assert bed_of(census, "SDC", "301")["nda"] == nda
    adt.leave(clerk, nda, at="2027-01-14 15:00")
    assert bed_of(ward.census(clerk), "SDC", "301")["on_leave"]  # the bed stays hers
    with pytest.raises(DomainError, match="before the stay's last movement"):
        adt.return_from_leave(clerk, nda, at="2027-01-14 14:00")
    adt.return_from_leave(clerk, nda, at="2027-01-14 18:00")
    with pytest.raises(DomainError, match="before the admission"):
        adt.discharge(clerk, nda, at="2027-01-13 09:00")
    adt.discharge(clerk, nda, destination="home", at="2027-01-15 08:30")
    stay = stay_store.by_nda(clerk.store.db, nda)
    assert (stay["status"], stay["destination"]) == ("discharged", "home")
    assert bed_of(ward.census(clerk), "SDC", "301")["state"] == "free"
    with pytest.raises(DomainError, match="not current"):
        adt.discharge(clerk, nda)


def test_twins_are_linked_to_the_mother_and_move_and_leave_with_her(clerk, midwife):
    nda = admitted(clerk, "SN2", birth_name="Moreau", used_name="Petit")
    first = births.record_birth(midwife, nda, sex="F", weight_g=2400, at="2027-01-15 07:10").values
    second = births.record_birth(midwife, nda, sex="M", weight_g=2250, at="2027-01-15 07:25").values
    assert (first["birth_order"], second["birth_order"]) == (1, 2)
    baby = identity.show_patient(midwife, first["ipp"])
    assert baby["patient"]["birth_name"] == "Petit"  # the mother's used name until the birth is declared
    assert baby["patient"]["identity_status"] == "PROV"
    assert baby["stays"][0]["newborn_of"] == nda
    newborns = bed_of(ward.census(clerk), "SDN", "SN2")["newborns"]
    assert [n["nda"] for n in newborns] == [first["nda"], second["nda"]]

    adt.transfer(midwife, nda, unit="SDC", bed="302", at="2027-01-15 07:40")
    assert {stay_store.by_nda(clerk.store.db, n["nda"])["unit"] for n in newborns} == {"SDC"}
    adt.transfer(midwife, second["nda"], unit="NEO", bed="N1-1", at="2027-01-15 07:45")
    assert bed_of(ward.census(clerk), "NEO", "N1-1")["nda"] == second["nda"]
    adt.discharge(clerk, nda, at="2027-01-15 07:55")
    assert stay_store.by_nda(clerk.store.db, first["nda"])["status"] == "discharged"
    assert stay_store.by_nda(clerk.store.db, second["nda"])["status"] == "active"  # stays in neonatology


def test_newborn_back_to_the_mother_rejoins_her(clerk, midwife):
    nda = admitted(clerk, "SN1")
    baby = births.record_birth(midwife, nda, sex="F", weight_g=3100, at="2027-01-15 07:00").values
    adt.transfer(midwife, nda, unit="SDC", bed="303", at="2027-01-15 07:30")
    adt.transfer(midwife, baby["nda"], unit="NEO", bed="N1-2", at="2027-01-15 07:40")
    adt.transfer(midwife, baby["nda"], unit="SDC", bed="303", at="2027-01-15 08:00")
    stay = stay_store.by_nda(clerk.store.db, baby["nda"])
    assert (stay["with_mother"], stay["bed_id"], stay["unit"]) == (1, None, "SDC")
    assert bed_of(ward.census(clerk), "NEO", "N1-2")["state"] == "free"


def test_a_birth_is_never_recorded_on_a_newborns_stay(clerk, midwife):
    nda = admitted(clerk)
    baby = births.record_birth(midwife, nda, sex="F", weight_g=3000, at="2027-01-15 07:00").values
    with pytest.raises(DomainError, match="newborn's stay"):
        births.record_birth(midwife, baby["nda"], sex="M", weight_g=3000)


def test_a_baby_is_registered_before_she_is_weighed_and_weighed_later(clerk, midwife):
    nda = adt.admit(clerk, add_woman(clerk), unit="SDN", bed="SN1", at="2027-01-15 06:00").values["nda"]
    outcome = births.record_birth(midwife, nda, sex="F", at="2027-01-15 07:00")
    assert any("no weight yet" in w for w in outcome.warnings)
    birth_id = outcome.values["birth_id"]
    db = midwife.store.db
    assert next(db.query("SELECT weight_g FROM births WHERE id = ?", [birth_id]))["weight_g"] is None
    with pytest.raises(DomainError, match="weight"):
        births.record_weight(midwife, birth_id, 120)
    births.record_weight(midwife, birth_id, 3120)
    assert next(db.query("SELECT weight_g FROM births WHERE id = ?", [birth_id]))["weight_g"] == 3120
    with pytest.raises(DomainError):
        births.record_weight(clerk, birth_id, 3000)  # a clerk does not record births


@pytest.mark.parametrize("weight, message", [(150, "weight"), (9000, "weight")])
def test_birth_refusals(clerk, midwife, weight, message):
    nda = admitted(clerk)
    with pytest.raises(DomainError, match=message):
        births.record_birth(midwife, nda, sex="F", weight_g=weight)


def test_cancel_a_wrong_transfer_puts_the_patient_back_and_keeps_history(clerk):
    nda = admitted(clerk, "201", "GHR", at="2027-01-15 05:00")
    wrong = adt.transfer(clerk, nda, unit="SDC", bed="304A", at="2027-01-15 06:00").values["movement_id"]
    adt.cancel_movement(clerk, wrong[-10:])
    stay = stay_store.by_nda(clerk.store.db, nda)
    assert stay["bed_id"] == "GHR:201"
    rows = stay_store.movement_rows(clerk.store.db, stay["id"])
    assert [(r["kind"], r["cancelled"]) for r in rows] == [("admission", 0), ("transfer", 1)]
    with pytest.raises(DomainError, match="already cancelled"):
        adt.cancel_movement(clerk, wrong)


def test_cancel_is_refused_when_it_would_put_two_patients_in_one_bed(clerk):
    nda = admitted(clerk, "201", "GHR", at="2027-01-15 05:00")
    move = adt.transfer(clerk, nda, unit="GHR", bed="202", at="2027-01-15 06:00").values["movement_id"]
    admitted(clerk, "201", "GHR", birth_name="Autre", at="2027-01-15 07:00")
    with pytest.raises(DomainError, match="occupied"):
        adt.cancel_movement(clerk, move)


def test_cancel_an_earlier_movement_first_is_refused(clerk):
    nda = admitted(clerk, "201", "GHR", at="2027-01-15 05:00")
    first = adt.transfer(clerk, nda, unit="GHR", bed="202", at="2027-01-15 06:00").values["movement_id"]
    adt.transfer(clerk, nda, unit="GHR", bed="203A", at="2027-01-15 07:00")
    with pytest.raises(DomainError, match="later movements"):
        adt.cancel_movement(clerk, first)


def test_cancel_a_mothers_transfer_brings_her_newborn_back_too(clerk, midwife):
    nda = admitted(clerk, "SN1")
    baby = births.record_birth(midwife, nda, sex="M", weight_g=3300, at="2027-01-15 07:00").values
    move = adt.transfer(midwife, nda, unit="SDC", bed="301", at="2027-01-15 07:30").values["movement_id"]
    outcome = adt.cancel_movement(midwife, move)
    assert len(outcome.values["cancelled"]) == 2
    assert stay_store.by_nda(clerk.store.db, baby["nda"])["unit"] == "SDN"


def test_cancel_a_birth_marks_it_entered_in_error(clerk, midwife):
    nda = admitted(clerk, "SN1")
    baby = births.record_birth(midwife, nda, sex="M", weight_g=3300, at="2027-01-15 07:00").values
    admission = stay_store.movement_rows(clerk.store.db, stay_store.by_nda(clerk.store.db, baby["nda"])["id"])[0]
    with pytest.raises(DomainError, match="Births are recorded"):
        adt.cancel_movement(midwife, stay_store.movement_rows(clerk.store.db, stay_store.by_nda(clerk.store.db, nda)["id"])[0]["id"])
    adt.cancel_movement(midwife, admission["id"])
    assert stay_store.births_for_mother(clerk.store.db, stay_store.by_nda(clerk.store.db, nda)["id"])[0]["status"] == "entered_in_error"
    assert identity.search(clerk, baby["ipp"]) == []  # no longer offered in search
    assert bed_of(ward.census(clerk), "SDN", "SN1")["newborns"] == []


def test_unknown_movement_ids_and_short_prefixes(clerk):
    with pytest.raises(DomainError, match="10-character id"):
        adt.cancel_movement(clerk, "abc")
    with pytest.raises(NotFound):
        adt.cancel_movement(clerk, "ffffffffff")


def test_roles_are_enforced_in_the_service_layer(clerk, it_user, midwife):
    nda = admitted(clerk)
    with pytest.raises(PermissionDenied):
        births.record_birth(clerk, nda, sex="F", weight_g=3000)
    with pytest.raises(PermissionDenied):
        adt.admit(it_user, add_woman(clerk, birth_name="X"), unit="SDN", bed="SN2")
    with pytest.raises(PermissionDenied):
        adt.close_bed(clerk, "SDN", "SN4")
    with pytest.raises(PermissionDenied):
        identity.add_patient(it_user, birth_name="A", first_names="B", birth_date="1990-01-01", sex="F")
    births.record_birth(midwife, nda, sex="F", weight_g=3000)


def test_movements_of_the_day(clerk):
    nda = admitted(clerk, "201", "GHR", at="2027-01-14 22:00")
    adt.transfer(clerk, nda, unit="SDC", bed="301", at="2027-01-15 06:00")
    today = ward.movements_on(clerk)
    assert [(m["kind"], m["unit"], m["bed"]) for m in today] == [("transfer", "SDC", "301")]
    assert today[0]["at"] == "2027-01-15 06:00"


def test_cancelling_a_newborns_transfer_to_neonatology_puts_it_back_with_its_mother(clerk, midwife):
    nda = admitted(clerk, "SN1")
    baby = births.record_birth(midwife, nda, sex="F", weight_g=2900, at="2027-01-15 07:00").values
    move = adt.transfer(midwife, baby["nda"], unit="NEO", bed="N1-1", at="2027-01-15 07:30").values["movement_id"]
    assert bed_of(ward.census(clerk), "SDN", "SN1")["newborns"] == []
    adt.cancel_movement(midwife, move)
    stay = stay_store.by_nda(clerk.store.db, baby["nda"])
    assert (stay["with_mother"], stay["bed_id"]) == (1, None)
    assert [n["nda"] for n in bed_of(ward.census(clerk), "SDN", "SN1")["newborns"]] == [baby["nda"]]
    assert bed_of(ward.census(clerk), "NEO", "N1-1")["state"] == "free"
