"""What encryption at rest costs: the same ward, the same queries and admissions, encrypted (as every
laptop is) and in clear, in the same run; and the same bundles imported by an encrypted and a clear
reader. The target: at most 1.5 times the clear figures."""

from __future__ import annotations

import random
from pathlib import Path

from continuity.core.permissions import Role
from continuity.paths import database_path
from continuity.services.session import Session
from continuity.store import connection
from continuity.store.tx import Store

from bench import adt_bench, search_bench, sync_bench, laptops
from bench.baseline import DurableCommit, IppLookup

TARGET_RATIO = 1.5


def exported_copy(path: Path, key: bytes, target: Path, target_key: bytes | None) -> None:
    """A copy of an encrypted database by SQLCipher's export: in clear (``target_key`` None), or
    encrypted again. Both copies are compacted alike, so that only the encryption differs."""
    target.parent.mkdir(parents=True, exist_ok=True)
    conn = connection.connect(path, key)
    try:
        conn.execute("ATTACH DATABASE ? AS clear KEY ?", [str(target), f"x'{target_key.hex()}'" if target_key else ""])
        conn.execute("SELECT sqlcipher_export('clear')")
        conn.execute(f"PRAGMA clear.user_version = {int(conn.execute('PRAGMA user_version').fetchone()[0])}")
        conn.execute("DETACH DATABASE clear")
    finally:
        conn.close()


def _measure(store: Store, tmp: Path, queries: int, admissions: int, seed: int) -> dict[str, float]:
    session = Session(store, "demo-clerk", Role.CLERK, "bench")
    lookup, commit = IppLookup(store.path, store.key), DurableCommit(tmp / f"commit-{store.encrypted}.db")
    try:
        searches, _slowest = search_bench.run(session, lookup, queries, random.Random(seed))
        admission = adt_bench.run(session, commit, admissions, random.Random(seed + 1))
    finally:
        lookup.close()
        commit.close()
    return {"search_p95_ms": searches[0].service.p95, "admission_p95_ms": admission.service.p95}


def run(folder: Path, key: bytes, tmp: Path, queries: int, admissions: int, seed: int) -> dict:
    clear_path, encrypted_path = tmp / "ward-clear" / "continuity.db", tmp / "ward-encrypted" / "continuity.db"
    exported_copy(database_path(folder), key, clear_path, None)
    exported_copy(database_path(folder), key, encrypted_path, key)
    encrypted = Store(encrypted_path, key=key)
    clear = Store(clear_path)
    try:
        figures = {"encrypted": _measure(encrypted, tmp, queries, admissions, seed),
                   "clear": _measure(clear, tmp, queries, admissions, seed)}
    finally:
        encrypted.close()
        clear.close()
    return _verdicts(figures, ("search_p95_ms", "admission_p95_ms"))


def sync_import(root: Path, built: dict, share: Path, encrypted_rate: float) -> dict:
    """The same bundles imported by a reader in clear, beside the encrypted reader's rate."""
    reader = laptops.enrol(root / f"{laptops.READER}-clear", built, laptops.READER, encrypted=False)
    try:
        took, report = sync_bench.import_all(reader, share)
    finally:
        reader.close()
    clear_rate = report.imported_entries / (took / 1e9)
    ratio = clear_rate / encrypted_rate if encrypted_rate else float("inf")  # how many times slower encrypted is
    return {"changes_per_s": {"encrypted": round(encrypted_rate), "clear": round(clear_rate)}, "ratio": round(ratio, 2),
            "target_ratio": TARGET_RATIO, "verdict": "PASS" if ratio <= TARGET_RATIO else "MISS"}


def _verdicts(figures: dict, names: tuple[str, ...]) -> dict:
    result = {}
    for name in names:
        enc, clr = figures["encrypted"][name], figures["clear"][name]
        ratio = enc / clr if clr else float("inf")
        result[name] = {"encrypted": round(enc, 3), "clear": round(clr, 3), "ratio": round(ratio, 2),
                        "target_ratio": TARGET_RATIO, "verdict": "PASS" if ratio <= TARGET_RATIO else "MISS"}
    return result


def report(result: dict) -> list[str]:
    lines = ["Encryption at rest (SQLCipher) against the same in clear, same run (target: at most 1.5x):"]
    for name, label in (("search_p95_ms", "search p95"), ("admission_p95_ms", "admission p95")):
        row = result.get(name)
        if row:
            lines.append(f"  {label:<16} {row['encrypted']:>9.3f} ms encrypted, {row['clear']:>9.3f} ms clear: {row['ratio']:.2f}x  "
                         f"{row['verdict']}")
    imported = result.get("sync_import")
    if imported:
        rates = imported["changes_per_s"]
        lines.append(f"  sync import      {rates['encrypted']:>9} changes/s encrypted, {rates['clear']:>9} clear: "
                     f"{imported['ratio']:.2f}x  {imported['verdict']}")
    return lines
