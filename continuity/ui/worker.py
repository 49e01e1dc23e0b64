"""The one thread that touches the database for the window.

The GUI thread never waits on disk: it asks for a service call, the worker runs it on its own
connection and answers with a signal carrying plain data (or the refusal), keyed by a request id so
an answer that comes back after its screen moved on is simply dropped.
"""

from __future__ import annotations

import itertools
import logging
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from continuity.core.errors import DomainError

if TYPE_CHECKING:  # imported in the database thread (see Backend.warm_up): not on the window's start
    from continuity.services.session import Session
    from continuity.store.tx import Store

log = logging.getLogger("continuity.ui")


class _Worker(QObject):
    done = Signal(int, object)
    refused = Signal(int, str, str)  # request id, message (user's language), field
    crashed = Signal(int, str)

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder
        self.store: Store | None = None
        self.session: Session | None = None

    @Slot(int, object, object, object)
    def run(self, request: int, function: Callable, args: tuple, kwargs: dict) -> None:
        try:
            self.done.emit(request, function(self, *args, **kwargs))
        except DomainError as error:
            self.refused.emit(request, error.localized(), error.field or "")
        except Exception as error:  # noqa: BLE001 - shown to the user and logged, never swallowed
            log.error("unexpected %s in the database worker\n%s", type(error).__name__, "".join(traceback.format_tb(error.__traceback__)))
            self.crashed.emit(request, type(error).__name__)

    @Slot()
    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


def _deliver(handler: Callable, *args: Any) -> None:
    """Hand an answer to its screen; a screen closed meanwhile (its widgets deleted) just drops it."""
    try:
        handler(*args)
    except RuntimeError as error:
        if "already deleted" not in str(error):
            raise


# Every database thread and its worker, held here until the thread has stopped: a garbage collection
# in the GUI thread must never free them while a call runs in that thread (a crash seen under load).
_running: set[tuple[QThread, QObject]] = set()


class Backend(QObject):
    """What windows use: ``call(service, *args, on_done=..., on_refused=...)``."""

    _request = Signal(int, object, object, object)
    _close = Signal()
    busy_changed = Signal(bool)
    crashed = Signal(str)
    refused = Signal(str)  # a refusal nobody asked to handle: shown as a plain warning

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._thread = QThread()
        self._thread.setObjectName("database")
        self._worker = _Worker(folder)
        self._worker.moveToThread(self._thread)
        self._request.connect(self._worker.run)
        self._close.connect(self._worker.close)
        self._worker.done.connect(self._on_done)
        self._worker.refused.connect(self._on_refused)
        self._worker.crashed.connect(self._on_crashed)
        held = (self._thread, self._worker)
        _running.add(held)
        self._thread.finished.connect(lambda: _running.discard(held))
        self._thread.start()

    # -- calls -------------------------------------------------------------------------------------------
    def call_raw(self, function: Callable[..., Any], *args: Any, on_done=None, on_refused=None, **kwargs: Any) -> int:
        """Run ``function(worker, *args, **kwargs)`` in the database thread."""
        request = next(self._ids)
        self._pending[request] = (on_done, on_refused)
        self.busy_changed.emit(True)
        self._request.emit(request, function, args, kwargs)
        return request

    def call(self, service: Callable[..., Any], *args: Any, on_done=None, on_refused=None, **kwargs: Any) -> int:
        """Run ``service(session, *args, **kwargs)`` for the signed-in user."""

        def with_session(worker: _Worker, *a: Any, **k: Any) -> Any:
            if worker.session is None:
                raise DomainError("Sign in first.")
            return service(worker.session, *a, **k)

        return self.call_raw(with_session, *args, on_done=on_done, on_refused=on_refused, **kwargs)

    def sign_in(self, user: str, password: str, on_done=None, on_refused=None) -> int:
        def work(worker: _Worker) -> dict:
            from continuity.services.session import open_session, sign_in

            if worker.store is None:  # the password opens the database
                worker.session = open_session(worker.folder, user, password)
                worker.store = worker.session.store
            else:  # unlocking the screen, or another user taking over
                worker.session = sign_in(worker.store, user, password)
            device = worker.store.device() or {}
            return {"user": worker.session.user, "role": worker.session.role.value, "display_name": worker.session.display_name,
                    "device": device.get("device_name"), "ward": device.get("ward_name"), "timezone": worker.session.timezone}

        return self.call_raw(work, on_done=on_done, on_refused=on_refused)

    def sign_out(self) -> None:
        def work(worker: _Worker) -> None:
            worker.session = None

        self.call_raw(work)

    def warm_up(self, on_done=None) -> int:
        """Import the services (and the storage stack under them) in the database thread while the
        sign-in dialog waits for the user, so neither thread pays for it once the password is typed."""

        def work(_worker: _Worker) -> None:
            import continuity.services.adt  # noqa: F401 - imported for their import cost only
            import continuity.services.births  # noqa: F401
            import continuity.services.identity  # noqa: F401
            import continuity.services.session  # noqa: F401
            import continuity.services.sync  # noqa: F401
            import continuity.services.ward  # noqa: F401

        return self.call_raw(work, on_done=on_done)

    def device_info(self, on_done) -> int:
        """Which laptop of which ward: from the database once open, from its keyring before."""

        def work(worker: _Worker) -> dict:
            if worker.store is not None:
                return dict(worker.store.device() or {})
            from continuity.security import vault

            keyring = vault.read_keyring(worker.folder) or {}
            return {"ward_name": (keyring.get("ward") or {}).get("name"), "device_name": keyring.get("device")}

        return self.call_raw(work, on_done=on_done)

    @property
    def working(self) -> bool:
        """Some call asked of the database thread has not been answered yet."""
        return bool(self._pending)

    def forget(self, request: int) -> None:
        """The screen that asked no longer wants the answer."""
        self._pending.pop(request, None)

    def shutdown(self) -> None:
        self._pending.clear()
        self._close.emit()
        self._thread.quit()
        self._thread.wait(10_000)

    # -- answers -----------------------------------------------------------------------------------------
    def _settle(self, request: int) -> tuple[Callable | None, Callable | None]:
        handlers = self._pending.pop(request, (None, None))
        if not self._pending:
            self.busy_changed.emit(False)
        return handlers

    @Slot(int, object)
    def _on_done(self, request: int, result: object) -> None:
        on_done, _refused = self._settle(request)
        if on_done is not None:
            _deliver(on_done, result)

    @Slot(int, str, str)
    def _on_refused(self, request: int, message: str, field: str) -> None:
        _done, on_refused = self._settle(request)
        if on_refused is not None:
            _deliver(on_refused, message, field)
        else:
            self.refused.emit(message)

    @Slot(int, str)
    def _on_crashed(self, request: int, name: str) -> None:
        self._settle(request)
        self.crashed.emit(name)
