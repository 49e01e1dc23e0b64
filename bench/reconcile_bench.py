"""IT's reconciliation at scale: a workspace opened and every writer laptop's bundles reconciled into
it (beside a laptop's own import of the same bundles, measured in the same run), the duplicate scan
of the whole demo ward (beside the laptops' own one-record check, per record, times the records),
and the exports (HL7 messages, FHIR resources, CSV rows per second, beside the CSV writer)."""

from __future__ import annotations

import random
import time
from pathlib import Path

from continuity.core import duplicate_scan
from continuity.services import kit, reconcile, reconcile_export
from continuity.services.vigilance import _traits, candidates_for
from continuity.store import patients as patient_store
from continuity.store.tx import Store

from bench import laptops

KIT_PASSPHRASE = "bench: quatre chevaux galopent dans la brume"
IT_PASSPHRASE = "bench: le serveur ronronne sous la pluie fine"
TARGET_RECONCILE_S = 20.0


def _timed(work):
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def workspace(root: Path, built: dict, share: Path, laptop_import_s: float) -> dict:
    """``reconcile open`` then ``reconcile add`` of the share, then each export."""
    kit_path = root / "it" / "ward.kit"
    kit.write_kit(built, laptops.IT_KEYS[built["kit_id"]], kit_path, KIT_PASSPHRASE, IT_PASSPHRASE)
    space = root / "workspace"
    opened_s, _ = _timed(lambda: reconcile.open_new(space, kit_path, KIT_PASSPHRASE, kit_path.with_name("ward.kit.itkey"),
                                                    IT_PASSPHRASE))
    added_s, added = _timed(lambda: reconcile.add(space, IT_PASSPHRASE, [share]))
    total = opened_s + added_s
    status = added["status"]
    exports = {}
    for kind, out in (("csv", root / "export-csv"), ("hl7", root / "export-hl7"), ("fhir", root / "export.json")):
        took, result = _timed(lambda kind=kind, out=out: reconcile_export.export(space, IT_PASSPHRASE, kind, out, force=True,
                                                                                reason="bench"))
        rows = result["rows"]
        items = {"hl7": lambda: rows["messages"], "fhir": lambda: rows["patients"] + rows["encounters"] + rows["related_persons"],
                 "csv": lambda: sum(rows.values())}[kind]()
        exports[kind] = {"seconds": round(took, 3), "items": items, "per_s": round(items / took) if took else None}
    csv_rate = exports["csv"]["per_s"] or 1
    for kind in ("hl7", "fhir"):
        exports[kind]["vs_csv_rows"] = round(csv_rate / exports[kind]["per_s"], 2) if exports[kind]["per_s"] else None
    return {"laptops": len(status["laptops"]) - 1, "changes": added["imported_entries"], "bundles": added["imported_bundles"],
            "patients": status["counts"]["patients"], "open_s": round(opened_s, 3), "add_s": round(added_s, 3),
            "total_s": round(total, 3), "laptop_import_s": laptop_import_s,
            "vs_laptop_import": round(total / laptop_import_s, 2) if laptop_import_s else None,
            "target_s": TARGET_RECONCILE_S, "verdict": "PASS" if total < TARGET_RECONCILE_S else "MISS",
            "blocking": len(status["blocking"]), "duplicates": status["duplicates"], "exports": exports}


def duplicate_scan_of(store: Store, rng: random.Random, sample: int = 300) -> dict:
    """The scan over every patient of the ward, beside the laptops' own check of one record (the
    indexed look-up the clerk's typing runs) times the number of records."""
    load_s, rows = _timed(lambda: patient_store.matching_rows(store.db))
    records = [_traits(row) for row in rows]
    scan_s, found = _timed(lambda: duplicate_scan.scan(records))
    picked = rng.sample(records, min(sample, len(records)))
    one_by_one_s, _ = _timed(lambda: [candidates_for(store.db, record, exclude=[record.key]) for record in picked])
    per_record = one_by_one_s / len(picked) if picked else 0.0
    one_by_one_all = per_record * len(records)
    return {"patients": len(records), "load_s": round(load_s, 3), "scan_s": round(scan_s, 3), "pairs": len(found),
            "records_per_s": round(len(records) / scan_s) if scan_s else None,
            "one_by_one_s_estimated": round(one_by_one_all, 1), "vs_one_by_one": round(scan_s / one_by_one_all, 3) if one_by_one_all else None}


def report(result: dict) -> list[str]:
    lines = []
    work = result.get("workspace")
    if work:
        lines += [
            f"reconciliation: {work['laptops']} laptops, {work['bundles']} bundles, {work['changes']} changes, {work['patients']} patients:",
            f"  open {work['open_s']:.2f} s + add {work['add_s']:.2f} s = {work['total_s']:.2f} s  target < {work['target_s']:.0f} s "
            f"{work['verdict']}; a laptop's own import of the same bundles {work['laptop_import_s']:.2f} s "
            f"(reconcile is {work['vs_laptop_import']}x that)",
        ]
        for kind, figures in work["exports"].items():
            unit = {"csv": "rows", "hl7": "messages", "fhir": "resources"}[kind]
            extra = f" ({figures['vs_csv_rows']}x slower per item than the CSV)" if figures.get("vs_csv_rows") else ""
            lines.append(f"  export {kind:<4} {figures['items']:>8} {unit:<9} in {figures['seconds']:7.2f} s = {figures['per_s']} {unit}/s{extra}")
    scan = result.get("duplicates")
    if scan:
        lines += [f"duplicate scan of {scan['patients']} patients: {scan['scan_s']:.2f} s ({scan['records_per_s']} records/s, "
                  f"{scan['pairs']} pairs to decide; loading them {scan['load_s']:.2f} s); checking each record as a laptop "
                  f"does would take ~{scan['one_by_one_s_estimated']:.0f} s ({scan['vs_one_by_one']}x of it)"]
    return lines
