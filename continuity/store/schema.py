"""The schema, as ordered transactional migrations (sqlite-utils ``Migrations``).

Never edit a released migration: add a new one. The database is backed up before any migration
runs on an existing file (``backups/`` beside it).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from continuity.store import connection

MIGRATIONS = Migrations("continuity")


@MIGRATIONS()
def m0001_initial(db: sqlite_utils.Database) -> None:
    # -- this laptop -------------------------------------------------------------------------
    db["device"].create(
        {
            "id": int,  # always 1: one enrolled device per data folder
            "device_id": str,
            "device_name": str,
            "ward_id": str,
            "ward_name": str,
            "timezone": str,
            "kit_id": str,
            "next_seq": int,  # next journal sequence number of this device (gap-free)
            "next_tx": int,
            "hlc": int,  # last hybrid logical clock timestamp issued or seen
            "audit_seq": int,  # head of the audit chain
            "audit_head": str,
            "enrolled_at": str,
            "enrol_count": int,
        },
        pk="id",
        not_null={"device_id", "device_name", "ward_id", "next_seq", "next_tx", "hlc", "audit_seq", "audit_head"},
    )
    db["secrets"].create({"name": str, "value": str}, pk="name", not_null={"value"})
    db["devices"].create(
        {"device_id": str, "name": str, "location": str, "verify_key": str, "ipp_start": int, "ipp_end": int, "nda_start": int,
         "nda_end": int, "kit_id": str},  # devices of older kits are kept: their bundles stay verifiable
        pk="device_id",
        not_null={"name", "verify_key"},
    )
    db["number_ranges"].create(
        {"kind": str, "start": int, "end": int, "next": int}, pk="kind", not_null={"start", "end", "next"}
    )
    db["settings"].create({"key": str, "value": str}, pk="key")

    # -- the ward, from the kit ----------------------------------------------------------------
    db["units"].create(
        {"code": str, "name": str, "kind": str, "uf": str, "position": int}, pk="code", not_null={"name", "kind"}
    )
    db["beds"].create(
        {"id": str, "unit": str, "room": str, "code": str, "position": int, "closed": int, "closed_reason": str},
        pk="id",
        foreign_keys=[("unit", "units", "code")],
        not_null={"unit", "code", "closed"},
        defaults={"closed": 0},
    )
    db["beds"].create_index(["unit", "code"], unique=True)
    db["shift_types"].create(
        {"code": str, "label": str, "start": str, "end": str, "hours": float}, pk="code", not_null={"start", "end"}
    )
    db["staffing_minimums"].create(
        {"unit": str, "shift": str, "role": str, "minimum": int, "optimal": int},
        pk=("unit", "shift", "role"),
        foreign_keys=[("unit", "units", "code"), ("shift", "shift_types", "code")],
    )
    db["staff"].create(
        {"id": str, "last_name": str, "first_name": str, "role": str, "grade": str, "skills": str, "ratio": float, "units": str, "active": int},
        pk="id",
        defaults={"active": 1},
    )
    db["users"].create(
        {"name": str, "display_name": str, "role": str, "staff_id": str, "password_hash": str, "active": int,
         "kit_password_hash": str},  # the hash the kit gave: a local password change survives re-enrolment
        pk="name",
        not_null={"role", "password_hash", "active"},
        defaults={"active": 1},
    )
    db["login_throttle"].create({"user": str, "failures": int, "locked_until": float}, pk="user")

    # -- replicated clinical data (every field change is journaled) ----------------------------
    db["patients"].create(
        {
            "id": str,
            "ipp": str,
            "birth_name": str,
            "used_name": str,
            "first_names": str,  # JSON list
            "birth_date": str,
            "sex": str,
            "birth_place": str,
            "ins": str,
            "ins_kind": str,
            "address": str,
            "phone": str,
            "identity_status": str,
            "record_status": str,
            "created_at": str,
            "created_by": str,
            "created_device": str,
            "search_names": str,  # folded words, derived locally, not journaled
        },
        pk="id",
    )
    db["patients"].create_index(["ipp"], unique=True)
    db["patients"].create_index(["birth_date"])
    db["stays"].create(
        {
            "id": str,
            "nda": str,
            "patient_id": str,
            "status": str,
            "unit": str,
            "bed_id": str,
            "kind": str,  # standard | newborn
            "mother_stay_id": str,
            "with_mother": int,
            "birth_order": int,
            "admitted_at": str,
            "discharged_at": str,
            "destination": str,
            "reason": str,
            "created_at": str,
        },
        # No foreign keys between replicated entities: sync may deliver a laptop's stay before the
        # patient created on another laptop arrives. Dangling references fill in as bundles arrive.
        pk="id",
    )
    db["stays"].create_index(["nda"], unique=True)
    db["stays"].create_index(["patient_id"])
    db["stays"].create_index(["status", "bed_id"])
    db["stays"].create_index(["mother_stay_id"])
    db["movements"].create(
        {
            "id": str,
            "stay_id": str,
            "kind": str,
            "at": str,
            "entered_at": str,
            "entered_by": str,
            "hlc": int,
            "unit": str,
            "bed_id": str,
            "destination": str,
            "reason": str,
            "group_id": str,
            "cancelled": int,
            "cancelled_at": str,
            "cancelled_by": str,
        },
        pk="id",
        defaults={"cancelled": 0},
    )
    db["movements"].create_index(["stay_id", "at"])
    db["movements"].create_index(["at"])
    db["movements"].create_index(["group_id"])
    # People type the short id (the last 10 hex digits) to cancel a movement.
    db.execute("CREATE INDEX idx_movements_short_id ON movements(substr(id, -10))")
    db["births"].create(
        {
            "id": str,
            "mother_stay_id": str,
            "newborn_patient_id": str,
            "newborn_stay_id": str,
            "birth_order": int,
            "at": str,
            "sex": str,
            "weight_g": int,
            "status": str,
        },
        pk="id",
    )
    db["births"].create_index(["mother_stay_id"])

    # -- journal and audit ---------------------------------------------------------------------
    # Journal sources: a small local number for each device id, so that millions of journal rows
    # do not each repeat a 32-character id.
    db["journal_sources"].create({"source": int, "device_id": str}, pk="source", not_null={"device_id"})
    db["journal_sources"].create_index(["device_id"], unique=True)
    db.execute(
        """CREATE TABLE journal (
            source INTEGER NOT NULL REFERENCES journal_sources(source),
            seq INTEGER NOT NULL,
            tx INTEGER NOT NULL,
            hlc INTEGER NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT,           -- JSON
            user TEXT,
            PRIMARY KEY (source, seq)
        ) WITHOUT ROWID"""
    )
    db["audit"].create(
        {
            "seq": int,
            "at": str,
            "device_id": str,
            "user": str,
            "action": str,
            "entity": str,
            "entity_id": str,
            "outcome": str,
            "detail": str,
            "prev_hash": str,
            "hash": str,
        },
        pk="seq",
        not_null={"at", "action", "outcome", "prev_hash", "hash"},
    )
    db["audit"].create_index(["entity", "entity_id"])

    # Full-text index over the folded names: prefix queries answer search-as-you-type.
    for statement in _FTS_AND_GUARDS:
        # executescript() would COMMIT the migration's transaction half-way: one statement at a time.
        db.execute(statement)


_FTS_AND_GUARDS = [
    """CREATE VIRTUAL TABLE patients_fts USING fts5(
        search_names, content='patients', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')""",
    """CREATE TRIGGER patients_fts_ai AFTER INSERT ON patients BEGIN
        INSERT INTO patients_fts(rowid, search_names) VALUES (new.rowid, new.search_names);
    END""",
    """CREATE TRIGGER patients_fts_au AFTER UPDATE OF search_names ON patients BEGIN
        INSERT INTO patients_fts(patients_fts, rowid, search_names) VALUES ('delete', old.rowid, old.search_names);
        INSERT INTO patients_fts(rowid, search_names) VALUES (new.rowid, new.search_names);
    END""",
] + [
    # Nothing is ever hard-deleted, and the journal and audit trail are append-only.
    f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table}: rows are never deleted'); END"
    for table in ("journal", "audit", "patients", "stays", "movements", "births")
] + [
    f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table}: rows are never edited'); END"
    for table in ("journal", "audit")
]


def migrate(db: sqlite_utils.Database, path: Path, key: bytes | None = None) -> Path | None:
    """Apply pending migrations; back the file up first if it already holds data. Returns the backup."""
    pending = MIGRATIONS.pending(db)
    if not pending:
        return None
    backup = None
    if db.table_names():
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        backup = path.parent / "backups" / f"{path.stem}-{stamp}-before-{pending[0].name}.db"
        backup.parent.mkdir(parents=True, exist_ok=True)
        # Encrypted with the database's own key: a backup is no easier to read than the database.
        target = connection.connect(backup, key)
        try:
            db.conn.backup(target)
        finally:
            target.close()
    MIGRATIONS.apply(db)
    return backup


@MIGRATIONS()
def m0002_sync(db: sqlite_utils.Database) -> None:
    """Sync between laptops: what each local change replaced (for conflict detection), what was
    exported and applied, files set aside, conflicts to review."""
    # The clock stamp of the value a change replaced: a remote change written on top of something
    # else than what this laptop holds was concurrent, and its loser is kept for review.
    db.execute("ALTER TABLE journal ADD COLUMN base_hlc INTEGER")
    db.execute("CREATE INDEX idx_journal_entity_field ON journal(entity_id, field)")
    # Per device id: a laptop re-enrolled from a rebuilt kit starts a new stream under its new id.
    db["sync_outbox"].create(
        {"device_id": str, "bundle_no": int, "first_seq": int, "last_seq": int, "entries": int, "hash": str,
         "file_name": str, "size": int, "created_at": str},
        pk=("device_id", "bundle_no"),
        not_null={"first_seq", "last_seq", "hash", "file_name"},
    )
    db["sync_peers"].create(
        {"device_id": str, "last_bundle": int, "last_seq": int, "last_hash": str, "last_applied_at": str,
         "last_seen_at": str, "hlc_max": int, "waiting_from": int, "waiting_to": int},
        pk="device_id",
    )
    db["sync_applied"].create(
        # size and mtime_ns of the file as applied: an unchanged file is not read again at every pass.
        {"device_id": str, "bundle_no": int, "hash": str, "first_seq": int, "last_seq": int, "entries": int,
         "applied_at": str, "size": int, "mtime_ns": int},
        pk=("device_id", "bundle_no"),
        not_null={"hash"},
    )
    db["sync_quarantine"].create(
        {"id": int, "file_name": str, "source_path": str, "file_hash": str, "reason": str, "detail": str,
         "device_id": str, "bundle_no": int, "kept_as": str, "quarantined_at": str},
        pk="id",
        not_null={"file_hash", "reason"},
    )
    db["sync_quarantine"].create_index(["file_hash"], unique=True)
    db["sync_retries"].create(
        {"source_path": str, "size": int, "mtime_ns": int, "failures": int, "first_failed_at": float, "reason": str},
        pk="source_path",
    )
    db["sync_conflicts"].create(
        {"id": int, "entity": str, "entity_id": str, "field": str, "winner_value": str, "winner_device": str,
         "winner_hlc": int, "loser_value": str, "loser_device": str, "loser_hlc": int, "detected_at": str,
         "status": str, "closed_by": str, "closed_at": str},
        pk="id",
        not_null={"entity", "entity_id", "field", "status"},
    )
    db["sync_conflicts"].create_index(["entity", "entity_id", "field", "winner_hlc", "loser_hlc"], unique=True)
    # Probable duplicates (same person registered on two laptops) are found by scanning this index.
    db.execute(
        "CREATE INDEX idx_patients_identity ON patients(birth_date, sex, search_names, created_device, record_status)"
    )
    db["sync_events"].create(
        {"id": int, "at": str, "kind": str, "detail": str},
        pk="id",
    )


@MIGRATIONS()
def m0003_rota(db: sqlite_utils.Database) -> None:
    """The staff rota: one row per person and day (a cell of the grid, so two laptops editing the
    same cell converge on one value and keep the other as a conflict), absences, publications, and
    the ward's rule settings from the kit."""
    db["rota_assignments"].create(
        {"id": str, "staff": str, "day": str, "shift": str, "unit": str, "pinned": int, "published": int,
         "origin": str, "note": str},
        pk="id",
        not_null={"staff", "day"},
        defaults={"pinned": 0, "published": 0},
    )
    db["rota_assignments"].create_index(["day", "staff"])
    db["rota_absences"].create(
        {"id": str, "staff": str, "first_day": str, "last_day": str, "kind": str, "cancelled": int, "note": str},
        pk="id",
        defaults={"cancelled": 0},
    )
    db["rota_absences"].create_index(["staff", "first_day"])
    db["rota_publications"].create(
        {"id": str, "first_day": str, "last_day": str, "unit": str, "published_at": str, "published_by": str},
        pk="id",
    )
    db["rota_rules"].create({"rule": str, "hard": int, "weight": int, "value": str}, pk="rule")


@MIGRATIONS()
def m0004_births_by_newborn(db: sqlite_utils.Database) -> None:
    """The board names each baby's weight (or that she is not weighed yet): found by her stay."""
    db["births"].create_index(["newborn_stay_id"])


@MIGRATIONS()
def m0005_quarantine_by_path(db: sqlite_utils.Database) -> None:
    """A file set aside is known by where it lay and its bytes, not its bytes alone: a copy under
    another name (a replication tool's conflict copy) must never hide the correctly named file with
    the same bytes. A bundle applied later (it had arrived cut short) clears what was set aside of it."""
    db.execute("DROP INDEX IF EXISTS idx_sync_quarantine_file_hash")
    db["sync_quarantine"].create_index(["source_path", "file_hash"], unique=True)
    db["sync_quarantine"].create_index(["file_hash"])
    db.execute("ALTER TABLE sync_quarantine ADD COLUMN resolved_at TEXT")


@MIGRATIONS()
def m0006_conflicts_from_the_journal(db: sqlite_utils.Database) -> None:
    """Conflicts become a function of the journal (store/conflicts.py): one row per losing value,
    live while it is still concurrent with the value in force, its winner following that value."""
    from continuity.store import conflicts

    db.execute("ALTER TABLE sync_conflicts ADD COLUMN live INTEGER NOT NULL DEFAULT 1")
    db.execute("DROP INDEX IF EXISTS idx_sync_conflicts_entity_entity_id_field_winner_hlc_loser_hlc")
    db["sync_conflicts"].create_index(["entity_id", "field"])
    keys = db.execute("SELECT DISTINCT entity, entity_id, field FROM sync_conflicts").fetchall()
    conflicts.recompute(db, [tuple(k) for k in keys], datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))


@MIGRATIONS()
def m0007_outbox_published(db: sqlite_utils.Database) -> None:
    """When each bundle was first seen in the folder: a bundle never published can be taken back
    (this laptop's data was restored from an older copy while the folder was away)."""
    db.execute("ALTER TABLE sync_outbox ADD COLUMN published_at TEXT")
    # Bundles recorded before this version: assume published (never taken back).
    db.execute("UPDATE sync_outbox SET published_at = created_at")


@MIGRATIONS()
def m0008_outbox_seen(db: sqlite_utils.Database) -> None:
    """The size, time and moment at which this laptop last found its own bundle in the folder with
    the right content: the window's pass every 30 s does not read every one of them again."""
    for column, kind in (("seen_size", "INTEGER"), ("seen_mtime_ns", "INTEGER"), ("seen_at", "TEXT")):
        db.execute(f"ALTER TABLE sync_outbox ADD COLUMN {column} {kind}")


@MIGRATIONS()
def m0009_identity_vigilance(db: sqlite_utils.Database) -> None:
    """The used first name (kept apart from the first names at birth), and what the identity matcher
    blocks on: the phonetic key of every name word (derived on each laptop, full-text indexed without
    positions) and the INS. The index of identical folded names that the first duplicate search
    scanned goes: the matcher replaced it."""
    db.execute("ALTER TABLE patients ADD COLUMN used_first_name TEXT")
    db.execute("ALTER TABLE patients ADD COLUMN phonetic_names TEXT")
    db.execute("DROP INDEX IF EXISTS idx_patients_identity")
    db.execute("CREATE INDEX idx_patients_ins ON patients(ins) WHERE ins IS NOT NULL")
    from continuity.core.identity_match import phonetic_words  # only here: the schema needs no core otherwise

    # The keys of the patients already here first, then the index built from them in one go, then
    # the triggers (an update trigger would ask the index to delete entries it never held).
    rows = db.execute("SELECT rowid, birth_name, used_name, first_names FROM patients").fetchall()
    db.conn.executemany("UPDATE patients SET phonetic_names = ? WHERE rowid = ?",
                        [(phonetic_words(birth, used, *json.loads(firsts or "[]")), rowid) for rowid, birth, used, firsts in rows])
    for statement in PHONETIC_INDEX:
        db.execute(statement)
    db.execute("INSERT INTO patients_phonetic (patients_phonetic) VALUES ('rebuild')")


# Contentless of positions (detail=none): the matcher asks which patients hold a key, nothing more.
PHONETIC_INDEX = [
    """CREATE VIRTUAL TABLE patients_phonetic USING fts5(
        phonetic_names, content='patients', content_rowid='rowid', tokenize='ascii', detail='none')""",
    """CREATE TRIGGER patients_phonetic_ai AFTER INSERT ON patients BEGIN
        INSERT INTO patients_phonetic(rowid, phonetic_names) VALUES (new.rowid, new.phonetic_names);
    END""",
    """CREATE TRIGGER patients_phonetic_au AFTER UPDATE OF phonetic_names ON patients BEGIN
        INSERT INTO patients_phonetic(patients_phonetic, rowid, phonetic_names) VALUES ('delete', old.rowid, old.phonetic_names);
        INSERT INTO patients_phonetic(rowid, phonetic_names) VALUES (new.rowid, new.phonetic_names);
    END""",
]


@MIGRATIONS()
def m0010_identity_pairs(db: sqlite_utils.Database) -> None:
    """Records arriving from other laptops that may be a person already known here (the identity
    matcher's candidates, found after each sync pass): listed by sync status until IT reconciles.
    Local and derived: each laptop finds them for itself."""
    db["identity_pairs"].create(
        {"patient_id": str, "other_id": str, "score": float, "reasons": str, "found_at": str},
        pk=("patient_id", "other_id"),
    )


@MIGRATIONS()
def m0011_births_by_newborn_patient(db: sqlite_utils.Database) -> None:
    """The identity matcher reads each candidate's birth (mother, time, rank) by her patient id; the
    timeline rules read the stays that ever held a bed (only movements into a bed are indexed)."""
    db["births"].create_index(["newborn_patient_id"], if_not_exists=True)
    db.execute("CREATE INDEX IF NOT EXISTS idx_movements_bed_id ON movements(bed_id) WHERE bed_id IS NOT NULL")


@MIGRATIONS()
def m0012_keys(db: sqlite_utils.Database) -> None:
    """Encryption at rest and per-user keys: each user's public key (it checks the credentials a
    password change sends to other laptops; the password itself lives only in the keyring), the
    laptops IT revoked, and the ward secrets by id (rotated when a laptop is revoked)."""
    db["users"].add_column("verify_key", str)
    db["revocations"].create(
        {"device_id": str, "last_good_bundle": int, "revocation_id": str, "issued_at": str, "reason": str, "applied_at": str},
        pk="device_id",
    )
    # A password change: the user's key wrapped by the new password, signed by that key (JSON),
    # journaled so that it reaches every laptop. Nothing here opens anything without the password.
    db["credentials"].create({"id": str, "value": str, "version": int}, pk="id")
    # The audit head each peer last published (signed in its bundle): a later bundle with a shorter
    # or different trail proves it was cut or rewritten after it was shared.
    # Each user's certificate that she signed in on this laptop (per device id: a re-enrolled laptop
    # is a new one): carried by the bundles that name her.
    # Every key a kit gave each user, kept when a rebuilt kit gives new ones (her older changes stay hers).
    db["user_keys"].create({"user": str, "verify_key": str}, pk=("user", "verify_key"))
    db["user_certificates"].create({"user": str, "device_id": str, "certificate": str}, pk=("user", "device_id"))
    db["sync_peers"].add_column("anchor_audit_seq", int)
    db["sync_peers"].add_column("anchor_audit_hash", str)


@MIGRATIONS()
def m0013_reconcile_signoffs(db: sqlite_utils.Database) -> None:
    """IT's workspace: a laptop's gap or fork signed off with a reason (it no longer blocks the
    export while it stays the same), and the downtime numbers mapped to definitive ones. Unused on laptops."""
    db["reconcile_signoffs"].create(
        {"id": int, "device_id": str, "kind": str, "detail": str, "reason": str, "signed_by": str, "signed_at": str},
        pk="id", not_null={"device_id", "kind", "detail", "reason"},
    )
    # Each downtime IPP or NDA and its definitive number in the main system; the downtime number
    # stays on the record as a permanent alias, never overwritten.
    db["number_map"].create(
        {"kind": str, "downtime": str, "definitive": str, "source": str, "mapped_by": str, "mapped_at": str},
        pk=("kind", "downtime"), not_null={"definitive"},
    )
    db["number_map"].create_index(["kind", "definitive"], unique=True)


@MIGRATIONS()
def m0014_reconcile_identities(db: sqlite_utils.Database) -> None:
    """IT's workspace: people registered twice across laptops and merged (both records and their
    histories kept; the merged one's numbers become aliases of the survivor's; undone by stamping,
    never by deleting), pairs IT declared different people, and the two-person sign-off of the
    period (who prepared, who approved, over which state). Unused on laptops."""
    db["identity_merges"].create(
        {"id": int, "survivor_id": str, "merged_id": str, "score": float, "reasons": str, "reason": str,
         "merged_by": str, "merged_at": str, "undone_by": str, "undone_at": str, "undo_reason": str},
        pk="id", not_null={"survivor_id", "merged_id", "merged_by", "merged_at"},
    )
    db.execute("CREATE UNIQUE INDEX idx_identity_merges_active ON identity_merges(merged_id) WHERE undone_at IS NULL")
    db["identity_distinct"].create(
        {"id": int, "patient_id": str, "other_id": str, "reason": str, "decided_by": str, "decided_at": str,
         "undone_by": str, "undone_at": str, "undo_reason": str},
        pk="id", not_null={"patient_id", "other_id", "decided_by", "decided_at"},
    )
    db.execute("CREATE UNIQUE INDEX idx_identity_distinct_active ON identity_distinct(patient_id, other_id) WHERE undone_at IS NULL")
    db["period_signoffs"].create(
        {"id": int, "step": str, "person": str, "state": str, "note": str, "signed_at": str},
        pk="id", not_null={"step", "person", "state", "signed_at"},
    )


@MIGRATIONS()
def m0015_census_numbers(db: sqlite_utils.Database) -> None:
    """Identities and stays loaded from the main system's census before an outage carry its
    definitive numbers, not downtime ones: ``number_source`` says so ('census'; empty for numbers
    a laptop handed out). Journaled like any field, so IT's workspace knows them from the start."""
    db["patients"].add_column("number_source", str)
    db["stays"].add_column("number_source", str)
