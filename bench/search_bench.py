"""Latency of patient search as typed at the desk: name prefixes, two words, an IPP, a birth date."""

from __future__ import annotations

import json
import random
from collections.abc import Callable

from continuity.services import identity
from continuity.services.session import Session

from bench.baseline import IppLookup
from bench.common import NS_PER_MS, Comparison, Summary, timed_ns

TARGET_P95_MS = 20.0
WARMUP = 10
# The examples from the issue, always included so runs stay comparable whatever the seed draws.
FIXED = [("name prefix", "mar"), ("name prefix", "dup"), ("name prefix", "hél"), ("two words", "marie dub"), ("birth date", "1990-05-12")]


def _first_word(name: str | None) -> str:
    return (name or "").split()[0] if (name or "").split() else ""


def _prefix(row: dict) -> str:
    # Clerks type the start of the family name, in lower case, accents as they come.
    return _first_word(row["used_name"] or row["birth_name"])[:3].lower()


def _two_words(row: dict) -> str:
    # A first name and the start of the family name: 'marie dub'. Newborns just born have no first
    # name yet: an empty text makes queries() draw another patient.
    first = _first_word(" ".join(json.loads(row["first_names"] or "[]")))
    return f"{first.lower()} {_first_word(row['birth_name'])[:3].lower()}" if first else ""


def _birth_date(row: dict) -> str:
    # Both spellings the search accepts: ISO and the French DD/MM/YYYY.
    year, month, day = row["birth_date"].split("-")
    return row["birth_date"] if int(day) % 2 else f"{day}/{month}/{year}"


_KINDS: dict[str, Callable[[dict], str]] = {
    "name prefix": _prefix,
    "two words": _two_words,
    "ipp": lambda row: row["ipp"],
    "birth date": _birth_date,
}


def real_patients(session: Session) -> list[dict]:
    """Every active patient's names, birth date and IPP (the bench may read the store directly; the app may not)."""
    return list(
        session.store.db.query(
            "SELECT ipp, birth_name, used_name, first_names, birth_date FROM patients WHERE record_status = 'active' ORDER BY rowid"
        )
    )


def queries(patients: list[dict], count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(kind, text) pairs: the fixed examples, then queries built from patients drawn at random, evenly over the kinds."""
    drawn = list(FIXED)
    kinds = list(_KINDS)
    while len(drawn) < count:
        kind = kinds[len(drawn) % len(kinds)]
        text = _KINDS[kind](rng.choice(patients))
        if text:
            drawn.append((kind, text))
    rng.shuffle(drawn)
    return drawn


SLOWEST_SHOWN = 5


def run(session: Session, baseline: IppLookup, count: int, rng: random.Random) -> tuple[list[Comparison], list[dict]]:
    """One comparison over all queries, then one per kind of query (a mix of fast kinds can hide a
    slow one), and the slowest queries with their text, to see which searches miss."""
    patients = real_patients(session)
    plan = queries(patients, count, rng)
    # Warm up on the first queries (cold caches), then measure every query of the plan.
    for _kind, text in plan[:WARMUP]:
        identity.search(session, text)
        baseline.once(rng.choice(patients)["ipp"])
    by_kind: dict[str, list[int]] = {kind: [] for kind in _KINDS}
    every: list[int] = []
    baseline_ns: list[int] = []
    timed: list[tuple[int, str, str, int]] = []
    for kind, text in plan:
        took, rows = timed_ns(lambda: identity.search(session, text))
        timed.append((took, kind, text, len(rows)))
        # Interleaved, on a real IPP drawn from the same database: noise hits both series alike.
        baseline_ns.append(baseline.once(rng.choice(patients)["ipp"]))
        by_kind[kind].append(took)
        every.append(took)
    base_summary = Summary(baseline.label, baseline_ns)
    result = [Comparison("search (all queries)", Summary("identity.search", every), base_summary, TARGET_P95_MS)]
    for kind, samples in by_kind.items():
        if samples:
            result.append(Comparison(f"search: {kind}", Summary(f"identity.search ({kind})", samples), base_summary, TARGET_P95_MS))
    return result, _slowest(timed)


def _slowest(timed: list[tuple[int, str, str, int]]) -> list[dict]:
    """The slowest distinct queries (common prefixes such as 'mar' are drawn many times), worst time each."""
    worst: dict[str, tuple[int, str, str, int]] = {}
    for entry in sorted(timed, reverse=True):
        worst.setdefault(entry[2], entry)
    return [
        {"ms": round(took / NS_PER_MS, 3), "kind": kind, "query": text, "rows": found}
        for took, kind, text, found in list(worst.values())[:SLOWEST_SHOWN]
    ]
