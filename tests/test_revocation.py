"""IT revokes a lost or stolen laptop: a signed file through the shared folder. Its later bundles
are set aside everywhere, the others renew the ward secret (which the revoked laptop cannot open),
and a revocation IT did not sign changes nothing."""

from __future__ import annotations

import json

from continuity.store import enrolment as enrolment_store
from continuity.sync import revocations
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops, sync_all
from tests.test_sync_hostile import reasons


def names(laptop) -> set[str]:
    return {r["birth_name"] for r in laptop.store.db.query("SELECT birth_name FROM patients")}


def publish(share, name: str, data: bytes) -> None:
    folder = share / revocations.FOLDER
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)


def test_a_revoked_laptops_later_bundles_are_refused_and_the_secret_renewed(tmp_path, built_kit, it_keys):
    one, two, thief = make_laptops(tmp_path, built_kit, 3)
    add_woman(thief.session(), birth_name="AvantVol")
    sync_all([one, two, thief])
    trusted = enrolment_store.get_secret(one.store.db, "ward_secret")
    last_good = thief.store.db.execute("SELECT max(bundle_no) FROM sync_outbox").fetchone()[0]
    name, data = revocations.make(built_kit, it_keys, "laptop-3", last_good=last_good, reason="volé en salle de naissance")
    publish(one.engine.root, name, data)

    add_woman(thief.session(), birth_name="ApresVol")  # the thief goes on signing with the stolen key
    thief.engine._secret("ward_secret")
    from tests.test_sync_hostile import entry, forge
    forge(thief, [entry(thief, "patient", "a" * 32, "birth_name", '"FORGE"')])
    add_woman(one.session(), birth_name="ApresRevocation")
    sync_all([one, two])
    assert "AvantVol" in names(two) and "ApresVol" not in names(two) and "FORGE" not in names(one)
    assert "revoked" in reasons(one) and "revoked" in reasons(two)
    assert "ApresRevocation" in names(two)
    renewed = enrolment_store.get_secret(one.store.db, "ward_secret")
    assert renewed != trusted and renewed == enrolment_store.get_secret(two.store.db, "ward_secret")
    # The revoked laptop cannot read what was sealed since, and sends nothing more.
    report = thief.sync()
    assert "ApresRevocation" not in names(thief)
    assert report.folder_error and "revoked" in json.dumps(report.as_dict())
    audit = one.store.db.execute("SELECT action, entity_id FROM audit WHERE action = 'device.revoked'").fetchall()
    assert audit == [("device.revoked", thief.engine.device_id)]


def test_a_revocation_not_signed_by_it_changes_nothing(tmp_path, built_kit):
    from continuity.services import kit
    from continuity.core.ward import ward_from_dict

    one, two = make_laptops(tmp_path, built_kit, 2)
    _forged_kit, forged_it, _initial = kit.build_kit(ward_from_dict(built_kit["ward"]), fixed_passwords={"cadre": "x"})
    name, data = revocations.make(built_kit, forged_it, "laptop-2", last_good=0, reason="pour couper laptop-2")
    publish(one.engine.root, name, data)
    add_woman(two.session(), birth_name="Legitime")
    sync_all([one, two])
    assert "Legitime" in names(one) and "bad_signature" in reasons(one)
    assert enrolment_store.revoked_devices(one.store.db) == {}
    (one.engine.root / revocations.FOLDER / "garbage.revocation").write_bytes(b"\x00\xff not json")
    one.sync()
    assert "bad_revocation" in reasons(one)


def test_a_bundle_sealed_with_a_secret_not_yet_received_is_read_once_the_revocation_arrives(tmp_path, built_kit, it_keys):
    """With a replication tool, files arrive in any order: a bundle under the new secret before the revocation."""
    one, two, three = make_laptops(tmp_path, built_kit, 3)
    name, data = revocations.make(built_kit, it_keys, "laptop-3", last_good=0, reason="perdu")
    publish(one.engine.root, name, data)
    one.sync()  # laptop-1 takes the revocation and seals with the new secret
    add_woman(one.session(), birth_name="NouveauSecret")
    one.sync()
    held = one.engine.root / revocations.FOLDER / name
    moved = tmp_path / name
    held.rename(moved)  # laptop-2 has not received the revocation yet
    two.sync()
    assert "NouveauSecret" not in names(two)
    moved.rename(held)
    two.sync()
    assert "NouveauSecret" in names(two)


def test_a_laptop_revoked_earlier_gets_no_share_of_a_later_secret_and_re_enrolment_keeps_the_renewed_one(tmp_path, built_kit, it_keys):
    import copy

    from continuity.services import kit

    one, two, lost, stolen = make_laptops(tmp_path, built_kit, 4)
    share = one.engine.root
    name, data = revocations.make(built_kit, it_keys, "laptop-3", last_good=0, reason="paquet perdu")
    publish(share, name, data)
    earlier = revocations.revoked_in(share, built_kit["it_verify_key"], built_kit["ward"]["id"])
    assert earlier == {lost.engine.device_id}
    name, data = revocations.make(built_kit, it_keys, "laptop-4", last_good=0, reason="volé", already_revoked=earlier)
    assert lost.engine.device_id not in json.loads(data)["revocation"]["secrets"]
    publish(share, name, data)
    sync_all([one, two])
    renewed = enrolment_store.get_secret(one.store.db, "ward_secret")
    lost.sync()
    assert enrolment_store.get_secret(lost.store.db, "ward_secret") != renewed  # laptop-3 never learns it
    kit.enrol(one.store, copy.deepcopy(built_kit), "laptop-1", force=True)  # refreshed from its own package
    assert enrolment_store.get_secret(one.store.db, "ward_secret") == renewed


def test_hostile_files_in_the_it_folder_never_stop_the_pass(tmp_path, built_kit):
    one, two = make_laptops(tmp_path, built_kit, 2)
    publish(one.engine.root, "deep.revocation", b"[" * 200_000)
    subfolder_junk = one.engine.root / two.subfolder.name
    subfolder_junk.mkdir(parents=True, exist_ok=True)
    (subfolder_junk / "00000001.cbundle").write_bytes(b"CONTINUITY-BUNDLE-1\n" + (60_000).to_bytes(4, "big") + b"[" * 60_000 + bytes(8))
    add_woman(two.session(), birth_name="Malgre")
    report = one.sync()
    assert report.folder_error is None
    assert "bad_revocation" in reasons(one)


def test_revoking_a_laptop_also_freezes_its_ids_of_earlier_kits(tmp_path, built_kit, it_keys):
    """After a kit rebuild, the stolen laptop's old key (an earlier kit's id) must not write on."""
    from continuity.store import enrolment as store_enrolment

    one, two, thief = make_laptops(tmp_path, built_kit, 3)
    old_id = "f" * 32
    for laptop in (one, two):  # laptop-3 under an earlier kit, as a rebuilt kit leaves it in devices
        laptop.store.db.execute("INSERT INTO devices (device_id, name, verify_key, kit_id) VALUES (?, 'laptop-3', ?, 'earlier')",
                                [old_id, "00" * 32])
    name, data = revocations.make(built_kit, it_keys, "laptop-3", last_good=0, reason="volé")
    publish(one.engine.root, name, data)
    one.sync()
    assert set(store_enrolment.revoked_devices(one.store.db)) == {thief.engine.device_id, old_id}


def test_it_acting_with_its_key_is_certified_by_it_and_its_changes_travel(tmp_path, built_kit, it_keys):
    from continuity.services import identity
    from continuity.services.session import open_with_it_key
    from tests.conftest import reopen

    one, two = make_laptops(tmp_path, built_kit, 2)
    ipp = add_woman(one.session(), birth_name="Corrigee")
    sync_all([one, two])
    folder = one.store.folder
    one.store.close()
    session = open_with_it_key(folder, it_keys["it_private_key"], it_signing_key=it_keys["it_signing_key"])
    try:
        identity.update_patient(session, ipp, used_name="Parl'informatique")
        from continuity.sync.engine import SyncEngine

        report = SyncEngine(session.store, one.engine.root, user=session.user, settle_seconds=0).run_once()
        assert report.folder_error is None and report.exported_bundles == 1
    finally:
        session.store.close()
    two.sync()
    assert identity.find_patient(two.session(), ipp)["used_name"] == "Parl'informatique"
    one.store = reopen(folder)
