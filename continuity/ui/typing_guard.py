"""The keys of every form, the same everywhere: Enter goes to the next field (a tired hand pressing
Enter after the birth date must not admit a woman into a bed nobody chose); only the OK button,
clicked or focused and pressed, or Ctrl+Enter, submits; Esc and the close box ask before throwing
away what was typed. ``reject()`` itself never asks: a user switch discards on purpose."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

_FIELDS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit)


def _value(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QComboBox):
        return widget.currentText() if widget.isEditable() else widget.currentIndex()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    return None


def _discard_question(dialog: QDialog) -> tuple[QMessageBox, QAbstractButton, QAbstractButton]:
    # Each text on a line of its own, at module level: that is where Qt Linguist's scan of Python
    # reads QCoreApplication.translate's context.
    question = QCoreApplication.translate("DiscardQuestion", "Throw away what you typed in this form?")
    throw_away = QCoreApplication.translate("DiscardQuestion", "Throw away")
    keep_typing = QCoreApplication.translate("DiscardQuestion", "Keep typing")
    box = QMessageBox(QMessageBox.Icon.Question, dialog.windowTitle(), question, parent=dialog)
    discard = box.addButton(throw_away, QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(keep_typing, QMessageBox.ButtonRole.RejectRole)
    return box, discard, keep


class TypingGuard(QDialog):
    """A dialog whose fields are guarded as above. Call ``start_watching()`` once the form is
    filled with what it opens with: only what the person changed after that counts as typed."""

    _opened_with: dict[int, object] | None = None
    submit_on_ctrl_enter = True

    def start_watching(self) -> None:
        self._opened_with = {id(w): _value(w) for w in self._fields()}

    def filled_by_the_form(self, *widgets: QWidget) -> None:
        """These fields were just filled by the form itself (an answer from the database thread):
        what they hold now is not typing."""
        if self._opened_with is not None:
            for widget in widgets:
                self._opened_with[id(widget)] = _value(widget)

    def _fields(self) -> list[QWidget]:
        return [w for w in self.findChildren(QWidget) if isinstance(w, _FIELDS) and w.isEnabled()]

    def typed(self) -> bool:
        """Something was changed by the person since the form opened (a read-only field is not typing)."""
        if self._opened_with is None:
            return False
        return any(self._opened_with.get(id(w), _value(w)) != _value(w) for w in self._fields()
                   if not (isinstance(w, QLineEdit) and w.isReadOnly()))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key, modifiers = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if modifiers & Qt.KeyboardModifier.ControlModifier and self.submit_on_ctrl_enter:
                self.accept_by_keyboard()
            elif isinstance(focus, QAbstractButton):
                focus.click()  # the focused button, not the default one
            elif isinstance(focus, (QPlainTextEdit, QTextEdit, QAbstractItemView)):
                super().keyPressEvent(event)
            else:
                self.focusNextChild()
            return
        if key == Qt.Key.Key_Escape:
            self.ask_before_discarding()
            return
        super().keyPressEvent(event)

    def accept_by_keyboard(self) -> None:
        """Ctrl+Enter: what the OK button does (each dialog says what that is)."""
        self.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.isVisible() and self.typed() and not getattr(self, "_discard_confirmed", False):
            event.ignore()
            self.ask_before_discarding()
            return
        super().closeEvent(event)

    def ask_before_discarding(self) -> QMessageBox | None:
        if not self.typed():
            self.reject()
            return None
        box, discard, keep = _discard_question(self)
        box.setDefaultButton(keep)
        box.setEscapeButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            if box.clickedButton() is discard:
                self._discard_confirmed = True
                self.reject()

        box.finished.connect(answered)
        box.open()
        return box


class _TypingReplacesBlank(QObject):
    def eventFilter(self, watched: QObject, event) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.KeyPress and isinstance(watched, QAbstractSpinBox)
                and watched.specialValueText() and watched.text() == watched.specialValueText() and event.text().isdigit()):
            watched.lineEdit().clear()  # the digit typed then starts the number
        return False


def typing_replaces_blank(spin: QAbstractSpinBox) -> None:
    """A spin box showing its blank ("—", not weighed yet) takes the first digit typed as the start of
    the number, wherever the cursor was put: otherwise "—2450" is refused and nothing appears."""
    spin.installEventFilter(_TypingReplacesBlank(spin))
