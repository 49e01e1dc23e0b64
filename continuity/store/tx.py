"""The single write path: one explicit transaction writes entity rows, their journal entries and
the audit entry together, or nothing.

Every field change becomes a journal entry (device, gap-free sequence number, hybrid logical clock,
entity, id, field, JSON value, user): that journal is what sync ships to the other laptops.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import sqlite_utils

from continuity.core import hlc
from continuity.core.audit_chain import entry_hash
from continuity.core.errors import DomainError
from continuity.core.identifiers import NumberRange, take_number
from continuity.store import conflicts
from continuity.store import connection
from continuity.store.connection import open_database
from continuity.store.patients import NAME_FIELDS, refresh_search_names
from continuity.store.patients import insert_rows as insert_patient_rows
from continuity.store.schema import migrate

# Replicated entities and the table each lives in. Only these go through the journal.
ENTITY_TABLES = {
    "patient": "patients",
    "stay": "stays",
    "movement": "movements",
    "birth": "births",
    "bed": "beds",
    "staff": "staff",
    "assignment": "rota_assignments",
    "absence": "rota_absences",
    "publication": "rota_publications",
    "credential": "credentials",
}
_PRIMARY_KEY = "id"

# Columns that are not journaled because every laptop recomputes them:
# - derived from other data (a stay's status and place are what its movements say; the folded
#   search words come from the names), so merged movement events can never disagree with them;
# - taken from the journal entry itself on the receiving side (who, when, which clock).
NOT_JOURNALED: dict[str, frozenset[str]] = {
    "patient": frozenset({"search_names", "phonetic_names", "created_at", "created_by", "created_device"}),
    "stay": frozenset({"status", "unit", "bed_id", "with_mother", "admitted_at", "discharged_at", "destination", "created_at"}),
    "movement": frozenset({"entered_at", "entered_by", "hlc"}),
    "birth": frozenset(),
    "bed": frozenset(),
    "staff": frozenset(),
    "assignment": frozenset(),
    "absence": frozenset(),
    "publication": frozenset(),
    "credential": frozenset(),
}

Clock = Callable[[], float]


def _encode(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (list, dict)) else value


_encode_string = json.encoder.encode_basestring  # C-accelerated; json.dumps is 3x slower per value


def journal_value(value: Any) -> str:
    """A field value as JSON text, fast for the common scalar cases."""
    if value is None:
        return "null"
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if kind is int:
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def source_number(db: sqlite_utils.Database, device_id: str) -> int:
    """The local journal number of a device id (assigned on first sight)."""
    row = next(db.query("SELECT source FROM journal_sources WHERE device_id = ?", [device_id]), None)
    if row is not None:
        return row["source"]
    return db.execute("INSERT INTO journal_sources (device_id) VALUES (?)", [device_id]).lastrowid


class NotEnrolled(DomainError):
    pass


class Store:
    """The local database of one laptop."""

    def __init__(self, path: Path, *, key: bytes | None = None, clock: Clock = time.time) -> None:
        """Open (or create) the database; ``key`` is its SQLCipher key (None only for a clear
        database of an earlier version, which its enrolment package then encrypts)."""
        self.path = Path(path)
        self.key = key
        self.db: sqlite_utils.Database = open_database(self.path, key)
        self.clock = clock
        migrate(self.db, self.path, key)  # backs the file up first when it already holds data

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def close(self) -> None:
        self.db.close()

    def device(self) -> dict | None:
        rows = list(self.db.query("SELECT * FROM device WHERE id = 1"))
        return rows[0] if rows else None

    def data_version(self) -> int:
        """Changes whenever another connection (another process on this laptop: the command line,
        a sync watcher) commits to this database; never for this connection's own writes."""
        return next(self.db.query("PRAGMA data_version"))["data_version"]

    def now(self) -> datetime:
        return datetime.fromtimestamp(int(self.clock()), tz=timezone.utc)

    @contextmanager
    def write(self, user: str | None) -> Iterator[WriteTx]:
        """One write transaction. ``BEGIN IMMEDIATE`` takes the write lock up front, so two
        processes on the same data folder queue instead of failing half-way."""
        device = self.device()
        if device is None:
            raise NotEnrolled("This data folder is not enrolled: run 'continuity init --kit KIT --device NAME' first.")
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                tx = WriteTx(self, user)
                yield tx
                tx.finish()
                self.db.execute("COMMIT")
            except BaseException:
                if self.db.conn.in_transaction:
                    self.db.execute("ROLLBACK")
                raise
        except connection.OperationalError as error:
            if connection.is_disk_full(error):
                raise connection.disk_full() from None
            raise

    @contextmanager
    def raw_transaction(self) -> Iterator[sqlite_utils.Database]:
        """A plain transaction for enrolment, before any device row exists."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
            raise


class WriteTx:
    def __init__(self, store: Store, user: str | None) -> None:
        self.store = store
        self.db = store.db
        self.user = user
        state = next(self.db.query("SELECT * FROM device WHERE id = 1"))
        self.device_id: str = state["device_id"]
        self.source = source_number(self.db, self.device_id)
        self.next_seq: int = state["next_seq"]
        self.tx_id: int = state["next_tx"]
        self.audit_seq: int = state["audit_seq"]
        self.audit_head: str = state["audit_head"]
        # One clock reading per transaction: all its entries share the timestamp.
        self.hlc: int = hlc.tick(state["hlc"], int(store.clock() * 1000))
        # Entry time comes from the clock stamp, so that every laptop derives the same value from
        # the journal entry (sync fills remote rows' entered_at/created_at from it).
        self.now = hlc.wall_time(self.hlc).replace(microsecond=0)
        self.journaled = 0
        self.low_ranges: list[NumberRange] = []

    # -- replicated changes ------------------------------------------------------------------
    def set(self, entity: str, entity_id: str, fields: Mapping[str, Any]) -> None:
        """Write fields of one entity (creating its row if needed) and journal each field."""
        table = ENTITY_TABLES[entity]
        columns = {k: _encode(v) for k, v in fields.items()}
        assignments = ", ".join(f"[{c}] = ?" for c in columns)
        cursor = self.db.execute(
            f"UPDATE [{table}] SET {assignments} WHERE [{_PRIMARY_KEY}] = ?", [*columns.values(), entity_id]
        )
        created = cursor.rowcount == 0
        if created:
            names = [_PRIMARY_KEY, *columns]
            self.db.execute(
                f"INSERT INTO [{table}] ({', '.join(f'[{n}]' for n in names)}) VALUES ({', '.join('?' for _ in names)})",
                [entity_id, *columns.values()],
            )
        if entity == "patient" and NAME_FIELDS & fields.keys():
            refresh_search_names(self.db, entity_id)
        self._journal(entity, entity_id, fields, created)

    def _journal(self, entity: str, entity_id: str, fields: Mapping[str, Any], created: bool) -> None:
        skipped = NOT_JOURNALED[entity]
        names = [n for n, v in fields.items() if n not in skipped and not (created and v is None)]
        if not names:
            return
        # What each change replaces (by clock stamp): another laptop uses it to tell an update
        # made on top of its value from a concurrent edit (a conflict to review).
        bases = {} if created else self._current_stamps(entity, entity_id, names)
        rows = []
        for name in names:
            rows.append((self.source, self.next_seq, self.tx_id, self.hlc, entity, entity_id, name,
                         journal_value(fields[name]), self.user, bases.get(name)))
            self.next_seq += 1
        self.db.conn.executemany(
            "INSERT INTO journal (source, seq, tx, hlc, entity, entity_id, field, value, user, base_hlc) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        self.journaled += len(rows)
        if not created:  # an edit of a field under conflict may settle it (conflicts follow the journal)
            contested = [key for key in conflicts.keys_with_conflicts(self.db, [entity_id]) if key[0] == entity and key[2] in names]
            if contested:
                conflicts.recompute(self.db, contested, self.now.strftime("%Y-%m-%dT%H:%M:%SZ"))

    def _current_stamps(self, entity: str, entity_id: str, names: list[str]) -> dict[str, int]:
        marks = ", ".join("?" for _ in names)
        return {
            row[0]: row[1]
            for row in self.db.execute(
                f"SELECT field, max(hlc) FROM journal WHERE entity_id = ? AND entity = ? AND field IN ({marks}) GROUP BY field",
                [entity_id, entity, *names],
            )
        }

    # -- downtime numbers --------------------------------------------------------------------
    def take_number(self, kind: str) -> str:
        return self.take_numbers(kind, 1)[0]

    def take_numbers(self, kind: str, count: int) -> list[str]:
        """The next ``count`` downtime numbers of this laptop's block, or a clear refusal if it runs out."""
        row = next(self.db.query("SELECT * FROM number_ranges WHERE kind = ?", [kind]))
        block = NumberRange(kind, row["start"], row["end"])
        first = take_number(block, row["next"])
        take_number(block, first + count - 1)  # the last one must fit too
        self.db.execute("UPDATE number_ranges SET next = ? WHERE kind = ?", [first + count, kind])
        if block.is_low(first + count):
            self.low_ranges.append(block)
        return [str(first + i) for i in range(count)]

    # -- audit -------------------------------------------------------------------------------
    def audit(
        self,
        action: str,
        entity: str | None = None,
        entity_id: str | None = None,
        outcome: str = "ok",
        detail: Mapping[str, Any] | None = None,
        *,
        by: str | None = None,
    ) -> None:
        """One hash-chained audit entry. ``detail`` holds ids and codes only, never names or free text.
        ``by``: who acted, when not the transaction's user (a failed sign-in recorded later)."""
        # Normally audit_seq + 1. If someone inserted rows behind our back, step past them rather
        # than stop the ward: the broken chain is what `audit verify` will report.
        seq = max(self.audit_seq, self._highest_audit_seq()) + 1
        entry = {
            "seq": seq,
            "at": self.now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "device_id": self.device_id,
            "user": self.user if by is None else by,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "outcome": outcome,
            "detail": json.dumps(dict(detail or {}), sort_keys=True, separators=(",", ":")),
        }
        entry["prev_hash"] = self.audit_head
        entry["hash"] = entry_hash(entry, self.audit_head)
        self.db.execute(
            "INSERT INTO audit (seq, at, device_id, user, action, entity, entity_id, outcome, detail, prev_hash, hash) "
            "VALUES (:seq, :at, :device_id, :user, :action, :entity, :entity_id, :outcome, :detail, :prev_hash, :hash)",
            entry,
        )
        self.audit_seq = seq
        self.audit_head = entry["hash"]

    def _highest_audit_seq(self) -> int:
        return self.db.execute("SELECT coalesce(max(seq), 0) FROM audit").fetchone()[0]

    def finish(self) -> None:
        self.db.execute(
            "UPDATE device SET next_seq = ?, next_tx = ?, hlc = ?, audit_seq = ?, audit_head = ? WHERE id = 1",
            [self.next_seq, self.tx_id + (1 if self.journaled else 0), self.hlc, self.audit_seq, self.audit_head],
        )


def insert_many(tx: WriteTx, entity: str, rows: list[tuple[str, dict[str, Any]]]) -> None:
    """Bulk-create entities (same fields in every row), journaled like ``WriteTx.set``.

    For imports and the demo ward: one ``executemany`` for the rows and one for the journal.
    """
    if not rows:
        return
    table = ENTITY_TABLES[entity]
    columns = list(rows[0][1])
    names = [_PRIMARY_KEY, *columns]
    statement = f"INSERT INTO [{table}] ({', '.join(f'[{n}]' for n in names)}) VALUES ({', '.join('?' for _ in names)})"
    values = [[entity_id, *(_encode(fields[c]) for c in columns)] for entity_id, fields in rows]
    if entity == "patient":  # their search indexes filled in one statement each
        insert_patient_rows(tx.db, statement, values)
    else:
        tx.db.conn.executemany(statement, values)
    journaled = [c for c in columns if c not in NOT_JOURNALED[entity]]
    seq = tx.next_seq
    entries = []
    for entity_id, fields in rows:
        for name in journaled:
            value = fields[name]
            if value is None:
                continue  # a new entity's absent fields are null already: nothing to ship
            entries.append((tx.source, seq, tx.tx_id, tx.hlc, entity, entity_id, name, journal_value(value), tx.user))
            seq += 1
    tx.db.conn.executemany(
        "INSERT INTO journal (source, seq, tx, hlc, entity, entity_id, field, value, user) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        entries,
    )
    tx.next_seq = seq
    tx.journaled += len(entries)
