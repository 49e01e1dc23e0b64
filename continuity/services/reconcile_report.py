"""The downtime period's report (IT, after recovery), the basis of the after-action review: the
period and the ward, what happened per unit and per day, beds occupied over time, conflicts and how
they were settled, duplicates, what was signed off and why, numbers mapped, the period's sign-off,
who did what, and how complete each laptop's data is. PDF or HTML by the file's suffix; the data
alone as JSON."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from continuity.core import hlc
from continuity.core import period_activity as activity
from continuity.core.errors import DomainError
from continuity.core.names import display_name
from continuity.core.times import from_storage
from continuity.i18n import current_language
from continuity.interop import export_files
from continuity.reconcile import workspace as workspaces
from continuity.services import sync as sync_service
from continuity.services.reconcile import _session, _status, problems_in
from continuity.services.session import Session
from continuity.store import enrolment as enrolment_store
from continuity.store import merges as merge_store
from continuity.store import numbers as number_store
from continuity.store import period_report as store

FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html"}
UNMAPPED_LISTED = 500  # more than this are counted, not listed: the report stays printable


def report(folder: Path, it_passphrase: str, out: Path) -> dict:
    """Gather the period's report from the workspace and write it to ``out`` (.pdf or .html)."""
    out = Path(out)
    kind = FORMATS.get(out.suffix.lower())
    if kind is None:
        raise DomainError("Write the report to a .pdf or .html file (not {name}).", field="out", name=out.name)
    export_files.outside(out, folder)
    space = workspaces.open_workspace(folder, it_passphrase)
    try:
        session = _session(space.store)
        data = gather(session)
        _audit(session, data, kind)
    finally:
        space.store.close()
    _write_atomically(out, render(data, kind))
    return {**data, "out": str(out), "format": kind}


def render(data: dict, kind: str) -> bytes:
    if kind == "pdf":
        from continuity.documents.period_report_pdf import write_pdf

        return write_pdf(data)
    from continuity.documents.period_report_html import write_html

    return write_html(data).encode("utf-8")


def _write_atomically(out: Path, content: bytes) -> None:
    """Written whole under a temporary name in the same folder, flushed, then renamed: nobody ever
    opens half a report, and an earlier one stays whole if writing fails."""
    if out.is_dir():
        raise DomainError("{path} is a folder: give a file name ending in .pdf or .html.", field="out", path=str(out))
    export_files.write_whole(out, content)


def _audit(session: Session, data: dict, kind: str) -> None:
    """The read of the whole period's patient data, counted (never a name)."""
    with session.store.write(session.user) as tx:
        tx.audit("reconcile.report", detail={"format": kind, "conflicts": len(data["conflicts"]), "merges": len(data["merges"]),
                                             "distinct": len(data["distinct"]), "signoffs": len(data["signoffs"]),
                                             "laptops": len(data["laptops"]), **data["counts"]["totals"]})


def gather(session: Session) -> dict:
    """Everything the report shows, as plain data (JSON-ready: times are UTC ISO strings)."""
    db = session.store.db
    ward = store.ward(db)
    units = store.units(db)
    codes = [u["code"] for u in units]
    movements = store.movements(db)
    births = store.births(db)
    found, cancelled = activity.events(movements, births)
    counts = {**activity.counts(found, codes, ward["timezone"]), "cancelled_movements": cancelled}
    status = _status(session)
    laptop_names = {d["device_id"]: d["name"] for d in enrolment_store.known_devices(db)}
    laptop_names[ward["device_id"]] = workspaces.WORKSPACE_DEVICE_NAME
    changes = store.changes_by_laptop_and_user(db)
    first, last = _period(movements, births, changes, ward["device_id"])
    occupancy = None
    if first is not None:
        occupancy = activity.occupancy(activity.bed_stretches(movements), store.bed_units(db), codes, first, last)
    return {
        "language": current_language(),
        "ward": {"id": ward["id"], "name": ward["name"], "timezone": ward["timezone"]},
        "generated_at": session.store.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
        "generated_by": session.user,
        "period": {"first": _iso(first), "last": _iso(last), "empty": first is None},
        "units": [{"code": u["code"], "name": u["name"], "beds": u["beds"]} for u in units],
        "counts": counts,
        "occupancy": occupancy,
        "conflicts": _conflicts(session, laptop_names, ward["device_id"]),
        "merges": _merges(db),
        "distinct": _distinct(db),
        "problems": problems_in(db),
        **_signoffs(db, laptop_names),
        "numbers": _numbers(db),
        "period_signoff": merge_store.period_signoffs(db),
        **_who_did_what(db, changes, laptop_names),
        "laptops": status["laptops"],
        "blocking": status["blocking"],
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _period(movements: list[dict], births: list[dict], changes: list[dict], workspace_device: str) -> tuple:
    """First and last activity: the clinical times of movements and births, and when the laptops'
    changes were typed (IT's own decisions in the workspace are not the ward's activity)."""
    moments = [from_storage(m["at"]) for m in movements if m["at"]] + [from_storage(b["at"]) for b in births if b["at"]]
    for row in changes:
        if row["device_id"] != workspace_device:
            moments += [hlc.wall_time(row["first_hlc"]), hlc.wall_time(row["last_hlc"])]
    return (min(moments), max(moments)) if moments else (None, None)


def _name(patient: dict | None) -> str:
    if patient is None:
        return ""
    firsts = json.loads(patient["first_names"] or "[]") if isinstance(patient["first_names"], str) else patient["first_names"]
    return display_name(patient["birth_name"], firsts, patient["used_name"], patient.get("used_first_name"))


def _conflicts(session: Session, laptop_names: dict[str, str], workspace_device: str) -> list[dict]:
    """Each conflict with what was kept and what was set aside, by whom and when."""
    db = session.store.db
    rows = []
    for conflict in store.conflicts(db):
        shown = sync_service._conflict_row(session, conflict, laptop_names)
        status = conflict["status"]
        if status == "resolved:loser":
            kept, set_aside = shown["other"], sync_service._readable(store.value_set_aside(db, conflict, workspace_device))
            outcome = "other_brought_back"
        elif status == "resolved:winner":
            kept, set_aside, outcome = shown["in_force"], shown["other"], "in_force_kept"
        elif status == "acknowledged":
            kept, set_aside, outcome = shown["in_force"], shown["other"], "acknowledged"
        elif not conflict["live"]:
            kept, set_aside, outcome = shown["in_force"], shown["other"], "settled_by_later_edit"
        else:
            kept, set_aside, outcome = shown["in_force"], shown["other"], "open"
        rows.append({"id": conflict["id"], "subject": shown["subject"], "field": shown["field_label"], "outcome": outcome,
                     "kept": kept, "set_aside": set_aside, "in_force_from": shown["in_force_from"], "other_from": shown["other_from"],
                     "detected_at": conflict["detected_at"], "decided_by": conflict["closed_by"], "decided_at": conflict["closed_at"]})
    return rows


def _merges(db) -> list[dict]:
    merges = merge_store.every(db)
    people = store.patients(db, [m["survivor_id"] for m in merges] + [m["merged_id"] for m in merges])
    return [{"id": m["id"], "survivor_ipp": m["survivor_ipp"], "survivor": _name(people.get(m["survivor_id"])),
             "merged_ipp": m["merged_ipp"], "merged": _name(people.get(m["merged_id"])), "score": m["score"],
             "reason": m["reason"], "merged_by": m["merged_by"], "merged_at": m["merged_at"], "undone_by": m["undone_by"],
             "undone_at": m["undone_at"], "undo_reason": m["undo_reason"]} for m in merges]


def _distinct(db) -> list[dict]:
    pairs = merge_store.distinct_rows(db)
    people = store.patients(db, [p["patient_id"] for p in pairs] + [p["other_id"] for p in pairs])
    rows = []
    for pair in pairs:
        one, other = people.get(pair["patient_id"]), people.get(pair["other_id"])
        rows.append({"ipp": one["ipp"] if one else None, "name": _name(one), "other_ipp": other["ipp"] if other else None,
                     "other": _name(other), "reason": pair["reason"], "decided_by": pair["decided_by"], "decided_at": pair["decided_at"],
                     "undone_by": pair.get("undone_by"), "undone_at": pair.get("undone_at"), "undo_reason": pair.get("undo_reason")})
    return rows


def _signoffs(db, laptop_names: dict[str, str]) -> dict:
    """Gaps and forks signed off, and forced exports, each with its reason."""
    signed, forced = [], []
    for row in store.signoffs(db):
        try:
            detail = json.loads(row["detail"] or "{}")
        except ValueError:
            detail = {}
        common = {"reason": row["reason"], "signed_by": row["signed_by"], "signed_at": row["signed_at"]}
        if row["kind"] == "forced_export":
            forced.append({"format": detail.get("format"), "blocking": len(detail.get("blocking") or []), **common})
        else:
            signed.append({"laptop": laptop_names.get(row["device_id"], row["device_id"]), "kind": row["kind"],
                           "bundles": detail.get("bundles"), "count": detail.get("count"), **common})
    return {"signoffs": signed, "forced_exports": forced}


def _numbers(db) -> dict:
    result = {}
    for kind in ("ipp", "nda"):
        known = number_store.downtime_numbers(db, kind)
        mapped = set(number_store.mapping(db, kind)) & known
        unmapped = sorted(known - mapped)
        result[kind] = {"downtime": len(known), "mapped": len(mapped), "unmapped": len(unmapped),
                        "unmapped_listed": unmapped[:UNMAPPED_LISTED]}
    return result


def _who_did_what(db, changes: list[dict], laptop_names: dict[str, str]) -> dict:
    """Per user: changes and transactions, on which laptops; per laptop: bundles and changes. Counts only."""
    names = store.user_names(db)
    bundles = store.bundles_by_laptop(db)
    users: dict[str, dict] = {}
    laptops: dict[str, dict] = {}
    for row in changes:
        user = row["user"] or ""
        laptop = laptop_names.get(row["device_id"], row["device_id"])
        entry = users.setdefault(user, {"user": user, "name": names.get(user, user), "changes": 0, "transactions": 0, "laptops": []})
        entry["changes"] += row["changes"]
        entry["transactions"] += row["transactions"]
        if laptop not in entry["laptops"]:
            entry["laptops"] = sorted([*entry["laptops"], laptop])
        device = laptops.setdefault(row["device_id"], {"laptop": laptop, "bundles": 0, "changes": 0, "users": 0})
        device["changes"] += row["changes"]
        device["users"] += 1
    for device_id, device in laptops.items():
        device["bundles"] = (bundles.get(device_id) or {}).get("bundles", 0)
    return {"users": sorted(users.values(), key=lambda u: (-u["changes"], u["user"])),
            "laptop_activity": sorted(laptops.values(), key=lambda d: d["laptop"])}
