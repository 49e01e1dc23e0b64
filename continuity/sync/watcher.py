"""Keep syncing: file events where the folder gives them, polling on network shares, and a full
rescan every few seconds in any case (events are only hints; a share may send none)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

from continuity.sync.folder import is_network_filesystem

DEFAULT_RESCAN_SECONDS = 10.0
_DEBOUNCE_SECONDS = 0.2  # a copy makes several events: wait for the burst to end


class _Nudge(FileSystemEventHandler):
    def __init__(self, wake: threading.Event) -> None:
        self.wake = wake

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Reading a file makes "opened"/"closed without writing" events: our own pass reading the
        # folder must not wake it again.
        if event.event_type in ("opened", "closed_no_write"):
            return
        names = [Path(str(event.src_path)).name, Path(str(getattr(event, "dest_path", "") or "")).name]
        if any(name and not name.startswith(".") for name in names):  # a rename into place counts
            self.wake.set()


def _wait_for_change(wake: threading.Event, stop: threading.Event, seconds: float,
                     local_changed: Callable[[], bool] | None = None) -> None:
    """Until a file event, a change written here by another process, the next rescan, or a stop
    request (each answered within a quarter second)."""
    deadline = time.monotonic() + seconds
    while not stop.is_set() and not wake.is_set():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return
        wake.wait(min(0.25, remaining))
        if local_changed is not None and local_changed():
            wake.set()


def make_observer(root: Path, polling: bool | None):
    """A native observer (inotify...) on local disks, a polling one on network shares."""
    use_polling = is_network_filesystem(root) if polling is None else polling
    return (PollingObserver(timeout=2) if use_polling else Observer()), use_polling


def watch(
    root: Path,
    run_pass: Callable[[], object],
    *,
    stop: threading.Event,
    polling: bool | None = None,
    rescan_seconds: float = DEFAULT_RESCAN_SECONDS,
    on_watching: Callable[[bool], None] = lambda polling: None,
    local_changed: Callable[[], bool] | None = None,
) -> None:
    """Run ``run_pass`` now, on every change in ``root``, whenever ``local_changed()`` says this
    laptop's database was written by another process (the window, the command line: sent within a
    second), and at least every ``rescan_seconds``, until ``stop`` is set. A folder that is missing is
    simply retried at the next rescan. ``on_watching(polling)`` is called each time the folder is
    being watched (again)."""
    wake = threading.Event()
    observer = None
    try:
        while not stop.is_set():
            if observer is None and root.is_dir():
                observer, by_polling = make_observer(root, polling)
                observer.schedule(_Nudge(wake), str(root), recursive=True)
                observer.start()
                on_watching(by_polling)
            elif observer is not None and not root.is_dir():
                observer.stop()  # the stick was pulled out: start again once it is back
                observer = None
            run_pass()
            if local_changed is not None:
                local_changed()  # what the pass itself wrote is not news
            _wait_for_change(wake, stop, rescan_seconds, local_changed)
            if wake.is_set():
                stop.wait(_DEBOUNCE_SECONDS)
                wake.clear()
    finally:
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)
