"""``make soak`` (``python -m continuity.ui.soak --hours 12``): the ward's window through a
compressed night, in a process of its own, on an invented demo ward synced with a second laptop.

Each simulated hour: the bed board repainted many times, every tab shown, another laptop's
admissions and a birth arriving by sync, the admission and birth dialogs opened and closed, the
window locked and unlocked, and now and then another person taking the laptop. The process must
survive, and the references to ``None`` (a Qt binding that drops them aborts the process: see
tests/test_qt_bindings.py) and the process memory must stay flat. Prints its figures as JSON on the
last line; exits 1 when a figure is out of bounds.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QObject, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from continuity.core.permissions import Role  # noqa: E402
from continuity.services import adt, births, demo, sync, ward  # noqa: E402
from continuity.services.session import Session, open_session  # noqa: E402
from continuity.ui.app import Application  # noqa: E402
from continuity.ui.screenshots import prepare  # noqa: E402

REPAINTS_PER_HOUR = 60
USERS = ("demo-midwife", "demo-clerk", "demo-supervisor")
# Bounds for the figures after the warm-up (the first tenth of the night): what "flat" means.
# References to None must never fall (each lost one brings the "none_dealloc" abort closer: the
# PySide6 6.12.0 fault lost thousands an hour). They may rise a little: PySide6 6.11.3 keeps about
# three per widget made and deleted (the dialogs, the rota grid's rows), ~240 an hour here, which
# costs no memory and can never abort; a leak of our own (a board rebuilt on every refresh made
# ~2 300 an hour) goes past this bound.
MAX_NONE_RISE_PER_HOUR = 400
MAX_RSS_GROWTH_MB = 40.0


class _Driver(QObject):
    """Runs the night's steps inside the application's own event loop (``exec``), as a person's
    clicks arrive: each step yields what it waits for, and the next runs once that holds. Deferred
    deletions, timers and the database thread's answers all work as they do on a ward."""

    def __init__(self, steps: Iterator[Callable[[], bool]]) -> None:
        super().__init__()
        self.steps, self.waiting, self.error = steps, (lambda: True), None
        self.timer = QTimer(self, interval=2)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        try:
            if self.waiting():
                self.waiting = next(self.steps)
        except StopIteration:
            self._end()
        except BaseException as error:  # noqa: BLE001 - reported by run()
            self.error = error
            self._end()

    def _end(self) -> None:
        self.timer.stop()
        QApplication.instance().quit()


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class Night:
    def __init__(self, root: Path) -> None:
        self.folder = prepare(root)  # laptop-1 (this window) and laptop-2 (another process's data)
        self.share = root / "share"
        self.clerk = open_session(root / "laptop-2", "demo-clerk", demo.DEMO_PASSWORD)
        self.other = self.clerk.store
        self.midwife = Session(self.other, "demo-midwife", Role.MIDWIFE, "Démo")
        self.app = Application(self.folder, language="fr")
        self.main = None
        self.user = USERS[0]
        self.counts = {"repaints": 0, "tabs": 0, "admissions": 0, "births": 0, "discharges": 0, "syncs": 0, "locks": 0,
                       "switches": 0, "dialogs": 0}
        self.admitted: list[str] = []

    def idle(self) -> bool:
        return not self.app.backend.working

    def sign_in(self) -> Iterator[Callable[[], bool]]:
        login = self.app.start()
        yield lambda: self.app._prepared is not None and not self.app._prepared.preparing
        login.user.setText(self.user)
        login.password.setText(demo.DEMO_PASSWORD)
        login.try_sign_in()
        yield lambda: self.app.main is not None and self.app.main.window.isVisible()
        self.main = self.app.main
        yield lambda: len(self.main.board.tiles) > 0 and self.idle()

    def hour(self, number: int) -> Iterator[Callable[[], bool]]:
        main = self.main
        for _ in range(REPAINTS_PER_HOUR):
            main.board.grab()
            self.counts["repaints"] += 1
        for index in range(main.tabs.count()):
            main.tabs.setCurrentIndex(index)
            yield self.idle
            main.window.grab()
            self.counts["tabs"] += 1
        main.tabs.setCurrentIndex(0)
        yield from self._arrivals(number)
        yield from self._dialogs()
        yield from self._lock_and_unlock()
        if number % 4 == 3:
            yield from self._switch_user()

    def _arrivals(self, number: int) -> Iterator[Callable[[], bool]]:
        """Another laptop admits a woman (and, every other hour, records her baby), then syncs."""
        if len(self.admitted) >= 3:  # the woman admitted three hours ago goes home (her baby with her)
            adt.discharge(self.clerk, self.admitted.pop(0), destination="home")
            self.counts["discharges"] += 1
        census = ward.census(self.clerk)
        free = next(((u["code"], b["bed"]) for u in census["units"] if u["code"] in ("SDC", "GHR", "SDN")
                     for b in u["beds"] if b["state"] == "free"), None)
        if free is not None:
            ipp = demo.add_invented(self.clerk, birth_name=f"Nuit{number}", first_names="Veilleuse", birth_date="1993-03-03", sex="F")
            nda = adt.admit(self.clerk, ipp, unit=free[0], bed=free[1]).values["nda"]
            self.admitted.append(nda)
            self.counts["admissions"] += 1
            if number % 2 == 0:
                births.record_birth(self.midwife, nda, sex="F", weight_g=3100)
                self.counts["births"] += 1
        sync.sync_once(self.clerk, self.share, settle_seconds=0)
        yield self.idle
        self.main.sync.sync_now()
        yield self.idle
        self.main.refresh()
        yield self.idle
        self.counts["syncs"] += 1

    def _dialogs(self) -> Iterator[Callable[[], bool]]:
        main = self.main
        if main.actions["actionAdmit"].isVisible():
            dialog = main.open_admission()
            yield self.idle
            dialog.reject()
            self.counts["dialogs"] += 1
        mother = next((t.bed for t in main.board.tiles.values() if t.bed.get("nda") and t.bed.get("state") == "occupied"), None)
        if mother is not None and self.user != "demo-clerk":
            dialog = main.birth(mother["nda"], mother.get("name", ""))
            yield self.idle
            dialog.reject()
            self.counts["dialogs"] += 1

    def _lock_and_unlock(self) -> Iterator[Callable[[], bool]]:
        main = self.main
        main.lock()  # Ctrl+L, or the idle timer: the unlock dialog opens with it
        yield self.idle
        login = main.unlock()  # the same dialog (one at a time)
        login.password.setText(demo.DEMO_PASSWORD)
        login.try_sign_in()
        yield lambda: main.stack.currentWidget() is main.tabs and self.idle()
        self.counts["locks"] += 1

    def _switch_user(self) -> Iterator[Callable[[], bool]]:
        main = self.main
        self.user = USERS[(USERS.index(self.user) + 1) % len(USERS)]
        login = main.switch_user()
        login.user.setText(self.user)
        login.password.setText(demo.DEMO_PASSWORD)
        login.try_sign_in()
        yield lambda: main.session.get("user") == self.user and main.stack.currentWidget() is main.tabs and self.idle()
        self.counts["switches"] += 1

    def close(self) -> None:
        if self.main is not None:
            self.main.window.close()
        self.app.shutdown()
        self.other.close()


def run(hours: int) -> dict:
    qt = QApplication.instance() or QApplication(sys.argv)
    root = Path(tempfile.mkdtemp(prefix="continuity-soak-"))
    started = time.monotonic()
    warm = max(1, hours // 10)
    marks: dict[str, float] = {}
    by_hour: list[tuple[int, float]] = []  # references to None and memory after each hour
    try:
        night = Night(root)

        def mark(when: str) -> Iterator[Callable[[], bool]]:
            yield night.idle
            gc.collect()
            marks[f"none_{when}"], marks[f"rss_mb_{when}"] = sys.getrefcount(None), _rss_mb()


        def whole_night() -> Iterator[Callable[[], bool]]:
            yield from night.sign_in()
            for number in range(hours):
                if number == warm:
                    yield from mark("after_warm_up")
                yield from night.hour(number)
                gc.collect()
                by_hour.append((sys.getrefcount(None), round(_rss_mb(), 1)))
            yield from mark("at_end")

        driver = _Driver(whole_night())
        qt.exec()
        if driver.error is not None:
            raise driver.error
        counts = dict(night.counts)
        night.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    measured = hours - warm
    never_fell = min(n for n, _m in by_hour[warm:]) >= marks["none_after_warm_up"]
    none_drift = (marks["none_at_end"] - marks["none_after_warm_up"]) / measured
    growth = marks["rss_mb_at_end"] - marks["rss_mb_after_warm_up"]
    return {
        "hours": hours, **counts, "seconds": round(time.monotonic() - started, 1),
        "none_drift_per_hour": round(none_drift, 1), "rss_mb_after_warm_up": round(marks["rss_mb_after_warm_up"], 1),
        "rss_mb_at_end": round(marks["rss_mb_at_end"], 1), "rss_growth_mb": round(growth, 1),
        "none_refs_by_hour": [n for n, _m in by_hour], "rss_mb_by_hour": [m for _n, m in by_hour],
        "none_never_fell": never_fell,
        "flat": never_fell and none_drift <= MAX_NONE_RISE_PER_HOUR and growth <= MAX_RSS_GROWTH_MB,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m continuity.ui.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("--hours", type=int, default=12, help="simulated hours (default 12: a night shift)")
    args = parser.parse_args(argv)
    figures = run(max(2, args.hours))
    print(json.dumps(figures))
    return 0 if figures["flat"] else 1


if __name__ == "__main__":
    sys.exit(main())
