"""Any single edit, deletion, insertion or reordering of the audit chain is detected."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from continuity.core.audit_chain import GENESIS, entry_hash, verify_chain


def make_chain(n: int) -> list[dict]:
    chain, prev = [], GENESIS
    for seq in range(1, n + 1):
        entry = {"seq": seq, "at": f"2027-01-01T00:00:{seq % 60:02d}Z", "device_id": "d1", "user": "u",
                 "action": "patient.read", "entity": "patient", "entity_id": f"p{seq}", "outcome": "ok", "detail": "{}"}
        entry["prev_hash"] = prev
        entry["hash"] = prev = entry_hash(entry, prev)
        chain.append(entry)
    return chain


def verify(chain: list[dict], head: tuple[int, str]):
    return verify_chain(chain, *head)


@given(st.integers(min_value=1, max_value=30))
def test_an_untouched_chain_verifies(n):
    chain = make_chain(n)
    assert verify(chain, (n, chain[-1]["hash"])) is None


tamper = st.sampled_from(["edit", "delete", "insert", "reorder"])


@given(n=st.integers(min_value=2, max_value=30), data=st.data(), how=tamper)
def test_any_single_tampering_is_detected(n, data, how):
    chain = make_chain(n)
    head = (n, chain[-1]["hash"])
    i = data.draw(st.integers(min_value=0, max_value=n - 1))
    if how == "edit":
        field = data.draw(st.sampled_from(["at", "user", "action", "entity_id", "outcome", "detail"]))
        chain[i] = {**chain[i], field: str(chain[i][field]) + "x"}
    elif how == "delete":
        del chain[i]
    elif how == "insert":
        forged = {**chain[i], "entity_id": "forged"}
        chain.insert(i, forged)
    else:
        j = data.draw(st.integers(min_value=0, max_value=n - 1).filter(lambda j: j != i))
        chain[i], chain[j] = chain[j], chain[i]
    problem = verify(chain, head)
    assert problem is not None
    assert 1 <= problem.seq <= n + 1


def test_the_first_bad_entry_is_named():
    chain = make_chain(10)
    chain[6] = {**chain[6], "user": "intruder"}
    problem = verify(chain, (10, chain[-1]["hash"]))
    assert (problem.seq, problem.reason) == (7, "altered")


def test_a_rehashed_forgery_still_breaks_the_next_link():
    chain = make_chain(5)
    forged = {**chain[2], "user": "intruder"}
    forged["hash"] = entry_hash(forged, forged["prev_hash"])
    chain[2] = forged
    assert verify(chain, (5, chain[-1]["hash"])).seq == 4
