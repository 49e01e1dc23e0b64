"""Checks of a FHIR bundle that owe nothing to our writer: the R4B models of fhir.resources (structure
and datatypes), and FHIRPath invariants evaluated by fhirpathpy with its R4 model: the Bundle's own
(bdl-3, bdl-7, as R4 states them), references that resolve, codes from their value sets, and the
conditional creates the issue asks for. ``problems(bundle)`` names every check that fails."""

from __future__ import annotations

from urllib.parse import parse_qs

from fhir.resources.R4B.bundle import Bundle
from fhirpathpy import evaluate
from fhirpathpy.models import models
from pydantic import ValidationError

R4 = models["r4"]
_TRANSACTION_TYPES = "(%resource.type = 'batch' or %resource.type = 'transaction' or %resource.type = 'history')"

# name -> FHIRPath over the Bundle (%resource is the Bundle), true when the bundle is sound
INVARIANTS = {
    # R4 Bundle invariants, as the specification words them
    "bdl-3": f"entry.all(request.exists() = {_TRANSACTION_TYPES})",
    "bdl-7": "(type = 'history') or entry.where(fullUrl.exists()).select(fullUrl&resource.meta.versionId).isDistinct()",
    "transaction": "type = 'transaction'",
    # every urn:uuid reference names an entry of this bundle
    "references-resolve": "entry.resource.descendants().select(reference).where(startsWith('urn:uuid:'))"
                          ".all(%resource.entry.fullUrl contains $this)",
    "fullurl-is-urn-uuid": "entry.all(fullUrl.matches('^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'))",
    # codes in their (required) value sets, R4
    "gender": "(entry.resource.ofType(Patient).gender | entry.resource.ofType(RelatedPerson).gender)"
              ".all($this in ('male' | 'female' | 'other' | 'unknown'))",
    "encounter-status": "entry.resource.ofType(Encounter).status.all($this in ('planned' | 'arrived' | 'triaged' | 'in-progress' | "
                        "'onleave' | 'finished' | 'cancelled' | 'entered-in-error' | 'unknown'))",
    "encounter-location-status": "entry.resource.ofType(Encounter).location.status.all($this in ('planned' | 'active' | 'reserved' | "
                                 "'completed'))",
    "link-type": "entry.resource.ofType(Patient).link.type.all($this in ('replaced-by' | 'replaces' | 'refer' | 'seealso'))",
    "relationship-mother": "entry.resource.ofType(RelatedPerson).all(relationship.coding.where("
                           "system = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode' and code = 'MTH').exists())",
    "discharge-disposition": "entry.resource.ofType(Encounter).hospitalization.dischargeDisposition.coding.where("
                             "system = 'http://terminology.hl7.org/CodeSystem/discharge-disposition').code.all($this in "
                             "('home' | 'alt-home' | 'other-hcf' | 'hosp' | 'long' | 'aadvice' | 'exp' | 'psy' | 'rehab' | 'snf' | 'oth'))",
    "identifier-use": "entry.resource.identifier.use.all($this in ('usual' | 'official' | 'temp' | 'secondary' | 'old'))",
    # merges: the merged record is no longer in use and names its survivor
    "merged-inactive": "entry.resource.ofType(Patient).where(link.type = 'replaced-by').all(active = false)",
    # conditional creates: a replay creates nothing twice
    "post-only": "entry.all(request.method = 'POST')",
    "if-none-exist": "entry.request.where(method = 'POST').all(ifNoneExist.exists() and ifNoneExist.startsWith('identifier='))",
    "identifier-systems": "entry.resource.identifier.system.all(matches('^urn:oid:[0-2](\\\\.(0|[1-9][0-9]*))+$') or "
                          "$this = 'urn:ietf:rfc:3986')",
}
# Evaluated on each entry's resource (%resource is that resource): contained references (#id)
# resolve within it, and (dom-3, as R4 means it) every contained resource is referred to in it.
PER_RESOURCE = {
    "contained-references": "descendants().select(reference).where(startsWith('#')).all(%resource.contained.id contains substring(1))",
    "dom-3": "contained.all(%resource.descendants().select(reference) contains ('#' + id))",
}


def model_error(bundle: dict) -> str | None:
    try:
        Bundle.model_validate(bundle)
    except ValidationError as error:
        return str(error)
    return None


def failed_invariants(bundle: dict) -> list[str]:
    failed = [name for name, path in INVARIANTS.items() if evaluate(bundle, path, {"resource": bundle}, R4) != [True]]
    resources = [item.get("resource") or {} for item in bundle.get("entry") or []]
    for name, path in PER_RESOURCE.items():
        if any(evaluate(resource, path, {"resource": resource}, R4) != [True] for resource in resources):
            failed.append(name)
    return failed


def empty_values(value) -> bool:
    """FHIR JSON has no empty arrays or objects, no null and no empty or blank strings (ele-1 and the JSON format rules)."""
    if value is None or value == [] or value == {} or (isinstance(value, str) and not value.strip()):
        return True
    if isinstance(value, dict):
        return any(empty_values(v) for v in value.values())
    if isinstance(value, list):
        return any(empty_values(v) for v in value)
    return False


def searched(item: dict) -> set[tuple[str, str]]:
    """The (system, value) pairs a conditional create searches for, as a FHIR server reads its query."""
    query = parse_qs((item.get("request") or {}).get("ifNoneExist") or "")
    return {tuple(token.split("|", 1)) for value in query.get("identifier", []) for token in value.split(",") if "|" in token}


def own(resource: dict) -> set[tuple[str, str]]:
    return {(i.get("system"), i.get("value")) for i in resource.get("identifier") or []}


def conditional_problems(bundle: dict) -> list[str]:
    """A conditional create must search for identifiers the resource carries (or a replay creates it
    again), and two entries of a type must not search for the same ones (the replay would find two)."""
    found = []
    entries = bundle.get("entry") or []
    if any(not searched(e) or not searched(e) <= own(e["resource"]) for e in entries if e.get("request", {}).get("ifNoneExist")):
        found.append("if-none-exist-own-identifier")
    seen: dict[tuple[str, str, str], int] = {}
    for index, item in enumerate(entries):
        for system, value in searched(item):
            key = (item["resource"]["resourceType"], system, value)
            if seen.setdefault(key, index) != index:
                found.append("if-none-exist-distinct")
                return found
    return found


class Conflict(Exception):
    """A conditional create matched more than one resource: a server refuses the whole transaction (412)."""


def replay(server: dict[str, list[dict]], bundle: dict) -> int:
    """The bundle applied as a FHIR server applies conditional creates: an entry whose search finds one
    resource of its type is skipped, none is created, several fail. Returns how many were created."""
    created = []
    for item in bundle.get("entry") or []:
        kind = item["resource"]["resourceType"]
        wanted = searched(item)
        matches = [r for r in server.get(kind, []) if own(r) & wanted]
        if len(matches) > 1:
            raise Conflict(f"{kind} {sorted(wanted)} matches {len(matches)} resources")
        if not matches:
            created.append(item["resource"])
    for resource in created:
        server.setdefault(resource["resourceType"], []).append(resource)
    return len(created)


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def control_characters(bundle: dict) -> bool:
    """FHIR strings hold no character below U+0020 but tab, CR and LF (the JSON format's rule)."""
    return any(ord(c) < 0x20 and c not in "\t\r\n" for text in strings(bundle) for c in text)


def problems(bundle: dict) -> list[str]:
    found = failed_invariants(bundle) + conditional_problems(bundle)
    if empty_values(bundle):
        found.append("json-no-empty")
    if control_characters(bundle):
        found.append("fhir-string-chars")
    if model_error(bundle):
        found.insert(0, "r4b-model")
    return found
