"""Building the demo ward: the database every other measurement runs against, and a figure of its own."""

from __future__ import annotations

from pathlib import Path

from continuity.services.demo import build_demo

from bench.common import NS_PER_MS, timed_ns

# The target: a 100 000-patient ward "well under a minute".
TARGET_S_PER_100K = 60.0


def build(folder: Path, patients: int) -> dict:
    took, info = timed_ns(lambda: build_demo(folder, patients=patients, rota_seconds=0))  # the rota is measured apart
    seconds = took / NS_PER_MS / 1000
    # Scaled to 100 000 patients for information only: fixed costs (kit, password hashes, name
    # pools) make small builds look slower per patient, so the verdict is given for 100 000+ only.
    per_100k = seconds * 100_000 / max(1, patients)
    return {
        "patients": info["patients"],
        "seconds": round(seconds, 3),
        "seconds_per_100k": round(per_100k, 3),
        "target_s_per_100k": TARGET_S_PER_100K,
        "verdict": ("PASS" if seconds < TARGET_S_PER_100K else "MISS") if patients >= 100_000 else None,
    }
