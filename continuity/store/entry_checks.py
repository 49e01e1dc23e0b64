"""Entries from another laptop are checked against this laptop's schema before any SQL is built.

A bundle is signed by a laptop of the kit, but its content is still untrusted: a newer version of the
product names columns this one lacks, a stolen laptop's key can sign anything, a damaged clock can
stamp year 2300. Every entity and field name must be one this version writes (never the id, never a
column every laptop computes for itself), every value must fit its column's type and size, and every
clock stamp must be possible. A bundle that fails is set aside whole with the reason; nothing of it
reaches SQL text, and the other laptops' bundles keep flowing."""

from __future__ import annotations

import json
import re

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


def check_entries(entries: list, columns: dict[str, dict[str, str]], now_ms: int, *, shaped: bool = False) -> list:
    """Raise Unapplicable for the first problem found in these entries (column by column: a bundle
    of 20 000 entries is checked in a few milliseconds). Returns the values decoded, in order.
    ``shaped``: the bundle layer already checked each entry's shape and types (sync/bundle.py)."""
    if not entries:
        return []
    if not shaped and any(not isinstance(e, (list, tuple)) or len(e) != _FIELDS_PER_ENTRY for e in entries):
        raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
    seqs, txs, stamps, entities, ids, names, values, users, bases = zip(*entries)
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
    if not shaped and (set(map(type, ids)) != {str} or not all(isinstance(u, str) for u in users if u is not None)):
        raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
    if max(map(len, ids)) > MAX_ID_CHARS or min(map(len, ids)) == 0 or not all(map(str.isprintable, ids)):
        raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
    if max((len(u) for u in users if u is not None), default=0) > MAX_USER_CHARS:
        raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
    kinds: dict[tuple[str, str], str | None] = {}
    for entity, name in set(zip(entities, names)):
        if entity not in columns:
            kinds[(entity, name)] = None  # an entity of a newer version: kept in the journal, shown nowhere here
            continue
        kind = columns[entity].get(name) if isinstance(name, str) else None
        if kind is None:
            raise Unapplicable("newer_version", "This bundle was written by a newer version of Continuity ({entity}.{column} is unknown here): "
                               "it is kept and will apply once this laptop is updated.", entity=entity, column=str(name)[:40])
        kinds[(entity, name)] = kind
    if (not shaped and set(map(type, values)) != {str}) or max(map(len, values)) > MAX_VALUE_CHARS:
        bad = next(i for i, v in enumerate(values) if not isinstance(v, str) or len(v) > MAX_VALUE_CHARS)
        raise _bad_value(entities[bad], names[bad])
    decoded = _decode_all(values)
    if decoded is None:
        bad = next(i for i, v in enumerate(values) if not _decodes(v))
        raise _bad_value(entities[bad], names[bad])
    # By kind of column, whole columns at a time; the entry at fault is looked for only on failure.
    kind_of = [kinds[pair] for pair in zip(entities, names)]
    integers = [v for k, v in zip(kind_of, decoded) if k is not None and k.startswith("INT") and v is not None]
    texts = [v for k, v in zip(kind_of, decoded) if k is not None and not k.startswith(("INT", "REAL", "FLOAT", "NUMERIC")) and v is not None]
    others = [(k, v) for k, v in zip(kind_of, decoded) if k in ("REAL", "FLOAT", "NUMERIC") and v is not None]
    sound = (
        (not integers or (set(map(type, integers)) == {int} and -(1 << 62) <= min(integers) and max(integers) <= (1 << 62)))
        and (not texts or (set(map(type, texts)) <= {str, list, dict} and "\x00" not in "".join(v for v in texts if type(v) is str)))
        and all(_fits(v, k) for k, v in others)
    )
    if not sound:
        bad = next(i for i, (k, v) in enumerate(zip(kind_of, decoded)) if k is not None and not _fits(v, k))
        raise _bad_value(entities[bad], names[bad])
    return decoded


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


_RAW = json.JSONDecoder().raw_decode


def _decode_all(values) -> list | None:
    """Every value decoded on its own (never by joining them: '"x' and 'y"' must not splice into one
    value), each one whole: None when one of them is not a single JSON value."""
    try:
        pairs = [_RAW(v) for v in values]
    except (ValueError, RecursionError):
        return None
    if [end for _value, end in pairs] != list(map(len, values)):
        return None  # something after the value (or whitespace around it): not what a laptop writes
    return [value for value, _end in pairs]


def _decodes(text: str) -> bool:
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fits(value: object, kind: str) -> bool:
    if value is None:
        return True
    if kind.startswith("INT"):
        return _is_int(value) and -(1 << 62) <= value <= (1 << 62)
    if kind in ("REAL", "FLOAT", "NUMERIC"):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    # TEXT columns hold text, or a list / an object kept as JSON text (first names, details).
    return isinstance(value, (list, dict)) or isinstance(value, str) and "\x00" not in value


def _readable(moment: object) -> str:
    if not _is_int(moment) or moment <= 0:
        return repr(moment)[:40]
    try:
        return clock.wall_time(min(moment, MAX_STAMP)).strftime("%d/%m/%Y %H:%M")
    except (OverflowError, OSError, ValueError):
        return str(moment)[:40]
