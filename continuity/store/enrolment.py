"""Writing a ward kit into the local store (enrolment, and re-enrolment with a newer kit)."""

from __future__ import annotations

import json

import sqlite_utils

from continuity.core.audit_chain import GENESIS
from continuity.core.ward import WardDescription


def write_device(
    db: sqlite_utils.Database,
    *,
    device_id: str,
    device_name: str,
    ward: WardDescription,
    kit_id: str,
    enrolled_at: str,
    hlc_now: int,
) -> None:
    """Create this laptop's device row, or refresh it on re-enrolment (counters are kept: a sequence
    number is never reused)."""
    existing = list(db.query("SELECT * FROM device WHERE id = 1"))
    if existing:
        db.execute(
            "UPDATE device SET ward_name = ?, timezone = ?, kit_id = ?, enrolled_at = ?, enrol_count = enrol_count + 1, "
            "hlc = max(hlc, ?) WHERE id = 1",
            [ward.name, ward.timezone, kit_id, enrolled_at, hlc_now],
        )
        return
    db["device"].insert(
        {
            "id": 1,
            "device_id": device_id,
            "device_name": device_name,
            "ward_id": ward.id,
            "ward_name": ward.name,
            "timezone": ward.timezone,
            "kit_id": kit_id,
            "next_seq": 1,
            "next_tx": 1,
            "hlc": hlc_now,
            "audit_seq": 0,
            "audit_head": GENESIS,
            "enrolled_at": enrolled_at,
            "enrol_count": 1,
        }
    )


def write_ward(db: sqlite_utils.Database, ward: WardDescription) -> None:
    """Upsert the ward's configuration. Bed open/closed state is clinical (journaled) and kept."""
    for position, unit in enumerate(ward.units):
        db["units"].upsert(
            {"code": unit.code, "name": unit.name, "kind": unit.kind, "uf": unit.uf, "position": position}, pk="code"
        )
        for bed_position, bed in enumerate(unit.beds):
            db.execute(
                "INSERT INTO beds (id, unit, room, code, position, closed) VALUES (?, ?, ?, ?, ?, 0) "
                "ON CONFLICT(id) DO UPDATE SET room = excluded.room, position = excluded.position",
                [bed.id, bed.unit, bed.room, bed.code, position * 1000 + bed_position],
            )
    for shift in ward.shifts:
        db["shift_types"].upsert(
            {"code": shift.code, "label": shift.label, "start": shift.start, "end": shift.end, "hours": shift.hours},
            pk="code",
        )
    for s in ward.staffing:
        db["staffing_minimums"].upsert(
            {"unit": s.unit, "shift": s.shift, "role": s.role, "minimum": s.minimum, "optimal": s.optimal},
            pk=("unit", "shift", "role"),
        )
    for person in ward.staff:
        db["staff"].upsert(
            {
                "id": person.id,
                "last_name": person.last_name,
                "first_name": person.first_name,
                "role": person.role,
                "grade": person.grade,
                "skills": json.dumps(person.skills),
                "ratio": person.ratio,
                "units": json.dumps(person.units),
                "active": 1,
            },
            pk="id",
        )
    for user in ward.users:
        db["users"].upsert(
            {
                "name": user.name,
                "display_name": user.display_name,
                "role": user.role,
                "staff_id": user.staff_id,
                "password_hash": user.password_hash,
                "active": 1,
            },
            pk="name",
        )


def write_keys(db: sqlite_utils.Database, secrets: dict[str, str], devices: list[dict]) -> None:
    for name, value in secrets.items():
        db["secrets"].upsert({"name": name, "value": value}, pk="name")
    for device in devices:
        db["devices"].upsert(
            {
                "device_id": device["device_id"],
                "name": device["name"],
                "location": device.get("location"),
                "verify_key": device["verify_key"],
                "ipp_start": device["ipp"][0],
                "ipp_end": device["ipp"][1],
                "nda_start": device["nda"][0],
                "nda_end": device["nda"][1],
            },
            pk="device_id",
        )


def write_ranges(db: sqlite_utils.Database, ranges: dict[str, tuple[int, int]]) -> None:
    """Set this laptop's number blocks; on re-enrolment never step back below a number already used."""
    for kind, (start, end) in ranges.items():
        existing = list(db.query("SELECT next FROM number_ranges WHERE kind = ?", [kind]))
        next_value = max(start, existing[0]["next"]) if existing else start
        db["number_ranges"].upsert({"kind": kind, "start": start, "end": end, "next": next_value}, pk="kind")


def number_ranges(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT * FROM number_ranges ORDER BY kind"))


def known_devices(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT * FROM devices ORDER BY name"))


def get_secret(db: sqlite_utils.Database, name: str) -> str | None:
    rows = list(db.query("SELECT value FROM secrets WHERE name = ?", [name]))
    return rows[0]["value"] if rows else None


def has_clinical_data(db: sqlite_utils.Database) -> bool:
    return bool(next(db.query("SELECT EXISTS(SELECT 1 FROM journal) AS used"))["used"])
