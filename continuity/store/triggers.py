"""Lifting a trigger for one statement inside a write transaction, and putting it back before the
transaction ends: other connections never see the schema without it (they see the transaction's
end, when the trigger is back), and a rollback undoes both."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils


@contextmanager
def trigger_lifted(db: sqlite_utils.Database, name: str) -> Iterator[None]:
    assert db.conn.in_transaction, "a trigger is lifted only inside a write transaction"
    row = db.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", [name]).fetchone()
    if row is None:
        yield
        return
    db.execute(f"DROP TRIGGER [{name}]")
    try:
        yield
    finally:
        db.execute(row[0])
