"""Bundles that are signed by a laptop of the kit but hostile, newer or copied: each is set aside alone
with its reason, nothing of it reaches SQL text, and every other bundle keeps flowing. Copies under
other names never hide the real file; this laptop's own files in the folder are judged by content."""

from __future__ import annotations

import pytest

from continuity.core import hlc
from continuity.services import adt, identity, sync
from continuity.store import replication
from continuity.store import users as user_store
from continuity.sync import bundle as b
from tests.conftest import add_woman, certify
from tests.sync_helpers import make_laptops


@pytest.fixture
def trio(tmp_path, built_kit):
    return make_laptops(tmp_path, built_kit, 3)


def forge(laptop, entries: list[list], bundle_no: int | None = None, prev: str | None = None, name: str | None = None,
          after: int | None = None, format: int = b.FORMAT) -> bytes:
    """A bundle signed with ``laptop``'s own key, placed in its folder under its next number: what a
    newer version, a stolen key or a damaged clock would produce."""
    engine = laptop.engine
    last = replication.outbox_last(laptop.store.db, engine.device_id)
    number = bundle_no or ((last["bundle_no"] + 1) if last else 1)
    after = after if after is not None else (last["last_seq"] if last else 0)
    numbered = [[after + i + 1, *e[1:]] for i, e in enumerate(entries)]
    named = {e[7] for e in numbered if isinstance(e[7], str)}
    for user in named:
        certify(laptop.store, user)  # signed in there: what is tested is the bundle, not who wrote it
    data = b.seal_bundle(ward=engine.ward_id, device=engine.device_id, bundle_no=number,
                         prev=prev if prev is not None else (last["hash"] if last else ""), entries=numbered, created="2026-11-30T01:00:00Z",
                         signing_key=engine._secret("signing_key"), ward_secret=engine._secret("ward_secret"),
                         it_public_key=engine._secret("it_public_key"), format=format,
                         certificates=user_store.certificates(laptop.store.db, engine.device_id, named))
    laptop.subfolder.mkdir(parents=True, exist_ok=True)
    (laptop.subfolder / (name or b.file_name(number))).write_bytes(data)
    return data


def entry(laptop, entity: str, entity_id: str, field: str, value: str, stamp: int | None = None) -> list:
    stamp = stamp if stamp is not None else hlc.pack(int(laptop.store.clock() * 1000), 7)
    return [0, 999_999, stamp, entity, entity_id, field, value, "cdurand", None]


def known_on_both(one, two, birth_name: str) -> tuple[str, str]:
    """A woman registered on ``one`` and received by ``two``: her IPP and record id."""
    ipp = add_woman(one.session(), birth_name=birth_name)
    one.sync()
    two.sync()
    return ipp, identity.find_patient(two.session(), ipp)["id"]


def reasons(laptop) -> list[str]:
    return [q["reason"] for q in sync.status(laptop.session())["quarantined"]]


def test_a_field_name_crafted_as_sql_is_set_aside_and_no_patient_changes(trio):
    one, two, three = trio
    ipp, patient_id = known_on_both(one, two, "Cible")
    crafted = "record_status] = 'entered_in_error', [birth_name"
    forge(one, [entry(one, "patient", patient_id, crafted, '"x"')])
    adt.admit(three.session(), add_woman(three.session(), birth_name="Autre"), unit="GHR", bed="201")
    three.sync()
    two.sync()
    assert reasons(two) == ["newer_version"]
    assert {p["record_status"] for p in two.store.db["patients"].rows} == {"active"}
    assert identity.search(two.session(), "autre")  # laptop-3's bundle still applied
    assert identity.find_patient(two.session(), ipp)["birth_name"] == "Cible"


@pytest.mark.parametrize("stamp, reason", [((1 << 63) - 1, "impossible_stamp"), (hlc.pack(10_453_000_000_000, 0), "impossible_stamp")],
                         ids=["2^63-1", "year 2300"])
def test_an_impossible_clock_stamp_is_set_aside_and_the_receiver_s_clock_is_untouched(trio, stamp, reason):
    one, two, three = trio
    forge(one, [entry(one, "patient", "p" * 32, "birth_name", '"LOIN"', stamp=stamp)])
    add_woman(three.session(), birth_name="Proche")
    three.sync()
    before = two.store.db.execute("SELECT max(hlc) FROM journal").fetchone()[0] or 0
    two.sync()
    assert reasons(two) == [reason]
    assert identity.search(two.session(), "proche")
    add_woman(two.session(), birth_name="Apres")
    newest = two.store.db.execute("SELECT max(hlc) FROM journal").fetchone()[0]
    assert hlc.wall_time(newest).year < 2100 and newest > before


@pytest.mark.parametrize("entity, field, value", [
    ("patient", "birth_name", "12"), ("patient", "birth_name", '"' + "x" * 30_000 + '"'), ("patient", "birth_name", "{not json"),
    ("patient", "birth_name", '"\\ud800"'), ("birth", "weight_g", "NaN"), ("patient", "birth_name", '"a" "b"'),
    ("patient", "birth_date", '"30/11/2026"'), ("patient", "birth_date", '"2026-02-30"'),
    ("movement", "at", '"2026-11-30 10:00"'), ("movement", "at", '"2026-11-30T24:00:00Z"'), ("movement", "at", '"2026-13-01T10:00:00Z"'),
    ("movement", "cancelled_at", "1764496800"), ("birth", "at", '"2026-11-30T10:00:00+01:00"'), ("assignment", "day", '"lundi"'),
    ("patient", "birth_name", '"A\\u0000B"'), ("patient", "first_names", '["Lou\\u0000"]'), ("birth", "weight_g", "true"),
    ("birth", "weight_g", str(1 << 63)), ("birth", "weight_g", "3.5e3"), ("staff", "ratio", '"0.8"'),
], ids=["number for text", "huge", "not json", "lone surrogate", "NaN", "two values", "French date", "30 February",
        "time without T", "hour 24", "month 13", "time as a number", "time with an offset", "day as a word",
        "NUL in text", "NUL in a list", "true for a number", "beyond 64 bits", "float for an integer", "text for a real"])
def test_a_value_of_the_wrong_kind_is_set_aside(trio, entity, field, value):
    """Times and dates every laptop reads back (the board, the replay of a stay, the rota) must be in
    the stored shape: any other would break each reader, not only this bundle."""
    one, two, _ = trio
    forge(one, [entry(one, entity, "q" * 32, field, value)])
    two.sync()
    assert reasons(two) == ["bad_value"]
    assert two.store.db["patients"].count == 0
    assert two.store.db["movements"].count == 0


def test_times_and_dates_in_the_stored_shape_are_taken(trio):
    one, two, _ = trio
    ipp, patient_id = known_on_both(one, two, "Datée")
    forge(one, [entry(one, "patient", patient_id, "birth_date", '"1996-02-29"')])
    two.sync()
    assert reasons(two) == []
    assert identity.find_patient(two.session(), ipp)["birth_date"] == "1996-02-29"


def test_a_newer_version_s_bundle_waits_and_the_writer_s_later_ones_wait_behind_it(trio):
    one, two, three = trio
    forge(one, [entry(one, "patient", "r" * 32, "favourite_colour", '"bleu"')])
    add_woman(three.session(), birth_name="Suivante")
    three.sync()
    first = two.sync()
    second = two.sync()
    assert [q["reason"] for q in first.quarantined] == ["newer_version"] and second.quarantined == []  # said once, not at every pass
    assert reasons(two) == ["newer_version"]
    assert identity.search(two.session(), "suivante")


def test_a_bundle_of_a_newer_format_waits_with_its_reason_and_the_rest_flows(trio):
    one, two, three = trio
    forge(one, [entry(one, "patient", "r" * 32, "birth_name", '"Future"')], format=b.FORMAT + 1)
    add_woman(three.session(), birth_name="Suivante")
    three.sync()
    first = two.sync()
    second = two.sync()
    assert [q["reason"] for q in first.quarantined] == ["newer_version"] and second.quarantined == []
    assert reasons(two) == ["newer_version"]
    assert identity.search(two.session(), "suivante") and two.store.db["patients"].count_where("id = ?", ["r" * 32]) == 0


def test_a_bundle_of_the_first_format_is_applied_from_a_laptop_of_an_earlier_kit_only(trio):
    """Earlier formats carry no user certificates: believed only as the history a laptop wrote
    under an earlier kit; a laptop of the current kit always writes format 3."""
    one, two, three = trio
    forge(one, [entry(one, "patient", "q" * 32, "birth_name", '"Contrefaite"')], format=2)
    three.sync()
    assert reasons(three) == ["bad_header"]
    two.store.db.execute("UPDATE devices SET kit_id = 'earlier' WHERE device_id = ?", [one.engine.device_id])
    from continuity.core.times import from_storage

    before_enrolment = hlc.pack(int(from_storage(two.store.device()["enrolled_at"]).timestamp() * 1000) - 3_600_000, 0)
    forge(one, [entry(one, "patient", "p" * 32, "birth_name", '"Apres"')], format=1, bundle_no=1, after=0, prev="")
    two.sync()
    assert reasons(two) == ["bad_header"]  # stamped after laptop-2's enrolment: not history, a forgery
    forge(one, [entry(one, "patient", "r" * 32, "birth_name", '"Ancienne"', stamp=before_enrolment),
                entry(one, "patient", "r" * 32, "first_names", '["Lou"]', stamp=before_enrolment)],
          format=1, bundle_no=1, after=0, prev="", name="00000001.cbundle")
    two.sync()
    assert reasons(two) == []  # history written before its enrolment: taken (the forgery's refusal resolved by it)
    assert two.store.db.execute("SELECT birth_name, first_names FROM patients WHERE id = ?", ["r" * 32]).fetchone() == ("Ancienne", '["Lou"]')


def test_an_identical_conflict_copy_never_hides_the_real_file(trio):
    one, two, _ = trio
    ipp = add_woman(one.session(), birth_name="Copie")
    one.sync()
    real = one.subfolder / b.file_name(1)
    # The copy is seen first (a fresh laptop, the copy sorted before): it must not block the real file.
    copy = one.subfolder / "00000001 - Copie.cbundle"
    copy.write_bytes(real.read_bytes())
    conflict = one.subfolder / "00000001.sync-conflict-20261130-012233-ABCDEFG.cbundle"
    conflict.write_bytes(real.read_bytes())
    two.sync()
    assert identity.find_patient(two.session(), ipp)
    quarantined = sync.status(two.session())["quarantined"]
    assert sorted(q["reason"] for q in quarantined) == ["duplicate_copy", "duplicate_copy"]
    assert all("nothing is missing" in q["message"] for q in quarantined)
    assert two.state() == one.state()


def test_a_different_conflict_copy_is_told_as_a_fork(trio):
    one, two, _ = trio
    add_woman(one.session(), birth_name="Vraie")
    one.sync()
    forge(one, [entry(one, "patient", "s" * 32, "birth_name", '"AUTRE"')], bundle_no=1, prev="",
          name="00000001.sync-conflict-20261130-012233-ABCDEFG.cbundle")
    two.sync()
    assert "fork" in reasons(two)
    assert identity.search(two.session(), "vraie")


def test_a_same_size_different_bundle_under_the_laptop_s_own_name_is_never_overwritten(trio):
    one, two, _ = trio
    add_woman(one.session(), birth_name="Premiere")
    one.sync()
    mine = one.subfolder / b.file_name(1)
    ours = mine.read_bytes()
    # Another version of bundle 1, signed with laptop-1's key (a restored copy of laptop-1 wrote it).
    theirs = forge(one, [entry(one, "patient", "t" * 32, "birth_name", '"RESTAUREE"')], bundle_no=1, prev="")
    assert mine.read_bytes() == theirs
    one.sync()
    assert mine.read_bytes() == theirs  # never replaced by size or otherwise
    assert "own_fork" in reasons(one)
    kept = [q for q in sync.status(one.session())["quarantined"] if q["reason"] == "own_fork"][0]["kept_as"]
    assert open(kept, "rb").read() == theirs and ours != theirs


def test_a_damaged_copy_of_the_laptop_s_own_bundle_is_kept_as_evidence_and_published_again(trio):
    one, two, _ = trio
    ipp = add_woman(one.session(), birth_name="Abimee")
    one.sync()
    mine = one.subfolder / b.file_name(1)
    good = mine.read_bytes()
    damaged = bytearray(good)
    damaged[len(damaged) // 2] ^= 0x01
    mine.write_bytes(bytes(damaged))
    one.sync()
    assert mine.read_bytes() == good
    assert "damaged_copy" in reasons(one)
    two.sync()
    assert identity.find_patient(two.session(), ipp)


def test_the_same_woman_admitted_on_two_laptops_while_apart_is_listed_on_both(trio):
    one, two, _ = trio
    ipp = add_woman(one.session(), birth_name="Deuxfois")
    one.sync()
    two.sync()
    adt.admit(one.session(), ipp, unit="SDN", bed="SN1")
    adt.admit(two.session(), ipp, unit="GHR", bed="201")  # apart: neither knows of the other's admission
    for _round in range(2):
        one.sync()
        two.sync()
    for laptop in (one, two):
        doubles = sync.status(laptop.session())["double_stays"]
        assert [d["ipp"] for d in doubles] == [ipp]
        assert [s.split()[1:] for s in doubles[0]["stays"]] == [["GHR", "201"], ["SDN", "SN1"]] or \
               sorted(s.split()[1:] for s in doubles[0]["stays"]) == [["GHR", "201"], ["SDN", "SN1"]]


def test_a_copy_seen_before_its_real_file_waits_for_it_and_is_then_told_for_what_it_is(trio, tmp_path):
    one, two, _ = trio
    ipp = add_woman(one.session(), birth_name="Enavance")
    one.sync()
    real = one.subfolder / b.file_name(1)
    held = tmp_path / "held"
    real.rename(held)  # the replication tool delivered its conflict copy first
    (one.subfolder / "00000001 (1).cbundle").write_bytes(held.read_bytes())
    two.sync()
    assert reasons(two) == []  # neither a copy nor a fork can be told yet: looked at again
    held.rename(real)
    two.sync()
    assert identity.find_patient(two.session(), ipp)
    assert reasons(two) == ["duplicate_copy"]


def test_values_that_would_splice_into_valid_json_are_each_refused(trio):
    one, two, _ = trio
    ipp, patient_id = known_on_both(one, two, "Cible")
    forge(one, [entry(one, "patient", patient_id, "used_name", '"x'), entry(one, "patient", patient_id, "birth_place", 'y"'),
                entry(one, "patient", patient_id, "first_names", '"a","b"')])
    two.sync()
    assert reasons(two) == ["bad_value"]
    assert identity.find_patient(two.session(), ipp)["used_name"] in (None, "")


def test_an_unknown_entity_reusing_a_patient_s_id_never_competes_with_her_fields(trio):
    one, two, three = trio
    ipp = add_woman(one.session(), birth_name="Cible")
    for laptop in (one, two, three):
        laptop.sync()
    patient_id = identity.find_patient(two.session(), ipp)["id"]
    ahead = hlc.pack(int(one.store.clock() * 1000) + 12 * 3600 * 1000, 0)  # within the day allowed
    forge(one, [entry(one, "zzz", patient_id, "birth_name", '"HACK"', stamp=ahead)])
    two.sync()
    from continuity.core.permissions import Role

    identity.update_patient(three.session(Role.CLERK), ipp, birth_name="Nouveau")
    for _ in range(2):
        for laptop in (one, two, three):
            laptop.sync()
    assert {identity.find_patient(laptop.session(), ipp)["birth_name"] for laptop in (one, two, three)} == {"Nouveau"}
    assert replication.conflicts(two.store.db) == []
    assert one.state() == two.state() == three.state()


def test_conflicts_converge_when_a_losing_value_equals_an_earlier_winner(trio):
    from continuity.core.permissions import Role

    one, two, three = trio
    ipp = add_woman(one.session(), birth_name="Meme")
    for laptop in (one, two, three):
        laptop.sync()
    identity.update_patient(two.session(Role.CLERK), ipp, used_name="X")  # laptop-2, earlier
    identity.update_patient(one.session(Role.CLERK), ipp, used_name="X")
    one.sync()
    identity.update_patient(one.session(Role.CLERK), ipp, used_name="Y")
    one.sync()
    for _ in range(2):
        for laptop in (one, two, three):
            laptop.sync()
    sets = [{(c["loser_value"], c["winner_value"]) for c in replication.conflicts(laptop.store.db)} for laptop in (one, two, three)]
    assert sets[0] == sets[1] == sets[2]
    assert one.state() == two.state() == three.state()


def test_a_named_pipe_in_the_folder_is_set_aside_without_blocking_the_pass(trio):
    import os

    one, two, three = trio
    ipp = add_woman(three.session(), birth_name="Passe")
    three.sync()
    one.subfolder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(one.subfolder / b.file_name(2))
    report = two.sync()  # would block forever on opening the pipe
    assert identity.find_patient(two.session(), ipp)
    assert "not_a_file" in reasons(two) and report.folder_error is None


@pytest.mark.parametrize("content", [b"[]", b"null", b'"ward"', b"42", b"{not json"])
def test_a_damaged_marker_is_told_and_never_crashes_the_pass(trio, content):
    one, _two, _three = trio
    (one.engine.root / ".continuity-folder").write_bytes(content)
    report = one.sync()
    assert report.folder_problem == "bad_marker" and "marker" in report.folder_error


def test_a_running_engine_judges_its_own_files_by_content_again_after_a_while(trio, monkeypatch):
    import os

    from continuity.sync import engine as engine_module

    one, two, _ = trio
    ipp = add_woman(one.session(), birth_name="Pourrie")
    one.sync()
    one.sync()
    mine = one.subfolder / b.file_name(1)
    good, times = mine.read_bytes(), mine.stat()
    damaged = bytearray(good)
    damaged[len(damaged) // 2] ^= 0x01
    mine.write_bytes(bytes(damaged))
    os.utime(mine, ns=(times.st_atime_ns, times.st_mtime_ns))  # bit rot keeps the size and the time
    monkeypatch.setattr(engine_module, "RECHECK_SECONDS", 0)  # "an hour later"
    one.engine._published.clear()
    one.sync()
    assert mine.read_bytes() == good
    two.sync()
    assert identity.find_patient(two.session(), ipp)


def test_junk_in_a_laptops_own_folder_is_set_aside_and_blocks_nothing(trio):
    import os

    one, two, _ = trio
    add_woman(one.session(), birth_name="Premiere")
    one.sync()
    (one.subfolder / b.file_name(5)).write_bytes(os.urandom(100))
    add_woman(one.session(), birth_name="Seconde")
    report = one.sync()
    assert report.folder_error is None and report.exported_bundles == 1
    two.sync()
    assert identity.search(two.session(), "seconde")


def test_a_credential_nested_deep_enough_to_crash_a_parser_is_ignored(trio):
    one, two, _ = trio
    forge(one, [entry(one, "credential", "cadre", "value", '"' + "[" * 5000 + '"'), entry(one, "credential", "cadre", "version", "2")])
    report = two.sync()
    assert report.folder_error is None and report.imported_bundles == 1
    add_woman(one.session(), birth_name="Ensuite")
    one.sync()
    assert two.sync().folder_error is None


def test_junk_under_a_number_this_laptop_has_not_reached_is_moved_aside_and_the_real_bundle_published(trio):
    import os

    one, two, _ = trio
    one.subfolder.mkdir(parents=True, exist_ok=True)
    (one.subfolder / b.file_name(2)).write_bytes(os.urandom(300))
    for name in ("Un", "Deux", "Trois"):
        add_woman(one.session(), birth_name=name)
        one.sync()
    two.sync()
    assert {"Un", "Deux", "Trois"} <= {r[0] for r in two.store.db.execute("SELECT birth_name FROM patients")}
    assert list(one.subfolder.glob("00000002.cbundle.not-ours-*"))  # kept, under another name


def test_a_change_credited_to_nobody_is_refused(trio):
    one, two, _ = trio
    ipp, patient_id = known_on_both(one, two, "Personne")
    forged = entry(one, "patient", patient_id, "birth_name", '"VoleeParPersonne"')
    forged[7] = None
    forge(one, [forged])
    two.sync()
    assert "unauthenticated_user" in reasons(two)
    assert identity.find_patient(two.session(), ipp)["birth_name"] == "Personne"
