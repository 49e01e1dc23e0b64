"""The fast way of finding each field's value in force in an ordinary bundle (known entities, in
order, stamps never going back) gives what the entry-by-entry way gives, for any such bundle and
anything already held; and two writes of one field in one transaction leave the later one, on the
receiver as on the writer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from continuity.store import replication
from tests.conftest import add_woman
from tests.sync_helpers import make_laptops

_FIELDS = [("patient", "p1", "birth_name"), ("patient", "p1", "used_name"), ("patient", "p2", "birth_name"),
           ("stay", "s1", "reason"), ("movement", "m1", "unit")]
_DEVICES = ["laptop-a", "laptop-b", "laptop-c"]


@st.composite
def bundles(draw):
    count = draw(st.integers(1, 30))
    steps = draw(st.lists(st.integers(0, 2), min_size=count, max_size=count))  # stamps never go back
    stamps, stamp = [], 1000
    for step in steps:
        stamp += step
        stamps.append(stamp)
    entries = [(i + 1, 1, stamps[i], *draw(st.sampled_from(_FIELDS)), f'"v{i}"', "u", None) for i in range(count)]
    held = draw(st.dictionaries(st.sampled_from(_FIELDS),
                                st.tuples(st.integers(998, 1000 + 2 * count), st.sampled_from(_DEVICES), st.integers(1, 50)), max_size=5))
    tops = {key: (stamp, device, '"held"', seq) for key, (stamp, device, seq) in held.items()}
    writers = {key: {tops[key][1], *draw(st.sets(st.sampled_from(_DEVICES), max_size=2))} for key in tops}
    return entries, tops, writers, draw(st.sampled_from(_DEVICES))


@settings(max_examples=300, deadline=None)
@given(bundles())
def test_the_fast_way_and_the_entry_by_entry_way_agree(bundle):
    entries, tops, writers, device = bundle
    decoded = [e[6] for e in entries]
    keys = [tuple(e[3:6]) for e in entries]
    columns = tuple(zip(*entries))
    fast = replication._winners_in_order(device, columns, decoded, keys, tops, writers)
    slow = replication._winners(device, columns, decoded, keys, tops, writers)
    assert fast[0] == slow[0]  # the values in force
    assert fast[1] == slow[1]  # each entity's first entry
    assert fast[2] == slow[2]  # the fields contested by another laptop


def test_two_writes_of_one_field_in_one_transaction_leave_the_later_on_both_laptops(tmp_path, built_kit):
    one, two = make_laptops(tmp_path, built_kit, 2)
    ipp = add_woman(one.session(), birth_name="Première")
    patient_id = one.store.db.execute("SELECT id FROM patients WHERE ipp = ?", [ipp]).fetchone()[0]
    with one.store.write("cdurand") as tx:
        tx.set("patient", patient_id, {"used_name": "AVANT"})
        tx.set("patient", patient_id, {"used_name": "APRÈS"})
    one.sync()
    two.sync()
    for laptop in (one, two):
        assert laptop.store.db.execute("SELECT used_name FROM patients WHERE id = ?", [patient_id]).fetchone()[0] == "APRÈS"
    assert replication.state_hash(one.store.db) == replication.state_hash(two.store.db)
