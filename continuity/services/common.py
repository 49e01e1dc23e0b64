"""Small helpers shared by the services."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from datetime import date

from continuity.core.identifiers import NumberRange
from continuity.core.times import local_date
from continuity.i18n import _
from continuity.services.session import Session
from continuity.store.connection import DiskFull


def new_id() -> str:
    """A 128-bit id in hex, unique across laptops without coordination: 48 bits of milliseconds then
    80 random bits. Time-ordered ids keep index inserts near the end of the B-trees (random ids
    scatter them: the 100 000-patient demo builds markedly faster this way)."""
    return f"{time.time_ns() // 1_000_000:012x}{secrets.token_hex(10)}"


def audit_read(session: Session, action: str, **counts: int) -> None:
    """A read of patient data, one entry per call: who, when, what kind of read and how many
    records it returned; never what was typed to find them, never a name.

    On a full disk the read still goes on (the ward must see its patients): the reads that could
    not be written are counted and recorded with the next entry that can be."""
    store = session.store
    try:
        with store.write(session.user) as tx:
            missed = getattr(store, "unaudited_reads", 0)
            if missed:
                tx.audit("audit.reads_not_recorded", outcome="failed", detail={"reads": missed, "why": "disk_full"})
            tx.audit(action, detail=counts)
        store.unaudited_reads = 0
    except DiskFull:
        store.unaudited_reads = getattr(store, "unaudited_reads", 0) + 1


def today(session: Session) -> date:
    return local_date(session.store.now(), session.timezone)


@dataclass
class Outcome:
    """What a write service returns: the ids it made and anything the user should be warned of."""

    values: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**self.values, "warnings": self.warnings}


def range_warnings(low: list[NumberRange], remaining: dict[str, int]) -> list[str]:
    return [
        _(
            "Only {remaining} {kind} numbers are left on this laptop: ask IT for a new kit soon.",
            remaining=remaining[r.kind],
            kind=r.kind.upper(),
        )
        for r in {r.kind: r for r in low}.values()
    ]
