"""Dialogs of the rota tab: an absence, copying a week, filling with the solver (progress, stop, what
changed), and the print preview of the PDF the service draws."""

from __future__ import annotations

import html
import logging
import threading
import traceback
from datetime import date, timedelta

from PySide6.QtCore import QDate, QLocale, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QImage, QPainter, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from continuity.core.rota import ABSENCE_KINDS
from continuity.i18n.labels import absence_label
from continuity.services import rota
from continuity.ui.forms import load_form
from continuity.ui.typing_guard import TypingGuard
from continuity.ui.worker import Backend

log = logging.getLogger("continuity.ui")
PRINT_DPI = 200  # pages are drawn from the PDF at this resolution for the printer and the preview


def _short(iso: str) -> str:
    """2026-12-07 as "lun. 07/12": the day of the week and the date, as the rota grid shows them."""
    day = date.fromisoformat(iso)
    return QLocale().toString(QDate(day.year, day.month, day.day), "ddd dd/MM")


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _date(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class _FormDialog(TypingGuard):
    def __init__(self, form: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.form = load_form(form, self)
        QVBoxLayout(self).addWidget(self.form)
        self.setWindowTitle(self.form.windowTitle())
        self.resize(self.form.size())
        self.error: QLabel = self.form.findChild(QLabel, "errorLabel")

    def refused(self, message: str, _field: str = "") -> None:
        if self.error is not None:
            self.error.setText(message)


class AbsenceDialog(_FormDialog):
    """Leave, sick leave or training for someone, from one day to another; their shifts on those
    days are cleared, and the holes show in the cover."""

    def __init__(self, backend: Backend, staff: list[dict], selected: str | None, day: date, parent: QWidget | None = None) -> None:
        super().__init__("rota_absence_dialog", parent)
        self.backend = backend
        find = self.form.findChild
        self.staff_box: QComboBox = find(QComboBox, "staffBox")
        self.kind_box: QComboBox = find(QComboBox, "kindBox")
        self.from_edit: QDateEdit = find(QDateEdit, "fromEdit")
        self.to_edit: QDateEdit = find(QDateEdit, "toEdit")
        self.note: QLineEdit = find(QLineEdit, "noteEdit")
        for person in staff:
            self.staff_box.addItem(f"{person['name']} ({person['role']})", person["id"])
        if selected is not None:
            self.staff_box.setCurrentIndex(max(0, self.staff_box.findData(selected)))
        for kind in ABSENCE_KINDS:
            self.kind_box.addItem(absence_label(kind), kind)
        self.kind_box.setCurrentIndex(ABSENCE_KINDS.index("MAL"))
        self.from_edit.setDate(_qdate(day))
        self.to_edit.setDate(_qdate(day))
        buttons: QDialogButtonBox = find(QDialogButtonBox, "buttons")
        buttons.accepted.connect(self.record)
        buttons.rejected.connect(self.reject)
        self.result_data: dict | None = None

    def record(self) -> None:
        self.error.setText("")
        self.backend.call(rota.absent, self.staff_box.currentData(), _date(self.from_edit.date()), _date(self.to_edit.date()),
                          self.kind_box.currentData(), self.note.text().strip() or None, on_done=self._done, on_refused=self.refused)

    def _done(self, result: dict) -> None:
        self.result_data = result
        self.accept()


class CopyWeekDialog(_FormDialog):
    def __init__(self, backend: Backend, first_day: date, unit: str | None, parent: QWidget | None = None) -> None:
        super().__init__("rota_copy_dialog", parent)
        self.backend, self.unit = backend, unit
        find = self.form.findChild
        self.from_edit: QDateEdit = find(QDateEdit, "fromEdit")
        self.to_edit: QDateEdit = find(QDateEdit, "toEdit")
        self.from_edit.setDate(_qdate(first_day))
        self.to_edit.setDate(_qdate(first_day + timedelta(days=7)))
        buttons: QDialogButtonBox = find(QDialogButtonBox, "buttons")
        buttons.accepted.connect(self.copy)
        buttons.rejected.connect(self.reject)
        self.result_data: dict | None = None

    def copy(self) -> None:
        self.error.setText("")
        self.backend.call(rota.copy_week, rota.week_start(_date(self.from_edit.date())), rota.week_start(_date(self.to_edit.date())),
                          self.unit, on_done=self._done, on_refused=self.refused)

    def _done(self, result: dict) -> None:
        self.result_data = result
        self.accept()


class _Progress(QObject):
    """Carries the solver's progress and its end (from the solver's thread) to the dialog (GUI thread)."""

    found = Signal(int, float)
    solved = Signal(object)
    failed = Signal(str)


class FillDialog(_FormDialog):
    """Complete the open slots of the period shown: the solver runs in the database thread, the
    dialog shows its progress, Stop keeps the best rota found so far, and the result lists what
    changed and what remains."""

    applied = Signal(dict)  # what the fill wrote: the grid frames those cells

    def __init__(self, backend: Backend, first_day: date, weeks: int, unit: str | None, parent: QWidget | None = None) -> None:
        super().__init__("rota_fill_dialog", parent)
        self.backend, self.first_day, self.weeks, self.unit = backend, first_day, weeks, unit
        find = self.form.findChild
        last = first_day + timedelta(days=weeks * 7 - 1)
        find(QLabel, "periodLabel").setText(
            self.tr("Fill the open slots from %1 to %2 (%3). Published and pinned shifts stay as they are.")
            .replace("%1", first_day.strftime("%d/%m/%Y")).replace("%2", last.strftime("%d/%m/%Y"))
            .replace("%3", unit or self.tr("all units")))
        self.move_check: QCheckBox = find(QCheckBox, "moveCheck")
        self.progress: QProgressBar = find(QProgressBar, "progress")
        self.status: QLabel = find(QLabel, "statusLabel")
        self.result_text: QPlainTextEdit = find(QPlainTextEdit, "resultText")
        self.start_button: QPushButton = find(QPushButton, "startButton")
        self.stop_button: QPushButton = find(QPushButton, "stopButton")
        self.close_button: QPushButton = find(QPushButton, "closeButton")
        self.start_button.clicked.connect(self.start)
        self.stop_button.clicked.connect(self.stop)
        self.close_button.clicked.connect(self.reject)
        self.cancel = threading.Event()
        # Not a child of the dialog: the solver's thread may still report once the dialog is gone.
        self.signals = _Progress()
        self.signals.found.connect(self._found)
        self.signals.solved.connect(self._solved)
        self.signals.failed.connect(self._failed)
        self.solver: threading.Thread | None = None
        self.outcome: dict | None = None
        self.abandoned = False

    def done(self, result: int) -> None:  # noqa: N802 - Qt's name; Esc, the close box, Close, a user switch
        """Closing while it searches stops the search and writes nothing: a fill nobody sees is
        never applied."""
        if self.stop_button.isEnabled():
            self.abandoned = True
            self.cancel.set()
        super().done(result)
    def start(self) -> None:
        self.cancel.clear()
        self.start_button.setEnabled(False)
        self.close_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.progress.show()
        self.status.setText(self.tr("Searching…"))
        self.result_text.clear()
        self.backend.call(rota.prepare_fill, self.first_day, self.weeks, self.unit, move_published=self.move_check.isChecked(),
                          on_done=self._solve, on_refused=self._refused)

    def _solve(self, problem) -> None:
        """The search runs in a thread of its own: the database thread stays free for the ward
        (admissions, the board, sync) while it runs."""
        if self.abandoned:
            return

        signals, cancel = self.signals, self.cancel  # the thread touches nothing else of the dialog

        def run() -> None:
            try:
                signals.solved.emit(rota.solve_fill(problem, cancel=cancel, on_progress=signals.found.emit))
            except Exception as error:  # noqa: BLE001 - shown and logged, never swallowed
                log.error("unexpected %s in the rota solver\n%s", type(error).__name__, "".join(traceback.format_tb(error.__traceback__)))
                signals.failed.emit(type(error).__name__)

        self.solver = threading.Thread(target=run, name="rota-fill", daemon=True)
        self.solver.start()

    def _failed(self, what: str) -> None:
        self._refused(self.tr("The fill stopped on an error (%1); nothing was written.").replace("%1", what))

    def stop(self) -> None:
        self.cancel.set()
        self.status.setText(self.tr("Stopping: the best rota found so far is kept…"))

    def _found(self, solutions: int, objective: float) -> None:
        self.status.setText(self.tr("%n rota(s) found so far; penalty of the best: %1", "", solutions)
                            .replace("%1", QLocale().toString(float(objective), "g", 6)))

    def _solved(self, plan) -> None:
        if self.abandoned:
            return
        self.backend.call(rota.apply_fill, plan, on_done=self._applied, on_refused=self._refused)

    def _applied(self, outcome: dict) -> None:
        self.outcome = outcome
        self.applied.emit(outcome)
        self._idle()
        self.status.setText(self.tr("Done in %1 s: %2; %3; %4.").replace("%1", QLocale().toString(float(outcome["seconds"]), "f", 1))
                            .replace("%2", self.tr("%n shift(s) added", "", len(outcome["added"])))
                            .replace("%3", self.tr("%n shift(s) removed", "", len(outcome["removed"])))
                            .replace("%4", self.tr("%n rule(s) still to fix", "", outcome["hard_remaining"])))
        lines = [f"+ {_short(c['day'])}  {c['name']}  {c['shift']} {c['unit']}" for c in outcome["added"]]
        lines += [f"- {_short(c['day'])}  {c['name']}  {c['shift']} {c['unit']}" for c in outcome["removed"]]
        if outcome["unmet"]:
            lines.append("")
            lines.append(self.tr("Cannot be met:"))
            lines += [f"  {_short(u['day'])}  {u['message']}" for u in outcome["unmet"]]
        remaining = [v for v in outcome["remaining"] if v["hard"]]
        if remaining:
            lines.append("")
            lines.append(self.tr("Still to fix by hand:"))
            lines += [f"  {_short(v['day'])}  {v['title']}: {v['message']}" for v in remaining]
        self.result_text.setPlainText("\n".join(lines))

    def _refused(self, message: str, _field: str = "") -> None:
        self._idle()
        self.status.setText(f"<span style='color:#b3261e'>{html.escape(message)}</span>")

    def _idle(self) -> None:
        self.progress.hide()
        self.stop_button.setEnabled(False)
        self.start_button.setEnabled(True)
        self.close_button.setEnabled(True)
        self.close_button.setDefault(True)


def pdf_pages(pdf: bytes, dpi: int = PRINT_DPI) -> list[QImage]:
    """The PDF's pages as images (pypdfium2 renders them; the bytes never touch the disk)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            bitmap = page.render(scale=dpi / 72, grayscale=False)
            pil = bitmap.to_pil().convert("RGB")
            data = pil.tobytes()
            image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888).copy()
            images.append(image)
            page.close()
        return images
    finally:
        document.close()


def paint_pages(printer: QPrinter, pages: list[QImage]) -> None:
    painter = QPainter(printer)
    try:
        for number, image in enumerate(pages):
            if number:
                printer.newPage()
            target = QRectF(painter.viewport())
            scaled = image.size().scaled(target.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(target.topLeft(), scaled.toSizeF()), image)
    finally:
        painter.end()


def preview_and_print(pdf: bytes, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """Qt's print preview of the rota, A4 landscape: print to a printer or to a PDF from there."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape)
    pages = pdf_pages(pdf)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_kept, dialog.pages_kept = printer, pages  # Qt does not own the printer: it lives as long as the dialog
    dialog.paintRequested.connect(lambda p: paint_pages(p, pages))
    dialog.setWindowState(Qt.WindowState.WindowMaximized)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
