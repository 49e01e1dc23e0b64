"""Patients: search as you type (name parts, IPP, NDA, birth date; accents ignored) in a
model/view table, and the patient page (identity, stays, movement timeline, births, audit)."""

from __future__ import annotations

import html

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from continuity.core.errors import DomainError
from continuity.core.names import display_name
from continuity.i18n.labels import field_name, local_time, stamp_time, word
from continuity.services import adt, identity
from continuity.ui.identity_dialog import IdentityDialog
from continuity.ui.message_label import MessageLabel
from continuity.ui.notify import notify
from continuity.ui.rows_model import RowsTableModel
from continuity.ui.weight_dialog import WeightDialog, weighable_babies
from continuity.ui.worker import Backend

SEARCH_DELAY_MS = 150  # typing pauses this long before the search runs


class PatientTableModel(RowsTableModel):
    """Rows are plain dicts from the search service, keyed by IPP."""

    IPP, NAME, BIRTH, SEX, WHERE = range(5)
    IPP_ROLE = Qt.ItemDataRole.UserRole + 1

    column_count = 5

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [self.tr("IPP"), self.tr("Name"), self.tr("Born"), self.tr("Sex"), self.tr("Where")][section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == self.IPP_ROLE:
            return row["ipp"]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.NAME:  # the whole name when the column cuts it
            return display_name(row["birth_name"], row["first_names"], row.get("used_name"), row.get("used_first_name"))
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        column = index.column()
        if column == self.IPP:
            return row["ipp"]
        if column == self.NAME:
            return display_name(row["birth_name"], row["first_names"], row.get("used_name"), row.get("used_first_name"))
        if column == self.BIRTH:
            return _day_month_year(row["birth_date"])
        if column == self.SEX:
            return row["sex"]
        if row.get("current_nda"):
            bed = (row.get("current_bed") or "").split(":")[-1]
            return f"{row['current_unit']} {bed} · NDA {row['current_nda']}"
        return ""


class PatientsView(QWidget):
    patient_opened = Signal(str)
    changed = Signal()  # something was written: the board and Today should refresh

    def __init__(self, backend: Backend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Name, IPP, NDA or birth date (accents ignored)"))
        self.search.setClearButtonEnabled(True)
        self.model = PatientTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for column in (PatientTableModel.IPP, PatientTableModel.BIRTH, PatientTableModel.SEX):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(PatientTableModel.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.page = QTextBrowser()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.page)
        splitter.setSizes([700, 600])
        self.cancel_button = QPushButton(self.tr("&Cancel a wrong movement…"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_movement)
        top = QHBoxLayout()
        self.correct_button = QPushButton(self.tr("Co&rrect the identity…"))
        self.correct_button.setEnabled(False)
        self.correct_button.clicked.connect(self.correct_identity)
        top.addWidget(self.search, 1)
        self.weight_button = QPushButton(self.tr("Record a weig&ht…"))
        self.weight_button.setEnabled(False)
        self.weight_button.clicked.connect(self.record_weight)
        top.addWidget(self.correct_button)
        top.addWidget(self.weight_button)
        top.addWidget(self.cancel_button)
        self.found_label = MessageLabel()  # "no patient found" (a silent empty list reads as "still searching")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.found_label)
        layout.addWidget(splitter, 1)  # the list and the page take the height, never an empty line
        self.record: dict | None = None
        self.can_cancel = False
        self.can_correct = False
        self.can_weigh = False
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.run_search)
        self.search.installEventFilter(self)  # Down goes to the results
        self.table.activated.connect(self._open_selected)
        self.table.clicked.connect(self._open_selected)
        self._last_request = 0

    def run_search(self) -> None:
        text = self.search.text().strip()
        self.backend.forget(self._last_request)  # only the latest answer matters
        if not text:
            self.model.set_rows([])
            self.found_label.clear()
            return
        try:
            identity.parse_query(text)
        except DomainError:
            return  # half-typed date: wait for more
        self._last_request = self.backend.call(identity.search, text, on_done=lambda rows: self._found(text, rows),
                                               on_refused=lambda m, f: (self.model.set_rows([]), self.found_label.setText(m)))

    def _found(self, text: str, rows: list[dict]) -> None:
        self.model.set_rows(rows)
        self.found_label.setText("" if rows else self.tr("No patient found for “%1”.").replace("%1", text))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            if self.model.rowCount() > 0:
                self.table.setFocus()
                self.table.selectRow(max(0, self.table.currentIndex().row()))
                return True
        return False

    def _open_selected(self, index: QModelIndex) -> None:
        ipp = self.model.data(index, PatientTableModel.IPP_ROLE)
        if ipp:
            self.open_patient(ipp)

    def open_patient(self, ipp: str) -> None:
        self.backend.call(identity.show_patient, ipp, on_done=self.show_page, on_refused=lambda m, f: self.page.setPlainText(m))
        self.patient_opened.emit(ipp)

    def _warn(self, values: dict) -> None:
        """What a correction warned of (she may now be someone else known here), until read."""
        if values.get("warnings") and shiboken6.isValid(self):
            box = QMessageBox(QMessageBox.Icon.Warning, "Continuity", "\n".join(values["warnings"]), parent=self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def show_page(self, record: dict) -> None:
        self.record = record
        self.page.setHtml(patient_page_html(record))
        self.cancel_button.setEnabled(self.can_cancel and bool(self._live_movements()))
        self.correct_button.setEnabled(self.can_correct)
        self.weight_button.setEnabled(self.can_weigh and bool(weighable_babies(record)))

    def clear_page(self) -> None:
        self.record = None
        self.page.clear()
        self.cancel_button.setEnabled(False)
        self.correct_button.setEnabled(False)
        self.weight_button.setEnabled(False)

    def correct_identity(self):
        if not self.record:
            return None
        dialog = IdentityDialog(self.backend, self.record["patient"], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ipp = self.record["patient"]["ipp"]
        dialog.corrected.connect(lambda values: (self.open_patient(ipp), self.changed.emit(), self._warn(values)))
        dialog.open()
        return dialog

    def record_weight(self):
        """A baby weighed after she was registered (her page, or her mother's)."""
        babies = weighable_babies(self.record) if self.record else []
        if not babies:
            return None
        dialog = WeightDialog(self.backend, babies, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ipp = self.record["patient"]["ipp"]
        dialog.weighed.connect(lambda _v: (self.open_patient(ipp), self.changed.emit()))
        dialog.open()
        return dialog

    def _live_movements(self) -> list[dict]:
        if not self.record:
            return []
        return [m for stay in self.record["stays"] for m in stay["movements"] if not m["cancelled"]]

    def cancel_movement(self) -> None:
        """A wrong movement is cancelled (kept in history, struck through), newest first."""
        movements = self._live_movements()
        if not movements:
            return
        labels = [f"{local_time(m['at'])} — {word(m['kind'])} {m.get('unit') or ''} ({m['id'][-10:]})" for m in movements]
        chosen, ok = QInputDialog.getItem(self, self.tr("Cancel a wrong movement"), self.tr("Movement to cancel"), labels, len(labels) - 1, False)
        if not ok:
            return
        movement = movements[labels.index(chosen)]
        ipp = self.record["patient"]["ipp"]
        self.backend.call(adt.cancel_movement, movement["id"], on_done=lambda _o: (self.open_patient(ipp), self.changed.emit()),
                          on_refused=lambda message, _f: notify(self, self.tr("Refused"), message))


def _day_month_year(iso: str | None) -> str:
    """2027-01-15 as 15/01/2027, as every French form and card writes a date."""
    if not iso or len(iso) < 10:
        return iso or ""
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"


def _field_value(value: object) -> str:
    """A field's value on the page: a list of first names as words, a stored date as the ward writes it."""
    if isinstance(value, list):
        return " ".join(map(str, value))
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return _day_month_year(value)
    return "" if value is None else str(value)


def patient_page_html(record: dict) -> str:
    """Identity, stays with their movement timeline (cancelled ones struck through), births, audit."""
    p = record["patient"]
    esc = html.escape
    words = {
        "born": QCoreApplication.translate("PatientPage", "born"),
        "sex": QCoreApplication.translate("PatientPage", "sex"),
        "identity": QCoreApplication.translate("PatientPage", "identity"),
        "card": QCoreApplication.translate("PatientPage", "copied from a card, not qualified"),
        "stay": QCoreApplication.translate("PatientPage", "Stay"),
        "birth": QCoreApplication.translate("PatientPage", "birth"),
        "no weight": QCoreApplication.translate("PatientPage", "weight not recorded yet"),
        "mother": QCoreApplication.translate("PatientPage", "Mother"),
        "audit": QCoreApplication.translate("PatientPage", "Audit history"),
        "changes": QCoreApplication.translate("PatientPage", "Identity changes"),
        "nothing": QCoreApplication.translate("PatientPage", "(empty)"),
        "colon": QCoreApplication.translate("PatientPage", "%1: %2"),  # French sets a space before the colon
    }
    parts = [
        f"<h2>{esc(display_name(p['birth_name'], p['first_names'], p.get('used_name'), p.get('used_first_name')))}</h2>",
        f"<p>IPP <b>{esc(p['ipp'])}</b> · {esc(words['born'])} {esc(_day_month_year(p['birth_date']))} · {esc(words['sex'])} {esc(p['sex'])} · "
        f"{esc(words['identity'])} <b>{esc(p['identity_status'])}</b></p>",
    ]
    if p.get("ins"):
        parts.append(f"<p>INS {esc(p['ins'])} ({esc(words['card'])})</p>")
    for stay in record["stays"]:
        bed = (stay.get("bed_id") or "").split(":")[-1]
        parts.append(f"<h3>{esc(words['stay'])} NDA {esc(stay['nda'])} — {esc(word(stay['status']))} {esc(stay.get('unit') or '')} {esc(bed)}</h3><ul>")
        if stay.get("mother"):  # a baby's page names her mother
            mother = stay["mother"]
            said = f"{esc(mother['name'])} — IPP {esc(mother['ipp'] or '?')}, NDA {esc(mother['nda'])} {esc(mother['where'])}"
            parts.append("<li>" + words["colon"].replace("%1", f"<b>{esc(words['mother'])}</b>").replace("%2", said) + "</li>")
        for m in stay["movements"]:
            style = " style='text-decoration:line-through;color:#888'" if m["cancelled"] else ""
            where = f"{m.get('unit') or ''} {(m.get('bed_id') or '').split(':')[-1]}".strip()
            parts.append(f"<li{style}>{esc(local_time(m['at']))} — {esc(word(m['kind']))} {esc(where)} <small>({esc(m['id'][-10:])})</small></li>")
        for b in stay["births"]:
            weight = f"{b['weight_g']} g" if b["weight_g"] is not None else words["no weight"]
            said = (f"<b>{esc(b.get('newborn_name') or '')}</b> (IPP {esc(b.get('newborn_ipp') or '?')}, "
                    f"NDA {esc(b.get('newborn_nda') or '?')}), {esc(b['sex'])}, {esc(weight)} — {esc(local_time(b['at']))} ({esc(word(b['status']))})")
            parts.append("<li>↳ " + words["colon"].replace("%1", f"{esc(words['birth'])} {b['birth_order']}").replace("%2", said) + "</li>")
        parts.append("</ul>")
    if record.get("identity_history"):  # for roles that read the audit: each change, old → new
        parts.append(f"<h3>{esc(words['changes'])}</h3><ul>")
        for change in record["identity_history"]:
            old_value, new_value = (_field_value(change[k]) or words["nothing"] for k in ("old", "new"))
            said = f"<s>{esc(old_value)}</s> → <b>{esc(new_value)}</b> — {esc(change['user'] or '?')}"
            parts.append(f"<li>{esc(stamp_time(change['hlc']))} — "
                         + words["colon"].replace("%1", esc(field_name(change["field"]))).replace("%2", said) + "</li>")
        parts.append("</ul>")
    if "audit" in record:
        parts.append(f"<h3>{esc(words['audit'])}</h3><ul>")
        for a in record["audit"]:
            parts.append(f"<li>{esc(local_time(a['at']))} — {esc(a['user'] or '')} — {esc(a['action'])} ({esc(a['outcome'])})</li>")
        parts.append("</ul>")
    return "".join(parts)
