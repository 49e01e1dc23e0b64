"""A password change travels to every laptop.

The new credential (the user's key wrapped by the new password, numbered, signed by that key) is
written to this laptop's keyring and journaled like any change, so the next bundle carries it. A
laptop that receives it checks the signature against the user's public key from the kit and the
number, then replaces the old credential in its own keyring: the old password (the kit's initial
one included) no longer opens that laptop. A credential not signed by the user's own key (a thief
with a laptop's key cannot make one) is ignored.
"""

from __future__ import annotations

import json

import orjson

from continuity.security import vault
from continuity.store import users as user_store
from continuity.store.tx import Store


def publish(session, credential: dict) -> None:
    """Write the new credential here (keyring and journal); called by ``session.change_password``."""
    store = session.store
    keyring = vault.read_keyring(store.folder)
    with store.write(session.user) as tx:
        tx.set("credential", session.user, {"value": json.dumps(credential, sort_keys=True), "version": credential["version"]})
        tx.audit("password_change", "user", session.user, detail={"version": credential["version"]})
        # The keyring is written before the commit: if that fails, nothing is journaled.
        vault.write_keyring(store.folder, vault.with_credential(keyring, credential, store.key))


def _rank_or_lowest(credential: object) -> tuple[int, str]:
    try:
        return vault.credential_rank(credential)
    except (TypeError, KeyError, AttributeError):
        return (-1, "")  # a damaged entry: anything valid is better


def best_credentials(store: Store) -> dict[str, dict]:
    """Each user's best credential among all those ever journaled here (valid: descending from a key
    a kit gave her), by version then digest: the same on every laptop that has the same journal."""
    roots = user_store.root_keys(store.db)
    best: dict[str, dict] = {}
    for user, value in user_store.credential_values(store.db):
        try:
            text = orjson.loads(value)  # depth-limited: a hostile value is skipped, never a crash
            credential = orjson.loads(text) if isinstance(text, str) else None
        except (TypeError, ValueError, RecursionError):
            continue
        if not any(vault.credential_is_valid(credential, user, root) for root in roots.get(user, [])):
            continue
        if user not in best or vault.credential_rank(credential) > vault.credential_rank(best[user]):
            best[user] = credential
    return best


def refresh_keyring(store: Store) -> int:
    """Take the best credentials known here into this laptop's keyring (the database key sealed anew
    to each new key). Returns how many were taken."""
    if not store.encrypted:
        return 0
    try:
        keyring = vault.read_keyring(store.folder)
    except vault.KeyringError:
        return 0  # damaged whole: IT makes it anew
    if keyring is None:
        return 0
    taken = 0
    for user, credential in best_credentials(store).items():
        entry = keyring["users"].get(user)
        if entry is None:
            continue
        current = entry.get("credential") if isinstance(entry, dict) else None
        if vault.credential_rank(credential) > _rank_or_lowest(current):
            keyring = vault.with_credential(keyring, credential, store.key)
            taken += 1
    if taken:
        vault.write_keyring(store.folder, keyring)
    return taken
