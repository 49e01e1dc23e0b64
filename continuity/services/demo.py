"""An invented demo ward, ready to use: units, beds, staff, users, a kit for 4 laptops, a history
of past stays and births, and the ward as it is now. Every person is made up (Faker, fr_FR).

Users ``demo-midwife``, ``demo-clerk``, ``demo-supervisor`` and ``demo-it`` have the password
``demo``; the kit passphrase is ``demo``. A demo ward only.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path

from faker import Faker

from continuity.core.errors import DomainError
from continuity.core.permissions import Role
from continuity.core.times import to_storage
from continuity.core.ward import (
    BedSpec,
    LaptopSpec,
    Numbering,
    ShiftSpec,
    StaffingSpec,
    StaffSpec,
    UnitSpec,
    UserSpec,
    WardDescription,
)
from continuity.paths import database_path
from continuity.services import adt, births, common, identity, kit
from continuity.services.common import new_id
from continuity.services.session import Session, certify_here
from continuity.services.vigilance import PossibleDuplicate
from continuity.store import patients as patient_store
from continuity.store import stays as stay_store
from continuity.security import vault
from continuity.store.tx import Store, WriteTx, insert_many

DEMO_PASSWORD = "demo"
DEMO_PASSPHRASE = "demo"
DEMO_IT_PASSPHRASE = "demo-it"
DEMO_USERS = {"demo-midwife": Role.MIDWIFE, "demo-clerk": Role.CLERK, "demo-supervisor": Role.SUPERVISOR, "demo-it": Role.IT}
CHUNK = 5000
DEMO_WARD_ID = "demo-maternite"

_UNITS = [
    ("URG", "Urgences obstétricales", "triage", "4101", [f"U{i}" for i in range(1, 5)]),
    ("SDN", "Salle de naissance", "birth_suite", "4102", [f"SN{i}" for i in range(1, 9)]),
    ("GHR", "Grossesses pathologiques", "antenatal", "4103", [str(200 + i) for i in range(1, 9)]),
    ("SDC", "Suites de couches", "postnatal", "4104", [str(300 + i) for i in range(1, 17)]),
    ("NEO", "Néonatologie", "neonatal", "4105", [f"N{i}" for i in range(1, 7)]),
]
_STAFF_MIX = [("SF", 30), ("AP", 15), ("IDE", 10), ("AS", 12), ("GYN", 6), ("ANE", 3), ("PED", 4)]
_ROLE_UNITS = {"SF": ["SDN", "URG", "GHR", "SDC"], "AP": ["SDC", "NEO"], "IDE": ["GHR", "NEO"], "AS": ["SDC", "GHR"],
               "GYN": ["SDN", "URG"], "ANE": ["SDN"], "PED": ["NEO"]}


def demo_ward(fake: Faker, rng: random.Random) -> WardDescription:
    units = [UnitSpec(code, name, kind, uf, [BedSpec(code, bed, bed) for bed in beds]) for code, name, kind, uf, beds in _UNITS]
    shifts = [
        ShiftSpec("J", "Jour 12 h", "07:00", "19:00"),
        ShiftSpec("N", "Nuit 12 h", "19:00", "07:00"),
        ShiftSpec("M", "Matin", "07:00", "14:30"),
    ]
    staffing = [
        StaffingSpec("SDN", "J", "SF", 3, 4), StaffingSpec("SDN", "N", "SF", 3, 3),
        StaffingSpec("SDN", "J", "GYN", 1, 1), StaffingSpec("SDN", "N", "GYN", 1, 1),
        StaffingSpec("URG", "J", "SF", 1, 2), StaffingSpec("URG", "N", "SF", 1, 1),
        StaffingSpec("GHR", "J", "SF", 1, 1), StaffingSpec("GHR", "N", "SF", 1, 1), StaffingSpec("GHR", "M", "AS", 1, 2),
        StaffingSpec("SDC", "J", "SF", 2, 2), StaffingSpec("SDC", "N", "SF", 1, 2), StaffingSpec("SDC", "M", "AP", 2, 3),
        StaffingSpec("SDC", "N", "AP", 1, 1), StaffingSpec("NEO", "J", "IDE", 1, 2), StaffingSpec("NEO", "N", "IDE", 1, 1),
        StaffingSpec("NEO", "J", "PED", 1, 1),
    ]
    staff = []
    for role, count in _STAFF_MIX:
        for _ in range(count):
            female = rng.random() < 0.85
            staff.append(
                StaffSpec(
                    id=f"S{len(staff) + 1:03d}",
                    last_name=fake.last_name(),
                    first_name=fake.first_name_female() if female else fake.first_name_male(),
                    role=role,
                    skills=["birth_suite"] if role == "SF" and rng.random() < 0.6 else (["neonatology"] if role in ("AP", "IDE", "PED") and rng.random() < 0.5 else []),
                    ratio=rng.choice([1.0, 1.0, 1.0, 0.8, 0.5]),
                    units=rng.sample(_ROLE_UNITS[role], k=min(2, len(_ROLE_UNITS[role]))),
                )
            )
    users = [UserSpec(name, f"Démo {role.value}", role.value) for name, role in DEMO_USERS.items()]
    laptops = [LaptopSpec(f"laptop-{i}", location) for i, location in enumerate(["Salle de naissance", "Suites de couches", "Accueil", "Cadre"], 1)]
    return WardDescription(DEMO_WARD_ID, "Maternité de démonstration", "Europe/Paris",
                           Numbering(900000000, 1_000_000, 700000000, 1_000_000), units, shifts, staffing, staff, users, laptops)


def demo_ward_id() -> str:
    return DEMO_WARD_ID


class _NamePool:
    """Faker is slow per call: draw pools once, then combine at random (fast for 100 000 people)."""

    def __init__(self, fake: Faker, rng: random.Random) -> None:
        self.rng = rng
        self.last = sorted({fake.last_name() for _ in range(3000)})
        self.female = sorted({fake.first_name_female() for _ in range(1500)})
        self.male = sorted({fake.first_name_male() for _ in range(1500)})

    def woman(self) -> tuple[str, str | None, list[str]]:
        birth_name = self.rng.choice(self.last)
        used = self.rng.choice(self.last) if self.rng.random() < 0.45 else None
        firsts = [self.rng.choice(self.female)] + ([self.rng.choice(self.female)] if self.rng.random() < 0.3 else [])
        return birth_name, used, firsts


def build_demo(folder: Path, *, patients: int = 300, seed: int = 2022, kit_out: Path | None = None, rota_seconds: float = 6.0) -> dict:
    if vault.read_keyring(folder) is not None or database_path(folder).exists():
        raise DomainError(
            "The data folder {folder} already holds a ward: choose another --data-dir for a demo.", folder=str(folder)
        )
    store = Store(database_path(folder), key=vault.new_database_key())
    try:
        if store.device() is not None:
            raise DomainError(
                "The data folder {folder} already holds a ward: choose another --data-dir for a demo.", folder=str(folder)
            )
        rng = random.Random(seed)
        fake = Faker("fr_FR")
        fake.seed_instance(seed)
        ward = demo_ward(fake, rng)
        built, it_payload, _initial = kit.build_kit(ward, fixed_passwords={name: DEMO_PASSWORD for name in DEMO_USERS})
        if kit_out is not None:
            kit.write_kit(built, it_payload, kit_out, DEMO_PASSPHRASE, DEMO_IT_PASSPHRASE)
        kit.enrol(store, built, "laptop-1")
        for name in DEMO_USERS:  # as if each had signed in: the changes the demo makes are credited to them
            certify_here(store, name, DEMO_PASSWORD)
        pool = _NamePool(fake, rng)
        current = _current_ward(store, pool, rng)
        history = _history(store, pool, rng, max(0, patients - current))
        occupied = stay_store.occupied_bed_count(store.db)
        if rota_seconds > 0:
            _rota(store, rota_seconds)
        return {"folder": str(folder), "patients": current + history, "occupied_beds": occupied, "kit": str(kit_out) if kit_out else None,
                "users": list(DEMO_USERS), "password": DEMO_PASSWORD}
    finally:
        store.close()


def _rota(store: Store, seconds: float) -> None:
    """This week filled by the solver and published, copied onto next week as a draft, and a
    midwife off sick for three days of it: holes for the supervisor to fill."""
    from continuity.services import rota  # the solver is loaded only for the demo's rota

    supervisor = Session(store, "demo-supervisor", Role.SUPERVISOR, "Démo cadre")
    monday = rota.week_start(common.today(supervisor))
    rota.fill(supervisor, monday, 1, time_limit_s=seconds)
    rota.publish(supervisor, monday, 1)
    rota.copy_week(supervisor, monday, monday + timedelta(days=7))
    sick = next(c for c in rota.grid(supervisor, monday + timedelta(days=7), 1)["cells"] if c["unit"] == "SDN")
    start = date.fromisoformat(sick["day"])
    rota.absent(supervisor, sick["staff"], start, start + timedelta(days=2), "MAL")


def _history(store: Store, pool: _NamePool, rng: random.Random, count: int) -> int:
    """Past stays (admission, sometimes a transfer, discharge) and births, written in bulk."""
    now = store.now()
    made = 0
    while made < count:
        batch = min(CHUNK, count - made)
        with store.write("demo-clerk") as tx:
            made += _history_batch(tx, pool, rng, batch, now)
    return made


def _history_batch(tx: WriteTx, pool: _NamePool, rng: random.Random, count: int, now: datetime) -> int:
    patients, stays, movements, birth_rows = [], [], [], []
    mothers = []
    planned = 0
    while planned < count:
        has_baby = planned + 2 <= count and rng.random() < 0.6
        mothers.append(has_baby)
        planned += 2 if has_baby else 1
    ipps = iter(tx.take_numbers("ipp", planned))
    ndas = iter(tx.take_numbers("nda", planned))
    stamp = to_storage(tx.now)

    def person(birth_name: str, used: str | None, firsts: list[str], born: date, sex: str) -> str:
        pid = new_id()
        patients.append((pid, {
            "ipp": next(ipps), "birth_name": birth_name, "used_name": used, "first_names": firsts,
            "birth_date": born.isoformat(), "sex": sex, "birth_place": None, "ins": None, "ins_kind": None,
            "address": None, "phone": None, "identity_status": "PROV", "record_status": "active",
            "created_at": stamp, "created_by": "demo-clerk", "created_device": tx.device_id,
            **patient_store.name_columns(birth_name, used, firsts, None),
        }))
        return pid

    def stay(pid: str, kind: str, mother: str | None, admitted: datetime, discharged: datetime, unit: str, bed: str | None) -> str:
        sid = new_id()
        stays.append((sid, {
            "nda": next(ndas), "patient_id": pid, "status": "discharged", "unit": unit, "bed_id": bed, "kind": kind,
            "mother_stay_id": mother, "with_mother": 1 if mother else 0, "birth_order": 1 if mother else None,
            "admitted_at": to_storage(admitted), "discharged_at": to_storage(discharged), "destination": "home",
            "reason": None, "created_at": stamp,
        }))
        return sid

    def move(sid: str, kind: str, at: datetime, unit: str | None, bed: str | None, group: str) -> None:
        movements.append((new_id(), {
            "stay_id": sid, "kind": kind, "at": to_storage(at), "entered_at": stamp, "entered_by": "demo-clerk",
            "hlc": tx.hlc, "unit": unit, "bed_id": bed, "destination": "home" if kind == "discharge" else None,
            "reason": None, "group_id": group, "cancelled": 0,
        }))

    for has_baby in mothers:
        birth_name, used, firsts = pool.woman()
        born = date(rng.randint(1978, 2006), rng.randint(1, 12), rng.randint(1, 28))
        pid = person(birth_name, used, firsts, born, "F")
        admitted = now - timedelta(days=rng.randint(10, 3 * 365), minutes=rng.randint(0, 1439))
        # Stays of the years before the outage, as the main system kept them: units, not beds (a
        # ward of 32 beds could not have held 100 000 stays in three years, one patient a bed at a time).
        first_unit, first_bed = rng.choice(["SDN", "GHR"]), None
        last_unit, last_bed = "SDC", None
        transferred = admitted + timedelta(hours=rng.randint(4, 30))
        discharged = transferred + timedelta(days=rng.randint(2, 5))
        sid = stay(pid, "standard", None, admitted, discharged, last_unit, last_bed)
        move(sid, "admission", admitted, first_unit, first_bed, new_id())
        transfer_group, discharge_group = new_id(), new_id()
        move(sid, "transfer", transferred, last_unit, last_bed, transfer_group)
        move(sid, "discharge", discharged, None, None, discharge_group)
        if has_baby:
            birth_at = transferred - timedelta(hours=2)
            sex = rng.choice("FM")
            baby_first = [rng.choice(pool.female if sex == "F" else pool.male)]
            nid = person(used or birth_name, None, baby_first, birth_at.date(), sex)
            nsid = stay(nid, "newborn", sid, birth_at, discharged, last_unit, None)
            move(nsid, "admission", birth_at, first_unit, None, new_id())
            move(nsid, "transfer", transferred, last_unit, None, transfer_group)
            move(nsid, "discharge", discharged, None, None, discharge_group)
            birth_rows.append((new_id(), {"mother_stay_id": sid, "newborn_patient_id": nid, "newborn_stay_id": nsid,
                                          "birth_order": 1, "at": to_storage(birth_at), "sex": sex,
                                          "weight_g": rng.randint(2300, 4300), "status": "recorded"}))
    insert_many(tx, "patient", patients)
    insert_many(tx, "stay", stays)
    insert_many(tx, "movement", movements)
    insert_many(tx, "birth", birth_rows)
    tx.audit("demo.history", detail={"patients": len(patients)})
    return len(patients)


def add_invented(session: Session, **fields: object) -> str:
    """Register an invented person (the demo, the benches, the soak): a namesake the matcher finds is
    declared a different person, as the clerk would after looking. Returns her IPP."""
    try:
        return identity.add_patient(session, **fields).values["ipp"]
    except PossibleDuplicate as known:
        return identity.add_patient(session, **fields, different_from=[c["ipp"] for c in known.candidates]).values["ipp"]


def _current_ward(store: Store, pool: _NamePool, rng: random.Random) -> int:
    """Today's ward through the ordinary services, as midwives and clerks would have typed it."""
    clerk = Session(store, "demo-clerk", Role.CLERK, "Démo clerk")
    midwife = Session(store, "demo-midwife", Role.MIDWIFE, "Démo midwife")
    now = store.now()
    made = 0

    def new_mother(unit: str, bed: str, hours_ago: float) -> str:
        nonlocal made
        birth_name, used, firsts = pool.woman()
        born = date(rng.randint(1982, 2005), rng.randint(1, 12), rng.randint(1, 28))
        ipp = add_invented(clerk, birth_name=birth_name, used_name=used, first_names=firsts, birth_date=born, sex="F")
        made += 1
        return adt.admit(clerk, ipp, unit=unit, bed=bed, at=now - timedelta(hours=hours_ago)).values["nda"]

    adt.close_bed(midwife, "SDN", "SN7", "Plan blanc : salle fermée")
    adt.close_bed(midwife, "SDN", "SN8", "Plan blanc : salle fermée")
    for bed in ("U1", "U3"):
        new_mother("URG", bed, rng.uniform(0.5, 3))
    for bed in ("SN1", "SN2", "SN4", "SN5"):
        new_mother("SDN", bed, rng.uniform(1, 9))
    for bed in ("201", "202", "203", "205", "206", "208"):
        new_mother("GHR", bed, rng.uniform(20, 200))
    adt.leave(clerk, new_mother("GHR", "207", 50), at=now - timedelta(hours=3), reason="permission")
    neonatal_beds = iter(["N1", "N2", "N4"])
    for index, bed in enumerate(str(300 + i) for i in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 14, 15)):
        # One birth room after the other: each woman leaves SN3 or SN6 (6 hours after arriving)
        # before the next one arrives there, as a bed holds one patient at a time.
        hours = 90 - 7 * (index // 2) - rng.uniform(0, 0.5)
        nda = new_mother("SDN", "SN3" if index % 2 else "SN6", hours)
        twins = index == 4
        for _ in range(2 if twins else 1):
            births.record_birth(midwife, nda, sex=rng.choice("FM"), weight_g=rng.randint(1900 if twins else 2500, 4200), at=now - timedelta(hours=hours - 4))
            made += 1
        adt.transfer(midwife, nda, unit="SDC", bed=bed, at=now - timedelta(hours=hours - 6))
        if index in (1, 7, 10):
            newborn_nda = _newborn_ndas(store, nda)[0]
            adt.transfer(midwife, newborn_nda, unit="NEO", bed=next(neonatal_beds), at=now - timedelta(hours=hours - 8))
    # Two discharges this morning.
    for bed in ("313", "316"):
        nda = new_mother("GHR", "204", 72) if bed == "313" else new_mother("URG", "U2", 30)
        if bed == "313":
            adt.transfer(midwife, nda, unit="SDC", bed=bed, at=now - timedelta(hours=48))
        adt.discharge(clerk, nda, destination="home", at=now - timedelta(minutes=rng.randint(10, 120)))
    return made


def _newborn_ndas(store: Store, mother_nda: str) -> list[str]:
    mother = stay_store.by_nda(store.db, mother_nda)
    assert mother is not None
    return [b["nda"] for b in stay_store.newborns_with_mother(store.db, mother["id"])]
