"""Signing in: Argon2id password check, throttling after repeated failures, audited."""

from __future__ import annotations

from dataclasses import dataclass

from continuity.core.errors import AuthenticationError, DomainError
from continuity.core.permissions import Permission, Role, parse_role, require
from continuity.security.passwords import hash_password, verify_password
from continuity.store import users as user_store
from continuity.store.tx import Store

MAX_FAILURES = 5
FIRST_LOCK_SECONDS = 30
MAX_LOCK_SECONDS = 15 * 60
_dummy_hash: str | None = None


def _dummy() -> str:
    """Checked when the user name is unknown, so that a wrong name takes as long as a wrong password.
    Made on first need, not at import (an Argon2 hash costs ~100 ms of start-up)."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = hash_password("continuity-unknown-user")
    return _dummy_hash


@dataclass
class Session:
    """A signed-in user on this laptop. Every service takes one and checks its permissions."""

    store: Store
    user: str
    role: Role
    display_name: str

    def require(self, permission: Permission) -> None:
        require(self.role, permission)

    @property
    def timezone(self) -> str:
        device = self.store.device()
        return device["timezone"] if device else "Europe/Paris"


def lock_seconds(failures: int) -> int:
    """Locked for 30 s after the 5th failure, doubling with each further failure, 15 min at most."""
    if failures < MAX_FAILURES:
        return 0
    return min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** (failures - MAX_FAILURES))


def sign_in(store: Store, name: str, password: str) -> Session:
    now = store.clock()
    db = store.db
    throttle = user_store.throttle(db, name)
    if throttle["locked_until"] > now:
        wait = int(throttle["locked_until"] - now) + 1
        with store.write(name) as tx:
            tx.audit("login", "user", name, outcome="throttled")
        raise AuthenticationError(
            "Too many failed attempts: wait {seconds} seconds before trying again.", field="password", seconds=wait
        )
    account = user_store.by_name(db, name)
    valid = verify_password(account["password_hash"] if account else _dummy(), password) and account is not None
    if not valid:
        failures = throttle["failures"] + 1
        with store.write(name) as tx:
            user_store.save_throttle(db, name, failures, now + lock_seconds(failures))
            tx.audit("login", "user", name, outcome="failed", detail={"failures": failures})
        raise AuthenticationError("Wrong user name or password.", field="password")
    with store.write(name) as tx:
        if throttle["failures"]:
            user_store.save_throttle(db, name, 0, 0.0)
        tx.audit("login", "user", name)
    return Session(store=store, user=name, role=parse_role(account["role"]), display_name=account["display_name"])


def change_password(session: Session, old_password: str, new_password: str) -> None:
    account = user_store.by_name(session.store.db, session.user)
    if account is None or not verify_password(account["password_hash"], old_password):
        raise AuthenticationError("Wrong user name or password.", field="password")
    if len(new_password) < 8:
        raise DomainError("The new password must have at least 8 characters.", field="new_password")
    with session.store.write(session.user) as tx:
        user_store.set_password_hash(session.store.db, session.user, hash_password(new_password))
        tx.audit("password_change", "user", session.user)
