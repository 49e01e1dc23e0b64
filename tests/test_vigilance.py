"""Identity vigilance through the services: the clerk typing is shown who may already be known (and
why); a new identity over a candidate is refused until she says, for each one, that this is a
different person (audited); corrections keep and show their old values."""

from __future__ import annotations

import json

import pytest

from continuity.core.errors import DomainError, PermissionDenied
from continuity.services import identity, vigilance
from continuity.services.vigilance import PossibleDuplicate
from continuity.store.checks import audit_for_entity
from tests.conftest import add_woman


@pytest.fixture
def perrot(clerk) -> str:
    return add_woman(clerk, birth_name="PERROT", used_name="GILLES", first_names="Bernadette Françoise", birth_date="06/05/1991")


@pytest.mark.parametrize("birth_name, first_names, birth_date, said", [
    ("Perot", "Bernadette", "06/05/1991", "same_phonetic_name"),
    ("Perrot", "Bernadete", "06/05/1991", "similar_first_names"),
    ("Perrot", "Bernadette", "05/06/1991", "day_month_swapped"),
    ("Perrot", "Bernadette", "06/05/1990", "year_off_by_one"),
    ("Bernadette", "Perrot", "06/05/1991", "names_swapped"),
    ("Gilles", "Bernadette", "06/05/1991", "birth_used_crossed"),
    ("Perrot", "Bernadette", "", "no_birth_date"),
    ("Perot", "Bernadete", "", "no_birth_date"),
    ("", "", "06/05/1991", None),  # a date alone: nothing to weigh it against yet
], ids=["one r", "one t", "day and month swapped", "year off by one", "names swapped", "used name as birth name",
        "no date", "no date, two typos", "a date alone"])
def test_the_clerk_is_shown_who_may_be_her_and_why(clerk, perrot, birth_name, first_names, birth_date, said):
    found = identity.possible_matches(clerk, birth_name, None, first_names, birth_date)
    if said is None:
        assert found == []
        return
    assert [c["ipp"] for c in found] == [perrot]
    assert said in found[0]["reasons"]
    assert found[0]["name"] in ("PERROT Bernadette Françoise (used name: GILLES)", "PERROT Bernadette Françoise (nom d'usage : GILLES)")


def test_creating_her_again_is_refused_until_she_is_said_to_be_another_woman(clerk, supervisor, perrot):
    typed = dict(birth_name="Perot", first_names="Bernadette", birth_date="06/05/1991", sex="F")
    for _attempt in range(2):  # pressing OK a second time creates nothing either
        with pytest.raises(PossibleDuplicate) as refused:
            identity.add_patient(clerk, **typed)
        assert [c["ipp"] for c in refused.value.candidates] == [perrot]
        assert "Choisissez-la, ou confirmez qu'il s'agit d'une autre personne" in refused.value.localized("fr")
    assert len(identity.search(clerk, "perot")) + len(identity.search(clerk, "perrot")) == 1
    with pytest.raises(PossibleDuplicate):
        identity.add_patient(clerk, **typed, different_from=["900099999"])  # another IPP than the one shown
    outcome = identity.add_patient(clerk, **typed, different_from=[perrot])
    assert outcome.values["declared_different_from"] == [perrot]
    record = identity.show_patient(supervisor, outcome.values["ipp"])
    created = next(a for a in record["audit"] if a["action"] == "patient.create")
    declared = json.loads(created["detail"])["declared_different_from"]
    assert [d["ipp"] for d in declared] == [perrot] and "same_phonetic_name" in declared[0]["reasons"]


def test_a_woman_unlike_anyone_is_created_at_once(clerk, perrot):
    outcome = identity.add_patient(clerk, birth_name="Zerbib", first_names="Noémie", birth_date="1988-02-14", sex="F")
    assert outcome.values["declared_different_from"] == []


def test_corrections_show_old_and_new_values_to_those_who_read_the_audit(clerk, supervisor):
    ipp = add_woman(clerk, birth_name="Roux", first_names="Zoé", birth_date="1992-03-04")
    identity.update_patient(clerk, ipp, first_names="Chloé", used_first_name="Coco")
    history = identity.identity_history(supervisor, ipp)
    assert [(h["field"], h["old"], h["new"], h["user"]) for h in history] == [
        ("first_names", ["Zoé"], ["Chloé"], "accueil"), ("used_first_name", None, "Coco", "accueil")]
    record = identity.show_patient(supervisor, ipp)
    assert record["identity_history"] == history
    update = next(a for a in record["audit"] if a["action"] == "patient.update")
    assert json.loads(update["detail"])["changes"]["first_names"] == {"old": ["Zoé"], "new": ["Chloé"]}
    assert "identity_history" not in identity.show_patient(clerk, ipp)  # a clerk does not read the audit
    with pytest.raises(PermissionDenied):
        identity.identity_history(clerk, ipp)
    patient = identity.find_patient(clerk, ipp)
    assert patient["used_first_name"] == "Coco"
    assert identity.search(clerk, "coco")[0]["ipp"] == ipp  # the used first name is searched too


def test_a_correction_reads_the_record_under_the_write_lock(clerk, monkeypatch):
    """Another correction committed between reading and writing would be worked over stale values:
    the read happens inside the write transaction, so a second writer waits for it."""
    ipp = add_woman(clerk, birth_name="Lock", first_names="Anne", birth_date="1990-01-01")
    seen_in_transaction = []
    real = identity.find_patient

    def spying(session, wanted):
        seen_in_transaction.append(session.store.db.conn.in_transaction)
        return real(session, wanted)

    monkeypatch.setattr(identity, "find_patient", spying)
    identity.update_patient(clerk, ipp, used_name="Verrou")
    assert seen_in_transaction == [True]
    entries = audit_for_entity(clerk.store.db, "patient", real(clerk, ipp)["id"])
    assert json.loads(entries[-1]["detail"])["changes"]["used_name"] == {"old": None, "new": "Verrou"}


def test_a_rename_into_a_namesake_is_warned_and_listed_for_sync_status(clerk, supervisor):
    known = add_woman(clerk, birth_name="Dupont", first_names="Marie", birth_date="1990-03-04")
    other = add_woman(clerk, birth_name="Lefebvre", first_names="Marie", birth_date="1990-03-04")
    outcome = identity.update_patient(supervisor, other, birth_name="DUPONT")
    assert len(outcome.warnings) == 1 and known in outcome.warnings[0]
    pairs = vigilance.probable_duplicates(clerk.store.db)
    assert {(p["ipp"], p["other_ipp"]) for p in pairs} in ({(known, other)}, {(other, known)})


@pytest.mark.parametrize("birth_name, first_names", [("Иванова", "Мария"), ("Παπαδοπούλου", "Ελένη"), ("王", "芳")],
                         ids=["Cyrillic", "Greek", "Chinese"])
def test_names_in_any_script_are_matched(clerk, birth_name, first_names):
    first = add_woman(clerk, birth_name=birth_name, first_names=first_names, birth_date="1990-03-04")
    with pytest.raises(PossibleDuplicate) as known:
        identity.add_patient(clerk, birth_name=birth_name, first_names=first_names, birth_date="1990-03-04", sex="F")
    assert [c["ipp"] for c in known.value.candidates] == [first]
    assert [r["ipp"] for r in identity.search(clerk, birth_name)] == [first]


def test_a_birth_name_without_a_letter_is_refused(clerk):
    with pytest.raises(DomainError, match="must contain letters") as refused:
        identity.add_patient(clerk, birth_name="'''", first_names="Anne", birth_date="1990-03-04", sex="F")
    assert refused.value.field == "birth_name"


@pytest.mark.parametrize("field, value", [
    ("birth_name", "Dupont\x1b[2J"), ("birth_name", "Dupont\x07"), ("first_names", "Marie\u202eeiraM"), ("used_name", "\u200b\u200b"),
    ("address", "12 rue\u2066 des Lilas"), ("first_names", "Marie " * 60), ("address", "rue " * 100),
], ids=["escape", "bell", "right-to-left override", "zero-width only", "isolate mark", "first names too long", "address too long"])
def test_control_characters_and_overlong_text_are_refused_next_to_their_field(clerk, field, value):
    fields = {"birth_name": "Valide", "first_names": "Anne", "birth_date": "1990-03-04", "sex": "F", field: value}
    with pytest.raises(DomainError) as refused:
        identity.add_patient(clerk, **fields)
    assert refused.value.field == field
