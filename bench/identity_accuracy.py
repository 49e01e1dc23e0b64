"""Accuracy of the identity matcher on data whose true matches are known: every record is looked up
among all the others as a clerk's typing would be (blocking, then scoring); the pairs found are
compared with the true pairs. Beside it, the plain exact match (same folded names, same date) that
the first version did."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from continuity.core import identity_match
from continuity.core.text import name_tokens

from bench.identity_data import Record


@dataclass(frozen=True)
class Accuracy:
    records: int
    true_pairs: int
    found_pairs: int
    precision: float
    recall: float

    def as_dict(self) -> dict:
        return {"records": self.records, "true_pairs": self.true_pairs, "found_pairs": self.found_pairs,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4)}


def true_pairs(records: list[Record]) -> set[frozenset[str]]:
    clusters: dict[str, list[str]] = defaultdict(list)
    for record in records:
        clusters[record.cluster].append(record.traits.key)
    return {frozenset(pair) for keys in clusters.values() for pair in itertools.combinations(keys, 2)}


def _measure(records: list[Record], found: set[frozenset[str]]) -> Accuracy:
    truth = true_pairs(records)
    right = len(found & truth)
    return Accuracy(len(records), len(truth), len(found), right / len(found) if found else 1.0, right / len(truth) if truth else 1.0)


def matcher(records: list[Record], threshold: float = identity_match.THRESHOLD) -> Accuracy:
    index = identity_match.BlockIndex(r.traits for r in records)
    found = {frozenset((r.traits.key, c.key)) for r in records for c in index.candidates(r.traits, threshold)}
    return _measure(records, found)


def scan(records: list[Record], threshold: float = identity_match.THRESHOLD) -> Accuracy:
    """IT's duplicate scan over the whole set (its compound blocking keys, then the same scoring)."""
    from continuity.core import duplicate_scan

    return _measure(records, {frozenset((a, b)) for a, b, _verdict in duplicate_scan.scan([r.traits for r in records], threshold)})


def _exact_key(traits: identity_match.Traits) -> tuple:
    return (" ".join(name_tokens(traits.birth_name)), " ".join(name_tokens(*traits.first_names)), traits.birth_date)


def exact(records: list[Record]) -> Accuracy:
    """The baseline: same folded birth name, same folded first names, same birth date."""
    return _measure(records, _pairs_by(records, _exact_key))


def _pairs_by(records: list[Record], key: Callable[[identity_match.Traits], tuple]) -> set[frozenset[str]]:
    groups: dict[tuple, list[str]] = defaultdict(list)
    for record in records:
        groups[key(record.traits)].append(record.traits.key)
    return {frozenset(pair) for keys in groups.values() for pair in itertools.combinations(keys, 2)}
