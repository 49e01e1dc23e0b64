"""Correct an identity (a typo, a used name learnt later, an INS copied from a card). The previous
values stay in the journal and the audit trail; the identity stays provisional."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QVBoxLayout, QWidget

from continuity.services import identity
from continuity.ui.forms import load_form
from continuity.ui.typing_guard import TypingGuard
from continuity.ui.worker import Backend

FIELDS = {  # form widget -> service argument
    "birthNameEdit": "birth_name", "usedNameEdit": "used_name", "firstNamesEdit": "first_names", "usedFirstNameEdit": "used_first_name",
    "birthDateEdit": "birth_date", "insEdit": "ins", "birthPlaceEdit": "birth_place", "addressEdit": "address",
    "phoneEdit": "phone",
}


class IdentityDialog(TypingGuard):
    corrected = Signal(dict)

    def __init__(self, backend: Backend, patient: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.ipp = patient["ipp"]
        self.form = load_form("identity_dialog", self)
        QVBoxLayout(self).addWidget(self.form)
        self.setWindowTitle(self.form.windowTitle())
        self.child("ippLabel").setText(f"IPP <b>{html.escape(self.ipp)}</b>")
        for code, text in (("F", self.tr("F — female")), ("M", self.tr("M — male")), ("U", self.tr("U — unknown"))):
            self.child("sexBox").addItem(text, code)
        self.child("sexBox").setCurrentIndex(max(0, self.child("sexBox").findData(patient["sex"])))
        year, month, day = patient["birth_date"].split("-")
        values = {**patient, "first_names": " ".join(patient["first_names"]), "birth_date": f"{day}/{month}/{year}"}
        for widget, name in FIELDS.items():
            self.child(widget).setText(values.get(name) or "")
        self.error = self.child("errorLabel")
        self.error.setStyleSheet("color:#b00020;")
        self.buttons: QDialogButtonBox = self.child("buttons")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.start_watching()

    def accept_by_keyboard(self) -> None:
        self.submit()

    def child(self, name: str) -> QWidget:
        return self.form.findChild(QWidget, name)

    def submit(self) -> None:
        self.buttons.setEnabled(False)
        changes = {name: self.child(widget).text() for widget, name in FIELDS.items()}
        changes["sex"] = self.child("sexBox").currentData()
        self.backend.call(identity.update_patient, self.ipp, **changes,
                          on_done=lambda outcome: self._done({**outcome.values, "warnings": outcome.warnings}), on_refused=self._refused)

    def _refused(self, message: str, field: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(message)
        widget = next((w for w, name in FIELDS.items() if name == field), None)
        if widget:
            self.child(widget).setFocus()

    def _done(self, values: dict) -> None:
        self.corrected.emit(values)
        self.accept()
