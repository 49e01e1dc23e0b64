"""Identity, stay and ward-description rules, without storage."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from continuity.core import adt
from continuity.core.adt import Bed, Movement, StayStatus
from continuity.core.errors import DomainError
from continuity.core.patients import validate_identity
from continuity.core.text import fold, name_tokens
from continuity.core.ward import parse_ward
from continuity.i18n import translate
from tests.conftest import example_ward_data

NOW = datetime(2027, 1, 15, 8, 0, tzinfo=timezone.utc)
TODAY = NOW.date()


def identity(**changes):
    fields = dict(birth_name="Martin", first_names="Hélène Marie", birth_date=date(1990, 5, 12), sex="F", today=TODAY)
    return validate_identity(**{**fields, **changes})


def test_identity_is_cleaned_and_provisional():
    person = identity(birth_name="  de   La Tour ", used_name="", first_names="Anne-Sophie,  Lou")
    assert person.birth_name == "de La Tour"
    assert person.first_names == ["Anne-Sophie", "Lou"]
    assert person.used_name is None
    assert person.identity_status == "PROV"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"birth_name": "  "}, "birth_name"),
        ({"first_names": ""}, "first_names"),
        ({"sex": "X"}, "sex"),
        ({"birth_date": TODAY + timedelta(days=1)}, "birth_date"),
        ({"birth_date": date(1850, 1, 1)}, "birth_date"),
        ({"ins": "290057505612399"}, "ins"),
        ({"birth_place": "7505"}, "birth_place"),
        ({"phone": "call me"}, "phone"),
    ],
)
def test_bad_identity_fields_are_named(changes, field):
    with pytest.raises(DomainError) as error:
        identity(**changes)
    assert error.value.field == field


def test_ins_must_agree_with_sex_and_birth_date():
    from continuity.core.identifiers import nir_key

    body = "2900575056123"  # woman, born May 1990
    nir = body + nir_key(body)
    assert identity(ins=nir).ins == nir
    with pytest.raises(DomainError, match="sex"):
        identity(ins=nir, sex="M")
    with pytest.raises(DomainError, match="birth year"):
        identity(ins=nir, birth_date=date(1991, 5, 12))


def test_error_messages_are_french_by_default_catalogue():
    with pytest.raises(DomainError) as error:
        identity(sex="X")
    assert error.value.localized("fr") == "Le sexe doit être F, M ou U (inconnu)."
    assert translate("Bed {bed} in {unit} is already occupied.", "fr", bed="12", unit="SDC") == "Le lit 12 de SDC est déjà occupé."


def test_search_folding_ignores_case_accents_and_ligatures():
    assert fold("Hélène ŒDIPE") == "helene oedipe"
    assert name_tokens("Marie-Hélène", "N'Diaye") == ["marie", "helene", "n", "diaye"]


def m(kind, hours, bed=None, cancelled=False, unit="SDC", mid=None):
    return Movement(mid or f"{kind}{hours}", kind, NOW - timedelta(hours=100 - hours), hlc=hours, unit=unit, bed_id=bed, cancelled=cancelled)


def test_replay_follows_clinical_order_not_typing_order():
    movements = [m("discharge", 30), m("admission", 1, "SDN:1", unit="SDN"), m("transfer", 10, "SDC:301")]
    state = adt.replay(movements)
    assert (state.status, state.unit, state.bed_id) == (StayStatus.DISCHARGED, "SDC", "SDC:301")


def test_cancelled_movements_no_longer_count():
    movements = [m("admission", 1, "SDN:1", unit="SDN"), m("transfer", 10, "SDC:301", cancelled=True)]
    assert adt.replay(movements).bed_id == "SDN:1"
    assert adt.replay([m("admission", 1, "SDN:1", cancelled=True)]).status == StayStatus.CANCELLED


def test_leave_and_return():
    state = adt.replay([m("admission", 1, "GHR:201", unit="GHR"), m("leave", 5)])
    assert state.status == StayStatus.ON_LEAVE and state.bed_id == "GHR:201"
    with pytest.raises(DomainError, match="on leave"):
        adt.check_transfer(state, at=NOW, now=NOW, target_bed_id="GHR:202")
    adt.check_return(state, at=NOW, now=NOW)


def test_discharge_before_admission_and_future_times_are_refused():
    state = adt.replay([m("admission", 50, "GHR:201", unit="GHR")])
    with pytest.raises(DomainError, match="before the admission"):
        adt.check_discharge(state, at=state.admitted_at - timedelta(minutes=1), now=NOW)
    with pytest.raises(DomainError, match="future"):
        adt.check_discharge(state, at=NOW + timedelta(hours=1), now=NOW)
    adt.check_discharge(state, at=NOW + timedelta(minutes=4), now=NOW)  # a drifting clock is tolerated


def test_beds_closed_or_occupied_are_refused():
    with pytest.raises(DomainError, match="closed"):
        adt.check_bed_available(Bed("SDC:301", "SDC", "301", True, None), "SDC", "301")
    with pytest.raises(DomainError, match="occupied"):
        adt.check_bed_available(Bed("SDC:301", "SDC", "301", False, "other"), "SDC", "301")
    with pytest.raises(DomainError, match="no bed"):
        adt.check_bed_available(None, "SDC", "999")
    adt.check_bed_available(Bed("SDC:301", "SDC", "301", False, "me"), "SDC", "301", stay_id="me")
    with pytest.raises(DomainError, match="occupied"):
        adt.check_bed_close(Bed("SDC:301", "SDC", "301", False, "someone"))


def test_only_the_newest_live_movement_can_be_cancelled():
    first, later = m("admission", 1, "SDN:1"), m("transfer", 10, "SDC:301")
    with pytest.raises(DomainError, match="later movements"):
        adt.check_cancellable(first, [later])
    adt.check_cancellable(later, [])


kinds = st.sampled_from(["admission", "transfer", "leave", "return", "discharge"])


@given(st.lists(st.tuples(kinds, st.integers(0, 99), st.booleans()), max_size=12), st.randoms())
def test_replay_does_not_depend_on_arrival_order(events, rnd):
    movements = [m(kind, hour, f"SDC:{hour}", cancelled=c, mid=f"m{i}") for i, (kind, hour, c) in enumerate(events)]
    shuffled = list(movements)
    rnd.shuffle(shuffled)
    assert adt.replay(movements) == adt.replay(shuffled)


def test_example_ward_file_parses():
    ward = parse_ward(example_ward_data())
    assert [u.code for u in ward.units] == ["URG", "SDN", "GHR", "SDC", "NEO"]
    assert ward.shifts[1].hours == 12  # the night shift crosses midnight


@pytest.mark.parametrize(
    "mutate, where",
    [
        (lambda d: d["units"].append(dict(d["units"][0])), "[[units]]"),
        (lambda d: d["users"][0].update(role="surgeon"), "[[users]] #1"),
        (lambda d: d["staffing"][0].update(unit="XXX"), "[[staffing]] #1"),
        (lambda d: d["ward"].update(timezone="Mars/Olympus"), "[ward]"),
        (lambda d: d["numbering"].update(ipp_block=0), "[numbering]"),
    ],
)
def test_mistakes_in_the_ward_file_say_where(mutate, where):
    data = example_ward_data()
    mutate(data)
    with pytest.raises(DomainError) as error:
        parse_ward(data)
    assert error.value.field == where
