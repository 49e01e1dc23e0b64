"""New admission: a provisional identity (or someone already known) admitted to a bed.

While the clerk types a name and a birth date, people already known on this laptop are listed, so
she picks the existing person instead of creating a duplicate. Clinical time defaults to now and
can be set earlier (back-entry from paper). Refusals appear next to the field they concern."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialogButtonBox, QListWidgetItem, QVBoxLayout, QWidget

from continuity.core.names import display_name
from continuity.services import adt, identity, ward
from continuity.ui.clinical_time import in_ward_time, typed_time
from continuity.ui.forms import load_form
from continuity.ui.typing_guard import TypingGuard
from continuity.ui.worker import Backend

FIELD_LABELS = {"birth_name": "birthNameError", "first_names": "firstNamesError", "birth_date": "birthDateError",
                "ins": "insError", "bed": "bedError", "unit": "bedError", "at": "atError", "sex": "birthDateError"}
ERROR_STYLE = "color:#b00020;"


class AdmitDialog(TypingGuard):
    admitted = Signal(dict)

    def __init__(self, backend: Backend, parent: QWidget | None = None, *, unit: str | None = None, bed: str | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.form = load_form("admit_dialog", self)
        QVBoxLayout(self).addWidget(self.form)
        self.setWindowTitle(self.form.windowTitle())
        self.resize(900, 600)
        find = self.form.findChild
        self.w = {name: find(QWidget, name) for name in (
            "birthNameEdit", "usedNameEdit", "firstNamesEdit", "birthDateEdit", "sexBox", "insEdit", "unitBox", "bedBox",
            "atEdit", "reasonEdit", "matchesList", "differentPersonCheck", "generalError", "buttons")}
        for label in set(FIELD_LABELS.values()) | {"generalError"}:
            find(QWidget, label).setStyleSheet(ERROR_STYLE)
        for code, text in (("F", self.tr("F — female")), ("M", self.tr("M — male")), ("U", self.tr("U — unknown"))):
            self.w["sexBox"].addItem(text, code)
        # Nothing chosen for her: sex, unit and bed start empty (unless opened from a free bed).
        self.w["sexBox"].setCurrentIndex(-1)
        # A candidate's line and its reasons wrap inside the list: nothing hidden behind a scroll bar.
        self.w["matchesList"].setWordWrap(True)
        self.w["matchesList"].setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._opened_at = in_ward_time(self.w["atEdit"])
        self.w["atEdit"].setMaximumDateTime(self._opened_at.addSecs(300))
        self._wanted = (unit, bed)
        self._census: dict = {}
        self._created_ipp: str | None = None
        self._shown: list[str] = []  # IPPs of the people listed as possibly her
        self._checked_typing: tuple | None = None  # the identity typed when the list was last brought up to date
        self.w["unitBox"].currentIndexChanged.connect(self._fill_beds)
        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self._look_for_matches)
        for name in ("birthNameEdit", "usedNameEdit", "firstNamesEdit", "birthDateEdit"):
            self.w[name].textChanged.connect(self._identity_changed)
        # A double-click selects a known person; admitting her is still the OK button's.
        buttons: QDialogButtonBox = self.w["buttons"]
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        self.w["birthNameEdit"].setFocus()
        self.start_watching()
        backend.call(ward.census, on_done=self._got_census)

    def accept_by_keyboard(self) -> None:
        self.submit()

    # -- beds -------------------------------------------------------------------------------------------
    def done(self, result: int) -> None:
        self._timer.stop()
        super().done(result)

    def _got_census(self, census: dict) -> None:
        if not shiboken6.isValid(self.form):
            return
        self._census = census
        box = self.w["unitBox"]
        for unit in census["units"]:
            box.addItem(f"{unit['code']} — {unit['name']}", unit["code"])
        box.setCurrentIndex(box.findData(self._wanted[0]) if self._wanted[0] else -1)
        self._fill_beds()
        self.filled_by_the_form(box, self.w["bedBox"])

    def _fill_beds(self) -> None:
        code = self.w["unitBox"].currentData()
        beds = self.w["bedBox"]
        beds.clear()
        for unit in self._census.get("units", []):
            if unit["code"] == code:
                for bed in unit["beds"]:
                    if bed["state"] == "free":
                        beds.addItem(bed["bed"], bed["bed"])
        # The bed asked for (opened from its tile) if still free in this unit, else none: a bed is chosen, never guessed.
        beds.setCurrentIndex(beds.findData(self._wanted[1]) if self._wanted[1] and code == self._wanted[0] else -1)

    # -- probable matches ----------------------------------------------------------------------------
    def _identity_changed(self, _text: str) -> None:
        self._timer.start()

    def _typed(self) -> tuple:
        return (self.w["birthNameEdit"].text(), self.w["usedNameEdit"].text(), self.w["firstNamesEdit"].text(),
                self.w["birthDateEdit"].text(), self.w["sexBox"].currentData(), self.w["insEdit"].text())

    def _look_for_matches(self, then=None) -> None:
        if not shiboken6.isValid(self.form):
            return  # the dialog is being torn down
        typed = self._typed()

        def shown(rows: list[dict]) -> None:
            self._show_matches(rows, typed)
            if then is not None:
                then(rows)

        self.backend.call(identity.possible_matches, *typed[:4], sex=typed[4], ins=typed[5], on_done=shown, on_refused=self._show_error)

    def _show_matches(self, rows: list[dict], typed: tuple | None = None) -> None:
        if not shiboken6.isValid(self.form):
            return  # closed meanwhile: the answer is dropped
        matches = self.w["matchesList"]
        matches.clear()
        in_word = self.tr("in")
        for row in rows:
            where = f" — {in_word} {row['current_unit']} {(row['current_bed'] or '').split(':')[-1]}" if row.get("current_nda") else ""
            name = display_name(row["birth_name"], row["first_names"], row.get("used_name"), row.get("used_first_name"))
            year, month, day = (row["birth_date"] or "--").split("-")
            item = QListWidgetItem(f"{name}, {day}/{month}/{year} — IPP {row['ipp']}{where}\n    {row['why']}")
            item.setData(Qt.ItemDataRole.UserRole, row["ipp"])
            item.setToolTip(row["why"])
            matches.addItem(item)
        matches.setStyleSheet("QListWidget { border: 2px solid #e65100; }" if rows else "")
        listed = [row["ipp"] for row in rows]
        if listed != self._shown:
            self.w["differentPersonCheck"].setChecked(False)  # said of other people: to be said again
        self._shown = listed
        self._checked_typing = typed
        self.w["differentPersonCheck"].setVisible(bool(rows))

    # -- submit -------------------------------------------------------------------------------------------
    def _clear_errors(self) -> None:
        for label in set(FIELD_LABELS.values()) | {"generalError"}:
            self.form.findChild(QWidget, label).clear()

    def _show_error(self, message: str, field: str) -> None:
        self.w["buttons"].setEnabled(True)
        label = self.form.findChild(QWidget, FIELD_LABELS.get(field, "generalError"))
        label.setText(message)

    def submit(self) -> None:
        self._clear_errors()
        # Only a match the clerk really selected counts (Tab into the list makes one "current"
        # without selecting it: that must not admit someone else).
        selected = self.w["matchesList"].selectedItems()
        chosen = selected[0] if selected else None
        at = typed_time(self.w["atEdit"].dateTime(), self._opened_at)  # as shown: opened, or a back-entry
        unit, bed = self.w["unitBox"].currentData(), self.w["bedBox"].currentData()
        if not bed:
            self._show_error(self.tr("Choose a unit and a free bed."), "bed")
            return
        self.w["buttons"].setEnabled(False)
        if chosen is not None or self._created_ipp:
            # An identity made by an earlier try whose admission was refused is reused, not made twice.
            self._admit(chosen.data(Qt.ItemDataRole.UserRole) if chosen else self._created_ipp, unit, bed, at)
            return
        if self._checked_typing != self._typed():
            # Look for known people now (the typing pause may not have come yet) before creating.
            self._look_for_matches(then=lambda rows: self._checked(rows, unit, bed, at))
            return
        self._checked(self._shown, unit, bed, at)

    def _checked(self, rows: list, unit: str, bed: str, at: str | None) -> None:
        if not shiboken6.isValid(self.form):
            return
        if rows and not self.w["differentPersonCheck"].isChecked():
            self._show_error(self.tr("She may already be known: select her in the list, or tick that this is a different person."), "")
            self.w["matchesList"].setFocus()
            return
        self._create(unit, bed, at)

    def _create(self, unit: str, bed: str, at: str | None) -> None:
        if self.w["sexBox"].currentIndex() < 0:
            self._show_error(self.tr("Choose her sex."), "sex")
            return
        self.backend.call(
            identity.add_patient,
            birth_name=self.w["birthNameEdit"].text(), used_name=self.w["usedNameEdit"].text() or None,
            first_names=self.w["firstNamesEdit"].text(), birth_date=self.w["birthDateEdit"].text(),
            sex=self.w["sexBox"].currentData(), ins=self.w["insEdit"].text() or None,
            different_from=list(self._shown) if self.w["differentPersonCheck"].isChecked() else [],
            on_done=lambda outcome: self._created(outcome.values["ipp"], unit, bed, at), on_refused=self._refused_new,
        )

    def _refused_new(self, message: str, field: str) -> None:
        """Someone known arrived meanwhile (by sync, or typed on this laptop): the list is brought
        up to date and the clerk decides again."""
        self._show_error(message, field)
        if field == "identity":
            self._look_for_matches()

    def _created(self, ipp: str, unit: str, bed: str, at: str | None) -> None:
        self._created_ipp = ipp
        for name in ("birthNameEdit", "usedNameEdit", "firstNamesEdit", "birthDateEdit", "insEdit"):
            self.w[name].setEnabled(False)
        self._admit(ipp, unit, bed, at)

    def _admit(self, ipp: str, unit: str, bed: str, at: str | None) -> None:
        self.backend.call(adt.admit, ipp, unit=unit, bed=bed, at=at, reason=self.w["reasonEdit"].text() or None,
                          on_done=lambda outcome: self._done(ipp, outcome.values, outcome.warnings), on_refused=self._show_error)

    def _done(self, ipp: str, values: dict, warnings: list[str]) -> None:
        self.admitted.emit({"ipp": ipp, **values, "warnings": warnings})
        self.accept()
