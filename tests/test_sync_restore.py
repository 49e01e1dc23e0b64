"""A laptop whose data folder was restored from an older copy takes its own past back from the
folder (its bundles there are signed with its own key): it re-applies the changes it lost, numbers
its next bundles after the highest it ever published, never hands out an IPP or NDA twice, and says
what happened. Nothing is overwritten, no other laptop sees a fork."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from continuity.core.permissions import Role
from continuity.store import connection
from continuity.services import adt, identity, sync
from continuity.store import replication
from continuity.sync.engine import SyncEngine
from tests.conftest import add_woman, certify, new_store, reopen
from tests.sync_helpers import Laptop, make_laptops


@pytest.fixture
def pair(tmp_path, built_kit):
    return make_laptops(tmp_path, built_kit, 2)


def backup(laptop: Laptop, where: Path) -> Path:
    """The data folder as a backup tool copies it: the database (consistent copy) and the outbox."""
    where.mkdir(parents=True)
    source = connection.connect(laptop.store.path, laptop.store.key)
    target = connection.connect(where / laptop.store.path.name, laptop.store.key)
    source.backup(target)
    source.close()
    target.close()
    shutil.copy2(laptop.store.path.parent / "keyring.json", where / "keyring.json")
    outbox = laptop.store.path.parent / "outbox"
    if outbox.exists():
        shutil.copytree(outbox, where / "outbox")
    return where


def restore(laptop: Laptop, copy: Path) -> Laptop:
    """The laptop's data folder replaced by the older copy, and the application started again."""
    folder = laptop.store.path.parent
    laptop.store.close()
    shutil.rmtree(folder)
    shutil.copytree(copy, folder)
    store = reopen(folder)
    certify(store, "cadre")
    return Laptop(laptop.name, store, SyncEngine(store, laptop.engine.root, user="cadre", settle_seconds=0))


def settle(*laptops: Laptop) -> None:
    for _ in range(2):
        for laptop in laptops:
            laptop.sync()


def names(laptop: Laptop) -> set[str]:
    return {p["birth_name"] for p in laptop.store.db["patients"].rows}


def no_trouble(*laptops: Laptop) -> None:
    for laptop in laptops:
        status = sync.status(laptop.session())
        assert status["quarantined"] == [] and status["gaps"] == [], status["quarantined"]


@pytest.mark.parametrize("synced_before_backup", [False, True], ids=["backup before any sync", "backup after a sync"])
def test_a_restored_laptop_takes_its_lost_changes_back_and_goes_on(pair, tmp_path, synced_before_backup):
    one, two = pair
    add_woman(one.session(), birth_name="Avant")
    if synced_before_backup:
        settle(one, two)
    copy = backup(one, tmp_path / "backup")
    ipp_lost = add_woman(one.session(), birth_name="Perdue")
    adt.admit(one.session(), ipp_lost, unit="SDN", bed="SN1")
    settle(one, two)
    one = restore(one, copy)
    assert "Perdue" not in names(one)
    report = one.sync()
    assert report.recovered and report.recovered["entries"] > 0 and report.recovered["renumbered"] == 0
    assert "Perdue" in names(one) and identity.find_patient(one.session(), ipp_lost)
    ipp_new = add_woman(one.session(), birth_name="Apres")
    settle(one, two)
    assert ipp_new != ipp_lost
    assert names(one) == names(two) == {"Avant", "Perdue", "Apres"}
    assert one.state() == two.state()
    no_trouble(one, two)
    assert sync.status(one.session())["last_recovery"]["entries"] == report.recovered["entries"]


def test_work_typed_after_the_restore_follows_the_recovered_changes_and_numbers_are_never_given_twice(pair, tmp_path):
    one, two = pair
    add_woman(one.session(), birth_name="Avant")
    settle(one, two)
    copy = backup(one, tmp_path / "backup")
    ipp_lost = add_woman(one.session(), birth_name="Perdue")
    nda_lost = adt.admit(one.session(), ipp_lost, unit="SDN", bed="SN1").values["nda"]
    settle(one, two)
    one = restore(one, copy)
    # The midwife goes on typing before the folder is seen again: the laptop hands out the same
    # IPP and NDA again, not knowing.
    ipp_again = add_woman(one.session(), birth_name="Nouvelle")
    nda_again = adt.admit(one.session(), ipp_again, unit="GHR", bed="201").values["nda"]
    assert (ipp_again, nda_again) == (ipp_lost, nda_lost)
    report = one.sync()
    assert report.recovered["renumbered"] > 0
    changed = {(c["kind"], c["old"]): c["new"] for c in report.recovered["new_numbers"]}
    assert set(changed) == {("ipp", ipp_lost), ("nda", nda_lost)}
    settle(one, two)
    for laptop in (one, two):
        perdue = identity.search(laptop.session(), "perdue")[0]
        nouvelle = identity.search(laptop.session(), "nouvelle")[0]
        assert perdue["ipp"] == ipp_lost and nouvelle["ipp"] == changed[("ipp", ipp_lost)]
        assert perdue["current_nda"] == nda_lost and nouvelle["current_nda"] == changed[("nda", nda_lost)]
    assert one.state() == two.state()
    no_trouble(one, two)
    # Numbering goes on after everything handed out, on both sides of the restore.
    ipp_next = add_woman(one.session(), birth_name="Suivante")
    assert int(ipp_next) > int(changed[("ipp", ipp_lost)])


def test_bundles_made_while_the_folder_was_away_are_taken_back_and_sent_again_after_the_recovered_ones(pair, tmp_path):
    one, two = pair
    add_woman(one.session(), birth_name="Avant")
    settle(one, two)
    copy = backup(one, tmp_path / "backup")
    add_woman(one.session(), birth_name="Perdue")
    settle(one, two)
    one = restore(one, copy)
    share = one.engine.root
    share.rename(tmp_path / "unplugged")
    add_woman(one.session(), birth_name="Hors-ligne")
    away = one.sync()
    assert away.folder_error and away.exported_bundles == 1  # bundled locally, never published
    (tmp_path / "unplugged").rename(share)
    report = one.sync()
    assert report.recovered["withdrawn"] == [2] and report.recovered["renumbered"] > 0
    settle(one, two)
    assert names(one) == names(two) == {"Avant", "Perdue", "Hors-ligne"}
    assert one.state() == two.state()
    no_trouble(one, two)
    assert list((one.store.path.parent / "outbox" / one.engine.device_id).glob("*.withdrawn-*"))  # kept, not destroyed


def test_a_wiped_laptop_enrolled_again_takes_its_whole_past_back(pair, tmp_path, built_kit):
    import copy as copying

    from continuity.services import kit

    one, two = pair
    for name in ("Une", "Deux"):
        add_woman(one.session(), birth_name=name)
    settle(one, two)
    folder = one.store.path.parent
    one.store.close()
    shutil.rmtree(folder)  # the disk was replaced
    store = new_store(folder)
    kit.enrol(store, copying.deepcopy(built_kit), "laptop-1")
    certify(store, "cadre")
    fresh = Laptop("laptop-1", store, SyncEngine(store, one.engine.root, user="cadre", settle_seconds=0))
    report = fresh.sync()
    assert report.recovered and {"Une", "Deux"} <= names(fresh)
    add_woman(fresh.session(Role.CLERK), birth_name="Trois")
    settle(fresh, two)
    assert names(fresh) == names(two) and fresh.state() == two.state()
    no_trouble(fresh, two)
    assert replication.outbox_last(fresh.store.db, fresh.engine.device_id)["bundle_no"] >= 2


def test_own_past_bundles_that_cannot_be_taken_back_stop_new_sending_but_never_the_pass(pair, tmp_path):
    from continuity.core import hlc
    from tests.test_sync_hostile import entry, forge

    one, two = pair
    add_woman(one.session(), birth_name="Avant")
    one.sync()
    # Its bundle 2, published while its clock was two days fast (IT has since set the clock right).
    far = hlc.pack(int(one.store.clock() * 1000) + 2 * 86400 * 1000, 0)
    forge(one, [entry(one, "patient", "a" * 32, "birth_name", '"FUTUR"', stamp=far)])
    add_woman(one.session(), birth_name="Ensuite")
    report = one.sync()  # never raises
    assert report.folder_problem == "own_past_blocked" and report.exported_bundles == 0
    assert "impossible_stamp" in [q["reason"] for q in sync.status(one.session())["quarantined"]]
    assert sync.status(one.session())["pending_outgoing"] > 0  # kept here, not lost, not sent over bundle 2


def test_a_restored_laptop_never_writes_over_a_damaged_bundle_it_had_published(pair, tmp_path):
    one, two = pair
    add_woman(one.session(), birth_name="Avant")
    settle(one, two)
    copy = backup(one, tmp_path / "backup")
    for name in ("PerdueA", "PerdueB"):
        add_woman(one.session(), birth_name=name)
        one.sync()
    two.sync()
    second = one.subfolder / "00000002.cbundle"
    damaged = bytearray(second.read_bytes())
    damaged[len(damaged) // 2] ^= 0x01
    second.write_bytes(bytes(damaged))
    one = restore(one, copy)
    add_woman(one.session(), birth_name="Nouvelle")
    report = one.sync()
    assert second.read_bytes() == bytes(damaged)  # never written over
    assert report.folder_problem == "own_past_blocked" and report.exported_bundles == 0
    two.sync()
    reasons = {q["reason"] for q in sync.status(two.session())["quarantined"]}
    assert not reasons & {"fork", "broken_chain", "bad_sequence"}, reasons  # the damage is told; nothing forks for the others
    assert {"PerdueA", "PerdueB"} <= names(two)
