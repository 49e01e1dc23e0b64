"""IT's reconciliation workstation under attack: a hostile share or stick given to ``reconcile add``
(dangling links, link loops, junk under a bundle's name, a fork hidden in a laptop's outbox), hostile
export folders (a planted link where the export writes its temporary file, a folder already holding
files), a tampered workspace key, a period approved by its own preparer under another spelling, and
merges that cannot be one person (a newborn into her mother)."""

from __future__ import annotations

import os
import shutil

import pytest

from continuity.core.errors import DomainError
from continuity.core.permissions import Role
from continuity.services import reconcile, reconcile_export
from continuity.services import reconcile_identities as identities
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops
from tests.test_reconcile import IT_PASSPHRASE, KIT_PASSPHRASE, it_files  # noqa: F401  (a fixture)


def _open(tmp_path, it_files):  # noqa: F811  (the fixture's value)
    space = tmp_path / "workspace"
    kit_path, itkey = it_files
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, itkey, IT_PASSPHRASE)
    return space


@pytest.fixture
def ward(tmp_path, built_kit, it_files):  # noqa: F811
    """Two laptops that each registered a woman and synced to the share; an empty workspace."""
    one, two = make_laptops(tmp_path, built_kit, 2)
    add_woman(one.session(Role.CLERK), birth_name="Lefebvre", first_names="Anaïs", birth_date="1988-02-11")
    one.sync()
    add_woman(two.session(Role.CLERK), birth_name="Garnier", first_names="Inès", birth_date="1993-07-30")
    two.sync()
    return one, two, _open(tmp_path, it_files)


def _laptop(status: dict, name: str) -> dict:
    return next(lp for lp in status["laptops"] if lp["name"] == name)


# -- hostile folders given to `reconcile add` -------------------------------------------------------------
def test_dangling_links_and_link_loops_under_a_bundle_name_are_skipped_not_a_crash(ward):
    one, two, space = ward
    (one.subfolder / "00000002.cbundle").symlink_to(one.subfolder / "gone-for-good")  # dangling
    loop = two.subfolder / "00000002.cbundle"
    loop.symlink_to(loop)  # a link to itself
    os.mkfifo(two.subfolder / "00000003.cbundle")  # would block a reader for ever
    (one.subfolder / "00000003.cbundle").symlink_to("/dev/zero")  # would never end
    (one.engine.root / "outbox").symlink_to(one.engine.root, target_is_directory=True)  # a folder loop
    result = reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    assert result["status"]["counts"]["patients"] == 2
    assert result["status"]["blocking"] == []
    for path in space.rglob("*"):  # at rest, nothing readable of what was added
        if path.is_file():
            assert b"Lefebvre" not in path.read_bytes() and b"LEFEBVRE" not in path.read_bytes(), path
    # The share is remembered: the next add reads it again, and must not fail either.
    assert reconcile.add(space, IT_PASSPHRASE, [one.store.folder])["status"]["counts"]["patients"] == 2


def test_a_laptop_folder_that_vanishes_while_it_is_read_is_said_not_a_crash(ward, monkeypatch):
    from continuity.reconcile import importer
    from continuity.sync import folder as shared

    one, _two, space = ward
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    real_iterdir = importer.Path.iterdir

    def vanishing(self):
        if self.name.startswith("laptop-1--"):
            raise FileNotFoundError(2, "No such file or directory", str(self))
        return real_iterdir(self)

    monkeypatch.setattr(importer.Path, "iterdir", vanishing)
    stick = one.engine.root.parent / "stick"
    shutil.copytree(one.engine.root, stick)
    with pytest.raises(shared.FolderUnavailable):  # the folder given now: said, exit 1
        reconcile.add(space, IT_PASSPHRASE, [stick])
    monkeypatch.setattr(importer.Path, "iterdir", real_iterdir)
    (stick / one.subfolder.name).rename(stick / "renamed-away")
    monkeypatch.setattr(importer.Path, "iterdir", vanishing)
    # Only the remembered share fails now: named unreachable, the rest goes on.
    result = reconcile.add(space, IT_PASSPHRASE, [stick])
    assert str(one.engine.root.resolve()) in result["unreachable"]


def test_junk_under_a_high_bundle_number_is_no_gap_that_blocks_the_export(ward):
    one, _two, space = ward
    (one.subfolder / "00009999.cbundle").write_bytes(b"CONTINUITY-BUNDLE-1\n not a bundle at all")
    result = reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    assert _laptop(result["status"], "laptop-1")["gap"] is None
    assert result["status"]["blocking"] == []
    assert any(q["reason"] != "fork" for q in result["set_aside"])  # set aside, said


def test_a_fork_found_in_a_laptops_outbox_blocks_the_export(ward, tmp_path):
    from tests.test_sync_hostile import entry, forge

    one, _two, space = ward
    real = (one.subfolder / "00000001.cbundle").read_bytes()
    forged = forge(one, [entry(one, "patient", "y" * 32, "birth_name", '"Autre"')], bundle_no=1, after=0, prev="")
    (one.subfolder / "00000001.cbundle").write_bytes(real)  # forge() wrote it on the share: put the real one back
    outbox = tmp_path / "laptop-copy" / "outbox" / one.engine.device_id
    outbox.mkdir(parents=True)
    (outbox / "00000001.cbundle").write_bytes(forged)  # another version of bundle 1, in a laptop's data folder
    result = reconcile.add(space, IT_PASSPHRASE, [one.engine.root, tmp_path / "laptop-copy"])
    assert _laptop(result["status"], "laptop-1")["forks"] == 1
    assert any(b["kind"] == "fork" and b["laptop"] == "laptop-1" for b in result["status"]["blocking"])


# -- hostile export folders --------------------------------------------------------------------------------
def test_a_link_planted_where_the_export_writes_its_temporary_file_is_not_followed(ward, tmp_path):
    one, _two, space = ward
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    for kind, out, temporary in (("hl7", tmp_path / "batch.hl7", tmp_path / ".batch.hl7.part"),
                                 ("fhir", tmp_path / "bundle.json", tmp_path / ".bundle.json.part")):
        temporary.symlink_to(victim)
        reconcile_export.export(space, IT_PASSPHRASE, kind, out, options={"batch": True})
        assert victim.read_text() == "someone else's file", kind
        assert out.is_file() and not out.is_symlink()
        assert "Lefebvre" in out.read_text(encoding="utf-8")


def test_exports_are_readable_by_their_owner_only(ward, tmp_path):
    one, _two, space = ward
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    reconcile_export.export(space, IT_PASSPHRASE, "csv", tmp_path / "csv")
    reconcile_export.export(space, IT_PASSPHRASE, "fhir", tmp_path / "bundle.json")
    for path in [*(tmp_path / "csv").iterdir(), tmp_path / "bundle.json"]:
        assert path.stat().st_mode & 0o077 == 0, path


def test_an_export_into_a_folder_that_already_holds_files_is_refused_and_nothing_is_touched(ward, tmp_path):
    one, two, space = ward
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    out = tmp_path / "hl7"
    reconcile_export.export(space, IT_PASSPHRASE, "hl7", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    # A second export into the same folder would leave the first one's messages beside its own,
    # numbered alike: the main system would replay both.
    with pytest.raises(DomainError, match="not empty") as refused:
        reconcile_export.export(space, IT_PASSPHRASE, "hl7", out)
    assert refused.value.field == "out"
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    someone = tmp_path / "someone"
    someone.mkdir()
    (someone / "patients.csv").write_text("mine")
    with pytest.raises(DomainError, match="not empty"):
        reconcile_export.export(space, IT_PASSPHRASE, "csv", someone)
    assert (someone / "patients.csv").read_text() == "mine"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert reconcile_export.export(space, IT_PASSPHRASE, "csv", empty)["rows"]["patients"] == 2


def test_a_full_disk_during_an_export_is_said_and_leaves_no_temporary_file(ward, tmp_path, monkeypatch):
    import errno

    from continuity.interop import export_files

    one, _two, space = ward
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    real_write = os.write

    def full(descriptor, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_files.os, "write", full)
    out = tmp_path / "out"
    for kind in ("csv", "hl7", "fhir"):
        with pytest.raises(DomainError, match="full") as refused:
            reconcile_export.export(space, IT_PASSPHRASE, kind, out / kind)
        assert refused.value.field == "out"
    monkeypatch.setattr(export_files.os, "write", real_write)
    assert [p for p in out.rglob("*") if p.is_file()] == []  # no half-written patient data left behind


# -- the workspace at rest ---------------------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"[]", b'"text"', b"{\"passphrase\": []}", b"\xff\xfe", b"{\"passphrase\": {\"salt\": \"AAAA\", \"box\": \"AAAA\"}}"])
def test_a_tampered_workspace_key_is_said_damaged_never_a_crash(ward, content):
    from continuity.reconcile import workspace as workspaces

    _one, _two, space = ward
    (space / workspaces.KEY_FILE).write_bytes(content)
    with pytest.raises(workspaces.WorkspaceError):
        reconcile.status(space, IT_PASSPHRASE)


def test_a_workspace_whose_database_is_gone_is_said_not_made_again_empty(ward):
    from continuity.reconcile import workspace as workspaces

    _one, _two, space = ward
    (space / workspaces.DATABASE).rename(space / "elsewhere.db")
    with pytest.raises(workspaces.WorkspaceError, match="missing or empty"):
        reconcile.status(space, IT_PASSPHRASE)
    assert not (space / workspaces.DATABASE).exists()
    (space / workspaces.DATABASE).write_bytes(b"")  # truncated by a crash or a full disk: SQLite would take it for a new one
    with pytest.raises(workspaces.WorkspaceError, match="missing or empty"):
        reconcile.status(space, IT_PASSPHRASE)
    assert (space / workspaces.DATABASE).stat().st_size == 0


# -- the period's two-person sign-off --------------------------------------------------------------------
@pytest.mark.parametrize("again", ["Paul  Girard", "Girard Paul", "Paul-Girard", "PAUL GIRARD.", "Pаul Girard", "Ｐａｕｌ Girard",
                                   "Paul\u3164Girard"])
def test_the_preparer_cannot_approve_under_another_spelling_of_his_name(ward, again):
    one, _two, space = ward
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    identities.sign_period(space, IT_PASSPHRASE, "prepared", "Paul Girard")
    with pytest.raises(DomainError) as refused:
        identities.sign_period(space, IT_PASSPHRASE, "approved", again)  # the last one has a Cyrillic а
    assert refused.value.field == "person"
    assert identities.sign_period(space, IT_PASSPHRASE, "approved", "Claire Fontaine")["signed_off"]


def test_an_export_never_replaces_a_device_a_pipe_or_a_link(ward, tmp_path):
    one, _two, space = ward
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)  # as /dev/null would be: a rename over it puts patient data in its place
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    link = tmp_path / "link.json"
    link.symlink_to(victim)
    for kind, out in (("hl7", pipe), ("fhir", pipe), ("fhir", link), ("hl7", link)):
        with pytest.raises(DomainError, match="not an ordinary file") as refused:
            reconcile_export.export(space, IT_PASSPHRASE, kind, out, options={"batch": True})
        assert refused.value.field == "out"
    from continuity.services import reconcile_report

    report = tmp_path / "report.html"
    report.symlink_to(victim)
    with pytest.raises(DomainError, match="not an ordinary file"):
        reconcile_report.report(space, IT_PASSPHRASE, report)
    assert pipe.is_fifo() and link.is_symlink() and victim.read_text() == "someone else's file"


# -- the command line: refusals, never an internal error ------------------------------------------------------
def test_misuse_of_the_command_line_is_refused_never_an_internal_error(ward, tmp_path):
    from tests.test_cli import run

    one, _two, space = ward
    huge = str(2**70)
    for args in (["reconcile", "unmerge", str(space), huge, "--reason", "x"],
                 ["reconcile", "decide", str(space), huge, "--keep", "winner"]):
        result = run(None, *args)
        assert result.returncode == 2 and "Internal error" not in result.stderr, (args, result.stderr)
    kit_path, itkey = tmp_path / "it" / "ward.kit", tmp_path / "it" / "ward.kit.itkey"
    laptop_folder = one.store.folder
    mode = laptop_folder.stat().st_mode
    (tmp_path / "victim.txt").write_text("x")
    for where in (laptop_folder, tmp_path / "victim.txt" / "ws"):
        result = run(None, "reconcile", "open", str(where), "--kit", str(kit_path), "--it-key", str(itkey))
        assert result.returncode == 1 and "Refused [workspace]" in result.stderr, (where, result.stderr)
    assert laptop_folder.stat().st_mode == mode and not (laptop_folder / "workspace.key").exists()


# -- merges ---------------------------------------------------------------------------------------------
def test_merge_chains_cycles_and_undos_keep_hl7_and_fhir_valid_and_a_newborn_is_never_merged_into_her_mother(tmp_path, built_kit,
                                                                                                             it_files):  # noqa: F811
    import json
    from datetime import datetime, timedelta, timezone

    from continuity.services import adt, births
    from tests import fhir_checks, pam_fr_rules

    one, two = make_laptops(tmp_path, built_kit, 2)
    clerk, midwife = one.session(Role.CLERK), one.session(Role.MIDWIFE)
    start = datetime.now(timezone.utc).replace(microsecond=0, second=0) - timedelta(hours=20)
    mother = add_woman(clerk, birth_name="Mercier", first_names="Jeanne")
    nda = adt.admit(midwife, mother, unit="SDN", bed="SN1", at=start).values["nda"]
    baby = births.record_birth(midwife, nda, sex="F", weight_g=3000, at=start + timedelta(hours=2)).values["ipp"]
    a = add_woman(clerk, birth_name="Chaine", first_names="Alice", birth_date="1990-01-01")
    adt.admit(midwife, a, unit="GHR", bed="201", at=start + timedelta(hours=1))
    one.sync()
    b = add_woman(two.session(Role.CLERK), birth_name="Chaine", first_names="Alice", birth_date="1990-01-01")
    adt.admit(two.session(Role.MIDWIFE), b, unit="GHR", bed="202", at=start + timedelta(hours=3))  # a current stay on each laptop
    c = add_woman(two.session(Role.CLERK), birth_name="Chainee", first_names="Alice", birth_date="1990-01-01")
    two.sync()
    space = _open(tmp_path, it_files)
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])

    def valid(tag: str) -> None:
        out = tmp_path / f"hl7-{tag}"
        reconcile_export.export(space, IT_PASSPHRASE, "hl7", out, options={"now": "2027-01-20T12:00:00Z"})
        assert pam_fr_rules.check([p.read_bytes().decode("utf-8") for p in sorted(out.iterdir())]) == [], tag
        reconcile_export.export(space, IT_PASSPHRASE, "fhir", tmp_path / f"{tag}.json")
        assert fhir_checks.problems(json.loads((tmp_path / f"{tag}.json").read_text(encoding="utf-8"))) == [], tag

    first = identities.merge(space, IT_PASSPHRASE, b, a, "même femme")["merge"]
    with pytest.raises(DomainError, match="already merged"):
        identities.merge(space, IT_PASSPHRASE, a, b, "le cycle")  # B into A after A into B: no cycle
    second = identities.merge(space, IT_PASSPHRASE, c, b, "même femme encore")["merge"]  # a chain A -> B -> C
    valid("chain")
    identities.undo_merge(space, IT_PASSPHRASE, first, "pas elle")  # the older one first
    valid("undone-first")
    identities.undo_merge(space, IT_PASSPHRASE, second, "pas elle non plus")
    with pytest.raises(DomainError, match="already undone"):
        identities.undo_merge(space, IT_PASSPHRASE, second, "encore")

    for keep, gone in ((mother, baby), (baby, mother)):
        with pytest.raises(DomainError, match="mother and the baby") as refused:
            identities.merge(space, IT_PASSPHRASE, keep, gone, "même personne ?")
        assert refused.value.field == "merge"
    identities.merge(space, IT_PASSPHRASE, a, mother, "la mère enregistrée deux fois")
    with pytest.raises(DomainError, match="mother and the baby"):  # her mother merged into A first: still her mother
        identities.merge(space, IT_PASSPHRASE, a, baby, "x")
    valid("mother-merged")


# -- numbers mapped from a CSV the main system gave ---------------------------------------------------------
def test_a_csv_pairing_one_number_with_two_others_keeps_neither(ward, tmp_path):
    from continuity.services import reconcile_numbers
    from continuity.store import numbers as number_store

    one, two, space = ward
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    reconcile_export.export(space, IT_PASSPHRASE, "csv", tmp_path / "before")
    first, second = sorted(line.split(";")[1] for line in (tmp_path / "before" / "patients.csv").read_text(encoding="utf-8-sig").splitlines()[1:])
    csv_file = tmp_path / "sih.csv"
    csv_file.write_bytes(("\ufeffprovisoire;definitif\n"
                          f"{first};4100001\n"
                          f"{first};4100002\n"  # the same downtime IPP given two definitive ones: the later must not silently win
                          f"{second};4100001\n"  # and 4100001 given to two women
                          f"{first};4100001\n").encode("utf-8"))
    rows, _columns = reconcile_numbers.read_csv(csv_file, None, None)
    result = reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "ipp", rows, "csv:sih.csv")
    assert result["mapped"] == 0 and {r["reason"] for r in result["refused"]} == {"ambiguous"} and len(result["refused"]) == 4
    plain = reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "ipp", [(2, first, "4100001"), (3, first, "4100001")], "typed")
    assert plain["mapped"] == 2 and plain["refused"] == []  # the same pair twice is no ambiguity
    from continuity.reconcile import workspace as workspaces

    store = workspaces.open_workspace(space, IT_PASSPHRASE).store
    try:
        assert number_store.mapping(store.db, "ipp") == {first: "4100001"}
    finally:
        store.close()


# -- the period's sign-off and a forced export ------------------------------------------------------------------
def test_a_forced_export_leaves_the_period_signed_off_and_a_later_decision_does_not(ward, tmp_path):
    one, two, space = ward
    add_woman(one.session(Role.CLERK), birth_name="Perdue")
    one.sync()
    (one.subfolder / "00000001.cbundle").rename(tmp_path / "lost.cbundle")  # a gap that blocks the export
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root, two.engine.root])
    identities.sign_period(space, IT_PASSPHRASE, "prepared", "Paul Girard")
    identities.sign_period(space, IT_PASSPHRASE, "approved", "Claire Fontaine")
    with pytest.raises(DomainError, match="Say why"):
        reconcile_export.export(space, IT_PASSPHRASE, "csv", tmp_path / "out", force=True, reason=" ")
    forced = reconcile_export.export(space, IT_PASSPHRASE, "csv", tmp_path / "out", force=True, reason="la clé est perdue")
    assert forced["forced"]
    assert reconcile.status(space, IT_PASSPHRASE)["period"]["signed_off"]  # exporting decided nothing
    reconcile.signoff(space, IT_PASSPHRASE, "laptop-1", "le paquet 1 ne viendra pas")
    assert reconcile.status(space, IT_PASSPHRASE)["period"]["signed_off"] is False  # a decision after the approval


def test_escape_sequences_in_a_forged_name_are_shown_never_obeyed_by_the_terminal(ward):
    from continuity.reconcile import workspace as workspaces
    from tests.test_cli import run

    one, _two, space = ward
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    store = workspaces.open_workspace(space, IT_PASSPHRASE).store
    try:  # what a bundle signed with a stolen laptop's key could bring (the laptops refuse such names when typed)
        with store.raw_transaction() as db:
            db.execute("UPDATE patients SET birth_name = ?, first_names = ?, birth_date = ? WHERE birth_name = 'Garnier'",
                       ["Lefebvre\x1b]52;c;ZWNobyBwd25lZA==\x07\x1b[2J\u202eexe.", '["Anaïs"]', "1988-02-11"])
    finally:
        store.close()
    result = run(None, "reconcile", "duplicates", str(space), "--whole")
    assert result.returncode == 0, result.stderr
    assert "LEFEBVRE" in result.stdout and "\x1b" not in result.stdout and "\x07" not in result.stdout and "\u202e" not in result.stdout
    assert "\ufffd" in result.stdout  # shown as replaced, not silently dropped


def test_two_identities_merged_with_a_current_stay_each_are_one_woman_with_two_stays_to_settle(tmp_path, built_kit,
                                                                                               it_files):  # noqa: F811
    from continuity.services import adt

    one, two = make_laptops(tmp_path, built_kit, 2)
    a = add_woman(one.session(Role.CLERK), birth_name="Chaine", first_names="Alice", birth_date="1990-01-01")
    first = adt.admit(one.session(Role.MIDWIFE), a, unit="GHR", bed="201").values["nda"]
    one.sync()
    b = add_woman(two.session(Role.CLERK), birth_name="Chaine", first_names="Alice", birth_date="1990-01-01")
    second = adt.admit(two.session(Role.MIDWIFE), b, unit="GHR", bed="202").values["nda"]
    two.sync()
    space = _open(tmp_path, it_files)
    assert reconcile.add(space, IT_PASSPHRASE, [one.engine.root])["status"]["double_stays"] == 0  # two records, one stay each
    merge = identities.merge(space, IT_PASSPHRASE, a, b, "la même femme, admise sur deux portables")["merge"]
    assert reconcile.status(space, IT_PASSPHRASE)["double_stays"] == 1  # the merge settles her identity, not her two stays
    [double] = reconcile.problems(space, IT_PASSPHRASE)["double_stays"]
    assert double["ipp"] == a and sorted(s.split()[0] for s in double["stays"]) == sorted([first, second])
    from continuity.services import reconcile_report  # the report counts her the same way

    assert reconcile_report.report(space, IT_PASSPHRASE, tmp_path / "periode.html")["problems"]["double_stays"] == [double]
    identities.undo_merge(space, IT_PASSPHRASE, merge, "pas la même")
    assert reconcile.status(space, IT_PASSPHRASE)["double_stays"] == 0


@pytest.mark.parametrize("content, message", [
    ('provisoire;definitif\n"' + "9" * 200_000 + '";1\n', "far too long"),  # beyond the csv module's field limit
    ('"' + "p" * 200_000 + '\n', "far too long"),
    ("provisoire;definitif\n900000000;1\n", "one column"),
])
def test_a_hostile_mapping_csv_is_refused_with_the_reason_never_a_crash(tmp_path, content, message):
    from continuity.services import reconcile_numbers

    csv_file = tmp_path / "sih.csv"
    csv_file.write_text(content, encoding="utf-8")
    with pytest.raises(DomainError, match=message) as refused:
        reconcile_numbers.read_csv(csv_file, None, "provisoire" if message == "one column" else None)
    assert refused.value.field == "csv"


def test_the_main_systems_own_record_is_never_merged_away_into_a_downtime_one(ward):
    from continuity.reconcile import workspace as workspaces

    one, _two, space = ward
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    store = workspaces.open_workspace(space, IT_PASSPHRASE).store
    try:
        with store.raw_transaction() as db:  # as if the kit's census had brought her under her definitive number
            db.execute("UPDATE patients SET number_source = 'census' WHERE birth_name = 'Garnier'")
            census, downtime = (db.execute(f"SELECT ipp FROM patients WHERE birth_name = '{name}'").fetchone()[0]
                                for name in ("Garnier", "Lefebvre"))
    finally:
        store.close()
    with pytest.raises(DomainError, match="main system's own") as refused:
        identities.merge(space, IT_PASSPHRASE, downtime, census, "la même femme")
    assert refused.value.field == "keep"
    assert identities.merge(space, IT_PASSPHRASE, census, downtime, "la même femme")["kept"] == census


def test_no_export_and_no_report_is_written_inside_the_workspace_folder(ward):
    from continuity.services import reconcile_report

    one, _two, space = ward
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    for kind, out in (("csv", space / "csv"), ("hl7", space / "sub" / ".." / "hl7"), ("fhir", space), ("fhir", space / "b.json")):
        with pytest.raises(DomainError, match="outside the workspace folder") as refused:
            reconcile_export.export(space, IT_PASSPHRASE, kind, out)
        assert refused.value.field == "out"
    with pytest.raises(DomainError, match="outside the workspace folder"):
        reconcile_report.report(space, IT_PASSPHRASE, space / "report.html")
    for path in space.rglob("*"):  # a stolen copy of the folder shows no name
        assert not path.is_file() or b"Lefebvre" not in path.read_bytes(), path
