"""``python -m bench [--patients N | --quick]``: build a demo ward in a temporary folder, measure
admissions and searches against raw-SQLite baselines, print a table, save the figures as JSON."""

from __future__ import annotations

import argparse
import json
import platform
import random
import sqlite3
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from continuity.paths import database_path
from continuity.services.session import sign_in
from continuity.store.tx import Store

from bench import adt_bench, search_bench
from bench.baseline import DurableCommit, IppLookup
from bench.build import build
from bench.common import Comparison, ms, table

QUICK_PATIENTS = 10_000
RESULTS = Path(__file__).resolve().parent / "results"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Build a demo ward in a temporary folder, time admissions and searches against raw-SQLite "
        "baselines, print the figures and save them to bench/results/.",
    )
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--patients", type=int, default=100_000, help="patients in the demo ward (default 100000)")
    size.add_argument("--quick", action="store_true", help=f"smoke run on {QUICK_PATIENTS} patients")
    parser.add_argument("--admissions", type=int, default=200, help="admissions measured (default 200)")
    parser.add_argument("--queries", type=int, default=300, help="searches measured (default 300)")
    parser.add_argument("--seed", type=int, default=2022, help="seed for the queries and names drawn (default 2022)")
    # The temporary folder must be on the disk the app will use: on tmpfs, fsync costs nothing.
    parser.add_argument("--tmp-dir", type=Path, default=None, help="where to create the temporary folder (default: system temp)")
    args = parser.parse_args(argv)
    if args.quick:
        args.patients = QUICK_PATIENTS
    if args.patients < 1 or args.admissions < 2 or args.queries < 2:
        parser.error("--patients must be at least 1, --admissions and --queries at least 2")
    return args


def report(build_info: dict, comparisons: list[Comparison], slowest: list[dict]) -> str:
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
    lines.append("")
    lines.append("baselines (same run, same disk):")
    for label in dict.fromkeys(c.baseline.label for c in comparisons):
        lines.append(f"  {label}")
    lines.append("ratios are service / baseline at the same percentile; timing never fails the run.")
    return "\n".join(lines)


def save(result: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="continuity-bench-", dir=args.tmp_dir) as tmp:
        folder = Path(tmp) / "ward"
        print(f"building a demo ward of {args.patients} patients in {folder} ...", flush=True)
        build_info = build(folder, args.patients)
        store = Store(database_path(folder))
        commit = DurableCommit(Path(tmp) / "baseline.db")
        lookup = IppLookup(database_path(folder))
        try:
            session = sign_in(store, "demo-clerk", "demo")
            # Searches first: the admission bench registers patients of its own, which should not
            # be among the names searched for.
            print(f"measuring {args.queries} searches ...", flush=True)
            searches, slowest = search_bench.run(session, lookup, args.queries, rng)
            print(f"measuring {args.admissions} admissions ...", flush=True)
            admission = adt_bench.run(session, commit, args.admissions, rng)
            comparisons = [admission, *searches]
        finally:
            lookup.close()
            commit.close()
            store.close()
    print()
    print(report(build_info, comparisons, slowest))
    result = {
        "when": datetime.now().astimezone().isoformat(timespec="seconds"),
        "args": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "machine": {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "platform": platform.platform()},
        "build": build_info,
        "measures": {c.name: c.as_dict() for c in comparisons},
        "slowest_searches": slowest,
    }
    print(f"\nsaved {save(result)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
