"""Fuzz: bundles with a valid signature and hostile content (unknown entities and fields, names built
as SQL, wrong types, huge values, extreme clock stamps, odd shapes). Every pass ends normally (0
crashes), each such bundle is applied or set aside with a reason, and an honest laptop's bundle
written after it still arrives (0 stalls). The database stays sound."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from continuity.core import hlc
from continuity.services import identity, sync
from continuity.store import replication
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops
from tests.test_sync_hostile import forge

NAMES = st.one_of(
    st.sampled_from(["birth_name", "used_name", "first_names", "sex", "birth_date", "record_status", "id", "search_names",
                     "created_at", "ipp", "status", "bed_id", "weight_g", "unit"]),
    st.text(min_size=0, max_size=60),
    st.just("birth_name] = 'x', [record_status"),
)
ENTITIES = st.one_of(st.sampled_from(["patient", "stay", "movement", "birth", "bed", "staff", "assignment"]),
                     st.text(max_size=30), st.just("patients; DROP TABLE journal"))
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers(min_value=-(1 << 70), max_value=1 << 70) | st.floats(allow_nan=False)
                           | st.text(max_size=50), lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=8)
VALUES = st.one_of(JSON_VALUES.map(json.dumps), st.text(max_size=40), st.just('"' + "x" * 25_000 + '"'), st.integers(), st.none())
NOW_MS = hlc.unpack(hlc.pack(1_790_000_000_000, 0))[0]
STAMPS = st.one_of(st.integers(min_value=1, max_value=(1 << 63) - 1), st.just((1 << 63) - 1), st.just(0), st.integers(max_value=-1),
                   st.builds(lambda ms, c: hlc.pack(ms, c), st.integers(0, 10**13), st.integers(0, 65535)))
ENTRIES = st.lists(st.tuples(STAMPS, ENTITIES, st.text(min_size=1, max_size=40), NAMES, VALUES, st.one_of(st.none(), STAMPS)),
                   min_size=1, max_size=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=ENTRIES)
def test_signed_but_hostile_bundles_never_crash_nor_stall_a_laptop(built_kit, raw):
    root = Path(tempfile.mkdtemp(prefix="sync-fuzz-"))
    try:
        writer, reader, honest = make_laptops(root, built_kit, 3)
        entries = [[0, 1, stamp, entity, entity_id, name, value, "fuzz", base] for stamp, entity, entity_id, name, value, base in raw]
        try:
            forge(writer, entries)
        except Exception:  # noqa: BLE001 - the sealing itself refuses some shapes: nothing to deliver then
            return
        ipp = add_woman(honest.session(), birth_name="Honnete")
        honest.sync()
        report = reader.sync()  # 0 crashes: the pass itself never raises
        assert report.folder_error is None
        assert identity.find_patient(reader.session(), ipp)  # 0 stalls: the honest laptop's bundle arrived
        applied = replication.applied(reader.store.db, writer.engine.device_id, 1) is not None
        set_aside = [q for q in sync.status(reader.session())["quarantined"] if q["device_id"] == writer.engine.device_id]
        assert applied or set_aside, "a bundle neither applied nor set aside"
        assert all(q["message"] for q in set_aside)
        assert reader.store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert identity.find_patient(reader.session(), ipp)["record_status"] == "active"  # the honest record untouched
        reader.sync()  # and a second pass is as calm
        for laptop in (writer, reader, honest):
            laptop.store.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
