"""Bundle files: a good one opens; every kind of damage is refused with its reason; fuzzed files
never crash the reader and are never accepted."""

from __future__ import annotations

import base64
import json
import struct
import zlib

import nacl.public
import nacl.secret
import nacl.signing
import nacl.utils
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from continuity.sync import bundle as b
from continuity.sync.bundle import BundleError

SIGNING = nacl.signing.SigningKey.generate()
OTHER = nacl.signing.SigningKey.generate()
WARD_SECRET = nacl.utils.random(32)
IT_KEY = nacl.public.PrivateKey.generate()
ENTRIES = [[5 + i, 3, 1000 + i, "patient", f"p{i}", "birth_name", '"Dupont"', "cdurand", None] for i in range(4)]


def sealed(entries=ENTRIES, **changes) -> bytes:
    args = dict(ward="ward-a", device="d" * 32, bundle_no=2, prev="f" * 64, entries=entries, created="2027-01-15T08:00:00Z",
                signing_key=bytes(SIGNING), ward_secret=WARD_SECRET, it_public_key=bytes(IT_KEY.public_key))
    return b.seal_bundle(**{**args, **changes})


def open_all(data: bytes, key=SIGNING) -> list:
    bundle = b.parse(data)
    b.verify(bundle, bytes(key.verify_key))
    return b.open_entries(bundle, ward_secret=WARD_SECRET)


def test_a_good_bundle_opens_for_the_ward_and_for_it():
    data = sealed()
    assert open_all(data) == ENTRIES
    header = b.parse(data).header
    assert (header.first_seq, header.last_seq, header.count, header.hlc_min, header.hlc_max) == (5, 8, 4, 1000, 1003)
    assert b.open_entries(b.parse(data), it_private_key=bytes(IT_KEY)) == ENTRIES
    assert b"Dupont" not in data and b"cdurand" not in data  # nothing readable leaves the laptop


def test_bundles_of_earlier_formats_still_open():
    """Rows (format 1) as the first version wrote them; columns (format 2); columns and the
    writer's anchor (format 3) since."""
    for earlier in (1, 2):
        data = sealed(format=earlier)
        assert b.parse(data).header.format == earlier and b.parse(data).header.anchor is None
        assert open_all(data) == ENTRIES
    header = b.parse(sealed()).header
    assert header.format == b.FORMAT == 3
    assert header.anchor == {"audit_seq": 0, "audit_hash": "", "entries_digest": b.entries_digest(ENTRIES)}


@pytest.mark.parametrize("anchor", [None, {}, {"audit_seq": -1, "audit_hash": "", "entries_digest": ""},
                                    {"audit_seq": "1", "audit_hash": "", "entries_digest": ""},
                                    {"audit_seq": 1, "audit_hash": "", "entries_digest": "", "more": 1}])
def test_a_format_3_header_without_a_sound_anchor_is_refused(anchor):
    data = _resealed([list(c) for c in zip(*ENTRIES)], format=3, anchor=anchor)
    with pytest.raises(b.BundleError) as refused:
        b.parse(data)
    assert refused.value.reason == "bad_header"


def _resealed(content: object, **header_changes) -> bytes:
    """A bundle whose content or header is what a newer version or a forger would write, signed."""
    key = nacl.utils.random(32)
    payload = bytes(nacl.secret.SecretBox(key).encrypt(zlib.compress(json.dumps(content).encode())))
    fields = dict(ward="ward-a", device="d" * 32, bundle=2, first_seq=5, last_seq=8, count=4, prev="f" * 64, hlc_min=1000,
                  hlc_max=1003, key_ward=base64.b64encode(bytes(nacl.secret.SecretBox(WARD_SECRET).encrypt(key))).decode(),
                  key_it="", created="2027-01-15T08:00:00Z", format=2)
    header = json.dumps({**fields, **header_changes}).encode()
    body = b.MAGIC + struct.pack(">I", len(header)) + header + struct.pack(">Q", len(payload)) + payload
    return body + SIGNING.sign(body).signature


COLUMNS = [list(c) for c in zip(*ENTRIES)]


@pytest.mark.parametrize("content, changes, reason", [
    (COLUMNS, {}, None),
    (COLUMNS, {"format": 4}, "newer_version"),
    (COLUMNS, {"format": "2"}, "bad_header"),
    (COLUMNS, {"format": 1}, "bad_payload"),  # columns where rows were announced
    (ENTRIES, {}, "bad_payload"),  # rows where columns were announced
    (COLUMNS[:8], {}, "bad_payload"),
    ([*COLUMNS[:6], COLUMNS[6][:3], *COLUMNS[7:]], {}, "bad_payload"),
    ([*COLUMNS[:2], [1000, 1001, True, 1003], *COLUMNS[3:]], {}, "bad_payload"),
    ([*COLUMNS[:6], ['"a"', '"b"', 3, '"d"'], *COLUMNS[7:]], {}, "bad_payload"),
], ids=["sound", "newer format", "format as text", "announced rows", "rows for columns", "eight columns", "a short column",
        "a boolean stamp", "a number for a value"])
def test_a_columns_payload_is_checked_column_by_column(content, changes, reason):
    data = _resealed(content, **changes)
    if reason is None:
        assert open_all(data) == ENTRIES
    else:
        assert reason_of(data)[0] == reason


def reason_of(data: bytes, key=SIGNING, secret=WARD_SECRET) -> tuple[str, bool]:
    with pytest.raises(BundleError) as error:
        bundle = b.parse(data)
        b.verify(bundle, bytes(key.verify_key))
        b.open_entries(bundle, ward_secret=secret)
    return error.value.reason, error.value.complete


def flip(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0x40]) + data[offset + 1 :]


def test_every_kind_of_damage_is_named():
    data = sealed()
    header_end = len(b.MAGIC) + 4 + struct.unpack(">I", data[len(b.MAGIC) : len(b.MAGIC) + 4])[0]
    assert reason_of(b"") == ("truncated", False)
    assert reason_of(data[:10]) == ("truncated", False)
    assert reason_of(data[: len(data) // 2]) == ("truncated", False)
    assert reason_of(data[:-1]) == ("truncated", False)
    assert reason_of(data + b"x") == ("tampered", True)
    assert reason_of(b"PK\x03\x04 a zip file") == ("not_a_bundle", True)
    assert reason_of(flip(data, len(data) - 100)) == ("bad_signature", True)  # payload
    assert reason_of(flip(data, len(data) - 5)) == ("bad_signature", True)  # signature
    assert reason_of(data, key=OTHER) == ("bad_signature", True)  # forged by another key
    assert reason_of(flip(data, header_end - 3))[0] in {"bad_header", "bad_signature"}
    assert reason_of(data, secret=nacl.utils.random(32)) == ("undecryptable", True)  # another ward's secret
    huge = b.MAGIC + struct.pack(">I", b.MAX_HEADER_BYTES + 1)
    assert reason_of(huge) == ("bad_header", True)
    assert reason_of(b"x" * (b.MAX_FILE_BYTES + 1)) == ("too_large", True)


def test_a_signed_bundle_whose_entries_disagree_with_its_header_is_refused():
    gap = [list(e) for e in ENTRIES]
    gap[2][0] = 99  # sequence numbers must follow each other
    with pytest.raises(BundleError) as error:
        open_all(sealed(entries=gap))
    assert error.value.reason in {"bad_header", "bad_payload"}
    bad_type = [list(e) for e in ENTRIES]
    bad_type[1][4] = 12  # an id that is not text
    with pytest.raises(BundleError) as error:
        open_all(sealed(entries=bad_type))
    assert error.value.reason == "bad_payload"


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_fuzzed_files_never_crash_and_are_never_accepted(data):
    original = sealed()
    how = data.draw(st.sampled_from(["flip", "cut", "insert", "splice", "random"]))
    if how == "flip":
        offset = data.draw(st.integers(0, len(original) - 1))
        damaged = flip(original, offset)
    elif how == "cut":
        damaged = original[: data.draw(st.integers(0, len(original) - 1))]
    elif how == "insert":
        offset = data.draw(st.integers(0, len(original)))
        damaged = original[:offset] + data.draw(st.binary(min_size=1, max_size=40)) + original[offset:]
    elif how == "splice":
        other = sealed(bundle_no=3)
        offset = data.draw(st.integers(1, len(original) - 1))
        damaged = original[:offset] + other[offset:]
        if damaged == original or damaged == other:
            return
    else:
        damaged = b.MAGIC + data.draw(st.binary(max_size=400))
    with pytest.raises(BundleError):
        open_all(damaged)
