"""Latency of one admission through the real service, on the full demo database."""

from __future__ import annotations

import random
from datetime import timedelta
from zoneinfo import ZoneInfo

from continuity.services import adt, demo, ward
from continuity.services.session import Session

from bench.baseline import DurableCommit
from bench.common import Comparison, Summary, timed_ns

TARGET_P95_MS = 10.0
# The first calls pay for cold caches (SQLite pages, Python code paths): measured, not counted.
WARMUP = 10

_BIRTH_NAMES = ["Martin", "Dubois", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine", "Chevalier", "Mercier", "Hérault"]
_FIRST_NAMES = ["Marie", "Léa", "Camille", "Chloé", "Inès", "Manon", "Sarah", "Émilie", "Julie", "Anaïs"]


def free_beds(session: Session) -> list[tuple[str, str]]:
    """(unit, bed) of every open bed nobody occupies, as the bed board shows them."""
    return [(u["code"], b["bed"]) for u in ward.census(session)["units"] for b in u["beds"] if b["state"] == "free"]


def new_patients(session: Session, count: int, rng: random.Random) -> list[str]:
    """Patients with no current stay, registered through the service so they are ordinary rows (the
    invented namesakes declared different people, as a clerk would)."""
    return [demo.add_invented(session, birth_name=rng.choice(_BIRTH_NAMES), first_names=rng.choice(_FIRST_NAMES),
                              birth_date="1990-01-01", sex="F") for _ in range(count)]


def typed_time(session: Session, minutes_ago: int) -> str:
    """An admission time as a clerk types it ('YYYY-MM-DD HH:MM', local time), so admit parses it as in the app."""
    moment = session.store.now() - timedelta(minutes=minutes_ago)
    return moment.astimezone(ZoneInfo(session.timezone)).strftime("%Y-%m-%d %H:%M")


def run(session: Session, baseline: DurableCommit, admissions: int, rng: random.Random) -> Comparison:
    patients = new_patients(session, admissions + WARMUP, rng)
    beds = free_beds(session)
    if not beds:
        raise SystemExit("bench: the demo ward has no free bed to admit into")
    service_ns: list[int] = []
    baseline_ns: list[int] = []
    for index, ipp in enumerate(patients):
        unit, bed = beds[index % len(beds)]  # rotate over the free beds, as a real shift would
        at = typed_time(session, minutes_ago=5)
        took, outcome = timed_ns(lambda: adt.admit(session, ipp, unit=unit, bed=bed, at=at))
        # Free the bed again (not timed) so the next admission finds the ward as it was: at the very
        # time of the admission, as a bed holds one patient at a time and the next one comes at once.
        adt.discharge(session, outcome.values["nda"], at=at)
        # Interleaved with the admissions: disk and CPU noise hits both series alike.
        base = baseline.once()
        if index >= WARMUP:
            service_ns.append(took)
            baseline_ns.append(base)
    return Comparison(
        "admission",
        Summary("adt.admit", service_ns),
        Summary(baseline.label, baseline_ns),
        TARGET_P95_MS,
    )
