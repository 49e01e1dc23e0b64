"""Laptops for the sync benchmarks: one kit, a reader and many writers enrolled from it, each writer
holding a realistic journal (past stays and births, as the demo ward writes them) exported into one
shared folder on disk. None of this is timed."""

from __future__ import annotations

import copy
import random
import tomllib
from dataclasses import dataclass
from pathlib import Path

from faker import Faker

from continuity.sync.folder import mark
from continuity.core.ward import parse_ward
from continuity.paths import database_path
from continuity.security import vault
from continuity.services import demo, kit
from continuity.services.session import certify_here
from continuity.store.tx import Store
from continuity.sync.engine import SyncEngine, SyncReport

EXAMPLE_WARD = Path(demo.__file__).resolve().parent.parent / "examples" / "ward.toml"
READER = "laptop-1"
# demo._history_batch writes about 33 journal entries per person (a mother: identity, stay, three
# movements; six in ten also a baby with its own stay, movements and birth record).
ENTRIES_PER_PERSON = 33
# People per write transaction: a bulk import's size, so that a writer's journal (and its bundle)
# holds many transactions, as a day's work would, while preparing 50 laptops stays quick.
PERSONS_PER_TX = 50


IT_KEYS: dict[str, dict] = {}  # kit id -> IT's keys of that kit


@dataclass
class Writer:
    name: str
    store: Store
    entries: int  # journal entries written, all exported


def build_kit(laptops: int) -> dict:
    """The example ward's kit, with ``laptops`` laptops (the example has three)."""
    data = tomllib.loads(EXAMPLE_WARD.read_text(encoding="utf-8"))
    data["laptops"] = [{"name": f"laptop-{i}"} for i in range(1, laptops + 1)]
    # Fixed passwords: the generated ones are never used, and Argon2 hashes them either way.
    built, it_keys, _initial = kit.build_kit(parse_ward(data), fixed_passwords={u["name"]: PASSWORD for u in data["users"]})
    IT_KEYS[built["kit_id"]] = it_keys  # for IT's reconciliation bench
    return built


WRITER_USER = "accueil"  # a user of the example ward: the changes are hers, certified as the app does
PASSWORD = "bench-password"


def enrol(folder: Path, built: dict, name: str, *, encrypted: bool = True) -> Store:
    """An enrolled laptop: encrypted as every laptop is (``encrypted=False``: the same in clear, the
    baseline the encryption's cost is read against)."""
    store = Store(database_path(folder), key=vault.new_database_key() if encrypted else None)
    # Each laptop gets its own copy: enrol must not see what an earlier enrolment did to the dict.
    kit.enrol(store, copy.deepcopy(built), name)
    return store


def write_changes(store: Store, pool: demo._NamePool, rng: random.Random, changes: int) -> int:
    """About ``changes`` journal entries, in transactions of PERSONS_PER_TX people; the exact count written."""
    written = 0
    now = store.now()
    # Stop within half a person of the target rather than overshoot by a whole one.
    while changes - written > ENTRIES_PER_PERSON // 2:
        persons = max(1, min(PERSONS_PER_TX, round((changes - written) / ENTRIES_PER_PERSON)))
        with store.write(WRITER_USER) as tx:
            demo._history_batch(tx, pool, rng, persons, now)
            written += tx.journaled
    return written


def prepare(root: Path, writers: int, changes: int, seed: int) -> tuple[dict, Store, list[Writer], Path]:
    """Kit, reader (laptop-1), writers (laptop-2...) with their changes exported to ``root/share``."""
    built = build_kit(writers + 1)
    share = root / "share"
    share.mkdir(parents=True, exist_ok=True)
    mark(share, built["ward"]["id"])  # as choosing the folder does
    rng = random.Random(seed)
    fake = Faker("fr_FR")
    fake.seed_instance(seed)
    pool = demo._NamePool(fake, rng)  # Faker is slow per call: one pool of names for every writer
    reader = enrol(root / READER, built, READER)
    made: list[Writer] = []
    for index in range(2, writers + 2):
        name = f"laptop-{index}"
        store = enrol(root / name, built, name)
        certify_here(store, WRITER_USER, PASSWORD)  # as her signing in on that laptop does
        entries = write_changes(store, pool, rng, changes)
        report = SyncReport()
        SyncEngine(store, share, user="bench").export(report)
        if report.exported_entries != entries or report.folder_error:
            raise SystemExit(f"bench: {name} exported {report.exported_entries} of {entries} changes ({report.folder_error})")
        made.append(Writer(name, store, entries))
    return built, reader, made, share
