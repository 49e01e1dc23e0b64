"""Today: admissions, transfers, leaves, returns, discharges and births of the day, with counts."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from continuity.services import ward
from continuity.ui.rows_model import RowsTableModel
from continuity.ui.worker import Backend


class MovementTableModel(RowsTableModel):
    COLUMNS = ("at", "kind", "unit", "bed", "nda", "name", "short_id")

    column_count = len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Time"), self.tr("Movement"), self.tr("Unit"), self.tr("Bed"), self.tr("NDA"), self.tr("Patient"), self.tr("Id")][section]
        return None

    def kind_label(self, kind: str) -> str:
        return {"admission": self.tr("admission"), "transfer": self.tr("transfer"), "leave": self.tr("leave"),
                "return": self.tr("return"), "discharge": self.tr("discharge")}.get(kind, kind)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row.get(column) or ""
            if column == "at":
                return value[11:]  # the day is today: the time says it all
            return self.kind_label(value) + (" ✗" if row["cancelled"] else "") if column == "kind" else value
        if role == Qt.ItemDataRole.FontRole and row["cancelled"]:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setStrikeOut(True)
            return font
        return None


class TodayView(QWidget):
    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.counts = QLabel()
        self.model = MovementTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.table)

    def refresh(self) -> None:
        self.backend.call(ward.movements_on, on_done=self.show_rows)

    def show_rows(self, rows: list[dict]) -> None:
        self.model.set_rows(rows)
        live = [r for r in rows if not r["cancelled"]]
        count = lambda kind: sum(1 for r in live if r["kind"] == kind)  # noqa: E731
        born = sum(1 for r in live if r["birth"])
        self.counts.setText(
            self.tr("Today: %1 admissions, %2 births, %3 transfers, %4 discharges, %5 leaves, %6 returns")
            .replace("%1", str(count("admission") - born)).replace("%2", str(born)).replace("%3", str(count("transfer")))
            .replace("%4", str(count("discharge"))).replace("%5", str(count("leave"))).replace("%6", str(count("return")))
        )
