"""IT's workspace: identities merged (and undone), pairs declared different people, and the period's
two-person sign-off. Rows are only added or stamped, never deleted."""

from __future__ import annotations

import json

import sqlite_utils


def active(db: sqlite_utils.Database) -> list[dict]:
    """Every merge in force, oldest first: ``survivor_id``, ``merged_id``, ``merged_at``... with both
    IPPs (``survivor_ipp``, ``merged_ipp``)."""
    rows = db.execute_returning_dicts(
        """SELECT m.*, s.ipp AS survivor_ipp, g.ipp AS merged_ipp FROM identity_merges m
           JOIN patients s ON s.id = m.survivor_id JOIN patients g ON g.id = m.merged_id
           WHERE m.undone_at IS NULL ORDER BY m.id""")
    for row in rows:
        row["reasons"] = json.loads(row["reasons"] or "[]")
    return rows


def every(db: sqlite_utils.Database) -> list[dict]:
    """Every merge ever decided, undone ones included (the period's report lists them)."""
    rows = db.execute_returning_dicts(
        """SELECT m.*, s.ipp AS survivor_ipp, g.ipp AS merged_ipp FROM identity_merges m
           LEFT JOIN patients s ON s.id = m.survivor_id LEFT JOIN patients g ON g.id = m.merged_id ORDER BY m.id""")
    for row in rows:
        row["reasons"] = json.loads(row["reasons"] or "[]")
    return rows


def survivors(db: sqlite_utils.Database) -> dict[str, str]:
    """merged patient id -> the id that survives it (followed through chains of merges)."""
    direct = dict(db.execute("SELECT merged_id, survivor_id FROM identity_merges WHERE undone_at IS NULL").fetchall())
    resolved = {}
    for merged in direct:
        seen, current = {merged}, direct[merged]
        while current in direct and current not in seen:
            seen.add(current)
            current = direct[current]
        resolved[merged] = current
    return resolved


def record_merge(db: sqlite_utils.Database, row: dict) -> int:
    row = {**row, "reasons": json.dumps(row.get("reasons") or [])}
    return db["identity_merges"].insert(row).last_pk


def find(db: sqlite_utils.Database, merge_id: int) -> dict | None:
    rows = db.execute_returning_dicts("SELECT * FROM identity_merges WHERE id = ?", [merge_id])
    return rows[0] if rows else None


def stamp_undone(db: sqlite_utils.Database, merge_id: int, by: str, at: str, reason: str) -> bool:
    cursor = db.execute("UPDATE identity_merges SET undone_by = ?, undone_at = ?, undo_reason = ? WHERE id = ? AND undone_at IS NULL",
                        [by, at, reason, merge_id])
    return cursor.rowcount == 1


def distinct_pairs(db: sqlite_utils.Database) -> set[tuple[str, str]]:
    """The pairs (lower id first) declared different people, and not undone."""
    return {(a, b) for a, b in db.execute("SELECT patient_id, other_id FROM identity_distinct WHERE undone_at IS NULL")}


def record_distinct(db: sqlite_utils.Database, row: dict) -> int:
    return db["identity_distinct"].insert(row).last_pk


def undo_distinct(db: sqlite_utils.Database, pair: tuple[str, str], by: str, at: str, reason: str) -> bool:
    cursor = db.execute("UPDATE identity_distinct SET undone_by = ?, undone_at = ?, undo_reason = ? "
                        "WHERE patient_id = ? AND other_id = ? AND undone_at IS NULL", [by, at, reason, *pair])
    return cursor.rowcount == 1


def distinct_rows(db: sqlite_utils.Database) -> list[dict]:
    """Every declaration, undone ones included (the period's report lists them)."""
    return db.execute_returning_dicts("SELECT * FROM identity_distinct ORDER BY id")


def period_signoffs(db: sqlite_utils.Database) -> list[dict]:
    return db.execute_returning_dicts("SELECT * FROM period_signoffs ORDER BY id")


def record_period_signoff(db: sqlite_utils.Database, row: dict) -> None:
    db["period_signoffs"].insert(row)


def newborns_and_mothers(db: sqlite_utils.Database) -> set[tuple[str, str]]:
    """(newborn's patient id, her mother's patient id) of every birth recorded: two people, never one."""
    return {(a, b) for a, b in db.execute(
        """SELECT b.newborn_patient_id, ms.patient_id FROM births b JOIN stays ms ON ms.id = b.mother_stay_id
           WHERE b.status = 'recorded' AND b.newborn_patient_id IS NOT NULL""")}
