"""Downtime numbers mapped to definitive ones (IT): typed one by one, or imported from a CSV file the
main system exports. Each mapping is checked (the downtime number exists here; the definitive one
is digits, not a downtime number, not given to another), bad CSV rows are reported with their line,
good ones kept; unmapped numbers are listed. The downtime number stays on the record, an alias."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from continuity.core.errors import DomainError
from continuity.i18n import N_
from continuity.reconcile import workspace as workspaces
from continuity.security.sealed import read_limited
from continuity.services.reconcile import _session
from continuity.store import numbers as number_store

KINDS = ("ipp", "nda")
MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_DIGITS = 20


REASONS = {
    "short_row": N_("the row is empty or has too few columns"),
    "unknown": N_("no such downtime number here"),
    "digits": N_("the definitive number must be 1 to 20 digits"),
    "downtime": N_("the definitive number is another downtime number"),
    "taken": N_("the definitive number is already given to another downtime number"),
    "census": N_("the definitive number already belongs to a record loaded from the main system's census"),
    "ambiguous": N_("the same number is paired with two different numbers in what was given: neither is kept"),
}


def _check(downtime: str, definitive: str, known: set[str], taken: dict[str, str], census: frozenset[str] = frozenset()) -> str | None:
    """Why this mapping cannot be kept (a key of REASONS), or None."""
    if not downtime and not definitive:
        return "short_row"
    if downtime not in known:
        return "unknown"
    if not definitive.isdigit() or not 1 <= len(definitive) <= MAX_DIGITS:
        return "digits"
    if definitive in known and definitive != downtime:
        return "downtime"
    if definitive in census:
        return "census"
    holder = taken.get(definitive)
    if holder is not None and holder != downtime:
        return "taken"
    return None


def map_numbers(folder: Path, it_passphrase: str, kind: str, pairs: list[tuple[int | None, str, str]], source: str) -> dict:
    """Keep the sound mappings of ``pairs`` ((line or None, downtime, definitive)); say the others."""
    if kind not in KINDS:
        raise DomainError("Choose ipp or nda.", field="kind")
    space = workspaces.open_workspace(folder, it_passphrase)
    try:
        session = _session(space.store)
        db = space.store.db
        known = number_store.downtime_numbers(db, kind)
        census = frozenset(number_store.census_numbers(db, kind))  # definitive from the start: never a downtime number's
        current = number_store.mapping(db, kind)
        taken = {definitive: downtime for downtime, definitive in current.items()}
        kept, refused = [], []
        pairs = [(line, downtime.strip(), definitive.strip()) for line, downtime, definitive in pairs]
        ambiguous = _ambiguous(pairs)
        with space.store.write(session.user) as tx:
            now = tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")
            for line, downtime, definitive in pairs:
                why = "ambiguous" if (downtime, definitive) in ambiguous else _check(downtime, definitive, known, taken, census)
                if why is not None:
                    refused.append({"line": line, "downtime": downtime, "definitive": definitive, "reason": why})
                    continue
                taken.pop(current.get(downtime, ""), None)
                taken[definitive] = downtime
                current[downtime] = definitive
                kept.append({"kind": kind, "downtime": downtime, "definitive": definitive, "source": source,
                             "mapped_by": session.user, "mapped_at": now})
            number_store.save(db, kept)
            tx.audit("reconcile.map", detail={"kind": kind, "mapped": len(kept), "refused": len(refused)})
        unmapped = sorted(known - set(current))
        return {"kind": kind, "mapped": len(kept), "refused": refused, "unmapped": unmapped}
    finally:
        space.store.close()


def _ambiguous(pairs: list[tuple[int | None, str, str]]) -> set[tuple[str, str]]:
    """The pairs whose downtime number is given two different definitive ones (or the reverse) in one
    batch: which one is right cannot be told, and the later row must not silently win."""
    partners: dict[tuple[int, str], set[str]] = {}
    for _line, downtime, definitive in pairs:
        if downtime and definitive:
            partners.setdefault((0, downtime), set()).add(definitive)
            partners.setdefault((1, definitive), set()).add(downtime)
    return {(d, f) for _line, d, f in pairs if len(partners.get((0, d), ())) > 1 or len(partners.get((1, f), ())) > 1}


def read_csv(path: Path, downtime_column: str | None, definitive_column: str | None) -> tuple[list[tuple[int, str, str]], dict]:
    """The rows of a CSV file (``;`` or ``,``, UTF-8 with or without BOM): which columns are used,
    and each row's line number (bad rows are reported by it)."""
    raw = read_limited(path, MAX_CSV_BYTES, field="csv")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("The CSV file is not UTF-8 text.", field="csv") from None
    delimiter = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DomainError("The CSV file is empty.", field="csv") from None
    except csv.Error:
        raise DomainError("The CSV file cannot be read after line {line}: a field is far too long (an unclosed quote?).", field="csv",
                          line=0) from None
    columns = {"downtime": _column(header, downtime_column, ("downtime", "ipp_downtime", "provisoire", "ipp_provisoire", "nda_provisoire")),
               "definitive": _column(header, definitive_column, ("definitive", "definitif", "définitif", "ipp_definitif", "nda_definitif"))}
    if columns["downtime"] == columns["definitive"]:
        raise DomainError("The downtime and definitive numbers cannot be read from one column ({column}).", field="csv",
                          column=header[columns["downtime"]])
    rows = []
    try:
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) <= max(columns.values()):
                rows.append((line, "", ""))  # too few columns: reported as a bad row
                continue
            rows.append((line, row[columns["downtime"]], row[columns["definitive"]]))
    except csv.Error:  # a field longer than any number may be (an unclosed quote swallowing the file)
        raise DomainError("The CSV file cannot be read after line {line}: a field is far too long (an unclosed quote?).", field="csv",
                          line=reader.line_num) from None
    return rows, {"delimiter": delimiter, "downtime": header[columns["downtime"]], "definitive": header[columns["definitive"]]}


def _column(header: list[str], asked: str | None, usual: tuple[str, ...]) -> int:
    names = [h.lower() for h in header]
    for name in ([asked.lower()] if asked else list(usual)):
        if name in names:
            return names.index(name)
    raise DomainError("The CSV file has no column {column} (it has: {columns}).", field="csv", column=asked or usual[0],
                      columns=", ".join(header))


def unmapped(folder: Path, it_passphrase: str, kind: str) -> list[str]:
    """The downtime numbers of ``kind`` still without a definitive one (the window lists them)."""
    if kind not in KINDS:
        raise DomainError("Choose ipp or nda.", field="kind")
    space = workspaces.open_workspace(folder, it_passphrase)
    try:
        session = _session(space.store)
        db = space.store.db
        numbers = sorted(number_store.downtime_numbers(db, kind) - set(number_store.mapping(db, kind)))
        with space.store.write(session.user) as tx:
            tx.audit("reconcile.unmapped", detail={"kind": kind, "unmapped": len(numbers)})
        return numbers
    finally:
        space.store.close()
