"""Drop-to-visible latency: a writer exports one new patient into the share; how long until a reader
that keeps syncing on native file events can find her. Against a bare watchdog observer's reaction
to a file written into the same folder, interleaved."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

from continuity.core.permissions import Role
from continuity.paths import database_path
from continuity.services import demo
from continuity.services.session import Session
from continuity.services.sync import keep_syncing
from continuity.store import connection
from continuity.store.tx import Store
from continuity.sync.engine import SyncEngine, SyncReport

from bench.baseline import FileEventEcho
from bench.common import Comparison, Summary

TARGET_P95_MS = 2000.0
DROPS = 10
WARMUP = 1  # the first drop pays for the reader's first reaction (code paths, caches): not counted
POLL_SECONDS = 0.01
# Long enough that a drop seen only at a rescan would show as a miss, not be hidden by it.
RESCAN_SECONDS = 30.0
QUIET_SECONDS = 0.6  # the reader is idle when no pass has ended for this long (debounce is 0.2 s)


class WatchingReader:
    """``keep_syncing`` in a thread of its own, on a Store opened in that thread (SQLite connections
    belong to the thread that opened them), counting the passes it makes."""

    def __init__(self, folder: Path, share: Path, key: bytes | None) -> None:
        self.folder, self.share, self.key = folder, share, key
        self.stop = threading.Event()
        self.passes = 0
        self.last_pass = time.monotonic()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="bench-reader", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            store = Store(database_path(self.folder), key=self.key)
            try:
                session = Session(store, "cdurand", Role.MIDWIFE, "x")
                keep_syncing(session, self.share, stop=self.stop, on_report=self._passed, polling=False,
                             rescan_seconds=RESCAN_SECONDS, settle_seconds=0)
            finally:
                store.close()
        except BaseException as error:  # reported by the main thread, which would otherwise wait forever
            self.error = error

    def _passed(self, _report: SyncReport) -> None:
        self.passes += 1
        self.last_pass = time.monotonic()

    def wait_idle(self, after: int = 0, timeout: float = 60.0) -> None:
        """Until more than ``after`` passes have ended and none has for QUIET_SECONDS. The patient is
        visible before her pass ends (it still notes the pass): a count taken then would miss it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.error is not None:
                raise SystemExit(f"bench: the watching reader failed: {self.error!r}")
            if self.passes > after and time.monotonic() - self.last_pass >= QUIET_SECONDS:
                return
            time.sleep(POLL_SECONDS)
        raise SystemExit(f"bench: the watching reader is still busy after {timeout} s")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=10)


def _drop(writer: Store, share: Path, rng: random.Random) -> str:
    """One new patient on the writer, exported into the share; her IPP."""
    session = Session(writer, "accueil", Role.CLERK, "x")
    ipp = demo.add_invented(session, birth_name=f"Latence{rng.randint(1, 10**6)}", first_names="Marie", birth_date="1991-03-04", sex="F")
    report = SyncReport()
    SyncEngine(writer, share, user=session.user).export(report)
    if report.published != 1 or report.folder_error:
        raise SystemExit(f"bench: the drop was not published ({report.folder_error})")
    return ipp


def _visible_after(probe, ipp: str, exported_ns: int) -> int:
    deadline = time.monotonic() + RESCAN_SECONDS + 10
    while time.monotonic() < deadline:
        if probe.execute("SELECT 1 FROM patients WHERE ipp = ?", [ipp]).fetchone():
            return time.perf_counter_ns() - exported_ns
        time.sleep(POLL_SECONDS)
    raise SystemExit(f"bench: patient {ipp} never became visible on the reader")


def run(reader_folder: Path, share: Path, writer: Store, rng: random.Random, key: bytes | None = None) -> tuple[Comparison, dict]:
    reader = WatchingReader(reader_folder, share, key)
    echo = FileEventEcho(share)
    # A separate read-only connection on the reader's file: what a screen on that laptop would read.
    probe = connection.connect(database_path(reader_folder), key, read_only=True)
    service_ns: list[int] = []
    baseline_ns: list[int] = []
    passes: list[int] = []
    try:
        reader.wait_idle()  # its first pass looks at every bundle already in the share
        for index in range(DROPS + WARMUP):
            before = reader.passes
            ipp = _drop(writer, share, rng)
            took = _visible_after(probe, ipp, time.perf_counter_ns())  # the clock starts once export has returned
            reader.wait_idle(after=before)
            # Interleaved: disk and scheduler noise hits both series alike.
            base = echo.once()
            if index >= WARMUP:
                service_ns.append(took)
                baseline_ns.append(base)
                passes.append(reader.passes - before)
    finally:
        probe.close()
        echo.close()
        reader.close()
    comparison = Comparison("sync: drop to visible", Summary("keep_syncing (inotify)", service_ns),
                            Summary(FileEventEcho.label, baseline_ns), TARGET_P95_MS)
    return comparison, {"passes_per_drop": passes}
