"""The reconciliation window's way to IT's services: every call runs in the window's database
thread (``worker.Backend``) as ``service(workspace, passphrase, ...)``, exactly as the command line
calls it, and answers by signal; the GUI thread never opens the workspace itself. The import's
progress, reported from that thread, reaches the window as a queued signal."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from continuity.ui.worker import Backend


class ReconcileClient(QObject):
    progressed = Signal(str, int, int)  # folder, files read, files in it
    changed = Signal()  # something was imported, decided, signed off or mapped: the pages read again

    def __init__(self, folder: Path, passphrase: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._passphrase = passphrase  # held for the window's lifetime: every service call asks for it
        self.backend = Backend(folder, self)

    def call(self, service: Callable[..., Any], *args: Any, on_done=None, on_refused=None, **kwargs: Any) -> int:
        folder, passphrase = self.folder, self._passphrase

        def work(_worker, *a: Any, **k: Any) -> Any:
            return service(folder, passphrase, *a, **k)

        return self.backend.call_raw(work, *args, on_done=on_done, on_refused=on_refused, **kwargs)

    def call_plain(self, function: Callable[..., Any], *args: Any, on_done=None, on_refused=None) -> int:
        """A call that needs no workspace (reading a CSV file's rows)."""
        return self.backend.call_raw(lambda _worker, *a: function(*a), *args, on_done=on_done, on_refused=on_refused)

    def add(self, folders: list[Path], on_done, on_refused) -> int:
        """``reconcile.add`` with its progress told to the window, at most once per percent per folder
        (a share of thousands of files must not flood the event loop)."""
        from continuity.services import reconcile

        said: dict[str, int] = {}
        emit = self.progressed.emit

        def progress(folder: str, done: int, total: int) -> None:
            percent = 100 * done // total if total else 100
            if said.get(folder) != percent:
                said[folder] = percent
                emit(folder, done, total)

        def work(_worker) -> dict:
            return reconcile.add(self.folder, self._passphrase, folders, progress)

        return self.backend.call_raw(work, on_done=on_done, on_refused=on_refused)

    def unlock(self, on_done, on_refused, passphrase: str | None = None) -> int:
        """The passphrase checked and the workspace's key kept; ``passphrase``: the one typed to unlock
        the window again after ``lock`` (forgotten again if it is refused)."""
        from continuity.services import reconcile_unlock

        if passphrase is None:
            return self.call(reconcile_unlock.keep_open, on_done=on_done, on_refused=on_refused)
        self._passphrase = passphrase

        def refused(message: str, field: str) -> None:
            self._passphrase = ""
            on_refused(message, field)

        return self.call(reconcile_unlock.keep_open, on_done=on_done, on_refused=refused)

    def lock(self) -> None:
        """Left idle: the passphrase and the kept key are forgotten (a call made meanwhile is refused
        as a wrong passphrase would be) until ``unlock`` with the right one."""
        from continuity.services import reconcile_unlock

        self._passphrase = ""
        reconcile_unlock.let_go(self.folder)

    def holds_passphrase(self) -> bool:
        return bool(self._passphrase)

    def shutdown(self) -> None:
        from continuity.services import reconcile_unlock

        self.backend.shutdown()
        reconcile_unlock.let_go(self.folder)
        self._passphrase = ""
