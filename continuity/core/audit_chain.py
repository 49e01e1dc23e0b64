"""The tamper-evident audit trail: each entry hashes its content and the previous entry's hash.

Editing, deleting, inserting or reordering any entry breaks the chain at that entry. Deleting the
newest entries is caught by the head (last sequence and hash) that the store keeps beside the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "at", "device_id", "user", "action", "entity", "entity_id", "outcome", "detail")


def entry_hash(entry: Mapping[str, object], prev_hash: str) -> str:
    content = [entry[name] for name in HASHED_FIELDS] + [prev_hash]
    encoded = json.dumps(content, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    reason: str


def verify_chain(
    entries: Iterable[Mapping[str, object]], head_seq: int, head_hash: str
) -> ChainProblem | None:
    """The first bad entry, or None when the chain is whole and ends at the recorded head."""
    expected_seq = 1
    prev = GENESIS
    for entry in entries:
        seq = int(entry["seq"])  # type: ignore[arg-type]
        if seq != expected_seq:
            return ChainProblem(expected_seq, "missing" if seq > expected_seq else "out of order")
        if entry["prev_hash"] != prev:
            return ChainProblem(seq, "broken link")
        if entry["hash"] != entry_hash(entry, prev):
            return ChainProblem(seq, "altered")
        prev = str(entry["hash"])
        expected_seq += 1
    last = expected_seq - 1
    if last != head_seq:
        return ChainProblem(min(last, head_seq) + 1, "missing" if last < head_seq else "unexpected")
    if prev != head_hash:
        return ChainProblem(last, "head mismatch")
    return None
