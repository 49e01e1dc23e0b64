"""What the reconciliation window's pages share: a refusal told beside its field, a result line,
a file or folder chooser that does not block, and plain rows shown in a table."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QFileDialog, QHeaderView, QTableView, QWidget

from continuity.ui.message_label import MessageLabel
from continuity.ui.movement_dialogs import ERROR_STYLE
from continuity.ui.rows_model import RowsTableModel

BLOCKING = QColor("#fde7e9")  # the light red the ward's board uses for what needs someone


def refusal_label(name: str) -> MessageLabel:
    """Beside a field: empty (and taking no room) until a refusal is said there."""
    label = MessageLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)  # a message is text, never markup
    label.setStyleSheet(ERROR_STYLE)
    return label


def result_label(name: str) -> MessageLabel:
    label = MessageLabel()
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def choose(parent: QWidget, title: str, on_chosen: Callable[[list[str]], None], *, folders: bool, name_filter: str = "",
           new_file: bool = False) -> QFileDialog:
    """Qt's own dialog (the same, in French, everywhere), opened without blocking the window: a
    folder, a file that exists, or (``new_file``) the name of a file to write."""
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if folders:
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    elif new_file:
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        if name_filter:
            dialog.setNameFilter(name_filter)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.filesSelected.connect(on_chosen)
    dialog.open()
    return dialog


class RowsModel(RowsTableModel):
    """Rows (dicts) shown by ``columns`` ((header, function of the row)); a row for which
    ``alarming(row)`` holds is tinted."""

    def __init__(self, columns: list[tuple[str, Callable[[dict], object]]], alarming: Callable[[dict], bool] = lambda row: False,
                 parent=None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.column_count = len(columns)
        self.alarming = alarming

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.columns[index.column()][1](row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.BackgroundRole and self.alarming(row):
            return QBrush(BLOCKING)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt's name
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]
        return None


def table(model: RowsModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    return view


def selected_row(view: QTableView) -> dict | None:
    rows = view.selectionModel().selectedRows()
    model = view.model()
    return model.rows[rows[0].row()] if rows else None
