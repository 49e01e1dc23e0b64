"""Identities: register, correct, look up and search patients."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

from continuity.core.errors import DomainError, NotFound
from continuity.core.identifiers import NumberRange
from continuity.core.names import display_name
from continuity.core.patients import clean_name, split_first_names, validate_identity
from continuity.core.permissions import Permission, allowed
from continuity.core.times import parse_date, to_storage
from continuity.i18n import _
from continuity.services import vigilance
from continuity.services.common import Outcome, audit_read, new_id, range_warnings, today
from continuity.services.session import Session
from continuity.store import enrolment as enrolment_store
from continuity.store import patients as patient_store
from continuity.store import stays as stay_store
from continuity.store.checks import audit_for_entity
from continuity.store.tx import WriteTx

_DIGITS = re.compile(r"^\d{3,}$")
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-](\d{2}|\d{4}))$")
_PACKED_DATE = re.compile(r"^(\d{2})(\d{2})(\d{4})$")  # 12051990, as typed from a card


def _as_date(value: str | date, field: str) -> date:
    return value if isinstance(value, date) else parse_date(value, field)


def _remaining(session: Session) -> dict[str, int]:
    return {
        r["kind"]: NumberRange(r["kind"], r["start"], r["end"]).remaining(r["next"])
        for r in enrolment_store.number_ranges(session.store.db)
    }


def finish_outcome(session: Session, tx: WriteTx, values: dict) -> Outcome:
    return Outcome(values, range_warnings(tx.low_ranges, _remaining(session)) if tx.low_ranges else [])


def create_patient_in(tx: WriteTx, session: Session, identity_fields: dict, declared_different: list[dict] | None = None) -> tuple[str, str]:
    """Write a new identity inside an open transaction; returns (patient id, IPP). ``declared_different``:
    the candidates the user said were other people (in the audit entry)."""
    patient_id = new_id()
    ipp = tx.take_number("ipp")
    tx.set(
        "patient",
        patient_id,
        {
            "ipp": ipp,
            **identity_fields,
            "record_status": "active",
            "created_at": to_storage(tx.now),
            "created_by": session.user,
            "created_device": tx.device_id,
        },
    )
    detail: dict = {"ipp": ipp}
    if declared_different:
        detail["declared_different_from"] = declared_different
    tx.audit("patient.create", "patient", patient_id, detail=detail)
    return patient_id, ipp


def add_patient(
    session: Session,
    *,
    birth_name: str,
    first_names: str | list[str],
    birth_date: str | date,
    sex: str,
    used_name: str | None = None,
    birth_place: str | None = None,
    ins: str | None = None,
    address: str | None = None,
    phone: str | None = None,
    used_first_name: str | None = None,
    different_from: Iterable[str] = (),
) -> Outcome:
    """Register a provisional identity with a downtime IPP from this laptop's range. Refused
    (vigilance.PossibleDuplicate) while someone known here may be her, unless each such person's
    IPP is in ``different_from``: the user said this is a different person (audited with them)."""
    session.require(Permission.PATIENT_CREATE)
    identity = validate_identity(
        birth_name=birth_name,
        first_names=first_names,
        birth_date=_as_date(birth_date, "birth_date"),
        sex=sex,
        today=today(session),
        used_name=used_name,
        birth_place=birth_place,
        ins=ins,
        address=address,
        phone=phone,
        used_first_name=used_first_name,
    )
    typed = vigilance.typed_traits(birth_name=identity.birth_name, used_name=identity.used_name, first_names=identity.first_names,
                                   birth_date=identity.birth_date, sex=identity.sex, ins=identity.ins,
                                   used_first_name=identity.used_first_name)
    with session.store.write(session.user) as tx:
        # Under the write lock: a candidate registered meanwhile on this laptop is seen.
        declared = vigilance.check_not_known(session.store.db, typed, different_from)
        patient_id, ipp = create_patient_in(tx, session, identity.fields(), declared_different=declared)
        outcome = finish_outcome(session, tx, {"patient_id": patient_id, "ipp": ipp})
    outcome.values["declared_different_from"] = [d["ipp"] for d in declared]
    return outcome


def find_patient(session: Session, ipp: str) -> dict:
    patient = patient_store.by_ipp(session.store.db, ipp.strip())
    if patient is None:
        raise NotFound("No patient with IPP {ipp} on this laptop.", field="ipp", ipp=ipp)
    return patient


def _who(db, patient_id: str | None) -> dict:
    person = patient_store.by_id(db, patient_id) if patient_id else None
    if person is None:
        return {"name": _("(identity not received yet)"), "ipp": None}
    return {"name": display_name(person["birth_name"], person["first_names"], person["used_name"], person.get("used_first_name")), "ipp": person["ipp"]}


def _baby(db, birth: dict) -> dict:
    """A birth on the mother's page names the baby: name, IPP, NDA."""
    stay = stay_store.by_id(db, birth["newborn_stay_id"]) if birth.get("newborn_stay_id") else None
    who = _who(db, birth.get("newborn_patient_id"))
    return {"newborn_name": who["name"], "newborn_ipp": who["ipp"], "newborn_nda": (stay or {}).get("nda")}


def _mother(db, mother_stay: dict) -> dict:
    """A baby's page names her mother: name, IPP, NDA and where she lies."""
    who = _who(db, mother_stay.get("patient_id"))
    bed = (mother_stay.get("bed_id") or "").split(":")[-1]
    return {**who, "nda": mother_stay["nda"], "where": f"{mother_stay.get('unit') or ''} {bed}".strip()}


def show_patient(session: Session, ipp: str) -> dict:
    """The patient record: identity, stays with their movements, births. Reading it is audited."""
    session.require(Permission.PATIENT_READ)
    patient = find_patient(session, ipp)
    db = session.store.db
    stays = []
    for stay in stay_store.for_patient(db, patient["id"]):
        mother_stay = stay_store.by_id(db, stay["mother_stay_id"]) if stay["mother_stay_id"] else None
        stays.append(
            {
                **stay,
                "movements": stay_store.movement_rows(db, stay["id"]),
                "births": [{**birth, **_baby(db, birth)} for birth in stay_store.births_for_mother(db, stay["id"])],
                "newborn_of": (mother_stay or {}).get("nda"),
                "own_birth": stay_store.birth_for_newborn_stay(db, stay["id"]) if stay["kind"] == "newborn" else None,
                "mother": _mother(db, mother_stay) if mother_stay else None,
            }
        )
    record = {"patient": patient, "stays": stays}
    if allowed(session.role, Permission.AUDIT_READ):
        record["audit"] = audit_for_entity(db, "patient", patient["id"])
        record["identity_history"] = patient_store.identity_history(db, patient["id"])
    with session.store.write(session.user) as tx:
        tx.audit("patient.read", "patient", patient["id"])
    return record


def parse_query(text: str) -> tuple[list[str], list[str], list[str]]:
    """Split what was typed into name words, numbers (IPP/NDA) and birth dates."""
    words, numbers, dates = [], [], []
    for part in text.split():
        packed = _PACKED_DATE.match(part)
        if packed and _valid_date(int(packed.group(3)), int(packed.group(2)), int(packed.group(1))):
            dates.append(date(int(packed.group(3)), int(packed.group(2)), int(packed.group(1))).isoformat())
        elif _DIGITS.match(part):
            numbers.append(part)  # an IPP or an NDA, whole or its first digits
        elif _DATE.match(part):
            dates.append(_typed_date(part).isoformat())
        else:
            words.append(part)
    return words, numbers, dates


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return 1900 <= year <= 2100


def _typed_date(part: str) -> date:
    """DD/MM/YYYY, DD/MM/YY (a two-digit year is in the last hundred years), DD.MM.YYYY, YYYY-MM-DD."""
    if re.match(r"^\d{4}-", part):
        return parse_date(part, "query")
    day, month, year = re.split(r"[/.-]", part)
    if len(year) == 2:
        this_year = date.today().year
        year = str(2000 + int(year) if 2000 + int(year) <= this_year else 1900 + int(year))
    return parse_date(f"{day}/{month}/{year}", "query")


def search(session: Session, text: str, limit: int = patient_store.SEARCH_LIMIT) -> list[dict]:
    """Search by any name part (birth name, used name, first names), IPP, NDA or birth date."""
    session.require(Permission.PATIENT_READ)
    words, numbers, dates = parse_query(text)
    if not (words or numbers or dates):
        raise DomainError("Type a name, an IPP, an NDA or a birth date.", field="query")
    found = patient_store.search(session.store.db, words=words, numbers=numbers, birth_dates=dates, limit=limit)
    audit_read(session, "patient.search", results=len(found))
    return found


def update_patient(session: Session, ipp: str, **changes: object) -> Outcome:
    """Correct identity fields. The record is read and written under one write lock (two corrections
    at once never work from stale values); each change's old and new value go to the audit trail,
    and the old values stay in the journal."""
    session.require(Permission.PATIENT_UPDATE)
    with session.store.write(session.user) as tx:
        patient = find_patient(session, ipp)
        merged = {**patient, **{k: v for k, v in changes.items() if v is not None}}
        identity = validate_identity(
            birth_name=merged["birth_name"],
            first_names=merged["first_names"],
            birth_date=_as_date(merged["birth_date"], "birth_date"),
            sex=merged["sex"],
            today=today(session),
            used_name=merged.get("used_name"),
            birth_place=merged.get("birth_place"),
            ins=merged.get("ins"),
            address=merged.get("address"),
            phone=merged.get("phone"),
            allow_no_first_name=not patient["first_names"],
            used_first_name=merged.get("used_first_name"),
        )
        changed = {k: v for k, v in identity.fields().items() if patient.get(k) != v}
        warnings = []
        if changed:
            tx.set("patient", patient["id"], changed)
            tx.audit("patient.update", "patient", patient["id"], detail={
                "fields": sorted(changed), "changes": {k: {"old": patient.get(k), "new": v} for k, v in sorted(changed.items())}})
            if changed.keys() & _MATCHED_TRAITS:
                typed = vigilance.typed_traits(birth_name=identity.birth_name, used_name=identity.used_name, first_names=identity.first_names,
                                               birth_date=identity.birth_date, sex=identity.sex, ins=identity.ins,
                                               used_first_name=identity.used_first_name)
                warnings = [_("She may now be the same person as IPP {ipp} {name} ({why}): see sync status, IT reconciles.",
                              ipp=c["ipp"], name=c["name"], why=c["why"])
                            for c in vigilance.note_after_correction(session.store.db, patient["id"], typed, tx.now.strftime("%Y-%m-%dT%H:%M:%SZ"))]
    return Outcome({"ipp": patient["ipp"], "changed": sorted(changed)}, warnings)


# A correction of these may make her look like someone else known here.
_MATCHED_TRAITS = frozenset({"birth_name", "used_name", "first_names", "used_first_name", "birth_date", "sex", "ins"})


def identity_history(session: Session, ipp: str) -> list[dict]:
    """Every change of her identity, oldest first: field, old value, new value, who, when (from the
    journal, so that changes made on other laptops show too). For roles that may read the audit."""
    session.require(Permission.AUDIT_READ)
    patient = find_patient(session, ipp)
    return patient_store.identity_history(session.store.db, patient["id"])


def possible_matches(session: Session, birth_name: str, used_name: str | None, first_names: str, birth_date: str,
                     sex: str | None = None, ins: str | None = None, used_first_name: str | None = None) -> list[dict]:
    """People already known here (or arrived by sync) who may be the person being typed in, best
    first, each saying why (vigilance.REASONS). Works from whatever is typed so far: a name alone,
    a date alone, an INS."""
    session.require(Permission.PATIENT_READ)
    try:
        born = parse_date(birth_date, "birth_date") if (birth_date or "").strip() else None
    except DomainError:
        born = None
    typed = vigilance.typed_traits(birth_name=clean_name(birth_name), used_name=clean_name(used_name) or None,
                                   first_names=split_first_names(first_names), birth_date=born, sex=sex,
                                   ins=(ins or "").replace(" ", "") or None, used_first_name=clean_name(used_first_name) or None)
    if not (typed.birth_name or typed.used_name or typed.first_names) and not typed.ins:
        return []
    found = vigilance.candidates_for(session.store.db, typed)
    audit_read(session, "patient.match", candidates=len(found))
    return found
