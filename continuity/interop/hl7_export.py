"""The period as HL7 v2.5 IHE PAM France messages, from IT's workspace: ``write(db, out, options)``.

Options: ``batch`` (one file with FHS/BHS ... BTS/FTS; else one file per message in the folder
``out``, numbered in sending order), ``mllp`` (each message framed 0x0B ... 0x1C 0x0D; a batch is
framed as one block, as an MLLP link sends it), ``now`` (ISO time for MSH-7, for tests). The
messages themselves are built by ``hl7_pam``; what they hold and why is said there."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from continuity.core.errors import DomainError
from continuity.interop import authorities, export_files, hl7_pam
from continuity.store import hl7_rows, merges


def messages(db, options: dict | None = None) -> tuple[list[hl7_pam.Message], dict, hl7_pam.Context]:
    """Every message of the period in sending order, what was left out and why, and the context."""
    options = options or {}
    now = options.get("now") or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    stamp = hl7_pam.hl7_time(now)[2:14]  # MSH-10 stays within its 20 characters: stamp + 6 digits
    ctx = hl7_pam.Context.from_authorities(authorities.load(db), now, stamp)
    patients = hl7_rows.patients(db)
    by_id = {p["id"]: p for p in patients}
    mothers = {}
    survivor_of = merges.survivors(db)  # a merged mother is named by the identity that survives her
    for row in hl7_rows.mothers(db):
        mother = by_id.get(survivor_of.get(row["mother_id"], row["mother_id"]))
        if mother is not None:
            mothers[row["newborn_patient_id"]] = {**mother, "birth_order": row["birth_order"], "multiple_birth": row["born"] > 1}
    built, skipped = hl7_pam.build(ctx, patients, hl7_rows.stays(db), hl7_rows.movements(db), merges.active(db), mothers)
    return built, skipped, ctx


def write(db, out: Path, options: dict) -> dict:
    built, skipped, ctx = messages(db, options)
    framed = hl7_pam.mllp if options.get("mllp") else (lambda text: text)
    if options.get("batch"):
        if out.is_dir():
            raise DomainError("{path} is a folder: give a file name for the batch.", field="out", path=str(out))
        _write_whole(out, framed(hl7_pam.batch(ctx, built)))
    else:
        export_files.new_folder(out)
        for number, message in enumerate(built, start=1):
            _write_whole(out / f"{number:05d}-{message.trigger}.hl7", framed(message.text()))
    counts = dict(sorted(Counter(m.trigger for m in built).items()))
    return {"messages": len(built), **counts, **{k: v for k, v in skipped.items() if v}}


def _write_whole(path: Path, text: str) -> None:
    """UTF-8 (MSH-18 says so), segments ended by CR only; written whole, then renamed."""
    export_files.write_whole(path, text.encode("utf-8"))
