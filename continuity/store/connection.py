"""The one place where database connections are opened (at-rest encryption will change the driver here)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

BUSY_TIMEOUT_MS = 15_000


def open_database(path: Path) -> sqlite_utils.Database:
    """A connection to the local store: WAL, synchronous=FULL, foreign keys on.

    WAL with NORMAL can lose the last commits on power loss; FULL does not. The file must be on a
    local disk: SQLite's locking (and WAL) is unreliable on network shares.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # isolation_level=None: no implicit transactions. Every write opens its own explicit
    # transaction (BEGIN IMMEDIATE in store.tx, sqlite-utils' atomic() elsewhere), so nothing is
    # ever left half-open by a stray statement.
    conn = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False, isolation_level=None
    )
    db = sqlite_utils.Database(conn)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # 64 MiB of page cache: random 128-bit ids scatter index writes; a small cache thrashes.
    conn.execute("PRAGMA cache_size = -65536")
    return db
