"""Entries from another laptop are checked against this laptop's schema before any SQL is built.

A bundle is signed by a laptop of the kit, but its content is still untrusted: a newer version of the
product names columns this one lacks, a stolen laptop's key can sign anything, a damaged clock can
stamp year 2300. Every entity and field name must be one this version writes (never the id, never a
column every laptop computes for itself), every value must fit its column's type and size, and every
clock stamp must be possible. A bundle that fails is set aside whole with the reason; nothing of it
reaches SQL text, and the other laptops' bundles keep flowing."""

from __future__ import annotations

import re
from datetime import date

import orjson
import sqlite_utils

from continuity.core import hlc as clock
from continuity.core.errors import DomainError
from continuity.store.tx import ENTITY_TABLES, NOT_JOURNALED

MAX_STAMP = (1 << 62) - 1  # far beyond any real clock, far below SQLite's 64-bit limit
MAX_FUTURE_MS = 24 * 3600 * 1000  # a laptop's clock may be a day off, never years
MAX_VALUE_CHARS = 20_000  # the longest free text (an address, a reason) is far shorter
MAX_ID_CHARS = 80
MAX_USER_CHARS = 200
ENTITY_NAME = re.compile(r"^[a-z][a-z_]{0,39}$")  # an entity of a newer version: kept in the journal only
_FIELDS_PER_ENTRY = 9
# Columns every laptop reads back as a time or a date (the board, the rota, the replay of a stay): a
# value in another shape would break each reader, so it is refused on arrival.
TIME_COLUMNS = frozenset({("movement", "at"), ("movement", "cancelled_at"), ("birth", "at"), ("publication", "published_at")})
DATE_COLUMNS = frozenset({("patient", "birth_date"), ("assignment", "day"), ("absence", "first_day"), ("absence", "last_day"),
                          ("publication", "first_day"), ("publication", "last_day")})
_TIME_SHAPE = re.compile(r"\d{4}-\d\d-\d\dT([01]\d|2[0-3]):[0-5]\d:[0-5]\dZ")
_DATE_SHAPE = re.compile(r"\d{4}-\d\d-\d\d")


class Unapplicable(DomainError):
    """Entries this laptop cannot apply; ``reason`` is a stable code (newer_version, impossible_stamp,
    bad_entry, unapplicable) and the message says it to a person."""

    def __init__(self, reason: str, message: str, /, **params: object) -> None:
        super().__init__(message, **params)
        self.reason = reason


def writable_columns(db: sqlite_utils.Database) -> dict[str, dict[str, str]]:
    """entity -> {column: declared type} for the columns a journal entry may set."""
    found = {}
    for entity, table in ENTITY_TABLES.items():
        columns = {c.name: (c.type or "").upper() for c in db[table].columns}
        found[entity] = {name: kind for name, kind in columns.items() if name != "id" and name not in NOT_JOURNALED[entity]}
    return found


def columns_of(entries: list) -> tuple[tuple, ...]:
    """Entries as rows turned into columns, once their shape is checked."""
    if any(not isinstance(e, (list, tuple)) or len(e) != _FIELDS_PER_ENTRY for e in entries):
        raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
    return tuple(zip(*entries))


def check_entries(columns: tuple[tuple, ...], schema: dict[str, dict[str, str]], now_ms: int, *, shaped: bool = False) -> list:
    """Raise Unapplicable for the first problem found in these entries, given column by column
    (seq, tx, hlc, entity, entity_id, field, value, user, base_hlc): a bundle of 20 000 entries is
    checked in a few milliseconds. Returns the values decoded, in order. ``shaped``: the bundle
    layer already checked every column's types (sync/bundle.py)."""
    if not columns or not columns[0]:
        return []
    seqs, txs, stamps, entities, ids, names, values, users, bases = columns
    if not shaped and set(map(type, seqs)) | set(map(type, txs)) != {int}:
        raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
    if min(seqs) <= 0 or max(seqs) > MAX_STAMP or min(txs) < 0 or max(txs) > MAX_STAMP:
        raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
    _check_stamps(stamps, now_ms)
    given_bases = [b for b in bases if b is not None]
    if given_bases:
        _check_stamps(given_bases, now_ms)
    if not all(isinstance(e, str) and ENTITY_NAME.match(e) for e in set(entities)):
        raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
    distinct_users = set(users) - {None}  # a few people write a bundle
    if not shaped and (set(map(type, ids)) != {str} or not all(isinstance(u, str) for u in distinct_users)):
        raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
    distinct_ids = set(ids)
    id_lengths = set(map(len, distinct_ids))
    if max(id_lengths) > MAX_ID_CHARS or min(id_lengths) == 0 or not "".join(distinct_ids).isprintable():
        raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
    if max(map(len, distinct_users), default=0) > MAX_USER_CHARS:
        raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
    kinds: dict[tuple[str, str], str | None] = {}
    for entity, name in set(zip(entities, names)):
        if entity not in schema:
            kinds[(entity, name)] = None  # an entity of a newer version: kept in the journal, shown nowhere here
            continue
        kind = schema[entity].get(name) if isinstance(name, str) else None
        if kind is None:
            raise Unapplicable("newer_version", "This bundle was written by a newer version of Continuity ({entity}.{column} is unknown here): "
                               "it is kept and will apply once this laptop is updated.", entity=entity, column=str(name)[:40])
        kinds[(entity, name)] = "TIME" if (entity, name) in TIME_COLUMNS else "DATE" if (entity, name) in DATE_COLUMNS else kind
    if (not shaped and set(map(type, values)) != {str}) or max(map(len, values)) > MAX_VALUE_CHARS:
        bad = next(i for i, v in enumerate(values) if not isinstance(v, str) or len(v) > MAX_VALUE_CHARS)
        raise _bad_value(entities[bad], names[bad])
    # Each distinct text is decoded once, and checked once per kind of column it is written to (a
    # bundle repeats its values: kinds, units, flags, users), whole kinds at a time; the entry at
    # fault is looked for only on failure.
    kind_of = list(map(kinds.__getitem__, zip(entities, names)))
    distinct = dict.fromkeys(values)
    try:
        decoded_of = dict(zip(distinct, map(orjson.loads, distinct)))
    except orjson.JSONDecodeError:
        decoded_of = {}
    if len(decoded_of) != len(distinct):
        bad = next(i for i, v in enumerate(values) if _decode(v) is _UNDECODABLE)
        raise _bad_value(entities[bad], names[bad])
    by_kind: dict[str, set[str]] = {}
    for kind, text in set(zip(kind_of, values)):
        if kind is not None:
            by_kind.setdefault(kind, set()).add(text)
    for kind, texts in by_kind.items():
        if not _all_fit(kind, texts, decoded_of):
            bad = next(i for i, (k, v) in enumerate(zip(kind_of, values)) if k == kind and not _all_fit(kind, {v}, decoded_of))
            raise _bad_value(entities[bad], names[bad])
    # The values handed back are shared between entries with the same text: never mutated.
    return list(map(decoded_of.__getitem__, values))


_TEXT_TYPES = frozenset({str, list, dict, type(None)})


def _all_fit(kind: str, texts: set[str], decoded_of: dict[str, object]) -> bool:
    """Every one of these texts, decoded, fits a column of this kind (whole sets at a time)."""
    values = list(map(decoded_of.__getitem__, texts))
    types = set(map(type, values))
    if kind.startswith("INT"):
        numbers = [v for v in values if v is not None]
        return types <= {int, type(None)} and (not numbers or (-(1 << 62) <= min(numbers) and max(numbers) <= (1 << 62)))
    if kind in ("REAL", "FLOAT", "NUMERIC"):
        return types <= {int, float, type(None)}
    if kind in ("TIME", "DATE"):
        return all(_fits(v, kind) for v in values)
    # Text, or a list / an object kept as JSON text, never a NUL (it can only come escaped in JSON).
    return types <= _TEXT_TYPES and "\\u0000" not in "".join(texts)


def _check_stamps(stamps, now_ms: int) -> None:
    if set(map(type, stamps)) != {int}:
        raise Unapplicable("impossible_stamp", "This bundle carries an impossible clock time ({when}): the laptop's clock or the file is wrong.",
                           when=_readable(next(s for s in stamps if not _is_int(s))))
    low, high = min(stamps), max(stamps)
    if low <= 0:
        raise Unapplicable("impossible_stamp", "This bundle carries an impossible clock time ({when}): the laptop's clock or the file is wrong.",
                           when=_readable(low))
    if high > MAX_STAMP or clock.unpack(high)[0] > now_ms + MAX_FUTURE_MS:
        raise Unapplicable("impossible_stamp", "This bundle carries an impossible clock time ({when}): the laptop's clock or the file is wrong.",
                           when=_readable(high))


def _bad_value(entity: object, name: object) -> Unapplicable:
    return Unapplicable("bad_value", "This bundle holds a value too long or of the wrong kind for {entity}.{column}.",
                        entity=str(entity)[:40], column=str(name)[:40])


_UNDECODABLE = object()


def _decode(text: str) -> object:
    """One value, decoded on its own (never by joining values: '"x' and 'y"' must not splice into one).
    orjson is strict where a laptop's own writing is: no NaN, no lone surrogate, nothing after the value."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return _UNDECODABLE


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fits(value: object, kind: str) -> bool:
    """A time or a date in the stored shape (the only kinds checked value by value)."""
    if value is None:
        return True
    if kind == "TIME":
        return type(value) is str and _TIME_SHAPE.fullmatch(value) is not None and _is_date(value[:10])
    return type(value) is str and _DATE_SHAPE.fullmatch(value) is not None and _is_date(value)


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _readable(moment: object) -> str:
    if not _is_int(moment) or moment <= 0:
        return repr(moment)[:40]
    try:
        return clock.wall_time(min(moment, MAX_STAMP)).strftime("%d/%m/%Y %H:%M")
    except (OverflowError, OSError, ValueError):
        return str(moment)[:40]
