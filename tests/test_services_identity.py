"""Identities and search: provisional identities, downtime IPPs, duplicates, accent-insensitive search."""

from __future__ import annotations

import pytest

from continuity.core.errors import DomainError
from continuity.services import adt, identity
from continuity.services.vigilance import PossibleDuplicate
from continuity.store.checks import audit_for_entity
from tests.conftest import add_woman


def test_new_identity_is_provisional_with_an_ipp_from_this_laptops_block(clerk):
    outcome = identity.add_patient(clerk, birth_name="Bernard", first_names="Chloé", birth_date="12/05/1990", sex="f")
    ipp = outcome.values["ipp"]
    assert 900000000 <= int(ipp) < 900100000
    record = identity.show_patient(clerk, ipp)
    assert record["patient"]["identity_status"] == "PROV"
    assert record["patient"]["birth_date"] == "1990-05-12"
    assert record["patient"]["sex"] == "F"


def test_search_ignores_case_and_accents_and_matches_any_name_part(clerk):
    helene = add_woman(clerk, birth_name="Lefèvre", used_name="Dubois", first_names="Hélène Marie")
    add_woman(clerk, birth_name="Martin", first_names="Chloé", birth_date="1985-01-02")
    found = lambda text: [r["ipp"] for r in identity.search(clerk, text)]  # noqa: E731
    assert found("helene") == [helene]
    assert found("HÉLÈNE") == [helene]
    assert found("lefe") == [helene]  # prefix, accent-free
    assert found("dubois mar") == [helene]  # used name + second first name
    assert found("12/05/1990") == [helene]
    assert found("1990-05-12 lef") == [helene]
    assert found(helene) == [helene]
    assert found("chloe") != [helene]
    assert found("zzz") == []


def test_search_by_nda_finds_the_patient(clerk):
    ipp = add_woman(clerk)
    nda = adt.admit(clerk, ipp, unit="SDN", bed="SN1").values["nda"]
    rows = identity.search(clerk, nda)
    assert [r["ipp"] for r in rows] == [ipp]
    assert rows[0]["current_nda"] == nda and rows[0]["current_bed"] == "SDN:SN1"


def test_empty_search_is_refused(clerk):
    with pytest.raises(DomainError, match="Type a name"):
        identity.search(clerk, "   ")


def test_possible_duplicates_are_refused_until_declared_different(clerk):
    first = add_woman(clerk, birth_name="Garcia", first_names="Inès")
    with pytest.raises(PossibleDuplicate) as known:
        identity.add_patient(clerk, birth_name="GARCIA", first_names="Ines", birth_date="1990-05-12", sex="F")
    assert [c["ipp"] for c in known.value.candidates] == [first]
    other = identity.add_patient(clerk, birth_name="Garcia", first_names="Inès", birth_date="1990-05-12", sex="F", different_from=[first])
    assert other.values["declared_different_from"] == [first]
    far = identity.add_patient(clerk, birth_name="Garcia", first_names="Inès", birth_date="1971-09-30", sex="F")
    assert far.values["declared_different_from"] == []  # born another day, far from a slip: someone else


def test_correction_keeps_the_old_value_in_the_journal(clerk, supervisor):
    ipp = add_woman(clerk, birth_name="Dupond")
    assert identity.update_patient(clerk, ipp, birth_name="Dupont").values["changed"] == ["birth_name"]
    record = identity.show_patient(supervisor, ipp)
    assert record["patient"]["birth_name"] == "Dupont"
    values = [r["value"] for r in clerk.store.db.query("SELECT value FROM journal WHERE field = 'birth_name' ORDER BY seq")]
    assert values == ['"Dupond"', '"Dupont"']
    actions = [a["action"] for a in record["audit"]]
    assert actions[:2] == ["patient.create", "patient.update"]
    assert "audit" not in identity.show_patient(clerk, ipp)  # clerks do not see the audit history


def test_reading_a_record_is_audited_without_names(clerk):
    ipp = add_woman(clerk, birth_name="Secret", first_names="Personne")
    record = identity.show_patient(clerk, ipp)
    entries = audit_for_entity(clerk.store.db, "patient", record["patient"]["id"])
    assert [e["action"] for e in entries] == ["patient.create", "patient.read"]
    dump = " ".join(str(v) for row in clerk.store.db.query("SELECT * FROM audit") for v in row.values())
    assert "Secret" not in dump and "Personne" not in dump


def test_range_running_low_warns_and_exhausted_refuses(clerk):
    clerk.store.db.execute("UPDATE number_ranges SET next = end - 20001 WHERE kind = 'ipp'")  # 20 001 left of 100 000
    assert identity.add_patient(clerk, birth_name="A", first_names="B", birth_date="1990-01-01", sex="F").warnings == []
    warned = identity.add_patient(clerk, birth_name="A", first_names="C", birth_date="1990-01-01", sex="F")
    assert "19999 IPP numbers are left" in warned.warnings[0]
    clerk.store.db.execute("UPDATE number_ranges SET next = end WHERE kind = 'ipp'")
    with pytest.raises(DomainError, match="used all its reserved IPP numbers"):
        add_woman(clerk, birth_name="Z")


def test_search_reads_dates_and_numbers_as_they_are_typed_from_cards_and_labels(clerk):
    ipp = add_woman(clerk, birth_name="Carte", first_names="Lina", birth_date="1990-05-12")
    for typed in ("12051990", "12/05/90", "12.05.1990", "12/05/1990", "1990-05-12"):
        assert [r["ipp"] for r in identity.search(clerk, typed)] == [ipp], typed
    assert ipp in [r["ipp"] for r in identity.search(clerk, ipp[:6])]  # the first digits of an IPP
    assert identity.search(clerk, "carte 31/12/2001") == []
