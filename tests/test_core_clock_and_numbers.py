"""Hybrid logical clock and downtime number ranges: pure rules, property-tested."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from continuity.core import hlc
from continuity.core.errors import DomainError
from continuity.core.identifiers import NumberRange, allocate_ranges, nir_key, take_number, validate_ins

wall = st.integers(min_value=0, max_value=2**40)


@given(st.lists(wall, min_size=1, max_size=200))
def test_local_timestamps_strictly_increase_even_when_the_wall_clock_goes_back(readings):
    last = 0
    for now in readings:
        stamp = hlc.tick(last, now)
        assert stamp > last
        last = stamp


@given(st.lists(st.tuples(st.booleans(), wall, st.integers(min_value=0, max_value=2**56)), min_size=1, max_size=100))
def test_received_timestamps_move_the_clock_past_them(events):
    last = 0
    for is_remote, now, remote in events:
        stamp = hlc.receive(last, remote, now) if is_remote else hlc.tick(last, now)
        assert stamp > last
        if is_remote:
            assert stamp > remote
        last = stamp


def test_clock_stays_close_to_wall_time_and_counter_overflow_borrows_next_millisecond():
    assert hlc.unpack(hlc.tick(0, 5_000)) == (5_000, 0)
    saturated = hlc.pack(5_000, hlc.COUNTER_MASK)
    assert hlc.unpack(hlc.tick(saturated, 4_000)) == (5_001, 0)


@given(
    first=st.integers(min_value=1, max_value=10**9),
    block=st.integers(min_value=1, max_value=10**6),
    laptops=st.integers(min_value=1, max_value=60),
)
def test_ranges_of_different_laptops_never_overlap(first, block, laptops):
    ranges = allocate_ranges("ipp", first, block, laptops)
    for i, a in enumerate(ranges):
        for b in ranges[i + 1 :]:
            assert not a.overlaps(b)
    # The first and last number each laptop can hand out belong to no other laptop.
    owners = {}
    for index, r in enumerate(ranges):
        for number in {take_number(r, r.start), take_number(r, r.end - 1)}:
            assert owners.setdefault(number, index) == index


def test_range_is_low_under_twenty_percent_and_refuses_when_exhausted():
    block = NumberRange("nda", 100, 200)
    assert not block.is_low(180)
    assert block.is_low(181)
    assert take_number(block, 199) == 199
    with pytest.raises(DomainError, match="used all its reserved NDA numbers"):
        take_number(block, 200)


def test_ins_checks_the_key_and_accepts_corsica():
    body = "2900575056123"
    nir = body + nir_key(body)
    assert validate_ins(nir[:5] + " " + nir[5:]) == nir
    wrong = body + f"{(int(nir_key(body)) + 1) % 97:02d}"
    with pytest.raises(DomainError, match="key does not match"):
        validate_ins(wrong)
    corsica = "1850 52A004123"
    assert validate_ins(corsica.replace(" ", "") + nir_key("185052A004123")).startswith("185052A")
    with pytest.raises(DomainError, match="15 characters"):
        validate_ins("12345")
