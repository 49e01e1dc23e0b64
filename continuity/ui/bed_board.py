"""The bed board: every unit with its beds as tiles (free, occupied, closed), newborns with their
mother, occupancy per unit. Built from the census the services return (plain data)."""

from __future__ import annotations

import html
from datetime import datetime, timezone

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

TILE_COLUMNS = 8
# One style sheet for the whole board (a sheet per tile costs half of drawing the board).
BOARD_STYLE = """
QFrame#tile[state="free"] { background:#e8f5e9; border:1px solid #81c784; border-radius:6px; }
QFrame#tile[state="occupied"] { background:#e3f2fd; border:1px solid #64b5f6; border-radius:6px; }
QFrame#tile[state="closed"] { background:#eeeeee; border:1px dashed #9e9e9e; border-radius:6px; }
QFrame#tile[state="shared"] { background:#ffebee; border:2px solid #c62828; border-radius:6px; }
QFrame#tile:focus { border:2px solid #0d47a1; }
"""


def since(admitted_at: str | None, now: datetime) -> str:
    if not admitted_at:
        return ""
    delta = now - datetime.strptime(admitted_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    hours = int(delta.total_seconds() // 3600)
    if hours >= 24:
        return QCoreApplication.translate("BedTile", "%1 d %2 h").replace("%1", str(hours // 24)).replace("%2", str(hours % 24))
    return QCoreApplication.translate("BedTile", "%1 h").replace("%1", str(hours))


class BedTile(QFrame):
    """One bed. Clicking it asks the board for the actions that fit (and that the role allows)."""

    clicked = Signal(dict, dict)  # unit, bed

    def __init__(self, unit: dict, bed: dict, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit, self.bed = unit, bed
        self.setObjectName("tile")
        self.setProperty("state", "shared" if bed.get("shared") else bed["state"])
        self.setMinimumSize(150, 86)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # One label per tile (not one per line): the board draws twice as fast, and every value is
        # escaped (a name is text, never markup).
        esc = html.escape
        lines = [f"<b>{esc(bed['bed'])}</b>"]
        if bed["state"] == "occupied":
            leave = " · " + esc(self.tr("on leave")) if bed.get("on_leave") else ""
            lines += [
                f"<b>{esc(bed['name'])}</b>",
                f"{esc(bed['age'])} · IPP {esc(bed['ipp'])}",
                esc(self.tr("since %1").replace("%1", since(bed.get("admitted_at"), now))) + leave,
            ]
            lines += ["↳ " + esc(self.tr("%1 (%2), %3").replace("%1", nb["name"]).replace("%2", nb["sex"]).replace("%3", nb["age"]))
                      for nb in bed.get("newborns", [])]
            for other in bed.get("also", []):  # two laptops admitted to this bed: both shown, in red
                lines.append(f"<span style='color:#b3261e'><b>+ {esc(other['name'])}</b> · IPP {esc(other['ipp'] or '')}</span>")
        elif bed["state"] == "closed":
            lines.append(esc(self.tr("Closed")))
            if bed.get("closed_reason"):
                lines.append(f"<i>{esc(bed['closed_reason'])}</i>")
        else:
            lines.append(esc(self.tr("Free")))
        self.label = QLabel("<br>".join(lines))
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.label)
        self.setAccessibleName(f"{unit['code']} {bed['bed']} {bed['state']}")

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.clicked.emit(self.unit, self.bed)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.unit, self.bed)
        else:
            super().keyPressEvent(event)


class BedBoard(QScrollArea):
    """All units, each a box of tiles; ``show_census`` swaps the whole picture at once."""

    bed_clicked = Signal(dict, dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setStyleSheet(BOARD_STYLE)
        self.tiles: dict[str, BedTile] = {}
        self._empty()

    def _empty(self) -> QVBoxLayout:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.setWidget(body)
        return layout

    def show_census(self, census: dict) -> None:
        scrolled = self.verticalScrollBar().value()  # a refresh must not throw the reader back to the top
        focused = next((key for key, tile in self.tiles.items() if tile.hasFocus()), None)
        layout = self._empty()
        self.tiles.clear()
        now = datetime.now(timezone.utc)
        for unit in census["units"]:
            counts = unit["counts"]
            box = QGroupBox(
                self.tr("%1 %2 — %3/%4 occupied, %5 free, %6 closed, %7 newborns")
                .replace("%1", unit["code"]).replace("%2", unit["name"]).replace("%3", str(counts["occupied"]))
                .replace("%4", str(counts["total"] - counts["closed"])).replace("%5", str(counts["free"]))
                .replace("%6", str(counts["closed"])).replace("%7", str(counts["newborns"]))
            )
            grid = QGridLayout(box)
            grid.setSpacing(6)
            for column in range(TILE_COLUMNS):  # same width for every tile, whatever the unit's size
                grid.setColumnStretch(column, 1)
            for index, bed in enumerate(unit["beds"]):
                tile = BedTile(unit, bed, now)
                tile.clicked.connect(self.bed_clicked)
                grid.addWidget(tile, index // TILE_COLUMNS, index % TILE_COLUMNS)
                self.tiles[f"{unit['code']}:{bed['bed']}"] = tile
            layout.addWidget(box)
        layout.addStretch(1)
        QTimer.singleShot(0, self, lambda: self._restore(scrolled, focused))

    def _restore(self, scrolled: int, focused: str | None) -> None:
        self.verticalScrollBar().setValue(scrolled)
        if focused in self.tiles:
            self.tiles[focused].setFocus()
