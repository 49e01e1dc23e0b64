"""The FHIR R4 export (issue 14): a transaction Bundle built from a real workspace (two laptops, an
admission, transfers, a cancelled transfer, a discharge, twins, a merge, a mapped and an unmapped
IPP, hostile names), checked by tests/fhir_checks.py, which owes nothing to the writer; each of its
checks is shown catching a bundle with that fault."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys

from datetime import datetime, timedelta, timezone

import pytest

from continuity.core.permissions import Role
from continuity.interop import fhir_export
from continuity.interop.fhir_resources import full_url
from continuity.reconcile import workspace as workspaces
from continuity.services import adt, births, kit, reconcile, reconcile_export, reconcile_numbers
from continuity.store import merges
from tests import fhir_checks
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops

KIT_PASSPHRASE = "quatre chevaux galopent dans la brume"
IT_PASSPHRASE = "le serveur ronronne sous la pluie fine"
HOSTILE = 'O\'Hara "la <script>alert(1)</script>"'


def with_key(body: str) -> str:
    """A NIR or NIA (13 characters) with its key, as on a card."""
    return f"{body}{97 - int(body) % 97:02d}"


NIR = with_key("2900575056123")  # a woman born in May 1990
NIA = with_key("8900599123456")  # a temporary number, same birth month


@pytest.fixture(scope="module")
def period(tmp_path_factory, built_kit, it_keys):
    """A workspace with the whole period gathered, and what the test needs to find in it."""
    root = tmp_path_factory.mktemp("fhir")
    kit_path = root / "it" / "ward.kit"
    kit.write_kit(built_kit, it_keys, kit_path, KIT_PASSPHRASE, IT_PASSPHRASE)
    one, two = make_laptops(root, built_kit, 2)
    clerk, midwife = one.session(Role.CLERK), one.session(Role.MIDWIFE)
    start = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(days=2)

    def hours(n: float) -> datetime:  # clinical times, typed after the fact as on paper-first days
        return start + timedelta(hours=n)

    moved = add_woman(clerk, birth_name=HOSTILE, first_names="Anne Marie", used_name="Durand-Kuhn", ins=NIR,
                      birth_place="75056")
    nda = adt.admit(clerk, moved, unit="GHR", bed="201", at=hours(0)).values["nda"]
    adt.transfer(clerk, nda, unit="GHR", bed="202", at=hours(3))
    wrong = adt.transfer(clerk, nda, unit="SDC", bed="301", at=hours(5)).values["movement_id"]
    adt.cancel_movement(clerk, wrong)
    adt.discharge(clerk, nda, destination="home", at=hours(20))
    mother = add_woman(clerk, birth_name="Mère", first_names="Jumelle", ins=NIA)
    mother_nda = adt.admit(clerk, mother, unit="SDN", bed="SN1", at=hours(1)).values["nda"]
    twins = [births.record_birth(midwife, mother_nda, sex=sex, weight_g=2500, at=hours(6 + i)).values["ipp"]
             for i, sex in enumerate(("F", "M"))]
    twice_here = add_woman(clerk, birth_name="Doublon", first_names="Léa", birth_date="1988-03-04")
    one.sync()
    elsewhere = two.session(Role.CLERK)
    twice_there = add_woman(elsewhere, birth_name="Doublon", first_names="Lea", birth_date="1988-03-04")
    adt.admit(elsewhere, twice_there, unit="SDC", bed="302", at=hours(2))
    two.sync()
    space = root / "workspace"
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, kit_path.with_name("ward.kit.itkey"), IT_PASSPHRASE)
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "ipp", [(None, moved, "4100001")], "typed")
    reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "nda", [(None, mother_nda, "5550001")], "typed")
    opened = workspaces.open_workspace(space, IT_PASSPHRASE)
    try:
        db = opened.store.db
        ids = dict(db.execute("SELECT ipp, id FROM patients").fetchall())
        with opened.store.write("informatique"):  # the merge, as IT's merge decision records it
            merges.record_merge(db, {"survivor_id": ids[twice_here], "merged_id": ids[twice_there], "score": 0.97,
                                     "reasons": ["same birth date"], "reason": "même personne", "merged_by": "informatique",
                                     "merged_at": "2027-01-15T09:00:00Z"})
        # A forged bundle could bring what the laptops refuse: a line break in a name.
        db.execute("UPDATE patients SET used_first_name = ? WHERE ipp = ?", ["Zoé\nDROP TABLE", mother])
        db.execute("UPDATE patients SET address = ? WHERE ipp = ?", ["12 rue\x07 des Lilas\x1b[2J", twice_here])
        db.conn.commit()
    finally:
        opened.store.close()
    return {"space": space, "root": root, "moved": moved, "mother": mother, "twins": twins, "survivor": ids[twice_here],
            "merged": ids[twice_there], "ids": ids, "nda": nda, "start": start,
            "mother_nda": mother_nda, "survivor_ipp": twice_here}


@pytest.fixture(scope="module")
def bundle(period):
    out = period["root"] / "out" / "period.json"
    result = reconcile_export.export(period["space"], IT_PASSPHRASE, "fhir", out)
    text = out.read_text(encoding="utf-8")
    return {"text": text, "json": json.loads(text), "result": result, "out": out}


def resources(bundle: dict, kind: str) -> list[dict]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def by_ipp(bundle: dict, ipp: str) -> dict:
    return next(p for p in resources(bundle, "Patient") if any(i["value"] == ipp for i in p["identifier"]))


def test_the_bundle_passes_every_independent_check(bundle):
    assert fhir_checks.problems(bundle["json"]) == []
    assert bundle["result"]["rows"] == {"patients": 6, "encounters": 5, "related_persons": 2, "merges": 1, "stays_without_patient": 0,
                                       "control_characters_replaced": 2}


def test_identities_carry_their_numbers_names_and_status(bundle, period):
    data = bundle["json"]
    moved = by_ipp(data, period["moved"])
    systems = {(i["system"], i["value"], i["use"]) for i in moved["identifier"]}
    assert ("urn:oid:1.2.250.1.999.1.1", "4100001", "usual") in systems  # the definitive IPP, the hospital's OID
    assert ("urn:oid:1.2.250.1.999.1.9", period["moved"], "secondary") in systems  # the downtime IPP kept as an alias
    assert ("urn:oid:1.2.250.1.213.1.4.8", NIR, "official") in systems
    [ins] = [i for i in moved["identifier"] if i["system"] == "urn:oid:1.2.250.1.213.1.4.8"]
    assert ins["type"]["coding"][0] == {"system": "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203", "code": "INS-NIR",
                                        "display": "NIR définitif"}
    unmapped = by_ipp(data, period["mother"])
    assert [(i["system"], i["use"], i["type"]["coding"][0]["code"]) for i in unmapped["identifier"]] == [
        ("urn:oid:1.2.250.1.999.1.9", "usual", "PI"), ("urn:oid:1.2.250.1.213.1.4.9", "temp", "INS-NIA")]
    official, usual = moved["name"]
    assert official["use"] == "official" and official["family"] == HOSTILE and official["given"] == ["Anne"]
    assert official["extension"][0]["valueString"] == "Anne Marie"
    assert usual == {"use": "usual", "family": "Durand-Kuhn", "given": ["Anne"]}
    reliability, born = moved["extension"]
    assert reliability["extension"][0]["valueCoding"]["code"] == "PROV"
    assert born["valueAddress"]["extension"][0]["valueCoding"]["code"] == "75056"
    assert [e["url"] for e in by_ipp(data, period["twins"][0])["extension"]] == [reliability["url"]]  # no birth place typed
    assert moved["gender"] == "female" and moved["birthDate"] == "1990-05-12"
    assert "<script>" in bundle["text"] and "Zoé\\nDROP TABLE" in bundle["text"]  # quoted by JSON, never cut
    assert by_ipp(data, period["mother"])["name"][1]["given"] == ["Zoé\nDROP TABLE"]
    assert by_ipp(data, period["survivor_ipp"])["address"] == [{"use": "home", "text": "12 rue\ufffd des Lilas\ufffd[2J"}]


def test_a_stay_is_an_encounter_with_where_she_was_and_not_the_cancelled_transfer(bundle, period):
    data = bundle["json"]
    patient_url = next(e["fullUrl"] for e in data["entry"] if e["resource"] is by_ipp(data, period["moved"]))
    [stay] = [e for e in resources(data, "Encounter") if e["subject"]["reference"] == patient_url]
    assert stay["status"] == "finished" and stay["class"]["code"] == "IMP"
    assert stay["identifier"][0]["value"] == period["nda"] and stay["identifier"][0]["use"] == "usual"
    places = [(place["location"]["display"], place["status"]) for place in stay["location"]]
    assert [p[1] for p in places] == ["completed", "completed"] and all(p[0].startswith("Grossesses") for p in places)
    assert [p[0].split(", ")[1] for p in places] == ["201", "202"]  # 301 was cancelled: never a place
    at = [{k: datetime.fromisoformat(v) for k, v in place["period"].items()} for place in stay["location"]]
    assert at[0] == {"start": period["start"], "end": period["start"] + timedelta(hours=3)}
    assert at[1] == {"start": period["start"] + timedelta(hours=3), "end": period["start"] + timedelta(hours=20)}
    assert stay["period"] == {"start": stay["location"][0]["period"]["start"], "end": stay["location"][1]["period"]["end"]}
    assert stay["hospitalization"]["dischargeDisposition"]["coding"][0]["code"] == "home"
    contained = {c["id"]: c for c in stay["contained"]}
    beds = [c for c in contained.values() if c["physicalType"]["coding"][0]["code"] == "bd"]
    assert all(b["partOf"]["reference"][1:] in contained for b in beds)


def test_twins_have_their_mother_as_related_person_and_their_rank(bundle, period):
    data = bundle["json"]
    urls = {e["fullUrl"]: e["resource"] for e in data["entry"]}
    mothers = resources(data, "RelatedPerson")
    assert len(mothers) == 2
    for related in mothers:
        assert related["relationship"][0]["coding"][0] == {"system": "http://terminology.hl7.org/CodeSystem/v3-RoleCode",
                                                           "code": "MTH", "display": "mother"}
        assert any(i["value"] == period["mother"] for i in related["identifier"])
        assert urls[related["patient"]["reference"]]["resourceType"] == "Patient"
    assert sorted(by_ipp(data, ipp)["multipleBirthInteger"] for ipp in period["twins"]) == [1, 2]
    mother = by_ipp(data, period["mother"])
    seealso = [link["other"]["reference"] for link in mother["link"] if link["type"] == "seealso"]
    assert sorted(seealso) == sorted(e["fullUrl"] for e in data["entry"] if e["resource"]["resourceType"] == "RelatedPerson")
    [mothers_stay] = [e for e in resources(data, "Encounter") if any(i["value"] == period["mother_nda"] for i in e["identifier"])]
    assert [(i["system"], i["value"], i["use"]) for i in mothers_stay["identifier"]] == [
        ("urn:oid:1.2.250.1.999.1.2", "5550001", "usual"), ("urn:oid:1.2.250.1.999.1.9", period["mother_nda"], "secondary")]
    in_progress = [e for e in resources(data, "Encounter") if e["status"] == "in-progress"]
    assert len(in_progress) == 4  # the mother and her two babies, still in, and the woman registered twice


def test_a_merge_is_a_pair_of_links_and_the_merged_record_is_inactive(bundle, period):
    data = bundle["json"]
    survivor_url, merged_url = full_url("Patient", period["survivor"]), full_url("Patient", period["merged"])
    entries = {e["fullUrl"]: e["resource"] for e in data["entry"]}
    assert entries[merged_url]["active"] is False
    assert entries[merged_url]["link"] == [{"other": {"reference": survivor_url}, "type": "replaced-by"}]
    assert entries[survivor_url]["active"] is True
    assert entries[survivor_url]["link"] == [{"other": {"reference": merged_url}, "type": "replaces"}]
    # her stay, registered on the other laptop, goes with the identity that survives (as HL7's A40 moves it)
    subjects = [e["subject"]["reference"] for e in resources(data, "Encounter")]
    assert survivor_url in subjects and merged_url not in subjects


def test_a_merge_undone_is_no_link_and_her_stay_is_hers_again(period, tmp_path):
    space = tmp_path / "copy"
    shutil.copytree(period["space"], space)
    opened = workspaces.open_workspace(space, IT_PASSPHRASE)
    try:
        [merge] = merges.active(opened.store.db)
        with opened.store.write("informatique"):
            assert merges.stamp_undone(opened.store.db, merge["id"], "informatique", "2027-01-15T10:00:00Z", "deux personnes")
    finally:
        opened.store.close()
    result = reconcile_export.export(space, IT_PASSPHRASE, "fhir", tmp_path / "undone.json")
    data = json.loads((tmp_path / "undone.json").read_text(encoding="utf-8"))
    assert result["rows"]["merges"] == 0 and fhir_checks.problems(data) == []
    merged_url = full_url("Patient", period["merged"])
    merged = next(e["resource"] for e in data["entry"] if e["fullUrl"] == merged_url)
    assert merged["active"] is True and "link" not in merged
    assert merged_url in [e["subject"]["reference"] for e in resources(data, "Encounter")]


def test_every_entry_is_a_conditional_create_on_its_own_numbers(bundle, period):
    for item in bundle["json"]["entry"]:
        request = item["request"]
        assert request["method"] == "POST" and request["url"] == item["resource"]["resourceType"]
        assert request["ifNoneExist"].startswith("identifier=")
    moved = next(e for e in bundle["json"]["entry"] if e["resource"] is by_ipp(bundle["json"], period["moved"]))
    # the definitive IPP OR the downtime one: a patient the main system knew, or a replay, is found
    assert moved["request"]["ifNoneExist"] == f"identifier=urn:oid:1.2.250.1.999.1.1|4100001,urn:oid:1.2.250.1.999.1.9|{period['moved']}"


def test_a_replay_creates_nothing_twice_and_a_patient_the_main_system_knew_is_found(bundle, period):
    known = {"resourceType": "Patient", "identifier": [{"system": "urn:oid:1.2.250.1.999.1.1", "value": "4100001"}]}
    server = {"Patient": [known]}  # the main system already had her under the IPP IT mapped
    created = fhir_checks.replay(server, bundle["json"])
    assert created == len(bundle["json"]["entry"]) - 1
    assert fhir_checks.replay(server, bundle["json"]) == 0  # the same bundle again: nothing new
    assert fhir_checks.replay(server, json.loads(bundle["out"].read_text(encoding="utf-8"))) == 0
    twins = copy.deepcopy(bundle["json"])  # had both RelatedPersons been found by the mother's IPP, a replay would be refused
    for related in (e for e in twins["entry"] if e["resource"]["resourceType"] == "RelatedPerson"):
        related["request"]["ifNoneExist"] = f"identifier=urn:oid:1.2.250.1.999.1.9|{period['mother']}"
    server = {}
    fhir_checks.replay(server, twins)
    with pytest.raises(fhir_checks.Conflict):
        fhir_checks.replay(server, twins)


def test_the_same_workspace_gives_the_same_bytes_and_a_folder_gets_bundle_json(bundle, period):
    folder = period["root"] / "again"
    folder.mkdir()
    result = reconcile_export.export(period["space"], IT_PASSPHRASE, "fhir", folder)
    assert (folder / "bundle.json").read_bytes() == bundle["out"].read_bytes()
    assert result["rows"] == bundle["result"]["rows"]
    assert json.dumps(json.loads(bundle["text"]), ensure_ascii=False, indent=1) + "\n" == bundle["text"]  # round-trips


# -- each check catches its fault -----------------------------------------------------------------

def _entry(data: dict, kind: str) -> dict:
    return next(e for e in data["entry"] if e["resource"]["resourceType"] == kind)


def _duplicate_full_url(data):
    data["entry"][1]["fullUrl"] = data["entry"][0]["fullUrl"]


def _dangling(data):
    _entry(data, "Encounter")["resource"]["subject"]["reference"] = "urn:uuid:00000000-0000-5000-8000-000000000000"


def _missing_request(data):
    del data["entry"][0]["request"]


def _bad_gender(data):
    _entry(data, "Patient")["resource"]["gender"] = "femme"


def _bad_status(data):
    _entry(data, "Encounter")["resource"]["status"] = "discharged"


def _bad_location_status(data):
    _entry(data, "Encounter")["resource"]["location"][0]["status"] = "cancelled"


def _bad_relationship(data):
    _entry(data, "RelatedPerson")["resource"]["relationship"][0]["coding"][0]["code"] = "MOTHER"


def _bad_link(data):
    next(e for e in data["entry"] if e["resource"].get("link"))["resource"]["link"][0]["type"] = "merged-into"


def _merged_still_active(data):
    next(e for e in data["entry"] if any(x["type"] == "replaced-by" for x in e["resource"].get("link", [])))["resource"]["active"] = True


def _no_if_none_exist(data):
    del data["entry"][2]["request"]["ifNoneExist"]


def _put(data):
    data["entry"][0]["request"]["method"] = "PUT"


def _batch_without_request(data):
    data["type"] = "collection"


def _bad_disposition(data):
    stay = next(e for e in data["entry"] if e["resource"].get("hospitalization"))
    stay["resource"]["hospitalization"]["dischargeDisposition"]["coding"][0]["code"] = "maison"


def _bad_system(data):
    _entry(data, "Patient")["resource"]["identifier"][0]["system"] = "1.2.250.1.999.1.1"


def _bad_contained(data):
    stay = next(e for e in data["entry"] if e["resource"].get("contained"))
    stay["resource"]["location"][0]["location"]["reference"] = "#nowhere"


def _bad_date(data):
    _entry(data, "Patient")["resource"]["birthDate"] = "12/05/1990"


def _empty_array(data):
    _entry(data, "Patient")["resource"]["telecom"] = []


def _search_on_another_number(data):
    _entry(data, "Encounter")["request"]["ifNoneExist"] = "identifier=urn:oid:1.2.250.1.999.1.9|123"


def _same_search_twice(data):
    first, second = [e for e in data["entry"] if e["resource"]["resourceType"] == "RelatedPerson"]
    second["resource"]["identifier"] = first["resource"]["identifier"]
    second["request"]["ifNoneExist"] = first["request"]["ifNoneExist"]


def _bad_identifier_use(data):
    _entry(data, "Patient")["resource"]["identifier"][0]["use"] = "downtime"


def _a_batch(data):
    data["type"] = "batch"


def _contained_unreferenced(data):
    stay = next(e for e in data["entry"] if e["resource"].get("contained"))
    stay["resource"]["contained"].append({"resourceType": "Location", "id": "orphan", "name": "nowhere"})


def _control_character(data):
    _entry(data, "Patient")["resource"]["name"][0]["family"] = "Bell\x07"


def _not_a_uuid(data):
    data["entry"][0]["fullUrl"] = "Patient/1"


FAULTS = [
    (_duplicate_full_url, "bdl-7"), (_dangling, "references-resolve"), (_missing_request, "bdl-3"), (_bad_gender, "gender"),
    (_bad_status, "encounter-status"), (_bad_location_status, "encounter-location-status"), (_bad_relationship, "relationship-mother"),
    (_bad_link, "link-type"), (_merged_still_active, "merged-inactive"), (_no_if_none_exist, "if-none-exist"), (_put, "post-only"),
    (_batch_without_request, "bdl-3"), (_bad_disposition, "discharge-disposition"), (_bad_system, "identifier-systems"),
    (_bad_contained, "contained-references"), (_bad_date, "r4b-model"), (_not_a_uuid, "fullurl-is-urn-uuid"),
    (_empty_array, "json-no-empty"), (_search_on_another_number, "if-none-exist-own-identifier"),
    (_same_search_twice, "if-none-exist-distinct"), (_bad_identifier_use, "identifier-use"), (_a_batch, "transaction"),
    (_contained_unreferenced, "dom-3"), (_control_character, "fhir-string-chars"),
]


@pytest.mark.parametrize("fault, check", FAULTS, ids=[f.__name__.strip("_") for f, _ in FAULTS])
def test_each_check_catches_its_fault(bundle, fault, check):
    broken = copy.deepcopy(bundle["json"])
    fault(broken)
    assert check in fhir_checks.problems(broken)


def test_every_check_is_shown_catching_a_fault():
    named = set(fhir_checks.INVARIANTS) | set(fhir_checks.PER_RESOURCE) | {
        "r4b-model", "json-no-empty", "fhir-string-chars", "if-none-exist-own-identifier", "if-none-exist-distinct"}
    assert named == {check for _, check in FAULTS}


def test_the_r4b_model_refuses_what_r4_does_not_know():
    assert fhir_checks.model_error({"resourceType": "Bundle", "type": "transaction", "entry": [{"request": {"url": "Patient"}}]})
    assert fhir_checks.model_error({"resourceType": "Bundle", "type": "transaction"}) is None


# -- through the service and the command line ----------------------------------------------------

def test_the_fhir_export_is_refused_while_something_blocks_it(tmp_path, built_kit, it_keys):
    from continuity.core.errors import DomainError

    kit_path = tmp_path / "it" / "ward.kit"
    kit.write_kit(built_kit, it_keys, kit_path, KIT_PASSPHRASE, IT_PASSPHRASE)
    one, = make_laptops(tmp_path, built_kit, 1)
    add_woman(one.session(Role.CLERK), birth_name="Premiere")
    one.sync()
    add_woman(one.session(Role.CLERK), birth_name="Seconde")
    one.sync()
    (one.subfolder / "00000001.cbundle").rename(tmp_path / "lost.cbundle")
    space = tmp_path / "workspace"
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, kit_path.with_name("ward.kit.itkey"), IT_PASSPHRASE)
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    out = tmp_path / "bundle.json"
    with pytest.raises(DomainError, match="refused while something blocks it"):
        reconcile_export.export(space, IT_PASSPHRASE, "fhir", out)
    assert not out.exists()
    forced = reconcile_export.export(space, IT_PASSPHRASE, "fhir", out, force=True, reason="le paquet 1 est perdu")
    # Bundle 2 waits behind the lost bundle 1, as on a laptop: nothing of that laptop yet, and still a sound bundle.
    assert forced["forced"] and forced["rows"]["patients"] == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert "entry" not in written and fhir_checks.problems(written) == []


def test_the_command_line_writes_the_bundle(period):
    out = period["root"] / "cli" / "bundle.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTINUITY_")}
    env.update({"CONTINUITY_IT_PASSPHRASE": IT_PASSPHRASE, "CONTINUITY_LANG": "en"})
    done = subprocess.run([sys.executable, "-m", "continuity", "reconcile", "export", str(period["space"]), "fhir", "--out", str(out),
                           "--json"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["rows"]["encounters"] == 5
    assert fhir_checks.problems(json.loads(out.read_text(encoding="utf-8"))) == []


def test_the_writer_is_pure_over_the_database(period):
    """build() reads only: two builds over one open workspace are equal (nothing stamped in between)."""
    opened = workspaces.open_workspace(period["space"], IT_PASSPHRASE)
    try:
        first, _ = fhir_export.build(opened.store.db)
        second, _ = fhir_export.build(opened.store.db)
    finally:
        opened.store.close()
    assert first == second


def test_a_leave_keeps_the_bed_reserved_and_a_stay_with_only_cancelled_movements_is_cancelled():
    """From plain rows, no database: the Encounter builder alone."""
    from continuity.interop.authorities import Authorities
    from continuity.interop.fhir_encounters import encounter

    def move(n, kind, at, unit=None, bed=None, cancelled=0, destination=None):
        return {"id": f"m{n}", "stay_id": "s", "kind": kind, "at": at, "hlc": n, "unit": unit, "bed_id": bed, "cancelled": cancelled,
                "destination": destination}

    stay = {"id": "s", "downtime_nda": "700000009", "definitive_nda": "5550001"}
    units = {"GHR": {"code": "GHR", "name": "Grossesses pathologiques", "uf": "4103"}}
    moves = [move(1, "admission", "2027-01-10T08:00:00Z", "GHR", "GHR-201"), move(2, "leave", "2027-01-10T12:00:00Z"),
             move(3, "return", "2027-01-10T18:00:00Z"), move(4, "transfer", "2027-01-11T09:00:00Z", "GHR", "GHR-202", cancelled=1)]
    built = encounter(stay, moves, "urn:uuid:p", Authorities(finess="750000001"), units, {})
    assert built["status"] == "in-progress" and "end" not in built["period"]
    assert [(p["status"], p["period"]) for p in built["location"]] == [
        ("completed", {"start": "2027-01-10T08:00:00Z", "end": "2027-01-10T12:00:00Z"}),
        ("completed", {"start": "2027-01-10T12:00:00Z", "end": "2027-01-10T18:00:00Z"}),
        ("active", {"start": "2027-01-10T18:00:00Z"})]
    assert {p["location"]["reference"] for p in built["location"]} == {built["location"][0]["location"]["reference"]}
    assert [i["system"] for i in built["identifier"]] == ["urn:oid:1.2.250.1.999.1.2", "urn:oid:1.2.250.1.999.1.9"]
    assert built["serviceProvider"]["identifier"]["value"] == "1750000001"

    on_leave = encounter(stay, moves[:2], "urn:uuid:p", Authorities(), units, {})
    assert on_leave["status"] == "onleave" and [p["status"] for p in on_leave["location"]] == ["completed", "reserved"]

    never = encounter(stay, [move(1, "admission", "2027-01-10T08:00:00Z", "GHR", "GHR-201", cancelled=1)], "urn:uuid:p",
                      Authorities(), units, {})
    assert never["status"] == "cancelled" and "location" not in never and "contained" not in never
    transferred = encounter(stay, [move(1, "admission", "2027-01-10T08:00:00Z", "GHR", None),
                                   move(2, "discharge", "2027-01-12T08:00:00Z", destination="Clinique des Lilas")],
                            "urn:uuid:p", Authorities(), units, {})
    assert transferred["hospitalization"]["dischargeDisposition"] == {
        "coding": [{"system": "http://terminology.hl7.org/CodeSystem/discharge-disposition", "code": "oth", "display": "Other"}],
        "text": "Clinique des Lilas"}
