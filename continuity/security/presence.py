"""A user's certificate that she signed in on a laptop: her own key's signature over the ward, the
laptop and her name, made when her password unwrapped that key. Bundles carry the certificates of
the users their changes name; the other laptops check them against the users' public keys from
the kit. A laptop's signing key alone (a stolen or extracted one) cannot credit a change to a
colleague who never signed in on it."""

from __future__ import annotations

import json

import nacl.signing

from continuity.security import signed, vault


IT_USER = "it-key"  # IT acting with its own key (a laptop whose users are gone): certified by IT's Ed25519 key


def statement(ward: str, device: str, user: str) -> dict:
    return {"kind": "presence", "ward": ward, "device": device, "user": user}


def certify(signing_key: nacl.signing.SigningKey, ward: str, device: str, user: str, chain: list | None = None) -> str:
    """The certificate, with the chain of endorsements from the kit's key to the one that signs it
    (after a password change, her key is a new one)."""
    signature = signing_key.sign(signed.canonical(statement(ward, device, user))).signature.hex()
    return json.dumps({"signature": signature, "chain": chain}, separators=(",", ":")) if chain else signature


def is_valid(certificate: object, root_verify_key: object, ward: str, device: str, user: str) -> bool:
    """Signed by the user's kit key, or by a key her chain of endorsements leads to from it."""
    if not isinstance(certificate, str) or not isinstance(root_verify_key, str):
        return False
    key, signature = root_verify_key, certificate
    if certificate.startswith("{"):
        try:
            parsed = json.loads(certificate)
            key, signature = vault.chain_key(user, root_verify_key, parsed["chain"]), parsed["signature"]
        except (ValueError, TypeError, KeyError, RecursionError):
            return False
    return key is not None and signed.is_signed_by(statement(ward, device, user), signature, key)
