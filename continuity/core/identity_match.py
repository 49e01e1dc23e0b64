"""Is this the same person? Record linkage for identity vigilance, pure and fast.

Practice (RNIV, record-linkage literature): *block* on keys that survive typos (a French phonetic
key of every name word, the birth date and its usual mistakes, the INS), then *score* the few
records found with string similarity (Jaro-Winkler) and date rules, and *explain* each candidate.
Never merge: a person decides. The same code serves the clerk while she types, sync status for
records arriving from other laptops, the accuracy benchmark and IT's reconciliation.

What it tolerates: accents and case, typos, birth and used names crossed, first and last names
swapped, first names in another order or missing, a birth date with one digit wrong, day and month
swapped or the year off by one, and newborns registered as "BÉBÉ X" (same mother, same birth time).
What keeps two people apart: twins (same mother, another rank or birth time), another sex, another
INS, another birth date with names that only look alike."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
from rapidfuzz.fuzz import token_set_ratio

from continuity.core.phonetic import phonetic_key
from continuity.core.text import name_tokens

# Placeholder first names of a newborn not yet named: worth nothing as a first name.
PLACEHOLDER_FIRST_NAMES = frozenset({"bebe", "bb", "nouveau", "ne", "nee", "nn", "x", "garcon", "fille", "enfant"})
THRESHOLD = 0.5  # a score at or above it is a candidate shown to the person deciding
NEWBORN_SAME_BIRTH_MINUTES = 5  # a newborn registered twice: the same birth, give or take the typing (twins come minutes apart)


@dataclass(frozen=True)
class Traits:
    """What is known of a person (any of it may be missing)."""

    birth_name: str = ""
    first_names: tuple[str, ...] = ()
    birth_date: date | None = None
    sex: str | None = None  # F, M or U
    used_name: str | None = None
    used_first_name: str | None = None
    ins: str | None = None
    address: str | None = None
    mother: str | None = None  # a newborn: her mother's record
    born_at: datetime | None = None  # a newborn: the birth time
    twin_rank: int | None = None
    key: str = ""  # the record this describes (an id), handed back with its candidates
    # Its folded, phonetic form, made once and kept with it (not in a global cache: that would hold
    # every person ever typed in a long-running window).
    _prepared: list = field(default_factory=list, init=False, compare=False, repr=False)


@dataclass(frozen=True)
class Reason:
    """Why a record is a candidate (or what speaks against it): a stable code, for the window and
    the audit to word in the user's language."""

    code: str
    against: bool = False


@dataclass(frozen=True)
class Candidate:
    key: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class _Prepared:
    traits: Traits
    surnames: tuple[str, ...]  # folded birth then used name, whole
    surname_words: frozenset[str]
    firsts: tuple[str, ...]  # folded first-name words, placeholders left out
    first_string: str
    keys: frozenset[str] = field(default_factory=frozenset)


def _fold_words(*parts: str | None) -> list[str]:
    return name_tokens(*(p for p in parts if p))


def _surname_words(name: str | None) -> list[str]:
    """A surname's words, "BÉBÉ" left out of a newborn's "BÉBÉ DUPONT"."""
    words = _fold_words(name)
    kept = [w for w in words if w not in ("bebe", "bb")]
    return kept or words


def _prepare(traits: Traits) -> _Prepared:
    if not traits._prepared:
        traits._prepared.append(_prepared(traits))
    return traits._prepared[0]


def _prepared(traits: Traits) -> _Prepared:
    surnames = tuple(" ".join(_surname_words(n)) for n in (traits.birth_name, traits.used_name) if _surname_words(n))
    words = frozenset(w for n in (traits.birth_name, traits.used_name) for w in _surname_words(n))
    firsts = tuple(w for w in _fold_words(*traits.first_names, traits.used_first_name) if w not in PLACEHOLDER_FIRST_NAMES)
    return _Prepared(traits, surnames, words, firsts, " ".join(firsts), frozenset(blocking_keys(traits)))


# -- blocking -------------------------------------------------------------------------------------------
def phonetic_words(*names: str | None) -> str:
    """The phonetic keys of every word of these names, as one text (what a laptop indexes for
    blocking: store/patients.py)."""
    return phonetic_of_words(_fold_words(*names))


def phonetic_of_words(words: Iterable[str]) -> str:
    """The same from names already split into folded words."""
    return " ".join(sorted({k for w in words if w not in PLACEHOLDER_FIRST_NAMES and (k := phonetic_key(w))}))


def blocking_keys(traits: Traits) -> set[str]:
    """The keys a record is filed under: a phonetic key per surname word, the birth date, the INS."""
    keys = {f"s:{k}" for n in (traits.birth_name, traits.used_name) for w in _surname_words(n) if (k := phonetic_key(w))}
    if traits.birth_date is not None:
        keys.add(f"d:{traits.birth_date.isoformat()}")
    if traits.ins:
        keys.add(f"i:{traits.ins}")
    return keys


def query_keys(traits: Traits) -> set[str]:
    """The keys to look up for a person being typed: every name word as a surname (first and last
    names get swapped), the birth date and its usual mistakes, the INS."""
    words = _fold_words(traits.birth_name, traits.used_name, *traits.first_names, traits.used_first_name)
    keys = {f"s:{k}" for w in words if w not in PLACEHOLDER_FIRST_NAMES and (k := phonetic_key(w))}
    if traits.birth_date is not None:
        keys |= {f"d:{d.isoformat()}" for d in date_variants(traits.birth_date)}
    if traits.ins:
        keys.add(f"i:{traits.ins}")
    return keys


def date_variants(day: date) -> set[date]:
    """The date and the dates a typing slip makes of it: one digit wrong, day and month swapped,
    the year off by one."""
    found = {day}
    text = day.strftime("%Y%m%d")
    for position in range(8):
        for digit in "0123456789":
            if digit != text[position]:
                found.update(_date(text[:position] + digit + text[position + 1:]))
    found.update(_date(f"{day.year:04d}{day.day:02d}{day.month:02d}"))
    for year in (day.year - 1, day.year + 1):
        found.update(_date(f"{year:04d}{day.month:02d}{day.day:02d}"))
    return found


def _date(text: str) -> list[date]:
    try:
        return [date(int(text[:4]), int(text[4:6]), int(text[6:]))]
    except ValueError:
        return []


# -- scoring --------------------------------------------------------------------------------------------
# Each trait agrees at some level or disagrees; each level weighs for or against (log2 of how much
# likelier it is between two records of one person than of two people: Fellegi and Sunter's model,
# the weights set by hand and checked on the FEBRL and French sets, bench/identity_accuracy.py).
# The score is the logistic of the sum.
WEIGHTS = {
    "same_name": 4.0, "same_phonetic_name": 3.0, "similar_name": 2.5, "other_name": -3.0,
    "same_first_names": 4.0, "first_names_other_order": 3.5, "some_first_names": 3.0, "similar_first_names": 2.5,
    "other_first_names": -3.0,
    "names_swapped": 7.0, "name_in_other_field": 1.5,
    "same_birth_date": 5.0, "day_month_swapped": 3.0, "year_off_by_one": 2.0, "one_digit_in_date": 1.5, "digits_transposed_in_date": 1.5,
    "other_birth_date": -6.0, "no_birth_date_names_agree": 2.0,
    "same_sex": 0.5, "other_sex": -5.0,
    "same_ins": 12.0, "ins_almost_the_same": 1.5, "other_ins": -6.0,
    "same_address": 3.0,
    "same_mother_and_birth_time": 8.0, "same_birth_time": 3.0, "twin": -12.0, "other_mother": -10.0,
}
_SHOWN_AS = {"no_birth_date_names_agree": "no_birth_date"}
OFFSET = 7.0  # the sum at which the score is one half
_ALIKE = 0.92  # Jaro-Winkler from which two names are alike (typos), and
_CLOSE = 0.86  # from which they are close (a typo in a short name)


def _similarity(a: str, b: str) -> float:
    return JaroWinkler.normalized_similarity(a, b) if a and b else 0.0


def _alike(a: str, b: str) -> bool:
    """A typo apart: one letter wrong, missing, doubled or two swapped in a name of five letters or
    more, else Jaro-Winkler high (Marie and Maria stay apart)."""
    if min(len(a), len(b)) >= 5 and DamerauLevenshtein.distance(a, b) <= 1:
        return True
    return _similarity(a, b) >= _ALIKE


def _surname_level(q: _Prepared, c: _Prepared) -> tuple[str | None, bool]:
    """How the surnames agree (None: one is unknown), and whether a birth name met a used name."""
    if not q.surnames or not c.surnames:
        return None, False
    best, crossed = 0.0, False
    for i, mine in enumerate(q.surnames):
        for j, theirs in enumerate(c.surnames):
            value = 1.0 if mine == theirs else max(_similarity(mine, theirs), _word_overlap(mine, theirs))
            if value > best:
                best, crossed = value, i != j
    if best == 1.0:
        return "same_name", crossed
    if _same_sound(q.surname_words, c.surname_words):
        return "same_phonetic_name", crossed
    if best >= _ALIKE or any(_alike(mine, theirs) for mine in q.surnames for theirs in c.surnames):
        return "similar_name", crossed
    return "other_name", False


def _word_overlap(a: str, b: str) -> float:
    """A compound name and one of its parts (MARTIN-DUPONT and DUPONT): alike, not the same."""
    mine, theirs = set(a.split()), set(b.split())
    return 0.93 if mine & theirs and (mine <= theirs or theirs <= mine) else 0.0


def _same_sound(mine: Iterable[str], theirs: Iterable[str]) -> bool:
    return bool({phonetic_key(w) for w in mine} & {phonetic_key(w) for w in theirs} - {""})


def _first_name_level(q: _Prepared, c: _Prepared) -> str | None:
    if not q.firsts or not c.firsts:
        return None
    if q.firsts == c.firsts:
        return "same_first_names"
    if sorted(q.firsts) == sorted(c.firsts):
        return "first_names_other_order"
    shorter, longer = (q.firsts, c.firsts) if len(q.firsts) <= len(c.firsts) else (c.firsts, q.firsts)
    if set(shorter) <= set(longer):
        return "some_first_names"
    alike = [any(_alike(w, other) for other in longer) for w in shorter]
    if all(alike) or _alike(q.firsts[0], c.firsts[0]):  # every one, or the first one, a typo apart
        return "similar_first_names"
    if _same_sound(shorter[:1], longer[:1]) and _similarity(shorter[0], longer[0]) >= _CLOSE:
        return "similar_first_names"
    return "other_first_names"


def _date_level(q: Traits, c: Traits) -> str | None:
    if q.birth_date is None or c.birth_date is None:
        return None
    a, b = q.birth_date, c.birth_date
    if a == b:
        return "same_birth_date"
    if (a.year, a.month, a.day) == (b.year, b.day, b.month):
        return "day_month_swapped"
    if (a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1:
        return "year_off_by_one"
    mine, theirs = a.strftime("%Y%m%d"), b.strftime("%Y%m%d")
    differ = [i for i, (x, y) in enumerate(zip(mine, theirs)) if x != y]
    if len(differ) == 1:
        return "one_digit_in_date"
    if len(differ) == 2 and differ[1] == differ[0] + 1 and mine[differ[0]] == theirs[differ[1]] and mine[differ[1]] == theirs[differ[0]]:
        return "digits_transposed_in_date"  # 13 typed for 31
    return "other_birth_date"


def _swapped(q: _Prepared, c: _Prepared) -> tuple[bool, bool]:
    """First and last names typed the other way round (against birth or used name): both ways, or
    one way only (one of the two names was also mistyped or left out)."""
    if not q.surnames or not c.surnames:
        return False, False
    one_way = bool(c.firsts) and any(_alike(mine.replace(" ", ""), c.first_string.replace(" ", "")) or mine in c.firsts for mine in q.surnames)
    other_way = bool(q.firsts) and any(_alike(q.first_string.replace(" ", ""), theirs.replace(" ", "")) or theirs in q.firsts for theirs in c.surnames)
    return one_way and other_way, one_way or other_way


def _newborn_level(q: Traits, c: Traits) -> str | None:
    """Two records of one newborn share her mother and her birth time; twins share the mother only."""
    if not q.mother or not c.mother:
        return None
    if q.mother != c.mother:
        # Two mothers' records: two babies, unless born the same minutes (the mother herself was
        # registered twice, on two laptops).
        close = q.born_at and c.born_at and abs((q.born_at - c.born_at).total_seconds()) <= NEWBORN_SAME_BIRTH_MINUTES * 60
        return "same_birth_time" if close else "other_mother"
    if q.twin_rank and c.twin_rank and q.twin_rank != c.twin_rank:
        return "twin"
    if q.born_at and c.born_at:
        minutes = abs((q.born_at - c.born_at).total_seconds()) / 60
        return "same_mother_and_birth_time" if minutes <= NEWBORN_SAME_BIRTH_MINUTES else "twin"
    return None


def _ins_level(q: Traits, c: Traits) -> str | None:
    if not q.ins or not c.ins:
        return None
    if q.ins == c.ins:
        return "same_ins"
    # Copied with a slip (FEBRL's own mistakes; a NIR's key catches most, not all): neither way.
    return "ins_almost_the_same" if DamerauLevenshtein.distance(q.ins, c.ins) <= 2 else "other_ins"


def score(query: Traits, candidate: Traits) -> Candidate:
    """How likely these two describe one person (0 to 1), and why: each trait's level, those that
    speak against marked so."""
    q, c = _prepare(query), _prepare(candidate)
    surname, crossed = _surname_level(q, c)
    first = _first_name_level(q, c)
    levels: list[str] = []
    swapped, partly = _swapped(q, c)
    if swapped and (surname in (None, "other_name") or first in (None, "other_first_names")):
        levels.append("names_swapped")
    elif partly and surname in (None, "other_name"):
        levels += ["name_in_other_field", *([first] if first and first != "other_first_names" else [])]
    else:
        levels += [level for level in (surname, first) if level]
        if crossed:
            levels.append("birth_used_crossed")
    born = _date_level(query, candidate)
    if born is None and surname not in (None, "other_name") and first not in (None, "other_first_names"):
        born = "no_birth_date_names_agree"  # names agree and nothing says otherwise: worth a look
    levels.append(born or "no_birth_date")
    if not q.firsts or not c.firsts:
        levels.append("first_name_missing")
    if query.sex in ("F", "M") and candidate.sex in ("F", "M"):
        levels.append("same_sex" if query.sex == candidate.sex else "other_sex")
    levels += [level for level in (_ins_level(query, candidate), _newborn_level(query, candidate)) if level]
    if query.address and candidate.address and token_set_ratio(query.address.lower(), candidate.address.lower()) >= 90:
        levels.append("same_address")
    total = sum(WEIGHTS.get(level, 0.0) for level in levels)
    value = 1 / (1 + 2 ** (OFFSET - total))
    reasons = tuple(Reason(_SHOWN_AS.get(level, level), against=WEIGHTS.get(level, 0.0) < 0) for level in levels if level != "same_sex")
    return Candidate(candidate.key, round(value, 3), reasons)


def worth_looking(query: Traits, threshold: float = THRESHOLD) -> bool:
    """Whether anyone could reach ``threshold`` against what is known of ``query`` (a surname alone,
    or a birth date alone, never does: nobody is looked for until there is more)."""
    q = _prepare(query)
    best = WEIGHTS["same_sex"] if query.sex in ("F", "M") else 0.0
    best += WEIGHTS["same_name"] if q.surnames else 0.0
    best += WEIGHTS["same_first_names"] if q.firsts else 0.0
    if query.birth_date is not None:
        best += WEIGHTS["same_birth_date"]
    elif q.surnames and q.firsts:
        best += WEIGHTS["no_birth_date_names_agree"]
    best += WEIGHTS["same_ins"] if query.ins else 0.0
    best += WEIGHTS["same_address"] if query.address else 0.0
    best += WEIGHTS["same_mother_and_birth_time"] if query.mother and query.born_at else 0.0
    return 1 / (1 + 2 ** (OFFSET - best)) >= threshold


def candidates(query: Traits, others: Iterable[Traits], threshold: float = THRESHOLD) -> list[Candidate]:
    """The records among ``others`` that may be the person, best first (never the record itself)."""
    found = [s for other in others if other.key != query.key or not query.key
             for s in [score(query, other)] if s.score >= threshold]
    return sorted(found, key=lambda c: (-c.score, c.key))


class BlockIndex:
    """Records filed under their blocking keys, in memory: for IT's reconciliation and the accuracy
    benchmark (the laptops keep the same keys in their database, store/patients.py)."""

    def __init__(self, records: Iterable[Traits] = ()) -> None:
        self._records: dict[str, Traits] = {}
        self._by_key: dict[str, set[str]] = {}
        for record in records:
            self.add(record)

    def add(self, record: Traits) -> None:
        self._records[record.key] = record
        for key in blocking_keys(record):
            self._by_key.setdefault(key, set()).add(record.key)

    def near(self, query: Traits) -> Iterator[Traits]:
        seen: set[str] = set()
        for key in query_keys(query):
            for found in self._by_key.get(key, ()):
                if found not in seen:
                    seen.add(found)
                    yield self._records[found]

    def candidates(self, query: Traits, threshold: float = THRESHOLD) -> list[Candidate]:
        return candidates(query, self.near(query), threshold)
