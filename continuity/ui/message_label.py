"""A line for a message that is often empty (a check's result, an error): it takes no room while it
says nothing, so an empty row never leaves a gap in the layout."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


class MessageLabel(QLabel):
    def __init__(self, text: str = "", parent=None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setVisible(bool(text))

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        self.setText("")
