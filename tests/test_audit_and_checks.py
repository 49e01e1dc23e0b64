"""`audit verify` and `db check` on a real store: a clean store passes, any tampering is named."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from continuity.core.errors import PermissionDenied
from continuity.services import admin, adt
from tests.conftest import add_woman


def populate(clerk, n=4):
    for i in range(n):
        adt.admit(clerk, add_woman(clerk, birth_name=f"Nom{i}"), unit="GHR", bed=["201", "202", "203A", "203B"][i])


def unlock(db):
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("DROP TRIGGER audit_no_delete")


def test_a_clean_store_passes_every_check(clerk, supervisor, it_user):
    populate(clerk)
    assert admin.verify_audit(supervisor)["ok"]
    result = admin.check_database(it_user)
    assert result["ok"], result["problems"]
    assert result["journal_entries"] > 0


def test_clerks_and_midwives_cannot_run_the_checks(clerk, midwife):
    with pytest.raises(PermissionDenied):
        admin.verify_audit(clerk)
    with pytest.raises(PermissionDenied):
        admin.check_database(midwife)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(how=st.sampled_from(["edit", "delete", "insert", "swap", "truncate"]), data=st.data())
def test_tampering_with_the_stored_audit_trail_is_detected_and_located(tmp_path_factory, built_kit, how, data):
    import copy

    from continuity.core.permissions import Role
    from continuity.services import kit
    from tests.conftest import new_store, session_for

    store = new_store(tmp_path_factory.mktemp("t") / "db")
    kit.enrol(store, copy.deepcopy(built_kit), "laptop-1")
    populate(session_for(store, Role.CLERK), 2)
    db = store.db
    unlock(db)
    count = store.device()["audit_seq"]
    seq = data.draw(st.integers(min_value=1, max_value=count - 1))
    if how == "edit":
        db.execute("UPDATE audit SET user = 'intruder' WHERE seq = ?", [seq])
    elif how == "delete":
        db.execute("DELETE FROM audit WHERE seq = ?", [seq])
    elif how == "insert":
        row = dict(next(db.query("SELECT * FROM audit WHERE seq = ?", [seq])))
        db.execute("UPDATE audit SET seq = -seq WHERE seq >= ?", [seq])
        db.execute("UPDATE audit SET seq = 1 - seq WHERE seq < 0")  # every later entry moves up by one
        db["audit"].insert({**row, "entity_id": "forged"})
    elif how == "swap":
        db.execute("UPDATE audit SET seq = -1 WHERE seq = ?", [seq])
        db.execute("UPDATE audit SET seq = ? WHERE seq = ?", [seq, seq + 1])
        db.execute("UPDATE audit SET seq = ? WHERE seq = -1", [seq + 1])
    else:
        db.execute("DELETE FROM audit WHERE seq = ?", [count])  # the newest entry: only the head knows
    result = admin.verify_audit(session_for(store, Role.SUPERVISOR))
    assert not result["ok"]
    assert 1 <= result["first_bad_entry"] <= count + 1
    if how in ("edit", "delete"):
        assert result["first_bad_entry"] == seq
    store.close()


def test_db_check_reports_journal_gaps_and_index_damage(clerk, it_user):
    populate(clerk, 2)
    db = clerk.store.db
    db.execute("DROP TRIGGER journal_no_delete")
    db.execute("DELETE FROM journal WHERE seq = 3")
    result = admin.check_database(it_user)
    assert not result["ok"]
    assert any(p.startswith("journal:") for p in result["problems"])


def test_every_bulk_read_of_patient_data_is_audited_with_counts_and_never_names(clerk, supervisor):
    """26 one-letter searches used to dump every identity without a trace."""
    import json
    import string

    from continuity.services import identity, sync, ward

    populate(clerk, 3)
    before = clerk.store.db.execute("SELECT max(seq) FROM audit").fetchone()[0]
    for letter in string.ascii_lowercase:
        identity.search(clerk, letter)
    ward.census(clerk)
    ward.movements_on(clerk)
    ward.recent_movements(clerk)
    identity.possible_matches(clerk, "Nom1", None, "Hélène", "12/05/1990")
    sync.status(supervisor)
    rows = list(clerk.store.db.query("SELECT user, action, detail FROM audit WHERE seq > ? ORDER BY seq", [before]))
    actions = [r["action"] for r in rows]
    assert actions.count("patient.search") == 26
    assert {"census.read", "movements.read", "patient.match", "sync.status"} <= set(actions)
    assert sum(json.loads(r["detail"]).get("results", 0) for r in rows if r["action"] == "patient.search") >= 3
    census = next(json.loads(r["detail"]) for r in rows if r["action"] == "census.read")
    assert census["occupied"] == 3
    text = json.dumps(rows)
    assert "Nom1" not in text and "Hélène" not in text and "1990" not in text  # counts only
