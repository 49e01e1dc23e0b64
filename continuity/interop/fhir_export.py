"""The period's data as one FHIR R4 transaction Bundle (issue 14): every patient, the mother of each
newborn as a RelatedPerson, every stay as an Encounter with where she was, merges as Patient links.

The bundle holds no time of its own and every entry's URN comes from its record's id: two exports of
the same workspace are the same bytes, and a replay into the main system creates nothing twice
(conditional creates, see fhir_resources)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from continuity.core.errors import DomainError
from continuity.interop import authorities as hospital
from continuity.interop import export_files
from continuity.interop.fhir_encounters import encounter
from continuity.interop.fhir_resources import entry, full_url, ipp_identifiers, link, mother, own_key, patient
from continuity.store import fhir_rows, merges


# FHIR strings hold no character below U+0020 but tab, CR and LF. The laptops refuse them; a forged
# bundle may still have brought one: it becomes U+FFFD (the rest of the name stays readable), counted.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def fhir_strings(value, replaced: list[int]):
    if isinstance(value, str):
        cleaned, count = _CONTROL.subn("\ufffd", value)
        replaced[0] += count
        return cleaned
    if isinstance(value, dict):
        return {key: fhir_strings(item, replaced) for key, item in value.items()}
    if isinstance(value, list):
        return [fhir_strings(item, replaced) for item in value]
    return value


def write(db, out: Path, options: dict) -> dict:
    """The bundle at ``out`` (a ``bundle.json`` inside it when ``out`` is a folder); what it holds, counted."""
    bundle, counts = build(db)
    replaced = [0]
    bundle = fhir_strings(bundle, replaced)
    counts["control_characters_replaced"] = replaced[0]
    path = out / "bundle.json" if out.is_dir() else out
    if path != out and path.exists():  # a folder given: never over a file of that name we did not write
        raise DomainError("{path} already exists: give a new file name, or a folder without it.", field="out", path=str(path))
    export_files.write_whole(path, (json.dumps(bundle, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    return counts


def build(db) -> tuple[dict, dict]:
    authorities = hospital.load(db)
    patients = {row["id"]: row for row in fhir_rows.patients(db)}
    survivor = merges.survivors(db)

    def kept(patient_id: str | None) -> str | None:
        """A merged patient's stays and children go to the identity that survives her (as HL7's A40 moves them)."""
        return survivor.get(patient_id, patient_id) if patient_id else None

    links: dict[str, list[dict]] = defaultdict(list)
    merged = 0
    for merge in merges.active(db):
        if merge["survivor_id"] in patients and merge["merged_id"] in patients:
            links[merge["merged_id"]].append(link(full_url("Patient", merge["survivor_id"]), "replaced-by"))
            links[merge["survivor_id"]].append(link(full_url("Patient", merge["merged_id"]), "replaces"))
            merged += 1

    births = [b for b in fhir_rows.births(db) if b["status"] == "recorded"]
    siblings = Counter(b["mother_stay_id"] for b in births)
    related, multiple = [], {}
    for birth in births:
        baby, mum = kept(birth["newborn_patient_id"]), kept(birth["mother_patient_id"])
        if baby not in patients or mum not in patients:
            continue
        url = full_url("RelatedPerson", birth["id"])
        resource = mother(patients[mum], url, full_url("Patient", baby), authorities)
        related.append(entry(url, resource, [own_key(url)]))
        links[mum].append(link(url, "seealso"))
        if siblings[birth["mother_stay_id"]] > 1 and birth["birth_order"]:
            multiple[baby] = birth["birth_order"]

    entries = []
    for patient_id, row in patients.items():
        url = full_url("Patient", patient_id)
        resource = patient(row, authorities, links=links.get(patient_id), multiple_birth=multiple.get(patient_id))
        entries.append(entry(url, resource, ipp_identifiers(row, authorities)))
    entries += related

    moves: dict[str, list[dict]] = defaultdict(list)
    for move in fhir_rows.movements(db):
        moves[move["stay_id"]].append(move)
    units = {u["code"]: u for u in fhir_rows.units(db)}
    beds = {b["id"]: b for b in fhir_rows.beds(db)}
    encounters = skipped = 0
    for stay in fhir_rows.stays(db):
        subject = kept(stay["patient_id"])
        if subject not in patients:  # her identity never reached the workspace (a laptop never heard from)
            skipped += 1
            continue
        url = full_url("Encounter", stay["id"])
        resource = encounter(stay, moves.get(stay["id"], []), full_url("Patient", subject), authorities, units, beds)
        entries.append(entry(url, resource, resource["identifier"]))
        encounters += 1

    bundle = {"resourceType": "Bundle", "type": "transaction", **({"entry": entries} if entries else {})}  # JSON FHIR has no empty arrays
    return bundle, {"patients": len(patients), "encounters": encounters, "related_persons": len(related), "merges": merged,
                    "stays_without_patient": skipped}
