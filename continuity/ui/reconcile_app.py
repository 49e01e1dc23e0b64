"""``continuity reconcile window WORKSPACE``: the passphrase of IT's key asked in a dialog (or taken
from CONTINUITY_IT_PASSPHRASE, as the other commands do), then the reconciliation window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from continuity import i18n
from continuity.ui.forms import install_language
from continuity.ui.reconcile_client import ReconcileClient
from continuity.ui.reconcile_unlock import UnlockDialog
from continuity.ui.reconcile_window import ReconcileWindow


class ReconcileApplication:
    def __init__(self, folder: Path, *, language: str | None = None) -> None:
        self.qt = QApplication.instance() or QApplication(sys.argv)
        self.qt.setApplicationName("Continuity")
        install_language(language or i18n.current_language())
        self.folder = folder
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
        self.window = ReconcileWindow(client)
        self.window.show()
        self.window.refresh()
        return self.window

    def shutdown(self) -> None:
        if self.window is not None:
            self.window.client.shutdown()


def run(folder: Path, passphrase: str | None = None, language: str | None = None) -> int:
    from continuity.ui.app import _excepthook

    sys.excepthook = _excepthook
    app = ReconcileApplication(folder, language=language)
    app.start(passphrase)
    try:
        return app.qt.exec()
    finally:
        app.shutdown()
