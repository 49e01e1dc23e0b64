"""Who may do what. Enforced by the service layer for every operation, whatever the face (CLI, UI)."""

from __future__ import annotations

from enum import StrEnum

from continuity.core.errors import DomainError, PermissionDenied


class Role(StrEnum):
    MIDWIFE = "midwife"
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    IT = "it"


class Permission(StrEnum):
    PATIENT_READ = "patient.read"
    PATIENT_CREATE = "patient.create"
    PATIENT_UPDATE = "patient.update"
    STAY_ADMIT = "stay.admit"
    STAY_TRANSFER = "stay.transfer"
    STAY_LEAVE = "stay.leave"
    STAY_DISCHARGE = "stay.discharge"
    BIRTH_RECORD = "birth.record"
    MOVEMENT_CANCEL = "movement.cancel"
    BED_MANAGE = "bed.manage"
    CENSUS_READ = "census.read"
    AUDIT_READ = "audit.read"
    AUDIT_VERIFY = "audit.verify"
    DB_CHECK = "db.check"
    ROTA_READ = "rota.read"
    ROTA_EDIT = "rota.edit"
    PRINT = "print"
    EXPORT = "export"
    SYNC = "sync"
    CONFLICT_RESOLVE = "conflict.resolve"
    RECONCILE = "reconcile"
    CENSUS_LOAD = "census.load"  # the main system's census loaded before an outage


_ADT_WRITE = {
    Permission.PATIENT_CREATE,
    Permission.PATIENT_UPDATE,
    Permission.STAY_ADMIT,
    Permission.STAY_TRANSFER,
    Permission.STAY_LEAVE,
    Permission.STAY_DISCHARGE,
    Permission.MOVEMENT_CANCEL,
}
_READ = {Permission.PATIENT_READ, Permission.CENSUS_READ, Permission.ROTA_READ, Permission.SYNC}

MATRIX: dict[Role, frozenset[Permission]] = {
    # Midwives do everything at the bedside: identities, movements, births, closing a bed.
    Role.MIDWIFE: frozenset(_READ | _ADT_WRITE | {Permission.BIRTH_RECORD, Permission.BED_MANAGE, Permission.PRINT}),
    # Clerks register identities and movements and print labels; they do not record births.
    Role.CLERK: frozenset(_READ | _ADT_WRITE | {Permission.PRINT}),
    # Supervisors run the ward: everything a midwife does, plus the rota and the audit history.
    Role.SUPERVISOR: frozenset(
        _READ
        | _ADT_WRITE
        | {
            Permission.BIRTH_RECORD,
            Permission.BED_MANAGE,
            Permission.PRINT,
            Permission.ROTA_EDIT,
            Permission.AUDIT_READ,
            Permission.AUDIT_VERIFY,
            Permission.DB_CHECK,
            Permission.CENSUS_LOAD,
        }
    ),
    # IT checks, reconciles and exports; it corrects identities and loads the main system's census (what
    # the main system recorded), but records no clinical movement of its own.
    Role.IT: frozenset(
        _READ
        | {
            Permission.PATIENT_UPDATE,
            Permission.AUDIT_READ,
            Permission.AUDIT_VERIFY,
            Permission.DB_CHECK,
            Permission.EXPORT,
            Permission.PRINT,
            Permission.CONFLICT_RESOLVE,
            Permission.RECONCILE,
            Permission.CENSUS_LOAD,
        }
    ),
}


def parse_role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise DomainError("Unknown role {role}.", field="role", role=value) from None


def allowed(role: Role, permission: Permission) -> bool:
    return permission in MATRIX[role]


def require(role: Role, permission: Permission) -> None:
    if not allowed(role, permission):
        raise PermissionDenied(
            "Your role ({role}) does not allow this operation ({permission}).",
            role=role.value,
            permission=permission.value,
        )
