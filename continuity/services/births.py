"""Births: each newborn gets a provisional identity and a stay linked to the mother's stay."""

from __future__ import annotations

from datetime import datetime

from continuity.core import adt
from continuity.core.adt import MovementKind
from continuity.core.errors import DomainError, NotFound
from continuity.core.patients import validate_identity
from continuity.core.permissions import Permission
from continuity.core.times import local_date, to_storage
from continuity.i18n import _
from continuity.services.adt import clinical_time, find_stay, record_movement, stay_state
from continuity.services.common import Outcome, new_id
from continuity.services.identity import create_patient_in, finish_outcome
from continuity.services.session import Session
from continuity.store import patients as patient_store
from continuity.store import stays as stay_store


def record_birth(
    session: Session,
    mother_nda: str,
    *,
    sex: str,
    weight_g: int | None = None,
    at: str | datetime | None = None,
    first_names: str | None = None,
    birth_name: str | None = None,
) -> Outcome:
    """Record one newborn on the mother's current stay (call again for a twin: birth order follows)."""
    session.require(Permission.BIRTH_RECORD)
    when = clinical_time(session, at)
    sex_code = (sex or "").strip().upper()
    # Read and check under the write lock: birth order and the mother's state cannot change meanwhile.
    with session.store.write(session.user) as tx:
        mother_stay = find_stay(session, mother_nda)
        if mother_stay["kind"] == "newborn":
            raise DomainError("This is a newborn's stay: a birth is recorded on the mother's stay.", field="nda")
        mother_state = stay_state(session, mother_stay["id"])
        weight = int(weight_g) if weight_g not in (None, "", 0) else None  # 0: the dialog's "not weighed yet"
        adt.check_newborn(sex=sex_code, weight_g=weight, at=when, now=session.store.now(), mother=mother_state)
        mother = patient_store.by_id(tx.db, mother_stay["patient_id"])
        assert mother is not None
        identity = validate_identity(
            # Until the birth is declared the newborn carries the mother's name (provisional identity).
            birth_name=birth_name or mother["used_name"] or mother["birth_name"],
            first_names=first_names or [],
            birth_date=local_date(when, session.timezone),
            sex=sex_code,
            today=local_date(session.store.now(), session.timezone),
            allow_no_first_name=True,
        )
        previous = [b for b in stay_store.births_for_mother(tx.db, mother_stay["id"]) if b["status"] == "recorded"]
        order = len(previous) + 1
        patient_id, ipp = create_patient_in(tx, session, identity.fields())
        stay_id = new_id()
        nda = tx.take_number("nda")
        tx.set(
            "stay",
            stay_id,
            {
                "nda": nda,
                "patient_id": patient_id,
                "kind": "newborn",
                "mother_stay_id": mother_stay["id"],
                "birth_order": order,
                "created_at": to_storage(tx.now),
            },
        )
        record_movement(  # her stay starts at her birth (which lies within her mother's stay)
            tx, session, stay_id, MovementKind.ADMISSION, when, group_id=new_id(), unit=mother_state.unit, reason="birth"
        )
        birth_id = new_id()
        tx.set(
            "birth",
            birth_id,
            {
                "mother_stay_id": mother_stay["id"],
                "newborn_patient_id": patient_id,
                "newborn_stay_id": stay_id,
                "birth_order": order,
                "at": to_storage(when),
                "sex": sex_code,
                "weight_g": weight,
                "status": "recorded",
            },
        )
        tx.audit("birth.record", "stay", mother_stay["id"], detail={"birth": birth_id, "newborn": patient_id})
        outcome = finish_outcome(session, tx, {"ipp": ipp, "nda": nda, "birth_order": order, "birth_id": birth_id})
    if weight is None:
        outcome.warnings.append(_("Newborn {order} has no weight yet: record it once she is weighed.", order=order))
    return outcome


def record_weight(session: Session, birth_id: str, weight_g: int) -> Outcome:
    """The weight of a baby registered before she was weighed (or a corrected one): journaled and
    audited like any change; the earlier value stays in the journal."""
    session.require(Permission.BIRTH_RECORD)
    adt.check_newborn_weight(int(weight_g))
    with session.store.write(session.user) as tx:
        birth = stay_store.birth(tx.db, birth_id)
        if birth is None or birth["status"] != "recorded":
            raise NotFound("No recorded birth {birth}.", field="birth", birth=birth_id)
        tx.set("birth", birth_id, {"weight_g": int(weight_g)})
        tx.audit("birth.weight", "stay", birth["mother_stay_id"], detail={"birth": birth_id})
        return finish_outcome(session, tx, {"birth_id": birth_id, "weight_g": int(weight_g)})
