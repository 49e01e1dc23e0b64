"""Numbers: the downtime IPPs or NDAs still without a definitive number, listed; one mapped as typed,
or a CSV file from the main system imported, showing the columns used and each bad row with its
line (``reconcile_numbers``: the same checks as the command line)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QPushButton, QVBoxLayout, QWidget

from continuity.i18n import _
from continuity.ui.reconcile_client import ReconcileClient
from continuity.ui.reconcile_common import choose, refusal_label, result_label


class NumbersPage(QWidget):
    def __init__(self, client: ReconcileClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.kind = QComboBox()
        self.kind.setObjectName("numberKindBox")
        self.kind.addItem(self.tr("IPP (patients)"), "ipp")
        self.kind.addItem(self.tr("NDA (stays)"), "nda")
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.unmapped = QListWidget()
        self.unmapped.setObjectName("unmappedList")
        self.unmapped.currentTextChanged.connect(self.downtime_chosen)
        self.unmapped_title = QLabel()
        self.unmapped_title.setBuddy(self.unmapped)
        self.downtime = QLineEdit()
        self.downtime.setObjectName("downtimeEdit")
        self.definitive = QLineEdit()
        self.definitive.setObjectName("definitiveEdit")
        self.definitive.setMaxLength(20)
        self.map_error = refusal_label("mapRefusal")
        for edit in (self.downtime, self.definitive):
            edit.textEdited.connect(lambda _t: self.map_error.clear())
        self.map_button = QPushButton(self.tr("&Map"))
        self.map_button.setObjectName("mapButton")
        self.map_button.clicked.connect(self.map_typed)
        self.csv_button = QPushButton(self.tr("Import a CS&V file…"))
        self.csv_button.setObjectName("csvButton")
        self.csv_button.clicked.connect(self.choose_csv)
        self.csv_error = refusal_label("csvRefusal")
        self.result = result_label("mapResult")
        kind_label, downtime_label, definitive_label = (QLabel(self.tr("Number &kind")), QLabel(self.tr("Do&wntime number")),
                                                        QLabel(self.tr("Defini&tive number")))
        kind_label.setBuddy(self.kind)
        downtime_label.setBuddy(self.downtime)
        definitive_label.setBuddy(self.definitive)
        form = QFormLayout()
        form.addRow(kind_label, self.kind)
        form.addRow(downtime_label, self.downtime)
        definitive_row = QHBoxLayout()
        definitive_row.addWidget(self.definitive)
        definitive_row.addWidget(self.map_button)
        form.addRow(definitive_label, definitive_row)
        form.addRow("", self.map_error)
        csv_row = QHBoxLayout()
        csv_row.addWidget(self.csv_button)
        csv_row.addWidget(self.csv_error, 1)
        csv_row.addStretch(1)
        csv_hint = QLabel(self.tr("A CSV file from the main system (';' or ','): the downtime number and the definitive one in "
                                  "columns named downtime / provisoire and definitive / definitif."))
        csv_hint.setWordWrap(True)
        left = QVBoxLayout()
        left.addWidget(self.unmapped_title)
        left.addWidget(self.unmapped, 1)
        right = QVBoxLayout()
        right.addLayout(form)
        right.addWidget(csv_hint)
        right.addLayout(csv_row)
        right.addWidget(self.result)
        right.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 2)
        self.outcome: dict | None = None

    def current_kind(self) -> str:
        return self.kind.currentData()

    def refresh(self) -> None:
        from continuity.services import reconcile_numbers

        self.client.call(reconcile_numbers.unmapped, self.current_kind(), on_done=self.show_unmapped,
                         on_refused=lambda m, _f: self.map_error.setText(m))

    def show_unmapped(self, numbers: list[str]) -> None:
        self.unmapped.clear()
        self.unmapped.addItems(numbers)
        self.unmapped_title.setText(self.tr("&Unmapped downtime numbers: %1").replace("%1", str(len(numbers))))

    def downtime_chosen(self, number: str) -> None:
        if number:
            self.downtime.setText(number)

    def map_typed(self) -> None:
        from continuity.services import reconcile_numbers

        self.map_error.clear()
        self.map_button.setEnabled(False)
        self.client.call(reconcile_numbers.map_numbers, self.current_kind(), [(None, self.downtime.text(), self.definitive.text())],
                         "typed", on_done=lambda r: self._mapped(r, None), on_refused=self._map_refused)

    def _map_refused(self, message: str, _field: str) -> None:
        self.map_button.setEnabled(True)
        self.map_error.setText(message)

    def choose_csv(self):
        return choose(self, self.tr("CSV file from the main system"), lambda files: self.import_csv(Path(files[0])) if files else None,
                      folders=False, name_filter=self.tr("CSV files (*.csv *.txt)"))

    def import_csv(self, path: Path) -> None:
        from continuity.services import reconcile_numbers

        self.csv_error.clear()
        self.result.clear()
        self.csv_button.setEnabled(False)
        kind = self.current_kind()

        def rows_read(read_back: tuple) -> None:
            rows, columns = read_back
            self.client.call(reconcile_numbers.map_numbers, kind, rows, f"csv:{path.name}",
                             on_done=lambda r: self._mapped(r, columns), on_refused=self._csv_refused)

        self.client.call_plain(reconcile_numbers.read_csv, path, None, None, on_done=rows_read, on_refused=self._csv_refused)

    def _csv_refused(self, message: str, _field: str) -> None:
        self.csv_button.setEnabled(True)
        self.csv_error.setText(message)

    def _mapped(self, result: dict, columns: dict | None) -> None:
        from continuity.services import reconcile_numbers

        self.outcome = result
        self.map_button.setEnabled(True)
        self.csv_button.setEnabled(True)
        lines = []
        if columns:
            lines.append(self.tr("CSV columns used: downtime = %1, definitive = %2 (separator “%3”).")
                         .replace("%1", columns["downtime"]).replace("%2", columns["definitive"]).replace("%3", columns["delimiter"]))
        lines.append(self.tr("%n number(s) mapped", "", result["mapped"]))
        for bad in result["refused"]:
            where = self.tr("line %1").replace("%1", str(bad["line"])) if bad["line"] else self.tr("typed")
            lines.append(self.tr("Refused (%1): %2 → %3: %4").replace("%1", where).replace("%2", bad["downtime"] or "—")
                         .replace("%3", bad["definitive"] or "—").replace("%4", _(reconcile_numbers.REASONS[bad["reason"]])))
        if columns is None and result["refused"]:  # a typed number refused: said beside the fields
            self.map_error.setText("\n".join(lines[1:]))
        elif columns is None:
            self.downtime.clear()
            self.definitive.clear()
        self.result.setText("\n".join(lines))
        self.show_unmapped(result["unmapped"])
        self.client.changed.emit()
