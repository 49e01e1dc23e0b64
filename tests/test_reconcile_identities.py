"""IT's reconciliation: people registered twice across laptops (scored, explained, merged, undone,
declared different), times that cannot all be true, and the period's two-person sign-off."""

from __future__ import annotations

from datetime import date

import pytest

from continuity.core import duplicate_scan
from continuity.core.errors import DomainError
from continuity.core.identity_match import Traits
from continuity.core.permissions import Role
from continuity.reconcile import workspace as workspaces
from continuity.services import identity, reconcile, reconcile_numbers
from continuity.services import reconcile_identities as identities
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops
from tests.test_reconcile import IT_PASSPHRASE, KIT_PASSPHRASE, it_files  # noqa: F401  (a fixture)


def _workspace(tmp_path, built_kit, it_files, laptops):
    space = tmp_path / "workspace"
    kit_path, itkey = it_files
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, itkey, IT_PASSPHRASE)
    reconcile.add(space, IT_PASSPHRASE, [laptops[0].engine.root])
    return space


@pytest.fixture
def twice(tmp_path, built_kit, it_files):
    """The same woman registered on two laptops while apart, once with a typo in her name; and a
    namesake who is someone else (another birth date, other first names)."""
    one, two = make_laptops(tmp_path, built_kit, 2)
    first = add_woman(one.session(Role.CLERK), birth_name="Delacroix", first_names="Solène", birth_date="1991-03-14")
    other = add_woman(one.session(Role.CLERK), birth_name="Delacroix", first_names="Margaux", birth_date="1975-08-02")
    second = add_woman(two.session(Role.CLERK), birth_name="Delacroi", first_names="Solène", birth_date="1991-03-14")
    one.sync()
    two.sync()
    return _workspace(tmp_path, built_kit, it_files, [one, two]), first, second, other


def _pair_of(rows, a, b):
    return next((r for r in rows if {r["one"]["ipp"], r["other"]["ipp"]} == {a, b}), None)


def test_the_same_woman_on_two_laptops_is_found_explained_merged_and_undone(twice):
    space, first, second, other = twice
    status = reconcile.status(space, IT_PASSPHRASE)
    assert status["duplicates"] == 1 and status["merges"] == 0
    rows = identities.duplicates(space, IT_PASSPHRASE)
    pair = _pair_of(rows, first, second)
    assert pair is not None and pair["score"] >= 0.8
    assert "same_birth_date" in pair["reasons"] and "same birth date" in pair["why"]
    assert {pair["one"]["laptop"], pair["other"]["laptop"]} == {"laptop-1", "laptop-2"}
    assert _pair_of(rows, first, other) is None  # a namesake born another day with other first names: someone else

    with pytest.raises(DomainError) as refused:
        identities.merge(space, IT_PASSPHRASE, first, second, "  ")
    assert refused.value.field == "reason"
    done = identities.merge(space, IT_PASSPHRASE, first, second, "Même femme, nom mal orthographié sur laptop-2")
    assert done["kept"] == first and done["aliases"] == [second]
    status = reconcile.status(space, IT_PASSPHRASE)
    assert status["duplicates"] == 0 and status["merges"] == 1
    assert status["counts"]["patients"] == 3  # nothing removed: both records stay

    with pytest.raises(DomainError, match="already merged"):
        identities.merge(space, IT_PASSPHRASE, other, second, "encore")
    with pytest.raises(DomainError, match="itself"):
        identities.merge(space, IT_PASSPHRASE, first, first, "moi-même")

    identities.undo_merge(space, IT_PASSPHRASE, done["merge"], "Erreur : deux sœurs")
    with pytest.raises(DomainError, match="already undone"):
        identities.undo_merge(space, IT_PASSPHRASE, done["merge"], "encore")
    assert _pair_of(identities.duplicates(space, IT_PASSPHRASE), first, second) is not None  # to decide again
    history = identities.merges(space, IT_PASSPHRASE)
    assert len(history) == 1 and history[0]["undone_at"] and history[0]["undo_reason"] == "Erreur : deux sœurs"

    identities.distinct(space, IT_PASSPHRASE, second, first, "Deux sœurs, vérifié au dossier papier")
    assert identities.duplicates(space, IT_PASSPHRASE) == []
    with pytest.raises(DomainError, match="different people"):
        identities.merge(space, IT_PASSPHRASE, first, second, "finalement")
    with pytest.raises(DomainError, match="were declared different"):
        identities.distinct(space, IT_PASSPHRASE, first, second, "encore")
    # A declaration taken back: the pair is to decide again, and both declarations stay on record.
    identities.distinct(space, IT_PASSPHRASE, first, second, "Erreur de dossier", undo=True)
    assert _pair_of(identities.duplicates(space, IT_PASSPHRASE), first, second) is not None
    with pytest.raises(DomainError, match="not declared different"):
        identities.distinct(space, IT_PASSPHRASE, first, second, "encore", undo=True)
    identities.distinct(space, IT_PASSPHRASE, first, second, "Vérifié à nouveau : deux sœurs")

    space_store = workspaces.open_workspace(space, IT_PASSPHRASE).store
    try:
        actions = [row["action"] for row in space_store.db.query("SELECT action FROM audit ORDER BY seq")]
    finally:
        space_store.close()
    for action in ("reconcile.duplicates", "reconcile.merge", "reconcile.unmerge", "reconcile.distinct", "reconcile.distinct_undone",
                   "reconcile.merges"):
        assert action in actions


def test_the_declarations_in_force_are_listed_and_one_taken_back_leaves_the_list(twice):
    space, first, second, other = twice
    assert identities.declarations(space, IT_PASSPHRASE) == []
    identities.distinct(space, IT_PASSPHRASE, second, first, "Deux sœurs, vérifié au dossier papier")
    identities.distinct(space, IT_PASSPHRASE, first, other, "Homonymes")
    listed = identities.declarations(space, IT_PASSPHRASE)
    assert len(listed) == 2
    sisters = next(d for d in listed if {d["ipp"], d["other_ipp"]} == {first, second})
    assert sisters["reason"] == "Deux sœurs, vérifié au dossier papier" and sisters["by"] and sisters["at"].endswith("Z")
    names = {sisters["ipp"]: sisters["name"], sisters["other_ipp"]: sisters["other_name"]}
    assert "DELACROIX" in names[first].upper() and "DELACROI " in names[second].upper() + " "
    identities.distinct(space, IT_PASSPHRASE, sisters["ipp"], sisters["other_ipp"], "Erreur de dossier", undo=True)
    assert [{d["ipp"], d["other_ipp"]} for d in identities.declarations(space, IT_PASSPHRASE)] == [{first, other}]
    space_store = workspaces.open_workspace(space, IT_PASSPHRASE).store
    try:
        audits = [row["detail"] for row in space_store.db.query("SELECT detail FROM audit WHERE action = 'reconcile.declarations'")]
    finally:
        space_store.close()
    assert len(audits) == 3 and all("Delacroi" not in (d or "") for d in audits)  # counts, never names


def test_a_merge_reaches_the_csv_export_and_chains_follow_the_survivor(twice, tmp_path):
    space, first, second, other = twice
    identities.merge(space, IT_PASSPHRASE, first, second, "Même femme")
    out = tmp_path / "csv"
    from continuity.services import reconcile_export

    reconcile_export.export(space, IT_PASSPHRASE, "csv", out)
    lines = (out / "patients.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(";")
    merged = next(line.split(";") for line in lines[1:] if line.split(";")[1] == second)
    assert merged[header.index("merged_into_ipp")] == first
    kept = next(line.split(";") for line in lines[1:] if line.split(";")[1] == first)
    assert kept[header.index("merged_into_ipp")] == ""

    # A record merged into one that is merged in turn: the survivor at the end of the chain.
    identities.merge(space, IT_PASSPHRASE, other, first, "Vérifié")
    store = workspaces.open_workspace(space, IT_PASSPHRASE).store
    try:
        from continuity.store import merges as merge_store

        ids = {identity_row["ipp"]: identity_row["id"] for identity_row in store.db.query("SELECT id, ipp FROM patients")}
        assert merge_store.survivors(store.db)[ids[second]] == ids[other]
    finally:
        store.close()
    identities.undo_merge(space, IT_PASSPHRASE, 2, "Pas la même")  # the second merge only: the first still holds
    store = workspaces.open_workspace(space, IT_PASSPHRASE).store
    try:
        assert merge_store.survivors(store.db) == {ids[second]: ids[first]}
    finally:
        store.close()


def test_the_period_is_signed_off_by_two_people_over_one_state(twice):
    space, first, second, _other = twice
    assert reconcile.status(space, IT_PASSPHRASE)["period"]["prepared_by"] is None
    with pytest.raises(DomainError, match="Nobody has prepared"):
        identities.sign_period(space, IT_PASSPHRASE, "approved", "Claire Fontaine")
    identities.sign_period(space, IT_PASSPHRASE, "prepared", "Paul Girard", "Relu avec le cadre")
    with pytest.raises(DomainError, match="someone other than") as same:
        identities.sign_period(space, IT_PASSPHRASE, "approved", "paul GIRARD")
    assert same.value.field == "person"

    # A decision after the preparation: the approval would cover something nobody prepared.
    reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "ipp", [(None, first, "123456")], "typed")
    with pytest.raises(DomainError, match="changed since"):
        identities.sign_period(space, IT_PASSPHRASE, "approved", "Claire Fontaine")
    assert reconcile.status(space, IT_PASSPHRASE)["period"]["current"] is False

    identities.sign_period(space, IT_PASSPHRASE, "prepared", "Paul Girard")
    result = identities.sign_period(space, IT_PASSPHRASE, "approved", "Claire Fontaine")
    assert result["signed_off"] and result["prepared_by"] == "Paul Girard" and result["approved_by"] == "Claire Fontaine"
    assert reconcile.status(space, IT_PASSPHRASE)["period"]["signed_off"]
    identities.distinct(space, IT_PASSPHRASE, first, second, "Deux personnes")
    assert reconcile.status(space, IT_PASSPHRASE)["period"]["signed_off"] is False  # a later decision: stale

    with pytest.raises(DomainError) as control:
        identities.sign_period(space, IT_PASSPHRASE, "prepared", "Paul\x1b[2JGirard")
    assert control.value.field == "person"


def test_times_that_cannot_all_be_true_are_listed(tmp_path, built_kit, it_files):
    from continuity.services import adt

    (one,) = make_laptops(tmp_path, built_kit, 1)
    ipp = add_woman(one.session(Role.CLERK), birth_name="Perrin", first_names="Lucie", birth_date="1992-04-04")
    nda = adt.admit(one.session(Role.CLERK), ipp, unit="SDN", bed="SN1", at="2026-11-20T08:00:00+01:00").values["nda"]
    one.sync()
    space = _workspace(tmp_path, built_kit, it_files, [one])
    assert reconcile.problems(space, IT_PASSPHRASE)["impossible_timelines"] == []
    store = workspaces.open_workspace(space, IT_PASSPHRASE).store
    try:
        stay = next(store.db.query("SELECT id FROM stays WHERE nda = ?", [nda]))["id"]
        with store.write("it-key") as tx:  # as a bundle from a laptop with its clock wrong would
            tx.set("stay", stay, {"discharged_at": "2026-11-19T07:00:00Z", "status": "discharged"})
    finally:
        store.close()
    found = reconcile.problems(space, IT_PASSPHRASE)
    assert {"rule": "discharged_before_admitted", "nda": nda, "ipp": ipp, "first": "2026-11-20T07:00:00Z",
            "second": "2026-11-19T07:00:00Z"} in found["impossible_timelines"]
    # Her admission movement now comes after her discharge too: two rules, one stay.
    assert {t["rule"] for t in found["impossible_timelines"]} == {"discharged_before_admitted", "movement_after_discharge"}
    assert reconcile.status(space, IT_PASSPHRASE)["impossible_timelines"] == 2
    from continuity.services import reconcile_report  # the report lists them for the after-action review

    reconcile_report.report(space, IT_PASSPHRASE, tmp_path / "periode.html")
    html = (tmp_path / "periode.html").read_text(encoding="utf-8")
    assert "discharged before being admitted" in html and f"NDA {nda}" in html


# -- the scan itself ---------------------------------------------------------------------------------------
def _woman(key, birth_name, first, born, **extra):
    return Traits(birth_name=birth_name, first_names=(first,), birth_date=born, sex="F", key=key, **extra)


def test_the_scan_finds_typos_swaps_and_slips_and_keeps_twins_and_namesakes_apart():
    born = date(1988, 6, 21)
    records = [
        _woman("a", "Lefebvre", "Anaïs", born),
        _woman("b", "Lefevre", "Anais", born),  # a typo
        _woman("c", "Anaïs", "Lefebvre", born),  # first and last names swapped
        _woman("d", "Lefebvre", "Anaïs", date(1988, 6, 12)),  # day digits transposed
        _woman("e", "Lefebvre", "Anaïs", date(1989, 6, 21)),  # year off by one
        _woman("f", "Lefebvre", "Chloé", date(1962, 1, 3)),  # a namesake: someone else
        _woman("g", "Bébé Lefebvre", "", None, mother="m", born_at=None, twin_rank=1),
        _woman("h", "Bébé Lefebvre", "", None, mother="m", born_at=None, twin_rank=2),  # her twin
    ]
    pairs = {(a, b) for a, b, _verdict in duplicate_scan.scan(records)}
    for found in (("a", "b"), ("a", "c"), ("a", "d"), ("a", "e")):
        assert found in pairs
    assert not any("f" in pair for pair in pairs)
    assert ("g", "h") not in pairs
    # Only from the records new since the last scan: the same pairs that hold them, no others.
    assert {(a, b) for a, b, _ in duplicate_scan.scan(records, looking_from={"e"})} == {p for p in pairs if "e" in p}


def test_a_correction_on_a_laptop_reaches_the_next_scan(tmp_path, built_kit, it_files):
    one, two = make_laptops(tmp_path, built_kit, 2)
    ipp = add_woman(one.session(Role.CLERK), birth_name="Rousseau", first_names="Inès", birth_date="1993-09-30")
    late = add_woman(two.session(Role.CLERK), birth_name="Garnier", first_names="Inès", birth_date="1993-09-30")
    one.sync()
    two.sync()
    space = _workspace(tmp_path, built_kit, it_files, [one, two])
    assert identities.duplicates(space, IT_PASSPHRASE) == []
    two.sync()
    identity.update_patient(two.session(Role.CLERK), late, birth_name="Rousseau")  # her name was wrong
    two.sync()
    reconcile.add(space, IT_PASSPHRASE, [two.engine.root])
    assert _pair_of(identities.duplicates(space, IT_PASSPHRASE), ipp, late) is not None
