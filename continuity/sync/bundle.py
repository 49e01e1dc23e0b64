"""The bundle file: one laptop's journal entries, signed and encrypted, immutable once written.

Layout (all lengths big-endian)::

    MAGIC (20 bytes) | header length (4) | header JSON | payload length (8) | payload | signature (64)

The Ed25519 signature covers every byte before it. The payload is the zlib-compressed JSON list of
entries, encrypted with a random content key; the header carries that key twice: sealed with the
ward secret (every laptop) and sealed to IT's public key (the reconciliation workstation). Sizes
are checked before anything is parsed, the signature before anything is decrypted.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import struct
import zlib
from dataclasses import dataclass

import nacl.exceptions
import nacl.public
import nacl.secret
import nacl.signing
import nacl.utils
import orjson

from continuity.core.errors import DomainError

MAGIC = b"CONTINUITY-BUNDLE-1\n"
# 1: the entries as rows; 2: the same as nine columns (seq, tx, hlc, entity, entity_id, field,
# value, user, base_hlc): a quarter smaller once compressed, read in two thirds of the time, and
# checked and applied a column at a time without turning rows into columns. Both are read.
# 3: the header also carries the writer's anchor: its audit head (sequence and hash) and the digest
# of the entries, signed with them, so that a trail cut or rewritten after it was shared is provable.
FORMAT = 3
READABLE_FORMATS = (1, 2, 3)
COLUMNS = 9
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_HEADER_BYTES = 1024 * 1024  # the users' certificates, with their chains, are in the header
MAX_PLAIN_BYTES = 256 * 1024 * 1024
SIGNATURE_BYTES = 64
SUFFIX = ".cbundle"
NAME = re.compile(r"^(\d{8})\.cbundle$")
_FIXED = len(MAGIC) + 4 + 8 + SIGNATURE_BYTES


class BundleError(DomainError):
    """A file that cannot be accepted; ``reason`` is a stable code, the message says it to a person."""

    def __init__(self, reason: str, message: str, /, *, complete: bool = True, **params: object) -> None:
        super().__init__(message, field="bundle", **params)
        self.reason = reason
        # False when the file may simply still be arriving (short, or cut mid-way): retried, not set aside yet.
        self.complete = complete


@dataclass(frozen=True)
class Header:
    ward: str
    device: str
    bundle: int
    first_seq: int
    last_seq: int
    count: int
    prev: str
    hlc_min: int
    hlc_max: int
    key_ward: str
    key_it: str
    created: str
    format: int = FORMAT
    anchor: dict | None = None  # format 3: {"audit_seq", "audit_hash", "entries_digest"}
    # format 3: for each user its changes name, her certificate that she signed in on this laptop
    # (her own key's signature): a laptop cannot credit a change to someone who never worked on it.
    users: dict | None = None

    def to_json(self) -> bytes:
        fields = {k: v for k, v in self.__dict__.items() if not (k in ("anchor", "users") and v is None)}
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class SealedBundle:
    header: Header
    payload: bytes
    signed: bytes  # every byte the signature covers
    signature: bytes
    file_hash: str


def file_name(bundle_no: int) -> str:
    return f"{bundle_no:08d}{SUFFIX}"


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entries_digest(entries: list[list]) -> str:
    """What a bundle's changes were, in one hash: a laptop's journal edited after it was shared no
    longer gives the digest its signed bundle carries."""
    return hashlib.sha256(json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).hexdigest()


def seal_bundle(
    *,
    ward: str,
    device: str,
    bundle_no: int,
    prev: str,
    entries: list[list],
    created: str,
    signing_key: bytes,
    ward_secret: bytes,
    it_public_key: bytes,
    format: int = FORMAT,  # 1 and 2 only to show that bundles of earlier formats are still read
    audit_head: tuple[int, str] = (0, ""),
    certificates: dict[str, str] | None = None,
) -> bytes:
    content_key = nacl.utils.random(nacl.secret.SecretBox.KEY_SIZE)
    content = [list(column) for column in zip(*entries)] if format >= 2 else entries
    plain = zlib.compress(json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 6)
    payload = bytes(nacl.secret.SecretBox(content_key).encrypt(plain))
    header = Header(
        ward=ward,
        device=device,
        bundle=bundle_no,
        first_seq=entries[0][0],
        last_seq=entries[-1][0],
        count=len(entries),
        prev=prev,
        hlc_min=min(e[2] for e in entries),
        hlc_max=max(e[2] for e in entries),
        key_ward=base64.b64encode(bytes(nacl.secret.SecretBox(ward_secret).encrypt(content_key))).decode(),
        key_it=base64.b64encode(nacl.public.SealedBox(nacl.public.PublicKey(it_public_key)).encrypt(content_key)).decode(),
        created=created,
        format=format,
        anchor={"audit_seq": audit_head[0], "audit_hash": audit_head[1], "entries_digest": entries_digest(entries)} if format >= 3 else None,
        users=dict(certificates or {}) if format >= 3 else None,
    ).to_json()
    body = MAGIC + struct.pack(">I", len(header)) + header + struct.pack(">Q", len(payload)) + payload
    return body + nacl.signing.SigningKey(signing_key).sign(body).signature


def _incomplete(message: str, **params: object) -> BundleError:
    return BundleError("truncated", message, complete=False, **params)


def parse(data: bytes) -> SealedBundle:
    """Split and check the layout. Raises BundleError; nothing is decrypted or trusted yet."""
    if len(data) > MAX_FILE_BYTES:
        raise BundleError("too_large", "The file is larger than any bundle may be ({size} bytes).", size=len(data))
    if not data.startswith(MAGIC[: min(len(data), len(MAGIC))]) or len(data) < len(MAGIC):
        if len(data) < len(MAGIC) and MAGIC.startswith(data):
            raise _incomplete("The file is incomplete (it may still be arriving).")
        raise BundleError("not_a_bundle", "This file is not a Continuity bundle.")
    if len(data) < len(MAGIC) + 4:
        raise _incomplete("The file is incomplete (it may still be arriving).")
    (header_length,) = struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])
    if header_length > MAX_HEADER_BYTES:
        raise BundleError("bad_header", "The bundle's header is malformed.")
    start = len(MAGIC) + 4
    if len(data) < start + header_length + 8:
        raise _incomplete("The file is incomplete (it may still be arriving).")
    raw_header = data[start : start + header_length]
    (payload_length,) = struct.unpack(">Q", data[start + header_length : start + header_length + 8])
    expected = _FIXED + header_length + payload_length
    if payload_length > MAX_FILE_BYTES or expected > MAX_FILE_BYTES:
        raise BundleError("bad_header", "The bundle's header is malformed.")
    if len(data) < expected:
        raise _incomplete("The file is incomplete (it may still be arriving).")
    if len(data) > expected:
        raise BundleError("tampered", "The file has bytes added after its end: it was altered.")
    header = _header(raw_header)
    payload_start = start + header_length + 8
    payload = data[payload_start : payload_start + payload_length]
    signed = data[: payload_start + payload_length]
    return SealedBundle(header, payload, signed, data[payload_start + payload_length :], file_hash(data))


def _header(raw: bytes) -> Header:
    try:
        data = orjson.loads(raw)  # depth-limited: a header nested 60 000 deep is refused, not a crash
        written_as = data.get("format")
        if type(written_as) is int and written_as > max(READABLE_FORMATS):
            raise BundleError("newer_version", "This bundle was written by a newer version of Continuity: it is kept and will "
                              "apply once this laptop is updated.")
        if written_as not in READABLE_FORMATS:
            raise BundleError("bad_header", "The bundle's header is malformed.")
        header = Header(**data)
    except BundleError:
        raise
    except (ValueError, TypeError, KeyError, UnicodeDecodeError, AttributeError, RecursionError):
        raise BundleError("bad_header", "The bundle's header is malformed.") from None
    ints = (header.bundle, header.first_seq, header.last_seq, header.count, header.hlc_min, header.hlc_max)
    texts = (header.ward, header.device, header.prev, header.key_ward, header.key_it, header.created)
    if not all(type(v) is int and v >= 0 for v in ints) or not all(isinstance(v, str) for v in texts):
        raise BundleError("bad_header", "The bundle's header is malformed.")
    if header.bundle < 1 or header.last_seq - header.first_seq + 1 != header.count or header.count < 1:
        raise BundleError("bad_header", "The bundle's header is malformed.")
    if header.format >= 3:
        anchor = header.anchor
        if not isinstance(anchor, dict) or set(anchor) != {"audit_seq", "audit_hash", "entries_digest"} \
                or type(anchor["audit_seq"]) is not int or anchor["audit_seq"] < 0 \
                or not isinstance(anchor["audit_hash"], str) or not isinstance(anchor["entries_digest"], str):
            raise BundleError("bad_header", "The bundle's header is malformed.")
        users = header.users
        if not isinstance(users, dict) or len(users) > 1000 or not all(
                isinstance(k, str) and isinstance(v, str) and len(k) <= 200 and len(v) <= 64_000 for k, v in users.items()):
            raise BundleError("bad_header", "The bundle's header is malformed.")
    elif header.anchor is not None or header.users is not None:
        raise BundleError("bad_header", "The bundle's header is malformed.")
    return header


def verify(bundle: SealedBundle, verify_key: bytes) -> None:
    try:
        nacl.signing.VerifyKey(verify_key).verify(bundle.signed, bundle.signature)
    except (nacl.exceptions.BadSignatureError, ValueError):
        raise BundleError("bad_signature", "The signature does not match: the file was altered or forged.") from None


@dataclass(frozen=True)
class Opened:
    # The entries column by column (seq, tx, hlc, entity, entity_id, field, value, user, base_hlc):
    # checked and applied a column at a time.
    columns: tuple[tuple, ...]

    @property
    def entries(self) -> list[list]:
        """The same entries as rows."""
        return [list(row) for row in zip(*self.columns)]


def open_entries(bundle: SealedBundle, ward_secret: bytes | None = None, it_private_key: bytes | None = None) -> list[list]:
    """Decrypt and check the entries of a verified bundle (with the ward secret, or IT's key)."""
    return open_bundle(bundle, ward_secret, it_private_key).entries


def open_bundle(bundle: SealedBundle, ward_secret: bytes | None = None, it_private_key: bytes | None = None) -> Opened:
    """The same, as columns."""
    try:
        if ward_secret is not None:
            key = nacl.secret.SecretBox(ward_secret).decrypt(base64.b64decode(bundle.header.key_ward))
        else:
            key = nacl.public.SealedBox(nacl.public.PrivateKey(it_private_key)).decrypt(base64.b64decode(bundle.header.key_it))
        compressed = nacl.secret.SecretBox(key).decrypt(bundle.payload)
        inflater = zlib.decompressobj()
        plain = inflater.decompress(compressed, MAX_PLAIN_BYTES)
        if inflater.unconsumed_tail or not inflater.eof:
            raise BundleError("too_large", "The bundle's content is larger than allowed.")
        content = orjson.loads(plain)  # strict UTF-8 and JSON (no NaN, no lone surrogate); twice json's speed
    except BundleError:
        raise
    except (nacl.exceptions.CryptoError, ValueError, zlib.error, UnicodeDecodeError, TypeError):
        raise BundleError("undecryptable", "The bundle cannot be decrypted with this ward's keys.") from None
    return Opened(_check_columns(_as_columns(content, bundle.header), bundle.header))


def _as_columns(content: object, header: Header) -> tuple[tuple, ...]:
    bad = BundleError("bad_payload", "The bundle's content does not match its header.")
    if not isinstance(content, list) or not content:
        raise bad
    if header.format == 1:  # rows
        if len(content) != header.count or set(map(type, content)) != {list} or set(map(len, content)) != {COLUMNS}:
            raise bad
        return tuple(zip(*content))
    if len(content) != COLUMNS or set(map(type, content)) != {list} or set(map(len, content)) != {header.count}:
        raise bad
    return tuple(map(tuple, content))


def _check_columns(columns: tuple[tuple, ...], header: Header) -> tuple[tuple, ...]:
    """Each entry has the types of a journal row, numbered on from the header's first sequence
    number, stamped within the header's range (checked column by column: fast)."""
    bad = BundleError("bad_payload", "The bundle's content does not match its header.")
    seqs, txs, stamps, entities, ids, names, values, users, bases = columns
    if seqs != tuple(range(header.first_seq, header.first_seq + header.count)):
        raise bad
    if {*map(type, seqs), *map(type, txs), *map(type, stamps)} != {int}:
        raise bad  # (True and 1.0 equal 1: the comparison with a range above is not enough)
    if {*map(type, entities), *map(type, ids), *map(type, names), *map(type, values)} != {str}:
        raise bad
    if not set(map(type, users)) <= {str, type(None)} or not set(map(type, bases)) <= {int, type(None)}:
        raise bad
    if min(stamps) < header.hlc_min or max(stamps) > header.hlc_max:
        raise bad
    return columns
