"""Stay, movement, birth and bed queries."""

from __future__ import annotations

from typing import NamedTuple

import sqlite_utils

from continuity.core.adt import Bed, Movement
from continuity.core.times import from_storage
from continuity.store.tx import NOT_JOURNALED


def by_nda(db: sqlite_utils.Database, nda: str) -> dict | None:
    return next(db.query("SELECT * FROM stays WHERE nda = ?", [nda]), None)


def by_id(db: sqlite_utils.Database, stay_id: str) -> dict | None:
    return next(db.query("SELECT * FROM stays WHERE id = ?", [stay_id]), None)


def current_for_patient(db: sqlite_utils.Database, patient_id: str) -> dict | None:
    return next(
        db.query("SELECT * FROM stays WHERE patient_id = ? AND status IN ('active', 'on_leave')", [patient_id]), None
    )


def for_patient(db: sqlite_utils.Database, patient_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM stays WHERE patient_id = ? ORDER BY admitted_at DESC", [patient_id]))


def newborns_with_mother(db: sqlite_utils.Database, mother_stay_id: str) -> list[dict]:
    return list(
        db.query(
            "SELECT * FROM stays WHERE mother_stay_id = ? AND with_mother = 1 AND status IN ('active', 'on_leave') "
            "ORDER BY birth_order",
            [mother_stay_id],
        )
    )


def movement_rows(db: sqlite_utils.Database, stay_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM movements WHERE stay_id = ? ORDER BY at, hlc, id", [stay_id]))


class MovementRow(NamedTuple):
    """A movement as stored, its time the stored text: what a stay's replay reads (core/adt.replay
    takes it as it is; in the stored shape, text sorts as time does)."""

    id: str
    stay_id: str
    kind: str
    at: str
    hlc: int
    unit: str | None
    bed_id: str | None
    cancelled: int
    destination: str | None


_MOVEMENT_COLUMNS = ", ".join(MovementRow._fields)


def stays_with_movements(db: sqlite_utils.Database, stay_ids: list[str]) -> tuple[list[dict], dict[str, list[MovementRow]]]:
    """These stays (those that exist), and each one's movements in clinical order."""
    stays: list[dict] = []
    movements: dict[str, list[MovementRow]] = {}
    ids = sorted(set(stay_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ", ".join("?" for _ in chunk)
        stays += db.query(f"SELECT * FROM stays WHERE id IN ({marks}) ORDER BY id", chunk)
        cursor = db.execute(f"SELECT {_MOVEMENT_COLUMNS} FROM movements WHERE stay_id IN ({marks}) ORDER BY stay_id, at, hlc, id", chunk)
        for row in map(MovementRow._make, cursor):
            movements.setdefault(row.stay_id, []).append(row)
    return stays, movements


def stays_in_beds(db: sqlite_utils.Database, bed_ids: list[str], other_than: str) -> list[str]:
    """The stays other than ``other_than`` that ever held one of these beds (live movements)."""
    marks = ", ".join("?" for _ in bed_ids)
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT stay_id FROM movements WHERE bed_id IN ({marks}) AND bed_id IS NOT NULL AND cancelled = 0 AND stay_id <> ?",
        [*bed_ids, other_than])]


def write_derived(db: sqlite_utils.Database, changes: list[tuple[str, dict]]) -> None:
    """A stay's recomputed status and place (columns every laptop derives, never journaled)."""
    assert all(changed.keys() <= NOT_JOURNALED["stay"] for _id, changed in changes), "only derived columns"
    shapes: dict[tuple[str, ...], list[list]] = {}
    for stay_id, changed in changes:
        shapes.setdefault(tuple(changed), []).append([*changed.values(), stay_id])
    for columns, rows in shapes.items():
        db.conn.executemany(f"UPDATE stays SET {', '.join(f'[{c}] = ?' for c in columns)} WHERE id = ?", rows)


def movements(db: sqlite_utils.Database, stay_id: str) -> list[Movement]:
    return [to_movement(r) for r in movement_rows(db, stay_id)]


def to_movement(row: dict) -> Movement:
    return Movement(
        id=row["id"],
        kind=row["kind"],
        at=from_storage(row["at"]),
        hlc=row["hlc"],
        unit=row["unit"],
        bed_id=row["bed_id"],
        cancelled=bool(row["cancelled"]),
    )


def movements_by_id_or_short_id(db: sqlite_utils.Database, key: str) -> list[dict]:
    """At most two movements whose full id, or whose last 10 hex digits, is ``key``."""
    return list(db.query("SELECT * FROM movements WHERE id = ? OR substr(id, -10) = ? LIMIT 2", [key, key]))


def movements_in_group(db: sqlite_utils.Database, group_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM movements WHERE group_id = ? ORDER BY id", [group_id]))


def movements_between(db: sqlite_utils.Database, start: str, end: str) -> list[dict]:
    return list(
        db.query(
            """SELECT m.*, s.nda, p.ipp, p.birth_name, p.used_name, p.first_names, p.used_first_name
               FROM movements m JOIN stays s ON s.id = m.stay_id JOIN patients p ON p.id = s.patient_id
               WHERE m.at >= ? AND m.at < ? ORDER BY m.at, m.hlc""",
            [start, end],
        )
    )


def births_for_mother(db: sqlite_utils.Database, mother_stay_id: str) -> list[dict]:
    return list(db.query("SELECT * FROM births WHERE mother_stay_id = ? ORDER BY at, birth_order", [mother_stay_id]))


def birth(db: sqlite_utils.Database, birth_id: str) -> dict | None:
    return next(db.query("SELECT * FROM births WHERE id = ?", [birth_id]), None)


def birth_for_newborn_stay(db: sqlite_utils.Database, stay_id: str) -> dict | None:
    return next(db.query("SELECT * FROM births WHERE newborn_stay_id = ?", [stay_id]), None)


def units(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT * FROM units ORDER BY position"))


def unit(db: sqlite_utils.Database, code: str) -> dict | None:
    return next(db.query("SELECT * FROM units WHERE code = ?", [code]), None)


def bed(db: sqlite_utils.Database, unit_code: str, bed_code: str) -> Bed | None:
    row = next(
        db.query(
            """SELECT b.*, (SELECT s.id FROM stays s WHERE s.bed_id = b.id AND s.status IN ('active', 'on_leave')
                            LIMIT 1) AS occupied_by
               FROM beds b WHERE b.unit = ? AND b.code = ?""",
            [unit_code, bed_code],
        ),
        None,
    )
    if row is None:
        return None
    return Bed(id=row["id"], unit=row["unit"], code=row["code"], closed=bool(row["closed"]), occupied_by=row["occupied_by"])


def bed_board(db: sqlite_utils.Database) -> list[dict]:
    """Every bed with its occupant (if any): the census and the bed board read this."""
    return list(
        db.query(
            """SELECT b.id AS bed_id, b.unit, b.room, b.code AS bed, b.closed, b.closed_reason,
                      s.id AS stay_id, s.nda, s.status, s.admitted_at, s.kind AS stay_kind,
                      p.id AS patient_id, p.ipp, p.birth_name, p.used_name, p.first_names, p.used_first_name, p.birth_date, p.sex
               FROM beds b
               LEFT JOIN stays s ON s.bed_id = b.id AND s.status IN ('active', 'on_leave')
               LEFT JOIN patients p ON p.id = s.patient_id
               ORDER BY b.position"""
        )
    )


def current_newborns(db: sqlite_utils.Database) -> list[dict]:
    return list(
        db.query(
            """SELECT s.id AS stay_id, s.nda, s.mother_stay_id, s.with_mother, s.birth_order, s.unit, s.bed_id,
                      s.status, s.admitted_at, p.ipp, p.birth_name, p.used_name, p.first_names, p.used_first_name, p.birth_date, p.sex,
                      (SELECT count(*) FROM stays t WHERE t.kind = 'newborn' AND t.mother_stay_id = s.mother_stay_id) AS siblings,
                      ms.nda AS mother_nda, ms.unit AS mother_unit, ms.bed_id AS mother_bed_id,
                      mp.birth_name AS mother_birth_name, mp.used_name AS mother_used_name, mp.first_names AS mother_first_names,
                      b.id AS birth_id, b.weight_g
               FROM stays s JOIN patients p ON p.id = s.patient_id
               LEFT JOIN births b ON b.newborn_stay_id = s.id AND b.status = 'recorded'
               LEFT JOIN stays ms ON ms.id = s.mother_stay_id
               LEFT JOIN patients mp ON mp.id = ms.patient_id
               WHERE s.kind = 'newborn' AND s.status IN ('active', 'on_leave')
               ORDER BY s.birth_order"""
        )
    )


def occupied_bed_count(db: sqlite_utils.Database) -> int:
    return next(db.query("SELECT count(*) AS n FROM stays WHERE status IN ('active', 'on_leave') AND bed_id IS NOT NULL"))["n"]


def movement(db: sqlite_utils.Database, movement_id: str) -> dict | None:
    return next(db.query("SELECT * FROM movements WHERE id = ?", [movement_id]), None)
