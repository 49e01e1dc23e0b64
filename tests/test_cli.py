"""The command line end to end, through real subprocesses on real data folders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE_WARD

PASSPHRASE = "quatre chevaux galopent dans la brume"
IT_PASSPHRASE = "le serveur ronronne sous la pluie fine"


def database(folder: Path, user: str = "demo-midwife", password: str = "demo"):
    """A laptop's database opened as the application does: a user's password opens its key."""
    from continuity.security import vault
    from continuity.store import connection

    key = vault.unlock(vault.read_keyring(folder), user, password).database_key
    return connection.connect(folder / "continuity.db", key)


def run(folder: Path | None, *args: str, user: str | None = None, password: str = "demo", lang: str | None = "en",
        extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTINUITY_")}
    env.update({"CONTINUITY_PASSWORD": password, "CONTINUITY_KIT_PASSPHRASE": PASSPHRASE, "CONTINUITY_IT_PASSPHRASE": IT_PASSPHRASE})
    if lang:
        env["CONTINUITY_LANG"] = lang
    if user:
        env["CONTINUITY_USER"] = user
    env.update(extra_env or {})
    prefix = ["--data-dir", str(folder)] if folder else []
    return subprocess.run([sys.executable, "-m", "continuity", *prefix, *args], capture_output=True, text=True, env=env, timeout=120)


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def as_json(result: subprocess.CompletedProcess):
    return json.loads(ok(result))


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    kit_path = folder.parent / "demo.kit"
    ok(run(folder, "demo", "--patients", "400", "--kit-out", str(kit_path)))
    return folder


def test_version_and_usage_errors():
    assert ok(run(None, "--version")).startswith("continuity, version")
    assert run(None, "frobnicate").returncode == 2
    assert run(None, "admit").returncode == 2  # missing IPP and options
    assert run(None, "birth", "123", "--sex", "X", "--weight", "3000").returncode == 2


def test_demo_ward_is_complete(demo_folder):
    census = as_json(run(demo_folder, "census", "--json", user="demo-midwife"))
    assert [u["code"] for u in census["units"]] == ["URG", "SDN", "GHR", "SDC", "NEO"]
    beds = [b for u in census["units"] for b in u["beds"]]
    assert 38 <= len(beds) <= 45
    occupied = [b for b in beds if b["state"] == "occupied"]
    assert len(occupied) > len(beds) // 2
    assert any(len(b["newborns"]) == 2 for b in occupied)  # twins with their mother
    assert sum(b["state"] == "closed" for b in beds) >= 1
    for user in ("demo-midwife", "demo-clerk", "demo-supervisor", "demo-it"):
        ok(run(demo_folder, "status", user=user))
    staff = database(demo_folder).execute("SELECT count(*) FROM staff").fetchone()[0]
    assert staff == 80
    assert (demo_folder.parent / "demo.kit").exists()
    again = run(demo_folder, "demo")
    assert again.returncode == 1 and "already holds a ward" in again.stderr


def test_a_second_laptop_enrols_from_the_demo_kit(demo_folder, tmp_path):
    env = {"CONTINUITY_KIT_PASSPHRASE": "demo"}
    result = as_json(run(tmp_path / "l2", "init", "--kit", str(demo_folder.parent / "demo-laptops" / "laptop-2.enrol"), "--device", "laptop-2",
                       "--json", extra_env=env))
    assert result["device"] == "laptop-2"
    ipp = ok(run(tmp_path / "l2", "patient", "add", "--birth-name", "Roux", "--first-names", "Zoé", "--birth-date", "1992-03-04",
                 "--sex", "F", user="demo-clerk"))
    assert ipp.startswith("901")  # laptop-2's block, not laptop-1's


def test_full_ward_day_through_the_cli(tmp_path):
    kit_path = tmp_path / "ward.kit"
    created = as_json(run(None, "kit", "create", str(EXAMPLE_WARD), "--out", str(kit_path), "--json"))
    password = created["initial_passwords"]["cdurand"]
    folder = tmp_path / "laptop-1"
    shared = run(folder, "init", "--kit", str(kit_path), "--device", "laptop-1")
    assert shared.returncode == 1 and "laptop-1.enrol" in shared.stderr  # the shared kit enrols no laptop
    package = str(tmp_path / "ward-laptops" / "laptop-1.enrol")
    ok(run(folder, "init", "--kit", package, "--device", "laptop-1"))
    again = run(folder, "init", "--kit", package, "--device", "laptop-1")
    assert again.returncode == 1 and "already enrolled" in again.stderr

    def mw(*args):
        return run(folder, *args, user="cdurand", password=password)

    ipp = ok(mw("patient", "add", "--birth-name", "Lefèvre", "--used-name", "Dubois", "--first-names", "Hélène Marie",
                "--birth-date", "1990-05-12", "--sex", "F"))
    nda = ok(mw("admit", ipp, "--unit", "SDN", "--bed", "SN1", "--reason", "travail"))
    baby = ok(mw("birth", nda, "--sex", "F", "--weight", "3250")).split()
    assert len(baby) == 2
    move = ok(mw("transfer", nda, "--unit", "SDC", "--bed", "301"))
    census = as_json(mw("census", "--json"))
    sdc = next(u for u in census["units"] if u["code"] == "SDC")
    bed = next(b for b in sdc["beds"] if b["bed"] == "301")
    assert bed["ipp"] == ipp and [n["ipp"] for n in bed["newborns"]] == [baby[0]]
    today = as_json(mw("movements", "--today", "--json"))
    assert [m["kind"] for m in today] == ["admission", "admission", "transfer", "transfer"]
    ok(mw("cancel", move[-10:]))
    assert as_json(mw("patient", "show", ipp, "--json"))["stays"][0]["bed_id"] == "SDN:SN1"
    ok(mw("leave", nda))
    ok(mw("return", nda))
    ok(mw("discharge", nda, "--destination", "home"))
    found = as_json(mw("search", "helene", "dubois", "--json"))
    assert [r["ipp"] for r in found] == [ipp]
    ok(mw("bed", "close", "SDN", "SN2", "--reason", "plan blanc"))
    ok(mw("bed", "open", "SDN", "SN2"))

    it_password = created["initial_passwords"]["informatique"]
    assert "intact" in ok(run(folder, "audit", "verify", user="informatique", password=it_password))
    assert as_json(run(folder, "db", "check", "--json", user="informatique", password=it_password))["ok"]

    db = database(folder, "informatique", it_password)
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit SET user = 'someone' WHERE seq = 5")
    db.commit()
    broken = run(folder, "audit", "verify", user="informatique", password=it_password)
    assert broken.returncode == 1 and "entry 5" in broken.stdout
    assert run(folder, "db", "check", user="informatique", password=it_password).returncode == 1


def test_refusals_exit_1_in_french_by_default(demo_folder):
    census = as_json(run(demo_folder, "census", "--json", user="demo-clerk"))
    occupied = next(b for u in census["units"] for b in u["beds"] if b["state"] == "occupied" and u["code"] == "GHR")
    ipp = ok(run(demo_folder, "patient", "add", "--birth-name", "Test", "--first-names", "Anna", "--birth-date", "1990-01-01",
                 "--sex", "F", user="demo-clerk"))
    result = run(demo_folder, "admit", ipp, "--unit", "GHR", "--bed", occupied["bed"], user="demo-clerk", lang=None)
    assert result.returncode == 1
    assert "Refusé [bed]" in result.stderr and "déjà occupé" in result.stderr
    future = run(demo_folder, "patient", "add", "--birth-name", "X", "--first-names", "Y", "--birth-date", "2999-01-01",
                 "--sex", "F", user="demo-clerk")
    assert future.returncode == 1 and "future" in future.stderr
    role = run(demo_folder, "audit", "verify", user="demo-clerk")
    assert role.returncode == 1 and "does not allow" in role.stderr


def test_authentication_failures_exit_1(demo_folder):
    wrong = run(demo_folder, "census", user="demo-midwife", password="nope")
    assert wrong.returncode == 1 and "Wrong user name or password" in wrong.stderr
    anonymous = run(demo_folder, "census")
    assert anonymous.returncode == 1 and "--user" in anonymous.stderr


def test_kit_errors_exit_1(tmp_path):
    bad = run(tmp_path / "x", "init", "--kit", str(EXAMPLE_WARD), "--device", "laptop-1")
    assert bad.returncode == 1 and "not a Continuity ward kit" in bad.stderr
    kit_path = tmp_path / "k.kit"
    ok(run(None, "kit", "create", str(EXAMPLE_WARD), "--out", str(kit_path)))
    package = str(tmp_path / "k-laptops" / "laptop-1.enrol")
    wrong = run(tmp_path / "y", "init", "--kit", package, "--device", "laptop-1", extra_env={"CONTINUITY_KIT_PASSPHRASE": "no"})
    assert wrong.returncode == 1 and "Wrong passphrase" in wrong.stderr


def test_unenrolled_folder_says_what_to_do(tmp_path):
    result = run(tmp_path / "empty", "census", user="x")
    assert result.returncode == 1 and "not enrolled" in result.stderr


def test_make_run_entry_point_builds_and_shows_the_demo_ward_once(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTINUITY_")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parent.parent)
    first = subprocess.run([sys.executable, "-m", "continuity.launcher"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "Création du service de démonstration" in first.stdout  # French by default
    assert "Salle de naissance" in first.stdout and "DÉMONSTRATION" in first.stdout
    assert (tmp_path / "data" / "demo-kit" / "demo.kit").exists() and (tmp_path / "data" / "demo-kit" / "demo.kit.itkey").exists()
    assert not list((tmp_path / "data" / "demo").rglob("*.itkey")) and not list((tmp_path / "data" / "demo").rglob("*.kit"))  # never on the laptop
    second = subprocess.run([sys.executable, "-m", "continuity.launcher"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and "Création" not in second.stdout  # the existing ward is reused


def test_the_rota_through_the_cli(demo_folder, tmp_path):
    """The demo ward comes with this week filled and published, next week copied, someone off sick."""
    week = as_json(run(demo_folder, "rota", "show", "--weeks", "2", "--json", user="demo-midwife"))
    monday = date.fromisoformat(week["first_day"])
    next_monday = (monday + timedelta(days=7)).isoformat()
    assert week["cells"] and week["absences"] and week["version"]["number"] == 1
    checked = as_json(run(demo_folder, "rota", "check", "--from", next_monday, "--json", user="demo-midwife"))
    assert {"violations", "cover_shortfalls", "hard", "soft"} <= checked.keys()
    assert all({"rule", "staff", "day", "message"} <= v.keys() for v in checked["violations"])
    assert checked["cover_shortfalls"], "the sick midwife's shifts are holes"
    # a midwife may read, not edit; the service says so (exit 1)
    refused = run(demo_folder, "rota", "assign", "S001", next_monday, "J", user="demo-midwife")
    assert refused.returncode == 1 and "rota.edit" in refused.stderr
    free = next(p for p in week["staff"] if p["role"] == "AS" and not any(
        c["staff"] == p["id"] and c["day"] == next_monday for c in week["cells"]))
    ok(run(demo_folder, "rota", "assign", free["id"], next_monday, "M", "--unit", "GHR", "--pin", user="demo-supervisor"))
    wrong = run(demo_folder, "rota", "assign", free["id"], next_monday, "Q", user="demo-supervisor")
    assert wrong.returncode == 1 and "[shift]" in wrong.stderr
    filled = as_json(run(demo_folder, "rota", "fill", "--from", next_monday, "--work-limit", "3", "--json", user="demo-supervisor"))
    assert filled["hard_remaining"] == 0 and filled["added"]
    assert not any(c["staff"] == free["id"] and c["day"] == next_monday for c in filled["removed"])
    pdf = tmp_path / "planning.pdf"
    printed = as_json(run(demo_folder, "rota", "print", "--from", next_monday, "--unit", "SDN", "--out", str(pdf), "--json",
                          user="demo-supervisor"))
    assert printed["pages"] == 1 and pdf.read_bytes().startswith(b"%PDF")


def test_bad_files_and_places_exit_1_with_the_reason_never_3(demo_folder, tmp_path):
    zero = run(tmp_path / "z", "init", "--kit", "/dev/zero", "--device", "laptop-1")
    assert zero.returncode == 1 and "not an ordinary file" in zero.stderr
    pdf = run(demo_folder, "rota", "print", "--out", str(tmp_path / "missing" / "rota.pdf"), user="demo-supervisor")
    assert pdf.returncode == 1 and "does not exist" in pdf.stderr
    ward_file = tmp_path / "ward.toml"
    ward_file.write_text(EXAMPLE_WARD.read_text(encoding="utf-8").replace("ipp_first = 900000000", "ipp_first = 99999999999999999999"),
                         encoding="utf-8")
    absurd = run(None, "kit", "create", str(ward_file), "--out", str(tmp_path / "k.kit"))
    assert absurd.returncode == 1 and "[numbering]" in absurd.stderr and not (tmp_path / "k.kit").exists()
    weak = run(None, "kit", "create", str(EXAMPLE_WARD), "--out", str(tmp_path / "w.kit"), extra_env={"CONTINUITY_KIT_PASSPHRASE": "password"})
    assert weak.returncode == 1 and "at least 12" in weak.stderr


def test_it_opens_a_laptop_with_its_key_from_the_command_line(demo_folder):
    env = {"CONTINUITY_IT_PASSPHRASE": "demo-it"}
    checked = run(demo_folder, "--it-key", str(demo_folder.parent / "demo.kit.itkey"), "db", "check", "--json", extra_env=env)
    assert checked.returncode == 0, checked.stderr
    assert json.loads(checked.stdout)["ok"]


def test_a_second_revocation_written_to_a_stick_still_leaves_out_the_laptop_revoked_first(tmp_path):
    kit_path = tmp_path / "ward.kit"
    ok(run(None, "kit", "create", str(EXAMPLE_WARD), "--out", str(kit_path)))
    itkey = str(tmp_path / "ward.kit.itkey")
    share, stick = tmp_path / "share", tmp_path / "stick"
    first = as_json(run(None, "kit", "revoke", "--kit", str(kit_path), "--it-key", itkey, "--device", "laptop-2", "--last-good", "0",
                        "--reason", "paquet perdu", "--out", str(share), "--json"))
    second = as_json(run(None, "kit", "revoke", "--kit", str(kit_path), "--it-key", itkey, "--device", "laptop-3", "--last-good", "0",
                         "--reason", "volé", "--out", str(stick), "--json"))
    revoked_first = json.loads(Path(first["revocation"]).read_text())["revocation"]["device_id"]
    sealed_for = json.loads(Path(second["revocation"]).read_text())["revocation"]["secrets"]
    assert revoked_first not in sealed_for and len(sealed_for) == 1  # laptop-1 only


def test_it_reconciles_from_the_command_line(demo_folder, tmp_path):
    """The demo kit's IT opens a workspace, adds the demo laptop's data folder, reads the status."""
    env = {"CONTINUITY_KIT_PASSPHRASE": "demo", "CONTINUITY_IT_PASSPHRASE": "demo-it"}
    share = tmp_path / "share"
    share.mkdir()
    ok(run(demo_folder, "sync", "--folder", str(share), user="demo-supervisor"))
    space = str(tmp_path / "workspace")
    kit_path, itkey = demo_folder.parent / "demo.kit", demo_folder.parent / "demo.kit.itkey"
    assert "Workspace ready" in ok(run(None, "reconcile", "open", space, "--kit", str(kit_path), "--it-key", str(itkey), extra_env=env))
    added = run(None, "reconcile", "add", space, str(share), str(demo_folder), "--json", extra_env=env)
    result = as_json(added)
    assert result["imported_bundles"] >= 1 and "files read" in added.stderr
    laptop = next(lp for lp in result["status"]["laptops"] if lp["name"] == "laptop-1")
    assert laptop["heard_from"] and laptop["gap"] is None and result["status"]["counts"]["patients"] >= 400
    text = ok(run(None, "reconcile", "status", space, extra_env={**env, "CONTINUITY_LANG": "fr"}, lang="fr"))
    assert "jamais de nouvelles" in text and "laptop-1 :" in text
    wrong = run(None, "reconcile", "status", space, extra_env={"CONTINUITY_IT_PASSPHRASE": "pas la bonne"})
    assert wrong.returncode == 1 and "Wrong passphrase" in wrong.stderr


def test_it_decides_identities_and_signs_the_period_off_from_the_command_line(demo_folder, tmp_path):
    env = {"CONTINUITY_KIT_PASSPHRASE": "demo", "CONTINUITY_IT_PASSPHRASE": "demo-it"}
    (tmp_path / "share").mkdir()
    ok(run(demo_folder, "sync", "--folder", str(tmp_path / "share"), user="demo-supervisor"))
    space = str(tmp_path / "workspace")
    ok(run(None, "reconcile", "open", space, "--kit", str(demo_folder.parent / "demo.kit"), "--it-key",
           str(demo_folder.parent / "demo.kit.itkey"), extra_env=env))
    ok(run(None, "reconcile", "add", space, str(demo_folder), extra_env=env))
    pairs = as_json(run(None, "reconcile", "duplicates", space, "--json", extra_env=env))
    assert all(set(p) >= {"score", "why", "one", "other"} for p in pairs)
    merged = as_json(run(None, "reconcile", "merge", space, "--keep", "900000000", "--merge", "900000001", "--reason",
                         "Même femme", "--json", extra_env=env))
    assert merged["aliases"] == ["900000001"]
    again = run(None, "reconcile", "merge", space, "--keep", "900000002", "--merge", "900000001", "--reason", "x", extra_env=env)
    assert again.returncode == 1 and "already merged" in again.stderr
    assert "Merge 1 undone" in ok(run(None, "reconcile", "unmerge", space, "1", "--reason", "Erreur", extra_env=env))
    assert "different people" in ok(run(None, "reconcile", "distinct", space, "900000000", "900000001", "--reason", "Sœurs",
                                         extra_env=env))
    problems = as_json(run(None, "reconcile", "problems", space, "--json", extra_env=env))
    assert set(problems) == {"double_stays", "shared_beds", "impossible_timelines"}
    both = run(None, "reconcile", "signoff", space, "--laptop", "laptop-1", "--prepared-by", "Paul", extra_env=env)
    assert both.returncode == 2
    ok(run(None, "reconcile", "signoff", space, "--prepared-by", "Paul Girard", extra_env=env))
    same = run(None, "reconcile", "signoff", space, "--approved-by", "Paul Girard", extra_env=env)
    assert same.returncode == 1 and "someone other than Paul Girard" in same.stderr
    ok(run(None, "reconcile", "signoff", space, "--approved-by", "Claire Fontaine", extra_env=env))
    text = ok(run(None, "reconcile", "status", space, extra_env={**env, "CONTINUITY_LANG": "fr"}, lang="fr"))
    assert "Période préparée par Paul Girard et approuvée par Claire Fontaine." in text and "À décider :" in text


def test_it_maps_numbers_from_a_csv_from_the_command_line(demo_folder, tmp_path):
    env = {"CONTINUITY_KIT_PASSPHRASE": "demo", "CONTINUITY_IT_PASSPHRASE": "demo-it"}
    (tmp_path / "share").mkdir()
    ok(run(demo_folder, "sync", "--folder", str(tmp_path / "share"), user="demo-supervisor"))  # its outbox is filled
    space = str(tmp_path / "workspace")
    ok(run(None, "reconcile", "open", space, "--kit", str(demo_folder.parent / "demo.kit"), "--it-key",
           str(demo_folder.parent / "demo.kit.itkey"), extra_env=env))
    ok(run(None, "reconcile", "add", space, str(demo_folder), extra_env=env))
    csv_file = tmp_path / "sih.csv"
    csv_file.write_text("provisoire,definitif\n900000000,4100001\n123,4100002\n", encoding="utf-8")
    text = ok(run(None, "reconcile", "map", space, "--csv", str(csv_file), extra_env=env))
    assert "downtime = provisoire" in text and "1 number mapped" in text and "line 3" in text and "no such downtime number" in text
    none = run(None, "reconcile", "map", space, extra_env=env)
    assert none.returncode == 2 and "--csv" in none.stderr
