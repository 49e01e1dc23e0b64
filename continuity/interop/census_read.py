"""Reading the main system's census files: the CSV pair in our own export's shape (patients.csv
and stays.csv, ';' or ',', UTF-8 with or without BOM, or a folder holding both) and HL7 v2.5 (see
census_hl7). A file of an unknown or newer shape is refused whole, in words; otherwise each record
becomes a core.census.Row with its line, checked afterwards (bad rows said, good ones kept)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from continuity.core.census import Problem, Row
from continuity.core.errors import DomainError
from continuity.interop import census_hl7
from continuity.security.sealed import read_limited

MAX_FILE_BYTES = 16 * 1024 * 1024  # a ward's census is a few hundred rows: far more is a wrong file
FOLDER_FILES = ("patients.csv", "stays.csv")

# Our column names (those of the CSV export) and the names the main system may use for them.
PATIENT_COLUMNS = {"ipp": ("definitive_ipp", "ipp"), "birth_name": ("birth_name",), "first_names": ("first_names",),
                   "birth_date": ("birth_date",), "sex": ("sex",), "used_name": ("used_name",),
                   "used_first_name": ("used_first_name",), "birth_place": ("birth_place",), "ins": ("ins",),
                   "address": ("address",), "phone": ("phone",), "identity_status": ("identity_status",)}
STAY_COLUMNS = {"nda": ("definitive_nda", "nda"), "ipp": ("definitive_ipp", "ipp"), "unit": ("unit",), "bed": ("bed", "bed_id"),
                "admitted_at": ("admitted_at",), "status": ("status",)}
_REQUIRED = {"patient": ("ipp", "birth_name", "first_names", "birth_date", "sex"), "stay": ("nda", "ipp", "unit", "bed", "admitted_at")}
CURRENT = ("", "active", "on_leave")  # an export's stays.csv also lists ended stays: not the census


def read_paths(paths: list[Path]) -> tuple[list[Row], list[Problem], list[dict]]:
    """Every record of these files (a folder: its patients.csv and stays.csv), the rows already
    found bad while reading, and what each file was."""
    rows: list[Row] = []
    problems: list[Problem] = []
    files: list[dict] = []
    for path in _expand(paths):
        found, bad, shape = read_file(path)
        rows += found
        problems += bad
        files.append({"file": path.name, "shape": shape, "rows": len(found) + len(bad)})
    return rows, problems, files


def _expand(paths: list[Path]) -> list[Path]:
    expanded = []
    for path in paths:
        if path.is_dir():
            inside = [path / name for name in FOLDER_FILES if (path / name).is_file()]
            if not inside:
                raise DomainError("The folder {folder} holds neither patients.csv nor stays.csv.", field="census", folder=str(path))
            expanded += inside
        else:
            expanded.append(path)
    if not expanded:
        raise DomainError("Give the census files (CSV or HL7).", field="census")
    return expanded


def read_file(path: Path) -> tuple[list[Row], list[Problem], str]:
    raw = read_limited(path, MAX_FILE_BYTES, field="census")
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n\x0b")
    if start.startswith(b"MSH"):
        rows, problems = census_hl7.read(raw, path.name)
        return rows, problems, "hl7"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("{file} is neither UTF-8 text nor HL7: it is not read.", field="census", file=path.name) from None
    rows, problems, kind = _read_csv(text, path.name)
    return rows, problems, f"csv-{kind}s"


def _read_csv(text: str, name: str) -> tuple[list[Row], list[Problem], str]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    kind, columns = _shape(header, name)
    rows: list[Row] = []
    problems: list[Problem] = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < len(header):
            problems.append(Problem(name, line, "short_row"))
            continue
        values = {ours: cells[index] for ours, index in columns.items()}
        if kind == "stay":
            if values.pop("status", "").strip().lower() not in CURRENT:
                continue
            values["bed"] = values["bed"].split(":")[-1]  # the export's bed_id is UNIT:BED
        rows.append(Row(kind, name, line, values))
    return rows, problems, kind


def _shape(header: list[str], name: str) -> tuple[str, dict[str, int]]:
    """Patients or stays, told by the columns; anything else is refused in words."""
    for kind, known in (("stay", STAY_COLUMNS), ("patient", PATIENT_COLUMNS)):
        columns = {ours: header.index(next(n for n in names if n in header)) for ours, names in known.items()
                   if any(n in header for n in names)}
        if all(required in columns for required in _REQUIRED[kind]):
            return kind, columns
    raise DomainError("{file} is not a census in a shape this version reads (patients.csv or stays.csv as the CSV export writes them, "
                      "or HL7 v2.5); its columns: {columns}.", field="census", file=name, columns=", ".join(header)[:300] or "-")
