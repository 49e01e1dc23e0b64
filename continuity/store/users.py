"""User accounts (from the kit, local to this laptop) and the credentials password changes send."""

from __future__ import annotations

import sqlite_utils


def by_name(db: sqlite_utils.Database, name: str) -> dict | None:
    return next(db.query("SELECT * FROM users WHERE name = ? AND active = 1", [name]), None)


def set_password_hash(db: sqlite_utils.Database, name: str, password_hash: str) -> None:
    db.execute("UPDATE users SET password_hash = ? WHERE name = ?", [password_hash, name])


def credentials(db: sqlite_utils.Database) -> list[dict]:
    """Each user's latest credential (from a password change here or on another laptop), with the
    user's public key from the kit that checks it."""
    return list(db.query("SELECT c.id AS user, c.value, c.version, u.verify_key FROM credentials c "
                         "JOIN users u ON u.name = c.id WHERE c.value IS NOT NULL"))


def save_certificate(db: sqlite_utils.Database, user: str, device_id: str, certificate: str) -> None:
    db["user_certificates"].upsert({"user": user, "device_id": device_id, "certificate": certificate}, pk=("user", "device_id"))


def certificates(db: sqlite_utils.Database, device_id: str, users: set[str]) -> dict[str, str]:
    if not users:
        return {}
    marks = ", ".join("?" for _ in users)
    return {r["user"]: r["certificate"] for r in db.query(
        f"SELECT user, certificate FROM user_certificates WHERE device_id = ? AND user IN ({marks})", [device_id, *sorted(users)])}


def verify_keys(db: sqlite_utils.Database) -> dict[str, str]:
    """Every user the kits named (active or not: old changes stay theirs), with her public key."""
    return {r["name"]: r["verify_key"] for r in db.query("SELECT name, verify_key FROM users WHERE verify_key IS NOT NULL")}


def root_keys(db: sqlite_utils.Database) -> dict[str, list[str]]:
    """Every key any kit gave each user (a rebuilt kit may have given new ones): her older changes,
    certified by an earlier key, stay hers."""
    found: dict[str, list[str]] = {}
    for row in db.query("SELECT user, verify_key FROM user_keys ORDER BY rowid"):
        found.setdefault(row["user"], []).append(row["verify_key"])
    for name, key in verify_keys(db).items():
        if key not in found.setdefault(name, []):
            found[name].append(key)
    return found


def credential_values(db: sqlite_utils.Database) -> list[tuple[str, str]]:
    """(user, value) of every credential ever journaled here, whoever wrote it: the best valid one is
    taken, whatever the journal's merge rule made of the row (a hostile later write cannot hide it)."""
    return db.execute("SELECT entity_id, value FROM journal WHERE entity = 'credential' AND field = 'value'").fetchall()
