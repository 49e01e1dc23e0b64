"""Export: the period's data for the main system (``reconcile_export.export``): the format, where to
write it, what blocks it; refused while something blocks it unless forced with a reason. A format
whose writer is not there yet is refused like anything else, never a crash."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from continuity.ui.reconcile_client import ReconcileClient
from continuity.ui.reconcile_common import choose, refusal_label, result_label
from continuity.ui.reconcile_completeness import blocking_text


def export_or_missing(folder: Path, passphrase: str, kind: str, out: Path, **options) -> dict:
    """``reconcile_export.export``; a format whose writer module is not installed yet answers
    ``{"missing_writer": kind}`` (said as a refusal beside the format) instead of crashing."""
    from continuity.services import reconcile_export

    try:
        return reconcile_export.export(folder, passphrase, kind, out, **options)
    except ModuleNotFoundError as missing:
        if missing.name not in reconcile_export.WRITERS.values():
            raise
        return {"missing_writer": kind}


class ExportPage(QWidget):
    def __init__(self, client: ReconcileClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.outcome: dict | None = None
        self.format = QComboBox()
        self.format.setObjectName("formatBox")
        self.format.addItem(self.tr("CSV files (a folder, one file per table)"), "csv")
        self.format.addItem(self.tr("HL7 v2.5 (IHE PAM France)"), "hl7")
        self.format.addItem(self.tr("FHIR R4 (a bundle)"), "fhir")
        self.destination = QLineEdit()
        self.destination.setObjectName("destinationEdit")
        self.choose_button = QPushButton(self.tr("C&hoose…"))
        self.choose_button.setObjectName("chooseDestinationButton")
        self.choose_button.clicked.connect(self.choose_destination)
        # HL7 only: one batch file instead of a file per message, and MLLP framing for a link's sender.
        self.batch = QCheckBox(self.tr("HL7: one &batch file (FHS/BHS … BTS/FTS) instead of one file per message"))
        self.batch.setObjectName("batchBox")
        self.mllp = QCheckBox(self.tr("HL7: &MLLP framing around each message (or the batch)"))
        self.mllp.setObjectName("mllpBox")
        self.format.currentIndexChanged.connect(lambda _i: self._format_chosen())
        self.force = QCheckBox(self.tr("Force the export &although items block it"))
        self.force.setObjectName("forceBox")
        self.reason = QLineEdit()
        self.reason.setObjectName("forceReasonEdit")
        self.reason.setMaxLength(500)
        self.reason.setEnabled(False)
        self.force.toggled.connect(self.reason.setEnabled)
        self.format_error = refusal_label("formatRefusal")
        self.destination_error = refusal_label("destinationRefusal")
        self.reason_error = refusal_label("forceReasonRefusal")
        self.reason.textEdited.connect(lambda _t: self.reason_error.clear())
        self.blocking = refusal_label("exportBlockingLabel")
        self.export_button = QPushButton(self.tr("Write the e&xport"))
        self.export_button.setObjectName("exportButton")
        self.export_button.clicked.connect(self.export)
        self.result = result_label("exportResult")
        format_label, destination_label, reason_label = QLabel(self.tr("F&ormat")), QLabel(self.tr("Des&tination")), QLabel(self.tr("Rea&son"))
        format_label.setBuddy(self.format)
        destination_label.setBuddy(self.destination)
        reason_label.setBuddy(self.reason)
        format_row, destination_row, reason_row = QHBoxLayout(), QHBoxLayout(), QHBoxLayout()
        format_row.addWidget(self.format)
        format_row.addWidget(self.format_error, 1)
        destination_row.addWidget(self.destination, 2)
        destination_row.addWidget(self.choose_button)
        reason_row.addWidget(self.reason, 2)
        reason_row.addWidget(self.reason_error, 1)
        form = QFormLayout()
        form.addRow(format_label, format_row)
        form.addRow(destination_label, destination_row)
        form.addRow("", self.destination_error)
        form.addRow("", self.batch)
        form.addRow("", self.mllp)
        form.addRow("", self.force)
        form.addRow(reason_label, reason_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.blocking)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self._format_chosen()

    def _format_chosen(self) -> None:
        hl7 = self.format.currentData() == "hl7"
        self.batch.setEnabled(hl7)
        self.mllp.setEnabled(hl7)

    def refresh(self) -> None:
        from continuity.services import reconcile

        self.client.call(reconcile.status, on_done=self.show_status, on_refused=self.refused)

    def show_status(self, status: dict) -> None:
        self.blocking.setText(blocking_text(status["blocking"]))

    def choose_destination(self):
        kind = self.format.currentData()
        folders = kind == "csv" or (kind == "hl7" and not self.batch.isChecked())  # else one file
        return choose(self, self.tr("Where to write the export"), lambda paths: self.destination.setText(paths[0]) if paths else None,
                      folders=folders, new_file=not folders)

    def export(self) -> None:
        for label in (self.format_error, self.destination_error, self.reason_error):
            label.clear()
        self.result.clear()
        self.outcome = None
        if not self.destination.text().strip():
            self.destination_error.setText(self.tr("Say where to write the export."))
            self.destination.setFocus()
            return
        forced = self.force.isChecked()
        self.export_button.setEnabled(False)
        self.client.call(export_or_missing, self.format.currentData(), Path(self.destination.text().strip()), force=forced,
                         reason=self.reason.text() if forced else None,
                         options={"batch": self.batch.isChecked(), "mllp": self.mllp.isChecked()} if self.format.currentData() == "hl7" else {},
                         on_done=self._exported, on_refused=self.refused)

    def _exported(self, result: dict) -> None:
        self.export_button.setEnabled(True)
        if "missing_writer" in result:
            self.format_error.setText(self.tr("The %1 export is not in this version of Continuity yet: choose another format.")
                                      .replace("%1", self.format.currentText()))
            return
        self.outcome = result
        rows = ", ".join(f"{table} {count}" for table, count in result["rows"].items())
        said = self.tr("Written to %1: %2.").replace("%1", result["out"]).replace("%2", rows)
        if result["forced"]:
            said += "\n" + self.tr("Forced although items blocked it; the reason is kept with the sign-offs.")
        self.result.setText(said)
        self.client.changed.emit()

    def refused(self, message: str, field: str) -> None:
        self.export_button.setEnabled(True)
        label = {"reason": self.reason_error, "out": self.destination_error}.get(field, self.format_error)
        label.setText(message)
        {"reason": self.reason, "out": self.destination}.get(field, self.format).setFocus()
