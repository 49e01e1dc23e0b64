"""Conflicts: every concurrent edit still open, with both values, which laptop typed each and when;
IT keeps the value in force or brings the other back (``reconcile.decide``, a journaled change)."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from continuity.ui.reconcile_client import ReconcileClient
from continuity.ui.reconcile_common import RowsModel, refusal_label, result_label, selected_row, table


class ConflictsPage(QWidget):
    def __init__(self, client: ReconcileClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.model = RowsModel([
            (self.tr("Record"), lambda r: r["subject"]),
            (self.tr("Field"), lambda r: r["field_label"]),
            (self.tr("Value in force"), lambda r: r["in_force"]),
            (self.tr("Typed on, at"), lambda r: r["in_force_from"]),
            (self.tr("Other value"), lambda r: r["other"]),
            (self.tr("Typed on, at"), lambda r: r["other_from"]),
        ])
        self.view = table(self.model, "conflictsTable")
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.keep_button = QPushButton(self.tr("&Keep the value in force"))
        self.keep_button.setObjectName("keepButton")
        self.other_button = QPushButton(self.tr("&Bring back the other value"))
        self.other_button.setObjectName("bringBackButton")
        self.keep_button.clicked.connect(lambda: self.decide("winner"))
        self.other_button.clicked.connect(lambda: self.decide("loser"))
        self.empty = result_label("noConflictLabel")
        self.result = result_label("decisionResult")
        self.refused = refusal_label("decisionRefusal")
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_button)
        buttons.addWidget(self.other_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.refused)
        layout.addWidget(self.result)
        self._update_buttons()

    def refresh(self) -> None:
        from continuity.services import reconcile

        self.client.call(reconcile.conflicts, on_done=self.show_conflicts, on_refused=lambda m, _f: self.refused.setText(m))

    def show_conflicts(self, rows: list[dict]) -> None:
        self.model.set_rows(rows)
        self.empty.setText("" if rows else self.tr("No open conflict."))
        if rows:
            self.view.selectRow(0)
        self._update_buttons()

    def decide(self, keep: str) -> None:
        from continuity.services import reconcile

        conflict = selected_row(self.view)
        if conflict is None:
            return
        self.refused.clear()
        self.keep_button.setEnabled(False)
        self.other_button.setEnabled(False)
        kept = conflict["in_force"] if keep == "winner" else conflict["other"]
        said = (self.tr("%1, %2: “%3” kept.").replace("%1", conflict["subject"]).replace("%2", conflict["field_label"])
                .replace("%3", kept))
        self.client.call(reconcile.decide, conflict["id"], keep, on_done=lambda _r: self._decided(said), on_refused=self._refused)

    def _decided(self, said: str) -> None:
        self.result.setText(said)
        self.client.changed.emit()

    def _refused(self, message: str, _field: str) -> None:
        self.refused.setText(message)
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = selected_row(self.view) is not None
        self.keep_button.setEnabled(chosen)
        self.other_button.setEnabled(chosen)
