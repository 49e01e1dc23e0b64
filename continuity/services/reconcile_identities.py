"""IT after recovery: people registered twice across laptops, and the period's two-person sign-off.

The duplicate scan runs the identity matcher over every record of the ward (scored and explained,
as the clerk sees it while she types). IT merges a pair or marks it "different people". A merge
changes no record: both identities and their histories stay as they were, and the merge (who,
when, why, which survived) is a row of its own, so the exports send it (HL7 A40, FHIR
``Patient.link``) and undoing it is stamping that row, never deleting anything. The merged one's
numbers stay hers, and become aliases of the survivor in the exports.

The period is signed off by two people: one prepares (the state of the workspace is fingerprinted
then), another approves that very state; any later decision makes the approval stale."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from continuity.core import duplicate_scan
from continuity.core.errors import DomainError
from continuity.core.names import display_name
from continuity.core.patients import check_text
from continuity.core.text import person_key
from continuity.i18n import _
from continuity.services.reconcile import opened
from continuity.services.session import Session
from continuity.services.vigilance import REASONS, _traits
from continuity.store import enrolment as enrolment_store
from continuity.store import merges as merge_store
from continuity.store import numbers as number_store
from continuity.store import patients as patient_store
from continuity.store import replication, settings

_SCANNED = "duplicates_scanned_journal"  # the last journal sequence number per source the last scan had seen
STEPS = ("prepared", "approved")
FORCED_EXPORT = "forced_export"  # the sign-off row a forced export leaves (services/reconcile_export.py)


# -- the scan ---------------------------------------------------------------------------------------
def rescan(session: Session, *, whole: bool = False) -> int:
    """Look for duplicates among the records new or changed since the last scan (every record with
    ``whole``), against the whole ward; the pairs found are kept. Returns how many were found."""
    db = session.store.db
    seen = {} if whole else json.loads(settings.get(db, _SCANNED) or "{}")
    changed, marks = patient_store.changed_since(db, seen)
    if not changed and seen:
        return 0
    records = [_traits(row) for row in patient_store.matching_rows(db)]
    found = duplicate_scan.scan(records, looking_from=changed if seen else None)
    with session.store.write(session.user) as tx:
        at = tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")
        patient_store.save_identity_pairs(db, [{"patient_id": a, "other_id": b, "score": verdict.score,
                                                "reasons": [r.code for r in verdict.reasons], "found_at": at}
                                               for a, b, verdict in found])
        settings.put(db, _SCANNED, json.dumps(marks))
        tx.audit("reconcile.duplicate_scan", detail={"records": len(records), "looked_from": len(changed), "pairs": len(found)})
    return len(found)


def _open_pairs(db) -> list[dict]:
    """The pairs still to decide: neither merged away, not declared different, not merged together."""
    merged = merge_store.survivors(db)
    distinct = merge_store.distinct_pairs(db)
    pairs = []
    for pair in patient_store.identity_pair_rows(db):
        a, b = pair["patient_id"], pair["other_id"]
        if a in merged or b in merged or (a, b) in distinct:
            continue
        pairs.append(pair)
    return pairs


def pending_count(db) -> int:
    return len(_open_pairs(db))


def duplicates(folder: Path, it_passphrase: str, *, whole: bool = False) -> list[dict]:
    """Every pair still to decide, best first, both identities side by side with why they may be one."""
    with opened(folder, it_passphrase) as session:
        rescan(session, whole=whole)
        db = session.store.db
        pairs = _open_pairs(db)
        people = patient_store.described(db, sorted({p[k] for p in pairs for k in ("patient_id", "other_id")}))
        laptops = {d["device_id"]: d["name"] for d in enrolment_store.known_devices(db)}
        rows = []
        for pair in pairs:
            one, other = people.get(pair["patient_id"]), people.get(pair["other_id"])
            if one is None or other is None:
                continue
            rows.append({"score": pair["score"], "reasons": pair["reasons"],
                         "why": ", ".join(_(REASONS.get(code, code)) for code in pair["reasons"]),
                         "one": _person(one, laptops), "other": _person(other, laptops)})
        with session.store.write(session.user) as tx:
            tx.audit("reconcile.duplicates", detail={"pairs": len(rows)})
        return rows


def _person(row: dict, laptops: dict[str, str]) -> dict:
    return {"ipp": row["ipp"], "name": _name(row),
            "birth_name": row["birth_name"], "used_name": row["used_name"], "first_names": row["first_names"],
            "birth_date": row["birth_date"], "sex": row["sex"], "ins": row["ins"], "address": row["address"],
            "identity_status": row["identity_status"], "ndas": (row["ndas"] or "").split(),
            "laptop": laptops.get(row["created_device"], row["created_device"]), "created_at": row["created_at"]}


# -- IT's decisions -----------------------------------------------------------------------------------
def _reason(reason: str | None) -> str:
    text = (reason or "").strip()
    check_text(text, "reason", 500)
    if not text:
        raise DomainError("Say why.", field="reason")
    return text


def _patient(db, ipp: str, field: str) -> dict:
    row = patient_store.by_ipp(db, (ipp or "").strip())
    if row is None:
        raise DomainError("No patient has the IPP {ipp} in this workspace.", field=field, ipp=ipp)
    return row


def merge(folder: Path, it_passphrase: str, keep_ipp: str, merge_ipp: str, reason: str) -> dict:
    """``merge_ipp`` is the same person as ``keep_ipp``, who survives: both records and histories kept."""
    text = _reason(reason)
    with opened(folder, it_passphrase) as session:
        db = session.store.db
        keep, gone = _patient(db, keep_ipp, "keep"), _patient(db, merge_ipp, "merge")
        if keep["id"] == gone["id"]:
            raise DomainError("A record cannot be merged with itself.", field="merge")
        survivors = merge_store.survivors(db)
        for row, field in ((keep, "keep"), (gone, "merge")):
            if row["id"] in survivors:
                survivor = patient_store.by_id(db, survivors[row["id"]])
                raise DomainError("IPP {ipp} is already merged into IPP {survivor}.", field=field, ipp=row["ipp"],
                                  survivor=survivor["ipp"] if survivor else "?")
        if gone.get("number_source") == number_store.CENSUS and keep.get("number_source") != number_store.CENSUS:
            # The A40 would merge the main system's own record away into a downtime number.
            raise DomainError("IPP {merged} is the main system's own (loaded from its census): keep it, and merge IPP {kept} into it.",
                              field="keep", merged=gone["ipp"], kept=keep["ipp"])
        if _mother_and_child(db, survivors, keep["id"], gone["id"]):
            raise DomainError("IPP {ipp} and IPP {other} are a mother and the baby she gave birth to: two people.", field="merge",
                              ipp=keep["ipp"], other=gone["ipp"])
        if _pair(keep["id"], gone["id"]) in merge_store.distinct_pairs(db):
            raise DomainError("IPP {ipp} and IPP {other} were declared different people.", field="merge", ipp=keep["ipp"],
                              other=gone["ipp"])
        found = next((p for p in patient_store.identity_pair_rows(db) if (p["patient_id"], p["other_id"]) == _pair(keep["id"], gone["id"])),
                     None)
        with session.store.write(session.user) as tx:
            merge_id = merge_store.record_merge(db, {
                "survivor_id": keep["id"], "merged_id": gone["id"], "score": found["score"] if found else None,
                "reasons": found["reasons"] if found else [], "reason": text, "merged_by": session.user,
                "merged_at": tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")})
            tx.audit("reconcile.merge", "patient", gone["id"], detail={"merge": merge_id, "survivor": keep["id"],
                                                                       "score": found["score"] if found else None})
        return {"merge": merge_id, "kept": keep["ipp"], "merged": gone["ipp"], "aliases": [gone["ipp"]]}


def _mother_and_child(db, survivors: dict[str, str], one: str, other: str) -> bool:
    """Whether a birth links the two records, or records merged into them."""
    def person(record: str) -> str:
        return survivors.get(record, record)

    return any({person(newborn), person(mother)} == {one, other} for newborn, mother in merge_store.newborns_and_mothers(db))


def undo_merge(folder: Path, it_passphrase: str, merge_id: int, reason: str) -> dict:
    """The merge no longer holds: both records are two people again (the merge stays on record)."""
    text = _reason(reason)
    with opened(folder, it_passphrase) as session:
        db = session.store.db
        row = merge_store.find(db, merge_id)
        if row is None:
            raise DomainError("There is no merge number {merge}.", field="merge", merge=merge_id)
        if row["undone_at"]:
            raise DomainError("Merge number {merge} was already undone.", field="merge", merge=merge_id)
        with session.store.write(session.user) as tx:
            merge_store.stamp_undone(db, merge_id, session.user, tx.now.strftime("%Y-%m-%dT%H:%M:%SZ"), text)
            tx.audit("reconcile.unmerge", "patient", row["merged_id"], detail={"merge": merge_id})
        return {"merge": merge_id, "undone": True}


def distinct(folder: Path, it_passphrase: str, ipp: str, other_ipp: str, reason: str, *, undo: bool = False) -> dict:
    """Two records the matcher paired are two people: no longer listed. ``undo``: that declaration was
    a mistake, the pair is listed again (the declaration stays on record, stamped)."""
    text = _reason(reason)
    with opened(folder, it_passphrase) as session:
        db = session.store.db
        one, other = _patient(db, ipp, "ipp"), _patient(db, other_ipp, "other_ipp")
        if one["id"] == other["id"]:
            raise DomainError("Give two different IPPs.", field="other_ipp")
        pair = _pair(one["id"], other["id"])
        declared = pair in merge_store.distinct_pairs(db)
        with session.store.write(session.user) as tx:
            at = tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")
            if undo:
                if not declared:
                    raise DomainError("IPP {ipp} and IPP {other} are not declared different people.", field="other_ipp",
                                      ipp=one["ipp"], other=other["ipp"])
                merge_store.undo_distinct(db, pair, session.user, at, text)
                tx.audit("reconcile.distinct_undone", "patient", pair[0], detail={"other": pair[1]})
                return {"ipp": one["ipp"], "other_ipp": other["ipp"], "different": False}
            active = {(m["survivor_id"], m["merged_id"]) for m in merge_store.active(db)}
            if pair in active or pair[::-1] in active:
                raise DomainError("These two are merged: undo the merge first.", field="other_ipp")
            if declared:
                raise DomainError("IPP {ipp} and IPP {other} were declared different people.", field="other_ipp", ipp=one["ipp"],
                                  other=other["ipp"])
            merge_store.record_distinct(db, {"patient_id": pair[0], "other_id": pair[1], "reason": text, "decided_by": session.user,
                                             "decided_at": at})
            tx.audit("reconcile.distinct", "patient", pair[0], detail={"other": pair[1]})
        return {"ipp": one["ipp"], "other_ipp": other["ipp"], "different": True}


def declarations(folder: Path, it_passphrase: str) -> list[dict]:
    """The "different people" declarations in force (those taken back stay on record, not listed):
    both identities, the reason, who declared it and when; so that IT may take one back."""
    with opened(folder, it_passphrase) as session:
        db = session.store.db
        rows = [r for r in merge_store.distinct_rows(db) if r["undone_at"] is None]
        people = patient_store.described(db, sorted({r[k] for r in rows for k in ("patient_id", "other_id")}))
        found = []
        for row in rows:
            one, other = people.get(row["patient_id"]), people.get(row["other_id"])
            if one is None or other is None:
                continue
            found.append({"ipp": one["ipp"], "name": _name(one), "other_ipp": other["ipp"], "other_name": _name(other),
                          "reason": row["reason"], "by": row["decided_by"], "at": row["decided_at"]})
        with session.store.write(session.user) as tx:
            tx.audit("reconcile.declarations", detail={"declarations": len(found)})
        return found


def _name(row: dict) -> str:
    return display_name(row["birth_name"], row["first_names"], row["used_name"], row["used_first_name"])


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def merges(folder: Path, it_passphrase: str) -> list[dict]:
    """Every merge decided, undone ones included."""
    with opened(folder, it_passphrase) as session:
        rows = merge_store.every(session.store.db)
        with session.store.write(session.user) as tx:
            tx.audit("reconcile.merges", detail={"merges": len(rows)})
        return [{"merge": r["id"], "kept": r["survivor_ipp"], "merged": r["merged_ipp"], "reason": r["reason"], "by": r["merged_by"],
                 "at": r["merged_at"], "undone_at": r["undone_at"], "undo_reason": r["undo_reason"]} for r in rows]


# -- the period's two-person sign-off ----------------------------------------------------------------
def state_fingerprint(db) -> str:
    """What the sign-off covers: the data, the conflicts, merges, different people, mapped numbers
    and what was signed off. Any later decision changes it."""
    digest = hashlib.sha256(replication.state_hash(db).encode())
    # A forced export is no decision about the data: it is kept with the sign-offs, not in what is signed.
    decided = sorted(item for item in replication.signoffs(db) if item[1] != FORCED_EXPORT)
    for part in (merge_store.every(db), merge_store.distinct_rows(db), number_store.mapping(db, "ipp"), number_store.mapping(db, "nda"),
                 decided):
        digest.update(json.dumps(part, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def period_state(db) -> dict:
    """The last preparation and its approval, and whether they still hold for the workspace as it is."""
    rows = merge_store.period_signoffs(db)
    prepared = next((r for r in reversed(rows) if r["step"] == "prepared"), None)
    approved = None
    if prepared is not None:
        approved = next((r for r in rows if r["step"] == "approved" and r["id"] > prepared["id"] and r["state"] == prepared["state"]), None)
    # The fingerprint hashes the whole ward: only worth it once someone prepared the period.
    holds = prepared is not None and prepared["state"] == state_fingerprint(db)
    return {"prepared_by": prepared["person"] if prepared else None, "prepared_at": prepared["signed_at"] if prepared else None,
            "approved_by": approved["person"] if approved else None, "approved_at": approved["signed_at"] if approved else None,
            "current": holds, "signed_off": holds and approved is not None}


def sign_period(folder: Path, it_passphrase: str, step: str, person: str, note: str | None = None) -> dict:
    """``prepared``: who prepared the period (fingerprints it); ``approved``: someone else approves
    exactly that state."""
    if step not in STEPS:
        raise DomainError("Choose prepared or approved.", field="step")
    name = (person or "").strip()
    check_text(name, "person", 100)
    if not name:
        raise DomainError("Give the name of the person who signs.", field="person")
    remark = (note or "").strip()
    check_text(remark, "note", 500)
    with opened(folder, it_passphrase) as session:
        db = session.store.db
        state = state_fingerprint(db)
        if step == "approved":
            current = period_state(db)
            if current["prepared_by"] is None:
                raise DomainError("Nobody has prepared the period yet.", field="step")
            if not current["current"]:
                raise DomainError("The workspace changed since {person} prepared it: it must be prepared again.", field="step",
                                  person=current["prepared_by"])
            if person_key(current["prepared_by"]) == person_key(name):
                raise DomainError("The approval must come from someone other than {person}, who prepared it.", field="person",
                                  person=current["prepared_by"])
        with session.store.write(session.user) as tx:
            merge_store.record_period_signoff(db, {"step": step, "person": name, "state": state, "note": remark or None,
                                                   "signed_at": tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")})
            # The names are those of IT staff, not patients: the audit may carry them.
            tx.audit(f"reconcile.period_{step}", detail={"person": name, "state": state[:16]})
        return {"step": step, "person": name, **period_state(db)}
