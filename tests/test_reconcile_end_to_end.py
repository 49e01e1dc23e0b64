"""IT's reconciliation from end to end: four laptops of one kit work apart with overlapping patients
(the same woman registered on two laptops with a typo, concurrent edits, a bundle lost on the share
that arrives late on a stick, a cancelled transfer, twins); IT gathers them, decides, merges, maps
the numbers, signs the period off with two people and exports it; each export is checked by
libraries that owe nothing to our writers (hl7apy, python-hl7, the PAM FR rules, fhir.resources R4B
and FHIRPath, the csv module)."""

from __future__ import annotations

import copy
import csv
import json
import shutil
from datetime import datetime, timedelta, timezone

import hl7
import pytest
from hl7apy.consts import VALIDATION_LEVEL
from hl7apy.parser import parse_message

from continuity.core.errors import DomainError
from continuity.core.permissions import Role
from continuity.services import adt, births, identity, kit, reconcile, reconcile_export, reconcile_numbers
from continuity.services import reconcile_identities as identities
from continuity.services import reconcile_report
from tests import fhir_checks, pam_fr_rules
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops

KIT_PASSPHRASE = "quatre chevaux galopent dans la brume"
IT_PASSPHRASE = "le serveur ronronne sous la pluie fine"


def _trigger(text: str) -> str:
    return text.split("\r")[0].split("|")[8].split("^")[1]


@pytest.mark.slow
def test_four_laptops_apart_are_reconciled_decided_signed_off_and_exported(tmp_path, kit_and_it_keys):
    built_kit, it_keys = kit_and_it_keys
    kit_path = tmp_path / "it" / "ward.kit"
    kit.write_kit(copy.deepcopy(built_kit), it_keys, kit_path, KIT_PASSPHRASE, IT_PASSPHRASE)
    one, two, three, four = make_laptops(tmp_path, built_kit, 4)
    start = datetime.now(timezone.utc).replace(microsecond=0, second=0) - timedelta(hours=30)

    def at(hours: float) -> datetime:
        return start + timedelta(hours=hours)

    # Before the laptops part: one woman known to all.
    known = add_woman(one.session(Role.CLERK), birth_name="Bernard", first_names="Camille", birth_date="1987-10-05")
    for laptop in (one, two, three, four, one, two, three, four):
        laptop.sync()

    # Apart. The same woman on laptop-1 and laptop-2, once with a typo.
    sophie = add_woman(one.session(Role.CLERK), birth_name="Marchand", first_names="Sophie", birth_date="1990-02-11")
    adt.admit(one.session(), sophie, unit="SDN", bed="SN1", at=at(1))
    typo = add_woman(two.session(Role.CLERK), birth_name="Marchan", first_names="Sophie", birth_date="1990-02-11")
    adt.admit(two.session(), typo, unit="GHR", bed="201", at=at(2))
    # Concurrent edits of the woman they all knew.
    identity.update_patient(one.session(Role.CLERK), known, phone="0601020304")
    identity.update_patient(two.session(Role.CLERK), known, phone="0611223344")
    # Laptop-3: a transfer typed by mistake and cancelled, then the right one, then the discharge,
    # over three bundles; the second one never reaches the share (it is on a stick).
    emma = add_woman(three.session(Role.CLERK), birth_name="Petit", first_names="Emma", birth_date="1995-06-30")
    emma_stay = adt.admit(three.session(), emma, unit="GHR", bed="202", at=at(3)).values["nda"]
    three.sync()
    wrong = adt.transfer(three.session(), emma_stay, unit="SDC", bed="301", at=at(5)).values["movement_id"]
    adt.cancel_movement(three.session(), wrong)
    adt.transfer(three.session(), emma_stay, unit="SDC", bed="302", at=at(6))
    three.sync()
    adt.discharge(three.session(), emma_stay, at=at(20))
    three.sync()
    # Laptop-4: twins.
    mother = add_woman(four.session(Role.CLERK), birth_name="Roux", first_names="Chloé", birth_date="1992-01-17")
    mother_stay = adt.admit(four.session(), mother, unit="SDN", bed="SN2", at=at(4)).values["nda"]
    twins = [births.record_birth(four.session(), mother_stay, sex=sex, weight_g=2500, at=at(8 + i / 6)).values["ipp"]
             for i, sex in enumerate(("F", "F"))]
    for laptop in (one, two, four):
        laptop.sync()
    stick = tmp_path / "stick" / three.subfolder.name
    stick.mkdir(parents=True)
    lost = sorted(three.subfolder.glob("*.cbundle"))[-2]  # the cancelled transfer's: a later one did arrive
    number = int(lost.stem)
    shutil.move(lost, stick / lost.name)

    # IT: the workspace, the share first.
    space = tmp_path / "workspace"
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, kit_path.with_name("ward.kit.itkey"), IT_PASSPHRASE)
    first = reconcile.add(space, IT_PASSPHRASE, [one.engine.root])
    assert {"laptop": "laptop-3", "kind": "gap", "bundles": [number, number]} in first["status"]["blocking"]
    with pytest.raises(DomainError, match="blocks it"):
        reconcile_export.export(space, IT_PASSPHRASE, "hl7", tmp_path / "refused")
    assert not (tmp_path / "refused").exists()
    # The stick arrives: the lost bundle is applied in its place, nothing blocks.
    second = reconcile.add(space, IT_PASSPHRASE, [tmp_path / "stick"])
    status = second["status"]
    assert status["blocking"] == [] and not {"laptop-1", "laptop-2", "laptop-3", "laptop-4"} & set(status["never_heard_from"])
    assert status["counts"]["patients"] == 7 and status["duplicates"] == 1 and status["conflicts"] >= 1

    # Conflicts: IT keeps laptop-2's phone where laptop-1's was in force, or the other way round.
    conflicts = reconcile.conflicts(space, IT_PASSPHRASE)
    phone = next(c for c in conflicts if c["field"] == "phone")
    reconcile.decide(space, IT_PASSPHRASE, phone["id"], "loser")
    assert not any(c["field"] == "phone" for c in reconcile.conflicts(space, IT_PASSPHRASE))

    # The duplicate: found across laptop-1 and laptop-2, merged into laptop-1's record.
    pair = identities.duplicates(space, IT_PASSPHRASE)[0]
    assert {pair["one"]["ipp"], pair["other"]["ipp"]} == {sophie, typo}
    merged = identities.merge(space, IT_PASSPHRASE, sophie, typo, "Même femme : nom mal saisi sur laptop-2")
    problems = reconcile.problems(space, IT_PASSPHRASE)
    assert problems["impossible_timelines"] == []

    # The numbers: the main system's CSV maps every IPP; the NDAs are typed, one left unmapped.
    rows = [("ipp_provisoire", "ipp_definitif")]
    ipps = [known, sophie, typo, emma, mother, *twins]
    rows += [(ipp, f"41{index:05d}") for index, ipp in enumerate(ipps, start=1)]
    mapping = tmp_path / "sih-ipp.csv"
    with open(mapping, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    read, _columns = reconcile_numbers.read_csv(mapping, None, None)
    assert reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "ipp", read, "csv:sih-ipp.csv")["refused"] == []
    reconcile_numbers.map_numbers(space, IT_PASSPHRASE, "nda", [(None, emma_stay, "52000001")], "typed")
    status = reconcile.status(space, IT_PASSPHRASE)
    assert status["unmapped"]["ipp"] == 0 and status["unmapped"]["nda"] == status["counts"]["stays"] - 1

    # Two people sign the period off.
    identities.sign_period(space, IT_PASSPHRASE, "prepared", "Paul Girard")
    identities.sign_period(space, IT_PASSPHRASE, "approved", "Claire Fontaine")

    # HL7 PAM FR: checked by hl7apy (strict v2.5), python-hl7 and the PAM FR rule table.
    out = tmp_path / "hl7"
    written = reconcile_export.export(space, IT_PASSPHRASE, "hl7", out)
    texts = [path.read_bytes().decode("utf-8") for path in sorted(out.iterdir())]
    assert written["rows"]["messages"] == len(texts)
    assert pam_fr_rules.check(texts) == []
    for text in texts:
        assert parse_message(text, validation_level=VALIDATION_LEVEL.STRICT).validate()
        assert str(hl7.parse(text)) == text
    triggers = [_trigger(t) for t in texts]
    assert triggers.count("A28") == 7 and triggers.count("A40") == 1 and triggers.count("A12") == 1
    assert triggers.count("A01") >= 3 and "A03" in triggers
    a40 = hl7.parse(texts[triggers.index("A40")])
    assert "41" in str(a40.segment("PID")[3]) and typo in str(a40.segment("MRG")[1])  # the survivor, and the alias
    identities_sent = [hl7.parse(t) for t in texts if _trigger(t) == "A28"]
    twin_messages = [m for m in identities_sent if any(ipp in str(m.segment("PID")[3]) for ipp in twins)]
    assert len(twin_messages) == 2 and all(mother in str(m.segment("PID")[21]) for m in twin_messages)

    # FHIR R4: one transaction Bundle, valid for fhir.resources R4B and the FHIRPath invariants.
    bundle_path = tmp_path / "periode.json"
    reconcile_export.export(space, IT_PASSPHRASE, "fhir", bundle_path)
    bundle = json.loads(bundle_path.read_text(encoding="utf-8"))
    assert fhir_checks.problems(bundle) == []
    resources = [entry["resource"] for entry in bundle["entry"]]
    replaced = [r for r in resources if r["resourceType"] == "Patient" and any(link["type"] == "replaced-by" for link in r.get("link", []))]
    assert len(replaced) == 1 and replaced[0]["active"] is False
    assert sum(1 for r in resources if r["resourceType"] == "RelatedPerson") == 2
    server: dict = {}
    created = fhir_checks.replay(server, bundle)
    assert created > 0 and fhir_checks.replay(server, bundle) == 0  # and nothing twice

    # CSV: read back by the csv module, the same counts as the workspace.
    csv_out = tmp_path / "csv"
    counts = reconcile_export.export(space, IT_PASSPHRASE, "csv", csv_out)["rows"]
    for table in ("patients", "stays", "movements", "births"):
        with open(csv_out / f"{table}.csv", encoding="utf-8-sig", newline="") as handle:
            assert len(list(csv.DictReader(handle, delimiter=";"))) == counts[table] == status["counts"][table]

    # The report; the exports changed nothing the sign-off covers.
    report = reconcile_report.report(space, IT_PASSPHRASE, tmp_path / "periode.pdf")
    assert (tmp_path / "periode.pdf").read_bytes().startswith(b"%PDF") and report["problems"]["impossible_timelines"] == []
    reconcile_report.report(space, IT_PASSPHRASE, tmp_path / "periode.html")
    html = (tmp_path / "periode.html").read_text(encoding="utf-8")
    assert "<svg" in html and "Même femme : nom mal saisi sur laptop-2" in html and "Claire Fontaine" in html
    final = reconcile.status(space, IT_PASSPHRASE)
    assert final["period"]["signed_off"] and final["merges"] == 1 and merged["aliases"] == [typo]
