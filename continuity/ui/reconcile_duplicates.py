"""Duplicates: the people who may be registered twice across laptops, best first, both identities
side by side with why; IT merges them (the one kept survives, nothing is deleted), says they are two
people, undoes a merge, or takes back a "different people" declaration (the pair is then listed
again), each with a reason (``reconcile_identities``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from continuity.i18n.labels import local_time
from continuity.ui.reconcile_client import ReconcileClient
from continuity.ui.reconcile_common import RowsModel, refusal_label, result_label, selected_row, table


def _day(stored: str | None) -> str:
    if not stored:
        return "—"
    year, month, day = stored.split("-")
    return f"{day}/{month}/{year}"


class DuplicatesPage(QWidget):
    def __init__(self, client: ReconcileClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.outcome: dict | None = None
        self.model = RowsModel([
            (self.tr("Score"), lambda r: f"{r['score']:.2f}" if isinstance(r["score"], float) else r["score"]),
            (self.tr("IPP"), lambda r: r["one"]["ipp"]),
            (self.tr("Name"), lambda r: r["one"]["name"]),
            (self.tr("Born"), lambda r: _day(r["one"]["birth_date"])),
            (self.tr("IPP"), lambda r: r["other"]["ipp"]),
            (self.tr("Name"), lambda r: r["other"]["name"]),
            (self.tr("Born"), lambda r: _day(r["other"]["birth_date"])),
            (self.tr("Why"), lambda r: r["why"]),
        ])
        self.pairs = table(self.model, "duplicatesTable")
        self.pairs.selectionModel().selectionChanged.connect(lambda *_a: self._pair_chosen())
        self.side_model = RowsModel([(self.tr("Field"), lambda r: r["label"]), (self.tr("First record"), lambda r: r["one"]),
                                     (self.tr("Second record"), lambda r: r["other"])],
                                    alarming=lambda r: r["one"] != r["other"])
        self.side = table(self.side_model, "sideBySideTable")
        self.side.setSelectionMode(self.side.SelectionMode.NoSelection)
        self.merges_model = RowsModel([
            (self.tr("Merge"), lambda r: r["merge"]), (self.tr("IPP kept"), lambda r: r["kept"]), (self.tr("IPP merged"), lambda r: r["merged"]),
            (self.tr("Reason"), lambda r: r["reason"]), (self.tr("By, at"), lambda r: f"{r['by']}, {local_time(r['at'])}"),
            (self.tr("Undone"), lambda r: local_time(r["undone_at"]) if r["undone_at"] else ""),
        ])
        self.merges = table(self.merges_model, "mergesTable")
        self.merges.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.declarations_model = RowsModel([
            (self.tr("IPP"), lambda r: r["ipp"]), (self.tr("Name"), lambda r: r["name"]),
            (self.tr("IPP"), lambda r: r["other_ipp"]), (self.tr("Name"), lambda r: r["other_name"]),
            (self.tr("Reason"), lambda r: r["reason"]), (self.tr("By, at"), lambda r: f"{r['by']}, {local_time(r['at'])}"),
        ])
        self.declarations = table(self.declarations_model, "declarationsTable")
        self.declarations.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.keep = QComboBox()
        self.keep.setObjectName("keepBox")
        self.reason = QLineEdit()
        self.reason.setObjectName("duplicateReasonEdit")
        self.reason.setMaxLength(500)
        self.reason.textEdited.connect(lambda _t: self.reason_error.clear())
        self.reason_error = refusal_label("duplicateReasonError")
        self.pair_error = refusal_label("duplicatePairError")
        self.merge_button = QPushButton(self.tr("&Merge…"))
        self.merge_button.setObjectName("mergeButton")
        self.distinct_button = QPushButton(self.tr("Two different peop&le…"))
        self.distinct_button.setObjectName("distinctButton")
        self.undo_button = QPushButton(self.tr("&Undo the merge…"))
        self.undo_button.setObjectName("undoMergeButton")
        self.take_back_button = QPushButton(self.tr("Take &back the declaration…"))
        self.take_back_button.setObjectName("takeBackButton")
        self.take_back_button.clicked.connect(self.take_back)
        self.merge_button.clicked.connect(self.merge)
        self.distinct_button.clicked.connect(self.distinct)
        self.undo_button.clicked.connect(self.undo)
        self.empty = result_label("noDuplicateLabel")
        self.why = result_label("duplicateWhyLabel")  # the table's last column is often cut: said in full here
        self.result = result_label("duplicateResult")
        keep_label, reason_label = QLabel(self.tr("&Keep")), QLabel(self.tr("Rea&son"))
        keep_label.setBuddy(self.keep)
        reason_label.setBuddy(self.reason)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.reason, 2)
        reason_row.addWidget(self.reason_error, 1)
        form = QFormLayout()
        form.addRow(keep_label, self.keep)
        form.addRow(reason_label, reason_row)
        buttons = QHBoxLayout()
        for button in (self.merge_button, self.distinct_button, self.undo_button, self.take_back_button):
            buttons.addWidget(button)
        buttons.addWidget(self.pair_error, 1)
        buttons.addStretch(1)  # the buttons keep their size while no refusal is said beside them
        merges_box = _stacked(QLabel(self.tr("Merges decided (an undone one stays on record):")), self.merges)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.pairs)
        split.addWidget(_stacked(self.why, self.side))
        declarations_box = _stacked(QLabel(self.tr("Declared two different people (in force):")), self.declarations)
        decided = QSplitter(Qt.Orientation.Horizontal)
        decided.addWidget(merges_box)
        decided.addWidget(declarations_box)
        decided.setSizes([400, 600])  # a declaration reads wider (two names) than a merge (two numbers)
        split.addWidget(decided)
        split.setSizes([180, 220, 100])
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self._update_buttons()

    def refresh(self) -> None:
        from continuity.services import reconcile_identities

        self.client.call(reconcile_identities.duplicates, on_done=self.show_pairs, on_refused=self.refused)
        self.client.call(reconcile_identities.merges, on_done=self.show_merges, on_refused=self.refused)
        self.client.call(reconcile_identities.declarations, on_done=self.show_declarations, on_refused=self.refused)

    def show_pairs(self, rows: list[dict]) -> None:
        self.model.set_rows(rows)
        self.empty.setText("" if rows else self.tr("No probable duplicate left to decide."))
        if rows:
            self.pairs.selectRow(0)
        else:
            self._pair_chosen()

    def show_merges(self, rows: list[dict]) -> None:
        self.merges_model.set_rows(rows)
        self._update_buttons()  # a model reset clears the selection without saying so

    def show_declarations(self, rows: list[dict]) -> None:
        self.declarations_model.set_rows(rows)
        self._update_buttons()

    def _pair_chosen(self) -> None:
        pair = selected_row(self.pairs)
        self.keep.clear()
        fields = [(self.tr("IPP"), "ipp"), (self.tr("Name"), "name"), (self.tr("Birth name"), "birth_name"), (self.tr("Used name"), "used_name"),
                  (self.tr("First names"), "first_names"), (self.tr("Birth date"), "birth_date"), (self.tr("Sex"), "sex"), (self.tr("INS"), "ins"),
                  (self.tr("Address"), "address"), (self.tr("Identity status"), "identity_status"), (self.tr("Stays (NDA)"), "ndas"),
                  (self.tr("Registered on"), "laptop"), (self.tr("Registered at"), "created_at")]
        self.why.setText(self.tr("Why they may be one person: %1 (score %2)").replace("%1", pair["why"])
                         .replace("%2", f"{pair['score']:.2f}") if pair else "")
        if pair is None:
            self.side_model.set_rows([])
        else:
            self.side_model.set_rows([{"label": label, "one": _shown(key, pair["one"].get(key)), "other": _shown(key, pair["other"].get(key))}
                                      for label, key in fields])
            for person in (pair["one"], pair["other"]):
                self.keep.addItem(self.tr("%1 (IPP %2) — the other is merged into her").replace("%1", person["name"]).replace("%2", person["ipp"]),
                                  person["ipp"])
        self._update_buttons()

    def _start(self) -> str | None:
        for label in (self.reason_error, self.pair_error):
            label.clear()
        self.result.clear()
        return self.reason.text()

    def merge(self) -> None:
        from continuity.services import reconcile_identities

        pair = selected_row(self.pairs)
        if pair is None:
            return
        keep = self.keep.currentData()
        gone = pair["other"]["ipp"] if keep == pair["one"]["ipp"] else pair["one"]["ipp"]
        reason = self._start()
        self.client.call(reconcile_identities.merge, keep, gone, reason, on_done=lambda r: self._done(
            self.tr("IPP %1 merged into IPP %2 (merge %3).").replace("%1", r["merged"]).replace("%2", r["kept"]).replace("%3", str(r["merge"])), r),
            on_refused=self.refused)

    def distinct(self) -> None:
        from continuity.services import reconcile_identities

        pair = selected_row(self.pairs)
        if pair is None:
            return
        reason = self._start()
        self.client.call(reconcile_identities.distinct, pair["one"]["ipp"], pair["other"]["ipp"], reason, on_done=lambda r: self._done(
            self.tr("IPP %1 and IPP %2 are two different people.").replace("%1", r["ipp"]).replace("%2", r["other_ipp"]), r),
            on_refused=self.refused)

    def undo(self) -> None:
        from continuity.services import reconcile_identities

        row = selected_row(self.merges)
        if row is None:
            return
        reason = self._start()
        self.client.call(reconcile_identities.undo_merge, row["merge"], reason, on_done=lambda r: self._done(
            self.tr("Merge %1 undone: IPP %2 and IPP %3 are two records again.").replace("%1", str(row["merge"]))
            .replace("%2", row["kept"]).replace("%3", row["merged"]), r), on_refused=self.refused)

    def take_back(self) -> None:
        """The declaration was a mistake: the pair is listed again to decide (the declaration stays on record)."""
        from continuity.services import reconcile_identities

        row = selected_row(self.declarations)
        if row is None:
            return
        reason = self._start()
        self.client.call(reconcile_identities.distinct, row["ipp"], row["other_ipp"], reason, undo=True, on_done=lambda r: self._done(
            self.tr("IPP %1 and IPP %2 are no longer declared different people: the pair is to decide again.")
            .replace("%1", r["ipp"]).replace("%2", r["other_ipp"]), r), on_refused=self.refused)

    def _done(self, said: str, result: dict) -> None:
        self.outcome = result
        self.reason.clear()
        self.result.setText(said)
        self.client.changed.emit()

    def refused(self, message: str, field: str) -> None:
        (self.reason_error if field == "reason" else self.pair_error).setText(message)
        if field == "reason":
            self.reason.setFocus()

    def _update_buttons(self) -> None:
        chosen = selected_row(self.pairs) is not None
        self.merge_button.setEnabled(chosen)
        self.distinct_button.setEnabled(chosen)
        self.keep.setEnabled(chosen)
        merge = selected_row(self.merges)
        self.undo_button.setEnabled(merge is not None and not merge["undone_at"])
        self.take_back_button.setEnabled(selected_row(self.declarations) is not None)


def _stacked(*widgets: QWidget) -> QWidget:
    """Widgets one under the other, as one part of a splitter."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def _shown(key: str, value) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if key == "birth_date":
        return _day(value)
    if key == "created_at":
        return local_time(value)
    if isinstance(value, list):
        return " ".join(value)
    return str(value)
