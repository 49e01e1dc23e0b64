"""Checks and status for supervisors and IT: audit chain, database health, this laptop."""

from __future__ import annotations

from continuity.core.audit_chain import verify_chain
from continuity.core.identifiers import NumberRange
from continuity.core.permissions import Permission
from continuity.services import anchors
from continuity.services.session import Session
from continuity.store import checks
from continuity.store import enrolment as enrolment_store
from continuity.store.tx import ENTITY_TABLES, NOT_JOURNALED

# Beds and staff are also written from the kit (not journaled): their rows are not checked against the journal.
_CHECKED_AGAINST_JOURNAL = {entity: table for entity, table in ENTITY_TABLES.items() if entity not in ("bed", "staff")}


def verify_audit(session: Session) -> dict:
    """The first bad entry of the audit chain, if any (edited, deleted, inserted or reordered)."""
    session.require(Permission.AUDIT_VERIFY)
    device = session.store.device()
    assert device is not None
    problem = verify_chain(checks.audit_entries(session.store.db), device["audit_seq"], device["audit_head"])
    published = [p for p in anchors.problems(session.store) if p.startswith("audit:")]
    result = {"ok": problem is None and not published, "entries": device["audit_seq"], "published_problems": published}
    if problem:
        result["first_bad_entry"] = problem.seq
        result["reason"] = problem.reason
    with session.store.write(session.user) as tx:
        tx.audit("audit.verify", outcome="ok" if result["ok"] else "failed")
    return result


def check_database(session: Session) -> dict:
    """SQLite integrity and foreign keys, journal continuity, full-text index, audit chain."""
    session.require(Permission.DB_CHECK)
    db = session.store.db
    device = session.store.device()
    assert device is not None
    problems: list[str] = []
    problems += [f"integrity: {p}" for p in checks.integrity_check(db)]
    problems += [f"foreign key: {p['table']} row {p['rowid']} -> {p['parent']}" for p in checks.foreign_key_problems(db)]
    seqs = checks.journal_sequence_gaps(db, device["device_id"])
    if seqs["n"] != seqs["high"] or (seqs["n"] and seqs["low"] != 1):
        problems.append(f"journal: {seqs['n']} entries but sequence numbers {seqs['low']}..{seqs['high']}")
    if seqs["high"] + 1 != device["next_seq"]:
        problems.append(f"journal: next sequence {device['next_seq']} does not follow the last entry {seqs['high']}")
    # Beds come from the kit: a peer's change to a bed this kit lacks is kept in the journal only.
    row_tables = {entity: table for entity, table in ENTITY_TABLES.items() if entity != "bed"}
    problems += [f"journal: {o['entity']} {o['entity_id']} has journal entries but no row" for o in checks.journal_orphans(db, row_tables)]
    if not checks.fts_consistent(db):
        problems.append("search index: out of step with the patients table")
    chain = verify_chain(checks.audit_entries(db), device["audit_seq"], device["audit_head"])
    if chain:
        problems.append(f"audit: entry {chain.seq} {chain.reason}")
    problems += anchors.problems(session.store)
    problems += [f"journal: {m['entity']} {m['entity_id']} {m['field']} holds a value its journal does not give"
                 for m in checks.journal_row_mismatches(db, _CHECKED_AGAINST_JOURNAL, NOT_JOURNALED)]
    with session.store.write(session.user) as tx:
        tx.audit("db.check", outcome="ok" if not problems else "failed")
    return {"ok": not problems, "problems": problems, "journal_entries": seqs["n"], "audit_entries": device["audit_seq"]}


def device_status(session: Session) -> dict:
    device = session.store.device()
    assert device is not None
    ranges = []
    for r in enrolment_store.number_ranges(session.store.db):
        block = NumberRange(r["kind"], r["start"], r["end"])
        ranges.append(
            {"kind": r["kind"], "start": r["start"], "end": r["end"] - 1, "next": r["next"],
             "remaining": block.remaining(r["next"]), "low": block.is_low(r["next"])}
        )
    return {
        "device": device["device_name"],
        "device_id": device["device_id"],
        "ward": device["ward_id"],
        "ward_name": device["ward_name"],
        "enrolled_at": device["enrolled_at"],
        "journal_next_seq": device["next_seq"],
        "number_ranges": ranges,
        "peers": [d["name"] for d in enrolment_store.known_devices(session.store.db, device["kit_id"]) if d["device_id"] != device["device_id"]],
    }
