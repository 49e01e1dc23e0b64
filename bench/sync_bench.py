"""Import throughput: every writer's bundle, from the files in the shared folder to committed rows on
one reader, against raw ``executemany`` of the same rows; then checks that nothing was lost and that
another reader, fed in another order, ends up with the same data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from continuity.store import replication
from continuity.store.tx import Store
from continuity.sync.engine import SyncEngine, SyncReport
from continuity.sync.folder import mark

from bench import laptops
from bench.baseline import BulkInsert
from bench.common import timed_ns
from bench.laptops import Writer

TARGET_CHANGES_PER_S = 50_000.0
_JOURNAL_ROWS = "SELECT source, seq, tx, hlc, entity, entity_id, field, value, user, base_hlc FROM journal WHERE source = ? ORDER BY seq"


def _rate(changes: int, ns: int) -> float:
    return changes / (ns / 1e9) if ns else float("inf")


def import_all(store: Store, share: Path) -> tuple[int, SyncReport]:
    """One import pass of everything in the share, timed; settle_seconds=0: every file is complete."""
    engine = SyncEngine(store, share, user="bench", settle_seconds=0)
    report = SyncReport()
    took, _ = timed_ns(lambda: engine.import_(report))
    return took, report


def baseline_ns(path: Path, writers: list[Writer]) -> int:
    """The same rows as the writers' journals (10 columns each), one commit per writer as the import
    commits once per bundle. Only the insert and commit are timed, not reading the rows."""
    bulk = BulkInsert(path)
    try:
        total = 0
        for writer in writers:
            source = writer.store.db.execute("SELECT source FROM journal_sources WHERE device_id = ?", [_device(writer.store)]).fetchone()[0]
            total += bulk.once(writer.store.db.execute(_JOURNAL_ROWS, [source]).fetchall())
        return total
    finally:
        bulk.close()


def _device(store: Store) -> str:
    device = store.device()
    assert device is not None
    return device["device_id"]


def remote_counts(store: Store) -> dict[str, int]:
    """Journal entries held per device, this laptop's own left out."""
    own = _device(store)
    rows = store.db.execute(
        "SELECT s.device_id, count(*) FROM journal j JOIN journal_sources s ON s.source = j.source GROUP BY s.device_id"
    ).fetchall()
    return {device: count for device, count in rows if device != own}


def check(store: Store, writers: list[Writer], report: SyncReport) -> list[str]:
    """What went wrong: every writer's entries in the reader's journal, nothing set aside or waiting."""
    problems = []
    expected = {_device(w.store): w.entries for w in writers}
    held = remote_counts(store)
    if held != expected:
        missing = {d: (held.get(d, 0), n) for d, n in expected.items() if held.get(d, 0) != n}
        problems.append(f"journal counts differ from the writers' for {len(missing)} laptops (held, written): {list(missing.values())[:3]}")
    if report.imported_entries != sum(expected.values()):
        problems.append(f"imported {report.imported_entries} entries, {sum(expected.values())} written")
    if report.quarantined or report.waiting or report.retrying or report.folder_error:
        problems.append(f"quarantined {len(report.quarantined)}, waiting {report.waiting}, retrying {report.retrying}, folder {report.folder_error}")
    return problems


def _link_subfolder(source: Path, target: Path) -> None:
    """A writer's sub-folder made visible in another share: hard links (same disk), copies if refused."""
    target.mkdir(parents=True)
    for path in source.iterdir():
        try:
            os.link(path, target / path.name)
        except OSError:
            shutil.copy2(path, target / path.name)


def reverse_order(root: Path, built: dict, share: Path) -> tuple[int, Store, int]:
    """A second reader that sees the writers appear one at a time, last first, with an import pass
    after each, as a watching laptop would when bundles trickle in (one engine throughout, as
    keep_syncing keeps: it remembers the files it has settled). Same identity as the first reader,
    in its own data folder: it only reads, so nothing it holds is ever shipped under that identity."""
    store = laptops.enrol(root / f"{laptops.READER}-reverse", built, laptops.READER)
    trickle = root / "share-reverse"
    trickle.mkdir()
    mark(trickle, built["ward"]["id"])
    engine = SyncEngine(store, trickle, user="bench", settle_seconds=0)
    report = SyncReport()
    took = 0
    for sub in sorted((p for p in share.iterdir() if p.is_dir()), reverse=True):
        _link_subfolder(sub, trickle / sub.name)
        took += timed_ns(lambda: engine.import_(report))[0]
    return took, store, report.imported_entries


def run(root: Path, built: dict, reader: Store, writers: list[Writer], share: Path) -> dict:
    total = sum(w.entries for w in writers)
    took, report = import_all(reader, share)
    base = baseline_ns(root / "baseline-bulk.db", writers)
    problems = check(reader, writers, report)
    reverse_ns, second, second_imported = reverse_order(root, built, share)
    try:
        same_state = replication.state_hash(reader.db) == replication.state_hash(second.db)
        if second_imported != total:
            problems.append(f"the second reader imported {second_imported} of {total} entries")
    finally:
        second.close()
    if not same_state:
        problems.append("the two readers' state hashes differ")
    rate, base_rate = _rate(total, took), _rate(total, base)
    return {
        "laptops": len(writers),
        "changes": total,
        "changes_per_laptop": round(total / len(writers)),
        "bundles": report.imported_bundles,
        "seconds": round(took / 1e9, 3),
        "changes_per_s": round(rate),
        "baseline": {"label": BulkInsert.label, "seconds": round(base / 1e9, 3), "changes_per_s": round(base_rate)},
        "ratio": round(base_rate / rate, 2),  # how many times slower than the raw floor
        "target_changes_per_s": TARGET_CHANGES_PER_S,
        "verdict": "PASS" if rate >= TARGET_CHANGES_PER_S else "MISS",
        "remote_entries_held": sum(remote_counts(reader).values()),
        "reverse_order": {"seconds": round(reverse_ns / 1e9, 3), "changes_per_s": round(_rate(total, reverse_ns)), "same_state_hash": same_state},
        "problems": problems,
    }
