"""What a person sees and reaches: the checks every window test makes on the dialogs it drives."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QTextEdit, QPlainTextEdit, QAbstractItemView)
LAPTOP = QRect(0, 0, 1024, 768)  # the smallest screen a ward laptop has


def assert_usable(window: QWidget, *, screen: QRect = LAPTOP, hidden_ok: tuple[str, ...] = ()) -> list[QWidget]:
    """``window`` is on screen, inside a 1024x768 screen, and every field, button and label meant
    to be shown is visible and lies inside it (a form loaded as a second hidden window, a button
    pushed off the edge or a dialog taller than the screen fail here). Returns the inputs seen."""
    assert window.isVisible() and window.isWindow(), f"{window.objectName() or type(window).__name__} is not on screen"
    frame = window.frameGeometry()
    assert screen.contains(frame), f"{window.windowTitle()!r} ({frame}) does not fit a {screen.width()}x{screen.height()} screen"
    inputs = []
    for child in window.findChildren(QWidget):
        if not isinstance(child, (*INPUTS, QLabel)) or child.isHidden() or child.objectName() in hidden_ok:
            continue
        inner = child.window()
        if inner is not window:  # a popup (a combo box's list, a menu), or another window of its own...
            form_window = inner.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)
            assert not (form_window and _inside(child, window) and not inner.isVisible()), (
                f"{child.objectName() or type(child).__name__} of {window.windowTitle()!r} sits in a hidden window "
                f"of its own ({type(inner).__name__} {inner.objectName()})")  # ...never a form loaded as a hidden window
            continue
        if not _shown_up_to(child, window):
            continue
        name = child.objectName() or type(child).__name__
        assert child.isVisible(), f"{name} is not visible in {window.windowTitle()!r}"
        where = QRect(child.mapTo(window, QPoint(0, 0)), child.size())
        assert window.rect().contains(where), f"{name} ({where}) lies outside {window.windowTitle()!r} ({window.rect()})"
        if isinstance(child, INPUTS):
            inputs.append(child)
    assert inputs, f"{window.windowTitle()!r} shows no field and no button"
    return inputs


def _inside(child: QWidget, window: QWidget) -> bool:
    parent = child.parentWidget()
    while parent is not None:
        if parent is window:
            return True
        parent = parent.parentWidget()
    return False


def _shown_up_to(child: QWidget, window: QWidget) -> bool:
    """Not inside a part deliberately hidden (a collapsed section, another tab's page)."""
    parent = child.parentWidget()
    while parent is not None and parent is not window:
        if parent.isHidden():
            return False
        parent = parent.parentWidget()
    return True


def top_level_dialogs() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow() and w.windowType() != 0]


def mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Alt+letter shortcuts a person can use on ``window`` as it is shown: the letter after '&' in
    its visible buttons, labels (with a buddy), tabs and toolbar actions. Letter -> the texts."""
    import re

    from PySide6.QtWidgets import QTabBar, QToolBar

    found: dict[str, list[str]] = {}

    def note(text: str) -> None:
        match = re.search(r"&([^&\s])", text.replace("&&", ""))
        if match:
            found.setdefault(match.group(1).lower(), []).append(text)

    for child in window.findChildren(QWidget):
        if child.window() is not window or not child.isVisible():
            continue
        if isinstance(child, QAbstractButton) and not isinstance(child.parentWidget(), QTabBar):
            note(child.text())
        elif isinstance(child, QLabel) and child.buddy() is not None:
            note(child.text())
        elif isinstance(child, QTabBar):
            for index in range(child.count()):
                note(child.tabText(index))
        elif isinstance(child, QToolBar):
            for action in child.actions():
                if action.isVisible() and not action.isSeparator():
                    note(action.text())
    return found


def duplicate_mnemonics(window: QWidget) -> dict[str, list[str]]:
    return {letter: texts for letter, texts in mnemonics(window).items() if len(texts) > 1}


def wait_usable(qtbot, window: QWidget, *, timeout: int = 60_000, **checks) -> list[QWidget]:
    """``assert_usable`` once the window has taken the size its content asks for: a dialog that
    fills itself from the database thread grows a moment later (the wait is for that event; a
    dialog that never fits still fails, with assert_usable's message)."""
    def fits() -> bool:
        try:
            assert_usable(window, **checks)
        except AssertionError:
            return False
        return True

    try:
        qtbot.waitUntil(fits, timeout=timeout)
    except Exception:  # noqa: BLE001 - the hang guard ran out: say why, in assert_usable's words
        pass
    return assert_usable(window, **checks)
