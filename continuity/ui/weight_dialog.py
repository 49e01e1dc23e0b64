"""A baby's weight, recorded once she has been weighed: babies are registered at birth, often before
the scales (the birth dialog leaves the weight empty then, and the pages say it is missing)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QFormLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from continuity.core.names import display_name
from continuity.services import births
from continuity.ui.movement_dialogs import ERROR_STYLE
from continuity.ui.typing_guard import TypingGuard, typing_replaces_blank
from continuity.ui.worker import Backend


def weighable_babies(record: dict) -> list[dict]:
    """The recorded births a patient's page can weigh: her own (a baby's page) or her babies' (a mother's)."""
    found = []
    for stay in record.get("stays", []):
        own = stay.get("own_birth")
        if own and own.get("status") == "recorded":
            p = record["patient"]
            found.append({**own, "newborn_name": display_name(p["birth_name"], p["first_names"], p.get("used_name"), p.get("used_first_name")), "newborn_ipp": p["ipp"]})
        found += [b for b in stay.get("births", []) if b.get("status") == "recorded"]
    return found


class WeightDialog(TypingGuard):
    weighed = Signal(dict)

    def __init__(self, backend: Backend, babies: list[dict], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowTitle(self.tr("Record a baby's weight"))
        self.baby_box = QComboBox()
        self.baby_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for baby in babies:
            weight = self.tr("%1 g").replace("%1", str(baby["weight_g"])) if baby.get("weight_g") is not None else self.tr("not weighed yet")
            label = self.tr("Baby %1: %2 (IPP %3) — %4").replace("%1", str(baby["birth_order"])).replace(
                "%2", baby.get("newborn_name") or "").replace("%3", baby.get("newborn_ipp") or "?").replace("%4", weight)
            self.baby_box.addItem(label, baby["id"])
        # The baby not weighed yet comes first: that is whom a midwife opens this for.
        first_missing = next((i for i, b in enumerate(babies) if b.get("weight_g") is None), 0)
        self.baby_box.setCurrentIndex(first_missing)
        self.weight_spin = QSpinBox()
        self.weight_spin.setRange(0, 9000)
        self.weight_spin.setSingleStep(10)
        self.weight_spin.setSpecialValueText("—")
        self.weight_spin.setSuffix(self.tr(" g"))
        typing_replaces_blank(self.weight_spin)
        form = QFormLayout()
        baby_label = QLabel(self.tr("&Baby"))
        baby_label.setBuddy(self.baby_box)
        weight_label = QLabel(self.tr("&Weight"))
        weight_label.setBuddy(self.weight_spin)
        form.addRow(baby_label, self.baby_box)
        form.addRow(weight_label, self.weight_spin)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # a message is text, never markup
        self.error.setStyleSheet(ERROR_STYLE)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.ask_before_discarding)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.baby_box.currentIndexChanged.connect(lambda _i: self.error.clear())
        self.weight_spin.valueChanged.connect(lambda _v: self.error.clear())
        self.start_watching()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.weight_spin.setFocus(Qt.FocusReason.TabFocusReason)  # the weight is what is typed: the baby is already chosen

    def accept_by_keyboard(self) -> None:
        self.submit()

    def submit(self) -> None:
        if self.weight_spin.value() == 0:
            self.refused(self.tr("Type the weight in grams."), "weight")
            return
        self.buttons.setEnabled(False)  # a double click records once
        self.error.clear()
        self.backend.call(births.record_weight, self.baby_box.currentData(), self.weight_spin.value(),
                          on_done=lambda outcome: (self.weighed.emit(outcome.values), self.accept()), on_refused=self.refused)

    def refused(self, message: str, _field: str) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(message)
