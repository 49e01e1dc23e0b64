"""The bed board: every unit with its beds as tiles (free, occupied, closed), newborns with their
mother, occupancy per unit. Built from the census the services return (plain data)."""

from __future__ import annotations

import html
import re
from datetime import datetime, timezone
from typing import NamedTuple

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

TILE_SPACING = 6
ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)
BOX_MARGINS = 40  # the board's and a unit box's margins and frame, left and right together
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
    if hours < 1:  # "since 0 h" for 56 minutes says nothing
        return QCoreApplication.translate("BedTile", "%1 min").replace("%1", str(max(0, int(delta.total_seconds() // 60))))
    if hours >= 24:
        return QCoreApplication.translate("BedTile", "%1 d %2 h").replace("%1", str(hours // 24)).replace("%2", str(hours % 24))
    return QCoreApplication.translate("BedTile", "%1 h").replace("%1", str(hours))


# How a tile's line is drawn: its font and colour. Lines that wrap (a name, a closing reason) break
# between words onto up to WRAP_LINES lines; the others are cut with "…" (the tooltip has them whole).
PLAIN, BOLD, ITALIC, ALERT = "plain", "bold", "italic", "alert"
ALERT_COLOUR = QColor("#b3261e")
TILE_MARGINS = (6, 4, 6, 4)  # left, top, right, bottom
TILE_MIN_SIZE = QSize(150, 86)
WRAP_LINES = 3


class TileLine(NamedTuple):
    kind: str
    text: str
    right: str = ""  # shown at the right end of the line (the age, beside the bed)
    wraps: bool = False


class BedTile(QFrame):
    """One bed. Clicking it asks the board for the actions that fit (and that the role allows).

    The tile draws its few lines itself (no rich-text label): its height comes from its lines laid
    out at the narrowest tile width, never from the current width, so a board of many tiles is laid
    out and drawn in a few milliseconds. Names are text, never markup."""

    clicked = Signal(dict, dict)  # unit, bed
    arrow = Signal(object, int)  # this tile, the arrow key pressed on it

    def __init__(self, unit: dict, bed: dict, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setMinimumWidth(TILE_MIN_SIZE.width())  # the height is the size hint's
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.clicked_newborn: dict | None = None  # set while ``clicked`` is emitted for a click on a baby's line
        self._measured: tuple | None = None  # (font, frame width) the rows below were counted for
        self._rows: list[int] = []
        self._fonts: dict[str, QFont] = {}
        self.show_bed(unit, bed, now)

    def show_bed(self, unit: dict, bed: dict, now: datetime) -> None:
        """What the tile shows, from the census (a refresh updates the tiles in place: the board
        keeps its tiles, its focus and its scroll position, and makes no new widgets)."""
        self.unit, self.bed = unit, bed
        state = "shared" if bed.get("shared") else bed["state"]
        if self.property("state") != state:
            self.setProperty("state", state)
            self.style().unpolish(self)
            self.style().polish(self)
        lines = self._lines(bed, now)
        if lines == getattr(self, "lines", None):
            return
        self.lines = lines
        self._measured = None
        # Every line whole, as plain text (escaped: a tooltip would otherwise guess at markup).
        self.description = "\n".join(f"{line.text} · {line.right}" if line.right else line.text for line in self.lines)
        self.setToolTip("<p style='white-space:pre'>" + html.escape(self.description).replace("\n", "<br>") + "</p>")
        self.setAccessibleName(f"{unit['code']} {bed['bed']} {bed['state']}")
        self.setAccessibleDescription(self.description)
        self.updateGeometry()
        self.update()

    def _lines(self, bed: dict, now: datetime) -> list[TileLine]:
        if bed["state"] == "occupied":
            lines = [
                TileLine(BOLD, bed["bed"], bed["age"]),
                TileLine(BOLD, bed["name"], wraps=True),
                TileLine(PLAIN, f"IPP {bed['ipp']}"),
                TileLine(PLAIN, self.tr("since %1").replace("%1", since(bed.get("admitted_at"), now))),
            ]
            if bed.get("newborn"):  # a baby in a bed of her own (neonatology): her sex, rank and mother
                lines[1] = TileLine(BOLD, " ".join(part for part in (bed["name"], f"({bed.get('sex') or '?'})", bed.get("rank") or "") if part), wraps=True)
                if bed.get("mother"):
                    lines.append(TileLine(ITALIC, bed["mother"], wraps=True))
            if bed.get("on_leave"):
                lines.append(TileLine(ITALIC, self.tr("on leave")))
            lines += [TileLine(PLAIN, "↳ " + self.tr("%1 (%2), %3").replace("%1", " ".join(p for p in (nb["name"], nb.get("rank", "")) if p))
                               .replace("%2", nb["sex"]).replace("%3", nb["age"])
                               + (self.tr(", not weighed") if nb.get("weight_missing") else ""), wraps=True)
                      for nb in bed.get("newborns", [])]
            # Her babies elsewhere (neonatology): the mother's tile says where.
            lines += [TileLine(ITALIC, "↳ " + self.tr("%1: in %2").replace("%1", nb["name"]).replace("%2", f"{nb['unit']} {nb['bed']}"))
                      for nb in bed.get("newborns_away", [])]
            # Two laptops admitted to this bed: both shown, the other one in red.
            lines += [TileLine(ALERT, f"+ {other['name']} · IPP {other['ipp'] or ''}", wraps=True) for other in bed.get("also", [])]
            return lines
        if bed["state"] == "closed":
            lines = [TileLine(BOLD, bed["bed"]), TileLine(PLAIN, self.tr("Closed"))]
            if bed.get("closed_reason"):
                lines.append(TileLine(ITALIC, bed["closed_reason"], wraps=True))
            return lines
        return [TileLine(BOLD, bed["bed"]), TileLine(PLAIN, self.tr("Free"))]

    def text_width(self, tile_width: int) -> int:
        left, _top, right, _bottom = TILE_MARGINS
        return tile_width - left - right - 2 * self.frameWidth()

    def rows(self) -> list[int]:
        """Lines each of ``self.lines`` takes at the narrowest tile width, for the tile's font and
        frame once styled (counted again if either changes)."""
        self.ensurePolished()  # the style sheet sets the frame's width
        key = (self.font().key(), self.frameWidth())
        if key != self._measured:
            self._fonts = _tile_fonts(self.font())
            narrowest = self.text_width(TILE_MIN_SIZE.width())
            self._rows = [max(1, len(_wrapped(line.text, QFontMetrics(self._fonts[line.kind], self), narrowest, WRAP_LINES))) if line.wraps else 1
                          for line in self.lines]
            self._measured = key
        return self._rows

    def drawn_lines(self) -> list[tuple[TileLine, list[str]]]:
        """Each line and the text drawn for it at the tile's current width."""
        width = self.text_width(self.width())
        drawn = []
        for line, rows in zip(self.lines, self.rows(), strict=True):
            metrics = QFontMetrics(self._fonts[line.kind], self)
            room = width
            if line.right:
                room -= QFontMetrics(self._fonts[PLAIN], self).horizontalAdvance(line.right) + metrics.horizontalAdvance("  ")
            drawn.append((line, _wrapped(line.text, metrics, room, rows) if line.wraps else [metrics.elidedText(line.text, Qt.TextElideMode.ElideRight, room)]))
        return drawn

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        _left, top, _right, bottom = TILE_MARGINS
        rows = self.rows()
        text = sum(count * QFontMetrics(self._fonts[line.kind], self).lineSpacing() for line, count in zip(self.lines, rows, strict=True))
        return QSize(TILE_MIN_SIZE.width(), max(TILE_MIN_SIZE.height(), top + bottom + 2 * self.frameWidth() + text))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.sizeHint()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._measured = None
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)  # background and border, from the board's style sheet
        painter = QPainter(self)
        left, _top, right, _bottom = TILE_MARGINS
        x = self.frameWidth() + left
        end = self.width() - self.frameWidth() - right
        ink = self.palette().color(QPalette.ColorRole.WindowText)
        for line, parts, y in self.laid_out():
            metrics = QFontMetrics(self._fonts[line.kind], self)
            painter.setPen(ALERT_COLOUR if line.kind == ALERT else ink)
            if line.right:
                painter.setFont(self._fonts[PLAIN])
                painter.drawText(end - QFontMetrics(self._fonts[PLAIN], self).horizontalAdvance(line.right), y + metrics.ascent(), line.right)
            painter.setFont(self._fonts[line.kind])
            for row, part in enumerate(parts):
                painter.drawText(x, y + row * metrics.lineSpacing() + metrics.ascent(), part)
        painter.end()

    def laid_out(self) -> list[tuple[TileLine, list[str], int]]:
        """Each line, its text as drawn at the current width, and the height of its top. Lines
        follow each other as drawn: a name that fits on fewer lines here than at the narrowest
        width leaves its spare room at the bottom of the tile, not an empty line in the middle."""
        _left, top, _right, _bottom = TILE_MARGINS
        y, out = self.frameWidth() + top, []
        for line, parts in self.drawn_lines():
            out.append((line, parts, y))
            y += len(parts) * QFontMetrics(self._fonts[line.kind], self).lineSpacing()
        return out

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.clicked_newborn = self.newborn_at(event.position().toPoint().y())
        self.clicked.emit(self.unit, self.bed)
        self.clicked_newborn = None
        super().mouseReleaseEvent(event)

    def newborn_at(self, y: int) -> dict | None:
        """The newborn whose line is at height ``y`` in the tile, if any (a click on a baby's line
        is about the baby, not her mother)."""
        newborns = iter(self.bed.get("newborns", []))
        for line, parts, row_top in self.laid_out():  # where paintEvent drew each line
            height = len(parts) * QFontMetrics(self._fonts[line.kind], self).lineSpacing()
            baby = next(newborns, None) if line.text.startswith("↳ ") else None
            if row_top <= y < row_top + height:
                return baby
        return None

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.unit, self.bed)
        elif event.key() in ARROWS:
            self.arrow.emit(self, event.key())
        else:
            super().keyPressEvent(event)


def _tile_fonts(base: QFont) -> dict[str, QFont]:
    bold, italic, alert = QFont(base), QFont(base), QFont(base)
    bold.setBold(True)
    italic.setItalic(True)
    alert.setBold(True)
    return {PLAIN: base, BOLD: bold, ITALIC: italic, ALERT: alert}


def _wrapped(text: str, metrics: QFontMetrics, width: int, most: int) -> list[str]:
    """``text`` broken between words (or after a hyphen inside a word, as in a compound family
    name) into at most ``most`` lines that fit ``width``. What does not fit is cut with "…", and
    only ever on the last line drawn."""

    def fits(line: str) -> bool:  # as elidedText measures it (horizontalAdvance differs by a pixel or two)
        return metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) == line

    # (piece, whether a space comes before it): "DUPONT-LEFEBVRE Anne" -> DUPONT- LEFEBVRE _Anne.
    # Only spaces break (a no-break space holds); a hyphen breaks only after a letter.
    pieces = [(part, k == 0 and n > 0) for n, word in enumerate(w for w in re.split(r"[ \t\n]+", text) if w)
              for k, part in enumerate(p for p in re.split(r"(?<=\w-)", word) if p)]
    lines: list[str] = []
    while pieces and len(lines) < max(1, most) - 1:
        line = pieces.pop(0)[0]
        if not fits(line):  # one piece wider than the tile: cut here, and nothing after it
            return [*lines, metrics.elidedText(line, Qt.TextElideMode.ElideRight, width)]
        while pieces and fits(joined := line + (" " if pieces[0][1] else "") + pieces[0][0]):
            line = joined
            pieces.pop(0)
        lines.append(line)
    if pieces:
        rest = pieces[0][0] + "".join((" " if space else "") + piece for piece, space in pieces[1:])
        lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
    return lines


class BedBoard(QScrollArea):
    """All units, each a box of tiles that reflow to the board's width. ``show_census`` updates the
    tiles in place when the beds are the same (every refresh but a change of the ward's layout),
    else lays the board out anew."""

    bed_clicked = Signal(dict, dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setStyleSheet(BOARD_STYLE)
        self.tiles: dict[str, BedTile] = {}
        self._boxes: list[tuple[QGroupBox, QGridLayout, list[BedTile]]] = []
        self._layout_of: tuple = ()  # the units and beds the board is laid out for
        self._columns = 0
        self._empty()

    def _empty(self) -> QVBoxLayout:
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.setWidget(body)
        self._boxes = []
        return layout

    @staticmethod
    def _title(unit: dict) -> str:
        counts = unit["counts"]
        return (QCoreApplication.translate("BedBoard", "%1 %2 — occupied: %3/%4 · free: %5 · closed: %6 · newborns: %7")  # counts as labels: no plural to agree
                .replace("%1", unit["code"]).replace("%2", unit["name"]).replace("%3", str(counts["occupied"]))
                .replace("%4", str(counts["total"] - counts["closed"])).replace("%5", str(counts["free"]))
                .replace("%6", str(counts["closed"])).replace("%7", str(counts["newborns"])))

    def show_census(self, census: dict) -> None:
        now = datetime.now(timezone.utc)
        shape = tuple((unit["code"], tuple(bed["bed"] for bed in unit["beds"])) for unit in census["units"])
        if shape == self._layout_of:
            for (box, _grid, _tiles), unit in zip(self._boxes, census["units"], strict=True):
                box.setTitle(self._title(unit))
                for bed in unit["beds"]:
                    self.tiles[f"{unit['code']}:{bed['bed']}"].show_bed(unit, bed, now)
            return
        scrolled = self.verticalScrollBar().value()  # a new layout must not throw the reader back to the top
        focused = next((key for key, tile in self.tiles.items() if tile.hasFocus()), None)
        layout = self._empty()
        self.tiles.clear()
        for unit in census["units"]:
            box = QGroupBox(self._title(unit))
            grid = QGridLayout(box)
            grid.setSpacing(TILE_SPACING)
            tiles = []
            for bed in unit["beds"]:
                tile = BedTile(unit, bed, now)
                tile.clicked.connect(self.bed_clicked)
                tile.arrow.connect(self._move_focus)
                tiles.append(tile)
                self.tiles[f"{unit['code']}:{bed['bed']}"] = tile
            self._boxes.append((box, grid, tiles))
            layout.addWidget(box)
        layout.addStretch(1)
        self._layout_of = shape
        self._columns = 0
        self._reflow()
        QTimer.singleShot(0, self, lambda: self._restore(scrolled, focused))

    def _move_focus(self, tile: BedTile, key: int) -> None:
        """Arrow keys walk the board as it is drawn: left and right along the beds (on to the next
        unit at a row's end), up and down to the nearest tile of the row above or below."""
        order = [t for _box, _grid, tiles in self._boxes for t in tiles]
        if tile not in order:
            return
        target = None
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            index = order.index(tile) + (1 if key == Qt.Key.Key_Right else -1)
            target = order[index] if 0 <= index < len(order) else None
        else:
            here = tile.mapTo(self.widget(), tile.rect().center())
            below = key == Qt.Key.Key_Down
            rows = [t for t in order if (t.mapTo(self.widget(), t.rect().center()).y() - here.y()) * (1 if below else -1) > tile.height() // 2]
            if rows:
                nearest_row = min(abs(t.mapTo(self.widget(), t.rect().center()).y() - here.y()) for t in rows)
                row = [t for t in rows if abs(t.mapTo(self.widget(), t.rect().center()).y() - here.y()) == nearest_row]
                target = min(row, key=lambda t: abs(t.mapTo(self.widget(), t.rect().center()).x() - here.x()))
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self.ensureWidgetVisible(target)

    def columns(self) -> int:
        """Tiles per row at the board's current width (the narrowest tile decides)."""
        room = self.viewport().width() - BOX_MARGINS
        return max(1, (room + TILE_SPACING) // (TILE_MIN_SIZE.width() + TILE_SPACING))

    def _reflow(self) -> None:
        columns = self.columns()
        if columns == self._columns:
            return
        self._columns = columns
        for _box, grid, tiles in self._boxes:
            for tile in tiles:
                grid.removeWidget(tile)
            for index, tile in enumerate(tiles):
                grid.addWidget(tile, index // columns, index % columns)
            for column in range(max(columns, grid.columnCount())):  # same width for every tile, whatever the unit's size
                grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._reflow()

    def warm_up(self) -> None:
        """Draws a tile of each kind off screen, with made-up text (no patient), so that the first
        real board does not also pay for styling tiles and loading the bold and italic faces."""
        now = datetime.now(timezone.utc)
        unit = {"code": "·"}
        samples = [
            {"bed": "0", "state": "occupied", "name": "Aa AA", "age": "0", "ipp": "0", "admitted_at": None,
             "newborns": [{"name": "Aa", "sex": "F", "age": "0"}]},
            {"bed": "0", "state": "free"},
            {"bed": "0", "state": "closed", "closed_reason": "·"},
        ]
        for bed in samples:
            tile = BedTile(unit, bed, now, self.widget())
            tile.hide()  # never on the board itself, even for a moment
            tile.grab()
            tile.deleteLater()

    def _restore(self, scrolled: int, focused: str | None) -> None:
        self.verticalScrollBar().setValue(scrolled)
        if focused in self.tiles:
            self.tiles[focused].setFocus()
