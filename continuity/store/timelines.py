"""IT's workspace: stays whose times cannot all be true (each laptop checks what it types; bundles
from several laptops, and clocks set wrong, can still put a movement before the admission or a
birth after the discharge). Listed for IT's decision, never corrected here."""

from __future__ import annotations

import sqlite_utils

_ACTIVE = "s.status IN ('active', 'on_leave')"

# Each rule: a code, and the stays it finds with the two times that disagree. Stored times are all
# "YYYY-MM-DDTHH:MM:SSZ" (entry checks refuse any other shape), so text order is time order.
RULES: dict[str, str] = {
    "discharged_before_admitted": """SELECT s.nda, p.ipp, s.admitted_at AS first, s.discharged_at AS second FROM stays s
        JOIN patients p ON p.id = s.patient_id WHERE s.discharged_at IS NOT NULL AND s.discharged_at < s.admitted_at""",
    "movement_before_admission": """SELECT s.nda, p.ipp, s.admitted_at AS first, min(v.at) AS second FROM movements v
        JOIN stays s ON s.id = v.stay_id JOIN patients p ON p.id = s.patient_id
        WHERE v.cancelled = 0 AND v.at < s.admitted_at GROUP BY s.id""",
    "movement_after_discharge": """SELECT s.nda, p.ipp, s.discharged_at AS first, max(v.at) AS second FROM movements v
        JOIN stays s ON s.id = v.stay_id JOIN patients p ON p.id = s.patient_id
        WHERE v.cancelled = 0 AND s.discharged_at IS NOT NULL AND v.at > s.discharged_at GROUP BY s.id""",
    "birth_outside_mother_stay": """SELECT s.nda, p.ipp, s.admitted_at AS first, b.at AS second FROM births b
        JOIN stays s ON s.id = b.mother_stay_id JOIN patients p ON p.id = s.patient_id
        WHERE b.status = 'recorded' AND (b.at < s.admitted_at OR (s.discharged_at IS NOT NULL AND b.at > s.discharged_at))""",
    "newborn_admitted_before_birth": """SELECT s.nda, p.ipp, b.at AS first, s.admitted_at AS second FROM births b
        JOIN stays s ON s.id = b.newborn_stay_id JOIN patients p ON p.id = s.patient_id
        WHERE b.status = 'recorded' AND s.admitted_at < b.at""",
    "admitted_before_born": """SELECT s.nda, p.ipp, p.birth_date AS first, s.admitted_at AS second FROM stays s
        JOIN patients p ON p.id = s.patient_id WHERE p.birth_date IS NOT NULL AND substr(s.admitted_at, 1, 10) < p.birth_date""",
}


def impossible(db: sqlite_utils.Database, limit: int = 500) -> list[dict]:
    """Every stay caught by a rule: rule code, NDA, IPP and the two times (at most ``limit`` per rule)."""
    found = []
    for code, sql in RULES.items():
        for row in db.execute_returning_dicts(f"SELECT * FROM ({sql}) ORDER BY nda LIMIT ?", [limit]):
            found.append({"rule": code, **row})
    return found
