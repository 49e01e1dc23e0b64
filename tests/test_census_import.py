"""The main system's census loaded before an outage (issue 14, the other direction): CSV pairs in our
export's shape and HL7 v2.5 A28/A01; every laptop derives the same ids, so loading twice or on two
laptops that sync makes each woman and each stay once; bad rows said by line; roles; the kit path
and the refresh path; IT's workspace knows the census numbers as definitive and exports them so."""

from __future__ import annotations

import copy
import csv
import json

import pytest

from continuity.core import census as rules
from continuity.core.errors import DomainError, KitError, PermissionDenied
from continuity.core.permissions import Role
from continuity.core.ward import parse_ward
from continuity.interop import census_read
from continuity.services import census, identity, kit, reconcile, reconcile_export, reconcile_numbers, ward
from continuity.store import replication
from tests.conftest import PASSWORD, add_woman, example_ward_data, session_for
from tests.sync_helpers import make_laptops, sync_all

KIT_PASSPHRASE = "quatre chevaux galopent dans la brume"
IT_PASSPHRASE = "le serveur ronronne sous la pluie fine"

PATIENT_HEADER = ["id", "downtime_ipp", "definitive_ipp", "birth_name", "used_name", "first_names", "used_first_name", "birth_date",
                  "sex", "birth_place", "ins", "ins_kind", "address", "phone", "identity_status", "record_status", "created_at"]
STAY_HEADER = ["id", "downtime_nda", "definitive_nda", "downtime_ipp", "definitive_ipp", "status", "kind", "unit", "bed_id",
               "mother_stay_id", "birth_order", "admitted_at", "discharged_at", "destination", "reason"]


def patient_row(ipp: str, birth_name: str, first_names: str = "Hélène", birth_date: str = "1991-03-04", **extra) -> dict:
    return {"definitive_ipp": ipp, "birth_name": birth_name, "first_names": json.dumps(first_names.split(), ensure_ascii=False),
            "birth_date": birth_date, "sex": "F", "identity_status": "VALI", "record_status": "active", **extra}


def stay_row(nda: str, ipp: str, unit: str, bed: str, admitted_at: str = "2026-11-20T09:30:00Z", **extra) -> dict:
    return {"definitive_nda": nda, "definitive_ipp": ipp, "status": "active", "kind": "standard", "unit": unit,
            "bed_id": f"{unit}:{bed}", "admitted_at": admitted_at, **extra}


def write_csv(path, header, rows) -> None:
    """As the CSV export writes: ';', UTF-8 with a BOM."""
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        for row in rows:
            writer.writerow([row.get(column, "") for column in header])


def csv_census(folder, patients, stays):
    folder.mkdir(parents=True, exist_ok=True)
    write_csv(folder / "patients.csv", PATIENT_HEADER, patients)
    write_csv(folder / "stays.csv", STAY_HEADER, stays)
    return folder


GOOD_PATIENTS = [patient_row("100000001", "Lambert", "Chloé Anne"), patient_row("100000002", "Moreau", "Inès", "1988-11-30")]
GOOD_STAYS = [stay_row("500000001", "100000001", "GHR", "201"), stay_row("500000002", "100000002", "SDC", "301")]


def board(session) -> dict[str, tuple[str, str, str]]:
    """bed id -> (IPP, NDA, name) of who lies there, from the ward's census service."""
    return {f"{unit['code']}:{bed['bed']}": (bed["ipp"], bed["nda"], bed["name"])
            for unit in ward.census(session)["units"] for bed in unit["beds"] if bed["state"] == "occupied"}


def journal_size(store) -> int:
    return len(replication.local_entries(store.db, store.device()["device_id"], 0, 1_000_000))


# -- CSV, HL7, idempotence ----------------------------------------------------------------------------
def test_a_csv_census_puts_each_woman_in_her_bed_under_her_definitive_numbers(tmp_path, supervisor):
    result = census.load(supervisor, [csv_census(tmp_path / "census", GOOD_PATIENTS, GOOD_STAYS)])
    assert (result["patients"], result["stays"], result["problems"]) == (2, 2, [])
    beds = board(supervisor)
    assert beds["GHR:201"][:2] == ("100000001", "500000001") and "LAMBERT" in beds["GHR:201"][2].upper()
    assert beds["SDC:301"][:2] == ("100000002", "500000002")
    record = identity.find_patient(supervisor, "100000001")
    assert record["number_source"] == "census" and record["identity_status"] == "VALI" and record["first_names"] == ["Chloé", "Anne"]
    assert record["id"] == rules.patient_id("mat-bluets", "100000001")  # derived from the main system's number
    audit = [r for r in supervisor.store.db.query("SELECT action, detail FROM audit WHERE action = 'census.load'")]
    assert len(audit) == 1 and json.loads(audit[0]["detail"])["patients"] == 2 and "Lambert" not in audit[0]["detail"]


def test_loading_the_same_census_twice_changes_nothing(tmp_path, supervisor):
    folder = csv_census(tmp_path / "census", GOOD_PATIENTS, GOOD_STAYS)
    census.load(supervisor, [folder])
    before = journal_size(supervisor.store)
    again = census.load(supervisor, [folder / "patients.csv", folder / "stays.csv"])
    assert (again["patients"], again["stays"], again["patients_already_here"], again["stays_already_here"]) == (0, 0, 2, 2)
    assert journal_size(supervisor.store) == before  # nothing journaled again
    assert supervisor.store.db.execute("SELECT count(*) FROM patients").fetchone()[0] == 2


def hl7(*messages: str) -> bytes:
    return "\r".join(messages).encode("utf-8") + b"\r"


MSH = "MSH|^~\\&|DPI|HOPITAL|CONTINUITY|MATERNITE|20261120100000||{type}|{id}|P|{version}|||||FRA|UNICODE UTF-8|||"


def segment(name: str, fields: dict[int, str]) -> str:
    """A segment with these fields at their HL7 positions."""
    return "|".join([name, *(fields.get(i, "") for i in range(1, max(fields) + 1))])


def a28(ipp: str, family: str, given: str, born: str, *, used: str = "", msg_id: str = "1", version: str = "2.5^FRA^2.11") -> str:
    names = f"{family}^{given}^^^^^L" + (f"~{used}^{given}^^^^^D" if used else "")
    return "\r".join([MSH.format(type="ADT^A28^ADT_A05", id=msg_id, version=version), "EVN||20261120100000",
                      segment("PID", {3: f"{ipp}^^^HOPITAL&1.2.250.1.999.1.1&ISO^PI", 5: names, 7: born, 8: "F",
                                      11: "12 rue des Lilas^^Lyon^^69003", 32: "VALI"})])


def a01(ipp: str, family: str, given: str, born: str, nda: str, unit: str, room: str, bed: str, at: str, msg_id: str = "2") -> str:
    return "\r".join([MSH.format(type="ADT^A01^ADT_A01", id=msg_id, version="2.5^FRA^2.11"), "EVN||" + at,
                      f"PID|||{ipp}^^^HOPITAL^PI||{family}^{given}^^^^^L||{born}|F",
                      segment("PV1", {2: "I", 3: f"{unit}^{room}^{bed}^MATERNITE", 19: f"{nda}^^^HOPITAL^AN", 44: at})])


def test_an_hl7_census_of_a28_and_a01_is_read_with_its_escapes_and_uf_codes(tmp_path, supervisor):
    path = tmp_path / "census.hl7"
    path.write_bytes(hl7(a28("100000011", "Bernard", "Zoé", "19900412", used="Petit\\T\\Roux"),
                         a01("100000011", "Bernard", "Zoé", "19900412", "500000011", "GHR", "203", "203A", "202611190815"),
                         # the main system names the unit by its UF (4103 is GHR's in the example ward)
                         a01("100000012", "Garnier", "Léa", "19950101", "500000012", "4103", "202", "202", "202611181200", msg_id="3")))
    result = census.load(supervisor, [path])
    assert (result["patients"], result["stays"], result["problems"]) == (2, 2, [])
    beds = board(supervisor)
    assert beds["GHR:203A"][:2] == ("100000011", "500000011") and beds["GHR:202"][:2] == ("100000012", "500000012")
    zoe = identity.find_patient(supervisor, "100000011")
    assert (zoe["birth_name"], zoe["used_name"], zoe["birth_date"]) == ("Bernard", "Petit&Roux", "1990-04-12")
    assert zoe["identity_status"] == "VALI"  # PID-32: the main system's word on her identity
    assert zoe["address"].startswith("12 rue des Lilas")
    stay = next(supervisor.store.db.query("SELECT admitted_at FROM stays WHERE nda = '500000011'"))
    assert stay["admitted_at"] == "2026-11-19T07:15:00Z"  # 08:15 in Paris (winter)


def test_an_hl7_message_of_another_kind_is_said_and_the_rest_loaded(tmp_path, supervisor):
    path = tmp_path / "census.hl7"
    transfer = MSH.format(type="ADT^A02^ADT_A02", id="9", version="2.5") + "\rPID|||100000099^^^HOPITAL^PI||X^Y||19900101|F"
    nowhere = a01("100000022", "Blanc", "Jade", "19930303", "500000022", "GHR", "9", "999", "202611190815", msg_id="10")
    path.write_bytes(hl7(a28("100000021", "Roux", "Anna", "19920202"), transfer, nowhere))
    result = census.load(supervisor, [path])
    assert (result["patients"], result["stays"]) == (2, 0)
    # the A02 at its MSH (line 4); the unknown bed at its PV1 (line 9: MSH 6, EVN 7, PID 8)
    assert [(p["line"], p["reason"]) for p in result["problems"]] == [(4, "message"), (9, "unknown_bed")]


# -- bad rows, refused files ----------------------------------------------------------------------------
def test_bad_rows_are_said_with_their_line_and_the_good_ones_loaded(tmp_path, supervisor):
    patients = [patient_row("100000001", "Lambert"),  # line 2
                patient_row("100000001", "Lambert-Bis"),  # line 3: the same IPP again
                patient_row("100000003", "Faure", birth_date="31/02/1990"),  # line 4: no such date
                patient_row("100000004", "Gau\u202etier"),  # line 5: a direction override
                patient_row("10000000A", "Dupuis"),  # line 6: not digits
                patient_row("", "Sans-Numero"),  # line 7: a downtime patient nobody mapped
                patient_row("100000007", "Chevalier")]  # line 8: good
    stays = [stay_row("500000001", "100000001", "GHR", "201"),  # line 2: good
             stay_row("500000002", "100000007", "GHR", "999"),  # line 3: no such bed
             stay_row("500000003", "100000003", "GHR", "202"),  # line 4: her identity was refused
             stay_row("500000004", "100000007", "GHR", "201"),  # line 5: bed given twice
             stay_row("500000005", "100000007", "SDC", "301", admitted_at="hier"),  # line 6: unreadable time
             stay_row("500000006", "100000007", "SDC", "302", admitted_at="2099-01-01T00:00:00Z"),  # line 7: future
             stay_row("500000001", "100000007", "SDC", "303"),  # line 8: NDA again
             stay_row("500000008", "100000007", "SDC", "304", status="discharged")]  # an ended stay: not the census
    result = census.load(supervisor, [csv_census(tmp_path / "census", patients, stays)])
    said = {(p["file"], p["line"]): p["reason"] for p in result["problems"]}
    assert said == {("patients.csv", 3): "duplicate_ipp", ("patients.csv", 4): "identity", ("patients.csv", 5): "control",
                    ("patients.csv", 6): "ipp", ("patients.csv", 7): "no_number", ("stays.csv", 3): "unknown_bed",
                    ("stays.csv", 4): "no_patient", ("stays.csv", 5): "bed_twice", ("stays.csv", 6): "admitted_at",
                    ("stays.csv", 7): "future", ("stays.csv", 8): "duplicate_nda"}
    assert (result["patients"], result["stays"]) == (2, 1)  # Lambert and Chevalier; Lambert's stay
    message = next(p["message"] for p in result["problems"] if p["line"] == 3 and p["file"] == "patients.csv")
    assert "first on line 2" in message
    assert board(supervisor)["GHR:201"][0] == "100000001"


def test_a_stay_that_this_laptop_cannot_take_is_said(tmp_path, supervisor, clerk):
    add_woman(clerk, birth_name="Deja")
    from continuity.services import adt

    adt.admit(clerk, identity.search(clerk, "Deja")[0]["ipp"], unit="GHR", bed="201", at="2026-11-19 10:00")
    result = census.load(supervisor, [csv_census(tmp_path / "census", GOOD_PATIENTS, GOOD_STAYS)])
    assert [(p["line"], p["reason"]) for p in result["problems"]] == [(2, "bed_taken")]
    assert result["stays"] == 1


@pytest.mark.parametrize("content, words", [
    ("nom;prenom\nDurand;Marie\n", "not a census in a shape this version reads"),
    ("MSH|^~\\&|DPI|H|C|M|20261120||ADT^A28|1|P|2.3\rPID|||1^^^H^PI||A^B||19900101|F\r", "HL7 version 2.3"),
    (b"\x89PNG\r\n\x1a\n\xff\xfe", "neither UTF-8 text nor HL7"),
])
def test_a_file_of_an_unknown_or_newer_shape_is_refused_in_words(tmp_path, supervisor, content, words):
    path = tmp_path / "census.txt"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(DomainError, match=words):
        census.load(supervisor, [path])
    assert supervisor.store.db.execute("SELECT count(*) FROM patients").fetchone()[0] == 0


def test_an_oversize_file_is_refused(tmp_path, supervisor, monkeypatch):
    folder = csv_census(tmp_path / "census", GOOD_PATIENTS, GOOD_STAYS)
    monkeypatch.setattr(census_read, "MAX_FILE_BYTES", 100)
    with pytest.raises(KitError, match="too large"):
        census.load(supervisor, [folder])


def test_a_census_number_inside_a_downtime_block_is_refused_whole(tmp_path, supervisor):
    inside = [patient_row("900000123", "Bloc"), *GOOD_PATIENTS]  # laptop-1's IPP block starts at 900000000
    with pytest.raises(DomainError, match="inside the downtime block of laptop-1"):
        census.load(supervisor, [csv_census(tmp_path / "census", inside, [])])
    nda_inside = [stay_row("700000005", "100000001", "GHR", "201")]
    with pytest.raises(DomainError, match="NDA 700000005"):
        census.load(supervisor, [csv_census(tmp_path / "other", GOOD_PATIENTS, nda_inside)])
    assert supervisor.store.db.execute("SELECT count(*) FROM patients").fetchone()[0] == 0


# -- roles -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("role, allowed", [(Role.MIDWIFE, False), (Role.CLERK, False), (Role.SUPERVISOR, True), (Role.IT, True)])
def test_only_a_supervisor_or_it_loads_a_census(tmp_path, store, role, allowed):
    folder = csv_census(tmp_path / "census", GOOD_PATIENTS, GOOD_STAYS)
    session = session_for(store, role)
    if allowed:
        assert census.load(session, [folder])["patients"] == 2
    else:
        with pytest.raises(PermissionDenied):
            census.load(session, [folder])
        assert store.db.execute("SELECT count(*) FROM patients").fetchone()[0] == 0


# -- two laptops, a real shared folder ---------------------------------------------------------------
def test_two_laptops_loading_the_same_census_sync_to_one_woman_and_one_stay_each(tmp_path, built_kit):
    one, two = make_laptops(tmp_path, built_kit, 2)
    folder = csv_census(tmp_path / "census", GOOD_PATIENTS, GOOD_STAYS)
    census.load(one.session(Role.SUPERVISOR), [folder])
    census.load(two.session(Role.SUPERVISOR), [folder])
    sync_all([one, two])
    for laptop in (one, two):
        db = laptop.store.db
        assert db.execute("SELECT count(*) FROM patients").fetchone()[0] == 2
        assert db.execute("SELECT count(*) FROM stays").fetchone()[0] == 2
        assert db.execute("SELECT count(*) FROM movements").fetchone()[0] == 2
        assert replication.conflicts(db) == [] and replication.quarantine(db) == []  # each other's bundles believed
    assert board(one.session()) == board(two.session())
    assert one.state() == two.state()
    # A correction on one laptop wins everywhere without a conflict with the other laptop's census copy...
    identity.update_patient(one.session(Role.CLERK), "100000001", phone="0611111111")
    sync_all([one, two])
    assert identity.find_patient(two.session(), "100000001")["phone"] == "0611111111"
    assert replication.conflicts(two.store.db) == [] and replication.conflicts(one.store.db) == []
    # ...while two corrections made apart still are one.
    identity.update_patient(one.session(Role.CLERK), "100000002", phone="0622222222")
    identity.update_patient(two.session(Role.CLERK), "100000002", phone="0633333333")
    sync_all([one, two])
    assert len(replication.conflicts(one.store.db)) == 1 and len(replication.conflicts(two.store.db)) == 1


# -- the kit path, the refresh path ------------------------------------------------------------------
@pytest.fixture(scope="module")
def census_kit(tmp_path_factory, it_keys):
    """A kit carrying a census (built once: Argon2 is slow on purpose)."""
    folder = csv_census(tmp_path_factory.mktemp("kit-census"), GOOD_PATIENTS,
                        [*GOOD_STAYS, stay_row("500000009", "100000001", "GHR", "404")])  # one row the kit leaves out
    data = example_ward_data()
    data["laptops"] += [{"name": "laptop-4"}]
    ward_description = parse_ward(data)
    from datetime import datetime, timezone

    carried, problems = census.for_kit([folder], ward_description, datetime.now(timezone.utc))
    built, _it, _initial = kit.build_kit(ward_description, fixed_passwords={u.name: PASSWORD for u in ward_description.users},
                                         it_payload=it_keys, census=carried)
    return built, problems


def test_a_kit_carries_the_census_signed_and_each_laptop_starts_with_it(tmp_path, census_kit):
    built, problems = census_kit
    assert [(p["file"], p["line"], p["reason"]) for p in problems] == [("stays.csv", 4, "unknown_bed")]
    one, two = make_laptops(tmp_path, built, 2)
    assert board(one.session())["GHR:201"][:2] == ("100000001", "500000001")
    assert board(one.session()) == board(two.session())
    sync_all([one, two])
    for laptop in (one, two):
        assert laptop.store.db.execute("SELECT count(*) FROM patients").fetchone()[0] == 2
        # written in IT's name, certified by IT in each laptop's package: each other's bundles believed
        assert replication.conflicts(laptop.store.db) == [] and replication.quarantine(laptop.store.db) == []
        assert replication.peer(laptop.store.db, (two if laptop is one else one).store.device()["device_id"])["last_bundle"] >= 1
    # The census is signed with the kit: changed, the kit is refused.
    forged = copy.deepcopy(built)
    forged["packages"]["laptop-3"]["package"]["kit"]["census"]["patients"][0]["birth_name"] = "Autre"
    from tests.conftest import new_store

    with pytest.raises(KitError, match="not signed"):
        kit.enrol(new_store(tmp_path / "laptop-3"), forged, "laptop-3")


def test_a_kit_census_of_a_newer_shape_is_refused_before_enrolment(tmp_path, census_kit, it_keys):
    built, _problems = census_kit
    newer = copy.deepcopy(built)
    envelope = newer["packages"]["laptop-3"]
    envelope["package"]["kit"]["census"]["format"] = 2
    from continuity.security import signed
    from tests.conftest import new_store

    kit_payload = {k: v for k, v in envelope["package"]["kit"].items() if k not in ("signature", "packages")}
    envelope["package"]["kit"]["signature"] = signed.sign(kit_payload, it_keys["it_signing_key"])
    envelope["signature"] = signed.sign(envelope["package"], it_keys["it_signing_key"])
    store = new_store(tmp_path / "laptop-3")
    with pytest.raises(KitError, match="census of a shape"):
        kit.enrol(store, newer, "laptop-3")
    assert store.device() is None  # nothing written


def test_a_refresh_file_adds_the_new_admissions_and_says_who_moved(tmp_path, census_kit):
    built, _problems = census_kit
    (one,) = make_laptops(tmp_path, built, 1)
    refresh = csv_census(tmp_path / "refresh", [*GOOD_PATIENTS, patient_row("100000003", "Perrin", "Maëlle")],
                         [stay_row("500000001", "100000001", "GHR", "202"),  # moved in the main system since the kit
                          GOOD_STAYS[1], stay_row("500000003", "100000003", "URG", "U1")])
    result = census.load(one.session(Role.SUPERVISOR), [refresh])
    assert (result["patients"], result["stays"], result["patients_already_here"], result["stays_already_here"]) == (1, 1, 2, 2)
    assert [(p["line"], p["reason"]) for p in result["problems"]] == [(2, "moved")]
    assert board(one.session())["URG:U1"][:2] == ("100000003", "500000003")
    assert board(one.session())["GHR:201"][0] == "100000001"  # left as it is: the ward moves her


def test_a_census_woman_typed_again_in_downtime_is_noted_for_vigilance(tmp_path, supervisor, clerk):
    add_woman(clerk, birth_name="Lambert", first_names="Chloé", birth_date="1991-03-04")
    result = census.load(supervisor, [csv_census(tmp_path / "census", GOOD_PATIENTS, GOOD_STAYS)])
    assert result["possible_duplicates"] == 1


# -- IT's workspace ----------------------------------------------------------------------------------
def test_the_workspace_knows_census_numbers_as_definitive_and_exports_them(tmp_path, census_kit, it_keys):
    built, _problems = census_kit
    one, two = make_laptops(tmp_path, built, 2)
    downtime_ipp = add_woman(two.session(Role.CLERK), birth_name="Provisoire")
    from continuity.services import adt

    downtime_nda = adt.admit(two.session(Role.CLERK), downtime_ipp, unit="URG", bed="U2").values["nda"]
    sync_all([one, two])
    kit_path = tmp_path / "it" / "ward.kit"
    kit.write_kit(built, it_keys, kit_path, KIT_PASSPHRASE, IT_PASSPHRASE)
    space = tmp_path / "workspace"
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, kit_path.with_name("ward.kit.itkey"), IT_PASSPHRASE)
    added = reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    status = added["status"]
    assert added["set_aside"] == [] and status["counts"]["patients"] == 3
    assert status["unmapped"] == {"ipp": 1, "nda": 1}  # the downtime woman only
    assert status["conflicts"] == 0
    mapped = reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "ipp", [(None, downtime_ipp, "100000001")], "typed")
    assert [r["reason"] for r in mapped["refused"]] == ["census"]  # a census IPP is no downtime number's
    assert mapped["unmapped"] == [downtime_ipp]
    reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "ipp", [(None, downtime_ipp, "100000050")], "typed")
    reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "nda", [(None, downtime_nda, "500000050")], "typed")
    out = tmp_path / "export"
    reconcile_export.export(space, IT_PASSPHRASE, "csv", out)
    with open(out / "patients.csv", encoding="utf-8-sig", newline="") as handle:
        patients = {r["birth_name"]: r for r in csv.DictReader(handle, delimiter=";")}
    assert (patients["Lambert"]["downtime_ipp"], patients["Lambert"]["definitive_ipp"]) == ("", "100000001")
    assert (patients["Provisoire"]["downtime_ipp"], patients["Provisoire"]["definitive_ipp"]) == (downtime_ipp, "100000050")
    with open(out / "stays.csv", encoding="utf-8-sig", newline="") as handle:
        stays = {r["definitive_ipp"]: r for r in csv.DictReader(handle, delimiter=";")}
    assert (stays["100000001"]["downtime_nda"], stays["100000001"]["definitive_nda"]) == ("", "500000001")
    assert stays["100000050"]["downtime_nda"] == downtime_nda and stays["100000050"]["definitive_nda"] == "500000050"
    # HL7 and FHIR: a census number goes only under the hospital's authority, never as a downtime one.
    import json

    import hl7 as python_hl7

    from tests import fhir_checks, pam_fr_rules

    reconcile_export.export(space, IT_PASSPHRASE, "hl7", tmp_path / "hl7")
    texts = [path.read_bytes().decode("utf-8") for path in sorted((tmp_path / "hl7").iterdir())]
    assert pam_fr_rules.check(texts) == []
    lambert = next(python_hl7.parse(t) for t in texts if "Lambert" in t and "^A28^" in t)
    assert str(lambert.segment("PID")[3]).count("^PI") == 1 and "100000001" in str(lambert.segment("PID")[3])
    reconcile_export.export(space, IT_PASSPHRASE, "fhir", tmp_path / "bundle.json")
    bundle = json.loads((tmp_path / "bundle.json").read_text(encoding="utf-8"))
    assert fhir_checks.problems(bundle) == []
    patient = next(e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
                   and any(n.get("family") == "Lambert" for n in e["resource"].get("name", [])))
    assert [i["value"] for i in patient["identifier"] if i["type"]["coding"][0]["code"] == "PI"] == ["100000001"]
    # The export reads back as a census: the same shapes in both directions.
    fresh = make_laptops(tmp_path / "elsewhere", built, 1)[0]
    back = census.load(fresh.session(Role.SUPERVISOR), [out])
    assert back["patients_already_here"] == 2 and back["stays_already_here"] == 2  # the kit's census, the same ids
    assert (back["patients"], back["stays"], back["problems"]) == (1, 1, [])  # the downtime woman, under her mapped numbers


# -- the command line --------------------------------------------------------------------------------
def test_the_command_line_carries_a_census_in_the_kit_and_loads_a_refresh(tmp_path):
    from tests.conftest import EXAMPLE_WARD
    from tests.test_cli import as_json, ok, run

    stays = [*GOOD_STAYS, stay_row("500000009", "100000001", "GHR", "404")]
    folder = csv_census(tmp_path / "census", GOOD_PATIENTS, stays)
    kit_path = tmp_path / "ward.kit"
    created = as_json(run(None, "kit", "create", str(EXAMPLE_WARD), "--out", str(kit_path), "--census", str(folder), "--json"))
    assert created["census"]["patients"] == 2 and [p["line"] for p in created["census"]["problems"]] == [4]
    laptop = tmp_path / "laptop-1"
    enrolled = ok(run(laptop, "init", "--kit", str(tmp_path / "ward-laptops" / "laptop-1.enrol"), "--device", "laptop-1"))
    assert "2 new patients, 2 new stays" in enrolled
    cadre, midwife = created["initial_passwords"]["cadre"], created["initial_passwords"]["cdurand"]
    beds = as_json(run(laptop, "census", "--json", user="cdurand", password=midwife))
    ghr = next(u for u in beds["units"] if u["code"] == "GHR")
    assert next(b for b in ghr["beds"] if b["bed"] == "201")["ipp"] == "100000001"
    refresh = csv_census(tmp_path / "refresh", [patient_row("100000003", "Perrin")], [stay_row("500000003", "100000003", "URG", "U9")])
    refused = run(laptop, "census", "load", str(refresh), user="cdurand", password=midwife)
    assert refused.returncode == 1 and "does not allow" in refused.stderr
    loaded = ok(run(laptop, "census", "load", str(refresh / "patients.csv"), str(refresh / "stays.csv"), user="cadre", password=cadre))
    assert "1 new patients, 0 new stays" in loaded and "stays.csv:2: there is no bed U9 in unit URG in this ward" in loaded
    french = ok(run(laptop, "census", "load", str(refresh), user="cadre", password=cadre, lang="fr"))
    assert "stays.csv:2: il n'y a pas de lit U9 dans l'unité URG de ce service" in french


def test_the_hl7_reader_agrees_with_python_hl7(tmp_path):
    """Our small reader, checked against an independent parser on the same messages."""
    hl7_library = pytest.importorskip("hl7")
    messages = [a28("100000031", "Lef\\E\\vre", "Anaïs", "19870707", used="Dubois"),
                a01("100000032", "Noël", "Lou", "19990909", "500000032", "SDN", "SN2", "SN2", "202611191030", msg_id="5")]
    rows, problems = census_read.census_hl7.read(hl7(*messages), "census.hl7")
    assert problems == []
    for message in messages:
        parsed = hl7_library.parse(message)
        ipp = str(parsed.segment("PID")[3][0][0])
        ours = next(r for r in rows if r.kind == "patient" and r.cells["ipp"] == ipp)
        assert ours.cells["birth_date"] == str(parsed.segment("PID")[7])
        family = str(parsed.segment("PID")[5][0][0]).replace("\\E\\", "\\")  # python-hl7 leaves escapes as they are
        assert ours.cells["birth_name"] == family
        if str(parsed.segment("MSH")[9][0][1]) == "A01":
            pv1 = parsed.segment("PV1")
            stay = next(r for r in rows if r.kind == "stay")
            assert (stay.cells["unit"], stay.cells["bed"]) == (str(pv1[3][0][0]), str(pv1[3][0][2]))
            assert stay.cells["nda"] == str(pv1[19][0][0]) and stay.cells["admitted_at"] == str(pv1[44])
