"""The desktop application: sign in, then the ward's window. French by default."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication

from continuity import i18n
from continuity.ui.forms import form_loader, install_language
from continuity.ui.login_dialog import LoginDialog
from continuity.ui.notify import notify
from continuity.ui.worker import Backend

if TYPE_CHECKING:  # imported while the sign-in dialog waits (see start)
    from continuity.ui.main_window import MainWindow

log = logging.getLogger("continuity.ui")


class Application:
    """Owns the backend thread and the windows; ``start()`` shows the sign-in dialog."""

    def __init__(self, folder: Path, *, language: str | None = None, lock_minutes: int = 10) -> None:
        self.qt = QApplication.instance() or QApplication(sys.argv)
        self.qt.setApplicationName("Continuity")
        install_language(language or i18n.current_language())
        form_loader()  # before the database thread starts (see forms.form_loader)
        self.backend = Backend(folder)
        self.backend.crashed.connect(self._crashed)
        self.backend.refused.connect(self._refused)
        self.lock_minutes = lock_minutes
        self.main: MainWindow | None = None  # the signed-in window
        self._prepared: MainWindow | None = None  # built behind its lock while the sign-in dialog waits
        self.login: LoginDialog | None = None

    def start(self) -> LoginDialog:
        self.login = LoginDialog(self.backend)
        self.login.stays_open_until_accepted = True  # until the ward's window shows (see _open_main)
        self.login.language_chosen.connect(self._language)
        self.login.signed_in.connect(self._open_main)
        self.login.show()
        # While the user types: the services are imported in the database thread, then the window is
        # built here behind its lock (nobody signed in, nothing of the ward read) and drawn once off
        # screen; a password typed sooner simply waits for that.
        self.backend.warm_up(on_done=lambda _none: self._prepare_window())
        return self.login

    def _prepare_window(self) -> None:
        if self.main is not None or self._prepared is not None:
            return
        self._prepared = self._new_window()
        # Drawn off screen over the next turns of the event loop: the dialog answers keys in between.
        self._prepared.prepare()

    def _new_window(self) -> MainWindow:
        return _import_main_window()(self.backend, lock_minutes=self.lock_minutes)

    def _language(self, language: str) -> None:
        install_language(language)
        if self._prepared is not None:  # built in the previous language
            self._prepared.discard()
            self._prepared = None
        if self.login is not None:  # rebuild the dialog in the new language, keeping what was typed
            typed, secret = self.login.user.text(), self.login.password.text()
            self.login.signed_in.disconnect()
            self.login.close()
            rebuilt = self.start()
            rebuilt.user.setText(typed)
            rebuilt.password.setText(secret)

    def _open_main(self, session: dict) -> None:
        main, self._prepared = self._prepared, None
        if main is None:  # signed in before the window was prepared
            main = self._new_window()
        login = self.login
        if login is not None:
            main.shown.connect(login.accept)  # the dialog closes once the window is on screen
        main.show_with_the_board()
        main.open_session(session)
        main.language_changed.connect(self._relaunch_in)
        self.main = main

    def _relaunch_in(self, language: str, session: dict) -> None:
        """A colleague took the laptop and chose another language at the sign-in: the window is
        built anew in it and opened for her (nothing of the previous user's is carried over)."""
        install_language(language)
        old, main = self.main, self._new_window()
        main.show_with_the_board()
        main.open_session(session)
        main.language_changed.connect(self._relaunch_in)
        self.main = main
        if old is not None:
            # Gone once the new window is on screen: with no window shown in between, Qt would end the application.
            main.shown.connect(old.discard)

    def _refused(self, message: str) -> None:
        notify(None, "Continuity", message)

    def _crashed(self, what: str) -> None:
        notify(None, "Continuity", QApplication.translate("Application", "Something went wrong (%1). Nothing was lost; try again, and tell IT if it happens again.").replace("%1", what), critical=True)

    def shutdown(self) -> None:
        if self._prepared is not None:
            self._prepared.discard()
            self._prepared = None
        self.backend.shutdown()


def _import_main_window() -> type[MainWindow]:
    from continuity.ui.main_window import MainWindow

    return MainWindow


def _excepthook(kind, value, trace) -> None:
    """An exception in a slot is logged (without its message: it may carry patient data) and shown."""
    log.error("unexpected %s in the window\n%s", kind.__name__, "".join(traceback.format_tb(trace)))
    if QApplication.instance() is not None:
        notify(None, "Continuity", QApplication.translate("Application", "Something went wrong (%1). Nothing was lost; try again, and tell IT if it happens again.").replace("%1", kind.__name__), critical=True)


def run(folder: Path, language: str | None = None, lock_minutes: int = 10) -> int:
    logging.basicConfig(filename=str(folder / "logs" / "continuity.log") if (folder / "logs").is_dir() else None, level=logging.INFO)
    sys.excepthook = _excepthook
    app = Application(folder, language=language or i18n.current_language(), lock_minutes=lock_minutes)
    app.start()
    try:
        return app.qt.exec()
    finally:
        app.shutdown()
