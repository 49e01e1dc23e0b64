"""Changing one's own password from the window (as ``continuity user passwd`` does): the current one,
the new one twice. The policy's refusal is said next to the new password, a wrong current one next
to it; the change reaches the other laptops with the next sync."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from continuity.services import session as session_service
from continuity.ui.movement_dialogs import ERROR_STYLE
from continuity.ui.typing_guard import TypingGuard
from continuity.ui.worker import Backend


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a message is text, never markup
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


class PasswordDialog(TypingGuard):
    changed = Signal()

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(self.tr("Change my password"))
        self.current, self.new, self.again = QLineEdit(), QLineEdit(), QLineEdit()
        for edit, name in ((self.current, "currentPassword"), (self.new, "newPassword"), (self.again, "newPasswordAgain")):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
            edit.setObjectName(name)
            edit.setMinimumWidth(320)
            edit.textEdited.connect(lambda _t: self._clear())
        self.current_error, self.new_error = _error_label(), _error_label()
        hint = QLabel(self.tr("At least 12 characters. A short sentence of unrelated words is easy to remember and hard to guess. "
                              "The new password works on the other laptops after their next sync."))
        hint.setWordWrap(True)
        form = QFormLayout()
        for text, edit in ((self.tr("&Current password"), self.current), (self.tr("&New password"), self.new),
                           (self.tr("New password &again"), self.again)):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
            if edit is self.current:
                form.addRow("", self.current_error)
            elif edit is self.again:
                form.addRow("", self.new_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.ask_before_discarding)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.start_watching()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.current.setFocus(Qt.FocusReason.TabFocusReason)

    def accept_by_keyboard(self) -> None:
        self.submit()

    def _clear(self) -> None:
        for label in (self.current_error, self.new_error):
            label.clear()
            label.hide()
        self.adjustSize()

    def submit(self) -> None:
        self._clear()
        if not self.current.text():
            self.refused(self.tr("Type your current password."), "password")
            return
        if self.new.text() != self.again.text():
            self.refused(self.tr("The two new passwords differ: type it again."), "new_password")
            return
        self.buttons.setEnabled(False)  # a double click changes it once
        self.backend.call(session_service.change_password, self.current.text(), self.new.text(),
                          on_done=lambda _r: self._done(), on_refused=self.refused)

    def _done(self) -> None:
        for edit in (self.current, self.new, self.again):
            edit.clear()  # nothing of a password stays in the widgets
        self.changed.emit()
        self.accept()

    def refused(self, message: str, field: str) -> None:
        self.buttons.setEnabled(True)
        target, edit = (self.current_error, self.current) if field == "password" else (self.new_error, self.new)
        target.setText(message)
        target.show()
        self.adjustSize()  # the message takes the lines it needs, never clipped
        edit.setFocus()
        edit.selectAll()
