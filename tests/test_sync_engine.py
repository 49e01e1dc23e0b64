"""Sync between laptops on a real shared folder: convergence, ordering, idempotence, files that
cannot be accepted, folders that misbehave, conflicts."""

from __future__ import annotations

import os
import shutil
import stat

import pytest

from continuity.core.errors import PermissionDenied

from continuity.core.permissions import Role
from continuity.services import vigilance
from continuity.services import adt, births, identity, sync, ward
from continuity.store import replication
from continuity.store import users as user_store
from continuity.sync import bundle as b
from tests.conftest import PASSWORD, add_woman
from tests.sync_helpers import make_laptops, sync_all


@pytest.fixture
def trio(tmp_path, built_kit):
    laptops = make_laptops(tmp_path, built_kit, 3)
    yield laptops
    for laptop in laptops:
        laptop.store.close()


def census_names(laptop) -> dict:
    census = ward.census(laptop.session(Role.CLERK))
    return {f"{u['code']}:{bed['bed']}": bed.get("ipp") for u in census["units"] for bed in u["beds"] if bed["state"] == "occupied"}


def test_three_laptops_converge_on_the_same_ward(trio):
    one, two, three = trio
    nda = adt.admit(one.session(), add_woman(one.session(), birth_name="Dupont"), unit="SDN", bed="SN1").values["nda"]
    adt.admit(two.session(), add_woman(two.session(), birth_name="Martin"), unit="GHR", bed="201")
    sync_all(trio)
    births.record_birth(two.session(), nda, sex="F", weight_g=3100)  # the birth is typed on another laptop
    adt.transfer(three.session(), nda, unit="SDC", bed="301")
    adt.close_bed(three.session(), "SDN", "SN2", "plan blanc")
    sync_all(trio)
    assert one.state() == two.state() == three.state()
    board = census_names(one)
    assert set(board) == {"SDC:301", "GHR:201"}
    assert census_names(three) == board
    sdc = next(u for u in ward.census(one.session())["units"] if u["code"] == "SDC")
    assert len(next(bed for bed in sdc["beds"] if bed["bed"] == "301")["newborns"]) == 1
    assert [r["ipp"] for r in identity.search(one.session(), "martin")] == [r["ipp"] for r in identity.search(three.session(), "martin")]


def test_applying_the_same_bundles_again_changes_nothing(trio):
    one, two, _ = trio
    add_woman(one.session())
    sync_all(trio)
    before = (two.state(), two.store.db.execute("SELECT count(*) FROM journal").fetchone()[0])
    for laptop in trio:
        laptop.engine._settled.clear()  # forget what was seen: every file is looked at again
    report = two.sync()
    assert report.imported_bundles == 0 and report.quarantined == []
    assert (two.state(), two.store.db.execute("SELECT count(*) FROM journal").fetchone()[0]) == before


def test_a_bundle_whose_predecessor_is_missing_waits_then_applies(trio):
    one, two, _ = trio
    for name in ("A", "B", "C"):
        add_woman(one.session(), birth_name=name)
        one.sync()
    hidden = one.subfolder / b.file_name(1)
    aside = hidden.with_name("held-back")
    hidden.rename(aside)  # bundle 1 has not reached the folder yet
    report = two.sync()
    assert report.imported_bundles == 0
    assert report.waiting == [{"device": one.store.device()["device_id"], "missing_from": 1, "missing_to": 1}]
    status = sync.status(two.session())
    assert status["gaps"] == [{"device": "laptop-1", "missing_bundles": [1, 1]}]
    aside.rename(hidden)
    assert two.sync().imported_bundles == 3
    assert two.state() == one.state()
    assert sync.status(two.session())["gaps"] == []


def test_files_still_being_written_and_temporary_names_are_not_set_aside(trio):
    one, two, _ = trio
    add_woman(one.session())
    one.sync()
    good = one.subfolder / b.file_name(1)
    data = good.read_bytes()
    good.unlink()
    (one.subfolder / ".00000001.cbundle.partial").write_bytes(data[:100])
    (one.subfolder / "00000001.cbundle.syncthing.tmp").write_bytes(data[:50])
    good.write_bytes(data[:200])  # a copy in progress under the final name
    two.engine.settle_seconds = 3600
    report = two.sync()
    assert report.quarantined == [] and report.retrying == 1
    good.write_bytes(data)  # the copy finishes
    assert two.sync().imported_bundles == 1


def test_a_truncated_file_that_stays_truncated_is_set_aside(trio):
    one, two, _ = trio
    add_woman(one.session())
    one.sync()
    path = one.subfolder / b.file_name(1)
    path.write_bytes(path.read_bytes()[:300])
    assert two.sync().retrying == 1  # first look: maybe still arriving
    report = two.sync()  # settle time 0: same size, same time, still short
    assert [q["reason"] for q in report.quarantined] == ["truncated"]
    listed = sync.status(two.session())["quarantined"]
    assert listed[0]["reason"] == "truncated" and "incomplete" in listed[0]["message"]
    assert os.path.exists(listed[0]["kept_as"])
    assert path.exists()  # the shared file itself is never removed by a reader


def forge(laptop, data: bytes, number: int) -> None:
    (laptop.subfolder / b.file_name(number)).write_bytes(data)


@pytest.mark.parametrize("damage, reason", [
    (lambda data: data[:-10] + bytes(10), "bad_signature"),
    (lambda data: data + b"tail", "tampered"),
    (lambda data: b"not a bundle at all", "not_a_bundle"),
])
def test_damaged_files_are_set_aside_and_the_rest_keeps_syncing(trio, damage, reason):
    one, two, three = trio
    add_woman(one.session(), birth_name="Un")
    add_woman(three.session(), birth_name="Trois")
    one.sync()
    three.sync()
    path = one.subfolder / b.file_name(1)
    path.write_bytes(damage(path.read_bytes()))
    report = two.sync()
    assert [q["reason"] for q in report.quarantined] == [reason]
    assert report.imported_bundles == 1  # laptop-3's bundle went through
    assert [r["ipp"] for r in identity.search(two.session(Role.CLERK), "trois")]
    audit = [a for a in two.store.db.query("SELECT * FROM audit WHERE action = 'sync.quarantine'")]
    assert audit and audit[0]["outcome"] == "rejected"
    assert two.sync().quarantined == []  # set aside once, not again at every pass


def test_forks_replays_wrong_wards_unknown_and_misplaced_laptops(trio, tmp_path, built_kit):

    one, two, three = trio
    add_woman(one.session(), birth_name="Avant")
    one.sync()
    two.sync()
    first = (one.subfolder / b.file_name(1)).read_bytes()
    # A fork: laptop-1 (restored from an old backup, say) writes another bundle 1.
    one.store.db.execute("DELETE FROM sync_outbox")  # (the test can: sync_outbox has no guard)
    shutil.rmtree(one.store.path.parent / "outbox")
    (one.subfolder / b.file_name(1)).unlink()
    add_woman(one.session(), birth_name="Apres")
    one.sync()
    assert (one.subfolder / b.file_name(1)).read_bytes() != first
    assert [q["reason"] for q in two.sync().quarantined] == ["fork"]
    # A replay: the original bundle 1 copied back is recognised and ignored.
    (one.subfolder / b.file_name(1)).write_bytes(first)
    assert two.sync().quarantined == []
    # Misplaced: laptop-3's bundle dropped into laptop-1's folder.
    add_woman(three.session(), birth_name="Trois")
    three.sync()
    forge(one, (three.subfolder / b.file_name(1)).read_bytes(), 7)
    assert "misplaced" in [q["reason"] for q in two.sync().quarantined]


@pytest.mark.parametrize("ward_id, reason", [("autre-maternite", "wrong_ward"), (None, "unknown_device")])
def test_laptops_of_another_ward_or_outside_the_kit_are_refused(trio, tmp_path, ward_id, reason):
    from continuity.core.ward import ward_from_dict
    from continuity.services import kit
    from dataclasses import replace

    one, two, _ = trio
    ward = ward_from_dict(trio_kit(one))
    if ward_id:
        ward = replace(ward, id=ward_id)
    other_kit, _it, _initial = kit.build_kit(ward, fixed_passwords={u.name: PASSWORD for u in ward.users})  # new keys and ids
    stranger = make_laptops(tmp_path / "other", other_kit, 1)[0]
    add_woman(stranger.session(), birth_name="Etrangere")
    stranger.sync()
    if ward_id:  # another ward's laptop pointed at this ward's folder: refused by the folder's marker
        from continuity.sync.engine import SyncEngine

        report = SyncEngine(stranger.store, one.engine.root, user="x").run_once()
        assert report.folder_problem == "wrong_ward" and not list(one.engine.root.glob(stranger.subfolder.name))
    import shutil

    shutil.copytree(stranger.subfolder, one.engine.root / stranger.subfolder.name)  # copied there all the same
    assert [q["reason"] for q in two.sync().quarantined] == [reason]
    assert not identity.search(two.session(Role.CLERK), "etrangere")


def trio_kit(laptop) -> dict:
    from tests.conftest import example_ward_data
    from continuity.core.ward import parse_ward

    data = example_ward_data()
    data["ward"]["id"] = laptop.store.device()["ward_id"]
    return parse_ward(data).to_dict()


def test_a_missing_read_only_or_emptied_folder_never_stops_local_work(trio, tmp_path):
    one, two, _ = trio
    share = one.engine.root
    add_woman(one.session(), birth_name="Premiere")
    one.sync()
    share.rename(tmp_path / "unplugged")  # the USB stick is pulled out
    add_woman(one.session(), birth_name="Seconde")
    report = one.sync()
    assert report.folder_error and report.exported_bundles == 1  # kept in the local outbox
    unplugged_status = sync.status(one.session())
    assert unplugged_status["folder_reachable"] is False and unplugged_status["last_folder_error"]
    assert unplugged_status["pending_outgoing"] == 0  # bundled and kept in the local outbox
    (tmp_path / "unplugged").rename(share)
    shutil.rmtree(one.subfolder)  # someone "cleaned" the stick
    assert one.sync().published == 2  # both bundles come back, byte for byte
    assert two.sync().imported_bundles == 2
    os.chmod(one.subfolder, stat.S_IRUSR | stat.S_IXUSR)
    try:
        add_woman(one.session(), birth_name="Troisieme")
        report = one.sync()
        if os.geteuid() != 0:  # root ignores permissions: the read-only case only shows for users
            assert report.folder_error
    finally:
        os.chmod(one.subfolder, stat.S_IRWXU)
    assert one.sync().folder_error is None
    assert two.sync().imported_bundles >= 0
    two.sync()
    assert two.state() == one.state()


def test_concurrent_edits_converge_and_keep_the_loser_for_review(trio):
    one, two, three = trio
    ipp = add_woman(one.session(Role.CLERK), birth_name="Lefevre")
    sync_all(trio)
    identity.update_patient(one.session(Role.CLERK), ipp, used_name="Dubois")
    identity.update_patient(two.session(Role.CLERK), ipp, used_name="Durand")  # at the same time, unaware
    sync_all(trio)
    assert one.state() == two.state() == three.state()
    values = {identity.show_patient(l.session(Role.CLERK), ipp)["patient"]["used_name"] for l in trio}
    assert len(values) == 1
    for laptop in trio:
        open_conflicts = replication.conflicts(laptop.store.db)
        assert len(open_conflicts) == 1
        conflict = open_conflicts[0]
        assert {conflict["winner_value"], conflict["loser_value"]} == {'"Dubois"', '"Durand"'}
    # Said as a clerk reads it: whose record, which field in her words, both values, who typed each.
    shown = sync.status(one.session(), with_hash=False)["conflicts"][0]
    assert shown["subject"].startswith("LEFEVRE ") and f"IPP {ipp}" in shown["subject"]
    assert shown["field_label"] == "used name"
    assert {shown["in_force"], shown["other"]} == {"Dubois", "Durand"}
    assert shown["in_force_from"].split(",")[0] in ("laptop-1", "laptop-2") and shown["other_from"].split(",")[0] in ("laptop-1", "laptop-2")
    # A later edit made on top of the winner is an ordinary update, not a new conflict.
    identity.update_patient(three.session(Role.CLERK), ipp, used_name="Dubois-Durand")
    sync_all(trio)
    assert all(len(replication.conflicts(l.store.db)) == 1 for l in trio)
    # IT brings the losing value back; a midwife acknowledges on another laptop.
    it = one.session(Role.IT)
    sync.resolve_conflict(it, replication.conflicts(one.store.db)[0]["id"], "loser")
    sync.acknowledge_conflict(two.session(), replication.conflicts(two.store.db)[0]["id"])
    sync_all(trio)
    assert one.state() == two.state() == three.state()
    with pytest.raises(PermissionDenied):
        sync.resolve_conflict(two.session(Role.MIDWIFE), 1, "loser")


def test_two_laptops_admitting_to_one_bed_and_one_person_registered_twice_are_shown(trio):
    one, two, _ = trio
    adt.admit(one.session(), add_woman(one.session(), birth_name="Roux", first_names="Zoé"), unit="SDN", bed="SN4")
    adt.admit(two.session(), add_woman(two.session(), birth_name="Roux", first_names="Zoé"), unit="SDN", bed="SN4")
    sync_all(trio)
    status = sync.status(one.session())
    assert [s["bed_id"] for s in status["shared_beds"]] == ["SDN:SN4"]
    assert status["shared_beds"][0]["bed"] == "SDN SN4" and all(p.startswith("ROUX Zoé (NDA ") for p in status["shared_beds"][0]["people"])
    assert len(status["probable_duplicates"]) == 1
    pair = status["probable_duplicates"][0]
    assert pair["name"] == pair["other_name"] == "ROUX Zoé" and "same_name" in pair["reasons"] and status["identity_arrivals_to_check"] == 0
    assert status["state_hash"] == sync.status(two.session())["state_hash"]


def test_records_from_other_laptops_that_may_be_someone_known_here_are_listed_with_why(trio):
    """Not only identical names: a typo, swapped day and month, a used name typed as the birth name."""
    one, two, _ = trio
    add_woman(one.session(), birth_name="PERROT", used_name="GILLES", first_names="Bernadette", birth_date="1991-05-06")
    add_woman(two.session(), birth_name="Perot", first_names="Bernadete", birth_date="1991-06-05")
    add_woman(two.session(), birth_name="Gilles", first_names="Bernadette", birth_date="1991-05-06")
    add_woman(two.session(), birth_name="Zerbib", first_names="Noémie", birth_date="1988-02-14")
    sync_all(trio)
    pairs = sync.status(one.session())["probable_duplicates"]
    reasons = sorted(tuple(sorted(p["reasons"])) for p in pairs)
    assert len(pairs) == 2  # each of two's records with PERROT (not with each other: names and dates differ)
    assert any("day_month_swapped" in r for r in reasons) and any("birth_used_crossed" in r for r in reasons)
    assert all("ZERBIB" not in p["name"] + p["other_name"] for p in pairs)


def test_a_bulk_arrival_is_looked_at_over_several_passes(trio, monkeypatch):
    one, two, _ = trio
    monkeypatch.setattr(vigilance, "ARRIVALS_PER_PASS", 2)
    monkeypatch.setattr(vigilance.check_arrivals, "__defaults__", (2,))
    for index, name in enumerate(["Alpha", "Bravo", "Charlie", "Delta", "Echo"]):
        add_woman(two.session(), birth_name=name, first_names="Anne", birth_date=f"198{index}-01-01")
    add_woman(one.session(), birth_name="Echo", first_names="Anne", birth_date="1984-01-01")
    two.sync()
    one.sync()
    assert sync.status(one.session())["identity_arrivals_to_check"] == 3
    one.sync()
    one.sync()
    status = sync.status(one.session())
    assert status["identity_arrivals_to_check"] == 0
    assert [p["name"] for p in status["probable_duplicates"]] == ["ECHO Anne"]


def test_an_interrupted_export_is_adopted_not_written_twice(trio):
    one, two, _ = trio
    add_woman(one.session())
    engine = one.engine
    # Simulate a crash after the local outbox file was written but before it was recorded.
    entries = replication.local_entries(one.store.db, engine.device_id, 0, 100)
    data = b.seal_bundle(ward=engine.ward_id, device=engine.device_id, bundle_no=1, prev="", entries=[list(e) for e in entries],
                         created="x", signing_key=engine._secret("signing_key"), ward_secret=engine._secret("ward_secret"),
                         it_public_key=engine._secret("it_public_key"),
                         certificates=user_store.certificates(one.store.db, engine.device_id, {e[7] for e in entries}))
    (one.store.path.parent / "outbox" / engine.device_id).mkdir(parents=True)
    (one.store.path.parent / "outbox" / engine.device_id / b.file_name(1)).write_bytes(data)
    one.sync()
    assert (one.subfolder / b.file_name(1)).read_bytes() == data
    assert replication.outbox_last(one.store.db, engine.device_id)["hash"] == b.file_hash(data)
    two.sync()
    assert two.state() == one.state()


def test_sync_status_reports_pending_changes_and_clock_warnings(trio):
    import time

    one, two, _ = trio
    add_woman(one.session())
    assert sync.status(one.session())["pending_outgoing"] > 0
    one.sync()
    assert sync.status(one.session())["pending_outgoing"] == 0
    two_store = two.store
    two_store.clock = lambda: time.time() - 3600  # laptop-2's clock is an hour behind
    two.sync()
    warnings = sync.status(two.session())["clock_warnings"]
    assert any("laptop-1" in w and "ahead" in w for w in warnings)
    assert any("this laptop" in w.lower() and "behind" in w for w in warnings)
    assert sync.status(one.session())["clock_warnings"] == []


def _carry(writer, reader) -> None:
    """Copy the writer's published bundles into the reader's own folder (a stick between two laptops)."""
    target = reader.engine.root / writer.subfolder.name
    target.mkdir(parents=True, exist_ok=True)
    for source in writer.subfolder.glob("*.cbundle"):
        shutil.copyfile(source, target / source.name)


def test_an_update_that_arrives_before_its_creation_converges(tmp_path, built_kit):
    laptops = [make_laptops(tmp_path / f"r{i}", built_kit, i + 1, share=tmp_path / f"share{i}")[i] for i in range(3)]
    a, b_, c = laptops
    ipp = add_woman(a.session(Role.CLERK), birth_name="Leclerc")
    a.sync()
    _carry(a, b_)
    b_.sync()
    identity.update_patient(b_.session(Role.CLERK), ipp, used_name="Marchand")
    adt.admit(b_.session(Role.CLERK), ipp, unit="GHR", bed="201")
    b_.sync()
    _carry(b_, c)
    c.sync()  # C hears of B's edit and admission before A's creation
    _carry(a, c)
    c.sync()
    _carry(a, b_)
    assert a.sync() is not None and b_.sync() is not None
    _carry(b_, a)
    _carry(c, a)
    a.sync()
    assert a.state() == b_.state() == c.state()
    row = next(c.store.db.query("SELECT created_by, created_device FROM patients WHERE ipp = ?", [ipp]))
    assert row["created_device"] == a.store.device()["device_id"]
    for laptop in laptops:
        laptop.store.close()


def test_sync_goes_on_after_a_laptop_is_re_enrolled_from_a_rebuilt_kit(trio, built_kit, it_keys):
    import copy

    from continuity.core.ward import ward_from_dict
    from continuity.services import kit

    one, two, _ = trio
    add_woman(one.session(), birth_name="Avant")
    one.sync()
    # IT rebuilt the kit with its own key: new laptop keys and ids, a new ward secret.
    rebuilt, _it, _initial = kit.build_kit(ward_from_dict(built_kit["ward"]), it_payload=it_keys, previous=built_kit)
    old_id = one.store.device()["device_id"]
    kit.enrol(one.store, copy.deepcopy(rebuilt), "laptop-1", force=True)
    kit.enrol(two.store, copy.deepcopy(rebuilt), "laptop-2", force=True)
    one.engine.__init__(one.store, one.engine.root, user="cadre", settle_seconds=0)
    two.engine.__init__(two.store, two.engine.root, user="cadre", settle_seconds=0)
    add_woman(one.session(), birth_name="Apres")
    report = one.sync()
    assert report.exported_bundles == 1 and report.published == 1  # a new stream, old bundles not copied again
    report = two.sync()
    assert report.quarantined == []
    names = {r["birth_name"] for r in two.store.db.query("SELECT birth_name FROM patients")}
    assert {"Avant", "Apres"} <= names  # the old bundle (older kit's secret) and the new one
    assert one.store.device()["device_id"] != old_id


def test_a_bundle_the_database_refuses_is_set_aside_and_the_rest_goes_on(trio):
    one, two, three = trio
    add_woman(two.session(), birth_name="Local")  # laptop-2 hands out its first IPP...
    two.store.db.execute("UPDATE number_ranges SET next = start WHERE kind = 'ipp'")
    one.store.db.execute("UPDATE number_ranges SET start = 900100000, next = 900100000, end = 900200000 WHERE kind = 'ipp'")
    add_woman(one.session(), birth_name="Collision")  # ...and a misconfigured laptop-1 hands out the same
    add_woman(three.session(), birth_name="Autre")
    one.sync()
    three.sync()
    report = two.sync()
    assert [q["reason"] for q in report.quarantined] == ["unapplicable"]
    assert report.imported_bundles == 1


def test_the_census_shows_both_patients_of_a_shared_bed_and_a_stay_whose_identity_is_on_its_way(tmp_path, built_kit):
    laptops = [make_laptops(tmp_path / f"r{i}", built_kit, i + 1, share=tmp_path / f"share{i}")[i] for i in range(3)]
    a, b_, c = laptops
    adt.admit(a.session(Role.CLERK), add_woman(a.session(Role.CLERK), birth_name="Premiere"), unit="SDN", bed="SN4")
    adt.admit(b_.session(Role.CLERK), add_woman(b_.session(Role.CLERK), birth_name="Seconde"), unit="SDN", bed="SN4")
    for laptop in (a, b_):
        laptop.sync()
    _carry(a, c)
    _carry(b_, c)
    c.sync()
    sdn = next(u for u in ward.census(c.session(Role.CLERK))["units"] if u["code"] == "SDN")
    tiles = [bed for bed in sdn["beds"] if bed["bed"] == "SN4"]
    assert len(tiles) == 1 and tiles[0]["shared"] and len(tiles[0]["also"]) == 1
    assert {tiles[0]["name"].split()[0], tiles[0]["also"][0]["name"].split()[0]} == {"PREMIERE", "SECONDE"}
    assert sdn["counts"]["total"] == 4  # the shared bed counts once
    # A third laptop's admission of a patient whose identity (created on a fourth) has not arrived.
    ipp = add_woman(a.session(Role.CLERK), birth_name="Lointaine")
    a.sync()
    _carry(a, b_)
    b_.sync()
    adt.admit(b_.session(Role.CLERK), ipp, unit="GHR", bed="202")
    b_.sync()
    for path in (c.engine.root / b_.subfolder.name).glob("*.cbundle"):
        path.unlink()
    _carry(b_, c)
    c.sync()  # laptop-2's admission arrives; laptop-1's new identity has not
    ghr = next(u for u in ward.census(c.session(Role.CLERK))["units"] if u["code"] == "GHR")
    bed = next(b for b in ghr["beds"] if b["bed"] == "202")
    assert bed["state"] == "occupied" and "not received" in bed["name"]
    for laptop in laptops:
        laptop.store.close()


def test_files_applied_before_are_not_read_again_by_a_new_pass(trio, monkeypatch):
    from continuity.sync import folder as shared
    from continuity.sync.engine import SyncEngine

    one, two, _ = trio
    for name in ("A", "B"):
        add_woman(one.session(), birth_name=name)
        one.sync()
    two.sync()
    reads = []
    original = shared.read
    monkeypatch.setattr(shared, "read", lambda path, limit: reads.append(path) or original(path, limit))
    fresh = SyncEngine(two.store, two.engine.root, user="cadre", settle_seconds=0)  # as `sync --once` does each time
    assert fresh.run_once().imported_bundles == 0
    bundles_read = lambda: [p.name for p in reads if p.name.endswith(".cbundle")]  # noqa: E731 - the folder's small marker is read each pass
    assert bundles_read() == []
    (one.subfolder / b.file_name(1)).touch()  # the file changed (here: only its time): it is checked again
    fresh.run_once()
    assert bundles_read() == [b.file_name(1)]
