"""The Qt bindings themselves: a release that leaks or drops references on ordinary calls kills a
window left open overnight, and no functional test sees it. PySide6 6.12.0 on Python 3.11 dropped
one reference to None per wrapped call returning nothing (QPainter.setFont, setPen, update,
resize, setText, hide...): the count ran out after some minutes of repainting and the process
aborted with "Fatal Python error: none_dealloc". This test fails on such a release."""

from __future__ import annotations

import sys

from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QLabel, QWidget

CALLS = 500


def _none_references_after(calls) -> int:
    calls(10)  # warm-up: caches, interned objects
    before = sys.getrefcount(None)
    calls(CALLS)
    return sys.getrefcount(None) - before


def test_painting_calls_keep_the_references_to_none(qapp):
    image = QImage(QSize(64, 32), QImage.Format.Format_ARGB32)
    font, pen, colour = QFont("Sans", 9), QPen(QColor("#0b3d91")), QColor("#eeeeee")

    def paint(n: int) -> None:
        painter = QPainter(image)
        try:
            for _ in range(n):
                painter.setFont(font)
                painter.setPen(pen)
                painter.setBrush(colour)
                painter.drawText(2, 12, "303")
                painter.drawRect(0, 0, 10, 10)
                painter.save()
                painter.restore()
        finally:
            painter.end()

    # A few stray references either way are the interpreter's business; one lost per call is not.
    assert abs(_none_references_after(paint)) < CALLS // 10


def test_widget_calls_keep_the_references_to_none(qtbot):
    widget = QWidget()
    label = QLabel(widget)
    qtbot.addWidget(widget)

    def fiddle(n: int) -> None:
        for k in range(n):
            label.setText(f"Lit {k}")
            label.setToolTip("SDC 303")
            widget.resize(200 + k % 3, 100)
            widget.update()
            label.hide()
            label.show()

    assert abs(_none_references_after(fiddle)) < CALLS // 10
