"""IT's workspace: what the downtime period's report reads (the ward, its units, every movement and
birth, who changed what on which laptop, conflicts as they were settled, sign-offs with their
reasons). Reads only; the report is computed from these rows in core/period_activity.py."""

from __future__ import annotations

import sqlite_utils


def ward(db: sqlite_utils.Database) -> dict:
    row = db.execute("SELECT ward_id, ward_name, timezone, device_id FROM device WHERE id = 1").fetchone()
    return {"id": row[0], "name": row[1], "timezone": row[2] or "Europe/Paris", "device_id": row[3]} if row else {}


def units(db: sqlite_utils.Database) -> list[dict]:
    """The ward's units in the kit's order, each with its number of beds (closed ones included)."""
    return db.execute_returning_dicts(
        """SELECT u.code, u.name, u.kind, count(b.id) AS beds FROM units u LEFT JOIN beds b ON b.unit = u.code
           GROUP BY u.code ORDER BY u.position, u.code""")


def bed_units(db: sqlite_utils.Database) -> dict[str, str]:
    return dict(db.execute("SELECT id, unit FROM beds").fetchall())


def movements(db: sqlite_utils.Database) -> list[dict]:
    """Every movement, cancelled ones included, with its stay's kind, in clinical order per stay."""
    return db.execute_returning_dicts(
        """SELECT m.id, m.stay_id, s.kind AS stay_kind, m.kind, m.at, m.hlc, m.unit, m.bed_id, m.reason, m.cancelled
           FROM movements m LEFT JOIN stays s ON s.id = m.stay_id ORDER BY m.stay_id, m.at, m.hlc, m.id""")


def births(db: sqlite_utils.Database) -> list[dict]:
    return db.execute_returning_dicts(
        "SELECT id, mother_stay_id, newborn_stay_id, birth_order, at, status FROM births ORDER BY at, birth_order")


def changes_by_laptop_and_user(db: sqlite_utils.Database) -> list[dict]:
    """Journal entries counted per (laptop, user): changes, transactions, first and last clock stamps."""
    return db.execute_returning_dicts(
        """SELECT s.device_id, j.user, count(*) AS changes, count(DISTINCT j.tx) AS transactions,
                  min(j.hlc) AS first_hlc, max(j.hlc) AS last_hlc
           FROM journal j JOIN journal_sources s ON s.source = j.source GROUP BY s.device_id, j.user
           ORDER BY s.device_id, j.user""")


def bundles_by_laptop(db: sqlite_utils.Database) -> dict[str, dict]:
    return {r["device_id"]: r for r in db.execute_returning_dicts(
        "SELECT device_id, count(*) AS bundles, sum(entries) AS entries FROM sync_applied GROUP BY device_id")}


def user_names(db: sqlite_utils.Database) -> dict[str, str]:
    return {name: display or name for name, display in db.execute("SELECT name, display_name FROM users")}


def conflicts(db: sqlite_utils.Database) -> list[dict]:
    """Every conflict worth telling: still live, or decided by someone (a decision stays on the
    record after the change it made settled the conflict)."""
    return db.execute_returning_dicts(
        "SELECT * FROM sync_conflicts WHERE live = 1 OR status <> 'open' ORDER BY detected_at, id")


def value_set_aside(db: sqlite_utils.Database, conflict: dict, decided_on: str) -> str | None:
    """The value that was in force when IT brought the other one back: the latest laptop entry of
    that field other than the one brought back (the conflict row's winner has since followed IT's
    own change, so it no longer says it)."""
    row = db.execute(
        """SELECT j.value FROM journal j JOIN journal_sources s ON s.source = j.source
           WHERE j.entity_id = ? AND j.field = ? AND j.entity = ? AND s.device_id <> ?
             AND NOT (j.hlc = ? AND s.device_id = ?)
           ORDER BY j.hlc DESC, s.device_id DESC, j.seq DESC LIMIT 1""",
        [conflict["entity_id"], conflict["field"], conflict["entity"], decided_on, conflict["loser_hlc"],
         conflict["loser_device"]]).fetchone()
    return row[0] if row else None


def signoffs(db: sqlite_utils.Database) -> list[dict]:
    """Gaps and forks signed off and forced exports, each with its reason, who and when."""
    return db.execute_returning_dicts("SELECT * FROM reconcile_signoffs ORDER BY signed_at, id")


def patients(db: sqlite_utils.Database, ids: list[str]) -> dict[str, dict]:
    """Identity and numbers of these patients, by id (those that exist)."""
    found: dict[str, dict] = {}
    unique = sorted(set(ids))
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in db.execute_returning_dicts(
                f"SELECT id, ipp, birth_name, first_names, used_name, used_first_name FROM patients WHERE id IN ({marks})", chunk):
            found[row["id"]] = row
    return found
