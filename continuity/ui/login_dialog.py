"""Sign in (or unlock): user, password, language; the ward and the laptop are shown."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from continuity import i18n
from continuity.ui.forms import load_form
from continuity.ui.worker import Backend

LANGUAGES = [("fr", "Français"), ("en", "English")]


class LoginDialog(QDialog):
    """Modal sign-in. ``signed_in`` carries the session's plain data."""

    signed_in = Signal(dict)
    language_chosen = Signal(str)

    def __init__(self, backend: Backend, parent: QWidget | None = None, *, locked_user: str | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.locked_user = locked_user
        self.stays_open_until_accepted = False  # the first sign-in: closed by the window it opens
        self.form = load_form("login_dialog", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 0, 10, 10)
        layout.addWidget(self.form)
        self.setWindowTitle(self.form.windowTitle())
        self.resize(self.form.size().expandedTo(self.sizeHint()))
        self.user = self.form.findChild(QWidget, "userEdit")
        self.password = self.form.findChild(QWidget, "passwordEdit")
        self.language = self.form.findChild(QWidget, "languageBox")
        self.error = self.form.findChild(QWidget, "errorLabel")
        self.ward = self.form.findChild(QWidget, "wardLabel")
        self.form.findChild(QWidget, "banner").setStyleSheet("background:#b3261e;color:white;font-weight:bold;padding:6px;")
        for code, label in LANGUAGES:
            self.language.addItem(label, code)
        self.language.setCurrentIndex([c for c, _ in LANGUAGES].index(i18n.current_language()))
        self.language.currentIndexChanged.connect(lambda _i: self.language_chosen.emit(self.language.currentData()))
        buttons: QDialogButtonBox = self.form.findChild(QWidget, "buttons")
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if locked_user:
            # Unlocking: the same user only (what was being typed is kept for them); the language
            # was chosen when signing in.
            self.user.setText(locked_user)
            self.user.setEnabled(False)
            self.language.hide()
            self.form.findChild(QWidget, "languageLabel").hide()
            self.password.setFocus()
        backend.device_info(self._show_device)

    def _show_device(self, device: dict) -> None:
        if device:
            self.ward.setText(self.tr("%1 — %2").replace("%1", device.get("ward_name") or "").replace("%2", device.get("device_name") or ""))

    def try_sign_in(self) -> None:
        user = self.user.text().strip()
        if not user:
            self.error.setText(self.tr("Type your user name."))
            self.user.setFocus()
            return
        self.ok_button.setEnabled(False)
        self.error.setText(self.tr("Checking…"))
        self.backend.sign_in(user, self.password.text(), on_done=self._accepted, on_refused=self._refused)

    def _accepted(self, session: dict) -> None:
        self.password.clear()
        self.signed_in.emit(session)
        if self.stays_open_until_accepted:
            # Still reading "Checking…" until the window it opens is on screen: with no window
            # shown in between, the application would end (its last window closed).
            return
        self.error.clear()
        self.ok_button.setEnabled(True)
        self.accept()

    def _refused(self, message: str, _field: str) -> None:
        self.ok_button.setEnabled(True)
        self.password.clear()
        self.password.setFocus()
        self.error.setText(message)
