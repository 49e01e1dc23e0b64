"""Transfer, leave, return, discharge (one form, the fields each needs) and births (twins: record
and add another). Every action goes through the same services as the command line."""

from __future__ import annotations

import html

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QVBoxLayout, QWidget

from continuity.services import adt, births, ward
from continuity.ui.clinical_time import in_ward_time, typed_time
from continuity.ui.forms import load_form
from continuity.ui.typing_guard import TypingGuard, typing_replaces_blank
from continuity.ui.worker import Backend

ERROR_STYLE = "color:#b00020;"


class _FormDialog(TypingGuard):
    form_name = ""

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.form = load_form(self.form_name, self)
        QVBoxLayout(self).addWidget(self.form)
        self.error = self.child("errorLabel")
        self.error.setStyleSheet(ERROR_STYLE)
        self.buttons: QDialogButtonBox = self.child("buttons")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        at = self.child("atEdit")
        self._opened_at = in_ward_time(at)
        at.setMaximumDateTime(self._opened_at.addSecs(300))

    def child(self, name: str) -> QWidget:
        return self.form.findChild(QWidget, name)

    def when(self) -> str | None:
        """The time typed in, or None ("now", to the second) when it was left as it opened."""
        return typed_time(self.child("atEdit").dateTime(), self._opened_at)

    def refused(self, message: str, _field: str) -> None:
        self.buttons.setEnabled(True)
        another = self.form.findChild(QWidget, "anotherButton")
        if another is not None:
            another.setEnabled(True)
        self.error.setText(message)

    def submit(self) -> None:  # pragma: no cover - each dialog defines it
        raise NotImplementedError

    def accept_by_keyboard(self) -> None:
        self.submit()


class MovementDialog(_FormDialog):
    """``kind`` is transfer, leave, return or discharge."""

    form_name = "movement_dialog"
    done = Signal(dict)

    def __init__(self, backend: Backend, kind: str, nda: str, patient: str, parent: QWidget | None = None) -> None:
        super().__init__(backend, parent)
        self.kind, self.nda = kind, nda
        titles = {"transfer": self.tr("Transfer"), "leave": self.tr("Temporary leave"), "return": self.tr("Return from leave"),
                  "discharge": self.tr("Discharge")}
        self.setWindowTitle(titles[kind])
        self.child("patientLabel").setText(f"<b>{html.escape(patient)}</b> — NDA {html.escape(nda)}")
        for name in ("unitLabel", "unitBox", "bedLabel", "bedBox"):
            self.child(name).setVisible(kind == "transfer")
        for name in ("destinationLabel", "destinationBox"):
            self.child(name).setVisible(kind == "discharge")
        for code, text in (("home", self.tr("Home")), ("transfer-out", self.tr("Another hospital")), ("deceased", self.tr("Deceased"))):
            self.child("destinationBox").addItem(text, code)
        self._census: dict = {}
        self.child("unitBox").setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # unit names whole
        self.child("unitBox").currentIndexChanged.connect(self._fill_beds)
        for name in ("unitBox", "bedBox", "destinationBox"):
            self.child(name).currentIndexChanged.connect(lambda _i: self.error.clear())  # a refusal about the previous choice goes
        self.start_watching()
        if kind in ("transfer", "discharge"):
            backend.call(ward.census, on_done=self._got_census)

    def _got_census(self, census: dict) -> None:
        if not shiboken6.isValid(self.form):
            return
        self._census = census
        if self.kind == "transfer":
            for unit in census["units"]:
                self.child("unitBox").addItem(f"{unit['code']} — {unit['name']}", unit["code"])
            self.child("unitBox").setCurrentIndex(-1)  # where she goes is chosen, never guessed
            self._fill_beds()
            self.filled_by_the_form(self.child("unitBox"), self.child("bedBox"))
        here = next((bed for unit in census["units"] for bed in unit["beds"] if bed.get("nda") == self.nda), {})
        babies = here.get("newborns", [])
        away = here.get("newborns_away", [])
        if away and self.kind == "discharge":  # her baby stays in neonatology: said before she leaves
            names = ", ".join(f"{baby['name']} ({baby['unit']} {baby['bed']})" for baby in away)
            warning = self.tr("Not leaving with her, still in hospital: %1.").replace("%1", names)
            self.child("patientLabel").setText(self.child("patientLabel").text() + "<br><b style='color:#b3261e'>" + html.escape(warning) + "</b>")
        if babies:
            names = ", ".join(f"{baby['name']} (IPP {baby['ipp']})" for baby in babies)
            text = (self.tr("Her newborns move with her: %1.") if self.kind == "transfer" else self.tr("Her newborns leave with her: %1."))
            self.child("patientLabel").setText(self.child("patientLabel").text() + "<br>" + html.escape(text.replace("%1", names)))
        # The unit names and the warnings just arrived: the dialog takes the size they need now
        # (a busy laptop showed the unit box cut by the dialog's edge for a moment).
        self.form.adjustSize()
        self.adjustSize()

    def _fill_beds(self) -> None:
        """Free beds only: a bed is taken by one patient (a mother's babies stay on her tile)."""
        beds = self.child("bedBox")
        beds.clear()
        code = self.child("unitBox").currentData()
        for unit in self._census.get("units", []):
            if unit["code"] == code:
                for bed in unit["beds"]:
                    if bed["state"] == "free":
                        beds.addItem(bed["bed"], bed["bed"])
        beds.setCurrentIndex(0 if beds.count() == 1 else -1)  # the only free bed, else the one chosen

    def submit(self) -> None:
        self.buttons.setEnabled(False)
        self.error.clear()
        finish = {"on_done": lambda outcome: self._finished(outcome.values, outcome.warnings), "on_refused": self.refused}
        if self.kind == "transfer":
            if not self.child("bedBox").currentData():
                self.refused(self.tr("Choose the unit and a free bed she goes to."), "bed")
                return
            self.backend.call(adt.transfer, self.nda, unit=self.child("unitBox").currentData(),
                              bed=self.child("bedBox").currentData() or "", at=self.when(), **finish)
        elif self.kind == "leave":
            self.backend.call(adt.leave, self.nda, at=self.when(), **finish)
        elif self.kind == "return":
            self.backend.call(adt.return_from_leave, self.nda, at=self.when(), **finish)
        else:
            box = self.child("destinationBox")
            # A destination typed in (another hospital's name) is kept as typed, not the first item's code.
            destination = box.currentData() if box.currentText() == box.itemText(box.currentIndex()) else box.currentText().strip()
            self.backend.call(adt.discharge, self.nda, destination=destination, at=self.when(), **finish)

    def _finished(self, values: dict, warnings: list[str] | None = None) -> None:
        self.done.emit({**values, "warnings": warnings or []})
        self.accept()


class BirthDialog(_FormDialog):
    """One newborn at a time on the mother's stay; "add a twin" keeps the dialog open."""

    form_name = "birth_dialog"
    recorded = Signal(dict)

    def __init__(self, backend: Backend, mother_nda: str, mother: str, parent: QWidget | None = None) -> None:
        super().__init__(backend, parent)
        self.nda = mother_nda
        self.setWindowTitle(self.form.windowTitle())
        self.child("motherLabel").setText(
            html.escape(self.tr("Mother: %1 — NDA %2")).replace("%1", f"<b>{html.escape(mother)}</b>").replace("%2", html.escape(mother_nda))
        )
        for code, text in (("F", self.tr("F — girl")), ("M", self.tr("M — boy")), ("U", self.tr("U — undetermined"))):
            self.child("sexBox").addItem(text, code)
        self.child("sexBox").setCurrentIndex(-1)  # chosen for each baby, never assumed
        typing_replaces_blank(self.child("weightSpin"))
        self.child("anotherButton").clicked.connect(lambda: self.submit(another=True))
        self.count = 0
        self.start_watching()

    def submit(self, another: bool = False) -> None:
        self.error.clear()
        if self.child("sexBox").currentIndex() < 0:
            self.refused(self.tr("Choose the baby's sex (U if it cannot be told yet)."), "sex")
            return
        self.buttons.setEnabled(False)
        self.child("anotherButton").setEnabled(False)  # a double click must not record two newborns
        self.backend.call(
            births.record_birth, self.nda, sex=self.child("sexBox").currentData(), weight_g=self.child("weightSpin").value(),
            at=self.when(), first_names=self.child("firstNamesEdit").text() or None,
            on_done=lambda outcome: self._recorded({**outcome.values, "warnings": outcome.warnings}, another), on_refused=self.refused,
        )

    def _recorded(self, values: dict, another: bool) -> None:
        self.count += 1
        self.recorded.emit(values)
        self.buttons.setEnabled(True)
        self.child("anotherButton").setEnabled(True)
        self.child("recordedLabel").setText(
            self.tr("Newborn %1 recorded: IPP %2, NDA %3").replace("%1", str(values["birth_order"])).replace("%2", values["ipp"]).replace("%3", values["nda"]))
        if another:
            # The twin's own values: nothing is carried over from the first newborn.
            self.child("firstNamesEdit").clear()
            self.child("weightSpin").setValue(0)
            self.child("sexBox").setCurrentIndex(-1)
            self.child("atEdit").setDateTime(self._opened_at)  # her own time of birth, typed again
            self.start_watching()
            self.child("sexBox").setFocus()
        else:
            self.accept()
