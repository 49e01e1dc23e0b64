"""A user's certificate that she signed in on a laptop: her own key's signature over the ward, the
laptop and her name, made when her password unwrapped that key. Bundles carry the certificates of
the users their changes name; the other laptops check them against the users' public keys from
the kit. A laptop's signing key alone (a stolen or extracted one) cannot credit a change to a
colleague who never signed in on it."""

from __future__ import annotations

import nacl.signing

from continuity.security import signed


def statement(ward: str, device: str, user: str) -> dict:
    return {"kind": "presence", "ward": ward, "device": device, "user": user}


def certify(signing_key: nacl.signing.SigningKey, ward: str, device: str, user: str) -> str:
    return signing_key.sign(signed.canonical(statement(ward, device, user))).signature.hex()


def is_valid(certificate: object, verify_key_hex: object, ward: str, device: str, user: str) -> bool:
    return signed.is_signed_by(statement(ward, device, user), certificate, verify_key_hex)
