"""Shared fixtures: a small ward enrolled in a real temporary data folder, sessions per role, a
controllable clock. Everything runs on real SQLite files on disk."""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path

import nacl.pwhash
import pytest

os.environ.setdefault("CONTINUITY_LANG", "en")  # assertions read English; French is tested on purpose
# Headless, and so are the processes tests start; on a 1024x768 screen, the smallest a ward laptop
# has: a window or dialog that does not fit there fails its test.
SCREEN = Path(__file__).resolve().parent / "offscreen-1024x768.json"
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={SCREEN}"

from continuity import i18n  # noqa: E402
from continuity.core.permissions import Role  # noqa: E402
from continuity.core.ward import parse_ward  # noqa: E402
from continuity.paths import database_path  # noqa: E402
from continuity.reconcile import workspace as _workspaces  # noqa: E402
from continuity.security import vault  # noqa: E402
from continuity.services import demo, kit  # noqa: E402
from continuity.services.session import Session  # noqa: E402
from continuity.store.tx import Store  # noqa: E402

EXAMPLE_WARD = Path(__file__).resolve().parent.parent / "continuity" / "examples" / "ward.toml"
PASSWORD = "correct horse"
START = 1_800_000_000.0  # 2027-01-15T08:00:00Z: a fixed "now" for deterministic tests


class FakeClock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


# IT's workspaces made by the tests derive their key at the interactive cost (0.1 s, not 0.5 s at
# each of the hundreds of openings); the cost is stored with each wrapped key, so a workspace made
# here also opens in a command-line child process. The product's own cost is tested apart
# (tests/test_reconcile.py).
_workspaces.WRAP_OPS, _workspaces.WRAP_MEM = nacl.pwhash.argon2id.OPSLIMIT_INTERACTIVE, nacl.pwhash.argon2id.MEMLIMIT_INTERACTIVE


@pytest.fixture(autouse=True)
def english_messages():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def example_ward_data() -> dict:
    return tomllib.loads(EXAMPLE_WARD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def kit_and_it_keys() -> tuple[dict, dict]:
    """One kit for the whole run (Argon2 hashing and key generation are slow on purpose), and IT's keys."""
    data = example_ward_data()
    data["laptops"] += [{"name": "laptop-4"}, {"name": "laptop-5"}]  # sync tests run up to five
    ward = parse_ward(data)
    built, it_keys, _initial = kit.build_kit(ward, fixed_passwords={u.name: PASSWORD for u in ward.users})
    return built, it_keys


@pytest.fixture(scope="session")
def built_kit(kit_and_it_keys) -> dict:
    return kit_and_it_keys[0]


@pytest.fixture(scope="session")
def it_keys(kit_and_it_keys) -> dict:
    return kit_and_it_keys[1]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


_KEYS: dict[Path, bytes] = {}  # the database keys of this run's folders (never on disk in clear)


def new_store(folder: Path, clock=None) -> Store:
    """A new, encrypted data folder (enrolling it writes its keyring)."""
    key = vault.new_database_key()
    _KEYS[Path(folder).resolve()] = key
    return Store(database_path(folder), key=key, **({"clock": clock} if clock else {}))


def reopen(folder: Path, clock=None) -> Store:
    """An enrolled data folder opened again (a restart): its key from the keyring, with a user's
    password (only once per folder in a run: Argon2 is slow on purpose)."""
    folder = Path(folder).resolve()
    key = _KEYS.get(folder)
    if key is None:
        key = _KEYS[folder] = vault.unlock(vault.read_keyring(folder), "cadre", PASSWORD).database_key
    return Store(database_path(folder), key=key, **({"clock": clock} if clock else {}))


@pytest.fixture
def store(tmp_path: Path, built_kit: dict, clock: FakeClock) -> Store:
    s = new_store(tmp_path / "laptop-1", clock)
    kit.enrol(s, copy.deepcopy(built_kit), "laptop-1")
    yield s
    s.close()


_SIGNING_KEYS: dict[str, object] = {}  # a user's key by its public half, unwrapped once per run


def session_for(store: Store, role: Role) -> Session:
    """A user of this laptop as if she had signed in (her certificate recorded, as sign-in does)."""
    names = {Role.MIDWIFE: "cdurand", Role.CLERK: "accueil", Role.SUPERVISOR: "cadre", Role.IT: "informatique"}
    name = names[role]
    certify(store, name)
    return Session(store, name, role, name)


def certify(store: Store, name: str) -> None:
    from continuity.security import presence
    from continuity.store import users as user_store

    device = store.device()
    if device is None or user_store.certificates(store.db, device["device_id"], {name}):
        return
    entry = ((vault.read_keyring(store.folder) or {}).get("users") or {}).get(name)
    if entry is None:
        return
    verify_key = entry["credential"]["verify_key"]
    if verify_key not in _SIGNING_KEYS:
        try:
            _SIGNING_KEYS[verify_key] = vault.unwrap_credential(entry["credential"], PASSWORD)
        except Exception:  # noqa: BLE001 - a kit made with other passwords: no certificate
            _SIGNING_KEYS[verify_key] = None
    key = _SIGNING_KEYS[verify_key]
    if key is not None:
        user_store.save_certificate(store.db, name, device["device_id"], presence.certify(key, device["ward_id"], device["device_id"], name))


@pytest.fixture
def midwife(store: Store) -> Session:
    return session_for(store, Role.MIDWIFE)


@pytest.fixture
def clerk(store: Store) -> Session:
    return session_for(store, Role.CLERK)


@pytest.fixture
def supervisor(store: Store) -> Session:
    return session_for(store, Role.SUPERVISOR)


@pytest.fixture
def it_user(store: Store) -> Session:
    return session_for(store, Role.IT)


def add_woman(session: Session, birth_name: str = "Martin", first_names: str = "Hélène", birth_date: str = "1990-05-12", **extra) -> str:
    """A new woman. Tests that are not about identity vigilance make many alike (Nom1, Nom2...): the
    clerk is taken to have said each time that this is a different person (tests/test_vigilance.py
    checks that she must)."""
    return demo.add_invented(session, birth_name=birth_name, first_names=first_names, birth_date=birth_date, sex="F", **extra)
