"""Rows for the HL7 PAM FR export (IT's workspace): patients, stays and movements with their
definitive numbers where IT mapped them, units' UF and beds' rooms, and each newborn's mother."""

from __future__ import annotations

import sqlite_utils


def patients(db: sqlite_utils.Database) -> list[dict]:
    return db.execute_returning_dicts(
        # A census number (loaded from the main system before the outage) is definitive already.
        """SELECT p.id, p.ipp, coalesce(m.definitive, CASE WHEN p.number_source = 'census' THEN p.ipp END) AS definitive_ipp,
                  p.number_source, p.birth_name, p.used_name, p.first_names, p.used_first_name,
                  p.birth_date, p.sex, p.birth_place, p.ins, p.ins_kind, p.address, p.phone, p.identity_status,
                  p.record_status, p.created_at
           FROM patients p LEFT JOIN number_map m ON m.kind = 'ipp' AND m.downtime = p.ipp
           WHERE p.ipp IS NOT NULL ORDER BY p.created_at, p.rowid""")


def stays(db: sqlite_utils.Database) -> list[dict]:
    return db.execute_returning_dicts(
        """SELECT s.id, s.nda, coalesce(m.definitive, CASE WHEN s.number_source = 'census' THEN s.nda END) AS definitive_nda, s.patient_id, s.kind, s.mother_stay_id, s.birth_order,
                  s.admitted_at, s.discharged_at
           FROM stays s LEFT JOIN number_map m ON m.kind = 'nda' AND m.downtime = s.nda ORDER BY s.rowid""")


def movements(db: sqlite_utils.Database) -> list[dict]:
    """Every movement, cancelled ones included, with its unit's name and UF and its bed's room."""
    return db.execute_returning_dicts(
        """SELECT v.id, v.stay_id, v.kind, v.at, v.entered_at, v.hlc, v.unit, u.name AS unit_name, u.uf, b.room,
                  b.code AS bed, v.cancelled, v.cancelled_at
           FROM movements v LEFT JOIN units u ON u.code = v.unit LEFT JOIN beds b ON b.id = v.bed_id
           ORDER BY v.at, v.hlc, v.id""")


def mothers(db: sqlite_utils.Database) -> list[dict]:
    """Each recorded birth: the newborn's patient id, the mother's patient id, the birth order, and
    how many babies were born live on that mother's stay (twins: 2)."""
    return db.execute_returning_dicts(
        """SELECT b.newborn_patient_id, ms.patient_id AS mother_id, b.birth_order,
                  (SELECT count(*) FROM births o WHERE o.mother_stay_id = b.mother_stay_id AND o.status = 'recorded') AS born
           FROM births b JOIN stays ms ON ms.id = b.mother_stay_id
           WHERE b.status = 'recorded' AND b.newborn_patient_id IS NOT NULL""")
