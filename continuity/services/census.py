"""The main system's census loaded before an outage (issue 14, the other direction): who is in which
bed, under the main system's definitive numbers, so that laptops start from the ward as it is and
reconciliation knows from the start which numbers were definitive.

Two ways in: embedded in the ward kit by IT (``kit create --census``: signed with the kit, loaded
when each laptop is enrolled), or a refresh file loaded later on an enrolled laptop (``census load``,
a supervisor or IT). Either way the records are written through the journal (they sync), marked
``number_source = 'census'``, with ids derived from the main system's numbers (core.census): the
same census loaded on every laptop, or twice, makes each woman and each stay once. A record
already here is left as it is (what happened since on the ward is the laptops' to record)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from continuity.core import census as rules
from continuity.core import adt as adt_rules
from continuity.core.adt import Movement, MovementKind, StayStatus
from continuity.core.errors import DomainError, KitError
from continuity.core.identity_match import Traits
from continuity.core.identifiers import NumberKind, allocate_ranges
from continuity.core.permissions import Permission
from continuity.core.times import from_storage, local_date, to_storage
from continuity.core.ward import WardDescription
from continuity.core.ward import bed_id as make_bed_id
from continuity.interop import census_read
from continuity.security import presence
from continuity.services import vigilance
from continuity.services.adt import _check_bed_history  # the admission's own bed rule, not a copy of it
from continuity.services.session import Session
from continuity.store import enrolment as enrolment_store
from continuity.store import numbers as number_store
from continuity.store import patients as patient_store
from continuity.store import stays as stay_store
from continuity.store.derived import refresh_stay
from continuity.store.tx import Store, WriteTx

KIT_CENSUS_FORMAT = 1
_IDENTITY_FIELDS = ("birth_name", "used_name", "first_names", "used_first_name", "birth_date", "sex", "birth_place", "ins", "ins_kind",
                    "address", "phone", "identity_status")


@dataclass(frozen=True)
class WardPlaces:
    """What a census is checked against: the ward's beds, its units' UF codes (the main system may
    name a unit by its UF), and every laptop's downtime blocks."""

    ward_id: str
    zone: str
    beds: frozenset[tuple[str, str]]
    unit_of_uf: dict[str, str]
    blocks: tuple[rules.Block, ...]


def places_of_kit(ward: WardDescription) -> WardPlaces:
    """A ward about to be made into a kit: its blocks as the kit will give them (one per laptop, in order)."""
    n = ward.numbering
    blocks = []
    for kind, first, size in ((NumberKind.IPP, n.ipp_first, n.ipp_block), (NumberKind.NDA, n.nda_first, n.nda_block)):
        for laptop, block in zip(ward.laptops, allocate_ranges(kind, first, size, len(ward.laptops)), strict=True):
            blocks.append(rules.Block(kind, laptop.name, block.start, block.end))
    return WardPlaces(ward.id, ward.timezone, frozenset((b.unit, b.code) for u in ward.units for b in u.beds),
                      {u.uf: u.code for u in ward.units if u.uf}, tuple(blocks))


def places_here(store: Store) -> WardPlaces:
    """This laptop's ward, and the blocks of every laptop of every kit it was enrolled from."""
    db = store.db
    device = store.device()
    blocks = []
    for laptop in enrolment_store.known_devices(db):
        for kind in ("ipp", "nda"):
            if laptop.get(f"{kind}_start") is not None:
                blocks.append(rules.Block(kind, laptop["name"], laptop[f"{kind}_start"], laptop[f"{kind}_end"]))
    return WardPlaces(device["ward_id"], device["timezone"], frozenset((b["unit"], b["bed"]) for b in stay_store.bed_board(db)),
                      {u["uf"]: u["code"] for u in stay_store.units(db) if u.get("uf")}, tuple(blocks))


def check_files(paths: list[Path], places: WardPlaces, now: datetime,
                known_ipps: frozenset[str] = frozenset()) -> tuple[rules.Checked, list[dict]]:
    """The census files read and checked: good records, bad rows (file, line, reason), what each file was.
    Refused whole: a file of an unknown shape, or a number inside a laptop's downtime block."""
    rows, problems, files = census_read.read_paths(paths)
    rows = [_unit_code(row, places) for row in rows]
    rules.refuse_numbers_in_blocks(rows, list(places.blocks))
    checked = rules.check_census(rows, beds=set(places.beds), today=local_date(now, places.zone), now=now, zone=places.zone,
                                 known_ipps=set(known_ipps))
    checked.problems = sorted(problems + checked.problems, key=lambda p: (p.source, p.line))
    return checked, files


def _unit_code(row: rules.Row, places: WardPlaces) -> rules.Row:
    unit = (row.cells.get("unit") or "").strip()
    if row.kind == "stay" and unit in places.unit_of_uf and unit not in {code for code, _bed in places.beds}:
        return replace(row, cells={**row.cells, "unit": places.unit_of_uf[unit]})
    return row


def for_kit(paths: list[Path], ward: WardDescription, now: datetime) -> tuple[dict, list[dict]]:
    """What a kit carries (plain data, signed with the kit) and the rows left out, said by line."""
    checked, files = check_files(paths, places_of_kit(ward), now)
    census = {"format": KIT_CENSUS_FORMAT, "as_of": to_storage(now), "files": files, "patients": checked.patients, "stays": checked.stays}
    return census, [p.as_dict() for p in checked.problems]


def load(session: Session, paths: list[Path]) -> dict:
    """``census load``: a refresh file on an enrolled laptop (a supervisor or IT)."""
    session.require(Permission.CENSUS_LOAD)
    store = session.store
    places = places_here(store)
    checked, files = check_files(paths, places, store.now(), frozenset(number_store.census_numbers(store.db, "ipp")))
    result = _write(store, session.user, places.ward_id, checked.patients, checked.stays, source="file")
    problems = sorted([p.as_dict() for p in checked.problems] + result.pop("problems"), key=lambda p: (p["file"], p["line"]))
    return {**result, "files": files, "problems": problems}


def check_kit_census(census: object) -> None:
    """A kit's census this version reads (checked before enrolment writes anything)."""
    if not isinstance(census, dict) or census.get("format") != KIT_CENSUS_FORMAT:
        raise KitError("This kit carries a census of a shape this version does not read: ask IT for a kit of this version.",
                       field="kit")


def load_from_kit(store: Store, census: dict) -> dict:
    """At enrolment: the census IT put in the kit (checked when the kit was made, and signed with
    it), written in IT's name (the laptop's package carries IT's certificate for it)."""
    check_kit_census(census)
    places = places_here(store)
    result = _write(store, presence.IT_USER, places.ward_id, list(census.get("patients") or []), list(census.get("stays") or []),
                    source="kit")
    return {**result, "as_of": census.get("as_of")}


def _write(store: Store, user: str | None, ward_id: str, patients: list[dict], stays: list[dict], *, source: str) -> dict:
    """One transaction: every new identity and stay of the census, journaled and audited; what is
    already here counted; what this laptop refuses said by line."""
    problems: list[rules.Problem] = []
    counts: Counter = Counter()
    with store.write(user) as tx:
        created = []
        for record in patients:
            outcome = _write_patient(tx, ward_id, record, problems)
            counts[f"patients_{outcome}"] += 1
            if outcome == "new":
                created.append(record)
        for record in stays:
            counts[f"stays_{_write_stay(tx, ward_id, record, problems)}"] += 1
        found_at = tx.now.strftime("%Y-%m-%dT%H:%M:%SZ")
        alike = sum(1 for record in created if vigilance.note_after_correction(tx.db, rules.patient_id(ward_id, record["ipp"]),
                                                                                _traits(record), found_at))
        summary = {"patients": counts["patients_new"], "stays": counts["stays_new"], "patients_already_here": counts["patients_already"],
                   "stays_already_here": counts["stays_already"], "refused": len(problems), "possible_duplicates": alike}
        tx.audit("census.load", detail={"source": source, **summary})
    return {**summary, "problems": [p.as_dict() for p in problems]}


def _traits(record: dict) -> Traits:
    return vigilance.typed_traits(birth_name=record["birth_name"], used_name=record.get("used_name"), first_names=record["first_names"],
                                  birth_date=date.fromisoformat(record["birth_date"]), sex=record["sex"], ins=record.get("ins"),
                                  used_first_name=record.get("used_first_name"))


def _write_patient(tx: WriteTx, ward_id: str, record: dict, problems: list[rules.Problem]) -> str:
    ipp = record["ipp"]
    patient_id = rules.patient_id(ward_id, ipp)
    if patient_store.by_id(tx.db, patient_id) is not None:
        return "already"
    if patient_store.by_ipp(tx.db, ipp) is not None:
        problems.append(rules.Problem(record.get("source", ""), record.get("line", 0), "ipp_taken", {"ipp": ipp}))
        return "refused"
    tx.set("patient", patient_id, {"ipp": ipp, **{k: record.get(k) for k in _IDENTITY_FIELDS}, "record_status": "active",
                                   "number_source": number_store.CENSUS, "created_at": to_storage(tx.now), "created_by": tx.user,
                                   "created_device": tx.device_id})
    tx.audit("patient.create", "patient", patient_id, detail={"ipp": ipp, "source": number_store.CENSUS})
    return "new"


def _write_stay(tx: WriteTx, ward_id: str, record: dict, problems: list[rules.Problem]) -> str:
    nda, unit, bed = record["nda"], record["unit"], record["bed"]
    where = (record.get("source", ""), record.get("line", 0))
    stay_id = rules.stay_id(ward_id, nda)
    existing = stay_store.by_id(tx.db, stay_id)
    if existing is not None:
        if existing["status"] in StayStatus.CURRENT and existing["bed_id"] != make_bed_id(unit, bed):
            here = f"{existing['unit'] or ''} {(existing['bed_id'] or ':').split(':')[-1]}".strip()
            problems.append(rules.Problem(*where, "moved", {"here": here or "-", "unit": unit, "bed": bed}))
        return "already"
    patient_id = rules.patient_id(ward_id, record["ipp"])
    why = _why_not_admitted(tx, stay_id, patient_id, record)
    if why is not None:
        problems.append(rules.Problem(*where, *why))
        return "refused"
    target = stay_store.bed(tx.db, unit, bed)
    tx.set("stay", stay_id, {"nda": nda, "patient_id": patient_id, "kind": "standard", "number_source": number_store.CENSUS,
                             "created_at": to_storage(tx.now)})
    movement_id = rules.admission_id(ward_id, nda)
    tx.set("movement", movement_id, {"stay_id": stay_id, "kind": MovementKind.ADMISSION, "at": record["admitted_at"],
                                     "entered_at": to_storage(tx.now), "entered_by": tx.user, "hlc": tx.hlc, "unit": unit,
                                     "bed_id": target.id, "group_id": movement_id, "cancelled": 0})
    refresh_stay(tx, stay_id)
    tx.audit("movement.admission", "stay", stay_id, detail={"movement": movement_id, "source": number_store.CENSUS})
    return "new"


def _why_not_admitted(tx: WriteTx, stay_id: str, patient_id: str, record: dict) -> tuple[str, dict] | None:
    """Why this laptop cannot take the census stay as it stands here (a reason of core.census), or None."""
    db = tx.db
    unit, bed = record["unit"], record["bed"]
    if stay_store.by_nda(db, record["nda"]) is not None:
        return "nda_taken", {"nda": record["nda"]}
    if patient_store.by_id(db, patient_id) is None:
        return "no_patient", {"ipp": record["ipp"]}
    current = stay_store.current_for_patient(db, patient_id)
    if current is not None:
        return "current_here", {"nda": current["nda"]}
    target = stay_store.bed(db, unit, bed)
    if target is None:
        return "unknown_bed", {"unit": unit, "bed": bed}
    if target.occupied_by is not None:
        return "bed_taken", {"unit": unit, "bed": bed}
    try:
        adt_rules.check_bed_available(target, unit, bed)  # a closed bed
        planned = Movement(id="~planned", kind=MovementKind.ADMISSION, at=from_storage(record["admitted_at"]), hlc=tx.hlc, bed_id=target.id)
        _check_bed_history(tx, stay_id, [planned])
    except DomainError as error:
        return "refused", {"error": error.localized()}
    return None
