"""Laptops for sync tests: several enrolled data folders from one kit, and a shared folder."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

from continuity.core.permissions import Role
from continuity.services import kit
from continuity.services import sync as sync_service
from continuity.services.session import Session
from continuity.store import replication
from continuity.store.tx import Store
from continuity.sync.engine import SyncEngine
from continuity.sync.folder import mark
from tests.conftest import certify, new_store, session_for


@dataclass
class Laptop:
    name: str
    store: Store
    engine: SyncEngine

    def session(self, role: Role = Role.MIDWIFE) -> Session:
        return session_for(self.store, role)

    def sync(self):
        """A pass as the window and the command line make it (with the look at the records that arrived)."""
        return sync_service.sync_pass(self.engine, self.session())

    def state(self) -> str:
        return replication.state_hash(self.store.db)

    @property
    def subfolder(self) -> Path:
        device = self.store.device()
        return self.engine.root / f"{device['device_name']}--{device['device_id']}"


def make_laptops(tmp_path: Path, built_kit: dict, count: int, share: Path | None = None, clock=None) -> list[Laptop]:
    share = share or tmp_path / "share"
    share.mkdir(parents=True, exist_ok=True)
    mark(share, built_kit["ward"]["id"])  # as choosing the folder does
    laptops = []
    for index in range(count):
        name = f"laptop-{index + 1}"
        store = new_store(tmp_path / name, clock)
        kit.enrol(store, copy.deepcopy(built_kit), name)
        certify(store, "cadre")  # the user the sync passes act for (renumbering after a restore is journaled)
        laptops.append(Laptop(name, store, SyncEngine(store, share, user="cadre", settle_seconds=0)))
    return laptops


def sync_all(laptops: list[Laptop], rounds: int = 2) -> None:
    for _ in range(rounds):
        for laptop in laptops:
            laptop.sync()
