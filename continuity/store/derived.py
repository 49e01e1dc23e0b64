"""Values every laptop recomputes from replicated data instead of shipping them (see NOT_JOURNALED).

Used by the services after a local change and by sync after applying other laptops' changes, so the
two paths can never compute them differently.
"""

from __future__ import annotations

import re

from continuity.core import adt
from continuity.core.adt import MovementKind
from continuity.core.times import to_storage
from continuity.store import stays as stay_store
from continuity.store.stays import MovementRow
from continuity.store.tx import WriteTx


def refresh_stay(tx: WriteTx, stay_id: str) -> None:
    """A stay's status and place are what its live movements say: write only what changed. A stay
    whose movements arrived before the stay itself is refreshed when the stay arrives."""
    refresh_stays(tx, [stay_id])


def refresh_stays(tx: WriteTx, stay_ids: list[str]) -> None:
    """The same for many stays (a bundle's worth), read in a few queries instead of two per stay."""
    stays, movements = stay_store.stays_with_movements(tx.db, stay_ids)
    changes = [(stay["id"], _derived_changes(stay, movements.get(stay["id"], []))) for stay in stays]
    # Derived columns are never journaled (NOT_JOURNALED): written straight, rows of one shape at once.
    stay_store.write_derived(tx.db, [(stay_id, changed) for stay_id, changed in changes if changed])


_STORED_SHAPE = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def _replayed(rows: list[MovementRow]) -> tuple[adt.StayState, str | None, str | None]:
    """The stay's state, and its admission and discharge times as stored text."""
    if all(type(r.at) is str and _STORED_SHAPE.fullmatch(r.at) for r in rows):
        state = adt.replay(rows)  # type: ignore[arg-type]  # times as stored text: they sort as times do
        return state, state.admitted_at, state.discharged_at  # type: ignore[return-value]
    state = adt.replay(stay_store.to_movement(r._asdict()) for r in rows)
    return (state, to_storage(state.admitted_at) if state.admitted_at else None,
            to_storage(state.discharged_at) if state.discharged_at else None)


def _derived_changes(stay: dict, rows: list[MovementRow]) -> dict:
    state, admitted_at, discharged_at = _replayed(rows)
    live_discharge = [r for r in rows if r.kind == MovementKind.DISCHARGE and not r.cancelled]
    wanted = {
        "status": state.status,
        "unit": state.unit,
        "bed_id": state.bed_id,
        "admitted_at": admitted_at,
        "discharged_at": discharged_at,
        "destination": live_discharge[-1].destination if live_discharge else None,
        # A newborn without a bed of its own is with its mother: derived, so a cancelled or merged
        # transfer can never leave it "nowhere".
        "with_mother": int(stay.get("kind") == "newborn" and state.bed_id is None),
    }
    return {k: v for k, v in wanted.items() if stay.get(k) != v}
