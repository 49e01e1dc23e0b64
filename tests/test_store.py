"""The local store on real files: pragmas, migrations with backup, one atomic write path, gap-free
journal, append-only tables."""

from __future__ import annotations


import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from continuity.core import hlc
from continuity.core.permissions import Role
from continuity.services import adt, births, identity
from continuity.store import checks, connection
from continuity.store.connection import open_database
from continuity.store.schema import MIGRATIONS, migrate
from continuity.store.tx import Store
from tests.conftest import add_woman, reopen, session_for

TABLES = ["patients", "stays", "movements", "births", "journal", "audit", "number_ranges", "device", "beds"]


def snapshot(store: Store) -> dict:
    return {t: list(store.db.query(f"SELECT * FROM [{t}] ORDER BY 1")) for t in TABLES}


def test_database_is_durable_wal_with_foreign_keys(store):
    pragma = lambda name: store.db.execute(f"PRAGMA {name}").fetchone()[0]  # noqa: E731
    assert pragma("journal_mode") == "wal"
    assert pragma("synchronous") == 2  # FULL
    assert pragma("foreign_keys") == 1


def test_migrations_are_recorded_and_back_up_an_existing_database(tmp_path):
    path = tmp_path / "c.db"
    db = open_database(path)
    db["notes"].insert({"id": 1, "text": "kept"})
    backup = migrate(db, path)
    assert backup is not None and backup.exists()
    assert connection.connect(backup, None).execute("SELECT text FROM notes").fetchone() == ("kept",)
    assert [m.name for m in MIGRATIONS.applied(db)] == [m.name for m in MIGRATIONS._migrations]
    assert migrate(db, path) is None  # nothing pending: no second backup


def test_a_database_of_the_previous_version_with_patients_upgrades_to_identity_vigilance(store, clerk, tmp_path):
    """m0009-m0011 on a laptop that already holds patients: their phonetic keys are made and indexed,
    and the full-text indexes stay sound (an update trigger set up too early corrupted them)."""
    ipp = add_woman(clerk, birth_name="Perrot", first_names="Bernadette", birth_date="1991-05-06")
    db = store.db
    for statement in ("DROP TRIGGER patients_phonetic_ai", "DROP TRIGGER patients_phonetic_au", "DROP TABLE patients_phonetic",
                      "DROP INDEX idx_patients_ins", "DROP INDEX idx_births_newborn_patient_id", "DROP INDEX idx_movements_bed_id",
                      "DROP TABLE identity_pairs", "ALTER TABLE patients DROP COLUMN phonetic_names",
                      "ALTER TABLE patients DROP COLUMN used_first_name",
                      "DELETE FROM _sqlite_migrations WHERE name IN ('m0009_identity_vigilance', 'm0010_identity_pairs', "
                      "'m0011_births_by_newborn_patient')"):
        db.execute(statement)
    store.close()
    again = reopen(store.path.parent, store.clock)  # the migrations run again, on data
    try:
        assert sorted(m.name for m in MIGRATIONS.applied(again.db)) == sorted(m.name for m in MIGRATIONS._migrations)
        assert again.db.execute("SELECT phonetic_names FROM patients WHERE ipp = ?", [ipp]).fetchone()[0] == "BRND PR"
        assert checks.fts_consistent(again.db)
        found = identity.possible_matches(session_for(again, Role.CLERK), "Perot", None, "Bernadette", "06/05/1991")
        assert [c["ipp"] for c in found] == [ipp]
    finally:
        again.close()


def test_journal_sequence_is_gap_free_and_clock_monotonic(store, clerk, clock):
    for i in range(5):
        add_woman(clerk, birth_name=f"Nom{i}")
        clock.advance(-3600 if i == 2 else 1)  # the wall clock jumps back an hour mid-way
    rows = list(store.db.query("SELECT seq, tx, hlc FROM journal ORDER BY seq"))
    assert [r["seq"] for r in rows] == list(range(1, len(rows) + 1))
    stamps = [r["hlc"] for r in rows]
    assert stamps == sorted(stamps)
    per_tx = {}
    for r in rows:
        per_tx.setdefault(r["tx"], set()).add(r["hlc"])
    assert len(per_tx) == 5 and all(len(s) == 1 for s in per_tx.values())
    assert len({min(s) for s in per_tx.values()}) == 5  # each transaction a later timestamp
    assert store.device()["hlc"] >= max(stamps)


def test_journal_records_who_what_and_the_new_value(store, clerk):
    ipp = add_woman(clerk, birth_name="Durand", first_names="Léa")
    patient = next(store.db.query("SELECT id FROM patients WHERE ipp = ?", [ipp]))
    entries = {r["field"]: r for r in store.db.query("SELECT * FROM journal WHERE entity_id = ?", [patient["id"]])}
    assert entries["birth_name"]["value"] == '"Durand"'
    assert entries["first_names"]["value"] == '["Léa"]'
    assert entries["ipp"]["user"] == "accueil"
    assert "search_names" not in entries  # derived locally, never shipped


@pytest.mark.parametrize("table", ["patients", "stays", "movements", "births", "journal", "audit"])
def test_rows_are_never_hard_deleted(store, clerk, midwife, table):
    nda = adt.admit(clerk, add_woman(clerk), unit="SDN", bed="SN1", at="2027-01-15 06:00").values["nda"]
    births.record_birth(midwife, nda, sex="F", weight_g=3200, at="2027-01-15 08:30")
    with pytest.raises(connection.IntegrityError, match="never deleted"):
        store.db.execute(f"DELETE FROM [{table}]")


@pytest.mark.parametrize("table", ["journal", "audit"])
def test_journal_and_audit_are_append_only(store, clerk, table):
    add_woman(clerk)
    column = "user"
    with pytest.raises(connection.IntegrityError, match="never edited"):
        store.db.execute(f"UPDATE [{table}] SET [{column}] = 'someone else'")


operation = st.sampled_from(["patient", "audit", "number", "bed"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(operation, min_size=1, max_size=8), fail_with=st.sampled_from(["python", "sqlite"]))
def test_a_failed_write_leaves_no_partial_rows_journal_or_audit(store, clerk, steps, fail_with):
    add_woman(clerk)
    before = snapshot(store)
    with pytest.raises((RuntimeError, connection.IntegrityError)):
        with store.write("accueil") as tx:
            for i, step in enumerate(steps):
                if step == "patient":
                    tx.set("patient", f"p{i}", {"ipp": tx.take_number("ipp"), "birth_name": "X", "first_names": ["Y"]})
                elif step == "audit":
                    tx.audit("patient.read", "patient", f"p{i}")
                elif step == "number":
                    tx.take_number("nda")
                else:
                    tx.set("bed", "SDC:301", {"closed": 1})
            if fail_with == "python":
                raise RuntimeError("power cut")
            existing = next(store.db.query("SELECT ipp FROM patients LIMIT 1"))["ipp"]
            tx.set("patient", "duplicate", {"ipp": existing})  # UNIQUE(ipp) fails inside SQLite
    assert snapshot(store) == before


def test_two_processes_queue_on_the_write_lock_instead_of_failing(tmp_path, store, clerk):
    """A second connection holding the write lock briefly makes the writer wait, not fail."""
    import threading

    other = connection.connect(store.path, store.key, timeout=5)
    other.execute("BEGIN IMMEDIATE")
    order: list[str] = []
    asking = threading.Event()

    def trace(statement: str) -> None:  # the writer's own statements, as it starts each one
        if statement.startswith("BEGIN IMMEDIATE"):
            asking.set()

    def release() -> None:
        asking.wait()  # the writer is asking for the lock the other connection holds
        order.append("released")
        other.commit()

    store.db.conn.set_trace_callback(trace)
    releaser = threading.Thread(target=release)
    releaser.start()
    try:
        add_woman(clerk)  # no "database is locked": it waits for the lock
        order.append("written")
    finally:
        asking.set()
        releaser.join()
        store.db.conn.set_trace_callback(None)
        other.close()
    assert order == ["released", "written"]


def test_hlc_survives_a_restart(tmp_path, store, clerk, clock):
    add_woman(clerk)
    last = store.device()["hlc"]
    store.close()
    clock.advance(-86400)  # the laptop restarts with its clock a day behind
    reopened = reopen(tmp_path / "laptop-1", clock)
    with reopened.write("accueil") as tx:
        assert tx.hlc > last
        assert hlc.unpack(tx.hlc)[0] >= hlc.unpack(last)[0]
    reopened.close()
