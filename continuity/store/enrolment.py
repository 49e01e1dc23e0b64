"""Writing a ward kit into the local store (enrolment, and re-enrolment with a newer kit)."""

from __future__ import annotations

import json

import sqlite_utils

from continuity.core.audit_chain import GENESIS
from continuity.core.rota import rules_from_config
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
        # A rebuilt kit gives the laptop a new identity: its journal goes on as a new stream
        # (sequence numbers of that id, from 1 or wherever it stood), the old one is kept.
        next_seq = next(
            db.query(
                "SELECT coalesce(max(j.seq), 0) + 1 AS next FROM journal j "
                "JOIN journal_sources s ON s.source = j.source WHERE s.device_id = ?",
                [device_id],
            )
        )["next"]
        db.execute(
            "UPDATE device SET device_id = ?, next_seq = ?, ward_name = ?, timezone = ?, kit_id = ?, enrolled_at = ?, "
            "enrol_count = enrol_count + 1, hlc = max(hlc, ?) WHERE id = 1",
            [device_id, next_seq, ward.name, ward.timezone, kit_id, enrolled_at, hlc_now],
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


def write_ward(db: sqlite_utils.Database, ward: WardDescription, verify_keys: dict[str, str]) -> None:
    """Upsert the ward's configuration. Bed open/closed state is clinical (journaled) and kept.
    Staff and users missing from the kit are deactivated, never deleted. A user's password is not
    here: it is the keyring's (``verify_keys``: each user's public key, which checks the
    credentials a password change sends to other laptops)."""
    db.execute("UPDATE staff SET active = 0")
    db.execute("UPDATE users SET active = 0")
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
    # Every rule as the kit sets it (defaults where it is silent): a newer kit's settings replace these.
    for rule in rules_from_config(ward.rota_rules).values():
        db["rota_rules"].upsert({"rule": rule.id, "hard": int(rule.hard), "weight": rule.weight, "value": json.dumps(rule.value)},
                                pk="rule")
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
                "password_hash": "",
                "kit_password_hash": None,
                "verify_key": verify_keys[user.name],
                "active": 1,
            },
            pk="name",
        )
        db.execute("INSERT OR IGNORE INTO user_keys (user, verify_key) VALUES (?, ?)", [user.name, verify_keys[user.name]])


def write_keys(db: sqlite_utils.Database, secrets: dict[str, str], devices: list[dict], kit_id: str) -> None:
    # The same kit again (a laptop refreshed from its own package): a ward secret renewed since by a
    # revocation stays the one new bundles are sealed with; the kit's older one is only kept for reading.
    renewed_since = get_secret(db, f"ward_secret@{kit_id}") is not None and get_secret(db, "ward_secret") != secrets.get("ward_secret")
    for name, value in secrets.items():
        if name == "ward_secret" and renewed_since:
            continue
        db["secrets"].upsert({"name": name, "value": value}, pk="name")
    # Every ward secret this laptop was given stays: bundles made under an older kit remain readable.
    if "ward_secret" in secrets:
        db["secrets"].upsert({"name": f"ward_secret@{kit_id}", "value": secrets["ward_secret"]}, pk="name")
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
                "kit_id": kit_id,
            },
            pk="device_id",
        )


def write_ranges(db: sqlite_utils.Database, ranges: dict[str, tuple[int, int]]) -> None:
    """Set this laptop's number blocks. Re-enrolled with the same block, it carries on where it was
    (never handing a number out twice); given a fresh block, it starts at its beginning."""
    for kind, (start, end) in ranges.items():
        existing = next(db.query("SELECT * FROM number_ranges WHERE kind = ?", [kind]), None)
        next_value = existing["next"] if existing and start <= existing["next"] <= end else start
        db["number_ranges"].upsert({"kind": kind, "start": start, "end": end, "next": next_value}, pk="kind")


def number_ranges(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query("SELECT * FROM number_ranges ORDER BY kind"))


def known_devices(db: sqlite_utils.Database, kit_id: str | None = None) -> list[dict]:
    """The ward's laptops (of one kit, or of every kit this laptop was enrolled from)."""
    if kit_id is None:
        return list(db.query("SELECT * FROM devices ORDER BY name"))
    return list(db.query("SELECT * FROM devices WHERE kit_id = ? ORDER BY name", [kit_id]))


def ward_secrets(db: sqlite_utils.Database) -> list[str]:
    """The current ward secret first, then those of earlier kits."""
    current = get_secret(db, "ward_secret")
    older = [r["value"] for r in db.query("SELECT value FROM secrets WHERE name LIKE 'ward_secret@%' ORDER BY name")]
    return [current, *[v for v in older if v != current]] if current else older


def get_secret(db: sqlite_utils.Database, name: str) -> str | None:
    rows = list(db.query("SELECT value FROM secrets WHERE name = ?", [name]))
    return rows[0]["value"] if rows else None



def revoked_devices(db: sqlite_utils.Database) -> dict[str, int]:
    """device id -> the last of its bundles still trusted."""
    return {r["device_id"]: r["last_good_bundle"] for r in db.query("SELECT device_id, last_good_bundle FROM revocations")}


def has_revocation(db: sqlite_utils.Database, revocation_id: str) -> bool:
    return db.execute("SELECT 1 FROM revocations WHERE revocation_id = ?", [revocation_id]).fetchone() is not None


def record_revocation(db: sqlite_utils.Database, row: dict, secret_id: str, secret_hex: str | None) -> None:
    """A laptop revoked (the earliest trust point kept if IT revoked it twice) and, for the others,
    the new ward secret, which new bundles are sealed with (the earlier ones stay, for old bundles)."""
    db.execute(
        "INSERT INTO revocations (device_id, last_good_bundle, revocation_id, issued_at, reason, applied_at) "
        "VALUES (:device_id, :last_good_bundle, :revocation_id, :issued_at, :reason, :applied_at) "
        "ON CONFLICT(device_id) DO UPDATE SET last_good_bundle = min(last_good_bundle, excluded.last_good_bundle)",
        row,
    )
    if secret_hex is not None:
        db["secrets"].upsert({"name": "ward_secret", "value": secret_hex}, pk="name")
        db["secrets"].upsert({"name": f"ward_secret@{secret_id}", "value": secret_hex}, pk="name")


def device_kit(db: sqlite_utils.Database, device_id: str) -> str | None:
    row = db.execute("SELECT kit_id FROM devices WHERE device_id = ?", [device_id]).fetchone()
    return row[0] if row else None


def same_laptop_earlier_ids(db: sqlite_utils.Database, device_id: str, name: str | None) -> list[str]:
    """The ids a laptop of that name had under earlier kits (not its current one)."""
    if not name:
        return []
    return [r[0] for r in db.execute("SELECT device_id FROM devices WHERE name = ? AND device_id != ?", [name, device_id])]
