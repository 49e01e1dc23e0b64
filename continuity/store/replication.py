"""Sync's storage side: reading this laptop's journal for export, applying other laptops' journal
entries (last writer wins per field, losers kept as conflicts), and the bookkeeping of bundles."""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import operator
from collections.abc import Iterable
from dataclasses import dataclass, field

import orjson
import sqlite_utils

from continuity.core import hlc as clock
from continuity.store import conflicts as conflict_store
from continuity.store import connection
from continuity.store.entry_checks import Unapplicable, check_entries, columns_of, writable_columns
from continuity.store import patients as patient_store
from continuity.store.patients import NAME_FIELDS, refresh_search_names
from continuity.store.triggers import trigger_lifted
from continuity.store.tx import ENTITY_TABLES, WriteTx, _encode, source_number

# A journal entry as shipped: seq, tx, hlc, entity, entity_id, field, value (JSON text), user, base_hlc
Entry = tuple
_CHUNK = 500
# Rows are created in this order so that a stay's refresh finds its movements already there.
_ENTITY_ORDER = ("patient", "stay", "movement", "birth", "bed", "staff", "assignment", "absence", "publication")


# -- export ------------------------------------------------------------------------------------------
def local_entries(db: sqlite_utils.Database, device_id: str, after_seq: int, limit: int) -> list[Entry]:
    """This laptop's entries after ``after_seq``: about ``limit`` of them, cut at a transaction
    boundary (a bundle never carries half a transaction)."""
    source = source_number(db, device_id)
    rows = db.execute(
        "SELECT seq, tx, hlc, entity, entity_id, field, value, user, base_hlc FROM journal "
        "WHERE source = ? AND seq > ? ORDER BY seq LIMIT ?",
        [source, after_seq, limit + 1],
    ).fetchall()
    if len(rows) <= limit:
        return rows
    last_tx = rows[limit][1]
    cut = [r for r in rows[:limit] if r[1] != last_tx]
    if cut:
        return cut
    # One transaction larger than a bundle (a bulk import): ship it whole.
    return db.execute(
        "SELECT seq, tx, hlc, entity, entity_id, field, value, user, base_hlc FROM journal "
        "WHERE source = ? AND seq > ? AND tx = ? ORDER BY seq",
        [source, after_seq, last_tx],
    ).fetchall()


def pending_count(db: sqlite_utils.Database, device_id: str, after_seq: int) -> int:
    """Sequence numbers are gap-free: what is left to send is a subtraction, not a count."""
    return max(0, last_local_seq(db, device_id) - after_seq)


def last_local_seq(db: sqlite_utils.Database, device_id: str) -> int:
    source = source_number(db, device_id)
    return db.execute("SELECT coalesce(max(seq), 0) FROM journal WHERE source = ?", [source]).fetchone()[0]


def entries_between(db: sqlite_utils.Database, device_id: str, first_seq: int, last_seq: int) -> list[Entry]:
    """A laptop's own entries numbered first_seq..last_seq, as a bundle carries them."""
    return db.execute(
        "SELECT seq, tx, hlc, entity, entity_id, field, value, user, base_hlc FROM journal "
        "WHERE source = ? AND seq BETWEEN ? AND ? ORDER BY seq",
        [source_number(db, device_id), first_seq, last_seq],
    ).fetchall()


def own_streams(db: sqlite_utils.Database) -> list[dict]:
    """The streams this laptop exported (its device id, and earlier ones after a re-enrolment)."""
    return list(db.query("SELECT DISTINCT device_id FROM sync_outbox"))


def outbox_last(db: sqlite_utils.Database, device_id: str) -> dict | None:
    return next(db.query("SELECT * FROM sync_outbox WHERE device_id = ? ORDER BY bundle_no DESC LIMIT 1", [device_id]), None)


def outbox(db: sqlite_utils.Database, device_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM sync_outbox WHERE device_id = ? ORDER BY bundle_no", [device_id]))


def record_export(db: sqlite_utils.Database, row: dict) -> None:
    db["sync_outbox"].insert(row)


def mark_seen(db: sqlite_utils.Database, device_id: str, seen: list[tuple[int, int, int]], at: str) -> None:
    """(bundle number, size, mtime_ns) of own files found in the folder with the right content."""
    db.conn.executemany(
        "UPDATE sync_outbox SET seen_size = ?, seen_mtime_ns = ?, seen_at = ?, published_at = coalesce(published_at, ?) "
        "WHERE device_id = ? AND bundle_no = ?",
        [(size, mtime, at, at, device_id, number) for number, size, mtime in seen])


def withdraw_outbox(db: sqlite_utils.Database, device_id: str, from_bundle: int, at: str) -> list[dict]:
    """Take back bundles never published (their changes are sent again, renumbered, after the ones
    this laptop recovers); what they were is kept in the sync log."""
    rows = list(db.query("SELECT * FROM sync_outbox WHERE device_id = ? AND bundle_no >= ? ORDER BY bundle_no", [device_id, from_bundle]))
    assert all(r["published_at"] is None for r in rows), "a published bundle is never taken back"
    record_event(db, at, "withdrawn", {"device_id": device_id, "bundles": rows})
    db.execute("DELETE FROM sync_outbox WHERE device_id = ? AND bundle_no >= ?", [device_id, from_bundle])
    return rows


# -- import ------------------------------------------------------------------------------------------
def peer(db: sqlite_utils.Database, device_id: str) -> dict:
    return next(db.query("SELECT * FROM sync_peers WHERE device_id = ?", [device_id]), None) or {
        "device_id": device_id, "last_bundle": 0, "last_seq": 0, "last_hash": "", "last_applied_at": None,
        "last_seen_at": None, "hlc_max": 0, "waiting_from": None, "waiting_to": None,
    }


def peers(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT * FROM sync_peers ORDER BY device_id"))


def save_peer(db: sqlite_utils.Database, row: dict) -> None:
    db["sync_peers"].upsert(row, pk="device_id")


def applied(db: sqlite_utils.Database, device_id: str, bundle_no: int) -> dict | None:
    return next(db.query("SELECT * FROM sync_applied WHERE device_id = ? AND bundle_no = ?", [device_id, bundle_no]), None)



def record_applied(db: sqlite_utils.Database, row: dict) -> None:
    db["sync_applied"].insert(row)


@dataclass
class ApplyResult:
    entries: int = 0
    conflicts: int = 0
    touched: dict[str, set[str]] = field(default_factory=dict)
    written: dict[tuple[str, str, str], object] = field(default_factory=dict)  # (entity, id, field) -> the value now held


def apply_entries(tx: WriteTx, device_id: str, entries: list[Entry]) -> ApplyResult:
    """Entries given as rows, whose shape nobody checked yet: see apply_columns."""
    return apply_columns(tx, device_id, columns_of(entries), shaped=False)


def apply_columns(tx: WriteTx, device_id: str, columns: tuple[tuple, ...], *, shaped: bool = True) -> ApplyResult:
    """Check every entry against this laptop's schema (entry_checks), then apply them. Whatever the
    database still refuses is Unapplicable: the bundle is set aside alone, never a crash of the pass.
    ``columns``: the entries column by column; ``shaped``: a bundle whose types the bundle layer checked."""
    decoded = check_entries(columns, writable_columns(tx.db), int(tx.store.clock() * 1000), shaped=shaped)
    try:
        return _apply_columns(tx, device_id, columns, decoded)
    except connection.IntegrityError as error:
        raise Unapplicable(
            "unapplicable", "This bundle cannot be applied here ({error}): two laptops probably share a number block.",
            error=str(error).split(":")[0],
        ) from None
    except (connection.Error, ValueError, TypeError, OverflowError) as error:
        raise Unapplicable("unapplicable", "This bundle cannot be applied here ({error}).", error=type(error).__name__) from None


def _apply_columns(tx: WriteTx, device_id: str, columns: tuple[tuple, ...], decoded: list) -> ApplyResult:
    """Apply another laptop's entries in the open transaction (``decoded``: their values, checked).

    Per field the value in force is the entry with the highest (clock stamp, laptop, sequence
    number), whatever the order entries arrive in: the sequence number only parts two writes of one
    field in one transaction, and the later one is what the writer's own row holds. An entry not
    written on top of the value held here (its base is another stamp) from another laptop, with a
    different value, is a concurrent edit: the losing value is kept as a conflict to review."""
    db = tx.db
    source = source_number(db, device_id)
    seqs, _txs, stamps, entities, ids, names = columns[:6]
    result = ApplyResult(entries=len(seqs))
    keys = list(zip(entities, ids, names))
    known = set(entities) <= ENTITY_TABLES.keys()  # else a newer version's entity: journal only
    entity_ids = sorted(set(ids))
    tops, writers = _current_tops(db, entity_ids)  # (entity, id, field) -> (hlc, device_id, value, seq); who wrote it
    if known and all(map(operator.lt, seqs, seqs[1:])) and all(map(operator.le, stamps, stamps[1:])):
        finals, creators, contested = _winners_in_order(device_id, columns, decoded, keys, tops, writers)
    else:
        finals, creators, contested = _winners(device_id, columns, decoded, keys, tops, writers)
    for entity, entity_id in creators:
        result.touched.setdefault(entity, set()).add(entity_id)
    result.written = finals
    db.conn.executemany(
        "INSERT INTO journal (source, seq, tx, hlc, entity, entity_id, field, value, user, base_hlc) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        zip(itertools.repeat(source), *columns),
    )
    _write_rows(tx, device_id, finals, {pair: (stamps[i], columns[7][i]) for pair, i in creators.items()}, _existing_rows(db, creators))
    conflicted = conflict_store.keys_with_conflicts(db, entity_ids)  # fields with conflicts: recomputed too
    if conflicted:
        contested |= conflicted & {key for key in keys if key[0] in ENTITY_TABLES}
    result.conflicts = conflict_store.recompute(db, contested, tx.now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    tx.hlc = clock.receive(tx.hlc, max(stamps), int(tx.store.clock() * 1000))
    return result


# The value in force per field; each entity's first entry (its index); the fields another laptop wrote too.
Winners = tuple[dict[tuple[str, str, str], object], dict[tuple[str, str], int], set[tuple[str, str, str]]]


def _winners_in_order(device_id: str, columns: tuple[tuple, ...], decoded: list, keys: list, tops: dict, writers: dict) -> Winners:
    """The common bundle: known entities, in sequence order, stamps never going back. Within it the
    last entry of each field is the highest (stamp, laptop, seq): found by dictionaries built in C,
    not by a Python loop over every entry (a bulk import ships hundreds of thousands)."""
    seqs, _txs, stamps, entities, ids = columns[:5]
    count = len(keys)
    last = dict(zip(keys, range(count)))
    creators = dict(zip(zip(reversed(entities), reversed(ids)), range(count - 1, -1, -1)))  # each entity's first entry
    finals: dict[tuple[str, str, str], object] = {}
    contested: set[tuple[str, str, str]] = set()
    for key in last.keys() & tops.keys():  # fields held here already: compete with the value in force
        seen = writers[key]
        if len(seen) > (device_id in seen):  # another laptop wrote this field too
            contested.add(key)
        index = last.pop(key)
        current = tops[key]
        if (stamps[index], device_id, seqs[index]) > (current[0], current[1], current[3]):
            finals[key] = decoded[index]
    finals.update(zip(last.keys(), map(decoded.__getitem__, last.values())))
    return finals, creators, contested


def _winners(device_id: str, columns: tuple[tuple, ...], decoded: list, keys: list, tops: dict, writers: dict) -> Winners:
    """Any other bundle (a restored laptop's, a hostile one, a newer version's): entry by entry."""
    seqs, stamps = columns[0], columns[2]
    creators: dict[tuple[str, str], int] = {}
    finals: dict[tuple[str, str, str], object] = {}
    contested: set[tuple[str, str, str]] = set()
    best: dict[tuple[str, str, str], tuple] = {}  # per field: the (stamp, laptop, seq) in force so far
    for index in sorted(range(len(keys)), key=seqs.__getitem__):
        key = keys[index]
        if key[0] not in ENTITY_TABLES:
            continue  # a newer version's entity: kept in the journal, not shown here
        mark = (stamps[index], device_id, seqs[index])
        held = best.get(key)
        if held is None:  # first sight of this field in the bundle: what is held here already
            creators.setdefault(key[:2], index)
            current = tops.get(key)
            if current is not None:
                held = (current[0], current[1], current[3])
                seen = writers[key]
                if len(seen) > (device_id in seen):
                    contested.add(key)
        if held is None or mark > held:
            best[key] = mark
            finals[key] = decoded[index]
        else:
            best[key] = held
    return finals, creators, contested


@dataclass
class Recovery:
    entries: int = 0  # changes of its own this laptop had lost and took back
    renumbered: int = 0  # changes typed since the restore, moved after the recovered ones
    touched: dict[str, set[str]] = field(default_factory=dict)
    # Numbers handed out twice (before the restore, and again since): the one given since changes.
    new_numbers: list[dict] = field(default_factory=list)


def recover_own(tx: WriteTx, device_id: str, entries: list[Entry], first_lost_seq: int) -> Recovery:
    """Take back this laptop's own changes from bundles it published before its data folder was
    restored from an older copy (they are signed with its own key; the caller checked them).

    Changes typed since the restore that reused the lost sequence numbers were never sent (sending
    checks the folder first): they are moved after the recovered ones, in their order, so the stream
    other laptops know continues unbroken. Entries both here and in a bundle (typed before the
    backup was taken, sent after) are kept once. The clock, the transaction counter and the downtime
    number blocks move past everything recovered: no IPP or NDA handed out before is given again."""
    check_entries(columns_of(entries), writable_columns(tx.db), int(tx.store.clock() * 1000))
    db = tx.db
    source = source_number(db, device_id)
    lost = {e[0]: tuple(e) for e in entries}
    last_lost = max(lost)
    held = db.execute(
        "SELECT seq, tx, hlc, entity, entity_id, field, value, user, base_hlc FROM journal WHERE source = ? AND seq >= ? ORDER BY seq",
        [source, first_lost_seq],
    ).fetchall()
    kept = {row[0] for row in held if lost.get(row[0]) == tuple(row)}
    moved = [row for row in held if row[0] not in kept]
    if moved:
        _renumber(db, source, [row[0] for row in moved], last_lost + 1)
    missing = [e for seq, e in sorted(lost.items()) if seq not in kept]
    result = Recovery(entries=len(missing), renumbered=len(moved))
    tx.next_seq = max(tx.next_seq, last_lost + len(moved) + 1)
    tx.tx_id = max(tx.tx_id, max(e[1] for e in entries) + 1)
    _skip_numbers_handed_out(db, entries)
    result.new_numbers = _give_new_numbers(tx, missing)
    if missing:
        columns = columns_of(missing)
        result.touched = _apply_columns(tx, device_id, columns, [orjson.loads(value) for value in columns[6]]).touched
    return result


_NUMBERED = {("patient", "ipp"): ("patients", "ipp"), ("stay", "nda"): ("stays", "nda")}


def _who(db: sqlite_utils.Database, entity: str, entity_id: str) -> dict:
    """Whose number changed: the patient (her names), for the message that asks for a new wristband."""
    patient_id = entity_id if entity == "patient" else (db.execute("SELECT patient_id FROM stays WHERE id = ?", [entity_id]).fetchone() or [None])[0]
    row = db.execute("SELECT birth_name, first_names, used_name FROM patients WHERE id = ?", [patient_id]).fetchone()
    return {"birth_name": row[0], "first_names": json.loads(row[1] or "[]"), "used_name": row[2]} if row else {}


def _give_new_numbers(tx: WriteTx, lost: list[Entry]) -> list[dict]:
    """An IPP or NDA the laptop handed out before the restore and, not knowing it, again since: the
    patient or stay that had it first keeps it; the one given it since gets a new number (a local,
    journaled change) and the user is told, so that its wristband is printed again."""
    changed = []
    for e in lost:
        if (e[3], e[5]) not in _NUMBERED:
            continue
        table, column = _NUMBERED[(e[3], e[5])]
        number = json.loads(e[6])
        holder = tx.db.execute(f"SELECT id FROM [{table}] WHERE [{column}] = ? AND id <> ?", [number, e[4]]).fetchone()
        if holder is None:
            continue
        fresh = tx.take_number(column)
        tx.set(e[3], holder[0], {column: fresh})
        changed.append({"entity": e[3], "id": holder[0], "kind": column, "old": number, "new": fresh, **_who(tx.db, e[3], holder[0])})
    return changed


def _renumber(db: sqlite_utils.Database, source: int, seqs: list[int], first: int) -> None:
    """Move never-sent entries to new sequence numbers. The journal is append-only (a trigger refuses
    edits); this one move of rows that never left the laptop lifts it inside the transaction and puts
    it back before the transaction ends (the caller audits it)."""
    with trigger_lifted(db, "journal_no_update"):
        for offset, seq in enumerate(seqs):  # negative first: no clash with rows still to move
            db.execute("UPDATE journal SET seq = ? WHERE source = ? AND seq = ?", [-(first + offset), source, seq])
        db.execute("UPDATE journal SET seq = -seq WHERE source = ? AND seq < 0", [source])


def _skip_numbers_handed_out(db: sqlite_utils.Database, entries: list[Entry]) -> None:
    wanted = {("patient", "ipp"): "ipp", ("stay", "nda"): "nda"}
    highest: dict[str, int] = {}
    for e in entries:
        kind = wanted.get((e[3], e[5]))
        if kind is None:
            continue
        try:
            number = int(json.loads(e[6]))
        except (ValueError, TypeError):
            continue
        highest[kind] = max(highest.get(kind, 0), number)
    for kind, number in highest.items():
        db.execute("UPDATE number_ranges SET next = ? WHERE kind = ? AND next <= ? AND ? BETWEEN start AND [end]",
                   [number + 1, kind, number, number])


def _current_tops(db: sqlite_utils.Database, ids: list[str]) -> tuple[dict[tuple[str, str, str], tuple], dict[tuple[str, str, str], set[str]]]:
    """Per (entity, id, field) held here: the value in force (stamp, device, value, seq), and which
    laptops wrote it. Keyed by entity too: an entry of another entity reusing an id never competes."""
    tops: dict[tuple[str, str, str], tuple] = {}
    writers: dict[tuple[str, str, str], set[str]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for entity, entity_id, name, stamp, device, value, seq in db.execute(
            f"SELECT j.entity, j.entity_id, j.field, j.hlc, s.device_id, j.value, j.seq FROM journal j "
            f"JOIN journal_sources s ON s.source = j.source WHERE j.entity_id IN ({marks})",
            chunk,
        ):
            key = (entity, entity_id, name)
            candidate = (stamp, device, value, seq)
            current = tops.get(key)
            if current is None or (stamp, device, seq) > (current[0], current[1], current[3]):
                tops[key] = candidate
            writers.setdefault(key, set()).add(device)
    return tops, writers


def _existing_rows(db: sqlite_utils.Database, written: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Those of these (entity, id) whose row already exists here."""
    by_entity: dict[str, set[str]] = {}
    for entity, entity_id in written:
        by_entity.setdefault(entity, set()).add(entity_id)
    found: set[tuple[str, str]] = set()
    for entity, id_set in by_entity.items():
        ids = sorted(id_set)
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            found.update((entity, r[0]) for r in db.execute(f"SELECT id FROM [{ENTITY_TABLES[entity]}] WHERE id IN ({marks})", chunk))
    return found


@functools.lru_cache(maxsize=4096)
def _stored_time(stamp: int) -> str:
    # One transaction's entries share a stamp: thousands of rows, a few distinct times.
    return clock.wall_time(stamp).strftime("%Y-%m-%dT%H:%M:%SZ")


def _metadata(entity: str, stamp: int, user: str | None, device_id: str) -> dict:
    """Columns a laptop fills from the journal entry that created the row (who, when, which clock)."""
    when = _stored_time(stamp)
    if entity == "patient":
        return {"created_at": when, "created_by": user, "created_device": device_id}
    if entity == "stay":
        return {"created_at": when}
    if entity == "movement":
        return {"entered_at": when, "entered_by": user, "hlc": stamp}
    return {}


def _write_rows(tx: WriteTx, device_id: str, finals: dict, creators: dict[tuple[str, str], tuple[int, str | None]],
                existing: set[tuple[str, str]]) -> None:
    """The winning values into the entity rows; ``creators``: each new entity's first (stamp, user)."""
    db = tx.db
    by_entity: dict[str, dict[str, dict]] = {entity: {} for entity in (*_ENTITY_ORDER, *ENTITY_TABLES)}
    fields: dict = {}
    last_entity = last_id = None
    for (entity, entity_id, name), value in finals.items():  # values already decoded
        if entity_id != last_id or entity != last_entity:  # one entity's fields mostly come together
            fields = by_entity[entity].setdefault(entity_id, {})
            last_entity, last_id = entity, entity_id
        fields[name] = _encode(value) if type(value) in (list, dict) else value
    # Rows with the same columns are written by one executemany (a bulk import creates thousands
    # of rows of a few shapes); column names come from the schema-checked entries, never from data.
    # Patients before stays before movements (a stay's refresh finds its movements there), each
    # entity's rows by id: every laptop inserts in the same order.
    statements: dict[tuple[str, str, tuple[str, ...]], list[list]] = {}  # (verb, table, columns) -> rows
    renamed: list[str] = []
    for entity, rows in by_entity.items():
        table = ENTITY_TABLES[entity]
        for entity_id in sorted(rows):
            values = rows[entity_id]
            if (entity, entity_id) in existing:
                statements.setdefault(("UPDATE", table, tuple(values)), []).append([*values.values(), entity_id])
                if entity == "patient" and NAME_FIELDS & values.keys():
                    renamed.append(entity_id)
            elif entity == "bed":
                continue  # a bed this laptop's kit does not know: the change stays in the journal only
            else:
                row = {**values, **_metadata(entity, *creators[(entity, entity_id)], device_id)}
                if entity == "patient":  # the derived name columns straight away (not an insert then an update)
                    names = finals.get(("patient", entity_id, "first_names"))
                    row.update(patient_store.name_columns(row.get("birth_name"), row.get("used_name"), names if isinstance(names, list) else [],
                                                          row.get("used_first_name")))
                statements.setdefault(("INSERT", table, tuple(row)), []).append([entity_id, *row.values()])
    for (verb, table, columns), rows in statements.items():  # insertion order: patients before stays, as above
        if (verb, table) == ("INSERT", "patients"):
            patient_store.insert_rows(db, _statement(verb, table, columns), rows)
        else:
            db.conn.executemany(_statement(verb, table, columns), rows)
    for entity_id in renamed:
        refresh_search_names(db, entity_id)
    # Every entity this bundle touched that was here already, not only those whose values won: the
    # same entity created on two laptops (the main system's census loaded on each, its ids derived
    # from its numbers) must end with the same creator everywhere, the earliest.
    _fix_metadata_of_existing(db, {key for key in existing if key[0] in ("patient", "stay", "movement")})


@functools.lru_cache(maxsize=512)
def _statement(verb: str, table: str, columns: tuple[str, ...]) -> str:
    """The SQL for rows of one shape, built once (names from the schema-checked entries)."""
    if verb == "UPDATE":
        return f"UPDATE [{table}] SET {', '.join(f'[{c}] = ?' for c in columns)} WHERE id = ?"
    names = ("id", *columns)
    return f"INSERT INTO [{table}] ({', '.join(f'[{n}]' for n in names)}) VALUES ({', '.join('?' for _ in names)})"


def _fix_metadata_of_existing(db: sqlite_utils.Database, touched: set[tuple[str, str]]) -> None:
    """An update can arrive before the creation it follows (from a third laptop): the row was then
    made from the update. Who created it, when, and a movement's clock stamp come from the entity's
    earliest entry, so every laptop ends with the same values whatever the order."""
    for entity, entity_id in sorted(touched):
        if entity not in ("patient", "stay", "movement"):
            continue
        first = db.execute(
            "SELECT j.seq, j.tx, j.hlc, j.entity, j.entity_id, j.field, j.value, j.user, j.base_hlc, s.device_id "
            "FROM journal j JOIN journal_sources s ON s.source = j.source WHERE j.entity_id = ? AND j.entity = ? "
            "ORDER BY j.hlc, s.device_id, j.seq LIMIT 1",
            [entity_id, entity],
        ).fetchone()
        values = _metadata(entity, first[2], first[7], first[9])
        assignments = ", ".join(f"[{c}] = ?" for c in values)
        db.execute(f"UPDATE [{ENTITY_TABLES[entity]}] SET {assignments} WHERE id = ?", [*values.values(), entity_id])


def stays_to_refresh(db: sqlite_utils.Database, touched: dict[str, set[str]], known: dict | None = None) -> list[str]:
    """Stays whose derived state may have changed: the stays touched and those of touched movements
    and births. ``known``: values just written, (entity, id, field) -> value, which spare reading
    back a new movement's or birth's stays."""
    known = known or {}
    stay_ids = set(touched.get("stay", set()))
    to_read = []
    for movement_id in touched.get("movement", set()):
        stay_id = known.get(("movement", movement_id, "stay_id"))
        if stay_id is None:
            to_read.append(movement_id)
        else:
            stay_ids.add(stay_id)
    to_read.sort()
    for start in range(0, len(to_read), _CHUNK):
        chunk = to_read[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        stay_ids.update(r[0] for r in db.execute(f"SELECT stay_id FROM movements WHERE id IN ({marks})", chunk) if r[0])
    births = sorted(touched.get("birth", set()))
    for start in range(0, len(births), _CHUNK):
        chunk = births[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for mother, newborn in db.execute(f"SELECT mother_stay_id, newborn_stay_id FROM births WHERE id IN ({marks})", chunk):
            stay_ids.update(s for s in (mother, newborn) if s)
    return sorted(stay_ids)


# -- quarantine, retries, conflicts ---------------------------------------------------------------
# Reasons that a newer version of the product, or the file completing, may still cure: such a file
# is looked at again at every pass (and applied once it can be), not settled for good.
# An undecryptable bundle may be sealed with a ward secret a revocation not read yet brings.
# An unauthenticated user's certificate may check against a user key a newer kit refresh brings.
_CURABLE = ("newer_version", "undecryptable", "unauthenticated_user")


def is_quarantined(db: sqlite_utils.Database, source_path: str, file_hash: str) -> bool:
    """This very file (where it lies, its bytes) was set aside for good before."""
    marks = ", ".join("?" for _ in _CURABLE)
    return db.execute(f"SELECT 1 FROM sync_quarantine WHERE source_path = ? AND file_hash = ? AND reason NOT IN ({marks})",
                      [source_path, file_hash, *_CURABLE]).fetchone() is not None


def resolve_quarantine(db: sqlite_utils.Database, device_id: str, bundle_no: int, at: str) -> None:
    """The bundle was applied after all (it had arrived cut short, or this laptop was updated): what
    was set aside of it under its own name is no longer a problem (kept, marked resolved)."""
    db.execute("UPDATE sync_quarantine SET resolved_at = ? WHERE device_id = ? AND bundle_no = ? AND resolved_at IS NULL "
               "AND reason IN ('truncated', 'newer_version', 'bad_signature', 'bad_header', 'bad_payload', 'not_a_bundle', 'undecryptable', 'unauthenticated_user')",
               [at, device_id, bundle_no])


def record_quarantine(db: sqlite_utils.Database, row: dict) -> bool:
    """True when the file is newly set aside (not one already listed)."""
    return db.execute(
        "INSERT OR IGNORE INTO sync_quarantine (file_name, source_path, file_hash, reason, detail, device_id, bundle_no, "
        "kept_as, quarantined_at) VALUES (:file_name, :source_path, :file_hash, :reason, :detail, :device_id, :bundle_no, "
        ":kept_as, :quarantined_at)",
        row,
    ).rowcount == 1


def quarantine(db: sqlite_utils.Database) -> list[dict]:
    """What is set aside and not resolved since."""
    return list(db.query("SELECT * FROM sync_quarantine WHERE resolved_at IS NULL ORDER BY id"))


def retry(db: sqlite_utils.Database, source_path: str) -> dict | None:
    return next(db.query("SELECT * FROM sync_retries WHERE source_path = ?", [source_path]), None)


def save_retry(db: sqlite_utils.Database, row: dict) -> None:
    db["sync_retries"].upsert(row, pk="source_path")


def forget_retry(db: sqlite_utils.Database, source_path: str) -> None:
    # Looked up first: an autocommitted DELETE of nothing still costs a transaction (an fsync) per file.
    if db.execute("SELECT 1 FROM sync_retries WHERE source_path = ?", [source_path]).fetchone():
        db.execute("DELETE FROM sync_retries WHERE source_path = ?", [source_path])


def conflicts(db: sqlite_utils.Database, status: str | None = "open") -> list[dict]:
    """Live conflicts (those a later edit settled are kept but not listed)."""
    if status is None:
        return list(db.query("SELECT * FROM sync_conflicts WHERE live = 1 ORDER BY id"))
    return list(db.query("SELECT * FROM sync_conflicts WHERE status = ? AND live = 1 ORDER BY id", [status]))


def close_conflict(db: sqlite_utils.Database, conflict_id: int, status: str, user: str, at: str) -> bool:
    cursor = db.execute(
        "UPDATE sync_conflicts SET status = ?, closed_by = ?, closed_at = ? WHERE id = ? AND status = 'open'",
        [status, user, at, conflict_id],
    )
    return cursor.rowcount == 1


def record_event(db: sqlite_utils.Database, at: str, kind: str, detail: dict) -> None:
    db["sync_events"].insert({"at": at, "kind": kind, "detail": json.dumps(detail, sort_keys=True)})


def events(db: sqlite_utils.Database, kind: str) -> list[dict]:
    return [{"at": r["at"], **json.loads(r["detail"])} for r in db.query("SELECT at, detail FROM sync_events WHERE kind = ? ORDER BY id", [kind])]


def last_event(db: sqlite_utils.Database, kind: str) -> dict | None:
    row = next(db.query("SELECT at, detail FROM sync_events WHERE kind = ? ORDER BY id DESC LIMIT 1", [kind]), None)
    return {"at": row["at"], **json.loads(row["detail"])} if row else None


# -- what the ward should look at -------------------------------------------------------------------
def shared_beds(db: sqlite_utils.Database) -> list[dict]:
    """Beds with more than one current stay: two laptops admitted to the same bed."""
    beds: dict[str, list[str]] = {}
    for row in db.query(
        "SELECT bed_id, nda FROM stays WHERE status IN ('active', 'on_leave') AND bed_id IS NOT NULL AND bed_id IN "
        "(SELECT bed_id FROM stays WHERE status IN ('active', 'on_leave') GROUP BY bed_id HAVING count(*) > 1) "
        "ORDER BY bed_id, nda"
    ):
        beds.setdefault(row["bed_id"], []).append(row["nda"])
    return [{"bed_id": bed, "stays": len(ndas), "ndas": " ".join(ndas)} for bed, ndas in beds.items()]


def double_stays(db: sqlite_utils.Database, limit: int = 200, survivors: dict[str, str] | None = None) -> list[dict]:
    """Patients with more than one current stay: the same woman admitted on two laptops while apart.
    With ``survivors`` (IT's merges: merged record -> the one that survives it), the current stays of
    records merged together are one woman's: merging two identities does not settle their two stays."""
    survivors = survivors or {}
    rows = db.execute_returning_dicts(
        "SELECT s.patient_id, s.nda || ' ' || coalesce(s.unit, '') || ' ' || coalesce(substr(s.bed_id, instr(s.bed_id, ':') + 1), '') "
        "AS stay FROM stays s WHERE s.status IN ('active', 'on_leave') ORDER BY s.rowid")
    grouped: dict[str, list[str]] = {}
    for row in rows:
        grouped.setdefault(survivors.get(row["patient_id"], row["patient_id"]), []).append(row["stay"])
    twice = {patient: stays for patient, stays in grouped.items() if len(stays) > 1}
    if not twice:
        return []
    marks = ",".join("?" * len(twice))
    people = db.execute_returning_dicts(f"SELECT id, ipp, birth_name, first_names, used_name FROM patients WHERE id IN ({marks})",
                                        list(twice))
    found = [{"ipp": p["ipp"], "birth_name": p["birth_name"], "first_names": p["first_names"], "used_name": p["used_name"],
              "stays": "|".join(twice[p["id"]])} for p in people]
    return sorted(found, key=lambda row: row["ipp"] or "")[:limit]


def state_hash(db: sqlite_utils.Database) -> str:
    """A hash of the replicated data (entity rows, derived values included): two laptops have the same
    hash exactly when they hold the same data, whatever order changes reached them in."""
    digest = hashlib.sha256()
    for entity in _ENTITY_ORDER:
        table = ENTITY_TABLES[entity]
        columns = [c.name for c in db[table].columns]
        digest.update(f"{table}:{','.join(columns)}\n".encode())
        for row in db.execute(f"SELECT {', '.join(f'[{c}]' for c in columns)} FROM [{table}] ORDER BY id"):
            digest.update(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            digest.update(b"\n")
    digest.update(b"conflicts:" + conflict_store.digest(db))  # conflicts converge too
    return digest.hexdigest()


def ward_counts(db: sqlite_utils.Database) -> dict[str, int]:
    """How many patients, stays, movements and births the database holds."""
    return {table: db.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0] for table in ("patients", "stays", "movements", "births")}


def signoffs(db: sqlite_utils.Database) -> set[tuple[str, str, str]]:
    """(device id, kind, detail) of the blocking items IT signed off."""
    return {(r[0], r[1], r[2]) for r in db.execute("SELECT device_id, kind, detail FROM reconcile_signoffs")}


def record_signoff(db: sqlite_utils.Database, row: dict) -> None:
    db["reconcile_signoffs"].insert(row)
