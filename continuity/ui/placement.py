"""Where the ward's window opens: as it was left on this laptop when that still fits the screen,
else maximised (a ward laptop's screen is small: 1024x768 or 1366x768, and every pixel serves)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings
from PySide6.QtWidgets import QWidget

SETTINGS_FILE = "window.ini"  # in the laptop's data folder: the window's place only, nothing of the ward


class WindowPlacement(QObject):
    def __init__(self, window: QWidget, folder: Path) -> None:
        super().__init__(window)
        self.window = window
        self.settings = QSettings(str(folder / SETTINGS_FILE), QSettings.Format.IniFormat)
        window.installEventFilter(self)

    def show(self) -> None:
        saved = self.settings.value("main/geometry")
        if isinstance(saved, QByteArray) and not saved.isEmpty() and self.window.restoreGeometry(saved) and self._fits():
            self.window.show()
        else:
            self.window.showMaximized()

    def save(self) -> None:
        self.settings.setValue("main/geometry", self.window.saveGeometry())
        self.settings.sync()

    def _fits(self) -> bool:
        """Restored on a screen that still holds it whole (a laptop moved from a big monitor back to
        its own screen opens maximised instead of half off screen)."""
        screen = self.window.screen()
        return screen is not None and screen.availableGeometry().contains(self.window.frameGeometry())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Type.Close:
            self.save()
        return False
