"""Who the main system is, and under which authorities it files its numbers: per hospital, set in
the ward description (``[interop]`` of the kit's TOML) and carried by the kit into IT's workspace.

Every value has a default that a test system accepts; a hospital sets its own before an outage."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, fields

from continuity.core.errors import DomainError
from continuity.store import settings

SETTING = "interop"
NDA_POSITIONS = ("PV1-19", "PID-18")
_OID = re.compile(r"^[0-2](\.(0|[1-9][0-9]*))+$")
_NAMESPACE = re.compile(r"^[A-Za-z0-9_\-. ]{1,20}$")


@dataclass(frozen=True)
class Authorities:
    # MSH-3/4 (ours) and MSH-5/6 (the main system's) in HL7; Bundle meta in FHIR
    sending_application: str = "CONTINUITY"
    sending_facility: str = "MATERNITE"
    receiving_application: str = "DPI"
    receiving_facility: str = "HOPITAL"
    # the main system's IPP and NDA assigning authorities (namespace and OID)
    ipp_namespace: str = "HOPITAL"
    ipp_oid: str = "1.2.250.1.999.1.1"
    nda_namespace: str = "HOPITAL"
    nda_oid: str = "1.2.250.1.999.1.2"
    # the product's own authority for the downtime numbers (kept as second identifiers)
    downtime_namespace: str = "CONTINUITY"
    downtime_oid: str = "1.2.250.1.999.1.9"
    # where the NDA goes in PAM FR: PV1-19 (most) or PID-18 (some)
    nda_position: str = "PV1-19"
    # FINESS of the establishment (ZBE / Encounter.serviceProvider), optional
    finess: str = ""


def from_config(data: dict, where: str = "[interop]") -> Authorities:
    """The ``[interop]`` table of a ward description, checked; unknown keys refused in words."""
    if not isinstance(data, dict):
        raise DomainError("{where}: must be a table.", field="interop", where=where)
    known = {f.name for f in fields(Authorities)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise DomainError("{where}: unknown setting {key} (known: {known}).", field="interop", where=where, key=unknown[0],
                          known=", ".join(sorted(known)))
    for key, value in data.items():
        if not isinstance(value, str):
            raise DomainError("{where}: {key} must be a text.", field="interop", where=where, key=key)
        if key.endswith("_oid") and not _OID.match(value):
            raise DomainError("{where}: {key} is not an OID (digits and dots, such as 1.2.250.1.71).", field="interop",
                              where=where, key=key)
        if (key.endswith("_namespace") or key.endswith(("_application", "_facility"))) and not _NAMESPACE.match(value):
            raise DomainError("{where}: {key} must be 1 to 20 letters, digits, spaces, dots, dashes or underscores.",
                              field="interop", where=where, key=key)
        if key == "finess" and value and not re.fullmatch(r"[0-9A-B]{9}", value):
            raise DomainError("{where}: finess must be 9 characters (digits, or 2A/2B for Corsica).", field="interop", where=where)
    if data.get("nda_position", "PV1-19") not in NDA_POSITIONS:
        raise DomainError("{where}: nda_position must be one of {choices}.", field="interop", where=where,
                          choices=", ".join(NDA_POSITIONS))
    return Authorities(**data)


def load(db) -> Authorities:
    """The authorities stored in this database (the workspace's, from its kit), or the defaults."""
    text = settings.get(db, SETTING)
    return from_config(json.loads(text)) if text else Authorities()


def save(db, authorities: Authorities) -> None:
    settings.put(db, SETTING, json.dumps(asdict(authorities), sort_keys=True))
