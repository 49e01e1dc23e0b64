"""The ward description IT writes before an outage (units, beds, shifts, staff, users, laptops).

Parsed from plain data (the TOML file, or the decrypted kit) into checked dataclasses; every
mistake names where it is, so IT can fix the file.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from continuity.core.authorities import from_config as interop_from_config
from continuity.core.errors import DomainError
from continuity.core.permissions import parse_role
from continuity.core.rota import rules_from_config

UNIT_KINDS = ("triage", "birth_suite", "antenatal", "postnatal", "neonatal", "other")
STAFF_ROLES = ("SF", "AP", "IDE", "AS", "GYN", "ANE", "PED", "CADRE", "OTHER")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,19}$")


@dataclass(frozen=True)
class BedSpec:
    unit: str
    room: str
    code: str

    @property
    def id(self) -> str:
        return bed_id(self.unit, self.code)


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    uf: str | None
    beds: list[BedSpec]


@dataclass(frozen=True)
class ShiftSpec:
    code: str
    label: str
    start: str
    end: str

    @property
    def hours(self) -> float:
        start, end = time.fromisoformat(self.start), time.fromisoformat(self.end)
        minutes = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
        return (minutes % (24 * 60) or 24 * 60) / 60


@dataclass(frozen=True)
class StaffingSpec:
    unit: str
    shift: str
    role: str
    minimum: int
    optimal: int


@dataclass(frozen=True)
class StaffSpec:
    id: str
    last_name: str
    first_name: str
    role: str
    grade: str | None = None
    skills: list[str] = field(default_factory=list)
    ratio: float = 1.0
    units: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class UserSpec:
    name: str
    display_name: str
    role: str
    staff_id: str | None = None
    password_hash: str | None = None


@dataclass(frozen=True)
class LaptopSpec:
    name: str
    location: str | None = None


@dataclass(frozen=True)
class Numbering:
    ipp_first: int
    ipp_block: int
    nda_first: int
    nda_block: int


@dataclass(frozen=True)
class WardDescription:
    id: str
    name: str
    timezone: str
    numbering: Numbering
    units: list[UnitSpec]
    shifts: list[ShiftSpec]
    staffing: list[StaffingSpec]
    staff: list[StaffSpec]
    users: list[UserSpec]
    laptops: list[LaptopSpec]
    # [rota.rules.<id>] tables: hard, weight, value (core.rota.rules_from_config checks them)
    rota_rules: dict = field(default_factory=dict)
    # [interop]: the hospital's HL7/FHIR authorities and NDA position (core.authorities checks them);
    # kept as given, carried by the kit into IT's workspace
    interop: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def bed_id(unit: str, bed_code: str) -> str:
    return f"{unit}:{bed_code}"


MAX_NUMBER = 9_999_999_999
MAX_BLOCK = 10_000_000


def _problem(where: str, what: str) -> DomainError:
    return DomainError("Ward description, {where}: {what}", field=where, where=where, what=what)


def _text(data: dict, key: str, where: str, required: bool = True) -> str | None:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise _problem(where, f"'{key}' is missing")
        return None
    if not isinstance(value, str):
        raise _problem(where, f"'{key}' must be text")
    return value.strip()


def _code(data: dict, key: str, where: str) -> str:
    value = _text(data, key, where)
    assert value is not None
    if not _CODE.match(value):
        raise _problem(where, f"'{key}' = {value!r} must be 1-20 letters, digits, '-' or '_'")
    return value


def _int(data: dict, key: str, where: str, minimum: int = 0, maximum: int = 1_000_000) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= maximum:
        raise _problem(where, f"'{key}' must be a whole number from {minimum} to {maximum}")
    return value


def _table(data: dict, key: str, where: str) -> dict:
    """A [table] (absent: empty); anything else said as such, not crashed on."""
    value = data.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _problem(where, f"'{key}' must be a table ([{key}])")
    return value


def _list_of(data: dict, key: str, where: str, kind: type, shape: str) -> list:
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, kind) for item in value):
        raise _problem(where, f"'{key}' must be {shape}")
    return value


def _tables(data: dict, key: str, where: str) -> list[dict]:
    """A list of tables ([[key]] or key = [{...}, ...]); anything else said as such."""
    return _list_of(data, key, where, dict, f"a list of tables ([[{key}]])")


def _texts(data: dict, key: str, where: str) -> list[str]:
    return _list_of(data, key, where, str, 'a list of texts, such as ["a", "b"]')


def _unique(items: list, key: str, where: str) -> None:
    seen: set = set()
    for item in items:
        value = getattr(item, key)
        if value in seen:
            raise _problem(where, f"{key} {value!r} appears twice")
        seen.add(value)


def parse_ward(data: dict) -> WardDescription:
    if not isinstance(data, dict):
        raise _problem("ward file", "it must be a TOML document of tables")
    ward = _table(data, "ward", "[ward]")
    ward_id = _code(ward, "id", "[ward]")
    name = _text(ward, "name", "[ward]")
    zone = _text(ward, "timezone", "[ward]", required=False) or "Europe/Paris"
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise _problem("[ward]", f"unknown timezone {zone!r}") from None

    num = _table(data, "numbering", "[numbering]")
    # IPP and NDA are at most 10 digits in the main systems they go back to: every laptop's block must fit.
    numbering = Numbering(
        ipp_first=_int(num, "ipp_first", "[numbering]", 1, MAX_NUMBER),
        ipp_block=_int(num, "ipp_block", "[numbering]", 10, MAX_BLOCK),
        nda_first=_int(num, "nda_first", "[numbering]", 1, MAX_NUMBER),
        nda_block=_int(num, "nda_block", "[numbering]", 10, MAX_BLOCK),
    )

    units = [_parse_unit(u, i) for i, u in enumerate(_tables(data, "units", "[[units]]"))]
    if not units:
        raise _problem("[[units]]", "at least one unit is needed")
    _unique(units, "code", "[[units]]")
    all_beds = [b for u in units for b in u.beds]
    _unique(all_beds, "id", "[[units]] beds")

    shifts = [_parse_shift(s, i) for i, s in enumerate(_tables(data, "shifts", "[[shifts]]"))]
    _unique(shifts, "code", "[[shifts]]")
    unit_codes = {u.code for u in units}
    shift_codes = {s.code for s in shifts}

    staffing = []
    for i, s in enumerate(_tables(data, "staffing", "[[staffing]]")):
        where = f"[[staffing]] #{i + 1}"
        spec = StaffingSpec(
            unit=_text(s, "unit", where) or "",
            shift=_text(s, "shift", where) or "",
            role=_text(s, "role", where) or "",
            minimum=_int(s, "minimum", where),
            optimal=_int(s, "optimal", where) if "optimal" in s else _int(s, "minimum", where),
        )
        if spec.unit not in unit_codes:
            raise _problem(where, f"unknown unit {spec.unit!r}")
        if spec.shift not in shift_codes:
            raise _problem(where, f"unknown shift {spec.shift!r}")
        if spec.role not in STAFF_ROLES:
            raise _problem(where, f"unknown staff role {spec.role!r} (one of {', '.join(STAFF_ROLES)})")
        if spec.optimal < spec.minimum:
            raise _problem(where, "'optimal' is below 'minimum'")
        staffing.append(spec)

    staff = [_parse_staff(s, i, unit_codes) for i, s in enumerate(_tables(data, "staff", "[[staff]]"))]
    _unique(staff, "id", "[[staff]]")
    staff_ids = {s.id for s in staff}

    users = []
    for i, u in enumerate(_tables(data, "users", "[[users]]")):
        where = f"[[users]] #{i + 1}"
        role = _text(u, "role", where) or ""
        try:
            parse_role(role)
        except DomainError:
            raise _problem(where, f"unknown role {role!r} (midwife, clerk, supervisor or it)") from None
        staff_id = _text(u, "staff_id", where, required=False)
        if staff_id and staff_id not in staff_ids:
            raise _problem(where, f"unknown staff_id {staff_id!r}")
        users.append(
            UserSpec(
                name=_code(u, "name", where),
                display_name=_text(u, "display_name", where, required=False) or u["name"],
                role=role,
                staff_id=staff_id,
                password_hash=_text(u, "password_hash", where, required=False),
            )
        )
    if not users:
        raise _problem("[[users]]", "at least one user is needed")
    _unique(users, "name", "[[users]]")

    laptops = [
        LaptopSpec(name=_code(lp, "name", f"[[laptops]] #{i + 1}"), location=_text(lp, "location", "", required=False))
        for i, lp in enumerate(_tables(data, "laptops", "[[laptops]]"))
    ]
    if not laptops:
        raise _problem("[[laptops]]", "at least one laptop is needed")
    for kind, first, block in (("ipp", numbering.ipp_first, numbering.ipp_block), ("nda", numbering.nda_first, numbering.nda_block)):
        if first + block * len(laptops) > MAX_NUMBER + 1:
            raise _problem("[numbering]", f"{len(laptops)} blocks of {block} {kind.upper()} numbers from {first} go beyond {MAX_NUMBER}")
    _unique(laptops, "name", "[[laptops]]")

    rota_rules = _table(_table(data, "rota", "[rota]"), "rules", "[rota.rules]")
    try:
        rules_from_config(rota_rules)
    except DomainError as error:
        raise _problem("[rota.rules]", error.localized("en")) from None
    except (TypeError, ValueError, AttributeError, KeyError):
        raise _problem("[rota.rules]", "a rule has a value of the wrong type") from None

    interop = _table(data, "interop", "[interop]")
    interop_from_config(interop)  # a bad OID or namespace is refused here, its key named (field interop.<key>)

    return WardDescription(ward_id, name or ward_id, zone, numbering, units, shifts, staffing, staff, users, laptops, rota_rules,
                           interop)


def _parse_unit(data: dict, index: int) -> UnitSpec:
    where = f"[[units]] #{index + 1}"
    code = _code(data, "code", where)
    kind = _text(data, "kind", where) or ""
    if kind not in UNIT_KINDS:
        raise _problem(where, f"unknown kind {kind!r} (one of {', '.join(UNIT_KINDS)})")
    beds: list[BedSpec] = []
    for room in _tables(data, "rooms", where + " rooms"):
        room_code = _code(room, "code", where + " room")
        bed_codes = _texts(room, "beds", f"{where} room {room_code}") or [room_code]
        for bed_code in bed_codes:
            if not isinstance(bed_code, str) or not _CODE.match(bed_code):
                raise _problem(where, f"bed {bed_code!r} in room {room_code} is not a valid code")
            beds.append(BedSpec(code, room_code, bed_code))
    return UnitSpec(code, _text(data, "name", where) or code, kind, _text(data, "uf", where, required=False), beds)


def _parse_shift(data: dict, index: int) -> ShiftSpec:
    where = f"[[shifts]] #{index + 1}"
    start, end = _text(data, "start", where) or "", _text(data, "end", where) or ""
    for value in (start, end):
        try:
            time.fromisoformat(value)
        except ValueError:
            raise _problem(where, f"time {value!r} must be HH:MM") from None
    return ShiftSpec(_code(data, "code", where), _text(data, "label", where) or data["code"], start, end)


def _parse_staff(data: dict, index: int, unit_codes: set[str]) -> StaffSpec:
    where = f"[[staff]] #{index + 1}"
    role = _text(data, "role", where) or ""
    if role not in STAFF_ROLES:
        raise _problem(where, f"unknown staff role {role!r} (one of {', '.join(STAFF_ROLES)})")
    ratio = data.get("ratio", 1.0)
    if not isinstance(ratio, (int, float)) or not 0 < ratio <= 1:
        raise _problem(where, "'ratio' must be between 0 and 1")
    units = _texts(data, "units", where)
    for unit in units:
        if unit not in unit_codes:
            raise _problem(where, f"unknown unit {unit!r}")
    return StaffSpec(
        id=_code(data, "id", where),
        last_name=_text(data, "last_name", where) or "",
        first_name=_text(data, "first_name", where) or "",
        role=role,
        grade=_text(data, "grade", where, required=False),
        skills=_texts(data, "skills", where),
        ratio=float(ratio),
        units=units,
    )


def ward_from_dict(data: dict) -> WardDescription:
    """Rebuild a description saved with ``to_dict`` (inside a kit)."""
    return WardDescription(
        id=data["id"],
        name=data["name"],
        timezone=data["timezone"],
        numbering=Numbering(**data["numbering"]),
        units=[UnitSpec(**{**u, "beds": [BedSpec(**b) for b in u["beds"]]}) for u in data["units"]],
        shifts=[ShiftSpec(**s) for s in data["shifts"]],
        staffing=[StaffingSpec(**s) for s in data["staffing"]],
        staff=[StaffSpec(**s) for s in data["staff"]],
        users=[UserSpec(**u) for u in data["users"]],
        laptops=[LaptopSpec(**lp) for lp in data["laptops"]],
        rota_rules=data.get("rota_rules") or {},
        interop=data.get("interop") or {},
    )
