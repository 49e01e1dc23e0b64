"""Crash test: sync processes killed with SIGKILL at random points of export and import, 200 times.
After every kill both databases pass `db check`; no acknowledged change is ever lost; in the end
both laptops hold the same data."""

from __future__ import annotations

import os
import random
import signal

from continuity.core.permissions import Role
from continuity.services import admin
from continuity.store import replication
from continuity.store.tx import Store
from continuity.sync.engine import SyncEngine, SyncReport
from tests.conftest import add_woman, certify, reopen, session_for
from tests.sync_helpers import make_laptops

CYCLES = 200


class _RandomKills:
    """Runs a pass in a forked child that SIGKILLs itself at a random one of its own steps: the
    k-th SQL statement, fsync or rename it starts. Steps, not time: the same seed kills at the same
    points on a quiet or a busy machine. k is drawn over twice the length of the last complete pass
    of the same kind: about half the passes die somewhere along the way, the others finish (the
    sync makes progress, and its length is measured again)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.length: dict[str, int] = {}
        self.killed: dict[str, int] = {}

    def run(self, kind: str, work) -> None:
        at_step = self.rng.randint(1, 2 * self.length.get(kind, 50))
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: its own connection, no cleanup on exit
            try:
                os.close(reading)
                steps = _die_at_step(at_step)
                work()
                os.write(writing, str(steps[0]).encode())
            finally:
                os._exit(0)
        os.close(writing)
        with os.fdopen(reading) as pipe:
            told = pipe.read()
        _pid, status = os.waitpid(pid, 0)
        if os.WIFSIGNALED(status):
            self.killed[kind] = self.killed.get(kind, 0) + 1
            self.length[kind] = max(self.length.get(kind, 50), at_step)  # it was at least this long
        elif told:
            self.length[kind] = int(told)


def _die_at_step(at_step: int) -> list[int]:
    """In the child only: count every SQL statement, fsync and rename, and die at the chosen one."""
    from continuity.store.connection import driver

    steps = [0]

    def step(*_args) -> None:
        steps[0] += 1
        if steps[0] == at_step:
            os.kill(os.getpid(), signal.SIGKILL)

    def counted(original):
        def call(*args, **kwargs):
            step()
            return original(*args, **kwargs)
        return call

    connect = driver.connect

    def connect_and_count(*args, **kwargs):
        connection = connect(*args, **kwargs)
        connection.set_trace_callback(step)
        return connection

    driver.connect = connect_and_count
    os.fsync, os.replace, os.rename = counted(os.fsync), counted(os.replace), counted(os.rename)
    return steps


def _open(folder) -> Store:
    return reopen(folder)


def _sync_pass(folder, share, part: str):
    def work():
        store = _open(folder)
        certify(store, "cadre")
        engine = SyncEngine(store, share, user="cadre", settle_seconds=0)
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
    kills = _RandomKills(random.Random(2022))
    rng = random.Random(2023)
    acknowledged: set[str] = set()
    for cycle in range(CYCLES):
        store = _open(writer)
        clerk = session_for(store, Role.CLERK)
        for _ in range(rng.randint(1, 3)):
            ipp = add_woman(clerk, birth_name=f"C{cycle}")
            acknowledged.add(ipp)
        store.close()
        kills.run("export", _sync_pass(writer, share, "export"))
        kills.run("import_", _sync_pass(reader, share, "import_"))
        _check(writer)
        _check(reader)
        store = _open(writer)
        ipps = {r["ipp"] for r in store.db.query("SELECT ipp FROM patients")}
        store.close()
        assert acknowledged <= ipps, "the writer lost a change it had acknowledged"
    # The kills must really land mid-way, often: otherwise this proves nothing. (Counted in steps,
    # not in time: the same on any machine.)
    print(f"\nkilled mid-way: {kills.killed} of {CYCLES} passes each; complete passes take {kills.length} steps")
    assert all(kills.killed.get(kind, 0) >= CYCLES * 0.3 for kind in ("export", "import_")), kills.killed
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
