"""IT's workspace: downtime IPPs and NDAs and the definitive numbers they are mapped to.

Records loaded from the main system's census (``number_source = 'census'``) already carry their
definitive numbers: they are no downtime numbers and need no mapping."""

from __future__ import annotations

import sqlite_utils

CENSUS = "census"
_NUMBERS = {"ipp": "SELECT ipp FROM patients WHERE ipp IS NOT NULL AND number_source IS NOT 'census'",
            "nda": "SELECT nda FROM stays WHERE nda IS NOT NULL AND number_source IS NOT 'census'"}
_CENSUS_NUMBERS = {"ipp": "SELECT ipp FROM patients WHERE ipp IS NOT NULL AND number_source = 'census'",
                   "nda": "SELECT nda FROM stays WHERE nda IS NOT NULL AND number_source = 'census'"}


def downtime_numbers(db: sqlite_utils.Database, kind: str) -> set[str]:
    return {row[0] for row in db.execute(_NUMBERS[kind])}


def census_numbers(db: sqlite_utils.Database, kind: str) -> set[str]:
    """The definitive numbers the census brought (never to be given to a downtime number)."""
    return {row[0] for row in db.execute(_CENSUS_NUMBERS[kind])}


def mapping(db: sqlite_utils.Database, kind: str) -> dict[str, str]:
    return dict(db.execute("SELECT downtime, definitive FROM number_map WHERE kind = ?", [kind]).fetchall())


def save(db: sqlite_utils.Database, rows: list[dict]) -> None:
    db["number_map"].upsert_all(rows, pk=("kind", "downtime"))
