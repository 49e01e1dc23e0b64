"""``python -m bench [--patients N | --quick] [--sync-laptops N] [--sync-changes N] [--no-ui]``: build a
demo ward in a temporary folder, measure admissions and searches against raw-SQLite baselines, then
sync (import throughput, drop-to-visible latency) between laptops enrolled from one kit, then the
desktop window (start-up to a usable bed board, search as you type) against bare-Qt and direct-service
baselines; print a table, save the figures as JSON."""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from continuity.paths import database_path
from continuity.services.session import open_session, sign_in

from bench import (adt_bench, encryption_bench, identity_bench, laptops, reconcile_bench, rota_bench, search_bench, sync_bench,
                   sync_latency, ui_bench)
from bench.baseline import DurableCommit, IppLookup
from bench.build import build
from bench.common import Comparison, ms, table

QUICK_PATIENTS = 10_000
SYNC_LAPTOPS, SYNC_CHANGES = 50, 10_000
QUICK_SYNC_LAPTOPS, QUICK_SYNC_CHANGES = 5, 2_000
RESULTS = Path(__file__).resolve().parent / "results"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Build a demo ward in a temporary folder, time admissions and searches against raw-SQLite "
        "baselines, sync between laptops, and the desktop window (start-up, search as you type) against bare-Qt "
        "and direct-service baselines; print the figures and save them to bench/results/.",
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--patients", type=int, default=100_000, help="patients in the demo ward (default 100000)")
    size.add_argument("--quick", action="store_true", help=f"smoke run on {QUICK_PATIENTS} patients")
    parser.add_argument("--admissions", type=int, default=200, help="admissions measured (default 200)")
    parser.add_argument("--queries", type=int, default=300, help="searches measured (default 300)")
    parser.add_argument("--seed", type=int, default=2022, help="seed for the queries and names drawn (default 2022)")
    # None: the default for the run's size (--quick or not) is filled in below.
    parser.add_argument("--sync-laptops", type=int, default=None,
                        help=f"writer laptops whose bundles one reader imports (default {SYNC_LAPTOPS}, "
                        f"--quick {QUICK_SYNC_LAPTOPS}; 0 skips the sync measures)")
    parser.add_argument("--sync-changes", type=int, default=None,
                        help=f"journal changes per writer laptop (default {SYNC_CHANGES}, --quick {QUICK_SYNC_CHANGES})")
    parser.add_argument("--no-ui", dest="ui", action="store_false",
                        help="skip the desktop window measures (start-up to the bed board, search as you type)")
    # The temporary folder must be on the disk the app will use: on tmpfs, fsync costs nothing.
    parser.add_argument("--tmp-dir", type=Path, default=None, help="where to create the temporary folder (default: system temp)")
    args = parser.parse_args(argv)
    if args.quick:
        args.patients = QUICK_PATIENTS
    if args.sync_laptops is None:
        args.sync_laptops = QUICK_SYNC_LAPTOPS if args.quick else SYNC_LAPTOPS
    if args.sync_changes is None:
        args.sync_changes = QUICK_SYNC_CHANGES if args.quick else SYNC_CHANGES
    if args.patients < 1 or args.admissions < 2 or args.queries < 2:
        parser.error("--patients must be at least 1, --admissions and --queries at least 2")
    if args.sync_laptops < 0 or args.sync_changes < 100:
        parser.error("--sync-laptops must be at least 0, --sync-changes at least 100")
    return args


def sync_report(sync: dict) -> list[str]:
    """The import throughput and its checks (the drop-to-visible latency is a row of the table)."""
    imp = sync["import"]
    base = imp["baseline"]
    reverse = imp["reverse_order"]
    lines = [
        f"sync import: {imp['laptops']} laptops x ~{imp['changes_per_laptop']} changes = {imp['changes']} changes "
        f"in {imp['bundles']} bundles, bundle files -> committed, one pass:",
        f"  SyncEngine.import_           {imp['seconds']:8.3f} s  {imp['changes_per_s']:>10} changes/s  "
        f"target >= {imp['target_changes_per_s']:.0f} changes/s {imp['verdict']}",
        f"  baseline, same rows          {base['seconds']:8.3f} s  {base['changes_per_s']:>10} changes/s  "
        f"import is {imp['ratio']:.1f}x slower",
        f"  second reader, last laptop first, one pass per laptop: {reverse['seconds']:.3f} s, "
        f"{reverse['changes_per_s']} changes/s, same state hash: {'yes' if reverse['same_state_hash'] else 'NO'}",
        f"  reader's journal: {imp['remote_entries_held']} remote entries; "
        + ("checks OK" if not imp["problems"] else "PROBLEMS: " + "; ".join(imp["problems"])),
        f"  drop to visible: reader passes per drop {sync['latency']['passes_per_drop']}",
    ]
    return lines


def report(build_info: dict, comparisons: list[Comparison], slowest: list[dict], sync: dict | None = None,
           ui: dict | None = None) -> str:
    verdict = build_info["verdict"] or "-"
    lines = [
        f"demo ward: {build_info['patients']} patients built in {build_info['seconds']:.1f} s "
        f"({build_info['seconds_per_100k']:.1f} s per 100 000; target < {build_info['target_s_per_100k']:.0f} s for 100 000) {verdict}",
        "",
    ]
    rows = []
    for c in comparisons:
        target = f"< {c.target_p95_ms:g} ms" if c.target_p95_ms is not None else ""
        rows.append([c.name, str(len(c.service.samples_ns)), ms(c.service.p50), ms(c.service.p95), ms(c.baseline.p50),
                     ms(c.baseline.p95), f"{c.ratio(50):.1f}x", f"{c.ratio(95):.1f}x", target, c.verdict])
    header = ["measure", "n", "p50 ms", "p95 ms", "base p50", "base p95", "x p50", "x p95", "target p95", ""]
    lines.append(table(rows, header))
    lines.append("")
    lines.append("slowest searches (the demo names are invented):")
    for q in slowest:
        lines.append(f"  {q['ms']:8.3f} ms  {q['kind']:<12} {q['query']!r} ({q['rows']} rows)")
    if sync is not None:
        lines.append("")
        lines.extend(sync_report(sync))
    if ui is not None:
        lines.append("")
        if "skipped" in ui:
            lines.append(f"window measures skipped: {ui['skipped']}")
        else:
            lines.extend(ui_bench.report(ui, comparisons))
    lines.append("")
    lines.append("baselines (same run, same disk):")
    labels = [c.baseline.label for c in comparisons] + ([sync["import"]["baseline"]["label"]] if sync else [])
    for label in dict.fromkeys(labels):
        lines.append(f"  {label}")
    lines.append("ratios are service / baseline at the same percentile; timing never fails the run.")
    return "\n".join(lines)


def save(result: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def measure_sync(root: Path, args: argparse.Namespace, rng: random.Random) -> tuple[dict, Comparison]:
    """Writers prepared (not timed), then the reader's import, then drops seen by a watching reader."""
    print(f"preparing {args.sync_laptops} writer laptops x {args.sync_changes} changes in {root} ...", flush=True)
    built, reader, writers, share = laptops.prepare(root, args.sync_laptops, args.sync_changes, args.seed)
    try:
        print("measuring the import of every bundle on one reader ...", flush=True)
        imported = sync_bench.run(root, built, reader, writers, share)
        print("measuring the same import on a reader in clear ...", flush=True)
        clear = encryption_bench.sync_import(root, built, share, imported["changes_per_s"])
        print("measuring IT's reconciliation of the same bundles, and its exports ...", flush=True)
        reconciled = reconcile_bench.workspace(root, built, share, imported["seconds"])
        key = reader.key
        reader.close()  # the watching reader opens its own connection, in its own thread
        print(f"measuring drop-to-visible latency ({sync_latency.DROPS} drops) ...", flush=True)
        latency, detail = sync_latency.run(root / laptops.READER, share, writers[0].store, rng, key)
    finally:
        reader.close()
        for writer in writers:
            writer.store.close()
    return {"import": imported, "latency": detail, "import_clear": clear, "reconcile": reconciled}, latency


def _sqlcipher_versions() -> str:
    from continuity.store import connection

    conn = connection.driver.connect(":memory:")
    try:
        cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        conn.close()
    return f"{connection.driver.sqlite_version} (SQLCipher {cipher})"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="continuity-bench-", dir=args.tmp_dir) as tmp:
        folder = Path(tmp) / "ward"
        print(f"building a demo ward of {args.patients} patients in {folder} ...", flush=True)
        build_info = build(folder, args.patients)
        session = open_session(folder, "demo-clerk", "demo")
        store = session.store
        commit = DurableCommit(Path(tmp) / "baseline.db")
        lookup = IppLookup(database_path(folder), store.key)
        try:
            # Searches first: the admission bench registers patients of its own, which should not
            # be among the names searched for.
            print(f"measuring {args.queries} searches ...", flush=True)
            searches, slowest = search_bench.run(session, lookup, args.queries, rng)
            print(f"measuring {args.queries} identity look-ups while typing ...", flush=True)
            searches.append(identity_bench.typing(session, lookup, args.queries, rng))
            print(f"measuring {args.admissions} admissions ...", flush=True)
            admission = adt_bench.run(session, commit, args.admissions, rng)
            comparisons = [admission, *searches]
            planning, rota_detail = rota_bench.run(sign_in(store, "demo-supervisor", "demo"), rng)
            comparisons.extend(planning)
            print(f"measuring IT's duplicate scan of the {args.patients} patients ...", flush=True)
            duplicates = reconcile_bench.duplicate_scan_of(store, rng)
        finally:
            lookup.close()
            commit.close()
            key = store.key
            store.close()
        print("measuring encryption at rest against the same ward in clear ...", flush=True)
        encryption = encryption_bench.run(folder, key, Path(tmp), min(args.queries, 500), min(args.admissions, 200), args.seed)
        print("measuring the identity matcher's accuracy ...", flush=True)
        accuracy = identity_bench.accuracy(600 if args.quick else 2000)
        sync = None
        if args.sync_laptops:
            sync, latency = measure_sync(Path(tmp) / "sync", args, rng)
            comparisons.append(latency)
            encryption["sync_import"] = sync["import_clear"]
        ui = None
        if args.ui:
            reason = ui_bench.available()
            if reason is None:
                window, ui = ui_bench.run(folder, Path(tmp), rng)
                comparisons.extend(window)
            else:
                ui = {"skipped": reason}
    print()
    print(report(build_info, comparisons, slowest, sync, ui))
    print()
    print("\n".join(rota_bench.report(rota_detail)))
    print()
    print("\n".join(identity_bench.report(accuracy)))
    print()
    print("\n".join(encryption_bench.report(encryption)))
    print()
    print("\n".join(reconcile_bench.report({"workspace": sync["reconcile"] if sync else None, "duplicates": duplicates})))
    result = {
        "when": datetime.now().astimezone().isoformat(timespec="seconds"),
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "machine": {"python": platform.python_version(), "sqlite": _sqlcipher_versions(), "platform": platform.platform()},
        "build": build_info,
        "measures": {c.name: c.as_dict() for c in comparisons},
        "slowest_searches": slowest,
        "sync": sync,
        "ui": ui,
        "rota": rota_detail,
        "identity_accuracy": accuracy,
        "encryption": encryption,
        "reconcile": {"workspace": sync["reconcile"] if sync else None, "duplicates": duplicates},
    }
    print(f"\nsaved {save(result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
