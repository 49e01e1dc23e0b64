"""FHIR R4 resources from plain rows, with no storage: the Patient (French FR Core shapes where they
apply), the mother of a newborn as a RelatedPerson, and the bundle's entries as conditional creates.

Choices, with their reasons:
- Every record's ``fullUrl`` is ``urn:uuid:`` + a UUID 5 of its kind and id: the same workspace
  gives the same bundle, byte for byte, and references between entries are by that URN.
- Every entry is a ``POST`` with ``ifNoneExist`` on the record's own identifiers joined by a comma
  (FHIR search's OR): a replay matches what the first run created (the downtime number is always
  carried), and a patient the main system already knew under the definitive IPP IT mapped is
  matched too, so nothing is created twice. A survivor of a merge does not carry the merged record's
  IPP: it would make that IPP match two patients on a replay, and the server refuse the whole
  transaction (412); the ``replaces`` link says it instead.
- The INS goes with the FR Core identifier types and systems (INS-NIR ``1.2.250.1.213.1.4.8``,
  INS-NIA ``1.2.250.1.213.1.4.9``; ``.10`` is the INS-NIR of test patients). Every identity made in
  downtime is provisional (PROV): the resources claim FR Core Patient, never FR Core Patient INS,
  which needs a qualified identity; the main system qualifies it through INSi.
"""

from __future__ import annotations

import json
import uuid
from urllib.parse import quote

# Fixed for ever: changing it would give every record a new fullUrl.
NAMESPACE = uuid.UUID("4f1c6a0e-3b8e-5d0c-9a51-0c0a7e2d1f14")

V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
FR_V2_0203 = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203"
FR_PATIENT = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient"
FR_RELIABILITY = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability"
FR_RELIABILITY_CODES = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445"
FR_BIRTH_GIVEN_NAMES = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-birth-list-given-name"
BIRTH_PLACE = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace"
FR_INSEE_CODE = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code"
COMMUNES = "https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM"
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
URI_SYSTEM = "urn:ietf:rfc:3986"
INS_SYSTEMS = {"NIR": ("urn:oid:1.2.250.1.213.1.4.8", "INS-NIR", "NIR définitif", "official"),
               "NIA": ("urn:oid:1.2.250.1.213.1.4.9", "INS-NIA", "NIR temporaire", "temp")}
GENDERS = {"F": "female", "M": "male", "U": "unknown"}
# The RNIV's four statuses of trust (FR Core identity reliability): a stored status outside them is not sent.
RELIABILITY = {"PROV": "Identité provisoire", "VALI": "Identité validée", "RECUP": "Identité récupérée",
               "QUAL": "Identité qualifiée"}


def full_url(kind: str, record_id: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, f'{kind}/{record_id}')}"


def reference(url: str, display: str | None = None) -> dict:
    return {"reference": url, **({"display": display} if display else {})}


def oid(value: str) -> str:
    return f"urn:oid:{value}"


def identifier(system: str, value: str, use: str, code: str, display: str, code_system: str = V2_0203) -> dict:
    return {"use": use, "type": {"coding": [{"system": code_system, "code": code, "display": display}]}, "system": system,
            "value": value}


def number_identifiers(downtime: str | None, definitive: str | None, definitive_oid: str, downtime_oid: str, code: str,
                       display: str) -> list[dict]:
    """The definitive number (the main system's authority) first when IT mapped it; the downtime
    number always, under the product's own authority: usual while it is the only one, then secondary."""
    found = []
    if definitive:
        found.append(identifier(oid(definitive_oid), definitive, "usual", code, display))
    if downtime:
        found.append(identifier(oid(downtime_oid), downtime, "secondary" if definitive else "usual", code, display))
    return found


def if_none_exist(identifiers: list[dict]) -> str:
    """``identifier=system|value,system|value``: any of them found means the record is already there."""
    tokens = [f"{i['system']}|{i['value']}" for i in identifiers]
    return "identifier=" + ",".join(quote(t, safe=":/.|-") for t in tokens)


def entry(url: str, resource: dict, keys: list[dict]) -> dict:
    return {"fullUrl": url, "resource": resource,
            "request": {"method": "POST", "url": resource["resourceType"], "ifNoneExist": if_none_exist(keys)}}


def _first_names(row: dict) -> list[str]:
    value = row.get("first_names")
    names = json.loads(value) if isinstance(value, str) and value.startswith("[") else ([value] if value else [])
    return [str(n) for n in names if n]


def names(row: dict) -> list[dict]:
    """The birth name as ``official`` (its first first name in ``given``, all of them in FR Core's
    birth-list extension, as the RNIV keeps the first one apart); the used name as ``usual`` when
    there is one."""
    firsts = _first_names(row)
    official = {"use": "official", "family": row["birth_name"]}
    if firsts:
        official["given"] = firsts[:1]
        official["extension"] = [{"url": FR_BIRTH_GIVEN_NAMES, "valueString": " ".join(firsts)}]
    found = [official]
    if row.get("used_name") or row.get("used_first_name"):
        usual = {"use": "usual", "family": row.get("used_name") or row["birth_name"]}
        given = row.get("used_first_name") or (firsts[0] if firsts else None)
        if given:
            usual["given"] = [given]
        found.append(usual)
    return found


def ipp_identifiers(row: dict, authorities) -> list[dict]:
    """Her IPPs: what a conditional create finds her by (never the INS, which a duplicate may share)."""
    return number_identifiers(row["downtime_ipp"], row.get("definitive_ipp"), authorities.ipp_oid, authorities.downtime_oid,
                              "PI", "Patient internal identifier")


def patient_identifiers(row: dict, authorities) -> list[dict]:
    found = ipp_identifiers(row, authorities)
    if row.get("ins") and row.get("ins_kind") in INS_SYSTEMS:
        system, code, display, use = INS_SYSTEMS[row["ins_kind"]]
        found.append(identifier(system, row["ins"], use, code, display, FR_V2_0203))
    return found


def patient(row: dict, authorities, *, links: list[dict] | None = None, multiple_birth: int | None = None) -> dict:
    """A Patient from an exported patient row; ``links`` already built (merges, the same woman as a RelatedPerson)."""
    resource: dict = {"resourceType": "Patient", "meta": {"profile": [FR_PATIENT]}}
    extensions = []
    if row.get("identity_status") in RELIABILITY:
        extensions.append({"url": FR_RELIABILITY, "extension": [{"url": "identityStatus", "valueCoding": {
            "system": FR_RELIABILITY_CODES, "code": row["identity_status"], "display": RELIABILITY[row["identity_status"]]}}]})
    if row.get("birth_place"):
        extensions.append({"url": BIRTH_PLACE, "valueAddress": {"extension": [{"url": FR_INSEE_CODE,
                                                                               "valueCoding": birth_place(row["birth_place"])}]}})
    if extensions:
        resource["extension"] = extensions
    merged = any(link["type"] == "replaced-by" for link in links or [])
    resource["identifier"] = patient_identifiers(row, authorities)
    # A merged record, or one entered in error (a birth cancelled), is no longer in use.
    resource["active"] = not merged and row.get("record_status", "active") == "active"
    resource["name"] = names(row)
    if row.get("phone"):
        resource["telecom"] = [{"system": "phone", "value": row["phone"]}]
    resource["gender"] = GENDERS.get(row.get("sex") or "U", "unknown")
    if row.get("birth_date"):
        resource["birthDate"] = row["birth_date"]
    if row.get("address"):
        resource["address"] = [{"use": "home", "text": row["address"]}]
    if multiple_birth:
        resource["multipleBirthInteger"] = multiple_birth
    if links:
        resource["link"] = links
    return resource


def birth_place(code: str) -> dict:
    """The INSEE code of the birth place: a commune from the national table; born abroad, 99 and the
    country's INSEE code, which that table does not hold (FR Core's extension says so), sent without a system."""
    return {"code": code} if code.startswith("99") else {"system": COMMUNES, "code": code}


def link(url: str, kind: str) -> dict:
    return {"other": reference(url), "type": kind}


def own_key(url: str) -> dict:
    """A record's URN as its identifier: what a RelatedPerson is found by on a replay (the mother's
    IPP would match the RelatedPerson of each of her twins, and a search matching two refuses the bundle)."""
    return {"system": URI_SYSTEM, "value": url}


def mother(mother_row: dict, url: str, newborn_url: str, authorities) -> dict:
    """The newborn's mother as a RelatedPerson (v3 RoleCode MTH): her names and numbers, the patient
    being the newborn; her own Patient points to it with a ``seealso`` link (the same person)."""
    resource = {"resourceType": "RelatedPerson", "identifier": [own_key(url), *patient_identifiers(mother_row, authorities)],
                "active": True,
                "patient": reference(newborn_url),
                "relationship": [{"coding": [{"system": ROLE_CODE, "code": "MTH", "display": "mother"}]}],
                "name": names(mother_row), "gender": GENDERS.get(mother_row.get("sex") or "U", "unknown")}
    if mother_row.get("birth_date"):
        resource["birthDate"] = mother_row["birth_date"]
    return resource
