"""Signing in (Argon2id, throttling, audit) and the ward kit (encryption, enrolment, re-enrolment)."""

from __future__ import annotations

import copy

import pytest

from continuity.core.errors import AuthenticationError, KitError
from continuity.paths import database_path
from continuity.services import kit
from continuity.services.session import MAX_FAILURES, lock_seconds, sign_in
from continuity.store.tx import Store
from tests.conftest import EXAMPLE_WARD, PASSWORD, add_woman


def audit_actions(store):
    return [(r["action"], r["user"], r["outcome"]) for r in store.db.query("SELECT * FROM audit ORDER BY seq")]


def test_sign_in_checks_the_password_and_audits_both_outcomes(store):
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        sign_in(store, "cdurand", "nope")
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        sign_in(store, "nobody", PASSWORD)
    session = sign_in(store, "cdurand", PASSWORD)
    assert session.role.value == "midwife"
    assert audit_actions(store)[-3:] == [("login", "cdurand", "failed"), ("login", "nobody", "failed"), ("login", "cdurand", "ok")]


def test_passwords_are_stored_as_argon2id_hashes(store):
    hashes = [r["password_hash"] for r in store.db.query("SELECT password_hash FROM users")]
    assert hashes and all(h.startswith("$argon2id$") for h in hashes)
    assert PASSWORD not in " ".join(hashes)


def test_five_failures_throttle_the_account_even_for_the_right_password(store, clock):
    for _ in range(MAX_FAILURES):
        with pytest.raises(AuthenticationError, match="Wrong"):
            sign_in(store, "accueil", "bad")
    with pytest.raises(AuthenticationError, match="wait 31 seconds"):
        sign_in(store, "accueil", PASSWORD)
    assert audit_actions(store)[-1] == ("login", "accueil", "throttled")
    clock.advance(lock_seconds(MAX_FAILURES) + 1)
    assert sign_in(store, "accueil", PASSWORD).user == "accueil"
    with pytest.raises(AuthenticationError, match="Wrong"):
        sign_in(store, "accueil", "bad")  # the counter was reset by the success: no lock after one failure
    sign_in(store, "accueil", PASSWORD)


def test_lock_grows_with_repeated_failures_and_is_capped():
    assert [lock_seconds(n) for n in (4, 5, 6, 7)] == [0, 30, 60, 120]
    assert lock_seconds(50) == 15 * 60


def test_kit_file_roundtrip_and_initial_passwords(tmp_path, monkeypatch):
    out = tmp_path / "ward.kit"
    result = kit.create_kit(EXAMPLE_WARD, out, "s3cret phrase", "it only")
    assert set(result["initial_passwords"]) == {"cdurand", "accueil", "cadre", "informatique"}
    assert b"Durand" not in out.read_bytes() and b"argon2" not in out.read_bytes()  # encrypted
    opened = kit.open_kit(out, "s3cret phrase")
    assert [d["name"] for d in opened["devices"]] == ["laptop-1", "laptop-2", "laptop-3"]
    assert "it_private_key" not in str(opened)  # IT's private key lives in its own file
    assert (tmp_path / "ward.kit.itkey").exists()
    ranges = [tuple(d["ipp"]) for d in opened["devices"]]
    assert ranges == [(900000000, 900100000), (900100000, 900200000), (900200000, 900300000)]


def test_wrong_passphrase_damaged_truncated_or_foreign_kits_give_clear_errors(tmp_path):
    out = tmp_path / "ward.kit"
    kit.create_kit(EXAMPLE_WARD, out, "right", "it only")
    with pytest.raises(KitError, match="own passphrase"):
        kit.create_kit(EXAMPLE_WARD, tmp_path / "same.kit", "right", "right")
    with pytest.raises(KitError, match="Wrong passphrase"):
        kit.unseal_it_key(tmp_path / "ward.kit.itkey", "right")  # the kit's passphrase does not open IT's key
    assert kit.unseal_it_key(tmp_path / "ward.kit.itkey", "it only")["it_private_key"]
    with pytest.raises(KitError, match="Wrong passphrase"):
        kit.open_kit(out, "wrong")
    blob = bytearray(out.read_bytes())
    blob[len(blob) // 2] ^= 0x01
    (tmp_path / "damaged.kit").write_bytes(bytes(blob))
    with pytest.raises(KitError, match="Wrong passphrase, or the ward kit is damaged"):
        kit.open_kit(tmp_path / "damaged.kit", "right")
    (tmp_path / "short.kit").write_bytes(out.read_bytes()[:30])
    with pytest.raises(KitError, match="truncated"):
        kit.open_kit(tmp_path / "short.kit", "right")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a kit")
    with pytest.raises(KitError, match="not a Continuity ward kit"):
        kit.open_kit(tmp_path / "photo.jpg", "right")
    with pytest.raises(KitError, match="File not found"):
        kit.open_kit(tmp_path / "missing.kit", "right")


def test_enrolment_refuses_an_unknown_laptop_and_a_used_folder_unless_forced(tmp_path, built_kit, clerk, store):
    with pytest.raises(KitError, match="no laptop named laptop-9"):
        kit.enrol(Store(database_path(tmp_path / "other")), copy.deepcopy(built_kit), "laptop-9")
    with pytest.raises(KitError, match="already enrolled as laptop-1"):
        kit.enrol(store, copy.deepcopy(built_kit), "laptop-1")
    with pytest.raises(KitError, match="belongs to laptop-1"):
        kit.enrol(store, copy.deepcopy(built_kit), "laptop-2", force=True)


def test_forced_re_enrolment_never_reuses_sequence_or_downtime_numbers(built_kit, clerk, store):
    first_ipp = add_woman(clerk)
    next_seq = store.device()["next_seq"]
    device_id = store.device()["device_id"]
    kit.enrol(store, copy.deepcopy(built_kit), "laptop-1", force=True)
    assert store.device()["device_id"] == device_id
    assert store.device()["next_seq"] == next_seq
    second_ipp = add_woman(clerk, birth_name="Autre")
    assert int(second_ipp) == int(first_ipp) + 1
    seqs = [r["seq"] for r in store.db.query("SELECT seq FROM journal ORDER BY seq")]
    assert seqs == list(range(1, len(seqs) + 1))
    assert [a for a, _u, _o in audit_actions(store)].count("device.re-enrol") == 1


def test_two_laptops_from_one_kit_hand_out_different_numbers(tmp_path, built_kit, clock):
    from continuity.core.permissions import Role
    from tests.conftest import session_for

    stores = [Store(database_path(tmp_path / name), clock=clock) for name in ("a", "b")]
    for s, name in zip(stores, ("laptop-1", "laptop-2")):
        kit.enrol(s, copy.deepcopy(built_kit), name)
    ipps = [add_woman(session_for(s, Role.CLERK), birth_name=f"N{i}") for i in range(3) for s in stores]
    assert len(set(ipps)) == 6
    assert {s.device()["device_id"] for s in stores}.__len__() == 2


def test_re_enrolment_with_a_rebuilt_kit_starts_a_new_stream_and_loses_nothing(built_kit, clerk, store, clock):
    from dataclasses import replace

    from continuity.core.ward import ward_from_dict
    from continuity.services import admin
    from continuity.services.session import change_password
    from tests.conftest import session_for
    from continuity.core.permissions import Role

    add_woman(clerk)
    old_id = store.device()["device_id"]
    change_password(session_for(store, Role.MIDWIFE), PASSWORD, "mon nouveau mot de passe")
    ward = ward_from_dict(built_kit["ward"])
    ward = replace(ward, users=[u for u in ward.users if u.name != "accueil"])  # the clerk account is withdrawn
    rebuilt, _it, _initial = kit.build_kit(ward)
    for user in rebuilt["ward"]["users"]:  # IT kept the same initial hashes
        user["password_hash"] = next(u["password_hash"] for u in built_kit["ward"]["users"] if u["name"] == user["name"])
    rebuilt["devices"][0]["ipp"] = [950000000, 950100000]  # and gave this laptop a fresh IPP block
    kit.enrol(store, rebuilt, "laptop-1", force=True)

    assert store.device()["device_id"] == rebuilt["devices"][0]["device_id"] != old_id
    assert sign_in(store, "cdurand", "mon nouveau mot de passe").user == "cdurand"  # the local change survived
    with pytest.raises(AuthenticationError):
        sign_in(store, "accueil", PASSWORD)  # deactivated, not deleted
    assert store.db.execute("SELECT count(*) FROM users WHERE name = 'accueil'").fetchone()[0] == 1
    status = admin.device_status(session_for(store, Role.SUPERVISOR))
    assert status["peers"] == ["laptop-2", "laptop-3", "laptop-4", "laptop-5"]
    assert status["number_ranges"][0]["next"] == 950000000
    assert add_woman(session_for(store, Role.MIDWIFE), birth_name="Nouveau") == "950000000"
    streams = list(store.db.query("SELECT source, min(seq) AS low, max(seq) AS high, count(*) AS n FROM journal GROUP BY source"))
    assert len(streams) == 2 and all(s["low"] == 1 and s["high"] == s["n"] for s in streams)
    assert admin.check_database(session_for(store, Role.IT))["ok"]
