"""IT's workspace: downtime IPPs and NDAs and the definitive numbers they are mapped to."""

from __future__ import annotations

import sqlite_utils

_NUMBERS = {"ipp": "SELECT ipp FROM patients WHERE ipp IS NOT NULL", "nda": "SELECT nda FROM stays WHERE nda IS NOT NULL"}


def downtime_numbers(db: sqlite_utils.Database, kind: str) -> set[str]:
    return {row[0] for row in db.execute(_NUMBERS[kind])}


def mapping(db: sqlite_utils.Database, kind: str) -> dict[str, str]:
    return dict(db.execute("SELECT downtime, definitive FROM number_map WHERE kind = ?", [kind]).fetchall())


def save(db: sqlite_utils.Database, rows: list[dict]) -> None:
    db["number_map"].upsert_all(rows, pk=("kind", "downtime"))
