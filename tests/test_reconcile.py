"""IT's reconciliation workspace: every laptop's bundles gathered from the share, a stick and a
laptop's data folder, with the laptops' own checks; completeness per laptop (gaps, forks, files set
aside, never heard from); adding again imports only what is new."""

from __future__ import annotations

import shutil

import pytest

from continuity.core.permissions import Role
from continuity.reconcile import workspace as workspaces
from continuity.services import kit, reconcile
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops

KIT_PASSPHRASE = "quatre chevaux galopent dans la brume"
IT_PASSPHRASE = "le serveur ronronne sous la pluie fine"


@pytest.fixture
def it_files(tmp_path, built_kit, it_keys):
    kit_path = tmp_path / "it" / "ward.kit"
    kit.write_kit(built_kit, it_keys, kit_path, KIT_PASSPHRASE, IT_PASSPHRASE)
    return kit_path, kit_path.with_name("ward.kit.itkey")


def test_a_workspace_gathers_every_laptop_once_and_says_what_is_missing(tmp_path, built_kit, it_files):
    one, two, three = make_laptops(tmp_path, built_kit, 3)
    for i in range(3):
        add_woman(one.session(Role.CLERK), birth_name=f"Une{i}")
        one.sync()
    add_woman(two.session(Role.CLERK), birth_name="Deux")
    two.sync()
    lost = one.subfolder / "00000002.cbundle"
    stick = tmp_path / "stick"
    shutil.copytree(one.engine.root, stick)  # a stick with everything
    held = tmp_path / "held-back.cbundle"
    lost.rename(held)  # the share lost laptop-1's second bundle
    add_woman(three.session(Role.CLERK), birth_name="Trois")
    three.sync()
    shutil.move(three.subfolder, tmp_path / "never-reached-the-share")  # laptop-3's bundle is only in its data folder

    space = tmp_path / "workspace"
    kit_path, itkey = it_files
    assert reconcile.open_new(space, kit_path, KIT_PASSPHRASE, itkey, IT_PASSPHRASE)["laptops"][:3] == ["laptop-1", "laptop-2", "laptop-3"]
    first = reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    laptops = {lp["name"]: lp for lp in first["status"]["laptops"]}
    assert laptops["laptop-1"]["bundles"] == 1 and laptops["laptop-1"]["gap"] == [2, 2]
    assert {"laptop": "laptop-1", "kind": "gap", "bundles": [2, 2]} in first["status"]["blocking"]
    assert "laptop-3" in first["status"]["never_heard_from"]

    second = reconcile.add(space, IT_PASSPHRASE, [stick, three.store.folder])  # the stick and laptop-3's data folder
    laptops = {lp["name"]: lp for lp in second["status"]["laptops"]}
    assert laptops["laptop-1"]["bundles"] == 3 and laptops["laptop-1"]["gap"] is None
    assert laptops["laptop-3"]["heard_from"] and second["status"]["blocking"] == []
    assert second["status"]["counts"]["patients"] == 5
    again = reconcile.add(space, IT_PASSPHRASE, [stick, one.engine.root, three.store.folder])
    assert again["imported_bundles"] == 0  # only what is new

    # The workspace holds the names, encrypted; it opens only with IT's passphrase.
    for path in space.rglob("*"):
        if path.is_file():
            assert b"Une0" not in path.read_bytes()
    with pytest.raises(workspaces.WorkspaceError, match="Wrong passphrase"):
        reconcile.status(space, "not it")


def test_a_fork_and_a_hostile_file_are_set_aside_and_block_or_not(tmp_path, built_kit, it_files):
    from tests.test_sync_hostile import entry, forge

    one, two = make_laptops(tmp_path, built_kit, 2)
    add_woman(one.session(Role.CLERK), birth_name="Vraie")
    one.sync()
    other = tmp_path / "other-share"
    shutil.copytree(one.engine.root, other)
    real = (one.subfolder / "00000001.cbundle").read_bytes()
    data = forge(one, [entry(one, "patient", "z" * 32, "birth_name", '"Autre"')], bundle_no=1, after=0, prev="")
    (one.subfolder / "00000001.cbundle").write_bytes(real)
    (other / one.subfolder.name / "00000001.cbundle").write_bytes(data)  # another version of bundle 1, on another stick
    (one.subfolder / "00000007.cbundle").write_bytes(b"CONTINUITY-BUNDLE-1\n garbage")
    space = tmp_path / "workspace"
    kit_path, itkey = it_files
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, itkey, IT_PASSPHRASE)
    result = reconcile.add(space, IT_PASSPHRASE, [one.engine.root, other])
    laptop = next(lp for lp in result["status"]["laptops"] if lp["name"] == "laptop-1")
    assert laptop["forks"] == 1 and any(b["kind"] == "fork" for b in result["status"]["blocking"])
    assert {q["reason"] for q in result["set_aside"]} >= {"fork"}


def test_an_existing_workspace_or_a_foreign_it_key_is_refused(tmp_path, built_kit, it_files):
    space = tmp_path / "workspace"
    kit_path, itkey = it_files
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, itkey, IT_PASSPHRASE)
    with pytest.raises(workspaces.WorkspaceError, match="already"):
        reconcile.open_new(space, kit_path, KIT_PASSPHRASE, itkey, IT_PASSPHRASE)
    with pytest.raises(workspaces.WorkspaceError, match="No reconciliation workspace"):
        reconcile.status(tmp_path / "nowhere", IT_PASSPHRASE)


def test_it_decides_conflicts_and_signs_off_a_gap_with_a_reason(tmp_path, built_kit, it_files):
    from continuity.core.errors import DomainError
    from continuity.services import identity

    one, two = make_laptops(tmp_path, built_kit, 2)
    ipp = add_woman(one.session(Role.CLERK), birth_name="Conflit")
    one.sync()
    two.sync()
    identity.update_patient(one.session(Role.CLERK), ipp, phone="0611111111")
    identity.update_patient(two.session(Role.CLERK), ipp, phone="0622222222")  # the same field, apart
    one.sync()
    two.sync()
    add_woman(one.session(Role.CLERK), birth_name="Perdue")
    one.sync()
    add_woman(one.session(Role.CLERK), birth_name="Apres")
    one.sync()
    (one.subfolder / "00000003.cbundle").rename(tmp_path / "lost.cbundle")  # the laptop is gone: lost for good
    space = tmp_path / "workspace"
    kit_path, itkey = it_files
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, itkey, IT_PASSPHRASE)
    status = reconcile.add(space, IT_PASSPHRASE, [one.engine.root])["status"]
    assert status["conflicts"] == 1 and [b["kind"] for b in status["blocking"]] == ["gap"]
    [conflict] = reconcile.conflicts(space, IT_PASSPHRASE)
    assert {conflict["in_force"], conflict["other"]} == {"0611111111", "0622222222"}
    loser = conflict["other"]
    reconcile.decide(space, IT_PASSPHRASE, conflict["id"], "loser")
    assert reconcile.conflicts(space, IT_PASSPHRASE) == []
    with pytest.raises(DomainError, match="Say why"):
        reconcile.signoff(space, IT_PASSPHRASE, "laptop-1", "   ")
    with pytest.raises(DomainError, match="Nothing about laptop-2"):
        reconcile.signoff(space, IT_PASSPHRASE, "laptop-2", "rien")
    signed = reconcile.signoff(space, IT_PASSPHRASE, "laptop-1", "clé USB perdue, le paquet 3 ne viendra pas")
    assert [i["kind"] for i in signed["signed_off"]] == ["gap"]
    after = reconcile.status(space, IT_PASSPHRASE)
    assert after["blocking"] == [] and [i["kind"] for i in after["signed_off"]] == ["gap"]
    space_store = workspaces.open_workspace(space, IT_PASSPHRASE).store
    try:
        assert space_store.db.execute("SELECT phone FROM patients WHERE ipp = ?", [ipp]).fetchone()[0] == loser
        actions = [r[0] for r in space_store.db.execute("SELECT action FROM audit ORDER BY seq")]
        assert "reconcile.signoff" in actions and any("conflict" in a for a in actions)
    finally:
        space_store.close()


def test_downtime_numbers_are_mapped_typed_or_from_a_csv_and_bad_rows_are_said_by_line(tmp_path, built_kit, it_files):
    from continuity.services import reconcile_numbers

    one, = make_laptops(tmp_path, built_kit, 1)
    ipps = [add_woman(one.session(Role.CLERK), birth_name=f"Carte{i}") for i in range(4)]
    one.sync()
    space = tmp_path / "workspace"
    kit_path, itkey = it_files
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, itkey, IT_PASSPHRASE)
    assert reconcile.add(space, IT_PASSPHRASE, [one.engine.root])["status"]["unmapped"]["ipp"] == 4
    typed = reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "ipp", [(None, ipps[0], "1234567")], "typed")
    assert typed["mapped"] == 1 and len(typed["unmapped"]) == 3
    csv_file = tmp_path / "from-main-system.csv"
    csv_file.write_text("\ufeffIPP_provisoire;IPP_definitif;nom\n"
                        f"{ipps[1]};2000001;x\n"
                        f"{ipps[2]};1234567;already given\n"  # line 3
                        f"999;2000003;unknown\n"  # line 4
                        f"{ipps[3]};12AB;not digits\n"  # line 5
                        f"{ipps[0]}\n", encoding="utf-8")  # line 6: too few columns
    rows, columns = reconcile_numbers.read_csv(csv_file, None, None)
    assert columns == {"delimiter": ";", "downtime": "IPP_provisoire", "definitive": "IPP_definitif"}
    result = reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "ipp", rows, "csv:from-main-system.csv")
    assert result["mapped"] == 1
    assert [(r["line"], r["reason"]) for r in result["refused"]] == [(3, "taken"), (4, "unknown"), (5, "digits"), (6, "short_row")]
    assert sorted(result["unmapped"]) == sorted([ipps[2], ipps[3]])
    assert reconcile.status(space, IT_PASSPHRASE)["unmapped"]["ipp"] == 2
    with pytest.raises(Exception, match="no column"):
        reconcile_numbers.read_csv(csv_file, "absente", None)


def test_the_csv_export_is_refused_while_something_blocks_it_and_reads_back_to_the_same_counts(tmp_path, built_kit, it_files):
    import csv

    from continuity.core.errors import DomainError
    from continuity.services import adt, identity, reconcile_export

    one, = make_laptops(tmp_path, built_kit, 1)
    ipp = add_woman(one.session(Role.CLERK), birth_name="Export", address='=HYPERLINK("http://x")')
    adt.admit(one.session(Role.CLERK), ipp, unit="GHR", bed="201")
    one.sync()
    add_woman(one.session(Role.CLERK), birth_name="Suivante")
    one.sync()
    (one.subfolder / "00000001.cbundle").rename(tmp_path / "lost.cbundle")
    space = tmp_path / "workspace"
    kit_path, itkey = it_files
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, itkey, IT_PASSPHRASE)
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    out = tmp_path / "export"
    with pytest.raises(DomainError, match="refused while something blocks it .laptop-1 gap"):
        reconcile_export.export(space, IT_PASSPHRASE, "csv", out)
    assert not out.exists()
    with pytest.raises(DomainError, match="Say why"):
        reconcile_export.export(space, IT_PASSPHRASE, "csv", out, force=True, reason="")
    reconcile.add(space, IT_PASSPHRASE, [one.store.folder])  # the laptop's outbox has it after all
    result = reconcile_export.export(space, IT_PASSPHRASE, "csv", out)
    assert not result["forced"]
    status = reconcile.status(space, IT_PASSPHRASE)
    for table in ("patients", "stays", "movements", "births"):
        with open(out / f"{table}.csv", encoding="utf-8-sig", newline="") as handle:
            read_back = list(csv.DictReader(handle, delimiter=";"))
        assert len(read_back) == status["counts"][table] == result["rows"][table]
    patients = list(csv.DictReader(open(out / "patients.csv", encoding="utf-8-sig", newline=""), delimiter=";"))
    exported = next(p for p in patients if p["birth_name"] == "Export")
    assert exported["downtime_ipp"] == ipp and exported["address"].startswith("'=")  # never a formula in a spreadsheet


def test_a_bundle_that_waited_on_the_share_is_applied_once_the_missing_one_comes(tmp_path, built_kit, it_files):
    """Bundle 3 waits on the share for bundle 2, which comes later on a stick: adding the stick alone
    applies both (the share is read again); while the share is out of reach, bundle 3 is known to be
    missing and blocks the export."""
    (one,) = make_laptops(tmp_path, built_kit, 1)
    for name in ("Une", "Deux", "Trois"):
        add_woman(one.session(Role.CLERK), birth_name=name)
        one.sync()
    stick = tmp_path / "stick" / one.subfolder.name
    stick.mkdir(parents=True)
    shutil.move(one.subfolder / "00000002.cbundle", stick / "00000002.cbundle")
    space = tmp_path / "workspace"
    kit_path, itkey = it_files
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, itkey, IT_PASSPHRASE)
    assert reconcile.add(space, IT_PASSPHRASE, [one.engine.root])["status"]["laptops"][0]["gap"] == [2, 2]

    away = tmp_path / "share-unplugged"
    one.engine.root.rename(away)
    result = reconcile.add(space, IT_PASSPHRASE, [tmp_path / "stick"])
    assert result["unreachable"] == [str((tmp_path / "share").resolve())]
    laptop = result["status"]["laptops"][0]
    assert laptop["bundles"] == 2 and laptop["gap"] == [3, 3]  # seen on the share, never applied
    assert {"laptop": "laptop-1", "kind": "gap", "bundles": [3, 3]} in result["status"]["blocking"]

    away.rename(tmp_path / "share")
    again = reconcile.add(space, IT_PASSPHRASE, [tmp_path / "stick"])
    assert again["imported_bundles"] == 1 and again["status"]["blocking"] == [] and again["status"]["counts"]["patients"] == 3


def test_the_products_workspace_key_costs_the_moderate_derivation_and_a_cheaper_file_is_refused(tmp_path, monkeypatch):
    """The suite makes its workspaces cheaply (tests/conftest.py); the product's own cost is the
    moderate one, stored with the wrapped key, and a key file claiming less than the interactive
    cost (edited to be guessed faster) is refused as damaged."""
    import json

    import nacl.pwhash

    from continuity.reconcile import workspace as workspaces

    assert (workspaces.PRODUCT_OPS, workspaces.PRODUCT_MEM) == (nacl.pwhash.argon2id.OPSLIMIT_MODERATE,
                                                                nacl.pwhash.argon2id.MEMLIMIT_MODERATE)
    monkeypatch.setattr(workspaces, "WRAP_OPS", workspaces.PRODUCT_OPS)
    monkeypatch.setattr(workspaces, "WRAP_MEM", workspaces.PRODUCT_MEM)
    fresh = workspaces
    wrapped = fresh._wrap(b"k" * 32, IT_PASSPHRASE)
    assert (wrapped["ops"], wrapped["mem"]) == (fresh.WRAP_OPS, fresh.WRAP_MEM)
    assert fresh._unwrap(wrapped, IT_PASSPHRASE) == b"k" * 32
    cheap = json.loads(json.dumps({**wrapped, "ops": 1, "mem": 8192}))
    with pytest.raises(workspaces.WorkspaceError, match="damaged"):
        fresh._unwrap(cheap, IT_PASSPHRASE)
