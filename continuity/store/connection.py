"""The one place where database connections are opened: SQLCipher, keyed with a raw random key."""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3.dbapi2 as driver
import sqlite_utils

from continuity.core.errors import DomainError
from continuity.paths import make_private_dir

BUSY_TIMEOUT_MS = 15_000
CLEAR_HEADER = b"SQLite format 3\x00"
# The binding's exception classes (the standard module's are different classes).
Error = driver.Error
IntegrityError = driver.IntegrityError
OperationalError = driver.OperationalError


class DiskFull(DomainError):
    """The laptop's disk (or the database's size limit) is full: nothing of the write was kept."""


def is_disk_full(error: BaseException) -> bool:
    return getattr(error, "sqlite_errorcode", None) == 13 or "database or disk is full" in str(error)  # SQLITE_FULL


def disk_full() -> DiskFull:
    return DiskFull("This laptop's disk is full: nothing was saved. Free some space or tell IT; reading still works.")


class DatabaseLocked(DomainError):
    """The database is encrypted and no key, or the wrong key, was given."""


def is_clear(path: Path) -> bool:
    """A database file in clear (an earlier version's): its first bytes are SQLite's own header."""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(CLEAR_HEADER)) == CLEAR_HEADER
    except FileNotFoundError:
        return False


def connect(path: Path, key: bytes | None, *, timeout: float = BUSY_TIMEOUT_MS / 1000, read_only: bool = False) -> driver.Connection:
    """A raw connection, keyed before anything else is read. The key is raw (64 hex digits): no
    per-open key derivation, the key itself is random and protected by the keyring."""
    exists = path.exists()
    target = f"file:{path}?mode=ro" if read_only else str(path)
    # isolation_level=None: no implicit transactions. Every write opens its own explicit
    # transaction (BEGIN IMMEDIATE in store.tx, sqlite-utils' atomic() elsewhere), so nothing is
    # ever left half-open by a stray statement.
    conn = driver.connect(target, timeout=timeout, check_same_thread=False, isolation_level=None, uri=read_only)
    # A wrong key is our refusal to word, not lines on the terminal from SQLCipher's own log.
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        if len(key) != 32:
            raise ValueError("a database key has 32 bytes")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")  # hex digits of our own key: nothing else in the text
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver.DatabaseError:
        conn.close()
        raise DatabaseLocked("This database cannot be opened with this key: sign in with a user of this laptop, or IT's key.",
                             field="password") from None
    if not exists and not read_only:
        # Only its owner can read it; SQLite gives its -wal and -shm files the database file's mode.
        os.chmod(path, 0o600)
    return conn


def open_database(path: Path, key: bytes | None = None) -> sqlite_utils.Database:
    """A connection to the local store: encrypted when ``key`` is given, WAL, synchronous=FULL, foreign keys on.

    WAL with NORMAL can lose the last commits on power loss; FULL does not. The file must be on a
    local disk: SQLite's locking (and WAL) is unreliable on network shares.
    """
    make_private_dir(path.parent)
    if key is None and path.exists() and path.stat().st_size and not is_clear(path):
        raise DatabaseLocked("This data folder is encrypted: sign in to open it.", field="password")
    conn = connect(path, key)
    db = sqlite_utils.Database(conn)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    # Nothing decrypted is ever spilled to a temporary file (SQLCipher builds keep temp in memory too).
    conn.execute("PRAGMA temp_store = MEMORY")
    # 64 MiB of page cache: random 128-bit ids scatter index writes; a small cache thrashes.
    conn.execute("PRAGMA cache_size = -65536")
    return db


def encrypt_copy(clear: Path, target: Path, key: bytes) -> None:
    """Copy a clear database into a new encrypted file (SQLCipher's export: schema, rows, user
    version), flushed to disk. ``target`` is overwritten if an earlier attempt left it half-written."""
    for leftover in (target, target.with_name(target.name + "-wal"), target.with_name(target.name + "-shm")):
        if leftover.exists():
            leftover.unlink()  # our own unfinished temporary file, never data
    conn = connect(clear, None)
    try:
        conn.execute("ATTACH DATABASE ? AS encrypted KEY ?", [str(target), f"x'{key.hex()}'"])
        conn.execute("SELECT sqlcipher_export('encrypted')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    os.chmod(target, 0o600)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def checkpoint(path: Path, key: bytes | None) -> None:
    """Fold the write-ahead log into the database file (before the file is copied or replaced)."""
    conn = connect(path, key)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
