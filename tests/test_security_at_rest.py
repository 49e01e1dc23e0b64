"""A stolen laptop yields nothing: the database and its WAL are encrypted, the key is never on disk
in clear, files are private, IT can open a laptop whose users are gone, and an earlier version's
clear folder is encrypted in place without losing anything, even when cut short."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from continuity.core.errors import AuthenticationError
from continuity.core.permissions import Role
from continuity.paths import database_path
from continuity.security import vault
from continuity.services import enrolment, identity, kit
from continuity.services.session import open_session, open_with_it_key
from continuity.store import connection
from continuity.store.tx import Store
from tests.conftest import PASSWORD, add_woman, session_for
from tests.sync_helpers import make_laptops, sync_all

MARK = "Zéphyrine"  # a name no other test uses


def every_file(folder):
    return [p for p in folder.rglob("*") if p.is_file()]


def test_the_database_and_its_wal_hold_no_name_and_open_only_with_the_key(store, clerk):
    add_woman(clerk, birth_name="Quenouille", first_names=MARK)
    wal = store.path.with_name(store.path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the change is still in the write-ahead log
    for path in every_file(store.folder):
        data = path.read_bytes()
        assert b"Quenouille" not in data and "Quenouille".encode("utf-16-le") not in data, path
    assert not connection.is_clear(store.path)
    with pytest.raises(connection.DatabaseLocked):
        Store(store.path)
    with pytest.raises(connection.DatabaseLocked):
        Store(store.path, key=vault.new_database_key())


def test_files_are_private_to_their_owner(store, clerk):
    add_woman(clerk)
    assert stat.S_IMODE(store.folder.stat().st_mode) == 0o700
    for path in every_file(store.folder):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_it_opens_a_laptop_whose_users_are_gone_with_its_key_and_it_is_audited(store, clerk, it_keys):
    ipp = add_woman(clerk, birth_name="Orpheline")
    folder = store.folder
    store.close()
    session = open_with_it_key(folder, it_keys["it_private_key"])
    try:
        assert identity.find_patient(session, ipp)["birth_name"] == "Orpheline"
        assert session.role == Role.IT
        last = session.store.db.execute("SELECT user, action, detail FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        assert last[0] == "it-key" and json.loads(last[2]) == {"with": "it_key"}
    finally:
        session.store.close()
    from continuity.security.vault import KeyringError

    with pytest.raises(KeyringError, match="does not open this laptop"):
        open_with_it_key(folder, "11" * 32)


def test_a_password_change_travels_to_the_other_laptops(tmp_path, built_kit):
    from continuity.services.session import change_password, sign_in

    one, two = make_laptops(tmp_path, built_kit, 2)
    new = "les mouettes dansent sur le port"
    change_password(sign_in(one.store, "cdurand", PASSWORD), PASSWORD, new)
    assert sign_in(two.store, "cdurand", PASSWORD)  # not there yet
    sync_all([one, two])
    with pytest.raises(AuthenticationError):
        sign_in(two.store, "cdurand", PASSWORD)  # the kit's initial password no longer opens laptop-2
    assert sign_in(two.store, "cdurand", new).user == "cdurand"
    folder = two.store.folder
    two.store.close()
    assert open_session(folder, "cdurand", new).user == "cdurand"  # from the keyring on disk, after a restart


def test_a_credential_not_signed_by_the_users_own_key_is_ignored(tmp_path, built_kit):
    """A thief with one laptop's keys forges a 'password change' for a colleague: the other
    laptops keep her real credential (it would otherwise lock her out, or let the thief in)."""
    from continuity.services.session import sign_in
    from tests.test_sync_hostile import entry, forge

    one, two = make_laptops(tmp_path, built_kit, 2)
    forged = vault.new_credential("cadre", "mot de passe du voleur")  # a key pair of the thief's own
    forged["version"] = 99
    forge(one, [entry(one, "credential", "cadre", "value", json.dumps(json.dumps(forged))),
                entry(one, "credential", "cadre", "version", "99")])
    two.sync()
    assert sign_in(two.store, "cadre", PASSWORD).user == "cadre"
    with pytest.raises(AuthenticationError):
        sign_in(two.store, "cadre", "mot de passe du voleur")


def test_an_earlier_versions_clear_folder_is_encrypted_in_place_and_keeps_everything(tmp_path, built_kit):
    folder = tmp_path / "old"
    clear = Store(database_path(folder))  # as an earlier version left it: no key, no keyring
    kit.enrol(clear, built_kit, "laptop-1")
    clerk = session_for(clear, Role.CLERK)
    ipps = [add_woman(clerk, birth_name=f"Ancienne{i}") for i in range(3)]
    (folder / "backups").mkdir()
    connection.connect(folder / "backups" / "continuity-before-m0012.db", None).execute("CREATE TABLE t (name)").connection.close()
    clear.close()
    assert b"Ancienne0" in database_path(folder).read_bytes()

    result = enrolment.enrol_folder(folder, built_kit, "laptop-1", force=True)
    assert result["encrypted"]
    for path in every_file(folder):
        assert b"Ancienne" not in path.read_bytes(), path
        if path.suffix == ".db":
            assert not connection.is_clear(path), path
    session = open_session(folder, "accueil", PASSWORD)
    try:
        assert [identity.find_patient(session, ipp)["birth_name"] for ipp in ipps] == ["Ancienne0", "Ancienne1", "Ancienne2"]
    finally:
        session.store.close()


def test_an_encryption_in_place_cut_after_its_keyring_is_finished_at_the_next_opening(tmp_path, built_kit, monkeypatch):
    folder = tmp_path / "old"
    clear = Store(database_path(folder))
    kit.enrol(clear, built_kit, "laptop-1")
    ipp = add_woman(session_for(clear, Role.CLERK), birth_name="Coupure")
    clear.close()

    def power_cut(*_args):
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(enrolment, "_replace_clear", power_cut)
    with pytest.raises(KeyboardInterrupt):
        enrolment.enrol_folder(folder, built_kit, "laptop-1", force=True)
    monkeypatch.undo()
    assert vault.read_keyring(folder) is not None and connection.is_clear(database_path(folder))
    session = open_session(folder, "accueil", PASSWORD)  # the next opening puts the encrypted copy in place
    try:
        assert identity.find_patient(session, ipp)["birth_name"] == "Coupure"
        assert not connection.is_clear(database_path(folder))
    finally:
        session.store.close()


def test_an_enrolment_cut_before_its_keyring_is_set_aside_and_done_again(tmp_path, built_kit, monkeypatch):
    folder = tmp_path / "new"
    monkeypatch.setattr(vault, "write_keyring", lambda *_a: (_ for _ in ()).throw(KeyboardInterrupt("power cut")))
    with pytest.raises(KeyboardInterrupt):
        enrolment.enrol_folder(folder, built_kit, "laptop-2")
    monkeypatch.undo()
    assert vault.read_keyring(folder) is None and database_path(folder).exists()
    enrolment.enrol_folder(folder, built_kit, "laptop-2")
    assert list(folder.glob("continuity.db.unfinished-*"))  # kept aside, never deleted
    session = open_session(folder, "cadre", PASSWORD)
    session.store.close()


def test_a_watching_sync_keeps_no_password_in_its_environment(tmp_path):
    """/proc/PID/environ shows the environment a process started with, whatever it removed since:
    ``sync --watch`` starts itself again without the password."""
    if not os.path.exists("/proc/self/environ"):
        pytest.skip("no /proc here")
    from tests.test_cli import run

    folder = tmp_path / "demo"
    assert run(folder, "demo", "--patients", "0").returncode == 0
    share = tmp_path / "share"
    share.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CONTINUITY_")}
    env.update({"CONTINUITY_PASSWORD": "demo", "CONTINUITY_USER": "demo-midwife", "CONTINUITY_LANG": "en"})
    watcher = subprocess.Popen([sys.executable, "-m", "continuity", "--data-dir", str(folder), "sync", "--folder", str(share), "--watch"],
                               env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    try:
        line = watcher.stderr.readline()  # said once it watches: signed in by then
        assert "Watching" in line, line
        environ = open(f"/proc/{watcher.pid}/environ", "rb").read()
        assert b"CONTINUITY_USER=demo-midwife" in environ and b"CONTINUITY_PASSWORD=" not in environ
    finally:
        watcher.terminate()
        watcher.wait(timeout=60)


def test_an_encryption_in_place_cut_after_the_clear_file_was_zeroed_is_finished(tmp_path, built_kit, monkeypatch):
    folder = tmp_path / "old"
    clear = Store(database_path(folder))
    kit.enrol(clear, built_kit, "laptop-1")
    ipp = add_woman(session_for(clear, Role.CLERK), birth_name="Zeros")
    clear.close()
    real_replace = os.replace

    def cut_at_the_rename(source, target):
        if str(target) == str(database_path(folder)):
            raise KeyboardInterrupt("power cut")
        return real_replace(source, target)

    monkeypatch.setattr(enrolment.os, "replace", cut_at_the_rename)
    with pytest.raises(KeyboardInterrupt):
        enrolment.enrol_folder(folder, built_kit, "laptop-1", force=True)
    monkeypatch.setattr(enrolment.os, "replace", real_replace)
    assert set(database_path(folder).read_bytes()) == {0}  # the clear bytes are gone, the copy not yet in place
    session = open_session(folder, "accueil", PASSWORD)
    try:
        assert identity.find_patient(session, ipp)["birth_name"] == "Zeros"
    finally:
        session.store.close()


def test_a_lost_keyring_is_never_taken_for_an_unfinished_enrolment_and_it_restores_access(store, clerk, built_kit, it_keys):
    ipp = add_woman(clerk, birth_name="Gardee")
    folder = store.folder
    store.close()
    vault.keyring_path(folder).unlink()  # deleted by mistake
    from continuity.core.errors import KitError

    with pytest.raises(KitError, match="keyring is missing: IT can open it"):
        enrolment.enrol_folder(folder, built_kit, "laptop-1")
    assert database_path(folder).exists() and not list(folder.glob("*.unfinished-*"))
    session = open_with_it_key(folder, it_keys["it_private_key"])  # from IT's copy, kept apart
    try:
        enrolment.enrol_folder(folder, built_kit, "laptop-1", force=True, store=session.store)  # keyring made anew
    finally:
        session.store.close()
    session = open_session(folder, "accueil", PASSWORD)
    try:
        assert identity.find_patient(session, ipp)["birth_name"] == "Gardee"
    finally:
        session.store.close()


def test_changes_made_with_a_new_key_are_accepted_and_two_changes_made_apart_converge(tmp_path, built_kit):
    from continuity.services.session import change_password, sign_in

    one, two, three = make_laptops(tmp_path, built_kit, 3)
    first, second = "les mouettes dansent sur le port", "un vélo rouge traverse la place"
    change_password(sign_in(one.store, "cdurand", PASSWORD), PASSWORD, first)
    change_password(sign_in(two.store, "cdurand", PASSWORD), PASSWORD, second)  # the same day, laptops apart
    midwife = sign_in(one.store, "cdurand", first)
    add_woman(midwife, birth_name="NouvelleCle")  # her certificate now comes from her new key
    sync_all([one, two, three], rounds=3)
    assert identity.search(session_for(three.store, Role.CLERK), "nouvellecle")
    opens = [[_opens(laptop, password) for password in (first, second)] for laptop in (one, two, three)]
    assert opens[0] == opens[1] == opens[2] and sorted(opens[0]) == [False, True]  # one password, the same everywhere


def _opens(laptop, password) -> bool:
    from continuity.services.session import sign_in

    try:
        sign_in(laptop.store, "cdurand", password)
        return True
    except AuthenticationError:
        return False


def test_a_stolen_data_folder_holds_no_key_to_forge_or_read_with(tmp_path, built_kit):
    """Laptop-2's whole data folder, copied by a thief: its signing key, the ward secret and the
    database key are in no file in any readable form, so nothing can be forged for the ward."""
    import shutil

    one, two = make_laptops(tmp_path, built_kit, 2)
    add_woman(two.session(), birth_name="Volee")
    sync_all([one, two])
    secrets = {name: bytes.fromhex(two.store.db.execute("SELECT value FROM secrets WHERE name = ?", [name]).fetchone()[0])
               for name in ("signing_key", "ward_secret")}
    secrets["database"] = two.store.key
    stolen = tmp_path / "stolen"
    shutil.copytree(two.store.folder, stolen)
    for path in every_file(stolen):
        data = path.read_bytes()
        for name, secret in secrets.items():
            assert secret not in data and secret.hex().encode() not in data, (name, path)
    for user in ("cdurand", "accueil", "cadre", "informatique"):
        for guess in ("", "password", "correct", "demo"):
            with pytest.raises(AuthenticationError):
                vault.unlock(vault.read_keyring(stolen), user, guess)
