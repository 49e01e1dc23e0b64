"""Identity vigilance: who among the people already known may be the person being typed in, and why.

The matcher (core/identity_match.py) scores; this module finds the few records worth scoring among
100 000 (blocking on the phonetic keys, the birth date and its slips, the INS: store/patients.py),
words each reason in the user's language, and refuses to create a new identity over a candidate
unless the user said, candidate by candidate, that this is a different person (audited)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime

from continuity.core import identity_match
from continuity.core.errors import DomainError
from continuity.core.identity_match import Traits
from continuity.core.names import display_name
from continuity.core.times import from_storage
from continuity.i18n import N_, _
from continuity.store import patients as patient_store
from continuity.store import settings

SHOWN = 8  # candidates listed to the clerk, best first
OLDEST = date(1900, 1, 1)

REASONS = {
    "same_name": N_("same name"),
    "same_phonetic_name": N_("name that sounds the same"),
    "similar_name": N_("name spelt nearly the same"),
    "birth_used_crossed": N_("birth and used names crossed"),
    "names_swapped": N_("first and last names swapped"),
    "name_in_other_field": N_("a name typed in the other field"),
    "same_first_names": N_("same first names"),
    "first_names_other_order": N_("first names in another order"),
    "some_first_names": N_("some of her first names"),
    "similar_first_names": N_("first name spelt nearly the same"),
    "first_name_missing": N_("no first name to compare"),
    "same_birth_date": N_("same birth date"),
    "day_month_swapped": N_("birth date with day and month swapped"),
    "year_off_by_one": N_("birth year one off"),
    "one_digit_in_date": N_("birth date one digit off"),
    "digits_transposed_in_date": N_("birth date with two digits swapped"),
    "no_birth_date": N_("no birth date to compare"),
    "same_ins": N_("same INS"),
    "ins_almost_the_same": N_("INS one or two digits off"),
    "same_address": N_("same address"),
    "same_mother_and_birth_time": N_("same mother, same birth time"),
    "same_birth_time": N_("born the same minutes"),
    "other_name": N_("another name"),
    "other_first_names": N_("other first names"),
    "other_birth_date": N_("another birth date"),
    "other_sex": N_("another sex"),
    "other_ins": N_("another INS"),
    "twin": N_("a twin (same mother, another birth)"),
    "other_mother": N_("another mother"),
}


class PossibleDuplicate(DomainError):
    """A new identity refused because people already known may be her: ``candidates`` lists them
    (as possible_matches does). Creating it anyway needs each of their IPPs declared different."""

    def __init__(self, candidates: list[dict]) -> None:
        super().__init__("Already known here, perhaps: {who}. Choose her, or confirm that this is a different person.",
                         field="identity", who="; ".join(f"IPP {c['ipp']} {c['name']}" for c in candidates))
        self.candidates = candidates


def typed_traits(*, birth_name: str, used_name: str | None, first_names: list[str], birth_date: date | None,
                 sex: str | None = None, ins: str | None = None, used_first_name: str | None = None) -> Traits:
    return Traits(birth_name=birth_name or "", used_name=used_name or None, first_names=tuple(first_names), birth_date=birth_date,
                  sex=(sex or "").upper() or None, ins=ins or None, used_first_name=used_first_name or None)


def candidates_for(db, typed: Traits, *, exclude: Iterable[str] = ()) -> list[dict]:
    """People known here who may be ``typed``, best first, each with her score and reasons."""
    if not identity_match.worth_looking(typed):
        return []
    # The matcher's own blocking keys ("s:" sounds of every word, "d:" the date and its slips, "i:" the INS).
    blocks = identity_match.query_keys(typed)
    keys = sorted(k[2:] for k in blocks if k.startswith("s:"))
    today = date.today().isoformat()
    dates = sorted(d for k in blocks if k.startswith("d:") and OLDEST.isoformat() <= (d := k[2:]) <= today)
    skip = set(exclude)
    wanted = set(keys)
    found = []
    for row in patient_store.identity_candidates(db, phonetic_keys=keys, birth_dates=dates, ins=typed.ins):
        if row["id"] in skip:
            continue
        # Born on the day (or one slip away) but sharing no name sound with what was typed, nor the
        # INS: someone else, not worth scoring (hundreds such at 100 000 patients).
        if wanted and not wanted & set((row.get("phonetic_names") or "").split()) and not (typed.ins and row["ins"] == typed.ins):
            continue
        match = identity_match.score(typed, _traits(row))
        if match.score >= identity_match.THRESHOLD:
            found.append(_described(row, match))
    found.sort(key=lambda c: (-c["score"], c["ipp"]))
    return found[:SHOWN]


def _traits(row: dict) -> Traits:
    firsts = row["first_names"] if isinstance(row["first_names"], list) else json.loads(row["first_names"] or "[]")
    return Traits(
        birth_name=row["birth_name"] or "", used_name=row["used_name"], first_names=tuple(firsts),
        birth_date=date.fromisoformat(row["birth_date"]) if row["birth_date"] else None, sex=row["sex"], ins=row["ins"],
        used_first_name=row.get("used_first_name"), address=row.get("address"), mother=row.get("mother_id"),
        born_at=_moment(row.get("born_at")), twin_rank=row.get("twin_rank") if row.get("mother_id") else None, key=row["id"],
    )


def _moment(text: str | None) -> datetime | None:
    try:
        return from_storage(text) if text else None
    except ValueError:
        return None


def _described(row: dict, match: identity_match.Candidate) -> dict:
    return {
        "id": row["id"], "ipp": row["ipp"], "birth_name": row["birth_name"], "used_name": row["used_name"],
        "first_names": row["first_names"], "used_first_name": row.get("used_first_name"), "birth_date": row["birth_date"], "sex": row["sex"],
        "name": display_name(row["birth_name"], row["first_names"], row["used_name"], row.get("used_first_name")),
        "current_nda": row.get("current_nda"), "current_unit": row.get("current_unit"), "current_bed": row.get("current_bed"),
        "score": match.score,
        "reasons": [r.code for r in match.reasons],
        "against": [r.code for r in match.reasons if r.against],
        "why": ", ".join(_(REASONS.get(r.code, r.code)) for r in match.reasons),
    }


def check_not_known(db, typed: Traits, different_from: Iterable[str]) -> list[dict]:
    """Refuse (PossibleDuplicate) while a candidate was not declared a different person; returns the
    candidates declared, for the audit."""
    found = candidates_for(db, typed)
    declared = set(different_from)
    undeclared = [c for c in found if c["ipp"] not in declared]
    if undeclared:
        raise PossibleDuplicate(undeclared)
    return [{"ipp": c["ipp"], "score": c["score"], "reasons": c["reasons"]} for c in found]


ARRIVALS_PER_PASS = 200  # records from other laptops checked after one sync pass: a bulk import is checked over several
_CHECKED_KEY = "identity_checked_rowid"


def check_arrivals(store, user: str | None, limit: int = ARRIVALS_PER_PASS) -> int:
    """Look, for records registered on other laptops that arrived since the last look, for people
    known here who may be the same: the pairs are kept for sync status. Bounded per call; returns
    how many arrivals are left to look at."""
    db = store.db
    device = store.device()
    if device is None:
        return 0
    own = device["device_id"]
    after = int(settings.get(db, _CHECKED_KEY) or 0)
    arrivals = patient_store.arrivals_to_check(db, own, after, limit)
    if not arrivals:
        return 0
    pairs = []
    # The arrivals as the matcher sees them, in one query (active records only).
    for row in patient_store.identity_candidates(db, phonetic_keys=[], birth_dates=[], ins=None, ids=[a["id"] for a in arrivals]):
        for candidate in candidates_for(db, _traits(row), exclude=[row["id"]]):
            first, second = sorted((row["id"], candidate["id"]))
            pairs.append({"patient_id": first, "other_id": second, "score": candidate["score"], "reasons": candidate["reasons"]})
    with store.write(user) as tx:
        found_at = tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")
        patient_store.save_identity_pairs(db, [{**p, "found_at": found_at} for p in pairs])
        settings.put(db, _CHECKED_KEY, str(arrivals[-1]["rowid"]))
    return patient_store.count_arrivals_to_check(db, own, arrivals[-1]["rowid"])


def arrivals_pending(store) -> int:
    """Records from other laptops not looked at yet."""
    device = store.device()
    if device is None:
        return 0
    return patient_store.count_arrivals_to_check(store.db, device["device_id"], int(settings.get(store.db, _CHECKED_KEY) or 0))


def note_after_correction(db, patient_id: str, typed: Traits, found_at: str) -> list[dict]:
    """A corrected identity that may now be someone else known here (a rename into a namesake): not
    refused, a correction is no new person, but kept as a pair for sync status and returned for a
    warning."""
    found = candidates_for(db, typed, exclude=[patient_id])
    patient_store.save_identity_pairs(db, [{"patient_id": min(patient_id, c["id"]), "other_id": max(patient_id, c["id"]),
                                            "score": c["score"], "reasons": c["reasons"], "found_at": found_at} for c in found])
    return found


def probable_duplicates(db) -> list[dict]:
    """What sync status lists: each pair with both names, IPPs, birth dates and why."""
    return [{"ipp": p["ipp"], "other_ipp": p["other_ipp"], "birth_date": p["birth_date"], "other_birth_date": p["other_birth_date"],
             "name": display_name(p["birth_name"], p["first_names"], p["used_name"], p["used_first_name"]),
             "other_name": display_name(p["other_birth_name"], p["other_first_names"], p["other_used_name"], p["other_used_first_name"]),
             "score": p["score"], "reasons": p["reasons"], "why": ", ".join(_(REASONS.get(code, code)) for code in p["reasons"])}
            for p in patient_store.identity_pairs(db)]
