"""A stay as a FHIR R4 Encounter, from plain rows: its status and period as its live movements say
(replayed by the same rules as on the laptops), where she was in turn, how she left.

Choices, with their reasons:
- Units and beds are **contained** Locations (a bed ``partOf`` its unit), not resources of their
  own: the main system already has its units and beds, under identifiers this product does not
  know, and a conditional create on ours would add a second ward beside the real one. Contained,
  they describe where she was (name, UF, room and bed) without creating anything.
- A **cancelled movement is not a location**: ``Encounter.location`` is where the patient was, and
  a cancelled transfer never happened. The movement itself is kept in the workspace, the CSV and
  the HL7 export (A12), which are the history of what was typed.
- A leave keeps the bed: the place stays in the list as ``reserved`` for the time of the leave.
- A newborn's Encounter is not ``partOf`` her mother's: ``partOf`` ties parts of one patient's
  encounter, and a newborn is admitted under her own NDA. The link is the RelatedPerson (MTH).
"""

from __future__ import annotations

import uuid

from continuity.core.adt import Movement, MovementKind, StayStatus, replay
from continuity.core.times import from_storage
from continuity.interop.fhir_resources import NAMESPACE, number_identifiers, reference

ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type"
DISPOSITION = "http://terminology.hl7.org/CodeSystem/discharge-disposition"
STATUSES = {StayStatus.ACTIVE: "in-progress", StayStatus.ON_LEAVE: "onleave", StayStatus.DISCHARGED: "finished",
            StayStatus.CANCELLED: "cancelled"}
# What the discharge dialog offers; anything typed (another hospital's name) is "other" with its text.
DISPOSITIONS = {"home": ("home", "Home"), "transfer-out": ("other-hcf", "Other healthcare facility"), "deceased": ("exp", "Expired")}
_WARD = {"system": PHYSICAL_TYPE, "code": "wa", "display": "Ward"}
_BED = {"system": PHYSICAL_TYPE, "code": "bd", "display": "Bed"}


def _local_id(kind: str, key: str) -> str:
    """A contained resource's id (letters, digits and dashes only, whatever the bed's id holds)."""
    return f"{kind}-{uuid.uuid5(NAMESPACE, f'{kind}/{key}').hex[:16]}"


def _places(live: list[dict], discharged: bool) -> list[dict]:
    """Where she was in turn: (unit, bed, start, end, status), from her live movements in clinical order."""
    places: list[dict] = []
    current: dict | None = None

    def close(at: str) -> None:
        if current is not None:
            current["end"], current["status"] = at, "completed"

    for move in live:
        if move["kind"] in (MovementKind.ADMISSION, MovementKind.TRANSFER):
            close(move["at"])
            unit = move["unit"] or (current["unit"] if current else None)
            current = {"unit": unit, "bed": move["bed_id"], "start": move["at"], "end": None, "status": "active"}
            places.append(current)
        elif move["kind"] in (MovementKind.LEAVE, MovementKind.RETURN) and current is not None:
            close(move["at"])
            held = "reserved" if move["kind"] == MovementKind.LEAVE else "active"
            current = {"unit": current["unit"], "bed": current["bed"], "start": move["at"], "end": None, "status": held}
            places.append(current)
        elif move["kind"] == MovementKind.DISCHARGE:
            close(move["at"])
    if discharged and current is not None:
        current["status"] = "completed"
    return places


def _locations(places: list[dict], units: dict[str, dict], beds: dict[str, dict]) -> tuple[list[dict], list[dict]]:
    """The contained Locations (each unit and bed once) and the Encounter's location list."""
    contained: dict[str, dict] = {}
    history = []
    for place in places:
        unit = units.get(place["unit"] or "", {"code": place["unit"] or "?", "name": place["unit"] or "?", "uf": None})
        unit_id = _local_id("unit", unit["code"])
        if unit_id not in contained:
            contained[unit_id] = {"resourceType": "Location", "id": unit_id, "status": "active", "name": unit["name"],
                                  "alias": [unit["code"]], "mode": "instance", "physicalType": {"coding": [_WARD]},
                                  **({"identifier": [{"value": unit["uf"]}]} if unit.get("uf") else {})}
        target, kind, display = unit_id, _WARD, unit["name"]
        if place["bed"]:
            bed = beds.get(place["bed"], {"code": place["bed"], "room": None})
            target, kind = _local_id("bed", place["bed"]), _BED
            display = f"{unit['name']}, {bed['code']}"
            if target not in contained:
                contained[target] = {"resourceType": "Location", "id": target, "status": "active", "name": bed["code"],
                                     "mode": "instance", "physicalType": {"coding": [_BED]}, "partOf": reference(f"#{unit_id}")}
        period = {"start": place["start"], **({"end": place["end"]} if place["end"] else {})}
        history.append({"location": reference(f"#{target}", display), "status": place["status"], "physicalType": {"coding": [kind]},
                        "period": period})
    return list(contained.values()), history


def _state(live: list[dict]):
    return replay([Movement(id=m["id"], kind=m["kind"], at=from_storage(m["at"]), hlc=m["hlc"] or 0, unit=m["unit"],
                            bed_id=m["bed_id"]) for m in live])


def encounter(stay: dict, moves: list[dict], subject_url: str, authorities, units: dict[str, dict], beds: dict[str, dict]) -> dict:
    """The Encounter of one stay; ``moves`` are all its movements (cancelled ones included) in clinical order."""
    live = [m for m in moves if not m["cancelled"]]
    state = _state(live)
    places = _places(live, state.status == StayStatus.DISCHARGED)
    contained, history = _locations(places, units, beds)
    resource: dict = {"resourceType": "Encounter"}
    if contained:
        resource["contained"] = contained
    resource["identifier"] = number_identifiers(stay["downtime_nda"], stay.get("definitive_nda"), authorities.nda_oid,
                                                authorities.downtime_oid, "VN", "Visit number")
    resource["status"] = STATUSES[state.status]
    resource["class"] = {"system": ACT_CODE, "code": "IMP", "display": "inpatient encounter"}
    resource["subject"] = reference(subject_url)
    admission = next((m for m in live if m["kind"] == MovementKind.ADMISSION), None) or (moves[0] if moves else None)
    if admission is not None:
        resource["period"] = {"start": admission["at"]}
        leaving = next((m for m in reversed(live) if m["kind"] == MovementKind.DISCHARGE), None)
        if state.status == StayStatus.DISCHARGED and leaving is not None:
            resource["period"]["end"] = leaving["at"]
            resource["hospitalization"] = {"dischargeDisposition": disposition(leaving["destination"])}
    if history:
        resource["location"] = history
    if authorities.finess:
        # The establishment by its national identifier (ANS structures: 1 followed by the FINESS).
        resource["serviceProvider"] = {"identifier": {"system": "urn:oid:1.2.250.1.71.4.2.2", "value": f"1{authorities.finess}"}}
    return resource


def disposition(destination: str | None) -> dict:
    code, display = DISPOSITIONS.get(destination or "home", ("oth", "Other"))
    concept = {"coding": [{"system": DISPOSITION, "code": code, "display": display}]}
    if destination and destination not in DISPOSITIONS:
        concept["text"] = destination
    return concept
