"""Hybrid logical clock (Kulkarni et al.): orders changes across laptops whose clocks disagree.

A timestamp is one integer: milliseconds of wall time in the high bits, a logical counter in the
low 16 bits. It never goes backwards on one device, even when the wall clock does, and it moves
past any timestamp received from another device. Clinical time (when a birth happened) is a
separate field and is never derived from this clock.
"""

from __future__ import annotations

from datetime import datetime, timezone

COUNTER_BITS = 16
COUNTER_MASK = (1 << COUNTER_BITS) - 1


def pack(wall_ms: int, counter: int) -> int:
    return (wall_ms << COUNTER_BITS) | counter


def unpack(timestamp: int) -> tuple[int, int]:
    return timestamp >> COUNTER_BITS, timestamp & COUNTER_MASK


def tick(last: int, now_ms: int) -> int:
    """The timestamp of a local event, given the last one issued and the wall clock."""
    last_wall, last_counter = unpack(last)
    if now_ms > last_wall:
        return pack(now_ms, 0)
    if last_counter == COUNTER_MASK:
        # 65 536 events in one millisecond: borrow the next millisecond rather than overflow.
        return pack(last_wall + 1, 0)
    return pack(last_wall, last_counter + 1)


def receive(last: int, remote: int, now_ms: int) -> int:
    """The timestamp after seeing a remote event: later than both ``last`` and ``remote``."""
    return tick(max(last, remote), now_ms)


def wall_time(timestamp: int) -> datetime:
    wall_ms, _counter = unpack(timestamp)
    return datetime.fromtimestamp(wall_ms / 1000, tz=timezone.utc)

