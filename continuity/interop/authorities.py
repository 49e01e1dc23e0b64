"""The hospital's authorities (namespaces, OIDs, NDA position) as IT's workspace stores them: the
kit's ``[interop]`` table, checked by ``core.authorities`` when the ward description is read, saved
in the workspace's settings when it is created, read by the HL7 and FHIR writers."""

from __future__ import annotations

import json
from dataclasses import asdict

from continuity.core.authorities import NDA_POSITIONS, Authorities, from_config
from continuity.store import settings

__all__ = ["NDA_POSITIONS", "SETTING", "Authorities", "from_config", "load", "save"]

SETTING = "interop"


def load(db) -> Authorities:
    """The authorities stored in this database (the workspace's, from its kit), or the defaults."""
    text = settings.get(db, SETTING)
    return from_config(json.loads(text)) if text else Authorities()


def save(db, authorities: Authorities) -> None:
    settings.put(db, SETTING, json.dumps(asdict(authorities), sort_keys=True))
