"""The period's data for the main system, from IT's workspace. Refused while something blocks it (a
gap, a fork), unless IT forces it with a reason (audited and printed in the period's report).

Each format has a writer module with ``write(db, out, options) -> dict`` (what it wrote, counted):
CSV for spreadsheets, HL7 v2.5 IHE PAM France, FHIR R4."""

from __future__ import annotations

import csv
import importlib
import io
import json
from pathlib import Path

from continuity.core.errors import DomainError
from continuity.core.permissions import Permission
from continuity.core.patients import check_text
from continuity.interop import export_files
from continuity.reconcile import workspace as workspaces
from continuity.services.reconcile import _session, _status
from continuity.store import exports, replication

# format -> the module that writes it (imported when asked: the CSV export needs none of the others)
WRITERS = {"csv": "continuity.services.reconcile_export", "hl7": "continuity.interop.hl7_export",
           "fhir": "continuity.interop.fhir_export"}
FORMATS = tuple(WRITERS)


def export(folder: Path, it_passphrase: str, kind: str, out: Path, *, force: bool = False, reason: str | None = None,
           options: dict | None = None) -> dict:
    if kind not in FORMATS:
        raise DomainError("Unknown export format: {kind} (choose one of {formats}).", field="format", kind=kind,
                          formats=", ".join(FORMATS))
    if force:
        check_text((reason or "").strip(), "reason", 500)
        if not (reason or "").strip():
            raise DomainError("Say why the export is forced.", field="reason")
    export_files.outside(out, folder)
    space = workspaces.open_workspace(folder, it_passphrase)
    try:
        session = _session(space.store)
        session.require(Permission.EXPORT)
        blocking = _status(session)["blocking"]
        if blocking and not force:
            raise DomainError("The export is refused while something blocks it ({items}): settle it or sign it off, or force "
                              "the export with a reason.", field="format",
                              items="; ".join(f"{b['laptop']} {b['kind']}" for b in blocking))
        counts = importlib.import_module(WRITERS[kind]).write(space.store.db, out, options or {})
        with space.store.write(session.user) as tx:
            tx.audit("reconcile.export", detail={"format": kind, "forced": bool(force and blocking), "rows": counts,
                                                 "blocking": len(blocking)})
            if force and blocking:
                # The reason is kept with the sign-offs (the period's report prints it), not in the audit's codes.
                replication.record_signoff(space.store.db, {"device_id": "*", "kind": "forced_export",
                                                            "detail": json.dumps({"format": kind, "blocking": blocking}, sort_keys=True),
                                                            "reason": reason.strip(), "signed_by": session.user,
                                                            "signed_at": tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")})
        return {"format": kind, "out": str(out), "rows": counts, "forced": bool(force and blocking), "reason": reason if force else None}
    finally:
        space.store.close()


def write(db, out: Path, options: dict) -> dict:
    """The CSV files, one per table, in the folder ``out``."""
    export_files.new_folder(out)
    counts = {}
    for table in exports.TABLES:
        header, rows = exports.rows(db, table)
        counts[table] = _write_csv(out / f"{table}.csv", header, rows)
    return counts


def _cell(value: object) -> object:
    """A spreadsheet runs a cell that starts with = + - @ as a formula: such text is quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _write_csv(path: Path, header: list[str], rows) -> int:
    """UTF-8 with a BOM and ';' (what a French spreadsheet opens as is); written whole, then renamed."""
    text = io.StringIO(newline="")
    count = 0
    writer = csv.writer(text, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        count += 1
    export_files.write_whole(path, text.getvalue().encode("utf-8-sig"))
    return count
