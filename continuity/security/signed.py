"""What IT issues (kits, enrolment packages, revocations, rotations) is signed with IT's Ed25519 key
and checked against the key this laptop was first enrolled with."""

from __future__ import annotations

import json

import nacl.exceptions
import nacl.signing


def canonical(payload: dict) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign(payload: dict, signing_key_hex: str) -> str:
    return nacl.signing.SigningKey(bytes.fromhex(signing_key_hex)).sign(canonical(payload)).signature.hex()


def is_signed_by(payload: object, signature: object, verify_key_hex: object) -> bool:
    if not isinstance(payload, dict) or not isinstance(signature, str) or not isinstance(verify_key_hex, str):
        return False
    try:
        nacl.signing.VerifyKey(bytes.fromhex(verify_key_hex)).verify(canonical(payload), bytes.fromhex(signature))
    except (nacl.exceptions.BadSignatureError, ValueError, TypeError):
        return False
    return True
