"""Property: whatever bundles are dropped, duplicated, reordered or copied under other names on the
way, and whichever laptop is restored from an older copy of its data folder, once all are delivered
every replica holds the same data and the same conflicts, and no change a user saw acknowledged is
lost."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from continuity.core.errors import DomainError
from continuity.core.permissions import Role
from continuity.services import adt, identity
from continuity.store import replication
from continuity.sync.engine import SyncReport
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops
from tests.test_sync_restore import backup
from tests.test_sync_restore import restore as restore_from

BEDS = [("GHR", "201"), ("GHR", "202"), ("SDC", "301"), ("SDC", "302")]
NAMES = ["Martin", "Bernard", "Petit", "Durand"]


class Ward(RuleBasedStateMachine):
    kit: dict = {}

    @initialize(count=st.integers(min_value=2, max_value=5))
    def start(self, count):
        self.tmp = Path(tempfile.mkdtemp(prefix="sync-prop-"))
        # Each replica reads its own copy of the folder: the test decides what reaches whom, when.
        self.laptops = []
        for index in range(count):
            laptop = make_laptops(self.tmp / f"r{index}", self.kit, index + 1, share=self.tmp / f"share{index}")[index]
            self.laptops.append(laptop)
        self.acknowledged: set[str] = set()  # ids of entities whose creation a user saw succeed
        self.snapshots: dict[int, Path] = {}  # laptop index -> an older copy of its data folder

    def teardown(self):
        for laptop in getattr(self, "laptops", []):
            laptop.store.close()
        shutil.rmtree(getattr(self, "tmp", "/nonexistent"), ignore_errors=True)

    def pick(self, data) -> int:
        return data.draw(st.integers(0, len(self.laptops) - 1))

    @rule(data=st.data(), name=st.sampled_from(NAMES))
    def register(self, data, name):
        laptop = self.laptops[self.pick(data)]
        ipp = add_woman(laptop.session(Role.CLERK), birth_name=name, first_names="Anne", birth_date="1990-01-01")
        self.acknowledged.add(identity.find_patient(laptop.session(Role.CLERK), ipp)["id"])

    @rule(data=st.data(), bed=st.sampled_from(BEDS))
    def admit(self, data, bed):
        laptop = self.laptops[self.pick(data)]
        patients = list(laptop.store.db.query("SELECT ipp FROM patients ORDER BY ipp"))
        if not patients:
            return
        ipp = data.draw(st.sampled_from(patients))["ipp"]
        try:
            outcome = adt.admit(laptop.session(Role.CLERK), ipp, unit=bed[0], bed=bed[1])
            self.acknowledged.update({outcome.values["stay_id"], outcome.values["movement_id"]})
        except DomainError:
            pass

    @rule(data=st.data(), bed=st.sampled_from(BEDS))
    def transfer_or_discharge(self, data, bed):
        laptop = self.laptops[self.pick(data)]
        stays = list(laptop.store.db.query("SELECT nda FROM stays WHERE status = 'active' ORDER BY nda"))
        if not stays:
            return
        nda = data.draw(st.sampled_from(stays))["nda"]
        try:
            if data.draw(st.booleans()):
                outcome = adt.transfer(laptop.session(Role.CLERK), nda, unit=bed[0], bed=bed[1])
            else:
                outcome = adt.discharge(laptop.session(Role.CLERK), nda)
            self.acknowledged.add(outcome.values["movement_id"])
        except DomainError:
            pass

    @rule(data=st.data(), used=st.sampled_from(["Dubois", "Moreau", "Roux", "Vidal", None]))
    def rename(self, data, used):
        laptop = self.laptops[self.pick(data)]
        patients = list(laptop.store.db.query("SELECT ipp FROM patients ORDER BY ipp"))
        if patients:
            ipp = data.draw(st.sampled_from(patients))["ipp"]
            identity.update_patient(laptop.session(Role.CLERK), ipp, used_name=used or "")

    @rule(data=st.data())
    def export(self, data):
        laptop = self.laptops[self.pick(data)]
        laptop.engine.export(SyncReport())

    @rule(data=st.data(), duplicate=st.booleans())
    def deliver_one(self, data, duplicate):
        """Copy one bundle (any number: out of order is allowed) from a writer to a reader."""
        writer, reader = self.laptops[self.pick(data)], self.laptops[self.pick(data)]
        if writer is reader:
            return
        files = sorted(writer.subfolder.glob("*.cbundle")) if writer.subfolder.exists() else []
        if not files:
            return
        source = data.draw(st.sampled_from(files))
        target = reader.engine.root / writer.subfolder.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(2 if duplicate else 1):
            shutil.copyfile(source, target)

    @rule(data=st.data(), style=st.sampled_from(["{n} - Copie.cbundle", "{n}.sync-conflict-20261130-012233-ABCDEFG.cbundle", "{n} (1).cbundle"]))
    def copy_under_another_name(self, data, style):
        """A replication tool's conflict copy, or a copy made by hand, beside the real file."""
        writer, reader = self.laptops[self.pick(data)], self.laptops[self.pick(data)]
        if writer is reader or not writer.subfolder.exists():
            return
        files = sorted(writer.subfolder.glob("[0-9]*[0-9].cbundle"))
        if files:
            source = data.draw(st.sampled_from(files))
            target = reader.engine.root / writer.subfolder.name / style.format(n=source.stem)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)

    @rule(data=st.data())
    def snapshot(self, data):
        """Tonight's copy of a laptop's data folder (a backup tool)."""
        index = self.pick(data)
        laptop = self.laptops[index]
        self.copies = getattr(self, "copies", 0) + 1
        where = self.tmp / f"snapshot{index}-{self.copies}"
        backup(laptop, where)
        self.snapshots[index] = where

    @rule(data=st.data())
    def restore(self, data):
        """A laptop that had sent its work dies; its data folder comes back from its last copy."""
        index = self.pick(data)
        if index not in self.snapshots:
            return
        self.laptops[index].engine.export(SyncReport())  # what it had typed was sent before it died
        self.laptops[index] = restore_from(self.laptops[index], self.snapshots.pop(index))

    @rule(data=st.data())
    def import_(self, data):
        laptop = self.laptops[self.pick(data)]
        report = SyncReport()
        laptop.engine.import_(report)
        # Honest files are never set aside, whatever their order; copies under other names are
        # only told for what they are.
        assert [q["reason"] for q in report.quarantined if q["reason"] != "duplicate_copy"] == []

    @invariant()
    def local_work_is_never_lost(self):
        for laptop in getattr(self, "laptops", []):
            laptop.store.db.execute("SELECT 1")  # the store stays usable at every step

    def teardown_check(self):
        # Deliver everything everywhere, then let every replica catch up.
        for _ in range(2):
            for writer in self.laptops:
                writer.engine.export(SyncReport())
            for writer in self.laptops:
                for reader in self.laptops:
                    if writer is not reader and writer.subfolder.exists():
                        for source in writer.subfolder.glob("[0-9]*[0-9].cbundle"):
                            target = reader.engine.root / writer.subfolder.name / source.name
                            target.parent.mkdir(parents=True, exist_ok=True)
                            shutil.copyfile(source, target)
            for reader in self.laptops:
                reader.engine.import_(SyncReport())
        for laptop in self.laptops:  # nothing but harmless copies was ever set aside
            reasons = {q["reason"] for q in replication.quarantine(laptop.store.db)}
            assert reasons <= {"duplicate_copy"}, reasons
        hashes = {laptop.state() for laptop in self.laptops}
        assert len(hashes) == 1, "replicas that applied the same bundles differ"
        for laptop in self.laptops:
            ids = {r[0] for r in laptop.store.db.execute("SELECT DISTINCT entity_id FROM journal")}
            assert self.acknowledged <= ids, "an acknowledged change is missing on a replica"
            assert replication.shared_beds(laptop.store.db) == replication.shared_beds(self.laptops[0].store.db)
            # Conflict records converge too (every losing value, the same value in force).
            assert _conflicts(laptop) == _conflicts(self.laptops[0])


def _conflicts(laptop) -> set[tuple]:
    return {(c["entity_id"], c["field"], c["loser_value"], c["loser_device"], c["loser_hlc"], c["winner_value"])
            for c in replication.conflicts(laptop.store.db)}


@pytest.fixture
def ward_machine(built_kit):
    Ward.kit = built_kit

    class Checked(Ward):
        def teardown(self):
            try:
                if getattr(self, "laptops", None):
                    self.teardown_check()
            finally:
                Ward.teardown(self)

    return Checked


def test_replicas_converge_whatever_the_delivery_order(ward_machine):
    from hypothesis.stateful import run_state_machine_as_test

    run_state_machine_as_test(
        ward_machine,
        settings=settings(max_examples=30, stateful_step_count=30, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]),
    )
