"""Conflicts to review, as a function of the journal: every laptop that holds the same journal entries
holds the same conflicts, whatever order the entries reached it in.

For one field of one entity, the value in force is the entry with the highest (clock stamp, laptop,
sequence number).
A losing value is a conflict when it was concurrent with the value in force: it is no entry's base
(nobody wrote on top of it, knowingly replacing it), nor the same change (value and base) as an
entry that is, it comes from another laptop than the value in force, and it says something else.
Recomputed for a field whenever an entry from another laptop reaches it, and whenever a field that
has conflicts is written (here or there): the winner recorded follows the value in force, and a
conflict that a later edit settled (written on top of the losing value, or by the laptop whose value
lost) stops being live (kept, never deleted)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

import sqlite_utils

Key = tuple[str, str, str]  # entity, entity_id, field
_CHUNK = 500


def keys_with_conflicts(db: sqlite_utils.Database, entity_ids: list[str]) -> set[Key]:
    """(entity, entity_id, field) of these entities that have conflict rows."""
    found: set[Key] = set()
    for start in range(0, len(entity_ids), _CHUNK):
        chunk = entity_ids[start : start + _CHUNK]
        marks = ", ".join("?" for _ in chunk)
        found.update(db.execute(f"SELECT DISTINCT entity, entity_id, field FROM sync_conflicts WHERE entity_id IN ({marks})", chunk).fetchall())
    return found


def recompute(db: sqlite_utils.Database, keys: Iterable[Key], detected_at: str) -> int:
    """Bring the conflict rows of these fields in line with the journal; returns how many became live."""
    opened = 0
    for entity, entity_id, name in sorted(set(keys)):
        entries = db.execute(
            "SELECT j.hlc, s.device_id, j.value, j.base_hlc, j.seq FROM journal j JOIN journal_sources s ON s.source = j.source "
            "WHERE j.entity_id = ? AND j.field = ? AND j.entity = ?",
            [entity_id, name, entity],
        ).fetchall()
        if not entries:
            continue
        top = max(entries, key=lambda e: (e[0], e[1], e[4]))  # two writes of one field in one transaction: the later
        # A base names a stamp only. Two laptops can stamp the same millisecond: the entry a writer
        # replaced was then the one in force among them, the highest laptop id (the merge rule).
        highest: dict[int, str] = {}
        for stamp, device, _value, _base, _seq in entries:
            if stamp not in highest or device > highest[stamp]:
                highest[stamp] = device
        replaced = {(e[3], highest[e[3]]) for e in entries if e[3] is not None and e[3] in highest}
        # The same change made on several laptops (the same value over the same base: the main
        # system's census loaded on each, with the ids it derives) is one change: when one copy of
        # it was knowingly replaced, so were the others.
        changes = {(e[0], e[1]): (e[2], e[3]) for e in entries}
        replaced_changes = {changes[key] for key in replaced if key in changes}
        losers = {(e[0], e[1]): e[2] for e in entries
                  if (e[0], e[1]) != (top[0], top[1]) and (e[0], e[1]) not in replaced and e[1] != top[1] and e[2] != top[2]
                  and (e[2], e[3]) not in replaced_changes}
        rows = db.execute("SELECT id, loser_hlc, loser_device, live FROM sync_conflicts WHERE entity_id = ? AND field = ? ORDER BY id",
                          [entity_id, name]).fetchall()
        matched: set[tuple[int, str]] = set()
        for row_id, loser_hlc, loser_device, live in rows:
            key = (loser_hlc, loser_device)
            now_live = key in losers and key not in matched
            if now_live:
                matched.add(key)
            db.execute("UPDATE sync_conflicts SET live = ?, winner_value = ?, winner_device = ?, winner_hlc = ? WHERE id = ?",
                       [int(now_live), top[2], top[1], top[0], row_id])
            opened += int(now_live and not live)
        for (loser_hlc, loser_device), value in sorted(losers.items()):
            if (loser_hlc, loser_device) in matched:
                continue
            db.execute(
                "INSERT INTO sync_conflicts (entity, entity_id, field, winner_value, winner_device, winner_hlc, loser_value, "
                "loser_device, loser_hlc, detected_at, status, live) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', 1)",
                [entity, entity_id, name, top[2], top[1], top[0], value, loser_device, loser_hlc, detected_at],
            )
            opened += 1
    return opened


def digest(db: sqlite_utils.Database) -> bytes:
    """What the state hash covers of conflicts: the live ones, as every laptop computes them (not
    when each laptop noticed them, nor whether a user there acknowledged them)."""
    h = hashlib.sha256()
    for row in db.execute(
        "SELECT entity, entity_id, field, loser_hlc, loser_device, loser_value, winner_hlc, winner_device, winner_value "
        "FROM sync_conflicts WHERE live = 1 ORDER BY entity_id, field, loser_hlc, loser_device"
    ):
        h.update(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
    return h.digest()
