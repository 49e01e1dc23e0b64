"""Whole journeys with the keyboard alone, as a midwife with a baby in her arms does them: the tile is
reached with the arrow keys, its menu opened with Enter and walked with Down, each form filled with
keys and submitted with Ctrl+Enter. Every dialog is checked visible and inside a 1024x768 screen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QMenu, QMessageBox  # noqa: E402

from continuity.services import adt, births, identity  # noqa: E402
from continuity.ui.movement_dialogs import BirthDialog, MovementDialog  # noqa: E402
from continuity.ui.weight_dialog import WeightDialog  # noqa: E402
from tests.conftest import add_woman  # noqa: E402
from tests.test_ui import WAIT, app, clock, signed_in  # noqa: E402,F401 - the fixtures too
from tests.ui_checks import wait_usable  # noqa: E402


def _reach_tile(qtbot, main, code: str):
    """From the first tile, the arrow keys only (Right along the row, Down a row)."""
    board = main.board
    codes = list(board.tiles)
    first = board.tiles[codes[0]]
    main.window.activateWindow()  # back from a dialog (the offscreen platform does not hand activation back by itself)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main.window, timeout=WAIT)
    first.setFocus()
    qtbot.waitUntil(first.hasFocus, timeout=WAIT)
    for _step in range(len(codes)):
        focused = QApplication.focusWidget()
        if focused is board.tiles[code]:
            return focused
        qtbot.keyClick(focused, Qt.Key.Key_Right)
    raise AssertionError(f"the arrow keys never reached {code}")


def _menu(qtbot) -> QMenu:
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=WAIT)
    return QApplication.activePopupWidget()


def _choose_by_keys(qtbot, menu: QMenu, text: str) -> None:
    """Down until the action is highlighted, then Enter (a submenu opens with Right)."""
    for _step in range(len(menu.actions()) + 1):
        active = menu.activeAction()
        if active is not None and active.text() == text:
            qtbot.keyClick(menu, Qt.Key.Key_Right if active.menu() else Qt.Key.Key_Return)
            return
        qtbot.keyClick(menu, Qt.Key.Key_Down)
    raise AssertionError(f"{text!r} is not in the menu: {[a.text() for a in menu.actions()]}")


def _dialog(qtbot, main, kind):
    qtbot.waitUntil(lambda: any(d.isVisible() for d in main.window.findChildren(kind)), timeout=WAIT)
    return next(d for d in main.window.findChildren(kind) if d.isVisible())


def _pick_by_keys(qtbot, combo: QComboBox, data) -> None:
    """Down in a combo box until it shows the wanted item (never a guessed default)."""
    combo.setFocus()
    for _step in range(combo.count() + 1):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"{data!r} is not offered by {combo.objectName()}")


def _baby_action_by_keys(qtbot, main, bed: str, baby: str, action: str) -> None:
    """Her mother's tile by arrows, Enter, Down to the baby's submenu, Right, Down to the action, Enter."""
    tile = _reach_tile(qtbot, main, bed)
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    menu = _menu(qtbot)
    _choose_by_keys(qtbot, menu, f"Baby: {baby}")
    submenu = next(a.menu() for a in menu.actions() if a.text() == f"Baby: {baby}")
    qtbot.waitUntil(submenu.isVisible, timeout=WAIT)
    _choose_by_keys(qtbot, submenu, action)


def _ctrl_enter(qtbot, dialog) -> None:
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_twins_then_a_transfer_to_neonatology_then_the_mothers_discharge_by_keyboard_alone(qtbot, app, clerk):
    nda = adt.admit(clerk, add_woman(clerk, birth_name="Clavier"), unit="SDC", bed="302").values["nda"]
    main = signed_in(qtbot, app, user="cdurand")  # the midwife

    # Twins: Record a birth from the mother's menu; the first not weighed yet, "add a twin" by keys.
    tile = _reach_tile(qtbot, main, "SDC:302")
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    _choose_by_keys(qtbot, _menu(qtbot), "Record a birth…")
    birth = _dialog(qtbot, main, BirthDialog)
    wait_usable(qtbot, birth)
    _pick_by_keys(qtbot, birth.child("sexBox"), "F")
    with qtbot.waitSignal(birth.recorded, timeout=WAIT):
        birth.child("anotherButton").setFocus()
        qtbot.keyClick(birth.child("anotherButton"), Qt.Key.Key_Return)  # the focused button: record and add a twin
    assert birth.isVisible() and birth.child("sexBox").currentIndex() == -1
    _pick_by_keys(qtbot, birth.child("sexBox"), "M")
    birth.child("weightSpin").setFocus()
    qtbot.keyClicks(birth.child("weightSpin"), "2450")
    with qtbot.waitSignal(birth.recorded, timeout=WAIT):
        _ctrl_enter(qtbot, birth)
    qtbot.waitUntil(lambda: not birth.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: len(main.board.tiles["SDC:302"].bed.get("newborns", [])) == 2, timeout=WAIT)
    twins = main.board.tiles["SDC:302"].bed["newborns"]
    assert [(t["rank"], t["sex"], t["weight_missing"]) for t in twins] == [("J1", "F", True), ("J2", "M", False)]
    assert "J1 (F), 0 h, not weighed" in main.board.tiles["SDC:302"].description

    # The first twin weighed later: her own menu on her mother's tile, then the weight by keys.
    _baby_action_by_keys(qtbot, main, "SDC:302", f"{twins[0]['name']} J1 (F)", "Record her weight (not weighed yet)…")
    weigh = _dialog(qtbot, main, WeightDialog)
    wait_usable(qtbot, weigh)
    qtbot.waitUntil(weigh.weight_spin.hasFocus, timeout=WAIT)
    qtbot.keyClicks(weigh.weight_spin, "2210")
    with qtbot.waitSignal(weigh.weighed, timeout=WAIT):
        _ctrl_enter(qtbot, weigh)
    qtbot.waitUntil(lambda: not main.board.tiles["SDC:302"].bed["newborns"][0]["weight_missing"], timeout=WAIT)
    assert "not weighed" not in main.board.tiles["SDC:302"].description

    # The second twin to neonatology: a free NEO bed chosen with Down, submitted with Ctrl+Enter.
    _baby_action_by_keys(qtbot, main, "SDC:302", f"{twins[1]['name']} J2 (M)", "Transfer (e.g. to neonatology)…")
    transfer = _dialog(qtbot, main, MovementDialog)
    qtbot.waitUntil(lambda: transfer.child("unitBox").count() > 0, timeout=WAIT)
    wait_usable(qtbot, transfer)
    _pick_by_keys(qtbot, transfer.child("unitBox"), "NEO")
    free_neo = next(b for b in (transfer.child("bedBox").itemData(i) for i in range(transfer.child("bedBox").count())))
    _pick_by_keys(qtbot, transfer.child("bedBox"), free_neo)
    with qtbot.waitSignal(transfer.done, timeout=WAIT):
        _ctrl_enter(qtbot, transfer)
    qtbot.waitUntil(lambda: main.board.tiles[f"NEO:{free_neo}"].bed.get("nda") == twins[1]["nda"], timeout=WAIT)
    assert f"{twins[1]['name']}: in NEO {free_neo}" in main.board.tiles["SDC:302"].description

    # The mother's discharge: the form says who leaves with her and who stays in neonatology.
    tile = _reach_tile(qtbot, main, "SDC:302")
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    _choose_by_keys(qtbot, _menu(qtbot), "Discharge…")
    discharge = _dialog(qtbot, main, MovementDialog)
    qtbot.waitUntil(lambda: "still in hospital" in discharge.child("patientLabel").text(), timeout=WAIT)
    wait_usable(qtbot, discharge)
    said = discharge.child("patientLabel").text()
    assert f"NEO {free_neo}" in said and f"leave with her: {twins[0]['name']}" in said
    _pick_by_keys(qtbot, discharge.child("destinationBox"), "home")
    with qtbot.waitSignal(discharge.done, timeout=WAIT):
        _ctrl_enter(qtbot, discharge)
    qtbot.waitUntil(lambda: main.board.tiles["SDC:302"].bed["state"] == "free", timeout=WAIT)
    assert main.board.tiles[f"NEO:{free_neo}"].bed.get("nda") == twins[1]["nda"]  # her brother stays in NEO
    record = identity.show_patient(clerk, twins[0]["ipp"])
    assert record["stays"][0]["own_birth"]["weight_g"] == 2210
    assert record["stays"][0]["status"] == "discharged"


def test_a_weight_is_recorded_from_the_mothers_page_for_the_baby_not_weighed(qtbot, app, clerk, midwife):
    nda = adt.admit(clerk, add_woman(clerk, birth_name="Pesee"), unit="SDC", bed="303").values["nda"]
    births.record_birth(midwife, nda, sex="F", weight_g=3100)
    second = births.record_birth(midwife, nda, sex="M").values  # not weighed yet
    mother_ipp = identity.search(clerk, "pesee")[0]["ipp"]
    main = signed_in(qtbot, app, user="cdurand")
    main.open_patient(mother_ipp)
    qtbot.waitUntil(lambda: main.patients.weight_button.isEnabled(), timeout=WAIT)
    qtbot.keyClick(main.patients.weight_button, Qt.Key.Key_Space)
    weigh = _dialog(qtbot, main, WeightDialog)
    wait_usable(qtbot, weigh)
    assert weigh.baby_box.currentData() == second["birth_id"]  # the baby not weighed comes first
    weigh.submit()
    assert "grams" in weigh.error.text() and weigh.isVisible()  # nothing typed: said beside the form
    qtbot.keyClicks(weigh.weight_spin, "9000")
    _ctrl_enter(qtbot, weigh)
    qtbot.waitUntil(lambda: "between" in weigh.error.text(), timeout=WAIT)  # the service's refusal, beside the form
    weigh.weight_spin.selectAll()
    qtbot.keyClicks(weigh.weight_spin, "2980")
    with qtbot.waitSignal(weigh.weighed, timeout=WAIT):
        _ctrl_enter(qtbot, weigh)
    qtbot.waitUntil(lambda: "2980 g" in main.patients.page.toPlainText(), timeout=WAIT)
    assert "weight not recorded yet" not in main.patients.page.toPlainText()


def test_a_clerk_is_not_offered_to_weigh_a_baby(qtbot, app, clerk, midwife):
    nda = adt.admit(clerk, add_woman(clerk, birth_name="Commis"), unit="SDC", bed="301").values["nda"]
    births.record_birth(midwife, nda, sex="F")
    main = signed_in(qtbot, app, user="accueil")
    main.open_patient(identity.search(clerk, "commis")[0]["ipp"])
    qtbot.waitUntil(lambda: "weight not recorded yet" in main.patients.page.toPlainText(), timeout=WAIT)
    assert not main.patients.weight_button.isEnabled()


def test_a_laptop_restored_from_an_older_copy_says_what_it_took_back_and_which_number_changed(qtbot, tmp_path, built_kit):
    from continuity.core.permissions import Role
    from continuity.services import sync
    from continuity.ui.app import Application
    from tests.test_sync_restore import backup
    from tests.test_ui import signed_in as sign_in_window
    from tests.sync_helpers import make_laptops

    here, other = make_laptops(tmp_path, built_kit, 2)
    sync.set_folder(here.session(Role.SUPERVISOR), here.engine.root)
    add_woman(here.session(Role.CLERK), birth_name="Avant")
    here.sync()
    copy = backup(here, tmp_path / "backup")
    lost = add_woman(here.session(Role.CLERK), birth_name="Perdue")
    here.sync()
    folder = here.store.path.parent
    here.store.close()
    import shutil

    shutil.rmtree(folder)
    shutil.copytree(copy, folder)  # the data folder restored from last night's copy
    again = add_woman_in(folder, "Nouvelle")  # typed before the folder is seen: the same IPP again
    assert again == lost
    application = Application(folder, language="en")
    try:
        main = sign_in_window(qtbot, application)
        main.sync.sync_now()
        qtbot.waitUntil(lambda: any(b.isVisible() and "took back" in b.text() for b in main.window.findChildren(QMessageBox)), timeout=WAIT)
        box = next(b for b in main.window.findChildren(QMessageBox) if b.isVisible())
        wait_usable(qtbot, box)
        assert f"The IPP {lost} had already been given before the restore: NOUVELLE" in box.text() and "wristband" in box.text()
        box.accept()
        qtbot.waitUntil(lambda: "Restored from an older copy" in main.sync.page.toPlainText(), timeout=WAIT)
    finally:
        application.shutdown()
        other.store.close()


def add_woman_in(folder, birth_name: str) -> str:
    """A registration on the laptop's data folder (the command line, say)."""
    from continuity.core.permissions import Role
    from tests.conftest import reopen, session_for

    store = reopen(folder)
    try:
        return add_woman(session_for(store, Role.CLERK), birth_name=birth_name)
    finally:
        store.close()


def test_the_window_tells_an_unplugged_stick_in_words_on_the_indicator_and_the_panel(qtbot, app, tmp_path, clerk):
    from continuity.core.permissions import Role
    from continuity.services import sync
    from tests.conftest import session_for

    stick = tmp_path / "media" / "stick"
    stick.mkdir(parents=True)
    sync.set_folder(session_for(clerk.store, Role.SUPERVISOR), stick)
    (stick / ".continuity-folder").unlink()  # pulled: the empty, unmarked mount point is what remains
    main = signed_in(qtbot, app)
    lines = []
    main.sync.status_changed.connect(lambda ok, line: lines.append((ok, line)))
    main.sync.refresh()
    qtbot.waitUntil(lambda: bool(lines), timeout=WAIT)
    assert lines[-1] == (False, "Sync folder unreachable")
    main.tabs.setCurrentWidget(main.sync.parentWidget())
    qtbot.waitUntil(lambda: "USB stick is probably not plugged in" in main.sync.page.toPlainText(), timeout=WAIT)


def test_a_midwife_changes_her_password_from_the_window_and_each_refusal_is_said_next_to_its_field(qtbot, app, store):
    from PySide6.QtWidgets import QToolBar

    from continuity.services.session import sign_in
    from continuity.ui.password_dialog import PasswordDialog
    from tests.conftest import PASSWORD
    from tests.ui_checks import wait_usable

    main = signed_in(qtbot, app, user="cdurand")
    action = main.actions["actionChangePassword"]
    toolbar = main.window.findChild(QToolBar)
    assert action.isEnabled() and toolbar.widgetForAction(action).isVisible()
    action.trigger()
    dialog = _dialog(qtbot, main, PasswordDialog)
    wait_usable(qtbot, dialog)
    qtbot.keyClicks(dialog.current, "pas le bon")
    qtbot.keyClicks(dialog.new, "trois hiboux lisent la gazette")
    qtbot.keyClicks(dialog.again, "trois hiboux lisent la gazette")
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter: OK, as in every form
    qtbot.waitUntil(lambda: dialog.current_error.isVisible(), timeout=WAIT)
    assert "Wrong" in dialog.current_error.text() and not dialog.new_error.isVisible()
    dialog.current.setText(PASSWORD)
    dialog.new.setText("azertyuiop12")
    dialog.again.setText("azertyuiop12")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.new_error.isVisible(), timeout=WAIT)
    assert "too easy to guess" in dialog.new_error.text() and dialog.isVisible()
    wait_usable(qtbot, dialog)  # the message whole, inside the screen
    assert dialog.new_error.height() >= dialog.new_error.heightForWidth(dialog.new_error.width())
    dialog.new.setText("trois hiboux lisent la gazette")
    dialog.again.setText("trois hiboux lisent la gazete")
    dialog.submit()
    assert "differ" in dialog.new_error.text()
    dialog.again.setText("trois hiboux lisent la gazette")
    dialog.submit()
    import shiboken6

    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(), timeout=WAIT)  # closed (and deleted)
    assert "Password changed" in main.window.statusBar().currentMessage()
    assert sign_in(store, "cdurand", "trois hiboux lisent la gazette").user == "cdurand"
