"""A refusal or an error told in a message box that does not block: the window's timers (sync,
auto-lock) and the database answers go on while it is shown, and nothing waits for it to close."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def notify(parent: QWidget | None, title: str, text: str, *, critical: bool = False) -> QMessageBox:
    parent = parent or QApplication.activeWindow()
    box = QMessageBox(QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning, title, text,
                      QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a message is text, never markup
    box.open()
    return box
