"""Two processes on one data folder (a window and a CLI, say) racing for the same bed: exactly one wins."""

from __future__ import annotations

import copy
import multiprocessing

from continuity.core.errors import DomainError
from continuity.core.permissions import Role
from continuity.services import adt, kit
from tests.conftest import add_woman, new_store, reopen, session_for


def _admit_when_released(folder: str, ipp: str, bed: str, start, results) -> None:
    store = reopen(__import__("pathlib").Path(folder))
    session = session_for(store, Role.CLERK)
    start.wait()
    try:
        adt.admit(session, ipp, unit="GHR", bed=bed)
        results.put("admitted")
    except DomainError as error:
        results.put(error.message)
    finally:
        store.close()


def test_concurrent_admissions_never_share_a_bed(tmp_path, built_kit):
    folder = tmp_path / "laptop"
    store = new_store(folder)
    kit.enrol(store, copy.deepcopy(built_kit), "laptop-1")
    clerk = session_for(store, Role.CLERK)
    context = multiprocessing.get_context("spawn")
    for round_number, bed in enumerate(["201", "202", "203A", "203B"]):
        ipps = [add_woman(clerk, birth_name=f"R{round_number}P{i}") for i in range(2)]
        start, results = context.Barrier(2), context.Queue()
        workers = [context.Process(target=_admit_when_released, args=(str(folder), ipp, bed, start, results)) for ipp in ipps]
        for w in workers:
            w.start()
        for w in workers:
            w.join(60)
        outcomes = sorted(results.get(timeout=120) for _ in workers)  # a hang guard only
        assert outcomes == ["Bed {bed} in {unit} is already occupied.", "admitted"]
    occupants = list(store.db.query("SELECT bed_id, count(*) AS n FROM stays WHERE status = 'active' GROUP BY bed_id"))
    assert all(o["n"] == 1 for o in occupants) and len(occupants) == 4
    store.close()
