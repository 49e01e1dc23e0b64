"""Crash test: sync processes killed with SIGKILL at random points of export and import, 200 times.
After every kill both databases pass `db check`; no acknowledged change is ever lost; in the end
both laptops hold the same data."""

from __future__ import annotations

import os
import random
import signal
import time

from continuity.core.permissions import Role
from continuity.paths import database_path
from continuity.services import admin
from continuity.store import replication
from continuity.store.tx import Store
from continuity.sync.engine import SyncEngine, SyncReport
from tests.conftest import add_woman, session_for
from tests.sync_helpers import make_laptops

CYCLES = 200


def _killed_at_random(rng: random.Random, work) -> bool:
    """Run ``work`` in a forked child and SIGKILL it after a random delay. True when it was killed
    before it finished."""
    pid = os.fork()
    if pid == 0:  # the child: its own connection, no cleanup on exit
        try:
            work()
        finally:
            os._exit(0)
    time.sleep(rng.uniform(0, 0.025))
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    _pid, status = os.waitpid(pid, 0)
    return os.WIFSIGNALED(status)


def _open(folder) -> Store:
    return Store(database_path(folder))


def _sync_pass(folder, share, part: str):
    def work():
        store = _open(folder)
        engine = SyncEngine(store, share, user="crash-test", settle_seconds=0)
        getattr(engine, part)(SyncReport())

    return work


def _check(folder) -> None:
    store = _open(folder)
    try:
        result = admin.check_database(session_for(store, Role.IT))
        assert result["ok"], result["problems"]
    finally:
        store.close()


def test_sync_survives_being_killed_anywhere(tmp_path, built_kit):
    laptops = make_laptops(tmp_path, built_kit, 2)
    share = laptops[0].engine.root
    writer, reader = (tmp_path / "laptop-1"), (tmp_path / "laptop-2")
    for laptop in laptops:
        laptop.store.close()  # the children open their own connections; never share one across fork
    rng = random.Random(2022)
    acknowledged: set[str] = set()
    killed = {"export": 0, "import_": 0}
    for cycle in range(CYCLES):
        store = _open(writer)
        clerk = session_for(store, Role.CLERK)
        for _ in range(rng.randint(1, 3)):
            ipp = add_woman(clerk, birth_name=f"C{cycle}")
            acknowledged.add(ipp)
        store.close()
        killed["export"] += _killed_at_random(rng, _sync_pass(writer, share, "export"))
        killed["import_"] += _killed_at_random(rng, _sync_pass(reader, share, "import_"))
        _check(writer)
        _check(reader)
        store = _open(writer)
        ipps = {r["ipp"] for r in store.db.query("SELECT ipp FROM patients")}
        store.close()
        assert acknowledged <= ipps, "the writer lost a change it had acknowledged"
    # The kills must really land mid-way, often: otherwise this proves nothing. (How often depends
    # on the machine's speed and load; a pass takes several milliseconds, so most kills land.)
    assert all(n >= CYCLES * 0.1 for n in killed.values()), killed
    # Let both finish undisturbed: the reader ends with everything the writer acknowledged.
    for part, folder in (("export", writer), ("import_", reader), ("import_", reader)):
        _sync_pass(folder, share, part)()
    stores = [_open(writer), _open(reader)]
    try:
        assert acknowledged <= {r["ipp"] for r in stores[1].db.query("SELECT ipp FROM patients")}
        assert replication.state_hash(stores[0].db) == replication.state_hash(stores[1].db)
        assert replication.quarantine(stores[1].db) == []  # interrupted writes never looked like bad files
    finally:
        for store in stores:
            store.close()
