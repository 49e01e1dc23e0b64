"""``continuity reconcile window WORKSPACE``: the passphrase of IT's key asked in a dialog (or taken
from CONTINUITY_IT_PASSPHRASE, as the other commands do), then the reconciliation window, locked
after as many idle minutes as the ward's (``--lock-minutes``, CONTINUITY_LOCK_MINUTES)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from continuity import i18n
from continuity.ui.forms import install_language
from continuity.ui.main_window import DEFAULT_LOCK_MINUTES
from continuity.ui.reconcile_client import ReconcileClient
from continuity.ui.reconcile_unlock import UnlockDialog
from continuity.ui.reconcile_window import ReconcileWindow


class ReconcileApplication:
    def __init__(self, folder: Path, *, language: str | None = None, lock_minutes: int = DEFAULT_LOCK_MINUTES) -> None:
        self.qt = QApplication.instance() or QApplication(sys.argv)
        self.qt.setApplicationName("Continuity")
        install_language(language or i18n.current_language())
        self.folder = folder
        self.lock_minutes = lock_minutes  # the ward window's idle time, ``--lock-minutes``
        self.dialog: UnlockDialog | None = None
        self.window: ReconcileWindow | None = None

    def start(self, passphrase: str | None = None) -> UnlockDialog:
        """The dialog; with a passphrase given, tried at once (a refusal is then said in the dialog)."""
        self.dialog = UnlockDialog(self.folder)
        self.dialog.unlocked.connect(self.open_window)
        self.dialog.show()
        if passphrase:
            self.dialog.submit(passphrase)
        return self.dialog

    def open_window(self, client: ReconcileClient) -> ReconcileWindow:
        self.window = ReconcileWindow(client, lock_minutes=self.lock_minutes)
        self.window.show()
        self.window.refresh()
        return self.window

    def shutdown(self) -> None:
        if self.window is not None:
            self.window.client.shutdown()


def run(folder: Path, passphrase: str | None = None, language: str | None = None, lock_minutes: int = DEFAULT_LOCK_MINUTES) -> int:
    from continuity.ui.app import _excepthook

    sys.excepthook = _excepthook
    app = ReconcileApplication(folder, language=language, lock_minutes=lock_minutes)
    app.start(passphrase)
    try:
        return app.qt.exec()
    finally:
        app.shutdown()
