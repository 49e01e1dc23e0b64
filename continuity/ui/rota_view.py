"""The rota tab (supervisors edit, everyone reads): the grid, cover under it, the broken rules beside;
keyboard entry (type a shift code in a cell, Delete clears it), undo/redo, swap, pin, absences,
copy a week, fill with the solver, publish, print.

Every change goes through ``services.rota`` in the database thread; the grid is redrawn from the
service's answer, never patched by hand."""

from __future__ import annotations

import html
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QModelIndex, QObject, QStandardPaths, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPen, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStyledItemDelegate,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from continuity.services import rota
from continuity.ui.forms import load_form
from continuity.ui.rota_dialogs import AbsenceDialog, CopyWeekDialog, FillDialog, preview_and_print
from continuity.ui.rota_models import (
    ABSENCE_FILL,
    BELOW_OPTIMAL_FILL,
    FILLED_FRAME,
    NIGHT_FILL,
    SHIFT_FILLS,
    SHORT_FILL,
    CoverModel,
    RotaGridModel,
)
from continuity.ui.worker import Backend


ROW_HEIGHT = 22
DAY_WIDTH = 58  # "N·SDN" in bold fits


def to_date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def to_qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class AssignCommand(QUndoCommand):
    """One cell changed; undo puts back what it held. Pushed once the service has accepted the change
    (a refused edit never reaches the stack), so the first redo has nothing to do."""

    def __init__(self, view: RotaView, staff: str, day: date, before: tuple, after: tuple) -> None:
        super().__init__(QCoreApplication.translate("RotaView", "Change %1 on %2").replace("%1", staff).replace("%2", day.strftime("%d/%m")))
        self.view, self.staff, self.day, self.before, self.after = view, staff, day, before, after
        self._done = True

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.view.send_assign(self.staff, self.day, *self.after, record=False)

    def undo(self) -> None:
        self.view.send_assign(self.staff, self.day, *self.before, record=False)


class ShiftDelegate(QStyledItemDelegate):
    """Choosing a shift (and its unit, for people working in several) from a list."""

    def __init__(self, view: RotaView) -> None:
        super().__init__(view)
        self.view = view

    def createEditor(self, parent: QWidget, _option, index: QModelIndex) -> QWidget:  # noqa: N802 - Qt's name
        box = QComboBox(parent)
        person, _day = self.view.model.cell_at(index)
        box.addItem(QCoreApplication.translate("RotaView", "(rest)"), (None, None))
        every_unit = [u["code"] for u in self.view.model.grid.get("units", [])]
        units = [self.view.unit] if self.view.unit else (person["units"] if person and person["units"] else every_unit)
        for shift in self.view.model.grid.get("shifts", []):
            for unit in units:
                label = f"{shift['code']} · {unit}" if unit and len(units) > 1 else shift["code"]
                box.addItem(f"{label}  ({shift['clock']})", (shift["code"], unit))
        # The cell is narrow; its list is as wide as its longest choice, never cut.
        box.view().setMinimumWidth(box.view().sizeHintForColumn(0) + 2 * box.view().frameWidth() + 24)
        return box

    def paint(self, painter, option, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        person, day = self.view.model.cell_at(index)
        change = self.view.model.filled.get((person["id"], day.isoformat())) if person and day else None
        if change:  # what the last fill added (solid frame) or took away (dashed frame)
            painter.save()
            pen = QPen(QColor(FILLED_FRAME), 2, Qt.PenStyle.SolidLine if change == "added" else Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()

    def setEditorData(self, editor: QComboBox, index: QModelIndex) -> None:  # noqa: N802
        person, day = self.view.model.cell_at(index)
        cell = self.view.model.cells.get((person["id"], day.isoformat())) if person and day else None
        for i in range(editor.count()):
            code, unit = editor.itemData(i)
            if cell and code == cell["shift"] and unit in (cell["unit"], None):
                editor.setCurrentIndex(i)
                return
        editor.setCurrentIndex(0)

    def setModelData(self, editor: QComboBox, _model, index: QModelIndex) -> None:  # noqa: N802
        person, day = self.view.model.cell_at(index)
        if person and day:
            code, unit = editor.currentData()
            self.view.change_cell(person["id"], day, code, unit)


class RotaView(QWidget):
    changed = Signal()

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.form = load_form("rota_view", self)
        QVBoxLayout(self).addWidget(self.form)
        self.layout().setContentsMargins(0, 0, 0, 0)
        find = self.form.findChild
        self.from_edit: QDateEdit = find(QDateEdit, "fromEdit")
        self.weeks: QSpinBox = find(QSpinBox, "weeksSpin")
        self.unit_box: QComboBox = find(QComboBox, "unitBox")
        self.table: QTableView = find(QTableView, "rotaTable")
        self.cover_table: QTableView = find(QTableView, "coverTable")
        self.violations: QListWidget = find(QListWidget, "violationsList")
        self.summary: QLabel = find(QLabel, "summaryLabel")
        self.legend = QLabel(self._legend_html())
        self.legend.setWordWrap(True)
        self.summary.parentWidget().layout().insertWidget(self.summary.parentWidget().layout().indexOf(self.summary) + 1, self.legend)
        self.buttons = {name: find(QPushButton, name) for name in (
            "undoButton", "redoButton", "absenceButton", "copyButton", "fillButton", "publishButton", "printButton", "pdfButton")}
        self.model = RotaGridModel(self)
        self.table.setModel(self.model)
        self.table.setItemDelegate(ShiftDelegate(self))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)  # as many people on screen as legible
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setMinimumSectionSize(34)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._cell_menu)
        self.table.installEventFilter(self)
        self.cover_model = CoverModel(self)
        self.cover_table.setModel(self.cover_model)
        self.cover_table.verticalHeader().hide()
        self.cover_table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
        splitter = find(QSplitter, "splitter")
        for position, stretch in enumerate((6, 3, 2)):  # the grid first, then its cover, then the rules
            splitter.setStretchFactor(position, stretch)
        self.cover_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.violations.itemActivated.connect(self._go_to_violation)
        self.violations.itemClicked.connect(self._go_to_violation)
        self.undo = QUndoStack(self)
        self.buttons["undoButton"].clicked.connect(self.undo.undo)
        self.buttons["redoButton"].clicked.connect(self.undo.redo)
        self.undo.canUndoChanged.connect(self.buttons["undoButton"].setEnabled)
        self.undo.canRedoChanged.connect(self.buttons["redoButton"].setEnabled)
        self.buttons["undoButton"].setEnabled(False)
        self.buttons["redoButton"].setEnabled(False)
        self.buttons["undoButton"].setShortcut("Ctrl+Z")
        self.buttons["redoButton"].setShortcut("Ctrl+Y")
        # clicked(bool) would arrive as the person: the selected cell is what the button is about.
        self.buttons["absenceButton"].clicked.connect(lambda: self.record_absence())
        self.buttons["copyButton"].clicked.connect(self.copy_week)
        self.buttons["fillButton"].clicked.connect(self.open_fill)
        self.buttons["publishButton"].clicked.connect(self.publish)
        self.buttons["printButton"].clicked.connect(self.print_preview)
        self.buttons["pdfButton"].clicked.connect(self.save_pdf)
        find(QToolButton, "previousButton").clicked.connect(lambda: self._move(-7))
        find(QToolButton, "nextButton").clicked.connect(lambda: self._move(7))
        self._period_known = False  # the first answer says which Monday is this week on the ward's clock
        self.from_edit.dateChanged.connect(lambda _d: self._period_changed())
        self.weeks.valueChanged.connect(lambda _v: self._period_changed())
        self.unit_box.addItem(self.tr("All units"), None)
        self.unit_box.currentIndexChanged.connect(lambda _i: self._period_changed())
        self.dialogs: list[QWidget] = []
        self.can_edit = False

    # -- period --------------------------------------------------------------------------------------
    @property
    def first_day(self) -> date:
        return to_date(self.from_edit.date())

    @property
    def unit(self) -> str | None:
        return self.unit_box.currentData()

    def _legend_html(self) -> str:
        """What the grid's colours and styles mean, in one line above it."""
        def swatch(colour: str, text: str, style: str = "") -> str:
            return f"<span style='background:{colour};{style}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>&nbsp;{html.escape(text)}"

        parts = [swatch(SHIFT_FILLS[0], self.tr("day")), swatch(NIGHT_FILL, self.tr("night")), swatch(ABSENCE_FILL, self.tr("absent")),
                 swatch(SHORT_FILL, self.tr("breaks a rule / short")), swatch(BELOW_OPTIMAL_FILL, self.tr("below the usual cover")),
                 "<i>" + html.escape(self.tr("italic")) + "</i> " + html.escape(self.tr("not yet published")),
                 "• " + html.escape(self.tr("pinned")),
                 f"<span style='color:{FILLED_FRAME}'><b>▢</b></span> " + html.escape(self.tr("framed: changed by the last fill"))]
        return "<small>" + " &nbsp;·&nbsp; ".join(parts) + "</small>"

    def _period_changed(self) -> None:
        """Undo only reaches what is on screen: another period or unit starts a new history."""
        self.undo.clear()
        self.model.filled = {}
        self.refresh()

    def forget(self) -> None:
        """Another user signs in: nothing of the previous one's history can be undone in their name."""
        self.undo.clear()

    def _move(self, days: int) -> None:
        self.from_edit.setDate(to_qdate(self.first_day + timedelta(days=days)))

    def refresh(self) -> None:
        first = self.first_day if self._period_known else None
        self.backend.call(rota.grid, first, self.weeks.value(), self.unit, on_done=self.show_grid, on_refused=self._refused)

    def show_grid(self, grid: dict) -> None:
        if not self._period_known:
            self._period_known = True
            self.from_edit.blockSignals(True)
            self.from_edit.setDate(to_qdate(date.fromisoformat(grid["first_day"])))
            self.from_edit.blockSignals(False)
        if self.unit_box.count() == 1:  # the units, once known
            self.unit_box.blockSignals(True)
            for unit in grid["units"]:
                self.unit_box.addItem(f"{unit['code']} — {unit['name']}", unit["code"])
            self.unit_box.blockSignals(False)
        if self.table.state() == QAbstractItemView.State.EditingState and grid.get("first_day") == self.model.grid.get("first_day"):
            return  # a choice is open in a cell: the next refresh (after it) shows the rest
        person, day = self.model.cell_at(self.table.currentIndex())
        self.model.set_grid(grid)
        self.cover_model.set_cover(grid)
        self._size_columns()
        if person is not None and day is not None:  # the same person and day, wherever their row is now
            self.table.setCurrentIndex(self.model.index_of(person["id"], day.isoformat()))
        self.table.clearSpans()
        for row, entry in enumerate(self.model.rows):
            if entry["kind"] == "group":
                self.table.setSpan(row, 0, 1, self.model.columnCount())
        self.can_edit = bool(grid["can_edit"])
        for name in ("absenceButton", "copyButton", "fillButton", "publishButton"):
            self.buttons[name].setEnabled(self.can_edit)
        self._show_violations(grid)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        header.resizeSection(0, 190)
        for column in range(1, self.model.columnCount()):
            header.resizeSection(column, DAY_WIDTH if column <= len(self.model.days) else 50)
        cover_header = self.cover_table.horizontalHeader()
        cover_header.resizeSection(0, 190)
        for column in range(1, self.cover_model.columnCount()):
            cover_header.resizeSection(column, DAY_WIDTH)

    def _show_violations(self, grid: dict) -> None:
        self.violations.clear()
        hard = [v for v in grid["violations"] if v["hard"]]
        short = sum(1 for c in grid["cover"] if c["count"] < c["minimum"])
        version = grid["version"]
        state = self.tr("never published") if not version["number"] else (
            self.tr("version %1, %n change(s) not published", "", version["drafts"]).replace("%1", str(version["number"])))
        # Rules to fix and preferences apart: "85 broken rules" mixed what must be fixed with wishes.
        self.summary.setText(self.tr("%1; %2; %3; %4.").replace("%1", self.tr("%n rule(s) to fix", "", len(hard)))
                             .replace("%2", self.tr("%n preference(s) not met", "", len(grid["violations"]) - len(hard)))
                             .replace("%3", self.tr("%n cover shortfall(s)", "", short)).replace("%4", state))
        for v in grid["violations"]:
            day = date.fromisoformat(v["day"]).strftime("%d/%m")
            item = QListWidgetItem(f"{'⚠' if v['hard'] else '·'} {day}  {v['title']} — {v['message']}")
            item.setData(Qt.ItemDataRole.UserRole, v)
            item.setForeground(QColor("#b3261e") if v["hard"] else QColor("#8a5a00"))
            self.violations.addItem(item)

    def _go_to_violation(self, item: QListWidgetItem) -> None:
        v = item.data(Qt.ItemDataRole.UserRole)
        if v["staff"]:
            index = self.model.index_of(v["staff"], v["day"])
            if index.isValid():
                self.table.setCurrentIndex(index)
                self.table.scrollTo(index)
                self.table.setFocus()
                return
        for column, day in enumerate(self.cover_model.days, start=1):  # a cover problem: its day below the grid
            if day == v["day"]:
                for row, key in enumerate(self.cover_model.keys):
                    if v.get("unit") in (None, key[0]) and v.get("shift") in (None, key[1]):
                        index = self.cover_model.index(row, column)
                        self.cover_table.setCurrentIndex(index)
                        self.cover_table.scrollTo(index)
                        self.cover_table.setFocus()
                        return

    # -- editing ---------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Typing a shift code in a cell sets it; Delete or Backspace clears it."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress and self.can_edit:
            key_event: QKeyEvent = event
            person, day = self.model.cell_at(self.table.currentIndex())
            if person is not None and day is not None and self.table.state() != QAbstractItemView.State.EditingState:
                if key_event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                    self.change_cell(person["id"], day, None, None)
                    return True
                text = key_event.text().strip().upper()
                codes = {s["code"] for s in self.model.grid.get("shifts", [])}
                if text and text in codes:
                    self.change_cell(person["id"], day, text, self.unit)
                    self._step_right()
                    return True
        return super().eventFilter(watched, event)

    def _step_right(self) -> None:
        current = self.table.currentIndex()
        if current.column() < len(self.model.days):
            self.table.setCurrentIndex(self.model.index(current.row(), current.column() + 1))

    def change_cell(self, staff: str, day: date, shift: str | None, unit: str | None) -> None:
        self.send_assign(staff, day, shift, unit, record=True)

    def send_assign(self, staff: str, day: date, shift: str | None, unit: str | None, *, record: bool) -> None:
        cell = self.model.cells.get((staff, day.isoformat()))
        before = (cell["shift"], cell["unit"]) if cell else (None, None)

        def accepted(result: dict) -> None:
            if record:
                self.undo.push(AssignCommand(self, staff, day, before, (result["shift"], result["unit"])))
            self.changed.emit()
            self.refresh()

        self.backend.call(rota.assign, staff, day, shift, unit, on_done=accepted, on_refused=self._refused)

    def _refused(self, message: str, _field: str = "") -> None:
        refused = self.tr("Refused:")
        self.summary.setText(f"<span style='color:#b3261e'><b>{html.escape(refused)}</b> {html.escape(message)}</span>")

    def _selected_cells(self) -> list[tuple[dict, date]]:
        out = []
        for index in self.table.selectionModel().selectedIndexes():
            person, day = self.model.cell_at(index)
            if person is not None and day is not None:
                out.append((person, day))
        return out

    def _cell_menu(self, position) -> None:
        index = self.table.indexAt(position)
        person, day = self.model.cell_at(index)
        if person is None or day is None or not self.can_edit:
            return
        menu = QMenu(self)
        cell = self.model.cells.get((person["id"], day.isoformat()))
        if cell:
            pinned = bool(cell["pinned"])
            menu.addAction(self.tr("Unpin") if pinned else self.tr("Pin (fill never moves it)"),
                           lambda: self.backend.call(rota.pin, person["id"], day, not pinned, on_done=lambda _r: self.refresh(),
                                                     on_refused=self._refused))
            menu.addAction(self.tr("Clear"), lambda: self.change_cell(person["id"], day, None, None))
        selected = self._selected_cells()
        if len(selected) == 2:
            (a, day_a), (b, day_b) = selected
            menu.addAction(self.tr("Swap the two selected cells"),
                           lambda: self.backend.call(rota.swap, a["id"], day_a, b["id"], day_b,
                                                     on_done=lambda _r: (self.changed.emit(), self.refresh()), on_refused=self._refused))
        absence = self.model.absence_ids.get((person["id"], day.isoformat()))
        if absence:
            menu.addAction(self.tr("Cancel this absence (the cleared shifts are not put back)"),
                           lambda: self.backend.call(rota.cancel_absence, absence, on_done=lambda _r: (self.changed.emit(), self.refresh()),
                                                     on_refused=self._refused))
        else:
            menu.addAction(self.tr("Absence for %1…").replace("%1", person["name"]), lambda: self.record_absence(person["id"], day))
        menu.popup(self.table.viewport().mapToGlobal(position))
        self.dialogs.append(menu)
        menu.aboutToHide.connect(lambda: self.dialogs.remove(menu) if menu in self.dialogs else None)

    # -- dialogs ---------------------------------------------------------------------------------------
    def _keep(self, dialog: QWidget) -> None:
        self.dialogs.append(dialog)
        dialog.finished.connect(lambda _r: self.dialogs.remove(dialog) if dialog in self.dialogs else None)
        dialog.finished.connect(lambda _r: self.refresh())
        dialog.open()

    def record_absence(self, staff: str | None = None, day: date | None = None) -> None:
        if staff is None:
            person, day = self.model.cell_at(self.table.currentIndex())
            staff = person["id"] if person else None
        self._keep(AbsenceDialog(self.backend, self.model.grid.get("staff", []), staff, day or self.first_day, self))

    def copy_week(self) -> None:
        self._keep(CopyWeekDialog(self.backend, self.first_day, self.unit, self))

    def open_fill(self) -> None:
        dialog = FillDialog(self.backend, self.first_day, self.weeks.value(), self.unit, self)
        dialog.applied.connect(self.model.mark_filled)
        self._keep(dialog)

    def publish(self) -> None:
        answer = QMessageBox.question(self, self.tr("Publish"), self.tr(
            "Publish the shifts from %1 for %2 week(s)? The automatic fill will no longer move them.")
            .replace("%1", self.first_day.strftime("%d/%m/%Y")).replace("%2", str(self.weeks.value())))
        if answer == QMessageBox.StandardButton.Yes:
            self.backend.call(rota.publish, self.first_day, self.weeks.value(), self.unit,
                              on_done=lambda _r: (self.changed.emit(), self.refresh()), on_refused=self._refused)

    def print_preview(self) -> None:
        self.backend.call(rota.print_rota_pdf, self.first_day, self.weeks.value(), self.unit,
                          on_done=lambda result: preview_and_print(result["pdf"], self), on_refused=self._refused)

    def save_pdf(self) -> None:
        # In the user's documents folder, not wherever the program was started from.
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = f"planning-{self.first_day.isoformat()}-{self.weeks.value()}sem{'-' + self.unit if self.unit else ''}.pdf"
        suggested = str(Path(documents) / name) if documents else name
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Save the rota as PDF"), suggested, self.tr("PDF (*.pdf)"))
        if path:
            self.backend.call(rota.print_rota, self.first_day, self.weeks.value(), Path(path), self.unit,
                              on_done=lambda r: self.summary.setText(self.tr("Saved: %1 (%n page(s)).", "", r["pages"])
                                                                     .replace("%1", html.escape(path))),
                              on_refused=self._refused)

