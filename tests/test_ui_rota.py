"""The rota tab driven as a supervisor would (pytest-qt, offscreen), on a real data folder: typing
codes, cover and broken rules updating, undo, absences, fill, print."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date, datetime, timedelta, timezone  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialogButtonBox  # noqa: E402

from continuity.core.permissions import Role  # noqa: E402
from continuity.core.times import local_date  # noqa: E402
from continuity.services import rota, ward  # noqa: E402
from continuity.ui.rota_dialogs import AbsenceDialog, CopyWeekDialog, FillDialog  # noqa: E402
from tests.conftest import session_for  # noqa: E402
from tests.ui_checks import wait_usable  # noqa: E402
from tests.test_ui import WAIT, app, clock, signed_in  # noqa: E402,F401 - the window's fixtures

# The window opens on this week by the ward's clock (the example ward is in Paris).
MONDAY = rota.week_start(local_date(datetime.now(timezone.utc), "Europe/Paris"))


def open_rota(qtbot, app, user="cadre"):  # noqa: F811 - the fixture
    main = signed_in(qtbot, app, user)
    main.tabs.setCurrentWidget(main.rota.parentWidget())
    view = main.rota
    qtbot.waitUntil(lambda: view.model.rowCount() > 0 and view.model.grid.get("first_day") == MONDAY.isoformat(), timeout=WAIT)
    settle(qtbot, view)
    return main, view


def settle(qtbot, view) -> None:
    """Every call asked of the database thread answered (the tab may be refreshed twice on opening)."""
    qtbot.waitUntil(lambda: not view.backend._pending, timeout=WAIT)


def cell_index(view, staff: str, day: date):
    index = view.model.index_of(staff, day.isoformat())
    assert index.isValid()
    return index


def shown(view, staff: str, day: date) -> str:
    return view.model.data(cell_index(view, staff, day)) or ""


def cover_count(view, unit: str, shift: str, role: str, day: date) -> int:
    return next(c["count"] for c in view.model.grid["cover"] if (c["unit"], c["shift"], c["role"], c["day"]) == (unit, shift, role, day.isoformat()))


def type_in(qtbot, view, staff: str, day: date, text: str) -> None:
    view.table.setCurrentIndex(cell_index(view, staff, day))
    view.table.setFocus()
    before = view.model.grid
    if text == "Delete":
        qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    else:
        qtbot.keyClicks(view.table, text)
    qtbot.waitUntil(lambda: view.model.grid is not before, timeout=WAIT)
    settle(qtbot, view)


def test_typing_a_code_assigns_the_shift_updates_the_cover_and_undo_takes_it_back(qtbot, app, store):  # noqa: F811
    _main, view = open_rota(qtbot, app)
    assert cover_count(view, "SDN", "J", "SF", MONDAY) == 0
    type_in(qtbot, view, "S001", MONDAY, "j")
    assert shown(view, "S001", MONDAY).startswith("J"), view.summary.text()
    assert cover_count(view, "SDN", "J", "SF", MONDAY) == 1
    assert view.table.currentIndex().column() == cell_index(view, "S001", MONDAY).column() + 1  # on to the next day
    view.undo.undo()
    qtbot.waitUntil(lambda: shown(view, "S001", MONDAY) == "", timeout=WAIT)
    assert cover_count(view, "SDN", "J", "SF", MONDAY) == 0
    view.undo.redo()
    qtbot.waitUntil(lambda: shown(view, "S001", MONDAY).startswith("J"), timeout=WAIT)
    type_in(qtbot, view, "S001", MONDAY, "Delete")
    assert shown(view, "S001", MONDAY) == ""


def test_broken_rules_are_listed_marked_in_the_grid_and_a_click_goes_to_the_cell(qtbot, app, store):  # noqa: F811
    _main, view = open_rota(qtbot, app)
    tuesday = MONDAY + timedelta(days=1)
    type_in(qtbot, view, "S001", MONDAY, "N")
    type_in(qtbot, view, "S001", tuesday, "J")  # no rest after the night
    items = [view.violations.item(i) for i in range(view.violations.count())]
    rest = [i for i in items if i.data(Qt.ItemDataRole.UserRole)["rule"] == "min_rest"]
    assert rest and "S001" == rest[0].data(Qt.ItemDataRole.UserRole)["staff"]
    tip = view.model.data(cell_index(view, "S001", tuesday), Qt.ItemDataRole.ToolTipRole)
    assert "Rest between shifts" in tip
    view.table.setCurrentIndex(view.model.index(0, 0))
    view.violations.itemClicked.emit(rest[0])
    assert view.table.currentIndex() == cell_index(view, "S001", tuesday)
    assert "rules to fix;" in view.summary.text() and "preferences not met" in view.summary.text()


def test_a_midwife_reads_the_rota_but_cannot_change_it(qtbot, app, store):  # noqa: F811
    rota.assign(session_for(store, Role.SUPERVISOR), "S001", MONDAY, "J")
    _main, view = open_rota(qtbot, app, "cdurand")
    assert shown(view, "S001", MONDAY).startswith("J")
    assert not view.buttons["fillButton"].isEnabled() and not view.buttons["absenceButton"].isEnabled()
    view.table.setCurrentIndex(cell_index(view, "S001", MONDAY))
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    settle(qtbot, view)  # whatever the key asked of the database thread, answered
    assert shown(view, "S001", MONDAY).startswith("J")
    assert not (view.model.flags(cell_index(view, "S001", MONDAY)) & Qt.ItemFlag.ItemIsEditable)


def test_sick_leave_from_the_dialog_leaves_holes_in_the_cover(qtbot, app, store):  # noqa: F811
    boss = session_for(store, Role.SUPERVISOR)
    for n in range(3):
        rota.assign(boss, "S001", MONDAY + timedelta(days=n), "J")
    _main, view = open_rota(qtbot, app)
    assert cover_count(view, "SDN", "J", "SF", MONDAY + timedelta(days=1)) == 1
    view.table.setCurrentIndex(cell_index(view, "S001", MONDAY + timedelta(days=1)))
    wait_usable(qtbot, view.window())  # the Absence… button among them, reachable at 1024x768
    qtbot.mouseClick(view.buttons["absenceButton"], Qt.MouseButton.LeftButton)
    dialog = next(d for d in view.dialogs if isinstance(d, AbsenceDialog))
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    wait_usable(qtbot, dialog)  # the form itself on screen, not an empty window
    assert dialog.from_edit.date().toPython() == MONDAY + timedelta(days=1)  # the selected cell's day
    assert dialog.staff_box.currentData() == "S001" and dialog.kind_box.currentData() == "MAL"
    dialog.to_edit.setDate(dialog.from_edit.date().addDays(1))
    before = view.model.grid
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        qtbot.mouseClick(dialog.form.findChild(QDialogButtonBox, "buttons").button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.grid is not before, timeout=WAIT)
    assert shown(view, "S001", MONDAY + timedelta(days=1)) == "MAL" and shown(view, "S001", MONDAY + timedelta(days=2)) == "MAL"
    assert shown(view, "S001", MONDAY).startswith("J")
    assert cover_count(view, "SDN", "J", "SF", MONDAY + timedelta(days=1)) == 0


def test_copy_a_week_from_its_dialog(qtbot, app, store):  # noqa: F811
    boss = session_for(store, Role.SUPERVISOR)
    rota.assign(boss, "S001", MONDAY, "J")
    _main, view = open_rota(qtbot, app)
    view.weeks.setValue(1)
    settle(qtbot, view)
    qtbot.mouseClick(view.buttons["copyButton"], Qt.MouseButton.LeftButton)
    dialog = next(d for d in view.dialogs if isinstance(d, CopyWeekDialog))
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    wait_usable(qtbot, dialog)
    assert dialog.to_edit.date().toPython() == MONDAY + timedelta(days=7)
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        qtbot.mouseClick(dialog.form.findChild(QDialogButtonBox, "buttons").button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
    copied = rota.grid(boss, MONDAY + timedelta(days=7), 1)["cells"]
    assert [(c["staff"], c["shift"]) for c in copied] == [("S001", "J")]


def test_a_wrong_absence_is_refused_in_the_dialog(qtbot, app, store):  # noqa: F811
    _main, view = open_rota(qtbot, app)
    view.record_absence("S001", MONDAY)
    dialog = next(d for d in view.dialogs if isinstance(d, AbsenceDialog))
    dialog.to_edit.setDate(dialog.from_edit.date().addDays(-2))
    dialog.record()
    qtbot.waitUntil(lambda: "before the first day" in dialog.error.text(), timeout=WAIT)
    assert dialog.isVisible()


def test_fill_completes_open_slots_and_says_what_it_changed(qtbot, app, store):  # noqa: F811
    boss = session_for(store, Role.SUPERVISOR)
    rota.add_staff(boss, "Moreau", "Zoé", "SF", skills=["birth_suite"], units=["SDN"])
    rota.assign(boss, "S001", MONDAY, "J", pinned=True)
    _main, view = open_rota(qtbot, app)
    view.weeks.setValue(1)
    qtbot.mouseClick(view.buttons["fillButton"], Qt.MouseButton.LeftButton)
    dialog = next(d for d in view.dialogs if isinstance(d, FillDialog))
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    wait_usable(qtbot, dialog, hidden_ok=("progress",))
    assert dialog.start_button.isEnabled() and dialog.close_button.isEnabled()
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=120_000)
    assert dialog.outcome["added"], dialog.status.text()
    assert "+ " in dialog.result_text.toPlainText()
    import re

    assert not re.search(r"\d{4}-\d{2}-\d{2}", dialog.result_text.toPlainText())  # days as the grid shows them, never 2026-12-07
    dialog.reject()
    qtbot.waitUntil(lambda: len(view.model.cells) > 1, timeout=WAIT)
    assert shown(view, "S001", MONDAY).startswith("J")  # pinned: unchanged
    assert view.model.cells[("S001", MONDAY.isoformat())]["pinned"]
    # What the fill added is framed in the grid, as the legend says, until another period is shown.
    from PySide6.QtGui import QColor

    from continuity.ui.rota_models import FILLED_FRAME

    added = dialog.outcome["added"][0]
    assert view.model.filled[(added["staff"], added["day"])] == "added"
    index = view.model.index_of(added["staff"], added["day"])
    view.table.scrollTo(index)
    rect = view.table.visualRect(index)
    image = view.table.viewport().grab().toImage()
    assert QColor(FILLED_FRAME).name() in {image.pixelColor(rect.left() + dx, rect.center().y()).name() for dx in range(5)}
    assert "changed by the last fill" in view.legend.text() and "not yet published" in view.legend.text()
    view.weeks.setValue(2)
    assert view.model.filled == {}


def test_print_preview_and_save_as_pdf(qtbot, app, store, tmp_path, monkeypatch):  # noqa: F811
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrintPreviewDialog
    from PySide6.QtWidgets import QApplication, QFileDialog

    rota.assign(session_for(store, Role.SUPERVISOR), "S001", MONDAY, "J")
    _main, view = open_rota(qtbot, app)
    view.weeks.setValue(1)
    qtbot.waitUntil(lambda: view.model.grid["days"] == 7, timeout=WAIT)
    view.print_preview()
    qtbot.waitUntil(lambda: any(isinstance(w, QPrintPreviewDialog) and w.isVisible() for w in QApplication.topLevelWidgets()), timeout=WAIT)
    preview = next(w for w in QApplication.topLevelWidgets() if isinstance(w, QPrintPreviewDialog))
    preview.close()
    target = tmp_path / "rota.pdf"
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (asked.append(a), (str(target), ""))[1]))  # the OS file chooser
    view.save_pdf()
    qtbot.waitUntil(lambda: target.exists() and "Saved" in view.summary.text(), timeout=WAIT)
    from PySide6.QtCore import QStandardPaths

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert asked and asked[0][2].startswith(documents) and asked[0][2].endswith(".pdf")  # offered in her documents, not the working folder
    reader = PdfReader(str(target))
    assert len(reader.pages) == len(view.model.grid["units"])  # one page per unit for one week
    assert "DURAND" in "".join(page.extract_text() for page in reader.pages)



def test_closing_the_fill_dialog_while_it_searches_writes_nothing(qtbot, app, store):  # noqa: F811
    rota.add_staff(session_for(store, Role.SUPERVISOR), "Moreau", "Zoé", "SF", skills=["birth_suite"], units=["SDN"])
    _main, view = open_rota(qtbot, app)
    view.weeks.setValue(1)
    settle(qtbot, view)
    view.open_fill()
    dialog = next(d for d in view.dialogs if isinstance(d, FillDialog))
    dialog.start()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # the supervisor changes her mind
    assert dialog.cancel.is_set() and not dialog.isVisible()
    settle(qtbot, view)
    assert dialog.outcome is None
    assert rota.grid(session_for(store, Role.SUPERVISOR), MONDAY, 1)["cells"] == []


def test_the_database_thread_stays_free_while_the_solver_searches(qtbot, app, store):  # noqa: F811
    rota.add_staff(session_for(store, Role.SUPERVISOR), "Moreau", "Zoé", "SF", skills=["birth_suite"], units=["SDN"])
    _main, view = open_rota(qtbot, app)
    view.open_fill()
    dialog = next(d for d in view.dialogs if isinstance(d, FillDialog))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.solver is not None, timeout=WAIT)  # prepared in the database thread, then handed over
    assert dialog.solver.name == "rota-fill"
    census = []
    view.backend.call(ward.census, on_done=census.append)  # the ward's work is answered meanwhile
    qtbot.waitUntil(lambda: bool(census) and dialog.outcome is not None, timeout=120_000)
    assert dialog.outcome["added"]
