"""The period's sign-off by two people (``reconcile_identities.sign_period``): one prepares it (the
workspace as it is then is fingerprinted), someone else approves exactly that; any later decision
makes the preparation stale. And the period's report, written as PDF or HTML (``reconcile_report``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from continuity.i18n.labels import local_time
from continuity.ui.reconcile_client import ReconcileClient
from continuity.ui.reconcile_common import choose, refusal_label, result_label


class PeriodPage(QWidget):
    def __init__(self, client: ReconcileClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.period: dict = {}
        intro = QLabel(self.tr("The period is signed off by two people: one prepares it, someone else approves the workspace exactly "
                               "as it was prepared. A later decision (a merge, a mapped number, a conflict settled) makes the "
                               "preparation stale: it must be prepared again."))
        intro.setWordWrap(True)
        self.state = result_label("periodStateLabel")
        self.person = QLineEdit()
        self.person.setObjectName("periodPersonEdit")
        self.person.setMaxLength(100)
        self.note = QLineEdit()
        self.note.setObjectName("periodNoteEdit")
        self.note.setMaxLength(500)
        self.person_error = refusal_label("periodPersonError")
        self.step_error = refusal_label("periodStepError")
        self.person.textEdited.connect(lambda _t: self.person_error.clear())
        self.prepare_button = QPushButton(self.tr("Sign: &I prepared the period"))
        self.prepare_button.setObjectName("prepareButton")
        self.approve_button = QPushButton(self.tr("Sign: I appro&ve it"))
        self.approve_button.setObjectName("approveButton")
        self.prepare_button.clicked.connect(lambda: self.sign("prepared"))
        self.approve_button.clicked.connect(lambda: self.sign("approved"))
        self.report_button = QPushButton(self.tr("&Write the period's report…"))
        self.report_button.setObjectName("reportButton")
        self.report_button.clicked.connect(self.choose_report)
        self.report_error = refusal_label("reportError")
        self.result = result_label("periodResult")
        person_label, note_label = QLabel(self.tr("Your na&me")), QLabel(self.tr("No&te (optional)"))
        person_label.setBuddy(self.person)
        note_label.setBuddy(self.note)
        person_row = QHBoxLayout()
        person_row.addWidget(self.person, 2)
        person_row.addWidget(self.person_error, 1)
        form = QFormLayout()
        form.addRow(person_label, person_row)
        form.addRow(note_label, self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.prepare_button)
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.step_error, 1)
        buttons.addStretch(1)  # the buttons keep their size while no refusal is said beside them
        report_row = QHBoxLayout()
        report_row.addWidget(self.report_button)
        report_row.addWidget(self.report_error, 1)
        report_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.state)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addSpacing(12)
        layout.addLayout(report_row)
        layout.addStretch(1)

    def refresh(self) -> None:
        from continuity.services import reconcile

        self.client.call(reconcile.status, on_done=lambda s: self.show_period(s["period"]), on_refused=lambda m, _f: self.step_error.setText(m))

    def show_period(self, period: dict) -> None:
        self.period = period
        if period["prepared_by"] is None:
            said = self.tr("Nobody has prepared the period yet.")
        else:
            said = self.tr("Prepared by %1 on %2.").replace("%1", period["prepared_by"]).replace("%2", local_time(period["prepared_at"]))
            if not period["current"]:
                said += " " + self.tr("The workspace changed since: it must be prepared again.")
            elif period["approved_by"]:
                said += " " + self.tr("Approved by %1 on %2: the period is signed off.").replace("%1", period["approved_by"]).replace(
                    "%2", local_time(period["approved_at"]))
            else:
                said += " " + self.tr("Waiting for someone else's approval.")
        self.state.setText(said)

    def sign(self, step: str) -> None:
        from continuity.services import reconcile_identities

        self.person_error.clear()
        self.step_error.clear()
        self.result.clear()
        self.client.call(reconcile_identities.sign_period, step, self.person.text(), self.note.text() or None,
                         on_done=self._signed, on_refused=self.refused)

    def _signed(self, result: dict) -> None:
        self.person.clear()
        self.note.clear()
        self.show_period(result)
        self.result.setText(self.tr("Signed by %1.").replace("%1", result["person"]))
        self.client.changed.emit()

    def refused(self, message: str, field: str) -> None:
        (self.person_error if field == "person" else self.step_error).setText(message)

    def choose_report(self):
        return choose(self, self.tr("The period's report (a .pdf or .html file)"), lambda files: self.write_report(Path(files[0])) if files else None,
                      folders=False, new_file=True, name_filter=self.tr("Reports (*.pdf *.html)"))

    def write_report(self, out: Path) -> None:
        from continuity.services import reconcile_report

        self.report_error.clear()
        self.report_button.setEnabled(False)
        self.client.call(reconcile_report.report, out, on_done=self._reported, on_refused=self._report_refused)

    def _reported(self, result: dict) -> None:
        self.report_button.setEnabled(True)
        self.result.setText(self.tr("Period report written to %1.").replace("%1", result["out"]))

    def _report_refused(self, message: str, _field: str) -> None:
        self.report_button.setEnabled(True)
        self.report_error.setText(message)
