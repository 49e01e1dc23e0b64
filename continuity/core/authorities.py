"""Who the main system is, and under which authorities it files its numbers: per hospital, set in
the ward description (``[interop]`` of the kit's TOML), checked here with no storage so that the
ward description refuses a bad value next to its field before any kit is built.

Every value has a default that a test system accepts; a hospital sets its own before an outage."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from continuity.core.errors import DomainError

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
    """The ``[interop]`` table of a ward description, checked; each refusal names its key (the
    error's field is ``interop.<key>``), unknown keys refused in words."""
    if not isinstance(data, dict):
        raise DomainError("{where}: must be a table.", field="interop", where=where)
    known = {f.name for f in fields(Authorities)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise DomainError("{where}: unknown setting {key} (known: {known}).", field=f"interop.{unknown[0]}", where=where,
                          key=unknown[0], known=", ".join(sorted(known)))
    for key, value in data.items():
        field = f"interop.{key}"
        if not isinstance(value, str):
            raise DomainError("{where}: {key} must be a text.", field=field, where=where, key=key)
        if key.endswith("_oid") and not _OID.match(value):
            raise DomainError("{where}: {key} is not an OID (digits and dots, such as 1.2.250.1.71).", field=field,
                              where=where, key=key)
        if (key.endswith("_namespace") or key.endswith(("_application", "_facility"))) and not _NAMESPACE.match(value):
            raise DomainError("{where}: {key} must be 1 to 20 letters, digits, spaces, dots, dashes or underscores.",
                              field=field, where=where, key=key)
        if key == "finess" and value and not re.fullmatch(r"[0-9A-B]{9}", value):
            raise DomainError("{where}: finess must be 9 characters (digits, or 2A/2B for Corsica).", field=field, where=where)
    if data.get("nda_position", "PV1-19") not in NDA_POSITIONS:
        raise DomainError("{where}: nda_position must be one of {choices}.", field="interop.nda_position", where=where,
                          choices=", ".join(NDA_POSITIONS))
    return Authorities(**data)
