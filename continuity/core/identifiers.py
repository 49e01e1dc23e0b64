"""French identifiers: downtime IPP/NDA ranges, INS (NIR/NIA) checks, INSEE place codes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from continuity.core.errors import DomainError

LOW_RANGE_FRACTION = 0.20
SHORT_ID_LENGTH = 10


def short_id(entity_id: str) -> str:
    """What people read and type: the last 10 hex digits (the random part) of a 32-digit id."""
    return entity_id[-SHORT_ID_LENGTH:]


class NumberKind:
    IPP = "ipp"
    NDA = "nda"
    ALL = ("ipp", "nda")


@dataclass(frozen=True)
class NumberRange:
    """A half-open block [start, end) of downtime numbers reserved for one laptop."""

    kind: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.kind not in NumberKind.ALL or self.start < 0 or self.end <= self.start:
            raise ValueError(f"invalid number range {self}")

    @property
    def size(self) -> int:
        return self.end - self.start

    def overlaps(self, other: NumberRange) -> bool:
        return self.kind == other.kind and self.start < other.end and other.start < self.end

    def remaining(self, next_value: int) -> int:
        return max(0, self.end - max(next_value, self.start))

    def is_low(self, next_value: int) -> bool:
        return self.remaining(next_value) < self.size * LOW_RANGE_FRACTION


def allocate_ranges(kind: str, first: int, block: int, count: int) -> list[NumberRange]:
    """Consecutive, non-overlapping blocks, one per laptop, in kit order."""
    if block <= 0 or count < 0 or first < 0:
        raise ValueError("block must be positive")
    return [NumberRange(kind, first + i * block, first + (i + 1) * block) for i in range(count)]


def take_number(number_range: NumberRange, next_value: int) -> int:
    """The number to hand out now; refuses cleanly when the block is used up."""
    value = max(next_value, number_range.start)
    if value >= number_range.end:
        raise DomainError(
            "This laptop has used all its reserved {kind} numbers ({start}-{end}). "
            "Ask IT for a new ward kit with a fresh range.",
            kind=number_range.kind.upper(),
            start=number_range.start,
            end=number_range.end - 1,
        )
    return value


_NIR = re.compile(r"^[12378]\d{2}(0[1-9]|1[0-2]|[2-9]\d)(\d{2}|2A|2B)\d{3}\d{3}\d{2}$")


def normalize_ins(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value).upper()


def validate_ins(value: str) -> str:
    """A NIR or NIA copied from a card: 13 characters plus a 2-digit key (mod 97)."""
    nir = normalize_ins(value)
    if not _NIR.match(nir):
        raise DomainError(
            "The INS must be 15 characters (13 plus a 2-digit key), as printed on the card.", field="ins"
        )
    body = nir[:13].replace("2A", "19").replace("2B", "18")
    if 97 - int(body) % 97 != int(nir[13:]):
        raise DomainError("The INS key does not match: check the number on the card.", field="ins")
    return nir


def ins_is_nia(nir: str) -> bool:
    """NIA (temporary numbers, e.g. people born abroad awaiting a NIR) start with 7 or 8."""
    return nir[0] in "78"


_INSEE_PLACE = re.compile(r"^(\d{5}|2[AB]\d{3})$")


def validate_birth_place(value: str) -> str:
    code = value.strip().upper()
    if not _INSEE_PLACE.match(code):
        raise DomainError(
            "The birth place must be an INSEE code of 5 characters (e.g. 75056, 2A004, 99100 abroad).",
            field="birth_place",
        )
    return code


def nir_key(body: str) -> str:
    """The 2-digit key of a 13-character NIR body (used to build valid demo numbers)."""
    numeric = body.upper().replace("2A", "19").replace("2B", "18")
    return f"{97 - int(numeric) % 97:02d}"
