"""Sign-in throttling, kept outside the encrypted database (which a wrong password cannot open).

``guard.db`` beside the database holds, per user name, the failures counted so far and when the next
attempt may be checked, plus each failed attempt until an audit trail can record it. Every attempt
is charged *before* its password is checked, in one ``BEGIN IMMEDIATE`` transaction: forty attempts
started at once are forty attempts, not one. It holds user names and times, no patient data.
"""

from __future__ import annotations

import time
from pathlib import Path

from continuity.store import connection

GUARD_NAME = "guard.db"


def _open(folder: Path) -> connection.driver.Connection:
    path = folder / GUARD_NAME
    try:
        return _prepare(connection.connect(path, None, timeout=60))
    except (connection.DatabaseLocked, connection.OperationalError) as error:
        if isinstance(error, connection.OperationalError) and connection.is_disk_full(error):
            raise
        if not path.exists() and not isinstance(error, connection.DatabaseLocked):
            raise
        # Damaged, or not a file: kept aside (it counts attempts, nothing else) and begun again.
        path.rename(path.with_name(f"{GUARD_NAME}.damaged-{time.time_ns()}"))
        return _prepare(connection.connect(path, None, timeout=60))


def _prepare(conn: connection.driver.Connection) -> connection.driver.Connection:
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE IF NOT EXISTS attempts (user TEXT PRIMARY KEY, failures INTEGER NOT NULL, next_at REAL NOT NULL)")
    conn.execute("CREATE TABLE IF NOT EXISTS failed (id INTEGER PRIMARY KEY, user TEXT NOT NULL, at REAL NOT NULL, recorded INTEGER "
                 "NOT NULL DEFAULT 0)")
    return conn


_in_memory: dict[str, tuple[int, float]] = {}  # while the disk is full: counted in this process only


def charge(folder: Path, user: str, now: float, delay_after, max_wait: float = 60) -> tuple[bool, float, int]:
    """Count an attempt for ``user`` before checking it. Returns (allowed, wait seconds, failures
    counted with this one); a refused attempt (still waiting) is not counted, so retrying does not
    lengthen anyone's wait."""
    try:
        return _charge(folder, user, now, delay_after, max_wait)
    except connection.OperationalError as error:
        if not connection.is_disk_full(error):
            raise
        failures, next_at = _in_memory.get(user, (0, 0.0))  # a full disk must not keep the ward from signing in
        if now < next_at <= now + max_wait:
            return False, next_at - now, failures
        _in_memory[user] = (failures + 1, now + delay_after(failures + 1))
        return True, 0.0, failures + 1


def _charge(folder: Path, user: str, now: float, delay_after, max_wait: float) -> tuple[bool, float, int]:
    conn = _open(folder)
    try:
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute("SELECT failures, next_at FROM attempts WHERE user = ?", [user]).fetchone()
        failures, next_at = row if row else (0, 0.0)
        # A wait longer than any this guard sets comes from a clock that was wrong (or a hand): never a lock-out.
        if now < next_at <= now + max_wait:
            conn.execute("COMMIT")
            return False, next_at - now, failures
        failures += 1
        conn.execute(
            "INSERT INTO attempts (user, failures, next_at) VALUES (?, ?, ?) "
            "ON CONFLICT(user) DO UPDATE SET failures = excluded.failures, next_at = excluded.next_at",
            [user, failures, now + delay_after(failures)],
        )
        conn.execute("COMMIT")
        return True, 0.0, failures
    finally:
        conn.close()


def failed(folder: Path, user: str, now: float) -> None:
    """The attempt charged was wrong: kept for the audit trail of the next sign-in."""
    _tolerant(folder, "INSERT INTO failed (user, at) VALUES (?, ?)", [user, now])


def succeeded(folder: Path, user: str) -> None:
    """A right password: the user's count starts again (the failures stay for the audit trail)."""
    _in_memory.pop(user, None)
    _tolerant(folder, "UPDATE attempts SET failures = 0, next_at = 0 WHERE user = ?", [user])


def _tolerant(folder: Path, statement: str, parameters: list) -> None:
    try:
        conn = _open(folder)
        try:
            conn.execute(statement, parameters)
        finally:
            conn.close()
    except connection.OperationalError as error:
        if not connection.is_disk_full(error):
            raise


def unrecorded_failures(folder: Path) -> list[tuple[int, str, float]]:
    conn = _open(folder)
    try:
        return conn.execute("SELECT id, user, at FROM failed WHERE recorded = 0 ORDER BY id").fetchall()
    finally:
        conn.close()


def mark_recorded(folder: Path, ids: list[int]) -> None:
    for i in ids:
        _tolerant(folder, "UPDATE failed SET recorded = 1 WHERE id = ?", [i])
