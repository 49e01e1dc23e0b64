"""Reading the rota: shift types, staff, units, cover requirements, cells, absences, publications and
the ward's rule settings. Writes go through ``WriteTx.set`` (journaled) like every replicated entity."""

from __future__ import annotations

import json

import sqlite_utils


def shift_types(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT code, label, start, [end], hours FROM shift_types ORDER BY start, code"))


def units(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT code, name, kind FROM units ORDER BY position, code"))


def staff(db: sqlite_utils.Database, include_inactive: bool = False) -> list[dict]:
    rows = db.query("SELECT * FROM staff" + ("" if include_inactive else " WHERE active = 1") + " ORDER BY role, last_name, first_name, id")
    return [_staff_row(r) for r in rows]


def staff_member(db: sqlite_utils.Database, staff_id: str) -> dict | None:
    row = next(db.query("SELECT * FROM staff WHERE id = ?", [staff_id]), None)
    return _staff_row(row) if row else None


def _staff_row(row: dict) -> dict:
    return {**row, "skills": json.loads(row["skills"] or "[]"), "units": json.loads(row["units"] or "[]")}


def cover_requirements(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT unit, shift, role, minimum, optimal FROM staffing_minimums ORDER BY unit, shift, role"))


def rule_settings(db: sqlite_utils.Database) -> dict[str, dict]:
    return {r["rule"]: {"hard": bool(r["hard"]), "weight": r["weight"], "value": json.loads(r["value"]) if r["value"] else None}
            for r in db.query("SELECT rule, hard, weight, value FROM rota_rules")}


def cells_between(db: sqlite_utils.Database, first_day: str, last_day: str) -> list[dict]:
    """Cells holding a shift, days inclusive (ISO dates compare as text)."""
    return list(db.query(
        "SELECT id, staff, day, shift, unit, pinned, published, origin FROM rota_assignments "
        "WHERE day BETWEEN ? AND ? AND shift IS NOT NULL ORDER BY day, staff",
        [first_day, last_day],
    ))


def cell(db: sqlite_utils.Database, cell_id: str) -> dict | None:
    return next(db.query("SELECT * FROM rota_assignments WHERE id = ?", [cell_id]), None)


def absences_between(db: sqlite_utils.Database, first_day: str, last_day: str) -> list[dict]:
    """Absences not cancelled that overlap the days."""
    return list(db.query(
        "SELECT id, staff, first_day, last_day, kind, note FROM rota_absences "
        "WHERE cancelled = 0 AND first_day <= ? AND last_day >= ? ORDER BY first_day, staff",
        [last_day, first_day],
    ))


def absence(db: sqlite_utils.Database, absence_id: str) -> dict | None:
    return next(db.query("SELECT * FROM rota_absences WHERE id = ?", [absence_id]), None)


def publications_between(db: sqlite_utils.Database, first_day: str, last_day: str) -> list[dict]:
    return list(db.query(
        "SELECT * FROM rota_publications WHERE first_day <= ? AND last_day >= ? ORDER BY published_at, id",
        [last_day, first_day],
    ))


def last_change(db: sqlite_utils.Database) -> str:
    """A stamp that moves with every rota change, local or synced: the cells' journal (through the
    entity-id index: cell ids all start with 'rota:'), and the small tables of absences,
    publications and staff as they stand."""
    parts = [
        db.execute("SELECT count(*), coalesce(max(hlc), 0) FROM journal WHERE entity_id >= 'rota:' AND entity_id < 'rota;'").fetchone(),
        db.execute("SELECT count(*), coalesce(sum(cancelled), 0), coalesce(max(last_day), '') FROM rota_absences").fetchone(),
        db.execute("SELECT count(*) FROM rota_publications").fetchone(),
        db.execute("SELECT group_concat(id || role || coalesce(skills, '') || coalesce(ratio, '') || coalesce(units, '') || active, ',') "
                   "FROM (SELECT * FROM staff ORDER BY id)").fetchone(),
    ]
    return "|".join(str(tuple(p)) for p in parts)
