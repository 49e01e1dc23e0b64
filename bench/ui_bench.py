"""The desktop window, on the demo ward, each figure beside a Qt baseline measured in the same run:

- start-up to a usable bed board: a fresh process per run (``bench/ui_child.py``, offscreen), clock
  from its first line (before PySide6 is imported). What a person waits is measured as they use it:
  the sign-in dialog painted, a pause while they type (THINK_MS), then from Enter to the first frame
  painted with the bed tiles (Argon2 check included); the waits add up, the pause is not counted.
  The same start with the password given at once (no pause, so nothing prepared meanwhile) is
  reported too. Baseline: a fresh process that shows a bare QMainWindow of the same size, to its
  first frame, timed the same way;
- search as you type: in one process with the window open, from ``PatientsView.run_search()`` (the
  150 ms debounce bypassed) to the table's model filled, and to the frame painted with the rows.
  Baseline: ``identity.search`` called directly in that process, on a connection of its own.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
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
THINK_MS = 1500  # the quickest a person types a user name and a password once the dialog shows
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
    ("import continuity.ui's first modules (sign-in, database thread)", "qt_imported", "imported"),
    ("QApplication, database thread", "imported", "application"),
    ("sign-in dialog built", "application", "login_started"),
    ("sign-in dialog to its first frame (only with a typing pause)", "login_started", "login_shown"),
    ("sign-in round trip (database thread)", "sign_in_asked", "signed_in"),
    ("window (prepared while the dialog waited) opened for the session", "signed_in", "main_built"),
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

def _waited(run: dict) -> float:
    """What the person waited: the sign-in dialog, then from Enter to the board."""
    marks = run["marks"]
    return marks["login_shown"] + (marks["board_shown"] - marks["sign_in_asked"])


def _own_work(run: dict) -> float:
    """What the person waited, less the Argon2id password check timed in that run: the start-up
    work of the application itself (see docs/ARCHITECTURE.md, "Start-up and the password check")."""
    check = run["durations"].get("password_check_ms")
    if check is None:
        raise SystemExit("bench: the password check was not timed (the sign-in service was not imported before Enter)")
    return _waited(run) - check


def _argon2_check_ms() -> float:
    """The password check on its own (it dominates the sign-in round trip)."""
    from continuity.security.passwords import hash_password, verify_password

    stored = hash_password("a password")
    times = []
    for _ in range(5):
        start = time.perf_counter()
        verify_password(stored, "a password")
        times.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(times), 1)


def _phases(runs: list[dict]) -> list[dict]:
    """Median of each phase the runs went through."""
    phases = []
    for label, start, end in PHASES:
        values = [r["marks"][end] - (r["marks"][start] if start else 0.0) for r in runs
                  if end in r["marks"] and (start is None or start in r["marks"])]
        if values:
            phases.append({"phase": label, "median_ms": round(_median(values), 1)})
    return phases


def startup(folder: Path, runs: int = STARTUP_RUNS) -> tuple[list[Comparison], dict]:
    """Bare window and application runs, interleaved (noise hits every series alike)."""
    bare_runs, app_runs, rushed_runs = [], [], []
    for index in range(STARTUP_WARMUP + runs):
        print(f"  start-up run {index + 1 - STARTUP_WARMUP}/{runs}" if index >= STARTUP_WARMUP else "  start-up warm-up run",
              flush=True)
        bare_runs.append(_child("bare", timeout=120))
        app_runs.append(_child("app", str(folder), str(THINK_MS), timeout=300))
        rushed_runs.append(_child("app", str(folder), "0", timeout=300))
    warm_bare, warm_app, warm_rushed = bare_runs[STARTUP_WARMUP:], app_runs[STARTUP_WARMUP:], rushed_runs[STARTUP_WARMUP:]
    bare = Summary("bare PySide6 process: first line -> empty QMainWindow 1366x768 painted (offscreen)",
                   _ns([r["marks"]["shown"] for r in warm_bare]))
    comparison = Comparison(
        "window: start-up to bed board",
        Summary("Application: first line -> sign-in painted, then Enter -> bed tiles painted (typing pause not counted)",
                _ns([_waited(r) for r in warm_app])),
        bare,
        TARGET_STARTUP_MS,
    )
    own = Comparison(
        "window: start-up to bed board, password check set apart",
        Summary("Application: the same, less the Argon2id password check timed in each run",
                _ns([_own_work(r) for r in warm_app])),
        bare,
        None,  # the 1.5 s target is for the whole wait (above); this one is read as a ratio
    )
    rushed = Comparison(
        "window: start-up, password given at once",
        Summary("Application: first line -> signed in at once -> bed tiles painted", _ns([r["marks"]["board_shown"] for r in warm_rushed])),
        bare,
        TARGET_STARTUP_MS,
    )
    phases = _phases(warm_app)
    argon2 = _argon2_check_ms()
    spawn = [r["spawn_ms"] for r in warm_app + warm_bare if r["spawn_ms"] is not None]
    detail = {
        "runs": runs,
        "warmup_runs": STARTUP_WARMUP,
        "tiles": warm_app[0]["tiles"],
        "phases": phases,
        "argon2_check_ms": argon2,
        "think_ms": THINK_MS,
        "sign_in_shown_ms": round(_median([r["marks"]["login_shown"] for r in warm_app]), 1),
        "enter_to_board_ms": round(_median([r["marks"]["board_shown"] - r["marks"]["sign_in_asked"] for r in warm_app]), 1),
        "rushed_ratio_p50": round(rushed.ratio(50), 2),
        "rushed_ratio_p95": round(rushed.ratio(95), 2),
        "rushed_phases": _phases(warm_rushed),
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
        "password_check_ms": round(_median([r["durations"]["password_check_ms"] for r in warm_app]), 1),
        "window_modules_imported_ms": round(_median([r["durations"]["window_modules_imported_ms"] for r in warm_app]), 1),
        "window_built_ms": round(_median([r["durations"]["window_built_ms"] for r in warm_app]), 1),
        "window_drawn_off_screen_ms": round(_median([r["durations"]["window_drawn_off_screen_ms"] for r in warm_app]), 1),
        "window_prepared_before_enter": all(r["marks"].get("window_prepared", float("inf")) < r["marks"]["sign_in_asked"] for r in warm_app),
        "ratio_p50": round(comparison.ratio(50), 2),
        "ratio_p95": round(comparison.ratio(95), 2),
        "own_ratio_p50": round(own.ratio(50), 2),
        "own_ratio_p95": round(own.ratio(95), 2),
        "target_ms": TARGET_STARTUP_MS,
        "target_ratio": TARGET_STARTUP_RATIO,
        "verdict_ms": "PASS" if comparison.service.p95 < TARGET_STARTUP_MS else "MISS",
        # Both read against the 3x target: the whole wait, and the application's own work (the
        # Argon2id check set apart; docs/ARCHITECTURE.md, "Start-up and the password check").
        "verdict_ratio_with_check": "PASS" if comparison.ratio(95) < TARGET_STARTUP_RATIO else "MISS",
        "verdict_ratio_own": "PASS" if own.ratio(95) < TARGET_STARTUP_RATIO else "MISS",
    }
    return [comparison, own, rushed], detail


# -- search as you type ----------------------------------------------------------------------------------

def _names(folder: Path) -> list[tuple[str, str | None]]:
    """(birth name, used name) of every active patient, read-only (the bench may read the file directly)."""
    from continuity.security import vault
    from continuity.store import connection

    key = vault.unlock(vault.read_keyring(folder), "demo-clerk", "demo").database_key  # as the window signs in
    conn = connection.connect(database_path(folder), key, read_only=True)
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
    starts, start_detail = startup(folder)
    print(f"measuring {SEARCHES} searches through the window ...", flush=True)
    searches, search_detail = search(folder, work, rng)
    return [*starts, *searches], {"startup": start_detail, "search": search_detail}


def report(ui: dict, comparisons: list[Comparison]) -> list[str]:
    s, q = ui["startup"], ui["search"]
    start = next(c for c in comparisons if c.name == "window: start-up to bed board")
    own = next(c for c in comparisons if c.name == "window: start-up to bed board, password check set apart")
    rushed = next(c for c in comparisons if c.name == "window: start-up, password given at once")
    lines = [
        f"window start-up (offscreen, fresh process per run, {s['runs']} runs after {s['warmup_runs']} warm-up; "
        f"{s['tiles']} bed tiles; clock from the script's first line):",
        f"  what a person waits: the sign-in dialog (median {s['sign_in_shown_ms']:.1f} ms), then Enter -> usable bed board "
        f"(median {s['enter_to_board_ms']:.1f} ms); the {s['think_ms']} ms typing pause is not counted",
        f"  waited in all           p50 {start.service.p50:7.1f} ms  p95 {start.service.p95:7.1f} ms  "
        f"target p95 < {s['target_ms']:.0f} ms {s['verdict_ms']}",
        f"  bare QMainWindow        p50 {start.baseline.p50:7.1f} ms  p95 {start.baseline.p95:7.1f} ms",
        f"  ratio, all of it        p50 {s['ratio_p50']:6.1f}x    p95 {s['ratio_p95']:6.1f}x    "
        f"target p95 < {s['target_ratio']:.0f}x {s['verdict_ratio_with_check']} (the {s['password_check_ms']:.0f} ms Argon2id check counted)",
        f"  less the password check p50 {own.service.p50:7.1f} ms  p95 {own.service.p95:7.1f} ms  "
        f"ratio p50 {s['own_ratio_p50']:.1f}x  p95 {s['own_ratio_p95']:.1f}x  target p95 < {s['target_ratio']:.0f}x {s['verdict_ratio_own']}",
        f"  while the person types, the window's modules are imported ({s['window_modules_imported_ms']:.1f} ms), it is built "
        f"({s['window_built_ms']:.1f} ms), then drawn off screen ({s['window_drawn_off_screen_ms']:.1f} ms): the dialog answers keys "
        "between the last two, not within them (keys wait, none is lost); "
        f"ready before Enter in every run: {'yes' if s['window_prepared_before_enter'] else 'NO'}",
        f"  password given at once  p50 {rushed.service.p50:7.1f} ms  p95 {rushed.service.p95:7.1f} ms  "
        f"ratio {s['rushed_ratio_p50']:.1f}x / {s['rushed_ratio_p95']:.1f}x (nothing can be prepared while typing)",
        "  where the time goes, with the typing pause (medians):",
    ]
    for phase in s["phases"]:
        lines.append(f"    {phase['median_ms']:8.1f} ms  {phase['phase']}")
    lines.append("  and with the password given at once:")
    for phase in s["rushed_phases"]:
        lines.append(f"    {phase['median_ms']:8.1f} ms  {phase['phase']}")
    lines.append(f"    of the sign-in round trip, the Argon2id password check alone: {s['argon2_check_ms']:.1f} ms "
                 "(median of 5, timed in this process)")
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
