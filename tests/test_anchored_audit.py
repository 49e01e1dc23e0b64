"""The audit trail and the journal are anchored in what a laptop published: each bundle it signs
carries its audit head and the digest of its changes. Cutting the trail's tail and moving the
recorded head back, rewriting the trail whole with a recomputed chain, or editing a journal value,
after a bundle was shared, is caught by the laptop's own checks and seen by the other laptops."""

from __future__ import annotations

from continuity.core.audit_chain import GENESIS, entry_hash
from continuity.core.permissions import Role
from continuity.services import admin, sync
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops, sync_all


def _unlock(db):
    for statement in ("DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete", "DROP TRIGGER journal_no_update"):
        db.execute(statement)


def _shared_work(tmp_path, built_kit):
    one, two = make_laptops(tmp_path, built_kit, 2)
    for i in range(3):
        add_woman(one.session(Role.CLERK), birth_name=f"Ancre{i}")
    sync_all([one, two])
    return one, two


def test_a_clean_laptop_matches_what_it_published(tmp_path, built_kit):
    one, _two = _shared_work(tmp_path, built_kit)
    assert admin.verify_audit(one.session(Role.SUPERVISOR))["ok"]
    result = admin.check_database(one.session(Role.IT))
    assert result["ok"], result["problems"]


def test_a_cut_tail_with_its_head_moved_back_is_caught(tmp_path, built_kit):
    one, _two = _shared_work(tmp_path, built_kit)
    db = one.store.db
    _unlock(db)
    keep = 2  # the enrolment and the first registration; the bundle published the head after the third
    head = db.execute("SELECT hash FROM audit WHERE seq = ?", [keep]).fetchone()[0]
    db.execute("DELETE FROM audit WHERE seq > ?", [keep])
    db.execute("UPDATE device SET audit_seq = ?, audit_head = ?", [keep, head])  # the chain itself is whole again
    result = admin.verify_audit(one.session(Role.SUPERVISOR))
    assert not result["ok"] and "reason" not in result  # the chain alone would pass...
    assert any("is missing (the trail was cut)" in p for p in result["published_problems"])  # ...what was published does not


def test_a_trail_rewritten_whole_with_a_recomputed_chain_is_caught(tmp_path, built_kit):
    one, _two = _shared_work(tmp_path, built_kit)
    db = one.store.db
    _unlock(db)
    entries = list(db.query("SELECT * FROM audit ORDER BY seq"))
    prev = GENESIS
    for entry in entries:
        if entry["action"] == "patient.create":
            entry["user"] = "someone-else"
        entry["prev_hash"] = prev
        entry["hash"] = prev = entry_hash(entry, prev)
        db.execute("UPDATE audit SET user = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                   [entry["user"], entry["prev_hash"], entry["hash"], entry["seq"]])
    db.execute("UPDATE device SET audit_head = ?", [prev])
    result = admin.verify_audit(one.session(Role.SUPERVISOR))
    assert not result["ok"] and any("rewritten" in p for p in result["published_problems"])


def test_an_edited_journal_value_or_row_is_caught_by_the_database_check(tmp_path, built_kit):
    one, _two = _shared_work(tmp_path, built_kit)
    db = one.store.db
    _unlock(db)
    db.execute("UPDATE journal SET value = '\"Falsifiee\"' WHERE field = 'birth_name' AND value = '\"Ancre1\"'")
    problems = admin.check_database(one.session(Role.IT))["problems"]
    assert any("differ from bundle" in p for p in problems)  # against what was published
    assert any("holds a value its journal does not give" in p for p in problems)  # against the row, still Ancre1
    db.execute("UPDATE patients SET birth_name = 'Ancre0bis' WHERE birth_name = 'Ancre0'")  # a row edited behind the journal
    problems = admin.check_database(one.session(Role.IT))["problems"]
    assert sum("holds a value its journal does not give" in p for p in problems) == 2


def test_the_other_laptops_see_a_trail_shorter_than_the_one_published(tmp_path, built_kit):
    one, two = _shared_work(tmp_path, built_kit)
    db = one.store.db
    _unlock(db)
    keep = 1
    head = db.execute("SELECT hash FROM audit WHERE seq = ?", [keep]).fetchone()[0]
    db.execute("DELETE FROM audit WHERE seq > ?", [keep])
    db.execute("UPDATE device SET audit_seq = ?, audit_head = ?", [keep, head])
    add_woman(one.session(Role.CLERK), birth_name="ApresCoupe")
    sync_all([one, two])
    warnings = sync.status(two.session())["trail_warnings"]
    assert len(warnings) == 1 and "laptop-1" in warnings[0] and "Tell IT" in warnings[0]
    assert two.store.db.execute("SELECT count(*) FROM audit WHERE action = 'sync.trail_cut'").fetchone()[0] == 1
