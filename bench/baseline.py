"""Raw baselines (sqlite3, bare watchdog): the floor the services are compared with, on the same
disk, in the same run."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

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

    label = "raw SQLCipher, same file and key: SELECT * FROM patients WHERE ipp = ?"

    def __init__(self, path: Path, key: bytes | None = None) -> None:
        # Read-only and separate from the store's connection, so it shares no Python-level state;
        # through the same binding and key as the store (the file is encrypted).
        from continuity.store import connection

        self.conn = connection.connect(path, key, read_only=True)

    def once(self, ipp: str) -> int:
        # fetchall: the rows are read, not just the statement prepared.
        return timed_ns(lambda: self.conn.execute("SELECT * FROM patients WHERE ipp = ?", [ipp]).fetchall())[0]

    def close(self) -> None:
        self.conn.close()


class BulkInsert:
    """Rows written as fast as SQLite takes them: one ``executemany`` of 10-column tuples into a plain
    table (no index), one durable commit per batch, WAL + synchronous=FULL as the store is.

    The floor for importing a bundle: the same rows, committed as often as the import commits."""

    label = "raw sqlite3: executemany of the same 10-column rows into a plain table, one COMMIT per bundle's rows (WAL, synchronous=FULL)"

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(str(path), isolation_level=None)
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("CREATE TABLE IF NOT EXISTS rows (c0, c1, c2, c3, c4, c5, c6, c7, c8, c9)")

    def once(self, rows: list[tuple]) -> int:
        """Nanoseconds to insert and commit ``rows`` (a list already in memory)."""

        def insert() -> None:
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self.conn.execute("COMMIT")

        return timed_ns(insert)[0]

    def close(self) -> None:
        self.conn.close()


class _Closed(FileSystemEventHandler):
    """Notes when the file waited for is closed after writing (the event a finished write gives)."""

    def __init__(self) -> None:
        self.expected = ""
        self.at_ns = 0
        self.seen = threading.Event()

    def on_closed(self, event: FileSystemEvent) -> None:
        if str(event.src_path) == self.expected and not self.seen.is_set():
            self.at_ns = time.perf_counter_ns()
            self.seen.set()


class FileEventEcho:
    """The time from a file written into a folder to a bare watchdog observer's callback: what any
    reaction to a dropped file costs before the app does anything."""

    label = "bare watchdog: file written -> Observer callback (same folder)"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.handler = _Closed()
        self.observer = Observer()  # the native observer (inotify on Linux), as keep_syncing uses on a local disk
        self.observer.schedule(self.handler, str(folder), recursive=True)
        self.observer.start()
        self.count = 0

    def once(self, timeout: float = 5.0) -> int:
        self.count += 1
        # A dot-name: the app's own watcher ignores it, so this can run beside a watching laptop.
        path = self.folder / f".bench-echo-{self.count}"
        self.handler.expected = str(path)
        self.handler.seen.clear()
        path.write_bytes(b"x" * 4096)
        written = time.perf_counter_ns()
        if not self.handler.seen.wait(timeout):
            raise SystemExit(f"bench: no file event within {timeout} s for {path}")
        # The close happens inside write_bytes: the callback can, rarely, run before it returns.
        return max(0, self.handler.at_ns - written)

    def close(self) -> None:
        self.observer.stop()
        self.observer.join(timeout=5)
