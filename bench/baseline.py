"""Raw sqlite3 baselines: the floor the services are compared with, on the same disk, in the same run."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bench.common import timed_ns


class DurableCommit:
    """One write transaction of one small row, committed with WAL + synchronous=FULL, as the store is.

    This is the irreducible cost of a durable commit on this disk (the fsync of the WAL), which an
    admission cannot go below however lean its code is."""

    label = "raw sqlite3: 1-row INSERT + COMMIT (WAL, synchronous=FULL)"

    def __init__(self, path: Path) -> None:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, as continuity.store.tx does.
        self.conn = sqlite3.connect(str(path), isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, key TEXT NOT NULL, at TEXT NOT NULL)")
        self.conn.execute("CREATE INDEX IF NOT EXISTS events_key ON events (key)")
        self.count = 0

    def _commit_one(self) -> None:
        self.count += 1
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute("INSERT INTO events (key, at) VALUES (?, datetime('now'))", [f"k{self.count}"])
        self.conn.execute("COMMIT")

    def once(self) -> int:
        return timed_ns(self._commit_one)[0]

    def close(self) -> None:
        self.conn.close()


class IppLookup:
    """One patient read by its unique indexed ``ipp``, on the benchmarked database file itself:
    the cheapest useful read, what any search has to be compared with."""

    label = "raw sqlite3: SELECT * FROM patients WHERE ipp = ?"

    def __init__(self, path: Path) -> None:
        # Read-only and separate from the store's connection, so it shares no Python-level state.
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    def once(self, ipp: str) -> int:
        # fetchall: the rows are read, not just the statement prepared.
        return timed_ns(lambda: self.conn.execute("SELECT * FROM patients WHERE ipp = ?", [ipp]).fetchall())[0]

    def close(self) -> None:
        self.conn.close()
