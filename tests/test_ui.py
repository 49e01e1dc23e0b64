"""The window and its dialogs, driven as a user would (pytest-qt, offscreen), on a real data folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
import shiboken6  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QListWidget, QWidget  # noqa: E402

from continuity.core.permissions import Role  # noqa: E402
from continuity.services import adt, identity  # noqa: E402
from continuity.ui.app import Application  # noqa: E402
from continuity.ui.main_window import MainWindow  # noqa: E402
from continuity.ui.movement_dialogs import MovementDialog  # noqa: E402
from tests.conftest import PASSWORD, add_woman, session_for  # noqa: E402
from tests.ui_checks import wait_usable  # noqa: E402

WAIT = 60_000  # a guard that ends a test that would hang; every wait is for an event, never for a duration


@pytest.fixture
def clock():
    """The window reads the real clock (its dialogs default to now): so must the test's own store."""
    import time

    return time.time


@pytest.fixture
def app(qtbot, store, qapp):
    application = Application(store.path.parent, language="en", lock_minutes=10)
    yield application  # qtbot closes the windows it was given
    application.shutdown()


def sign_in(qtbot, app, user="cdurand", password=PASSWORD):
    login = app.start()
    qtbot.addWidget(login)
    login.user.setText(user)
    login.password.setText(password)
    qtbot.mouseClick(login.ok_button, Qt.MouseButton.LeftButton)
    return login


def signed_in(qtbot, app, user="cdurand") -> MainWindow:
    sign_in(qtbot, app, user)
    qtbot.waitUntil(lambda: app.main is not None, timeout=WAIT)
    main = app.main
    qtbot.addWidget(main.window)
    qtbot.waitUntil(lambda: len(main.board.tiles) > 0, timeout=WAIT)
    return main


def test_a_wrong_password_is_refused_next_to_the_field(qtbot, app):
    login = sign_in(qtbot, app, password="nope")
    qtbot.waitUntil(lambda: "Wrong user name or password" in login.error.text(), timeout=WAIT)
    assert app.main is None and login.password.text() == ""
    assert "laptop-1" in login.ward.text()


def test_the_bed_board_shows_every_bed_and_who_is_in_it(qtbot, app, store, clerk):
    ipp = add_woman(clerk, birth_name="Tableau")
    adt.admit(clerk, ipp, unit="GHR", bed="202")
    adt.close_bed(session_for(store, Role.MIDWIFE), "SDN", "SN3", "plan blanc")
    main = signed_in(qtbot, app)
    assert len(main.board.tiles) == 18  # every bed of the example ward
    assert main.board.tiles["GHR:202"].bed["ipp"] == ipp
    assert main.board.tiles["SDN:SN3"].bed["state"] == "closed"
    assert main.board.tiles["SDN:SN1"].bed["state"] == "free"
    assert "DEGRADED MODE" in main.banner.text() and "laptop-1" in main.banner.text()


def test_admission_offers_the_person_already_known_instead_of_a_duplicate(qtbot, app, store, clerk):
    known = add_woman(clerk, birth_name="Lefèvre", first_names="Hélène", birth_date="1990-05-12")
    main = signed_in(qtbot, app)
    dialog = main.open_admission("GHR", "201")
    qtbot.waitUntil(lambda: dialog.w["bedBox"].count() > 0, timeout=WAIT)
    qtbot.keyClicks(dialog.w["birthNameEdit"], "lefevre")
    qtbot.keyClicks(dialog.w["firstNamesEdit"], "helene")
    qtbot.keyClicks(dialog.w["birthDateEdit"], "12/05/1990")
    matches: QListWidget = dialog.w["matchesList"]
    qtbot.waitUntil(lambda: matches.count() == 1, timeout=WAIT)
    assert known in matches.item(0).text()
    matches.setCurrentRow(0)
    assert matches.selectedItems()
    with qtbot.waitSignal(dialog.admitted, timeout=WAIT) as admitted:
        dialog.submit()
    assert admitted.args[0]["ipp"] == known
    assert identity.search(clerk, known)[0]["current_bed"] == "GHR:201"
    assert identity.search(clerk, "lefevre") and len(identity.search(clerk, "lefevre")) == 1  # no duplicate made


def test_a_new_identity_with_a_wrong_field_shows_the_error_beside_it(qtbot, app, clerk):
    main = signed_in(qtbot, app)
    dialog = main.open_admission("GHR", "201")
    qtbot.waitUntil(lambda: dialog.w["bedBox"].count() > 0, timeout=WAIT)
    qtbot.keyClicks(dialog.w["birthNameEdit"], "Nouvelle")
    qtbot.keyClicks(dialog.w["firstNamesEdit"], "Anna")
    qtbot.keyClicks(dialog.w["birthDateEdit"], "31/02/1990")
    dialog.submit()
    error = dialog.form.findChild(QWidget, "birthDateError")
    qtbot.waitUntil(lambda: "Choose her sex" in error.text(), timeout=WAIT)  # nothing assumed for her
    dialog.w["sexBox"].setCurrentIndex(dialog.w["sexBox"].findData("F"))
    dialog.submit()
    qtbot.waitUntil(lambda: "Cannot read the date" in error.text(), timeout=WAIT)
    dialog.w["birthDateEdit"].setText("28/02/1990")
    with qtbot.waitSignal(dialog.admitted, timeout=WAIT):
        dialog.submit()
    assert identity.search(clerk, "nouvelle anna")[0]["current_bed"] == "GHR:201"


def test_twins_recorded_from_the_birth_dialog_appear_with_their_mother(qtbot, app, clerk):
    nda = adt.admit(clerk, add_woman(clerk, birth_name="Jumeaux"), unit="SDN", bed="SN2").values["nda"]
    main = signed_in(qtbot, app)
    dialog = main.birth(nda, "JUMEAUX <Hélène>")
    assert "&lt;Hélène&gt;" in dialog.child("motherLabel").text()  # a name is text, never markup
    dialog.submit(another=True)
    assert "sex" in dialog.error.text()  # nothing assumed for the baby
    dialog.child("sexBox").setCurrentIndex(dialog.child("sexBox").findData("F"))
    # Not weighed yet: she is registered all the same, and the missing weight is said.
    with qtbot.waitSignal(dialog.recorded, timeout=WAIT) as first:
        dialog.submit(another=True)
    assert any("no weight yet" in w for w in first.args[0]["warnings"])
    assert dialog.isVisible()  # still open for the second twin
    assert dialog.child("weightSpin").value() == 0 and dialog.child("sexBox").currentIndex() == -1  # nothing carried over
    dialog.child("weightSpin").setValue(2300)
    dialog.child("sexBox").setCurrentIndex(1)
    with qtbot.waitSignal(dialog.recorded, timeout=WAIT):
        dialog.submit()
    qtbot.waitUntil(lambda: len(main.board.tiles["SDN:SN2"].bed.get("newborns", [])) == 2, timeout=WAIT)
    twins = main.board.tiles["SDN:SN2"].bed["newborns"]
    assert [t["rank"] for t in twins] == ["J1", "J2"] and all(t["age"].endswith(" h") for t in twins)  # rank, age in hours
    assert " J1 (F), 0 h" in main.board.tiles["SDN:SN2"].description and " J2 (M), 0 h" in main.board.tiles["SDN:SN2"].description


def test_what_a_role_may_not_do_is_not_offered(qtbot, app):
    main = signed_in(qtbot, app, user="informatique")
    assert not main.actions["actionAdmit"].isVisible()


def test_lock_hides_patient_data_and_keeps_what_was_typed(qtbot, app, clerk):
    main = signed_in(qtbot, app)
    dialog = main.open_admission()
    qtbot.keyClicks(dialog.w["birthNameEdit"], "Brouillon")
    main.lock()
    assert main.stack.currentWidget().objectName() == "lockedPage"
    assert not dialog.isVisible()
    unlock = [w for w in main.window.findChildren(QWidget) if type(w).__name__ == "LoginDialog" and w.isVisible()][-1]
    assert not unlock.user.isEnabled()  # only the same user may unlock
    unlock.password.setText(PASSWORD)
    unlock.try_sign_in()
    qtbot.waitUntil(lambda: main.stack.currentWidget() is main.tabs, timeout=WAIT)
    assert dialog.isVisible() and dialog.w["birthNameEdit"].text() == "Brouillon"


def test_idle_time_locks_the_window(qtbot, store):
    application = Application(store.path.parent, language="en", lock_minutes=10)
    try:
        main = signed_in(qtbot, application)
        main.lock_timer.setInterval(50)
        main.lock_timer.start()
        qtbot.waitUntil(lambda: main.stack.currentWidget().objectName() == "lockedPage", timeout=WAIT)
    finally:
        application.shutdown()


def test_search_as_you_type_finds_with_or_without_accents(qtbot, app, clerk):
    ipp = add_woman(clerk, birth_name="Éloïse", first_names="Zoé")
    main = signed_in(qtbot, app)
    main.focus_search()
    qtbot.keyClicks(main.patients.search, "eloise zo")
    qtbot.waitUntil(lambda: main.patients.model.rowCount() == 1, timeout=WAIT)
    assert main.patients.model.rows[0]["ipp"] == ipp
    main.patients.open_patient(ipp)
    qtbot.waitUntil(lambda: "ÉLOÏSE" in main.patients.page.toPlainText(), timeout=WAIT)


def test_a_bundle_from_another_laptop_updates_the_open_board(qtbot, tmp_path, built_kit):
    from tests.sync_helpers import make_laptops

    here, other = make_laptops(tmp_path, built_kit, 2)
    from continuity.services import sync

    sync.set_folder(here.session(Role.SUPERVISOR), here.engine.root)
    here.store.close()
    application = Application(tmp_path / "laptop-1", language="en")
    try:
        main = signed_in(qtbot, application)
        assert main.board.tiles["GHR:203A"].bed["state"] == "free"
        ipp = add_woman(other.session(Role.CLERK), birth_name="Arrivee")
        adt.admit(other.session(Role.CLERK), ipp, unit="GHR", bed="203A")
        other.sync()
        main.sync.sync_now()
        qtbot.waitUntil(lambda: main.board.tiles["GHR:203A"].bed.get("ipp") == ipp, timeout=WAIT)
    finally:
        application.shutdown()
        other.store.close()


def test_transfer_then_discharge_from_the_movement_dialog(qtbot, app, clerk):
    nda = adt.admit(clerk, add_woman(clerk, birth_name="Mobile"), unit="GHR", bed="201").values["nda"]
    main = signed_in(qtbot, app)
    transfer = main.movement("transfer", nda, "MOBILE Hélène")
    qtbot.waitUntil(lambda: transfer.child("unitBox").count() > 0, timeout=WAIT)
    transfer.child("unitBox").setCurrentIndex(transfer.child("unitBox").findData("SDC"))
    transfer.child("bedBox").setCurrentIndex(transfer.child("bedBox").findData("302"))
    with qtbot.waitSignal(transfer.done, timeout=WAIT):
        qtbot.mouseClick(transfer.buttons.button(transfer.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main.board.tiles["SDC:302"].bed.get("nda") == nda, timeout=WAIT)
    discharge = main.movement("discharge", nda, "MOBILE Hélène")
    assert not discharge.child("bedBox").isVisibleTo(discharge) and discharge.child("destinationBox").isVisibleTo(discharge)
    discharge.child("atEdit").setDateTime(discharge.child("atEdit").dateTime().addDays(-30))  # before the admission
    discharge.submit()
    qtbot.waitUntil(lambda: "before" in discharge.error.text(), timeout=WAIT)
    discharge.child("atEdit").setDateTime(discharge.child("atEdit").dateTime().addDays(30))
    with qtbot.waitSignal(discharge.done, timeout=WAIT, raising=False) as finished:
        discharge.submit()
    assert finished.signal_triggered, discharge.error.text()
    qtbot.waitUntil(lambda: main.board.tiles["SDC:302"].bed["state"] == "free", timeout=WAIT)


def test_the_window_speaks_french_by_default(qtbot, store):
    from continuity import i18n

    i18n.set_language("fr")
    application = Application(store.path.parent, lock_minutes=10)
    try:
        main = signed_in(qtbot, application)
        assert main.tabs.tabText(0) == "&Tableau des lits"
        assert "MODE DÉGRADÉ" in main.banner.text()
    finally:
        application.shutdown()
        i18n.set_language("en")


def admission_typed(qtbot, app, birth_name: str, first_names: str, birth_date: str):
    """The admission dialog on GHR 201 with an identity typed in (its beds arrived)."""
    dialog = signed_in(qtbot, app).open_admission("GHR", "201")
    qtbot.waitUntil(lambda: dialog.w["bedBox"].count() > 0, timeout=WAIT)
    for field, text in (("birthNameEdit", birth_name), ("firstNamesEdit", first_names), ("birthDateEdit", birth_date)):
        dialog.w[field].setText(text)
    return dialog


def test_a_match_that_was_not_selected_is_never_admitted_and_a_new_identity_is_a_deliberate_act(qtbot, app, clerk):
    known = add_woman(clerk, birth_name="Rossi", first_names="Emmanuelle", birth_date="2003-12-12")
    dialog = admission_typed(qtbot, app, "Rosi", "Claire Emmanuelle", "12/12/2003")
    dialog.w["sexBox"].setCurrentIndex(dialog.w["sexBox"].findData("F"))
    dialog.submit()  # Enter before the typing pause: the known person is looked for first
    qtbot.waitUntil(lambda: dialog.w["matchesList"].count() == 1, timeout=WAIT)
    error = dialog.form.findChild(QWidget, "generalError")
    qtbot.waitUntil(lambda: "may already be known" in error.text(), timeout=WAIT)
    assert "same birth date" in dialog.w["matchesList"].item(0).text()  # each candidate says why
    different = dialog.w["differentPersonCheck"]
    wait_usable(qtbot, dialog)
    assert different.isVisible() and different.isEnabled() and not different.isChecked()
    dialog.w["matchesList"].setCurrentRow(0, dialog.w["matchesList"].selectionModel().SelectionFlag.NoUpdate)  # Tab: current, not selected
    error.clear()
    dialog.submit()  # OK a second time creates nothing: the clerk must say so
    qtbot.waitUntil(lambda: "may already be known" in error.text(), timeout=WAIT)
    assert len(identity.search(clerk, "rossi")) + len(identity.search(clerk, "rosi")) == 1
    different.setChecked(True)
    with qtbot.waitSignal(dialog.admitted, timeout=WAIT) as admitted:
        dialog.submit()
    assert admitted.args[0]["ipp"] != known
    created = identity.find_patient(clerk, admitted.args[0]["ipp"])
    audit = [a for a in clerk.store.db.query("SELECT detail FROM audit WHERE action = 'patient.create' AND entity_id = ?", [created["id"]])]
    assert known in audit[0]["detail"]  # the candidates she set aside are in the audit


def test_a_double_click_on_a_candidate_selects_her_and_only_ok_admits_her(qtbot, app, clerk):
    known = add_woman(clerk, birth_name="Rossi", first_names="Emmanuelle", birth_date="2003-12-12")
    dialog = admission_typed(qtbot, app, "Rossi", "Emmanuelle", "12/12/2003")
    matches = dialog.w["matchesList"]
    qtbot.waitUntil(lambda: matches.count() == 1, timeout=WAIT)
    wait_usable(qtbot, dialog)
    spot = matches.visualItemRect(matches.item(0)).center()
    qtbot.mouseDClick(matches.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    assert matches.item(0).isSelected() and dialog.isVisible()
    assert ward_stays(clerk) == 0  # nobody admitted by the double-click
    with qtbot.waitSignal(dialog.admitted, timeout=WAIT) as admitted:
        dialog.submit()
    assert admitted.args[0]["ipp"] == known


def ward_stays(session) -> int:
    return session.store.db.execute("SELECT count(*) FROM stays").fetchone()[0]


def test_typing_again_after_saying_different_asks_again(qtbot, app, clerk):
    add_woman(clerk, birth_name="Rossi", first_names="Emmanuelle", birth_date="2003-12-12")
    other = add_woman(clerk, birth_name="Ferrand", first_names="Lou", birth_date="1999-01-02")
    main = signed_in(qtbot, app)
    dialog = main.open_admission("GHR", "201")
    for field, text in (("birthNameEdit", "Rossi"), ("firstNamesEdit", "Emmanuelle"), ("birthDateEdit", "12/12/2003")):
        dialog.w[field].setText(text)
    qtbot.waitUntil(lambda: dialog.w["matchesList"].count() == 1, timeout=WAIT)
    dialog.w["differentPersonCheck"].setChecked(True)
    for field, text in (("birthNameEdit", "Ferand"), ("firstNamesEdit", "Lou"), ("birthDateEdit", "02/01/1999")):
        dialog.w[field].setText(text)
    qtbot.waitUntil(lambda: other in [dialog.w["matchesList"].item(i).data(Qt.ItemDataRole.UserRole)
                                      for i in range(dialog.w["matchesList"].count())], timeout=WAIT)
    assert not dialog.w["differentPersonCheck"].isChecked()  # said of someone else: said again or not at all


def test_the_patient_page_shows_each_identity_change_to_the_supervisor(qtbot, app, clerk):
    ipp = add_woman(clerk, birth_name="Roux", first_names="Zoé", birth_date="1992-03-04")
    identity.update_patient(clerk, ipp, first_names="Chloé")
    main = signed_in(qtbot, app, user="cadre")
    main.open_patient(ipp)
    qtbot.waitUntil(lambda: "Identity changes" in main.patients.page.toPlainText(), timeout=WAIT)
    text = main.patients.page.toPlainText()
    assert "first names: Zoé → Chloé — accueil" in text
    # A clerk's record holds no identity history (tests/test_vigilance.py): the page shows none.


def test_switching_user_discards_the_previous_users_work_and_screens(qtbot, app, clerk):
    ipp = add_woman(clerk, birth_name="Confidentielle")
    main = signed_in(qtbot, app, user="cadre")
    main.open_patient(ipp)
    qtbot.waitUntil(lambda: "CONFIDENTIELLE" in main.patients.page.toPlainText(), timeout=WAIT)
    dialog = main.open_admission()
    dialog.w["birthNameEdit"].setText("Brouillon du cadre")
    main.lock()
    assert not main.actions["actionAdmit"].isEnabled()  # nothing usable behind the lock
    switch = main.switch_user()
    assert main.patients.page.toPlainText() == "" and not (shiboken6.isValid(dialog) and dialog.isVisible())
    switch.user.setText("accueil")
    switch.password.setText(PASSWORD)
    switch.try_sign_in()
    qtbot.waitUntil(lambda: main.session["user"] == "accueil", timeout=WAIT)
    assert not shiboken6.isValid(dialog)  # discarded, not kept for the next user
    assert main.actions["actionAdmit"].isEnabled()
    assert main.patients.page.toPlainText() == ""


def test_a_destination_typed_in_is_kept(qtbot, app, clerk):
    nda = adt.admit(clerk, add_woman(clerk, birth_name="Partante"), unit="GHR", bed="202").values["nda"]
    main = signed_in(qtbot, app)
    dialog = main.movement("discharge", nda, "PARTANTE Hélène")
    dialog.child("destinationBox").setEditText("CHU de Nantes")
    with qtbot.waitSignal(dialog.done, timeout=WAIT):
        dialog.submit()
    stay = identity.show_patient(clerk, identity.search(clerk, "partante")[0]["ipp"])["stays"][0]
    assert stay["destination"] == "CHU de Nantes"


def test_a_wrong_transfer_is_cancelled_from_the_patient_page(qtbot, app, clerk, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    ipp = add_woman(clerk, birth_name="Erreur")
    nda = adt.admit(clerk, ipp, unit="GHR", bed="201").values["nda"]
    adt.transfer(clerk, nda, unit="GHR", bed="202")
    main = signed_in(qtbot, app)
    main.open_patient(ipp)
    qtbot.waitUntil(lambda: main.patients.cancel_button.isEnabled(), timeout=WAIT)
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(lambda parent, title, label, items, current, editable: (items[current], True)))
    main.patients.cancel_movement()  # the newest movement is proposed: the wrong transfer
    qtbot.waitUntil(lambda: main.board.tiles["GHR:201"].bed.get("nda") == nda, timeout=WAIT)
    assert main.board.tiles["GHR:202"].bed["state"] == "free"


def test_an_identity_is_corrected_with_errors_beside_the_form(qtbot, app, clerk):
    ipp = add_woman(clerk, birth_name="Dupond", first_names="Anne")
    main = signed_in(qtbot, app)
    main.open_patient(ipp)
    qtbot.waitUntil(lambda: main.patients.correct_button.isEnabled(), timeout=WAIT)
    dialog = main.patients.correct_identity()
    assert dialog.child("birthNameEdit").text() == "Dupond" and dialog.child("birthDateEdit").text() == "12/05/1990"
    dialog.child("birthDateEdit").setText("12/05/2999")
    dialog.submit()
    qtbot.waitUntil(lambda: "future" in dialog.error.text(), timeout=WAIT)
    dialog.child("birthDateEdit").setText("12/05/1990")
    dialog.child("birthNameEdit").setText("Dupont")
    main.lock()  # a lock in the middle keeps the correction being typed
    assert not dialog.isVisible()
    unlock = [w for w in main.window.findChildren(QWidget) if type(w).__name__ == "LoginDialog" and w.isVisible()][-1]
    unlock.password.setText(PASSWORD)
    unlock.try_sign_in()
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=WAIT)
    assert dialog.child("birthNameEdit").text() == "Dupont"
    with qtbot.waitSignal(dialog.corrected, timeout=WAIT):
        dialog.submit()
    qtbot.waitUntil(lambda: "DUPONT" in main.patients.page.toPlainText(), timeout=WAIT)
    assert identity.show_patient(clerk, ipp)["patient"]["birth_name"] == "Dupont"


def test_a_typed_time_carries_the_laptops_utc_offset_and_an_untouched_one_is_the_time_shown():
    from datetime import datetime, timezone

    from PySide6.QtCore import QDate, QDateTime, QTime, QTimeZone

    from continuity.core.times import parse_clinical_time
    from continuity.ui.clinical_time import typed_time

    opened = QDateTime(QDate(2027, 1, 15), QTime(9, 0, 41), QTimeZone(3600))
    # Untouched: the moment the form opened (what it showed), to the second, not the moment of OK.
    assert typed_time(opened, opened) == "2027-01-15T09:00:41+01:00"
    earlier = typed_time(opened.addSecs(-2 * 3600), opened)
    assert earlier == "2027-01-15T07:00:00+01:00"
    now = datetime(2027, 1, 15, 8, 5, tzinfo=timezone.utc)
    # The same instant whatever zone the ward is configured in.
    assert parse_clinical_time(earlier, now, "America/Cayenne") == parse_clinical_time(earlier, now, "Europe/Paris")
    assert parse_clinical_time(earlier, now, "Europe/Paris") == datetime(2027, 1, 15, 6, 0, tzinfo=timezone.utc)


def test_the_window_is_prepared_behind_its_lock_while_the_sign_in_waits(qtbot, app, clerk):
    ipp = add_woman(clerk, birth_name="Préparée")
    adt.admit(clerk, ipp, unit="GHR", bed="201")
    asked = []  # every service the window asks the database thread for
    original_call = app.backend.call
    app.backend.call = lambda service, *a, **k: (asked.append(service.__name__), original_call(service, *a, **k))[1]
    login = app.start()
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: app._prepared is not None, timeout=WAIT)
    prepared = app._prepared
    qtbot.addWidget(prepared.window)
    qtbot.waitUntil(lambda: not prepared.preparing, timeout=WAIT)  # its off-screen drawing, done
    # Built for nobody: hidden, on its locked page, nothing of the ward read, nothing offered.
    assert app.main is None and not prepared.window.isVisible()
    assert prepared.stack.currentWidget() is prepared.window.findChild(QWidget, "lockedPage")
    assert prepared.session == {} and prepared.board.tiles == {} and prepared.patients.model.rowCount() == 0
    assert not prepared.actions["actionAdmit"].isVisible() and not prepared.actions["actionSearch"].isEnabled()
    assert not prepared.sync_timer.isActive() and not prepared.refresh_timer.isActive() and not prepared.lock_timer.isActive()
    assert not prepared.actions["actionSwitchUser"].isEnabled() and not prepared.window.findChild(QWidget, "unlockButton").isEnabled()
    assert asked == []  # nothing of the ward asked for before someone signed in
    # A wrong password leaves it so.
    login.user.setText("cdurand")
    login.password.setText("nope")
    qtbot.mouseClick(login.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Wrong user name or password" in login.error.text(), timeout=WAIT)
    assert app.main is None and prepared.board.tiles == {} and not prepared.window.isVisible() and asked == []
    # The right one opens that same window, shown only once the beds are on it.
    login.password.setText(PASSWORD)
    qtbot.mouseClick(login.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: app.main is not None, timeout=WAIT)
    assert app.main is prepared and app._prepared is None
    qtbot.waitUntil(lambda: prepared.window.isVisible() and "GHR:201" in prepared.board.tiles, timeout=WAIT)
    assert prepared.board.tiles["GHR:201"].bed["ipp"] == ipp
    assert not login.isVisible()  # closed once the window was on screen, not before
    assert prepared.stack.currentWidget() is prepared.tabs and prepared.actions["actionAdmit"].isVisible()
    assert prepared.lock_timer.isActive() and prepared.sync_timer.isActive()


def test_a_language_chosen_at_sign_in_rebuilds_the_prepared_window_in_it(qtbot, store):
    from continuity import i18n

    application = Application(store.path.parent, language="en", lock_minutes=10)
    try:
        login = application.start()
        qtbot.addWidget(login)
        qtbot.waitUntil(lambda: application._prepared is not None, timeout=WAIT)
        english = application._prepared
        assert english.tabs.tabText(0) == "&Bed board"
        login.language.setCurrentIndex(0)  # Français
        qtbot.waitUntil(lambda: application._prepared is not None and application._prepared is not english, timeout=WAIT)
        qtbot.waitUntil(lambda: not shiboken6.isValid(english.window), timeout=WAIT)  # discarded, not just hidden
        main = signed_in(qtbot, application)
        assert main.tabs.tabText(0) == "&Tableau des lits"
    finally:
        application.shutdown()
        i18n.set_language("en")


@pytest.mark.parametrize("stage", ["before its first step", "between two steps", "inside a step", "after the last step"])
def test_discarding_the_prepared_window_cancels_what_it_had_left_to_do(qtbot, app, stage):
    """A language chosen at the sign-in dialog discards the prepared window, at whatever point of
    its off-screen preparation a slow laptop happens to be (an exception there would surface in
    the event loop; pytest-qt fails the test on it)."""
    from PySide6.QtWidgets import QApplication

    window = app._new_window()
    ran: list[str] = []
    window.prepare()
    steps = list(window._preparing)
    names = ["drawn", "tiles warmed up", "platform window"]

    def recorded(name, step):
        def run():
            ran.append(name)
            if stage == "inside a step" and name == "tiles warmed up":
                window.discard()  # e.g. a language change handled while it draws
            step()
        return run

    window._preparing[:] = [recorded(name, step) for name, step in zip(names, steps)]
    if stage == "before its first step":
        window.discard()
    elif stage == "between two steps":
        qtbot.waitUntil(lambda: ran == ["drawn"], timeout=WAIT)
        window.discard()
    elif stage == "after the last step":
        qtbot.waitUntil(lambda: not window.preparing, timeout=WAIT)
        window.discard()
    qtbot.waitUntil(lambda: not shiboken6.isValid(window.window), timeout=WAIT)  # deleted, not just hidden
    for _ in range(5):  # a few more turns of the event loop: nothing left to fire
        QApplication.processEvents()
    expected = {"before its first step": [], "between two steps": ["drawn"], "inside a step": ["drawn", "tiles warmed up"],
                "after the last step": names}[stage]
    assert ran == expected
    assert not window.preparing and not window._prepare_timer.isActive()
    assert not window.sync_timer.isActive() and not window.refresh_timer.isActive() and not window.lock_timer.isActive()
    window.discard()  # twice is harmless


def test_a_language_changed_before_the_prepared_window_was_drawn_leaves_no_error(qtbot, app):
    from PySide6.QtWidgets import QApplication

    login = app.start()
    qtbot.addWidget(login)
    qtbot.waitUntil(lambda: app._prepared is not None, timeout=WAIT)
    first = app._prepared
    assert first.preparing  # its off-screen drawing has not run yet
    login.language.setCurrentIndex(0)  # at once, before the next turn of the event loop
    qtbot.waitUntil(lambda: not shiboken6.isValid(first.window), timeout=WAIT)
    qtbot.waitUntil(lambda: app._prepared is not None and app._prepared is not first and not app._prepared.preparing, timeout=WAIT)
    for _ in range(5):
        QApplication.processEvents()
    assert not first.preparing and app.main is None


def test_a_bed_tile_shows_a_long_name_whole_on_several_lines_and_grows_with_newborns(qtbot, qapp):
    from datetime import datetime, timezone

    from PySide6.QtGui import QFontMetrics

    from continuity.ui.bed_board import TILE_MIN_SIZE, WRAP_LINES, BedBoard, BedTile, _tile_fonts, _wrapped
    from continuity.ui.forms import install_language

    install_language("en")  # whatever an earlier test of this process left installed
    board = BedBoard()
    qtbot.addWidget(board)
    now = datetime(2026, 11, 20, 16, 0, tzinfo=timezone.utc)

    def tile(**bed) -> BedTile:
        made = BedTile({"code": "SDC"}, {"bed": "303", "state": "occupied", "age": "32 ans", "ipp": "900000017",
                                          "admitted_at": "2026-11-19T15:52:23Z", "newborns": [], **bed}, now, board.widget())
        made.resize(TILE_MIN_SIZE.width(), made.sizeHint().height())  # the narrowest a tile gets
        return made

    def name_drawn(made: BedTile) -> list[str]:
        return next(parts for line, parts in made.drawn_lines() if line.text == made.bed["name"])

    def rejoined(lines: list[str]) -> str:
        text = lines[0]
        for line in lines[1:]:  # a break after a hyphen is no space
            text += line if text.endswith("-") else " " + line
        return text

    # Names as long as real ones are drawn whole at the narrowest width, on up to three lines.
    for name in ("GILLES (PERROT) Bernadette Françoise", "BOULANGER-DELACROIX Marie-Christine", "DURAND Léa"):
        drawn = name_drawn(tile(name=name))
        assert len(drawn) <= WRAP_LINES and rejoined(drawn) == name and "…" not in "".join(drawn)
    # A part too wide whole is broken after its hyphen (only after a letter: "-PIERRE" stays whole).
    bold = QFontMetrics(_tile_fonts(board.font())["bold"])
    assert _wrapped("BOULANGER-DELACROIX Marie", bold, 136, WRAP_LINES)[0] == "BOULANGER-"
    assert "-" not in [part for line in _wrapped("JEAN -PIERRE", bold, 40, WRAP_LINES) for part in line.split()]
    # Past three lines the last one is cut, visibly (never a middle one); the description has it whole.
    long_name = "BLANCHET-DELACROIX (LOMBARD) Simone Dominique Bernadette Françoise"
    cut = tile(name=long_name, on_leave=True)
    drawn = name_drawn(cut)
    assert len(drawn) == WRAP_LINES and drawn[-1].endswith("…") and not any(line.endswith("…") for line in drawn[:-1])
    assert long_name in cut.accessibleDescription() and "IPP 900000017" in cut.accessibleDescription()
    assert "on leave" in cut.accessibleDescription()
    # Every line fits the tile as drawn; the age is beside the bed.
    for line, parts in cut.drawn_lines():
        assert all(QFontMetrics(_tile_fonts(cut.font())[line.kind]).horizontalAdvance(part) <= cut.text_width(cut.width()) for part in parts)
    assert cut.accessibleDescription().splitlines()[0] == "303 · 32 ans"
    # Two newborns: two more lines, a taller tile; a name that looks like markup stays text.
    assert tile(name="DURAND Léa", newborns=[{"name": "DURAND", "sex": "F", "age": "1 j"}] * 2).sizeHint().height() > tile(name="DURAND Léa").sizeHint().height()
    markup = tile(name="<b>X</b> &amp;")
    assert markup.accessibleDescription().splitlines()[1] == "<b>X</b> &amp;" and "&lt;b&gt;X" in markup.toolTip()
    # A bigger font: the lines are counted again and the tile grows.
    small = tile(name="GILLES (PERROT) Bernadette Françoise")
    height = small.sizeHint().height()
    bigger = small.font()
    bigger.setPointSize(bigger.pointSize() * 2)
    small.setFont(bigger)
    assert small.sizeHint().height() > height
    # It draws its text: the same tile with no lines differs.
    shown = tile(name="DURAND Léa")
    with_text = shown.grab().toImage()
    shown.lines = []
    shown._measured = None
    blank = shown.grab().toImage()
    assert with_text.size() == blank.size() and with_text != blank


SIGN_IN_IN_EXEC = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QTimer
from continuity.ui.app import Application

app = Application(Path(sys.argv[1]), language="en")
login = app.start()
seen = {}

def finish():
    # What is on screen at the end (Qt 6's quit() then closes every window).
    seen.update(window=app.main is not None and app.main.window.isVisible(), login=login.isVisible(),
                tiles=bool(app.main and app.main.board.tiles), ended_by_us=True)
    app.qt.quit()

def sign_in_when_prepared():
    if app._prepared is None:
        QTimer.singleShot(20, sign_in_when_prepared)
        return
    login.user.setText(sys.argv[2])
    login.password.setText(sys.argv[3])
    login.try_sign_in()

def wait_for_the_board():
    if app.main is not None and app.main.window.isVisible() and app.main.board.tiles:
        QTimer.singleShot(300, finish)  # and a moment more: nothing may end it meanwhile
    else:
        QTimer.singleShot(20, wait_for_the_board)

QTimer.singleShot(0, sign_in_when_prepared)
QTimer.singleShot(0, wait_for_the_board)
QTimer.singleShot(20000, finish)
app.qt.exec()
app.shutdown()
print(json.dumps(seen))
"""


def test_signing_in_never_leaves_the_application_without_a_window(store):
    # Run as `continuity gui` runs it, in QApplication.exec() (in a process of its own: a test's
    # shared QApplication cannot be quit): Qt ends the application when its last window closes,
    # so the sign-in dialog must stay until the ward's window is on screen.
    import json
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SIGN_IN_IN_EXEC, str(store.path.parent), "cdurand", PASSWORD],
                          env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"window": True, "login": False, "tiles": True, "ended_by_us": True}


def _menu_on_screen(qtbot):
    from PySide6.QtWidgets import QApplication, QMenu

    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu), timeout=WAIT)
    return QApplication.activePopupWidget()


def _choose(qtbot, menu, text: str):
    action = next(a for a in menu.actions() if a.text() == text)
    assert action.isEnabled() and action.isVisible()
    menu.setActiveAction(action)
    qtbot.keyClick(menu, Qt.Key.Key_Return)


def test_a_baby_is_transferred_to_neonatology_on_her_own_from_her_line_on_the_tile(qtbot, app, clerk, midwife):
    from PySide6.QtCore import QPoint

    from continuity.services import births
    from tests.ui_checks import wait_usable

    nda = adt.admit(clerk, add_woman(clerk, birth_name="Maman"), unit="SDC", bed="301").values["nda"]
    baby = births.record_birth(midwife, nda, sex="F", weight_g=2100).values
    main = signed_in(qtbot, app, user="cdurand")
    tile = main.board.tiles["SDC:301"]
    qtbot.waitUntil(lambda: bool(tile.bed.get("newborns")), timeout=WAIT)
    newborn = tile.bed["newborns"][0]
    # Where the baby's line is drawn on her mother's tile.
    y = next(y for y in range(tile.height()) if tile.newborn_at(y) is not None)
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=QPoint(20, y + 2))
    menu = _menu_on_screen(qtbot)
    titles = [a.text() for a in menu.actions() if a.text()]
    assert titles[0] == f"SDC 301 — {newborn['name']} (F)"  # the baby's own menu
    assert "Record a birth…" not in titles and "Temporary leave…" not in titles
    _choose(qtbot, menu, "Transfer (e.g. to neonatology)…")
    transfer = next(w for w in main.window.findChildren(MovementDialog) if w.isVisible())
    qtbot.waitUntil(lambda: transfer.child("unitBox").count() > 0, timeout=WAIT)
    wait_usable(qtbot, transfer)
    transfer.child("unitBox").setCurrentIndex(transfer.child("unitBox").findData("NEO"))
    free_neo = next(code for code, t in main.board.tiles.items() if code.startswith("NEO:") and t.bed["state"] == "free")
    transfer.child("bedBox").setCurrentIndex(transfer.child("bedBox").findData(free_neo.split(":")[1]))
    with qtbot.waitSignal(transfer.done, timeout=WAIT):
        qtbot.mouseClick(transfer.buttons.button(transfer.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: main.board.tiles[free_neo].bed.get("nda") == baby["nda"], timeout=WAIT)
    assert main.board.tiles["SDC:301"].bed.get("newborns") == []  # her mother stays on her tile...
    assert main.board.tiles["SDC:301"].bed["nda"] == nda
    neo_code = free_neo.replace(":", " ")
    assert f"{newborn['name']}: in {neo_code}" in main.board.tiles["SDC:301"].description  # ...which says where her baby is
    baby_tile = main.board.tiles[free_neo].description
    assert f"{newborn['name']} (F)" in baby_tile and f"Mother: MAMAN" in baby_tile and f"NDA {nda} SDC 301" in baby_tile
    # Each page names the other: the baby's her mother, the mother's her baby (name, IPP, NDA).
    main.open_patient(baby["ipp"])
    qtbot.waitUntil(lambda: "Mother: MAMAN" in main.patients.page.toPlainText(), timeout=WAIT)
    assert f"NDA {nda} SDC 301" in main.patients.page.toPlainText()
    main.open_patient(tile.bed["ipp"])
    qtbot.waitUntil(lambda: f"(IPP {baby['ipp']}, NDA {baby['nda']})" in main.patients.page.toPlainText(), timeout=WAIT)
    # Discharging the mother says that her baby stays in neonatology.
    discharge = main.movement("discharge", nda, "MAMAN")
    qtbot.waitUntil(lambda: "still in hospital" in discharge.child("patientLabel").text(), timeout=WAIT)
    assert neo_code in discharge.child("patientLabel").text()
    discharge.reject()


def test_the_mother_s_menu_lists_each_baby_and_opens_at_the_tile_when_enter_is_pressed(qtbot, app, clerk, midwife):
    from PySide6.QtCore import QPoint, QRect

    from continuity.services import births

    nda = adt.admit(clerk, add_woman(clerk, birth_name="Maman"), unit="SDC", bed="302").values["nda"]
    for _twin in range(2):
        births.record_birth(midwife, nda, sex="M", weight_g=2500)
    main = signed_in(qtbot, app, user="cdurand")
    tile = main.board.tiles["SDC:302"]
    qtbot.waitUntil(lambda: len(tile.bed.get("newborns", [])) == 2, timeout=WAIT)
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    menu = _menu_on_screen(qtbot)
    texts = [a.text() for a in menu.actions()]
    assert texts[0].startswith("SDC 302 — MAMAN")  # titled with the bed and the patient
    babies = [a for a in menu.actions() if a.menu() is not None]
    assert len(babies) == 2 and all(a.text().startswith("Baby: ") for a in babies)
    assert [a.text() for a in babies[0].menu().actions()][:2] == ["Transfer (e.g. to neonatology)…", "Discharge…"]
    # At the tile (below it, or moved up by Qt to stay on screen), not wherever the mouse is.
    on_screen = QRect(tile.mapToGlobal(QPoint(0, 0)), tile.size())
    assert abs(menu.pos().x() - on_screen.x()) <= 2 and menu.geometry().adjusted(-2, -2, 2, 2).intersects(on_screen)
    menu.close()


def test_closing_a_bed_asks_why_and_the_board_shows_the_reason(qtbot, app):
    from PySide6.QtWidgets import QInputDialog

    main = signed_in(qtbot, app, user="cdurand")
    tile = main.board.tiles["GHR:202"]
    assert tile.bed["state"] == "free"
    tile.setFocus()
    qtbot.keyClick(tile, Qt.Key.Key_Return)
    _choose(qtbot, _menu_on_screen(qtbot), "Close this bed…")
    dialog = next(w for w in main.window.findChildren(QInputDialog) if w.isVisible())
    assert "GHR 202" in dialog.labelText()
    dialog.setTextValue("Dégât des eaux")
    dialog.accept()
    qtbot.waitUntil(lambda: main.board.tiles["GHR:202"].bed["state"] == "closed", timeout=WAIT)
    assert main.board.tiles["GHR:202"].bed["closed_reason"] == "Dégât des eaux"
    assert "Dégât des eaux" in main.board.tiles["GHR:202"].description


def test_keyboard_only_admission_enter_moves_on_and_only_ctrl_enter_admits(qtbot, app, clerk):
    main = signed_in(qtbot, app)
    qtbot.keyClick(main.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    from continuity.ui.admit_dialog import AdmitDialog
    from tests.ui_checks import wait_usable

    qtbot.waitUntil(lambda: any(d.isVisible() for d in main.window.findChildren(AdmitDialog)), timeout=WAIT)
    dialog = next(d for d in main.window.findChildren(AdmitDialog) if d.isVisible())
    qtbot.waitUntil(lambda: dialog.w["unitBox"].count() > 0, timeout=WAIT)
    wait_usable(qtbot, dialog)
    # Nothing chosen for her: no unit, no bed, no sex.
    assert (dialog.w["unitBox"].currentIndex(), dialog.w["bedBox"].currentIndex(), dialog.w["sexBox"].currentIndex()) == (-1, -1, -1)
    qtbot.keyClicks(dialog.w["birthNameEdit"], "Clavier")
    qtbot.keyClick(dialog.w["birthNameEdit"], Qt.Key.Key_Return)  # Enter goes to the next field...
    assert dialog.focusWidget() is not dialog.w["birthNameEdit"]
    dialog.w["firstNamesEdit"].setFocus()
    qtbot.keyClicks(dialog.w["firstNamesEdit"], "Touche")
    dialog.w["birthDateEdit"].setFocus()
    qtbot.keyClicks(dialog.w["birthDateEdit"], "01/02/1990")
    qtbot.keyClick(dialog.w["birthDateEdit"], Qt.Key.Key_Return)  # ...never admits
    assert dialog.isVisible() and identity.search(clerk, "clavier") == []
    dialog.w["sexBox"].setCurrentIndex(dialog.w["sexBox"].findData("F"))
    dialog.w["unitBox"].setCurrentIndex(dialog.w["unitBox"].findData("GHR"))
    dialog.w["bedBox"].setCurrentIndex(dialog.w["bedBox"].findData("201"))
    with qtbot.waitSignal(dialog.admitted, timeout=WAIT):
        qtbot.keyClick(dialog.w["birthDateEdit"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # explicit
    assert identity.search(clerk, "clavier")[0]["current_bed"] == "GHR:201"


def test_escape_asks_before_throwing_away_what_was_typed(qtbot, app):
    from PySide6.QtWidgets import QMessageBox

    main = signed_in(qtbot, app)
    untouched = main.open_admission()
    qtbot.waitUntil(lambda: untouched.w["unitBox"].count() > 0, timeout=WAIT)
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)
    assert not untouched.isVisible()  # nothing typed: closed at once
    dialog = main.open_admission()
    qtbot.waitUntil(lambda: dialog.w["unitBox"].count() > 0, timeout=WAIT)
    qtbot.keyClicks(dialog.w["birthNameEdit"], "Distraite")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: any(b.isVisible() for b in dialog.findChildren(QMessageBox)), timeout=WAIT)
    question = next(b for b in dialog.findChildren(QMessageBox) if b.isVisible())
    keep = next(b for b in question.buttons() if b.text() == "Keep typing")
    qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.w["birthNameEdit"].text() == "Distraite"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: any(b.isVisible() for b in dialog.findChildren(QMessageBox)), timeout=WAIT)
    question = next(b for b in dialog.findChildren(QMessageBox) if b.isVisible())
    qtbot.mouseClick(next(b for b in question.buttons() if b.text() == "Throw away"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)


def test_ctrl_l_locks_with_a_dialog_open_and_what_was_typed_comes_back(qtbot, app):
    main = signed_in(qtbot, app)
    dialog = main.open_admission()
    qtbot.waitUntil(lambda: dialog.w["unitBox"].count() > 0, timeout=WAIT)
    qtbot.keyClicks(dialog.w["birthNameEdit"], "Gardee")
    dialog.activateWindow()
    qtbot.keyClick(dialog.w["birthNameEdit"], Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: main.stack.currentWidget().objectName() == "lockedPage", timeout=WAIT)
    assert not dialog.isVisible()
    unlock = main.unlock()
    unlock.password.setText(PASSWORD)
    unlock.try_sign_in()
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=WAIT)
    assert dialog.w["birthNameEdit"].text() == "Gardee"
    # Back in the field she was typing in, nothing selected: the next key goes on, replaces nothing.
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.w["birthNameEdit"] and not dialog.w["birthNameEdit"].hasSelectedText(), timeout=WAIT)
    qtbot.keyClicks(dialog.w["birthNameEdit"], "s")
    assert dialog.w["birthNameEdit"].text() == "Gardees"


def test_arrow_keys_walk_the_board_and_down_goes_from_search_to_the_results(qtbot, app, clerk):
    main = signed_in(qtbot, app)
    tiles = main.board.tiles
    first = tiles["GHR:201"]
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Right)
    assert tiles["GHR:202"].hasFocus()
    qtbot.keyClick(tiles["GHR:202"], Qt.Key.Key_Left)
    assert first.hasFocus()
    qtbot.keyClick(first, Qt.Key.Key_Down)
    focused = next(key for key, tile in tiles.items() if tile.hasFocus())
    assert focused != "GHR:201" and tiles[focused].mapToGlobal(tiles[focused].rect().topLeft()).y() > first.mapToGlobal(first.rect().topLeft()).y()
    add_woman(clerk, birth_name="Flèche")
    main.focus_search()
    qtbot.keyClicks(main.patients.search, "fleche")
    qtbot.waitUntil(lambda: main.patients.model.rowCount() == 1, timeout=WAIT)
    qtbot.keyClick(main.patients.search, Qt.Key.Key_Down)
    assert main.patients.table.hasFocus() and main.patients.table.currentIndex().row() == 0


def test_the_sync_folder_or_a_usb_stick_is_chosen_in_the_window(qtbot, app, tmp_path, clerk):
    from PySide6.QtWidgets import QFileDialog

    from tests.ui_checks import wait_usable

    stick = tmp_path / "CLE-USB"
    stick.mkdir()
    add_woman(clerk, birth_name="Partante")  # something to send
    main = signed_in(qtbot, app)
    main.tabs.setCurrentWidget(main.sync.parentWidget())
    qtbot.mouseClick(main.sync.folder_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in main.sync.findChildren(QFileDialog)), timeout=WAIT)
    chooser = next(d for d in main.sync.findChildren(QFileDialog) if d.isVisible())
    wait_usable(qtbot, chooser)
    chooser.setDirectory(str(tmp_path))
    chooser.selectFile(str(stick))
    chooser.accept()
    qtbot.waitUntil(lambda: main.sync.status.get("folder") == str(stick) and main.sync.now_button.isEnabled(), timeout=WAIT)
    assert list(stick.rglob("*.cbundle"))  # synced there at once: this laptop's changes are on the stick


def test_a_write_by_another_process_shows_on_the_board_within_seconds(qtbot, app, clerk):
    # ``clerk`` writes through a connection of its own, as the command line or a sync watcher
    # would: no two-minute wait for the next periodic refresh.
    main = signed_in(qtbot, app)
    assert main.board.tiles["GHR:202"].bed["state"] == "free"
    nda = adt.admit(clerk, add_woman(clerk, birth_name="Autreprocessus"), unit="GHR", bed="202").values["nda"]
    qtbot.waitUntil(lambda: main.board.tiles["GHR:202"].bed.get("nda") == nda, timeout=WAIT)
    assert main.refresh_timer.remainingTime() > 60_000  # not the periodic refresh


@pytest.mark.parametrize("language, user", [("en", "cadre"), ("fr", "cadre"), ("en", "informatique"), ("fr", "informatique")])
def test_alt_shortcuts_are_unique_on_every_screen(qtbot, store, clerk, language, user):
    from continuity import i18n
    from continuity.core.permissions import Role
    from tests.ui_checks import duplicate_mnemonics

    nda = adt.admit(clerk, add_woman(clerk, birth_name="Raccourci"), unit="GHR", bed="201").values["nda"]
    application = Application(store.path.parent, language=language, lock_minutes=10)
    try:
        main = signed_in(qtbot, application, user=user)
        screens = {}
        for index in range(main.tabs.count()):
            main.tabs.setCurrentIndex(index)
            qtbot.waitUntil(lambda: not application.backend._pending, timeout=WAIT)
            screens[main.tabs.tabText(index)] = duplicate_mnemonics(main.window)
        dialogs = [main.open_admission(), main.movement("transfer", nda, "R"), main.movement("discharge", nda, "R"),
                   main.birth(nda, "R")] if user == "cadre" else []
        for dialog in dialogs:
            qtbot.waitUntil(lambda: not application.backend._pending, timeout=WAIT)
            screens[dialog.windowTitle()] = duplicate_mnemonics(dialog)
            dialog.reject()
        main.rota.weeks.setValue(1)
        for button in ("absenceButton", "copyButton", "fillButton") if user == "cadre" else ():
            main.tabs.setCurrentWidget(main.rota.parentWidget())
            qtbot.waitUntil(lambda: main.rota.buttons[button].isEnabled(), timeout=WAIT)
            main.rota.buttons[button].click()
            dialog = main.rota.dialogs[-1]
            qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
            screens[dialog.windowTitle()] = duplicate_mnemonics(dialog)
            dialog.reject()
        assert {name: dups for name, dups in screens.items() if dups} == {}
    finally:
        application.shutdown()
        i18n.set_language("en")


def test_today_shows_the_last_24_hours_counts_its_rows_and_opens_the_patient(qtbot, app, clerk):
    from datetime import datetime, timedelta, timezone

    # Admitted yesterday evening, discharged home this morning: at 3 a.m. the night shift sees it.
    evening = (datetime.now(timezone.utc) - timedelta(hours=9)).strftime("%Y-%m-%dT%H:%M:%SZ")
    ipp = add_woman(clerk, birth_name="Veille")
    nda = adt.admit(clerk, ipp, unit="GHR", bed="202", at=evening).values["nda"]
    adt.discharge(clerk, nda, destination="home")
    main = signed_in(qtbot, app)
    main.tabs.setCurrentWidget(main.today.parentWidget())
    qtbot.waitUntil(lambda: main.today.model.rowCount() == 2, timeout=WAIT)
    text = main.today.counts.text()
    assert "Last 24 hours" in text and "admissions: 1" in text and "discharges: 1" in text and "births: 0" in text
    row = next(r for r, values in enumerate(main.today.model.rows) if values["kind"] == "discharge")
    assert main.today.model.index(row, 6).data() == "home"
    main.today.table.setFocus()
    main.today.table.setCurrentIndex(main.today.model.index(row, 0))
    qtbot.keyClick(main.today.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "VEILLE" in main.patients.page.toPlainText(), timeout=WAIT)
    assert main.tabs.currentWidget() is main.patients.parentWidget()


def test_time_since_admission_reads_in_minutes_during_the_first_hour(qapp):
    from datetime import datetime, timezone

    from continuity.ui.bed_board import since
    from continuity.ui.forms import install_language

    install_language("en")
    now = datetime(2027, 1, 15, 10, 0, tzinfo=timezone.utc)
    assert since("2027-01-15T09:04:00Z", now) == "56 min"  # not "0 h"
    assert since("2027-01-15T07:30:00Z", now) == "2 h"
    assert since("2027-01-14T08:00:00Z", now) == "1 d 2 h"


def test_a_colleague_taking_the_laptop_gets_the_language_she_chooses(qtbot, store, clerk):
    from continuity import i18n

    application = Application(store.path.parent, language="en", lock_minutes=10)
    try:
        main = signed_in(qtbot, application)
        assert main.tabs.tabText(0) == "&Bed board"
        switch = main.switch_user()
        switch.language.setCurrentIndex(switch.language.findData("fr"))
        switch.user.setText("cadre")
        switch.password.setText(PASSWORD)
        switch.try_sign_in()
        qtbot.waitUntil(lambda: application.main is not main and application.main.window.isVisible(), timeout=WAIT)
        french = application.main
        qtbot.addWidget(french.window)
        assert french.tabs.tabText(0) == "&Tableau des lits" and french.session["user"] == "cadre"
        qtbot.waitUntil(lambda: not shiboken6.isValid(main.window), timeout=WAIT)  # the English window is gone
        qtbot.waitUntil(lambda: len(french.board.tiles) > 0, timeout=WAIT)
    finally:
        application.shutdown()
        i18n.set_language("en")


def test_forms_and_lists_show_the_ward_s_time_whatever_the_laptop_s_zone(qtbot, app, clerk):
    from datetime import datetime, timezone
    from zoneinfo import ZoneInfo

    from datetime import timedelta

    admitted = (datetime.now(timezone.utc) - timedelta(hours=3)).replace(second=0, microsecond=0)
    nda = adt.admit(clerk, add_woman(clerk, birth_name="Fuseau"), unit="GHR", bed="201",
                    at=admitted.strftime("%Y-%m-%dT%H:%M:%SZ")).values["nda"]
    main = signed_in(qtbot, app)
    dialog = main.movement("transfer", nda, "FUSEAU")
    shown = dialog.child("atEdit").dateTime()
    assert bytes(shown.timeZone().id()).decode() == "Europe/Paris"  # the example ward's zone, not this machine's
    paris = datetime.now(timezone.utc).astimezone(ZoneInfo("Europe/Paris"))
    assert shown.time().hour() == paris.hour or shown.time().hour() == (paris.hour - 1) % 24  # an hour may just have turned
    dialog.reject()
    main.open_patient(identity.search(clerk, "fuseau")[0]["ipp"])
    in_paris = admitted.astimezone(ZoneInfo("Europe/Paris")).strftime("%d/%m/%Y %H:%M")
    qtbot.waitUntil(lambda: in_paris in main.patients.page.toPlainText(), timeout=WAIT)  # the ward's time, not UTC


def test_it_verifies_the_audit_trail_checks_the_database_and_reads_the_fingerprint_in_the_window(qtbot, app):
    main = signed_in(qtbot, app, user="informatique")
    main.tabs.setCurrentWidget(main.sync.parentWidget())
    qtbot.waitUntil(lambda: bool(main.sync.status), timeout=WAIT)
    for button in (main.sync.audit_button, main.sync.check_button, main.sync.fingerprint_button):
        assert button.isVisible() and button.isEnabled()
    qtbot.mouseClick(main.sync.audit_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Audit trail intact" in main.sync.checks.text(), timeout=WAIT)
    qtbot.mouseClick(main.sync.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Database OK" in main.sync.checks.text(), timeout=WAIT)
    qtbot.mouseClick(main.sync.fingerprint_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "fingerprint" in main.sync.checks.text() and len(main.sync.checks.text().split(": ")[-1]) >= 32, timeout=WAIT)


def test_a_midwife_is_not_offered_it_s_checks(qtbot, app):
    main = signed_in(qtbot, app)
    main.tabs.setCurrentWidget(main.sync.parentWidget())
    qtbot.waitUntil(lambda: bool(main.sync.status), timeout=WAIT)
    assert not main.sync.audit_button.isVisible() and not main.sync.check_button.isVisible()


def test_a_search_with_no_result_says_so(qtbot, app):
    main = signed_in(qtbot, app)
    main.focus_search()
    qtbot.keyClicks(main.patients.search, "zzzinconnue")
    qtbot.waitUntil(lambda: "No patient found" in main.patients.found_label.text(), timeout=WAIT)
    assert main.patients.found_label.isVisible()


def test_a_wide_tile_leaves_no_empty_line_between_a_name_and_the_ipp(qtbot, qapp):
    from datetime import datetime, timezone

    from PySide6.QtGui import QFontMetrics

    from continuity.ui.bed_board import TILE_MIN_SIZE, BedBoard, BedTile
    from continuity.ui.forms import install_language

    install_language("en")
    board = BedBoard()
    qtbot.addWidget(board)
    now = datetime(2026, 11, 20, 16, 0, tzinfo=timezone.utc)
    tile = BedTile({"code": "URG"}, {"bed": "U3", "state": "occupied", "age": "30 y", "ipp": "900000001", "admitted_at": None,
                                     "newborns": [], "name": "LETELLIER Valérie (used name: THIERRY)"}, now, board.widget())
    tile.resize(TILE_MIN_SIZE.width(), tile.sizeHint().height())
    narrow_rows = len(next(parts for line, parts in tile.drawn_lines() if line.text.startswith("LETELLIER")))
    tile.resize(3 * TILE_MIN_SIZE.width(), tile.sizeHint().height())
    wide_rows = len(next(parts for line, parts in tile.drawn_lines() if line.text.startswith("LETELLIER")))
    assert wide_rows < narrow_rows  # the name takes fewer lines on a wide tile...
    tops = {line.text.split()[0]: (top, len(parts)) for line, parts, top in tile.laid_out()}
    name_top, name_rows = tops["LETELLIER"]
    spacing = QFontMetrics(tile._fonts["bold"], tile).lineSpacing()
    assert tops["IPP"][0] == name_top + name_rows * spacing  # ...and the IPP follows it at once: no empty line
