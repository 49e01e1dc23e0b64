"""Patient queries: look-ups by IPP or id, and accent-insensitive search."""

from __future__ import annotations

import json

import sqlite_utils

from continuity.core.identity_match import phonetic_of_words
from continuity.core.text import name_tokens
from continuity.store.triggers import trigger_lifted

SEARCH_LIMIT = 50


def _row(row: dict | None) -> dict | None:
    if row is not None:
        row = dict(row)
        row["first_names"] = json.loads(row.get("first_names") or "[]")
        row.pop("search_names", None)
    return row


NAME_FIELDS = frozenset({"birth_name", "used_name", "first_names", "used_first_name"})


def name_columns(birth_name: str | None, used_name: str | None, first_names: list[str], used_first_name: str | None) -> dict[str, str]:
    """What each laptop derives from a patient's names: the folded words search matches against,
    and the phonetic keys the identity matcher blocks on."""
    words = name_tokens(birth_name or "", used_name or "", *first_names, used_first_name or "")  # folded once for both
    return {"search_names": " ".join(words), "phonetic_names": phonetic_of_words(words)}


def refresh_search_names(db: sqlite_utils.Database, patient_id: str) -> None:
    """The derived name columns, from the names as they now are."""
    row = next(db.query("SELECT birth_name, used_name, first_names, used_first_name FROM patients WHERE id = ?", [patient_id]))
    first_names = json.loads(row["first_names"] or "[]")
    columns = name_columns(row["birth_name"], row["used_name"], first_names if isinstance(first_names, list) else [], row["used_first_name"])
    db.execute("UPDATE patients SET search_names = ?, phonetic_names = ? WHERE id = ?", [*columns.values(), patient_id])


# Below this many new patients, the search index trigger is cheaper than lifting it.
_BULK = 50


def insert_rows(db: sqlite_utils.Database, statement: str, rows: list) -> None:
    """New patients (rows for ``statement``, their search words included). Many at once (a bundle,
    the demo ward) are indexed for search by one statement after the rows: the per-row trigger
    costs four times as much (measured: 3 000 patients, 60 ms against 15 ms)."""
    if len(rows) < _BULK:
        db.conn.executemany(statement, rows)
        return
    with trigger_lifted(db, "patients_fts_ai"), trigger_lifted(db, "patients_phonetic_ai"):
        last = db.execute("SELECT coalesce(max(rowid), 0) FROM patients").fetchone()[0]
        db.conn.executemany(statement, rows)
        db.execute("INSERT INTO patients_fts (rowid, search_names) SELECT rowid, search_names FROM patients WHERE rowid > ?", [last])
        db.execute("INSERT INTO patients_phonetic (rowid, phonetic_names) SELECT rowid, phonetic_names FROM patients WHERE rowid > ?", [last])


def by_ipp(db: sqlite_utils.Database, ipp: str) -> dict | None:
    return _row(next(db.query("SELECT * FROM patients WHERE ipp = ?", [ipp]), None))


def by_id(db: sqlite_utils.Database, patient_id: str) -> dict | None:
    return _row(next(db.query("SELECT * FROM patients WHERE id = ?", [patient_id]), None))


def count(db: sqlite_utils.Database) -> int:
    return next(db.query("SELECT count(*) AS n FROM patients"))["n"]


def search(
    db: sqlite_utils.Database,
    *,
    words: list[str],
    numbers: list[str],
    birth_dates: list[str],
    limit: int = SEARCH_LIMIT,
) -> list[dict]:
    """Patients matching every criterion: name word prefixes (accents ignored), IPP or NDA, birth date.

    Each match comes with its current stay (if any), newest first among equals.
    """
    where: list[str] = ["p.record_status = 'active'"]
    params: list[object] = []
    tokens = [t for w in words for t in name_tokens(w)]
    if tokens:
        match = " AND ".join(f'"{t}"*' for t in tokens)
        where.append("p.rowid IN (SELECT rowid FROM patients_fts WHERE patients_fts MATCH ?)")
        params.append(match)
    for number in numbers:
        # Whole or its first digits (a partial IPP or NDA read off a label): a range on the indexes.
        where.append("((p.ipp >= ? AND p.ipp < ?) OR p.id IN (SELECT patient_id FROM stays WHERE nda >= ? AND nda < ?))")
        params.extend([number, number + "\uffff", number, number + "\uffff"])
    for birth_date in birth_dates:
        where.append("p.birth_date = ?")
        params.append(birth_date)
    # Pick (and sort) the page of matching patients first on the narrow columns, then fetch full
    # rows and current stays for those few only: a short prefix such as "ma" matches thousands.
    sql = f"""
        SELECT p.*, s.nda AS current_nda, s.unit AS current_unit, s.bed_id AS current_bed, s.status AS current_status
        FROM (
            SELECT p.rowid AS hit FROM patients p
            WHERE {' AND '.join(where)}
            ORDER BY p.birth_name, p.birth_date
            LIMIT ?
        ) AS page
        JOIN patients p ON p.rowid = page.hit
        LEFT JOIN stays s ON s.patient_id = p.id AND s.status IN ('active', 'on_leave')
        ORDER BY p.birth_name, p.birth_date
    """
    return [_row(r) for r in db.query(sql, [*params, limit])]  # type: ignore[misc]


# Each way in is capped: a common name typed alone must not bring back thousands of records.
BLOCK_LIMIT = 400


def identity_candidates(db: sqlite_utils.Database, *, phonetic_keys: list[str], birth_dates: list[str], ins: str | None,
                        ids: list[str] = ()) -> list[dict]:
    """Active patients who may be the person described: every phonetic key of the words typed
    (full-text, all of them), or one of these birth dates, or this INS (or these ids); each with what
    the matcher weighs (a newborn's mother and birth time and rank) and her current stay."""
    ways, params = [], []
    if ids:
        ways.append(f"SELECT rowid FROM patients WHERE id IN ({', '.join('?' for _ in ids)})")
        params += list(ids)
    if phonetic_keys:
        ways.append("SELECT rowid FROM (SELECT rowid FROM patients_phonetic WHERE patients_phonetic MATCH ? LIMIT ?)")
        params += [" AND ".join(f'"{key}"' for key in phonetic_keys), BLOCK_LIMIT]
    if birth_dates:
        ways.append(f"SELECT rowid FROM (SELECT rowid FROM patients WHERE birth_date IN ({', '.join('?' for _ in birth_dates)}) LIMIT ?)")
        params += [*birth_dates, BLOCK_LIMIT]
    if ins:
        ways.append("SELECT rowid FROM patients WHERE ins = ?")
        params.append(ins)
    if not ways:
        return []
    sql = f"""
        SELECT p.id, p.ipp, p.birth_name, p.used_name, p.first_names, p.used_first_name, p.birth_date, p.sex, p.ins, p.address, p.phonetic_names,
               b.at AS born_at, b.birth_order AS twin_rank, ms.patient_id AS mother_id,
               s.nda AS current_nda, s.unit AS current_unit, s.bed_id AS current_bed
        FROM ({' UNION '.join(ways)}) AS hit
        JOIN patients p ON p.rowid = hit.rowid
        LEFT JOIN births b ON b.newborn_patient_id = p.id AND b.status = 'recorded'
        LEFT JOIN stays ms ON ms.id = b.mother_stay_id
        LEFT JOIN stays s ON s.patient_id = p.id AND s.status IN ('active', 'on_leave')
        WHERE p.record_status = 'active'
    """
    cursor = db.execute(sql, params)
    names = [c[0] for c in cursor.description]
    return [_row(dict(zip(names, values))) for values in cursor]


def identity_history(db: sqlite_utils.Database, patient_id: str) -> list[dict]:
    """Each change of a patient's journaled fields after her creation, in the order the merge rule
    applies them (clock stamp, laptop, sequence number): field, old value, new value, who, when
    (the clock stamp), on which laptop."""
    rows = db.execute(
        "SELECT j.field, j.value, j.user, j.hlc, j.source, j.tx, s.device_id FROM journal j JOIN journal_sources s ON s.source = j.source "
        "WHERE j.entity = 'patient' AND j.entity_id = ? ORDER BY j.hlc, s.device_id, j.seq",
        [patient_id],
    ).fetchall()
    if not rows:
        return []
    created_in = (rows[0][4], rows[0][5])  # the transaction that created her
    held: dict[str, object] = {}
    changes = []
    for name, value, user, stamp, source, tx, device in rows:
        new = json.loads(value) if value is not None else None
        if (source, tx) != created_in:
            changes.append({"field": name, "old": held.get(name), "new": new, "user": user, "hlc": stamp, "device_id": device})
        held[name] = new
    return changes


def arrivals_to_check(db: sqlite_utils.Database, own_device: str, after_rowid: int, limit: int) -> list[dict]:
    """Patients registered on other laptops, after ``after_rowid`` (in arrival order), at most ``limit``."""
    cursor = db.execute("SELECT rowid, id FROM patients WHERE rowid > ? AND created_device <> ? ORDER BY rowid LIMIT ?",
                        [after_rowid, own_device, limit])
    return [{"rowid": r[0], "id": r[1]} for r in cursor]


def count_arrivals_to_check(db: sqlite_utils.Database, own_device: str, after_rowid: int) -> int:
    return db.execute("SELECT count(*) FROM patients WHERE rowid > ? AND created_device <> ?", [after_rowid, own_device]).fetchone()[0]


def save_identity_pairs(db: sqlite_utils.Database, pairs: list[dict]) -> None:
    """Pairs (patient_id < other_id) with their score and reasons: a pair found again is updated."""
    db.conn.executemany(
        "INSERT INTO identity_pairs (patient_id, other_id, score, reasons, found_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (patient_id, other_id) DO UPDATE SET score = excluded.score, reasons = excluded.reasons",
        [(p["patient_id"], p["other_id"], p["score"], json.dumps(p["reasons"]), p["found_at"]) for p in pairs],
    )


def identity_pairs(db: sqlite_utils.Database, limit: int = 200) -> list[dict]:
    """The pairs still worth a look: both records active, best first."""
    rows = db.query(
        """SELECT x.score, x.reasons, x.found_at, a.ipp, a.birth_name, a.used_name, a.first_names, a.used_first_name, a.birth_date,
                  a.created_device, b.ipp AS other_ipp, b.birth_name AS other_birth_name, b.used_name AS other_used_name,
                  b.first_names AS other_first_names, b.used_first_name AS other_used_first_name, b.birth_date AS other_birth_date,
                  b.created_device AS other_device
           FROM identity_pairs x JOIN patients a ON a.id = x.patient_id JOIN patients b ON b.id = x.other_id
           WHERE a.record_status = 'active' AND b.record_status = 'active'
           ORDER BY x.score DESC, a.ipp, b.ipp LIMIT ?""",
        [limit],
    )
    return [{**r, "reasons": json.loads(r["reasons"]), "first_names": json.loads(r["first_names"] or "[]"),
             "other_first_names": json.loads(r["other_first_names"] or "[]")} for r in rows]


def matching_rows(db: sqlite_utils.Database, after_rowid: int = 0) -> list[dict]:
    """Every active patient as the identity matcher weighs her (IT's duplicate scan over the whole
    ward), with the laptop that registered her; ``after_rowid`` only the ones after it."""
    cursor = db.execute(
        """SELECT p.id, p.ipp, p.birth_name, p.used_name, p.first_names, p.used_first_name, p.birth_date, p.sex, p.ins, p.address,
                  p.created_device, b.at AS born_at, b.birth_order AS twin_rank, ms.patient_id AS mother_id
           FROM patients p
           LEFT JOIN births b ON b.newborn_patient_id = p.id AND b.status = 'recorded'
           LEFT JOIN stays ms ON ms.id = b.mother_stay_id
           WHERE p.record_status = 'active' AND p.rowid > ? ORDER BY p.rowid""", [after_rowid])
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, values)) for values in cursor]


def changed_since(db: sqlite_utils.Database, seen: dict[str, int]) -> tuple[set[str], dict[str, int]]:
    """The patients written (created or changed) by journal rows past ``seen`` (the last sequence
    number read per journal source), and the marks to give next time."""
    now = {str(source): last for source, last in db.execute("SELECT source, max(seq) FROM journal GROUP BY source")}
    ids: set[str] = set()
    for source, last in now.items():
        ids |= {row[0] for row in db.execute(
            "SELECT DISTINCT entity_id FROM journal WHERE source = ? AND seq > ? AND seq <= ? AND entity = 'patient'",
            [int(source), seen.get(source, 0), last])}
    return ids, now


def identity_pair_rows(db: sqlite_utils.Database) -> list[dict]:
    """Every pair the scans kept (IT's workspace): ids, score, reasons, when found."""
    return [{**r, "reasons": json.loads(r["reasons"])} for r in
            db.execute_returning_dicts("SELECT patient_id, other_id, score, reasons, found_at FROM identity_pairs ORDER BY score DESC")]


def described(db: sqlite_utils.Database, ids: list[str]) -> dict[str, dict]:
    """The identities of these patients as IT compares them, with where each was registered and
    her stays (downtime NDAs)."""
    found: dict[str, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        for row in db.execute_returning_dicts(
                f"""SELECT p.id, p.ipp, p.birth_name, p.used_name, p.first_names, p.used_first_name, p.birth_date, p.sex, p.ins,
                           p.address, p.identity_status, p.record_status, p.created_device, p.created_at,
                           (SELECT group_concat(s.nda, ' ') FROM stays s WHERE s.patient_id = p.id) AS ndas
                    FROM patients p WHERE p.id IN ({marks})""", chunk):
            row["first_names"] = json.loads(row["first_names"] or "[]")
            found[row["id"]] = row
    return found
