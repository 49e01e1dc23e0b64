"""Local settings of this laptop (not replicated): the sync folder, its watching mode."""

from __future__ import annotations

import sqlite_utils


def get(db: sqlite_utils.Database, key: str) -> str | None:
    row = next(db.query("SELECT value FROM settings WHERE key = ?", [key]), None)
    return row["value"] if row else None


def put(db: sqlite_utils.Database, key: str, value: str | None) -> None:
    db.execute(
        "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )
