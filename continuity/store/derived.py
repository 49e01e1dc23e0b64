"""Values every laptop recomputes from replicated data instead of shipping them (see NOT_JOURNALED).

Used by the services after a local change and by sync after applying other laptops' changes, so the
two paths can never compute them differently.
"""

from __future__ import annotations

from continuity.core import adt
from continuity.core.adt import MovementKind
from continuity.core.times import to_storage
from continuity.store import stays as stay_store
from continuity.store.tx import WriteTx


def refresh_stay(tx: WriteTx, stay_id: str) -> None:
    """A stay's status and place are what its live movements say: write only what changed."""
    stay = stay_store.by_id(tx.db, stay_id)
    if stay is None:
        return  # its movements arrived before the stay itself: refreshed when the stay arrives
    _refresh(tx, stay, stay_store.movement_rows(tx.db, stay_id))


def refresh_stays(tx: WriteTx, stay_ids: list[str]) -> None:
    """The same for many stays (a bundle's worth), read in a few queries instead of two per stay."""
    stays, movements = stay_store.stays_with_movements(tx.db, stay_ids)
    changes = [(stay["id"], _derived_changes(stay, movements.get(stay["id"], []))) for stay in stays]
    # Derived columns are never journaled (NOT_JOURNALED): written straight, rows of one shape at once.
    stay_store.write_derived(tx.db, [(stay_id, changed) for stay_id, changed in changes if changed])


def _refresh(tx: WriteTx, stay: dict, rows: list[dict]) -> None:
    changed = _derived_changes(stay, rows)
    if changed:
        tx.set("stay", stay["id"], changed)


def _derived_changes(stay: dict, rows: list[dict]) -> dict:
    state = adt.replay(stay_store.to_movement(r) for r in rows)
    live_discharge = [r for r in rows if r["kind"] == MovementKind.DISCHARGE and not r["cancelled"]]
    wanted = {
        "status": state.status,
        "unit": state.unit,
        "bed_id": state.bed_id,
        "admitted_at": to_storage(state.admitted_at) if state.admitted_at else None,
        "discharged_at": to_storage(state.discharged_at) if state.discharged_at else None,
        "destination": live_discharge[-1]["destination"] if live_discharge else None,
        # A newborn without a bed of its own is with its mother: derived, so a cancelled or merged
        # transfer can never leave it "nowhere".
        "with_mother": int(stay.get("kind") == "newborn" and state.bed_id is None),
    }
    return {k: v for k, v in wanted.items() if stay.get(k) != v}
