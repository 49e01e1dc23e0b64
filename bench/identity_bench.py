"""Identity vigilance: how fast the candidates come while a clerk types, on the 100 000-patient ward
(target: p95 within 20 ms), and how accurate they are on data whose true matches are known."""

from __future__ import annotations

import json
import random
from datetime import date

from continuity.core.identity_match import Traits
from continuity.services import identity
from continuity.services.session import Session

from bench import identity_accuracy, identity_data
from bench.baseline import IppLookup
from bench.common import Comparison, Summary, timed_ns
from bench.identity_data import MISTAKES, mistaken
from bench.search_bench import real_patients

TARGET_P95_MS = 20.0
WARMUP = 10


def _typed(row: dict, rng: random.Random, fake) -> tuple[str, str | None, str, str]:
    """What a clerk types for a known patient, with one of the usual slips (or as it is)."""
    person = Traits(birth_name=row["birth_name"], used_name=row["used_name"], first_names=tuple(json.loads(row["first_names"] or "[]")),
                    birth_date=date.fromisoformat(row["birth_date"]), sex="F", key="q")
    if rng.random() < 0.8:
        person = mistaken(rng, fake, person, rng.choice(MISTAKES), "q")
    born = person.birth_date.strftime("%d/%m/%Y") if person.birth_date else ""
    return person.birth_name, person.used_name, " ".join(person.first_names), born


def typing(session: Session, baseline: IppLookup, count: int, rng: random.Random) -> Comparison:
    """possible_matches on what is typed for patients drawn at random, against a raw indexed lookup."""
    from faker import Faker

    fake = Faker("fr_FR")
    fake.seed_instance(rng.randrange(1 << 30))
    patients = real_patients(session)
    plan = [_typed(rng.choice(patients), rng, fake) for _ in range(count)]
    for typed in plan[:WARMUP]:
        identity.possible_matches(session, *typed)
        baseline.once(rng.choice(patients)["ipp"])
    service, base = [], []
    for typed in plan:
        service.append(timed_ns(lambda: identity.possible_matches(session, *typed))[0])
        base.append(baseline.once(rng.choice(patients)["ipp"]))
    return Comparison("identity candidates while typing", Summary("identity.possible_matches", service), Summary(baseline.label, base),
                      TARGET_P95_MS)


def accuracy(french_people: int = 2000) -> dict:
    """Precision and recall of the matcher and of the exact match, on each set."""
    sets = {"french": identity_data.french(french_people)}
    if identity_data.febrl_folder() is not None:
        sets.update({name: identity_data.febrl(name) for name in identity_data.FEBRL_SETS})
    found = {}
    for name, records in sets.items():
        found[name] = {"matcher": identity_accuracy.matcher(records).as_dict(), "exact": identity_accuracy.exact(records).as_dict(),
                       "scan": identity_accuracy.scan(records).as_dict()}
    return found


def report(figures: dict) -> list[str]:
    lines = ["identity matcher accuracy (every record looked up among all the others; target recall >= 0.95 at precision >= 0.9):"]
    for name, result in figures.items():
        m, e = result["matcher"], result["exact"]
        verdict = "PASS" if m["recall"] >= 0.95 and m["precision"] >= 0.9 else "MISS"
        lines.append(f"  {name:9s} {m['records']:6d} records, {m['true_pairs']:5d} true pairs: precision {m['precision']:.3f} "
                     f"recall {m['recall']:.3f}  (exact match: {e['precision']:.3f} / {e['recall']:.3f})  {verdict}")
        if "scan" in result:  # IT's whole-ward scan: its own blocking, the same scoring
            s = result["scan"]
            lines.append(f"  {'':9s} IT's duplicate scan: precision {s['precision']:.3f} recall {s['recall']:.3f} "
                         f"({s['recall'] / m['recall'] if m['recall'] else 0:.3f} of the matcher's recall)")
    return lines
