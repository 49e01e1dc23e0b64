"""The desktop window, on the demo ward, each figure beside a Qt baseline measured in the same run:

- start-up to a usable bed board: a fresh process per run (``bench/ui_child.py``, offscreen), from
  its first line (before PySide6 is imported) to the first frame painted with the bed tiles, signed
  in programmatically (Argon2 check included). Baseline: a fresh process that shows a bare
  QMainWindow of the same size, to its first frame, timed the same way;
- search as you type: in one process with the window open, from ``PatientsView.run_search()`` (the
  150 ms debounce bypassed) to the table's model filled, and to the frame painted with the rows.
  Baseline: ``identity.search`` called directly in that process, on a connection of its own.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

from continuity.core.errors import DomainError
from continuity.paths import database_path
from continuity.services import identity

from bench.common import NS_PER_MS, Comparison, Summary
from bench.search_bench import _first_word

CHILD = Path(__file__).resolve().with_name("ui_child.py")
RESULT_PREFIX = "BENCH-RESULT "
STARTUP_RUNS = 5
STARTUP_WARMUP = 1  # the first run of each pays for cold file caches (Qt libraries): shown, not counted
TARGET_STARTUP_MS = 1500.0
TARGET_STARTUP_RATIO = 3.0
SEARCHES = 100
SEARCH_WARMUP = 10
# Always searched, so runs stay comparable whatever the seed draws (as in search_bench).
FIXED_PREFIXES = ["mar", "dup", "hél"]
PREFIX_LENGTHS = (3, 3, 4, 5)  # the start of a family name, as typed when the clerk pauses
SLOWEST_SHOWN = 3
# perf_counter clocks that every process reads alike: the parent can then time the interpreter's start.
_SHARED_CLOCKS = ("clock_gettime(CLOCK_MONOTONIC)", "QueryPerformanceCounter()", "mach_absolute_time()")

# Start-up phases, each from one mark of the child to the next (mark names: bench/ui_child.py).
PHASES = [
    ("import PySide6 (QtCore, QtGui, QtWidgets, QtUiTools)", None, "qt_imported"),
    ("import continuity.ui and what it imports (Argon2 hash included)", "qt_imported", "imported"),
    ("QApplication, database thread", "imported", "application"),
    ("sign-in dialog built", "application", "login_started"),
    ("sign-in round trip (database thread)", "sign_in_asked", "signed_in"),
    ("main window built and shown", "signed_in", "main_built"),
    ("census asked -> answer in the GUI thread", "main_built", "census_arrived"),
    ("bed tiles built (BedBoard.show_census)", "census_arrived", "tiles_built"),
    ("tiles built -> first frame with tiles", "tiles_built", "board_shown"),
]


def available() -> str | None:
    """Why the window cannot be measured here, or None."""
    if importlib.util.find_spec("PySide6") is None:
        return "PySide6 is not installed"
    return None


def _child(mode: str, *args: str, timeout: float) -> dict:
    """One fresh process running ``ui_child.py``; its answer, with ``spawn_ms`` (from just before the
    process is created to the child's first line) when the clock allows it."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    spawned = time.perf_counter()
    done = subprocess.run([sys.executable, str(CHILD), mode, *args], env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if done.returncode != 0 or not lines:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise SystemExit(f"bench: the window bench ({mode}) failed with code {done.returncode}:\n{tail}")
    result = json.loads(lines[-1][len(RESULT_PREFIX):])
    spawn_ms = (result["t0_perf_counter"] - spawned) * 1000
    shared = time.get_clock_info("perf_counter").implementation in _SHARED_CLOCKS
    result["spawn_ms"] = spawn_ms if shared and 0 <= spawn_ms < 60_000 else None
    return result


def _ns(values_ms: list[float]) -> list[int]:
    return [round(v * NS_PER_MS) for v in values_ms]


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


# -- start-up --------------------------------------------------------------------------------------------

def startup(folder: Path, runs: int = STARTUP_RUNS) -> tuple[Comparison, dict]:
    """Bare window and application runs, interleaved (noise hits both series alike)."""
    bare_runs, app_runs = [], []
    for index in range(STARTUP_WARMUP + runs):
        print(f"  start-up run {index + 1 - STARTUP_WARMUP}/{runs}" if index >= STARTUP_WARMUP else "  start-up warm-up run",
              flush=True)
        bare_runs.append(_child("bare", timeout=120))
        app_runs.append(_child("app", str(folder), timeout=300))
    warm_bare, warm_app = bare_runs[STARTUP_WARMUP:], app_runs[STARTUP_WARMUP:]
    comparison = Comparison(
        "window: start-up to bed board",
        Summary("Application: first line -> signed in -> bed tiles painted", _ns([r["marks"]["board_shown"] for r in warm_app])),
        Summary("bare PySide6 process: first line -> empty QMainWindow 1366x768 painted (offscreen)",
                _ns([r["marks"]["shown"] for r in warm_bare])),
        TARGET_STARTUP_MS,
    )
    phases = []
    for label, start, end in PHASES:
        values = [r["marks"][end] - (r["marks"][start] if start else 0.0) for r in warm_app]
        phases.append({"phase": label, "median_ms": round(_median(values), 1)})
    argon2 = {name: round(_median([v for r in warm_app for v in r["argon2_ms"][name]]) or 0.0, 1)
              for name in ("hash_password", "verify_password")}
    spawn = [r["spawn_ms"] for r in warm_app + warm_bare if r["spawn_ms"] is not None]
    detail = {
        "runs": runs,
        "warmup_runs": STARTUP_WARMUP,
        "tiles": warm_app[0]["tiles"],
        "phases": phases,
        "argon2_ms": argon2,
        "interpreter_start_ms": round(_median(spawn), 1) if spawn else None,
        "first_run_ms": {"app": round(app_runs[0]["marks"]["board_shown"], 1), "bare": round(bare_runs[0]["marks"]["shown"], 1)},
        "first_search_after_board_ms": round(_median([r["first_search_ms"] for r in warm_app]), 1),
        "database_thread_busy_after_board_ms": round(_median([r["marks"]["worker_idle"] - r["marks"]["board_shown"] for r in warm_app]), 1),
        "bare_phases": {
            "import PySide6.QtWidgets": round(_median([r["marks"]["imported"] for r in warm_bare]), 1),
            "QApplication": round(_median([r["marks"]["qapplication"] - r["marks"]["imported"] for r in warm_bare]), 1),
            "window to its first frame": round(_median([r["marks"]["shown"] - r["marks"]["qapplication"] for r in warm_bare]), 1),
        },
        "app_marks_ms": [{k: round(v, 1) for k, v in r["marks"].items()} for r in warm_app],
        "ratio_p50": round(comparison.ratio(50), 2),
        "ratio_p95": round(comparison.ratio(95), 2),
        "target_ms": TARGET_STARTUP_MS,
        "target_ratio": TARGET_STARTUP_RATIO,
        "verdict_ms": "PASS" if comparison.service.p95 < TARGET_STARTUP_MS else "MISS",
        "verdict_ratio": "PASS" if comparison.ratio(95) < TARGET_STARTUP_RATIO else "MISS",
    }
    return comparison, detail


# -- search as you type ----------------------------------------------------------------------------------

def _names(folder: Path) -> list[tuple[str, str | None]]:
    """(birth name, used name) of every active patient, read-only (the bench may read the file directly)."""
    conn = sqlite3.connect(f"file:{database_path(folder)}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT birth_name, used_name FROM patients WHERE record_status = 'active' ORDER BY rowid").fetchall()
    finally:
        conn.close()


def _searchable(text: str) -> bool:
    """A text the window sends to the service (run_search skips what does not parse yet)."""
    try:
        words, _numbers, _dates = identity.parse_query(text)
    except DomainError:
        return False
    return bool(words)


def prefixes(names: list[tuple[str, str | None]], count: int, rng: random.Random) -> list[str]:
    """The start of a real family name (the name used, else the birth name), 3 to 5 letters, lower case,
    accents as they come; the fixed examples first, then shuffled."""
    drawn = list(FIXED_PREFIXES[:count])
    while len(drawn) < count:
        birth, used = rng.choice(names)
        text = _first_word(used or birth)[: rng.choice(PREFIX_LENGTHS)].lower()
        if len(text) >= 3 and _searchable(text):
            drawn.append(text)
    rng.shuffle(drawn)
    return drawn


def search(folder: Path, work: Path, rng: random.Random, count: int = SEARCHES) -> tuple[list[Comparison], dict]:
    names = _names(folder)
    plan = {"warmup": prefixes(names, SEARCH_WARMUP, rng), "queries": prefixes(names, count, rng)}
    plan_file = work / "ui-search-plan.json"
    plan_file.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    result = _child("search", str(folder), str(plan_file), timeout=900)
    samples = result["samples"]
    direct = Summary("identity.search called directly, same process, GUI thread, own connection", _ns([s["direct_ms"] for s in samples]))
    comparisons = [Comparison("window: search -> model filled", Summary("PatientsView.run_search -> modelReset", _ns([s["filled_ms"] for s in samples])), direct)]
    painted = [s["painted_ms"] for s in samples if s["painted_ms"] is not None]
    if painted:
        comparisons.append(Comparison("window: search -> rows painted", Summary("PatientsView.run_search -> table frame painted", _ns(painted)), direct))
    worst: dict[str, dict] = {}  # common prefixes ('mar') are drawn several times: worst time each
    for sample in sorted(samples, key=lambda s: s["filled_ms"], reverse=True):
        worst.setdefault(sample["query"], sample)
    slowest = list(worst.values())[:SLOWEST_SHOWN]
    detail = {
        "queries": len(samples),
        "distinct_queries": len({s["query"] for s in samples}),
        "rows_median": _median([s["rows"] for s in samples]),
        "worker_busy_after_board_ms": round(result["worker_idle_after_ready_ms"], 1),
        "slowest": [{k: (round(v, 3) if isinstance(v, float) else v) for k, v in s.items()} for s in slowest],
    }
    return comparisons, detail


# -- both, and their report ------------------------------------------------------------------------------

def run(folder: Path, work: Path, rng: random.Random) -> tuple[list[Comparison], dict]:
    print(f"measuring the window's start-up ({STARTUP_RUNS} runs + {STARTUP_WARMUP} warm-up, app and bare window, "
          "a fresh process each) ...", flush=True)
    start, start_detail = startup(folder)
    print(f"measuring {SEARCHES} searches through the window ...", flush=True)
    searches, search_detail = search(folder, work, rng)
    return [start, *searches], {"startup": start_detail, "search": search_detail}


def report(ui: dict, comparisons: list[Comparison]) -> list[str]:
    s, q = ui["startup"], ui["search"]
    start = next(c for c in comparisons if c.name == "window: start-up to bed board")
    lines = [
        f"window start-up (offscreen, fresh process per run, {s['runs']} runs after {s['warmup_runs']} warm-up; "
        f"{s['tiles']} bed tiles; clock from the script's first line):",
        f"  to a usable bed board   p50 {start.service.p50:7.1f} ms  p95 {start.service.p95:7.1f} ms  "
        f"target p95 < {s['target_ms']:.0f} ms {s['verdict_ms']}",
        f"  bare QMainWindow        p50 {start.baseline.p50:7.1f} ms  p95 {start.baseline.p95:7.1f} ms",
        f"  ratio                   p50 {s['ratio_p50']:6.1f}x    p95 {s['ratio_p95']:6.1f}x    "
        f"target p95 < {s['target_ratio']:.0f}x {s['verdict_ratio']}",
        "  where the time goes (medians):",
    ]
    for phase in s["phases"]:
        lines.append(f"    {phase['median_ms']:8.1f} ms  {phase['phase']}")
    lines.append(f"    Argon2: hash at import of continuity.services.session {s['argon2_ms']['hash_password']:.1f} ms (GUI thread), "
                 f"password check at sign-in {s['argon2_ms']['verify_password']:.1f} ms (database thread)")
    bare = ", ".join(f"{k} {v:.1f} ms" for k, v in s["bare_phases"].items())
    lines.append(f"    bare window: {bare}")
    if s["interpreter_start_ms"] is not None:
        lines.append(f"    not counted above: the interpreter's own start before the script's first line, {s['interpreter_start_ms']:.1f} ms")
    lines.append(f"  first (warm-up) run: app {s['first_run_ms']['app']:.1f} ms, bare {s['first_run_ms']['bare']:.1f} ms")
    lines.append(f"  a search typed as soon as the board shows: {s['first_search_after_board_ms']:.1f} ms; the database thread "
                 f"stays busy {s['database_thread_busy_after_board_ms']:.1f} ms after the board shows")
    lines.append("")
    lines.append(f"window search-as-you-type: {q['queries']} name prefixes ({q['distinct_queries']} distinct, median {q['rows_median']:g} rows "
                 "shown), debounce bypassed, started once the database thread was idle "
                 f"({q['worker_busy_after_board_ms']:.1f} ms after the board showed):")
    for c in comparisons:
        if c.name.startswith("window: search"):
            lines.append(f"  {c.name[len('window: '):]:<24} p50 {c.service.p50:7.3f} ms  p95 {c.service.p95:7.3f} ms   "
                         f"direct p50 {c.baseline.p50:7.3f}  p95 {c.baseline.p95:7.3f}   x{c.ratio(50):.1f} / x{c.ratio(95):.1f}")
    for slow in q["slowest"]:
        painted = f"{slow['painted_ms']:.3f}" if slow["painted_ms"] is not None else "-"
        lines.append(f"  slow: {slow['query']!r:<8} filled {slow['filled_ms']:.3f} ms, painted {painted} ms, direct {slow['direct_ms']:.3f} ms ({slow['rows']} rows)")
    return lines
