"""Sign-off of what blocks the export for a laptop (its gap, its forks), with a reason that is
required (``reconcile.signoff``): refused beside the reason or the laptop, in the service's words."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from continuity.ui.reconcile_client import ReconcileClient
from continuity.ui.reconcile_common import refusal_label, result_label
from continuity.ui.reconcile_completeness import blocking_text


class SignoffPage(QWidget):
    def __init__(self, client: ReconcileClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        intro = QLabel(self.tr("A laptop's missing bundles or forks block the export. When they will never be settled (a laptop "
                               "lost, a stick broken), sign them off with the reason: they no longer block while they stay as "
                               "they are, and anything new about that laptop blocks again."))
        intro.setWordWrap(True)
        self.blocking = refusal_label("signoffBlockingLabel")
        self.signed = result_label("signedOffLabel")
        self.laptop = QComboBox()
        self.laptop.setObjectName("signoffLaptopBox")
        self.reason = QLineEdit()
        self.reason.setObjectName("signoffReasonEdit")
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText(self.tr("e.g. the laptop was stolen; its bundles 4–6 will never come"))
        self.laptop_error = refusal_label("signoffLaptopError")
        self.reason_error = refusal_label("signoffReasonError")
        self.reason.textEdited.connect(lambda _t: self.reason_error.clear())
        self.sign_button = QPushButton(self.tr("Sign &off"))
        self.sign_button.setObjectName("signoffButton")
        self.sign_button.clicked.connect(self.sign_off)
        self.result = result_label("signoffResult")
        laptop_label, reason_label = QLabel(self.tr("&Laptop")), QLabel(self.tr("Rea&son"))
        laptop_label.setBuddy(self.laptop)
        reason_label.setBuddy(self.reason)
        laptop_row, reason_row = QHBoxLayout(), QHBoxLayout()
        laptop_row.addWidget(self.laptop)
        laptop_row.addWidget(self.laptop_error, 1)
        reason_row.addWidget(self.reason, 2)
        reason_row.addWidget(self.reason_error, 1)
        form = QFormLayout()
        form.addRow(laptop_label, laptop_row)
        form.addRow(reason_label, reason_row)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.blocking)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.sign_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        layout.addWidget(self.signed)
        layout.addStretch(1)

    def refresh(self) -> None:
        from continuity.services import reconcile

        self.client.call(reconcile.status, on_done=self.show_status, on_refused=lambda m, f: self.refused(m, f))

    def show_status(self, status: dict) -> None:
        chosen = self.laptop.currentText()
        self.laptop.clear()
        laptops = list(dict.fromkeys(item["laptop"] for item in status["blocking"]))
        self.laptop.addItems(laptops or [lp["name"] for lp in status["laptops"]])
        if chosen and self.laptop.findText(chosen) >= 0:
            self.laptop.setCurrentIndex(self.laptop.findText(chosen))
        self.blocking.setText(blocking_text(status["blocking"]) or self.tr("Nothing blocks the export."))
        self.blocking.setStyleSheet("" if not status["blocking"] else self.laptop_error.styleSheet())
        self.signed.setText("\n".join([self.tr("Signed off already:")]
                                      + [f"{item['laptop']} — {item['kind']}" for item in status["signed_off"]])
                            if status["signed_off"] else "")

    def sign_off(self) -> None:
        from continuity.services import reconcile

        self.laptop_error.clear()
        self.reason_error.clear()
        self.result.clear()
        self.sign_button.setEnabled(False)
        self.client.call(reconcile.signoff, self.laptop.currentText(), self.reason.text(), on_done=self._signed, on_refused=self.refused)

    def _signed(self, result: dict) -> None:
        self.sign_button.setEnabled(True)
        self.reason.clear()
        self.result.setText(self.tr("%n item(s) signed off for %1.", "", len(result["signed_off"])).replace("%1", result["laptop"]))
        self.client.changed.emit()

    def refused(self, message: str, field: str) -> None:
        self.sign_button.setEnabled(True)
        (self.laptop_error if field == "laptop" else self.reason_error).setText(message)
        (self.laptop if field == "laptop" else self.reason).setFocus()
