"""Signing in (the password opens the laptop's keys; throttling; audit) and the ward kit (signed by
IT, one enrolment package per laptop, enrolment, re-enrolment)."""

from __future__ import annotations

import copy
import json

import pytest

from continuity.core.errors import AuthenticationError, DomainError, KitError
from continuity.core.permissions import Role
from continuity.security import vault
from continuity.services import kit
from continuity.services.session import FREE_ATTEMPTS, change_password, open_session, sign_in, wait_after
from tests.conftest import EXAMPLE_WARD, PASSWORD, add_woman, new_store, session_for

STRONG = "quatre chevaux galopent dans la brume"
STRONG_IT = "le serveur ronronne sous la pluie fine"


def audit_actions(store):
    return [(r["action"], r["user"], r["outcome"]) for r in store.db.query("SELECT * FROM audit ORDER BY seq")]


def test_sign_in_checks_the_password_and_audits_both_outcomes(store):
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        sign_in(store, "cdurand", "nope")
    with pytest.raises(AuthenticationError, match="Wrong user name or password"):
        sign_in(store, "nobody", PASSWORD)
    session = sign_in(store, "cdurand", PASSWORD)
    assert session.role.value == "midwife" and session.signing_key is not None
    # The failures are written when a right password opens the trail (a wrong one cannot). A name
    # that is no user's (a password typed in the wrong field, say) is never written anywhere.
    assert audit_actions(store)[-3:] == [("login", "cdurand", "failed"), ("login", "(unknown name)", "failed"),
                                         ("login", "cdurand", "ok")]
    with pytest.raises(AuthenticationError):
        sign_in(store, "Mon mot de passe secret", PASSWORD)
    for path in store.folder.glob("guard.db*"):
        assert b"Mon mot de passe secret" not in path.read_bytes()


def test_a_clock_that_was_ahead_never_locks_anyone_out_for_long(store, clock):
    clock.advance(365 * 86400)  # the clock a year ahead while someone types wrong passwords
    for _ in range(12):
        with pytest.raises(AuthenticationError):
            sign_in(store, "accueil", "bad")
    clock.advance(-365 * 86400)  # set right
    assert sign_in(store, "accueil", PASSWORD).user == "accueil"


def test_a_damaged_throttle_file_is_set_aside_and_begun_again(store):
    (store.folder / "guard.db").write_bytes(b"not a database at all" * 100)
    assert sign_in(store, "accueil", PASSWORD).user == "accueil"
    assert list(store.folder.glob("guard.db.damaged-*"))


def test_a_long_sentence_is_a_good_password(store):
    session = sign_in(store, "cdurand", PASSWORD)
    change_password(session, PASSWORD, "le petit chat gris dort au soleil sur le rebord de la fenêtre ouverte de la cuisine")


def test_no_password_or_password_hash_is_kept_only_keys_wrapped_by_them(store):
    assert {r["password_hash"] for r in store.db.query("SELECT password_hash FROM users")} == {""}
    keyring_text = vault.keyring_path(store.folder).read_text()
    assert PASSWORD not in keyring_text and store.key.hex() not in keyring_text
    keyring = json.loads(keyring_text)
    assert set(keyring["users"]) == {"cdurand", "accueil", "cadre", "informatique"}
    assert vault.unlock(keyring, "accueil", PASSWORD).database_key == store.key
    with pytest.raises(AuthenticationError):
        vault.unlock(keyring, "accueil", PASSWORD + "x")


def test_four_free_attempts_then_a_short_wait_that_retrying_does_not_lengthen(store, clock):
    for _ in range(FREE_ATTEMPTS):
        with pytest.raises(AuthenticationError, match="Wrong"):
            sign_in(store, "accueil", "bad")
    with pytest.raises(AuthenticationError, match="Wrong"):
        sign_in(store, "accueil", "bad")  # the fifth is checked, and costs a wait of 5 s
    for _ in range(10):  # someone hammering her name during the wait changes nothing
        with pytest.raises(AuthenticationError, match="wait 6 seconds"):
            sign_in(store, "accueil", PASSWORD)
    clock.advance(wait_after(FREE_ATTEMPTS + 1))
    assert sign_in(store, "accueil", PASSWORD).user == "accueil"
    with pytest.raises(AuthenticationError, match="Wrong"):
        sign_in(store, "accueil", "bad")  # the counter was reset by the success: no wait after one failure
    sign_in(store, "accueil", PASSWORD)
    assert sign_in(store, "cadre", PASSWORD).user == "cadre"  # one user's failures never slow another


def test_waits_grow_and_never_exceed_a_minute():
    assert [wait_after(n) for n in (1, 4, 5, 6, 7, 8)] == [0, 0, 5, 10, 20, 40]
    assert wait_after(50) == 60


def test_parallel_wrong_passwords_are_each_counted(store):
    """Forty attempts started at once: the counter is charged before the password is checked, so
    at most the free attempts and one more are checked; the rest are told to wait."""
    import concurrent.futures

    def attempt(_):
        try:
            sign_in(store, "accueil", "bad")
        except AuthenticationError as error:
            return "wait" if "wait" in error.message else "wrong"

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(attempt, range(40)))
    assert outcomes.count("wrong") == FREE_ATTEMPTS + 1 and outcomes.count("wait") == 40 - FREE_ATTEMPTS - 1


def test_a_password_change_is_checked_against_the_policy_and_rewraps_the_key(store, clock):
    session = sign_in(store, "cdurand", PASSWORD)
    for weak in ("password", " " * 12, "azertyuiop12", "cdurand2027!", "Maternite2027"):
        with pytest.raises(DomainError) as refused:
            change_password(session, PASSWORD, weak)
        assert refused.value.field == "new_password"
    with pytest.raises(AuthenticationError):
        change_password(session, "not mine", STRONG)
    clock.advance(60)
    old_key = session.signing_key.verify_key
    change_password(session, PASSWORD, STRONG)
    with pytest.raises(AuthenticationError):
        sign_in(store, "cdurand", PASSWORD)
    assert sign_in(store, "cdurand", STRONG).signing_key.verify_key != old_key  # a new key pair, endorsed by the old one
    credential = json.loads(store.db.execute("SELECT value FROM credentials WHERE id = 'cdurand'").fetchone()[0])
    root = store.db.execute("SELECT verify_key FROM users WHERE name = 'cdurand'").fetchone()[0]
    assert credential["version"] == 2 and vault.credential_is_valid(credential, "cdurand", root)
    # Whoever holds the kit (its version-1 credential) and the initial password opens nothing here any more.
    kit_credential = next(c for c in kit_credentials(store) if c["user"] == "cdurand")
    old_private = vault.unwrap_credential(kit_credential, PASSWORD).to_curve25519_private_key()
    import base64

    import nacl.exceptions
    import nacl.public
    sealed = json.loads(vault.keyring_path(store.folder).read_text())["users"]["cdurand"]["database_key"]
    with pytest.raises(nacl.exceptions.CryptoError):
        nacl.public.SealedBox(old_private).decrypt(base64.b64decode(sealed))


def kit_credentials(store):
    """The version-1 credentials the shared kit carries (what a lost kit gives its finder)."""
    return [json.loads(json.dumps(c)) for c in _KIT["credentials"]]


_KIT: dict = {}


@pytest.fixture(autouse=True)
def _remember_kit(built_kit):
    _KIT.update(built_kit)


def test_a_colleagues_keyring_entry_put_under_another_name_signs_nobody_in(store):
    """The clerk, with access to the files, copies her own entry over IT's, to sign in as IT."""
    keyring = json.loads(vault.keyring_path(store.folder).read_text())
    keyring["users"]["informatique"] = keyring["users"]["accueil"]
    vault.write_keyring(store.folder, keyring)
    with pytest.raises(AuthenticationError, match="not the kit's"):
        sign_in(store, "informatique", PASSWORD)


def test_kit_files_packages_and_it_key(tmp_path):
    out = tmp_path / "ward.kit"
    result = kit.create_kit(EXAMPLE_WARD, out, STRONG, STRONG_IT)
    assert set(result["initial_passwords"]) == {"cdurand", "accueil", "cadre", "informatique"}
    assert b"Durand" not in out.read_bytes()  # encrypted
    opened = kit.open_kit(out, STRONG)
    assert [d["name"] for d in opened["devices"]] == ["laptop-1", "laptop-2", "laptop-3"]
    # The shared kit signs and decrypts nothing: no laptop's private key, no ward secret, no IT private key.
    text = json.dumps(opened)
    assert "signing_key" not in text and "ward_secret" not in text and "it_private_key" not in text
    assert kit.checked_kit(opened)
    ranges = [tuple(d["ipp"]) for d in opened["devices"]]
    assert ranges == [(900000000, 900100000), (900100000, 900200000), (900200000, 900300000)]
    package = kit.open_kit(tmp_path / "ward-laptops" / "laptop-2.enrol", STRONG)
    assert kit.checked_package(package, "laptop-2")["device"] == "laptop-2"
    with pytest.raises(KitError, match="for laptop-2, not laptop-1"):
        kit.checked_package(package, "laptop-1")
    with pytest.raises(KitError, match="shared kit"):
        kit.checked_package(opened, "laptop-1")


def test_weak_or_equal_passphrases_and_damaged_or_foreign_kits_give_clear_errors(tmp_path):
    out = tmp_path / "ward.kit"
    with pytest.raises(DomainError, match="at least 12"):
        kit.create_kit(EXAMPLE_WARD, out, "a", STRONG_IT)
    with pytest.raises(DomainError, match="too easy"):
        kit.create_kit(EXAMPLE_WARD, out, STRONG, "motdepasse123")
    assert not out.exists()
    kit.create_kit(EXAMPLE_WARD, out, STRONG, STRONG_IT)
    with pytest.raises(KitError, match="own passphrase"):
        kit.create_kit(EXAMPLE_WARD, tmp_path / "same.kit", STRONG, STRONG)
    with pytest.raises(KitError, match="Wrong passphrase"):
        kit.unseal_it_key(tmp_path / "ward.kit.itkey", STRONG)  # the kit's passphrase does not open IT's key
    assert kit.unseal_it_key(tmp_path / "ward.kit.itkey", STRONG_IT)["it_signing_key"]
    with pytest.raises(KitError, match="Wrong passphrase"):
        kit.open_kit(out, "wrong")
    blob = bytearray(out.read_bytes())
    blob[len(blob) // 2] ^= 0x01
    (tmp_path / "damaged.kit").write_bytes(bytes(blob))
    with pytest.raises(KitError, match="Wrong passphrase, or the ward kit is damaged"):
        kit.open_kit(tmp_path / "damaged.kit", STRONG)
    (tmp_path / "short.kit").write_bytes(out.read_bytes()[:30])
    with pytest.raises(KitError, match="truncated"):
        kit.open_kit(tmp_path / "short.kit", STRONG)
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0 not a kit")
    with pytest.raises(KitError, match="not a Continuity ward kit"):
        kit.open_kit(tmp_path / "photo.jpg", STRONG)
    with pytest.raises(KitError, match="File not found"):
        kit.open_kit(tmp_path / "missing.kit", STRONG)
    with pytest.raises(KitError, match="not an ordinary file"):
        kit.open_kit(tmp_path, STRONG)


def test_enrolment_refuses_an_unknown_laptop_and_a_used_folder_unless_forced(tmp_path, built_kit, clerk, store):
    with pytest.raises(KitError, match="no laptop named laptop-9"):
        kit.enrol(new_store(tmp_path / "other"), copy.deepcopy(built_kit), "laptop-9")
    with pytest.raises(KitError, match="already enrolled as laptop-1"):
        kit.enrol(store, copy.deepcopy(built_kit), "laptop-1")
    with pytest.raises(KitError, match="belongs to laptop-1"):
        kit.enrol(store, copy.deepcopy(built_kit), "laptop-2", force=True)


def test_a_kit_not_signed_by_the_wards_it_key_replaces_nothing(tmp_path, built_kit, store):
    """A self-made kit with the same ward id (its own IT key), or a package altered after IT signed it."""
    from continuity.core.ward import ward_from_dict

    forged, _it, _initial = kit.build_kit(ward_from_dict(built_kit["ward"]), fixed_passwords={"cadre": "x"})
    with pytest.raises(KitError, match="not signed by this ward's IT"):
        kit.enrol(store, forged, "laptop-1", force=True)
    altered = copy.deepcopy(built_kit)
    altered["packages"]["laptop-1"]["package"]["kit"]["devices"][1]["verify_key"] = "00" * 32
    with pytest.raises(KitError, match="not signed by this ward's IT"):
        kit.enrol(store, altered, "laptop-1", force=True)
    assert sign_in(store, "cadre", PASSWORD).user == "cadre"  # the laptop's users and keys are intact


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
    stores = [new_store(tmp_path / name, clock) for name in ("a", "b")]
    for s, name in zip(stores, ("laptop-1", "laptop-2")):
        kit.enrol(s, copy.deepcopy(built_kit), name)
    ipps = [add_woman(session_for(s, Role.CLERK), birth_name=f"N{i}") for i in range(3) for s in stores]
    assert len(set(ipps)) == 6
    assert {s.device()["device_id"] for s in stores}.__len__() == 2


def test_re_enrolment_with_a_rebuilt_kit_starts_a_new_stream_and_loses_nothing(built_kit, it_keys, clerk, store, clock):
    from dataclasses import replace

    from continuity.core.ward import ward_from_dict
    from continuity.services import admin

    add_woman(clerk)
    old_id = store.device()["device_id"]
    change_password(sign_in(store, "cdurand", PASSWORD), PASSWORD, STRONG)
    ward = ward_from_dict(built_kit["ward"])
    ward = replace(ward, users=[u for u in ward.users if u.name != "accueil"])  # the clerk account is withdrawn
    ward = replace(ward, numbering=replace(ward.numbering, ipp_first=950000000))  # and the laptops get fresh IPP blocks
    rebuilt, _it, _initial = kit.build_kit(ward, it_payload=it_keys, previous=built_kit)  # IT keeps its key and the users' keys
    kit.enrol(store, rebuilt, "laptop-1", force=True)

    assert store.device()["device_id"] == rebuilt["devices"][0]["device_id"] != old_id
    with pytest.raises(AuthenticationError):
        sign_in(store, "cdurand", PASSWORD)  # the password changed here is kept
    assert sign_in(store, "cdurand", STRONG).user == "cdurand"
    assert sign_in(store, "cadre", PASSWORD).user == "cadre"
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


def test_open_session_opens_the_folder_with_the_password_only(store, tmp_path):
    folder = store.folder
    store.close()
    with pytest.raises(AuthenticationError):
        open_session(folder, "cadre", "wrong")
    session = open_session(folder, "cadre", PASSWORD)
    try:
        assert session.store.device()["device_name"] == "laptop-1"
    finally:
        session.store.close()


def test_an_older_keyring_entry_put_back_does_not_bring_the_old_password_back(store):
    """The clerk, with the files, puts IT's version-1 entry back after IT changed its password."""
    before = json.loads(vault.keyring_path(store.folder).read_text())["users"]["informatique"]
    change_password(sign_in(store, "informatique", PASSWORD), PASSWORD, STRONG_IT)
    keyring = json.loads(vault.keyring_path(store.folder).read_text())
    keyring["users"]["informatique"] = before
    vault.write_keyring(store.folder, keyring)
    with pytest.raises(AuthenticationError, match="changed"):
        sign_in(store, "informatique", PASSWORD)
    assert sign_in(store, "informatique", STRONG_IT).user == "informatique"  # the keyring was set right


def test_a_kit_is_never_written_through_a_link_planted_at_its_old_temporary_name(tmp_path, built_kit, it_keys):
    """A kit and IT's key are written under a fresh temporary name: a link planted where the earlier
    writer put its temporary file redirects nothing."""
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched", encoding="utf-8")
    out = tmp_path / "ward.kit"
    (tmp_path / ".ward.kit.tmp").symlink_to(victim)
    kit.write_kit(built_kit, it_keys, out, "quatre chevaux galopent dans la brume", "le serveur ronronne sous la pluie fine")
    assert victim.read_text(encoding="utf-8") == "untouched"
    assert out.stat().st_mode & 0o777 == 0o600 and out.with_name("ward.kit.itkey").stat().st_mode & 0o777 == 0o600
