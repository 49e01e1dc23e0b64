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


def check_entries(entries: list, columns: dict[str, dict[str, str]], now_ms: int) -> None:
    """Raise Unapplicable for the first entry this laptop must not apply."""
    latest = now_ms + MAX_FUTURE_MS
    for entry in entries:
        if not isinstance(entry, (list, tuple)) or len(entry) != _FIELDS_PER_ENTRY:
            raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
        seq, tx, stamp, entity, entity_id, name, value, user, base = entry
        if not (_is_int(seq) and 0 < seq <= MAX_STAMP and _is_int(tx) and 0 <= tx <= MAX_STAMP):
            raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
        for moment in (stamp, base):
            if moment is None and moment is base:  # a change made on nothing (a creation)
                continue
            if not _is_int(moment) or not 0 < moment <= MAX_STAMP or clock.unpack(moment)[0] > latest:
                raise Unapplicable("impossible_stamp", "This bundle carries an impossible clock time ({when}): the laptop's clock or the file is wrong.",
                                   when=_readable(moment))
        if not (isinstance(entity, str) and ENTITY_NAME.match(entity)):
            raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
        if not (isinstance(entity_id, str) and 0 < len(entity_id) <= MAX_ID_CHARS and entity_id.isprintable()):
            raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
        if not (user is None or isinstance(user, str) and len(user) <= MAX_USER_CHARS):
            raise Unapplicable("bad_entry", "This bundle holds a change of an unknown shape.")
        if not (isinstance(value, str) and len(value) <= MAX_VALUE_CHARS):
            raise Unapplicable("bad_value", "This bundle holds a value too long or of the wrong kind for {entity}.{column}.",
                               entity=entity, column=str(name)[:40])
        if entity not in columns:
            continue  # an entity of a newer version: kept in the journal, shown nowhere here
        kind = columns[entity].get(name) if isinstance(name, str) else None
        if kind is None:
            raise Unapplicable("newer_version", "This bundle was written by a newer version of Continuity ({entity}.{column} is unknown here): "
                               "it is kept and will apply once this laptop is updated.", entity=entity, column=str(name)[:40])
        if not _fits(value, kind):
            raise Unapplicable("bad_value", "This bundle holds a value too long or of the wrong kind for {entity}.{column}.",
                               entity=entity, column=str(name)[:40])


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _fits(text: str, kind: str) -> bool:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return False
    if value is None:
        return True
    if kind.startswith("INT"):
        return _is_int(value) and -(1 << 62) <= value <= (1 << 62)
    if kind in ("REAL", "FLOAT", "NUMERIC"):
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    # TEXT columns hold text, or a list / an object kept as JSON text (first names, details).
    return isinstance(value, (str, list, dict)) and (not isinstance(value, str) or "\x00" not in value)


def _readable(moment: object) -> str:
    if not _is_int(moment) or moment <= 0:
        return repr(moment)[:40]
    try:
        return clock.wall_time(min(moment, MAX_STAMP)).strftime("%d/%m/%Y %H:%M")
    except (OverflowError, OSError, ValueError):
        return str(moment)[:40]
