"""The main system's census, loaded before an outage: who is in which bed, under the main system's
own (definitive) numbers. Pure rules: the rows a reader took from a file (CSV or HL7) are checked
one by one; a bad row is said with its file, line and reason and the good ones are kept.

Every laptop loads the same census: each record's id is derived from the main system's numbers
(ward id + IPP, ward id + NDA), so the same woman loaded on several laptops is one record that sync
merges field by field (equal values: no conflict), never several women."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from continuity.core.errors import DomainError
from continuity.core.patients import check_text, validate_identity
from continuity.core.times import FUTURE_TOLERANCE, parse_date, to_storage
from continuity.i18n import N_, _

# Fixed for ever: changing it would make every laptop derive other ids from the same census.
_NAMESPACE = uuid.UUID("5f0c7a52-9d1e-4c61-8a43-2b7e0c6d9a10")
MAX_DIGITS = 20
# PID-32 (IHE PAM FR) and our own exports: the main system's word on an identity is kept.
IDENTITY_STATUSES = frozenset({"PROV", "VALI", "DOUTE", "FICTI", "RECUP", "QUAL"})
_HL7_TIME = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(?:\.\d+)?([+-]\d{4})?$")

REASONS = {
    "control": N_("a cell holds an invisible or control character"),
    "short_row": N_("the row has too few columns"),
    "no_number": N_("no definitive {kind} on this row (a downtime number IT has not mapped yet?)"),
    "ipp": N_("the IPP must be 1 to 20 digits"),
    "nda": N_("the NDA must be 1 to 20 digits"),
    "duplicate_ipp": N_("IPP {ipp} is given twice in the census (first on line {first})"),
    "duplicate_nda": N_("NDA {nda} is given twice in the census (first on line {first})"),
    "identity": N_("the identity cannot be kept: {error}"),
    "admitted_at": N_("cannot read the admission time {value!r}"),
    "future": N_("the admission time is in the future"),
    "before_birth": N_("the admission is before her birth date"),
    "unknown_bed": N_("there is no bed {bed} in unit {unit} in this ward"),
    "bed_twice": N_("bed {unit} {bed} is given twice in the census (first on line {first})"),
    "no_patient": N_("no patient with IPP {ipp} in this census nor on this laptop"),
    "two_stays": N_("IPP {ipp} has another current stay in the census (line {first})"),
    "message": N_("HL7 message {type} is not part of a census (A28, A31 and A01 are read)"),
    "segment": N_("the HL7 message has no {segment} segment"),
    # what the laptop itself holds
    "bed_taken": N_("bed {unit} {bed} is taken here by another stay: see the bed board"),
    "ipp_taken": N_("IPP {ipp} is already another patient's here"),
    "nda_taken": N_("NDA {nda} is already another stay's here"),
    "current_here": N_("she already has a current stay here (NDA {nda})"),
    "refused": N_("refused here: {error}"),
    "moved": N_("already here in bed {here}: the census says {unit} {bed}, move her on the bed board if she moved"),
}


def patient_id(ward_id: str, ipp: str) -> str:
    return uuid.uuid5(_NAMESPACE, f"{ward_id}/ipp/{ipp}").hex


def stay_id(ward_id: str, nda: str) -> str:
    return uuid.uuid5(_NAMESPACE, f"{ward_id}/nda/{nda}").hex


def admission_id(ward_id: str, nda: str) -> str:
    """The census stay's admission movement (and its group): the same on every laptop."""
    return uuid.uuid5(_NAMESPACE, f"{ward_id}/nda/{nda}/admission").hex


@dataclass(frozen=True)
class Row:
    """One record as a reader found it: ``kind`` patient or stay, its cells by our column names."""

    kind: str
    source: str
    line: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Problem:
    source: str
    line: int
    reason: str
    params: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"file": self.source, "line": self.line, "reason": self.reason,
                "message": _(REASONS[self.reason], **self.params)}


@dataclass
class Checked:
    """The census's good records (plain data: what a kit carries) and its bad rows."""

    patients: list[dict] = field(default_factory=list)
    stays: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Block:
    """A laptop's downtime number block (``end`` excluded)."""

    kind: str
    laptop: str
    start: int
    end: int


def is_number(text: str) -> bool:
    return text.isascii() and text.isdigit() and 1 <= len(text) <= MAX_DIGITS


def refuse_numbers_in_blocks(rows: list[Row], blocks: list[Block]) -> None:
    """The main system's numbers and the laptops' downtime blocks must never meet: a census with a
    number inside a block is refused whole (the kit's blocks were chosen where the main system numbers)."""
    for row in rows:
        kind = "ipp" if row.kind == "patient" else "nda"
        value = (row.cells.get(kind) or "").strip()
        if not is_number(value):
            continue
        for block in blocks:
            if block.kind == kind and block.start <= int(value) < block.end:
                raise DomainError(
                    "The census's {kind} {number} (line {line} of {file}) is inside the downtime block of {laptop} ({start}-{last}): "
                    "the main system's numbers and the downtime blocks must never meet. Rebuild the kit with other blocks "
                    "([numbering] of the ward file).", field="census", kind=kind.upper(), number=value, line=row.line, file=row.source,
                    laptop=block.laptop, start=block.start, last=block.end - 1)


def check_census(rows: list[Row], *, beds: set[tuple[str, str]], today: date, now: datetime, zone: str,
                 known_ipps: set[str] = frozenset()) -> Checked:
    """Each row checked; the good ones as records. ``beds``: the ward's (unit, bed code);
    ``known_ipps``: census patients this laptop already holds (a refresh file of stays alone)."""
    result = Checked()
    birth_dates: dict[str, date] = {}
    first_ipp: dict[str, int] = {}
    for row in (r for r in rows if r.kind == "patient"):
        record = _patient(row, today, first_ipp, result.problems)
        if record is not None:
            result.patients.append(record)
            birth_dates[record["ipp"]] = date.fromisoformat(record["birth_date"])
    first_nda: dict[str, int] = {}
    first_bed: dict[tuple[str, str], int] = {}
    first_stay_of: dict[str, int] = {}
    for row in (r for r in rows if r.kind == "stay"):
        record = _stay(row, beds, now, zone, birth_dates, known_ipps, result.problems)
        if record is None:
            continue
        place = (record["unit"], record["bed"])
        for seen, key, reason, params in ((first_nda, record["nda"], "duplicate_nda", {"nda": record["nda"]}),
                                          (first_bed, place, "bed_twice", {"unit": place[0], "bed": place[1]}),
                                          (first_stay_of, record["ipp"], "two_stays", {"ipp": record["ipp"]})):
            if key in seen:
                result.problems.append(Problem(row.source, row.line, reason, {**params, "first": seen[key]}))
                break
        else:
            first_nda[record["nda"]] = first_bed[place] = first_stay_of[record["ipp"]] = row.line
            result.stays.append(record)
    result.problems.sort(key=lambda p: (p.source, p.line))
    return result


def _clean_cells(row: Row, problems: list[Problem]) -> dict[str, str] | None:
    try:
        for value in row.cells.values():
            check_text(value, "census", 10_000)
    except DomainError:
        problems.append(Problem(row.source, row.line, "control"))
        return None
    return {k: (v or "").strip() for k, v in row.cells.items()}


def _patient(row: Row, today: date, first_ipp: dict[str, int], problems: list[Problem]) -> dict | None:
    cells = _clean_cells(row, problems)
    if cells is None:
        return None
    ipp = cells.get("ipp", "")
    if not is_number(ipp):
        problems.append(Problem(row.source, row.line, *(("ipp", {}) if ipp else ("no_number", {"kind": "IPP"}))))
        return None
    if ipp in first_ipp:
        problems.append(Problem(row.source, row.line, "duplicate_ipp", {"ipp": ipp, "first": first_ipp[ipp]}))
        return None
    try:
        identity = validate_identity(
            birth_name=cells.get("birth_name", ""), first_names=_first_names(cells.get("first_names", "")),
            birth_date=_birth_date(cells.get("birth_date", "")), sex=cells.get("sex", ""), today=today,
            used_name=cells.get("used_name") or None, birth_place=cells.get("birth_place") or None, ins=cells.get("ins") or None,
            address=cells.get("address") or None, phone=cells.get("phone") or None, used_first_name=cells.get("used_first_name") or None)
    except DomainError as error:
        problems.append(Problem(row.source, row.line, "identity", {"error": error.localized()}))
        return None
    first_ipp[ipp] = row.line
    status = cells.get("identity_status", "").upper()
    fields = identity.fields() | {"identity_status": status if status in IDENTITY_STATUSES else identity.identity_status}
    return {"ipp": ipp, **fields, "source": row.source, "line": row.line}


def _stay(row: Row, beds: set[tuple[str, str]], now: datetime, zone: str, birth_dates: dict[str, date], known_ipps: set[str],
          problems: list[Problem]) -> dict | None:
    cells = _clean_cells(row, problems)
    if cells is None:
        return None
    nda, ipp, unit, bed = (cells.get(k, "") for k in ("nda", "ipp", "unit", "bed"))
    why: tuple[str, dict] | None = None
    if not nda:
        why = ("no_number", {"kind": "NDA"})
    elif not is_number(nda):
        why = ("nda", {})
    elif not is_number(ipp):
        why = ("ipp", {})
    elif ipp not in birth_dates and ipp not in known_ipps:
        why = ("no_patient", {"ipp": ipp})
    elif (unit, bed) not in beds:
        why = ("unknown_bed", {"unit": unit, "bed": bed})
    if why is not None:
        problems.append(Problem(row.source, row.line, *why))
        return None
    try:
        admitted = parse_moment(cells.get("admitted_at", ""), zone)
    except ValueError:
        problems.append(Problem(row.source, row.line, "admitted_at", {"value": cells.get("admitted_at", "")}))
        return None
    if admitted > now + FUTURE_TOLERANCE:
        problems.append(Problem(row.source, row.line, "future"))
        return None
    born = birth_dates.get(ipp)
    if born is not None and admitted.astimezone(ZoneInfo(zone)).date() < born:
        problems.append(Problem(row.source, row.line, "before_birth"))
        return None
    return {"nda": nda, "ipp": ipp, "unit": unit, "bed": bed, "admitted_at": to_storage(admitted), "source": row.source, "line": row.line}


def _first_names(text: str) -> list[str] | str:
    """Our CSV export writes the first names as a JSON list; the main system's, as words."""
    if text.startswith("["):
        try:
            names = json.loads(text)
        except ValueError:
            return text
        if isinstance(names, list) and all(isinstance(n, str) for n in names):
            return names
    return text


def _birth_date(text: str) -> date:
    """ISO or DD/MM/YYYY (CSV), or HL7's YYYYMMDD (a time after it is dropped)."""
    if re.fullmatch(r"\d{8,14}", text):
        try:
            return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        except ValueError:
            raise DomainError("Cannot read the date {value!r}: use YYYY-MM-DD or DD/MM/YYYY.", field="birth_date", value=text) from None
    return parse_date(text, "birth_date")


def parse_moment(text: str, zone: str) -> datetime:
    """An admission time: ISO (ours: ``2027-01-15T08:00:00Z``; or a local ``2027-01-15 08:00``) or
    HL7 (``202701150800``, with or without seconds and offset); without an offset, the ward's time."""
    value = text.strip()
    match = _HL7_TIME.match(value)
    if match:
        year, month, day, hour, minute, second, offset = match.groups()
        moment = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0))
        if offset:
            moment = datetime.fromisoformat(moment.isoformat() + offset[:3] + ":" + offset[3:])
    else:
        if not value:
            raise ValueError("empty")
        moment = datetime.fromisoformat(value.replace(" ", "T", 1))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(zone))
    return moment.astimezone(timezone.utc).replace(microsecond=0)
