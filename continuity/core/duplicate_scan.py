"""Every pair of records across the whole ward that may be one person (IT's reconciliation): the
identity matcher's scoring over pairs found by blocking on compound keys, so that 100 000 records
are scanned in seconds rather than compared two by two (5 * 10^9 pairs).

A pair is worth scoring when the two records share, on one side or the other:
- a surname sound and a name sound of the other (names get swapped) and the birth date, or a slip
  of it; or any name sound and the very birth date (a surname typed wrong enough to sound otherwise);
- two name sounds and the birth year give or take one (a date typed very wrong), or two name
  sounds when one has no birth date;
- the INS;
- the mother (newborns: the matcher tells twins from one baby registered twice).
A name sound alone (thousands of MARTIN) or a birth date alone never makes a pair: the matcher
would not reach its threshold on them either."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from itertools import combinations

from continuity.core.identity_match import (PLACEHOLDER_FIRST_NAMES, THRESHOLD, Candidate, Traits, _fold_words, _surname_words,
                                            date_variants, score)
from continuity.core.phonetic import phonetic_key

_MOST_SOUNDS = 6  # name words kept for the two-sound keys (15 pairs at most): a record with more is odd anyway


@lru_cache(maxsize=65536)
def _slips(day: date) -> tuple[date, ...]:
    """A date's slips, computed once per date (100 000 women share some 10 000 birth dates)."""
    return tuple(date_variants(day))


@lru_cache(maxsize=65536)
def _slip_set(day: date) -> frozenset[date]:
    return frozenset(_slips(day))


@lru_cache(maxsize=65536)
def _sound(word: str) -> str:
    return phonetic_key(word)


def _sounds(traits: Traits) -> tuple[set[str], set[str]]:
    """The phonetic keys of the surname words, and of every name word."""
    surnames = {k for n in (traits.birth_name, traits.used_name) for w in _surname_words(n) if (k := _sound(w))}
    words = _fold_words(traits.birth_name, traits.used_name, *traits.first_names, traits.used_first_name)
    every = {k for w in words if w not in PLACEHOLDER_FIRST_NAMES and (k := _sound(w))}
    return surnames, every | surnames


def _filed_keys(traits: Traits, surnames: set[str], every: set[str]) -> set[tuple]:
    keys: set[tuple] = set()
    born = traits.birth_date
    if born is not None:
        keys |= {("e", s, born) for s in every}
    pairs = list(combinations(sorted(every)[:_MOST_SOUNDS], 2))
    keys |= {("y", a, b, born.year if born else None) for a, b in pairs}
    if born is not None:
        keys |= {("y", a, b, "any") for a, b in pairs}  # found by the records that have no birth date
    if traits.ins:
        keys.add(("i", traits.ins))
    if traits.mother:
        keys.add(("m", traits.mother))
    return keys


def _looked_keys(traits: Traits, surnames: set[str], every: set[str]) -> Iterator[tuple]:
    born = traits.birth_date
    if born is not None:
        for sound in every:  # a surname typed wrong enough to sound otherwise: her first name and the very date
            yield ("e", sound, born)
    pairs = list(combinations(sorted(every)[:_MOST_SOUNDS], 2))
    for a, b in pairs:
        if born is None:
            yield ("y", a, b, "any")
            yield ("y", a, b, None)
        else:
            for year in (born.year - 1, born.year, born.year + 1):
                yield ("y", a, b, year)
            yield ("y", a, b, None)
    if traits.ins:
        yield ("i", traits.ins)
    if traits.mother:
        yield ("m", traits.mother)


def candidate_pairs(records: Iterable[Traits], looking_from: set[str] | None = None) -> Iterator[tuple[Traits, Traits]]:
    """Each pair worth scoring (the record of lower rank first; a pair may come twice). With
    ``looking_from``, only the pairs that hold one of these records (those new or changed since the
    last scan: the pairs between the others were scored then)."""
    records = list(records)
    filed: dict[tuple, list[int]] = defaultdict(list)
    # A name sound and the birth date: filed under every name word, looked up by the surnames only
    # (a first name typed as the surname on one side is still met), through the sound first, then
    # the date's slips, or the sound's few records when there are fewer of them than slips.
    by_sound: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    sounds = []
    for index, record in enumerate(records):
        surnames, every = _sounds(record)
        sounds.append((surnames, every))
        for key in _filed_keys(record, surnames, every):
            filed[key].append(index)
        if record.birth_date is not None:
            for sound in every:
                by_sound[sound][record.birth_date].append(index)
    for index, record in enumerate(records):
        if looking_from is not None and record.key not in looking_from:
            continue
        found: set[int] = set()
        born = record.birth_date
        if born is not None:
            slips = _slips(born)
            for sound in sounds[index][0] or sounds[index][1]:
                dates = by_sound.get(sound)
                if not dates:
                    continue
                if len(dates) < len(slips):
                    wanted = _slip_set(born)
                    for day, held in dates.items():
                        if day in wanted:
                            found.update(held)
                else:
                    for day in slips:
                        found.update(dates.get(day, ()))
        for key in _looked_keys(record, *sounds[index]):
            for other in filed.get(key, ()):
                found.add(other)
        found.discard(index)
        # Each pair is met from both sides (the keys are symmetric): kept from its first record's side,
        # or from the side that found it when only one did.
        for other in sorted(found):
            yield (record, records[other]) if index < other else (records[other], record)


def scan(records: Iterable[Traits], threshold: float = THRESHOLD,
         looking_from: set[str] | None = None) -> list[tuple[str, str, Candidate]]:
    """Every pair at or above ``threshold``: (lower key, higher key, the matcher's verdict), best first."""
    seen: set[tuple[str, str]] = set()
    found = []
    for a, b in candidate_pairs(records, looking_from):
        pair = (a.key, b.key) if a.key < b.key else (b.key, a.key)
        if pair in seen:
            continue
        seen.add(pair)
        verdict = score(a, b)
        if verdict.score >= threshold:
            found.append((pair[0], pair[1], verdict))
    found.sort(key=lambda item: (-item[2].score, item[0], item[1]))
    return found
