"""What ``bench/ui_bench.py`` runs in a fresh process (``QT_QPA_PLATFORM=offscreen``), one mode per run:

``bare``                      a QApplication and an empty QMainWindow, to its first frame (the baseline);
``app FOLDER [THINK_MS]``     the application, signed in programmatically, to a bed board on screen;
                              with THINK_MS the password is typed that long after the sign-in dialog
                              painted (a person's pause), else at once;
``search FOLDER QUERIES``     the same start, then search-as-you-type timed against identity.search.

The clock starts at the first line of this file, before PySide6 is imported: every time is in
milliseconds from there (``t0`` is also given as raw ``perf_counter`` so the parent can add the
interpreter's own start). The answer is one line ``BENCH-RESULT {json}`` on stdout.

Instrumentation is wrapped around the app from outside (nothing in continuity/ is changed): a few
class attributes are replaced in this process only, by wrappers that note the time and call the
original.
"""

import time

T0 = time.perf_counter()

import json  # noqa: E402 - after the clock starts, on purpose
import os  # noqa: E402
import sys  # noqa: E402

RESULT_PREFIX = "BENCH-RESULT "
USER, PASSWORD = "demo-midwife", "demo"  # a demo user (continuity.services.demo)
WAIT_MS = 60_000  # longest wait for any one thing before the run is declared failed


def since_start() -> float:
    return (time.perf_counter() - T0) * 1000


def answer(result: dict) -> None:
    result["t0_perf_counter"] = T0
    sys.stdout.write(RESULT_PREFIX + json.dumps(result) + "\n")
    sys.stdout.flush()


# -- the baseline: a bare window ------------------------------------------------------------------------

def bare() -> dict:
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    marks = {"imported": since_start()}
    _qt = QApplication(sys.argv)  # kept alive until the frame is shown
    marks["qapplication"] = since_start()
    loop = QEventLoop()

    class FirstFrame(QObject):
        def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and "painted" not in marks:
                marks["painted"] = since_start()
                # The frame is composed and flushed once the current event is done.
                QTimer.singleShot(0, lambda: (marks.setdefault("shown", since_start()), loop.quit()))
            return False

    window = QMainWindow()
    window.resize(1366, 768)  # the size of forms/main_window.ui
    first = FirstFrame()
    window.installEventFilter(first)
    window.show()
    QTimer.singleShot(WAIT_MS, loop.quit)
    loop.exec()
    if "shown" not in marks:
        raise SystemExit("bench: the bare window never painted")
    return {"marks": marks}


# -- the application ------------------------------------------------------------------------------------

class Started:
    """The application started and signed in, with the marks of its start."""

    def __init__(self, folder: str, think_ms: int = 0) -> None:
        from pathlib import Path

        import PySide6.QtUiTools  # noqa: F401 - the Qt modules the app uses, imported before its own code
        import PySide6.QtWidgets  # noqa: F401
        from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

        self.marks: dict[str, float] = {}
        self.marks["qt_imported"] = since_start()
        marks = self.marks
        from continuity.ui.app import Application

        self.marks["imported"] = since_start()

        class FirstFrame(QObject):
            """Notes a widget's first paint, then the end of that frame (a zero timer runs once the
            frame is composed and flushed), under ``name``."""

            def __init__(self, name: str, then=None) -> None:
                super().__init__()
                self.name, self.then = name, then

            def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint and self.name + "_paint" not in marks:
                    marks[self.name + "_paint"] = since_start()
                    QTimer.singleShot(0, self._done)
                return False

            def _done(self) -> None:
                marks.setdefault(self.name, since_start())
                if self.then is not None:
                    self.then()

        self._filters: list[QObject] = []

        def watch(widget, name: str, then=None) -> None:
            watcher = FirstFrame(name, then)
            self._filters.append(watcher)
            widget.installEventFilter(watcher)

        def watch_the_board() -> None:
            # Wrapped only once the app has imported the board itself (while the sign-in dialog
            # waits): importing it here, before the app, would add its import to the sign-in time.
            from continuity.ui.bed_board import BedBoard

            if getattr(BedBoard.show_census, "bench_wrapped", False):
                return
            original_census = BedBoard.show_census

            def show_census(board, census):
                marks.setdefault("census_arrived", since_start())
                original_census(board, census)
                marks.setdefault("tiles_built", since_start())
                if board.tiles and "tile_watched" not in marks:
                    marks["tile_watched"] = since_start()
                    watch(next(iter(board.tiles.values())), "board_shown", lambda: loop.quit())

            show_census.bench_wrapped = True
            BedBoard.show_census = show_census

        original_open = Application._open_main

        def open_main(application, session):
            marks["signed_in"] = since_start()
            watch_the_board()  # before the window asks for the census
            original_open(application, session)
            marks["main_built"] = since_start()  # the window opened for the session (it shows with its first census)
            watch(application.main.window, "window_shown")

        Application._open_main = open_main

        self.app = Application(Path(folder), language="fr")
        marks["application"] = since_start()
        loop = QEventLoop()  # only once the QApplication exists
        login = self.app.start()
        marks["login_started"] = since_start()

        durations = self.durations = {}  # milliseconds spent in one thing (marks are points in time)

        def time_the_password_check() -> None:
            # Wrapped once the app has imported the sign-in service itself (its warm-up, while
            # the dialog waits): importing it here would put the services' import on the path.
            session = sys.modules["continuity.services.session"]
            original_verify = session.verify_password

            def verify_password(*args):
                start = time.perf_counter()
                try:
                    return original_verify(*args)
                finally:
                    durations["password_check_ms"] = (time.perf_counter() - start) * 1000

            session.verify_password = verify_password

        original_prepare_window = Application._prepare_window

        def prepare_window(application) -> None:
            # Called when the warm-up is done: the services are imported, the window is built now
            # (the GUI thread is busy meanwhile: reported, as the dialog cannot answer keys then).
            time_the_password_check()
            start = time.perf_counter()
            from continuity.ui.main_window import MainWindow

            durations["window_modules_imported_ms"] = (time.perf_counter() - start) * 1000

            original_prepare = MainWindow.prepare

            def prepare(window) -> None:
                start = time.perf_counter()
                original_prepare(window)
                durations["window_drawn_off_screen_ms"] = (time.perf_counter() - start) * 1000
                marks["window_prepared"] = since_start()

            MainWindow.prepare = prepare
            start = time.perf_counter()
            original_prepare_window(application)
            durations["window_built_ms"] = (time.perf_counter() - start) * 1000

        Application._prepare_window = prepare_window

        def type_and_sign_in() -> None:
            login.user.setText(USER)
            login.password.setText(PASSWORD)
            marks["sign_in_asked"] = since_start()
            login.try_sign_in()

        if think_ms:
            # As a person does: the sign-in dialog shows, they type, then press Enter.
            watch(login, "login_shown", lambda: QTimer.singleShot(think_ms, type_and_sign_in))
        else:
            type_and_sign_in()
        QTimer.singleShot(WAIT_MS, loop.quit)
        loop.exec()
        if "board_shown" not in marks:
            raise SystemExit(f"bench: no bed board within {WAIT_MS} ms (marks so far: {marks}; login says {login.error.text()!r})")
        self.main = self.app.main
        self.tiles = len(self.main.board.tiles)

    def worker_idle(self) -> float:
        """Milliseconds until every call queued so far on the database thread has ended (the calls
        run one at a time, in order: an empty call answered means all before it are done)."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        answered: list[bool] = []
        start = time.perf_counter()
        self.app.backend.call_raw(lambda worker: None, on_done=lambda _r: (answered.append(True), loop.quit()))
        QTimer.singleShot(WAIT_MS, loop.quit)
        loop.exec()  # the GUI thread sleeps in the event loop meanwhile
        if not answered:
            raise SystemExit("bench: the database thread never became idle")
        return (time.perf_counter() - start) * 1000

    def shutdown(self) -> None:
        self.app.shutdown()


class SearchProbe:
    """Times one search from ``PatientsView.run_search()`` (the debounce bypassed) to the model reset,
    and on to the first frame painted with the new rows."""

    def __init__(self, started: Started) -> None:
        from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

        self.started = started
        self.view = started.main.patients
        self.reset_at = 0.0
        self.painted_at = 0.0
        self.loop = QEventLoop()
        self.view.model.modelReset.connect(self._reset)
        probe = self

        class Painted(QObject):
            def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint and probe.reset_at and not probe.painted_at:
                    QTimer.singleShot(0, probe._painted)
                return False

        self._filter = Painted()
        self.view.table.viewport().installEventFilter(self._filter)
        self._timeout = QTimer(singleShot=True, interval=10_000)
        self._timeout.timeout.connect(self.loop.quit)

    def _reset(self) -> None:
        if not self.reset_at:
            self.reset_at = time.perf_counter()
            if not self.view.table.viewport().isVisible():
                self.loop.quit()

    def _painted(self) -> None:
        if not self.painted_at:
            self.painted_at = time.perf_counter()
            self.loop.quit()

    def once(self, text: str) -> tuple[float, float | None, int]:
        """(ms to the model filled, ms to its frame painted or None, rows)."""
        search = self.view.search
        search.blockSignals(True)  # the text as typed, without starting the 150 ms debounce timer
        search.setText(text)
        search.blockSignals(False)
        self.reset_at = self.painted_at = 0.0
        start = time.perf_counter()
        self.view.run_search()
        self._timeout.start()
        self.loop.exec()
        self._timeout.stop()
        if not self.reset_at:
            raise SystemExit(f"bench: the search {text!r} never filled the table")
        filled = (self.reset_at - start) * 1000
        painted = (self.painted_at - start) * 1000 if self.painted_at else None
        return filled, painted, self.view.model.rowCount()


def app(folder: str, think_ms: str = "0") -> dict:
    started = Started(folder, int(think_ms))
    marks = started.marks
    # A search typed as soon as the board is there: it queues behind whatever the window asked the
    # database thread for at start-up.
    probe = SearchProbe(started)
    first_search, _painted, _rows = probe.once("mar")
    marks["worker_idle"] = since_start() + started.worker_idle()
    result = {"marks": marks, "durations": started.durations, "tiles": started.tiles,
              "first_search_ms": first_search}
    started.shutdown()
    return result


def search(folder: str, queries_file: str) -> dict:
    from pathlib import Path

    from continuity.services import identity
    from continuity.services.session import open_session

    plan = json.loads(Path(queries_file).read_text(encoding="utf-8"))
    started = Started(folder)
    started.main.focus_search()  # the patients tab in front, as the search shortcut does
    idle_after_ms = started.worker_idle()
    # The baseline: the same service on a connection of its own, in this (GUI) thread.
    session = open_session(Path(folder), USER, PASSWORD)
    store = session.store
    probe = SearchProbe(started)

    def direct(text: str) -> float:
        start = time.perf_counter()
        identity.search(session, text)
        return (time.perf_counter() - start) * 1000

    for text in plan["warmup"]:
        probe.once(text)
        direct(text)
    samples = []
    for index, text in enumerate(plan["queries"]):
        # Alternating which goes first: neither always finds the pages the other just read.
        if index % 2:
            base = direct(text)
            filled, painted, rows = probe.once(text)
        else:
            filled, painted, rows = probe.once(text)
            base = direct(text)
        samples.append({"query": text, "filled_ms": filled, "painted_ms": painted, "direct_ms": base, "rows": rows})
    store.close()
    result = {"marks": started.marks, "worker_idle_after_ready_ms": idle_after_ms, "samples": samples}
    started.shutdown()
    return result


def main(argv: list[str]) -> int:
    mode, *rest = argv
    result = {"bare": bare, "app": app, "search": search}[mode](*rest)
    answer(result)
    # Past the answer nothing is measured: skip Qt's and Python's teardown of every widget.
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
