"""Today: the last 24 hours of admissions, births, transfers, leaves, returns and discharges (with
where each woman went), counted; a row opens the patient."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from continuity.services import ward
from continuity.ui.rows_model import RowsTableModel
from continuity.ui.worker import Backend


class MovementTableModel(RowsTableModel):
    COLUMNS = ("at", "kind", "unit", "bed", "nda", "name", "destination", "short_id")

    column_count = len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("Time"), self.tr("Movement"), self.tr("Unit"), self.tr("Bed"), self.tr("NDA"), self.tr("Patient"),
                    self.tr("Went to"), self.tr("Id")][section]
        return None

    def kind_label(self, kind: str) -> str:
        return {"admission": self.tr("admission"), "transfer": self.tr("transfer"), "leave": self.tr("leave"),
                "return": self.tr("return"), "discharge": self.tr("discharge"), "birth": self.tr("birth")}.get(kind, kind)

    def destination_label(self, destination: str | None) -> str:
        return {"home": self.tr("home"), "transfer-out": self.tr("another hospital"), "deceased": self.tr("deceased")}.get(
            destination or "", destination or "")

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = row.get(column) or ""
            if column == "at":  # yyyy-mm-dd hh:mm -> dd/mm hh:mm (the last day spans two dates)
                return f"{value[8:10]}/{value[5:7]} {value[11:]}" if value else ""
            if column == "kind":
                return self.kind_label("birth" if row["birth"] else value) + (" ✗" if row["cancelled"] else "")
            if column == "destination":
                return self.destination_label(value) if row["kind"] == "discharge" else ""
            return value
        if role == Qt.ItemDataRole.FontRole and row["cancelled"]:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setStrikeOut(True)
            return font
        return None


class TodayView(QWidget):
    open_patient = Signal(str)  # IPP: a row double-clicked or Enter on it

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.model = MovementTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(self._open)  # double-click or Enter
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.table)

    def refresh(self) -> None:
        self.backend.call(ward.recent_movements, on_done=self.show_rows)

    def _open(self, index: QModelIndex) -> None:
        ipp = self.model.rows[index.row()].get("ipp") if index.isValid() else None
        if ipp:
            self.open_patient.emit(ipp)

    def show_rows(self, recent: dict) -> None:
        rows = recent["rows"]
        self.model.set_rows(rows)
        live = [r for r in rows if not r["cancelled"]]
        count = lambda kind: sum(1 for r in live if r["kind"] == kind)  # noqa: E731
        born = sum(1 for r in live if r["birth"])
        since = recent["since"]
        # Counted as labels ("admissions: 1"): no plural to agree; the counts are those of the rows shown.
        self.counts.setText(
            self.tr("Last 24 hours, since %1 — admissions: %2 · births: %3 · transfers: %4 · discharges: %5 · leaves: %6 · returns: %7 · cancelled: %8")
            .replace("%1", f"{since[8:10]}/{since[5:7]} {since[11:]}").replace("%2", str(count("admission") - born))
            .replace("%3", str(born)).replace("%4", str(count("transfer"))).replace("%5", str(count("discharge")))
            .replace("%6", str(count("leave"))).replace("%7", str(count("return"))).replace("%8", str(len(rows) - len(live)))
        )
