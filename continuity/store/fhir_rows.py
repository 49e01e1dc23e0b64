"""Rows for the FHIR export (IT's workspace): stays with their patient, every movement, births, the
ward's units and beds. The patients come from the CSV export's query (store/exports.py): one
definition of "a patient as exported", with its downtime and definitive IPP."""

from __future__ import annotations

import sqlite_utils

from continuity.store import exports


def _dicts(db: sqlite_utils.Database, sql: str) -> list[dict]:
    cursor = db.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def patients(db: sqlite_utils.Database) -> list[dict]:
    """Every patient (first names as stored: a JSON list), oldest first."""
    return _dicts(db, exports.TABLES["patients"])


def stays(db: sqlite_utils.Database) -> list[dict]:
    """Every stay with its downtime and definitive NDA, oldest first."""
    return _dicts(db, """SELECT s.id, s.patient_id, s.nda AS downtime_nda, m.definitive AS definitive_nda, s.status, s.kind, s.unit,
                                s.bed_id, s.mother_stay_id, s.birth_order, s.admitted_at, s.discharged_at, s.destination
                         FROM stays s LEFT JOIN number_map m ON m.kind = 'nda' AND m.downtime = s.nda ORDER BY s.rowid""")


def movements(db: sqlite_utils.Database) -> list[dict]:
    """Every movement, cancelled ones included, in clinical order (the HLC breaks ties as the laptops do)."""
    return _dicts(db, """SELECT id, stay_id, kind, at, hlc, unit, bed_id, destination, cancelled FROM movements
                         ORDER BY at, hlc, id""")


def births(db: sqlite_utils.Database) -> list[dict]:
    """Every birth with the mother's patient id (through her stay), oldest first."""
    return _dicts(db, """SELECT b.id, b.mother_stay_id, ms.patient_id AS mother_patient_id, b.newborn_patient_id, b.newborn_stay_id,
                                b.birth_order, b.at, b.status
                         FROM births b LEFT JOIN stays ms ON ms.id = b.mother_stay_id ORDER BY b.at, b.rowid""")


def units(db: sqlite_utils.Database) -> list[dict]:
    return _dicts(db, "SELECT code, name, kind, uf FROM units ORDER BY position, code")


def beds(db: sqlite_utils.Database) -> list[dict]:
    return _dicts(db, "SELECT id, unit, room, code FROM beds ORDER BY unit, position, code")
