"""Read-only checks of the store: SQLite's own, the journal's and the audit chain's."""

from __future__ import annotations

import sqlite_utils


def integrity_check(db: sqlite_utils.Database) -> list[str]:
    rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows


def foreign_key_problems(db: sqlite_utils.Database) -> list[dict]:
    return [
        {"table": r[0], "rowid": r[1], "parent": r[2]} for r in db.execute("PRAGMA foreign_key_check").fetchall()
    ]


def journal_sequence_gaps(db: sqlite_utils.Database, device_id: str) -> dict:
    """For this device: entries count, lowest and highest sequence number (gap-free means count = max)."""
    row = next(
        db.query(
            "SELECT count(*) AS n, coalesce(min(seq), 0) AS low, coalesce(max(seq), 0) AS high "
            "FROM journal WHERE source = (SELECT source FROM journal_sources WHERE device_id = ?)",
            [device_id],
        )
    )
    return dict(row)


def journal_orphans(db: sqlite_utils.Database, entity_tables: dict[str, str]) -> list[dict]:
    """Journal entries whose entity row is missing (a row lost outside the write path)."""
    problems: list[dict] = []
    for entity, table in entity_tables.items():
        problems.extend(
            db.query(
                f"""SELECT j.entity, j.entity_id, min(j.seq) AS seq FROM journal j
                    WHERE j.entity = ? AND NOT EXISTS (SELECT 1 FROM [{table}] t WHERE t.id = j.entity_id)
                    GROUP BY j.entity, j.entity_id LIMIT 20""",
                [entity],
            )
        )
    return problems


def audit_entries(db: sqlite_utils.Database):
    return db.query("SELECT * FROM audit ORDER BY rowid")


def audit_entry(db: sqlite_utils.Database, seq: int) -> dict | None:
    return next(db.query("SELECT * FROM audit WHERE seq = ?", [seq]), None)


def audit_for_entity(db: sqlite_utils.Database, entity: str, entity_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM audit WHERE entity = ? AND entity_id = ? ORDER BY seq", [entity, entity_id]))


def fts_consistent(db: sqlite_utils.Database) -> bool:
    """The name search index and the phonetic index the identity matcher blocks on."""
    try:
        db.execute("INSERT INTO patients_fts(patients_fts, rank) VALUES ('integrity-check', 1)")
        db.execute("INSERT INTO patients_phonetic(patients_phonetic, rank) VALUES ('integrity-check', 1)")
        return True
    except Exception:  # noqa: BLE001 - SQLite reports corruption as a generic error here
        return False


def journal_row_mismatches(db: sqlite_utils.Database, entity_tables: dict[str, str], not_journaled: dict[str, frozenset[str]],
                           limit: int = 20) -> list[dict]:
    """Fields whose row holds another value than the journal's winning entry gives (by the merge
    rule: clock stamp, then laptop, then sequence): a row edited behind the journal's back."""
    import json

    from continuity.store.tx import _encode

    found: list[dict] = []
    for entity, table in entity_tables.items():
        columns = {c.name for c in db[table].columns} - {"id"} - not_journaled.get(entity, frozenset())
        winners: dict[str, dict[str, str]] = {}
        for entity_id, field, value in db.execute(
            "SELECT j.entity_id, j.field, j.value FROM journal j JOIN journal_sources s ON s.source = j.source "
            "WHERE j.entity = ? ORDER BY j.hlc, s.device_id, j.seq", [entity]
        ):
            if field in columns:
                winners.setdefault(entity_id, {})[field] = value
        ids = list(winners)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            for row in db.query(f"SELECT * FROM [{table}] WHERE id IN ({marks})", chunk):
                for field, value in winners[row["id"]].items():
                    if _encode(json.loads(value)) != row[field]:
                        found.append({"entity": entity, "entity_id": row["id"], "field": field})
                        if len(found) >= limit:
                            return found
    return found
