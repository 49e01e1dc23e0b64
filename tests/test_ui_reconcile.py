"""IT's reconciliation window, driven through its widgets (pytest-qt, offscreen) on a real workspace
built as tests/test_reconcile.py builds it: two laptops that edited the same phone number apart, a
bundle of laptop-1's lost from the share. Every wait is for an event, never for a duration."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import csv  # noqa: E402
import sys  # noqa: E402
import shutil  # noqa: E402

import pytest  # noqa: E402

from continuity.core.permissions import Role  # noqa: E402
from continuity.services import identity, reconcile  # noqa: E402
from continuity.ui.reconcile_client import ReconcileClient  # noqa: E402
from continuity.ui.reconcile_unlock import UnlockDialog  # noqa: E402
from continuity.ui.reconcile_window import ReconcileWindow  # noqa: E402
from tests.conftest import add_woman  # noqa: E402
from tests.sync_helpers import make_laptops  # noqa: E402
from tests import test_reconcile, test_reconcile_identities  # noqa: E402
from tests.test_reconcile import IT_PASSPHRASE, KIT_PASSPHRASE  # noqa: E402
from tests.ui_checks import duplicate_mnemonics, wait_usable  # noqa: E402

WAIT = 60_000  # a guard that ends a test that would hang
it_files = test_reconcile.it_files  # the kit and IT's key file, as the services' tests make them
twice = test_reconcile_identities.twice  # the same woman registered on two laptops (and a namesake)


@pytest.fixture
def ward(tmp_path, built_kit, it_files):
    """The share with laptop-1's third bundle missing (a gap), a conflict on a phone number, and a
    stick holding the missing bundle; the workspace made, nothing added yet."""
    one, two = make_laptops(tmp_path, built_kit, 2)
    ipp = add_woman(one.session(Role.CLERK), birth_name="Conflit")
    one.sync()
    two.sync()
    identity.update_patient(one.session(Role.CLERK), ipp, phone="0611111111")
    identity.update_patient(two.session(Role.CLERK), ipp, phone="0622222222")
    one.sync()
    two.sync()
    add_woman(one.session(Role.CLERK), birth_name="Perdue")
    one.sync()
    add_woman(one.session(Role.CLERK), birth_name="Apres")
    one.sync()
    stick = tmp_path / "stick"
    stick.mkdir()
    lost = one.subfolder / "00000003.cbundle"
    (stick / one.subfolder.name).mkdir()
    shutil.move(lost, stick / one.subfolder.name / lost.name)
    space = tmp_path / "workspace"
    kit_path, itkey = it_files
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, itkey, IT_PASSPHRASE)
    return {"space": space, "share": one.engine.root, "stick": stick, "ipp": ipp, "tmp": tmp_path}


def open_window(qtbot, space, *, language="en") -> ReconcileWindow:
    from continuity.ui.forms import install_language

    install_language(language)
    client = ReconcileClient(space, IT_PASSPHRASE)
    unlocked = []
    client.unlock(on_done=unlocked.append, on_refused=lambda m, f: unlocked.append(m))
    qtbot.waitUntil(lambda: bool(unlocked), timeout=WAIT)
    assert unlocked == [{"workspace": str(space)}]
    window = ReconcileWindow(client)
    qtbot.addWidget(window)
    window.show()
    window.refresh()
    return window


def idle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: not window.client.backend.working, timeout=WAIT)


def add_through_the_page(qtbot, window, *folders) -> dict:
    page = window.completeness
    page.add_folders([str(f) for f in folders])
    seen = []
    window.client.progressed.connect(lambda folder, done, total: seen.append((folder, done, total)))
    qtbot.mouseClick(page.import_button, pytest.importorskip("PySide6.QtCore").Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.outcome is not None or page.refused.text() != "", timeout=WAIT)
    assert page.refused.text() == ""
    return {"outcome": page.outcome, "progress": seen}


def test_the_passphrase_is_asked_never_shown_and_a_wrong_one_refused_beside_it(qtbot, ward):
    dialog = UnlockDialog(ward["space"])
    qtbot.addWidget(dialog)
    dialog.show()
    from PySide6.QtWidgets import QLineEdit

    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    dialog.passphrase.setText("not it")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=WAIT)
    assert "Wrong passphrase" in dialog.error.text() and dialog.error.isVisible()
    opened = []
    dialog.unlocked.connect(opened.append)
    dialog.passphrase.setText(IT_PASSPHRASE)
    with qtbot.waitSignal(dialog.unlocked, timeout=WAIT):
        dialog.submit()
    assert dialog.passphrase.text() == "" and opened[0].folder == ward["space"]
    opened[0].shutdown()


def test_a_workspace_is_made_from_the_window_with_the_same_checks(qtbot, tmp_path, it_files):
    kit_path, itkey = it_files
    dialog = UnlockDialog(tmp_path / "new-space")
    qtbot.addWidget(dialog)
    dialog.show()
    making = dialog.open_create()
    making.kit.setText(str(kit_path))
    making.kit_passphrase.setText(KIT_PASSPHRASE)
    making.it_key.setText(str(itkey))
    making.it_passphrase.setText(KIT_PASSPHRASE)  # the kit's, not IT's: refused beside IT's passphrase
    wait_usable(qtbot, making)
    making.submit()
    qtbot.waitUntil(lambda: making.errors["it_passphrase"].text() != "" or making.errors["other"].text() != "", timeout=WAIT)
    assert making.errors["it_passphrase"].text() != "", making.errors["other"].text()
    making.it_passphrase.setText(IT_PASSPHRASE)
    with qtbot.waitSignal(dialog.unlocked, timeout=WAIT) as opened:
        making.submit()
    assert (tmp_path / "new-space" / "workspace.key").exists()
    opened.args[0].shutdown()


def test_adding_folders_shows_progress_to_100_percent_and_what_came_in(qtbot, ward):
    window = open_window(qtbot, ward["space"])
    idle(qtbot, window)
    assert len(window.completeness.model.rows) >= 2 and not any(r["heard_from"] for r in window.completeness.model.rows)
    first = add_through_the_page(qtbot, window, ward["share"])
    assert first["outcome"]["imported_bundles"] > 0
    assert window.completeness.progress.value() == 100 and first["progress"][-1][1] == first["progress"][-1][2]
    assert "imported" in window.completeness.result.text()
    laptop_1 = next(r for r in window.completeness.model.rows if r["name"] == "laptop-1")
    assert laptop_1["gap"] == [3, 3] and laptop_1["blocks"]
    assert "laptop-1: bundle 3 missing" in window.completeness.blocking.text()
    assert window.completeness.folders.count() == 0  # imported: the list is emptied
    second = add_through_the_page(qtbot, window, ward["stick"])
    assert second["outcome"]["imported_bundles"] >= 1 and window.completeness.blocking.text() == ""
    idle(qtbot, window)
    wait_usable(qtbot, window)


def test_a_folder_that_is_not_there_is_refused_on_the_page(qtbot, ward):
    window = open_window(qtbot, ward["space"])
    page = window.completeness
    page.add_folders([str(ward["tmp"] / "nowhere")])
    page.import_folders()
    qtbot.waitUntil(lambda: page.refused.text() != "", timeout=WAIT)
    assert "cannot be read" in page.refused.text() and page.import_button.isEnabled()


def test_it_decides_a_conflict_in_the_window(qtbot, ward):
    reconcile.add(ward["space"], IT_PASSPHRASE, [ward["share"]])
    window = open_window(qtbot, ward["space"])
    window.tabs.setCurrentWidget(window.conflicts)
    qtbot.waitUntil(lambda: window.conflicts.model.rowCount() == 1, timeout=WAIT)
    row = window.conflicts.model.rows[0]
    assert {row["in_force"], row["other"]} == {"0611111111", "0622222222"} and "laptop-" in row["in_force_from"]
    wait_usable(qtbot, window)
    window.conflicts.other_button.click()
    qtbot.waitUntil(lambda: window.conflicts.result.text() != "", timeout=WAIT)
    qtbot.waitUntil(lambda: window.conflicts.model.rowCount() == 0, timeout=WAIT)
    assert row["other"] in window.conflicts.result.text() and "No open conflict" in window.conflicts.empty.text()
    assert reconcile.conflicts(ward["space"], IT_PASSPHRASE) == []


def test_a_gap_is_signed_off_only_with_a_reason(qtbot, ward):
    reconcile.add(ward["space"], IT_PASSPHRASE, [ward["share"]])
    window = open_window(qtbot, ward["space"])
    page = window.signoff
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.laptop.count() > 0, timeout=WAIT)
    assert page.laptop.currentText() == "laptop-1" and "missing" in page.blocking.text()
    wait_usable(qtbot, window)
    page.reason.setText("   ")
    page.sign_button.click()
    qtbot.waitUntil(lambda: page.reason_error.text() != "", timeout=WAIT)
    assert "Say why" in page.reason_error.text() and page.reason_error.isVisible()
    assert reconcile.status(ward["space"], IT_PASSPHRASE)["blocking"] != []
    page.reason.setText("clé USB perdue, le paquet 3 ne viendra pas")
    page.sign_button.click()
    qtbot.waitUntil(lambda: page.result.text() != "", timeout=WAIT)
    assert "1 item signed off for laptop-1" in page.result.text() and page.reason_error.text() == ""
    assert reconcile.status(ward["space"], IT_PASSPHRASE)["blocking"] == []


def test_a_number_is_mapped_typed_then_a_csv_shows_its_columns_and_bad_rows(qtbot, ward):
    reconcile.add(ward["space"], IT_PASSPHRASE, [ward["share"], ward["stick"]])
    window = open_window(qtbot, ward["space"])
    page = window.numbers
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.unmapped.count() == 3, timeout=WAIT)
    wait_usable(qtbot, window)
    first, second = page.unmapped.item(0).text(), page.unmapped.item(1).text()
    page.unmapped.setCurrentRow(0)
    assert page.downtime.text() == first
    page.definitive.setText("12AB")
    page.map_button.click()
    qtbot.waitUntil(lambda: page.map_error.text() != "", timeout=WAIT)
    assert "digits" in page.map_error.text()
    page.definitive.setText("1234567")
    page.map_button.click()
    qtbot.waitUntil(lambda: page.unmapped.count() == 2, timeout=WAIT)
    assert page.map_error.text() == "" and "1 number mapped" in page.result.text()
    sheet = ward["tmp"] / "main-system.csv"
    sheet.write_text(f"IPP_provisoire;IPP_definitif\n{second};2000001\n999;2000002\n", encoding="utf-8")
    page.import_csv(sheet)
    qtbot.waitUntil(lambda: "CSV columns used" in page.result.text(), timeout=WAIT)
    assert "IPP_provisoire" in page.result.text() and "line 3" in page.result.text()
    assert page.unmapped.count() == 1
    page.import_csv(ward["tmp"] / "absent.csv")
    qtbot.waitUntil(lambda: page.csv_error.text() != "", timeout=WAIT)


def test_a_blocked_export_is_refused_then_forced_with_a_reason(qtbot, ward):
    reconcile.add(ward["space"], IT_PASSPHRASE, [ward["share"]])
    window = open_window(qtbot, ward["space"])
    page = window.export
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: "missing" in page.blocking.text(), timeout=WAIT)
    wait_usable(qtbot, window)
    out = ward["tmp"] / "export"
    page.destination.setText(str(out))
    page.export_button.click()
    qtbot.waitUntil(lambda: page.format_error.text() != "", timeout=WAIT)
    assert "refused while something blocks it" in page.format_error.text() and not out.exists()
    page.force.setChecked(True)
    page.export_button.click()
    qtbot.waitUntil(lambda: page.reason_error.text() != "", timeout=WAIT)
    assert "Say why" in page.reason_error.text() and not out.exists()
    page.reason.setText("l'ordinateur 1 a été volé")
    page.export_button.click()
    qtbot.waitUntil(lambda: page.outcome is not None, timeout=WAIT)
    assert page.outcome["forced"] and "Written to" in page.result.text()
    with open(out / "patients.csv", encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle, delimiter=";"))) == page.outcome["rows"]["patients"] >= 1  # what arrived before the gap


def test_an_unblocked_csv_export_writes_its_files_and_a_missing_writer_is_a_refusal(qtbot, ward, monkeypatch):
    from continuity.services import reconcile_export

    reconcile.add(ward["space"], IT_PASSPHRASE, [ward["share"], ward["stick"]])
    window = open_window(qtbot, ward["space"])
    page = window.export
    window.tabs.setCurrentWidget(page)
    idle(qtbot, window)
    out = ward["tmp"] / "export"
    page.destination.setText(str(out))
    page.export_button.click()
    qtbot.waitUntil(lambda: page.outcome is not None, timeout=WAIT)
    assert not page.outcome["forced"] and {p.name for p in out.iterdir()} >= {"patients.csv", "stays.csv", "movements.csv"}
    page.format.setCurrentIndex(page.format.findData("fhir"))
    assert not page.batch.isEnabled() and not page.mllp.isEnabled()  # HL7's options only
    page.destination.setText(str(ward["tmp"] / "periode.json"))
    page.outcome = None
    page.export_button.click()
    qtbot.waitUntil(lambda: page.outcome is not None or page.format_error.text() != "", timeout=WAIT)
    assert page.format_error.text() == "" and (ward["tmp"] / "periode.json").exists()
    page.format.setCurrentIndex(page.format.findData("hl7"))
    page.batch.setChecked(True)
    page.destination.setText(str(ward["tmp"] / "periode.hl7"))
    page.outcome = None
    page.export_button.click()
    qtbot.waitUntil(lambda: page.outcome is not None or page.format_error.text() != "", timeout=WAIT)
    assert page.format_error.text() == "" and (ward["tmp"] / "periode.hl7").read_bytes().startswith(b"FHS|")
    monkeypatch.setitem(reconcile_export.WRITERS, "hl7", "continuity.interop.no_such_writer")
    page.format.setCurrentIndex(page.format.findData("hl7"))
    page.destination.setText(str(ward["tmp"] / "out.hl7"))
    page.export_button.click()
    qtbot.waitUntil(lambda: page.format_error.text() != "", timeout=WAIT)
    assert "not in this version" in page.format_error.text() and window.isVisible()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_page_fits_a_small_screen_with_unique_alt_shortcuts(qtbot, ward, language):
    import shiboken6

    from continuity import i18n

    reconcile.add(ward["space"], IT_PASSPHRASE, [ward["share"]])
    try:
        window = open_window(qtbot, ward["space"], language=language)
        screens = {}
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            idle(qtbot, window)
            inputs = wait_usable(qtbot, window)
            assert all(w.isEnabled() for w in inputs if w.objectName() in ("refreshButton", "addFoldersButton", "exportButton",
                                                                             "signoffButton", "mapButton", "csvButton"))
            screens[window.tabs.tabText(index)] = duplicate_mnemonics(window)
        assert {name: dups for name, dups in screens.items() if dups} == {}
        assert window.problems in window.pages()  # the pages checked are those of the window, new ones included
        window.lock()  # the locked window and its passphrase dialog fit too
        qtbot.waitUntil(lambda: window.unlock_dialog is not None and window.unlock_dialog.isVisible(), timeout=WAIT)
        wait_usable(qtbot, window.unlock_dialog)
        assert duplicate_mnemonics(window) == {} and duplicate_mnemonics(window.unlock_dialog) == {}
        window.unlock_dialog.reject()  # put aside: deleted, the locked page's button asks again
        qtbot.waitUntil(lambda: not shiboken6.isValid(window.unlock_dialog), timeout=WAIT)
        wait_usable(qtbot, window)
        dialog = UnlockDialog(ward["space"])
        qtbot.addWidget(dialog)
        dialog.show()
        wait_usable(qtbot, dialog)
        making = dialog.open_create()
        wait_usable(qtbot, making)
        assert duplicate_mnemonics(dialog) == {} and duplicate_mnemonics(making) == {}
        making.reject()
    finally:
        i18n.set_language("en")


def test_the_checks_see_a_duplicate_shortcut(qtbot, ward):
    """The Alt check is not vacuous: a second "&Refresh" on a page is found."""
    from PySide6.QtWidgets import QPushButton

    window = open_window(qtbot, ward["space"])
    window.completeness.layout().addWidget(QPushButton("&Reload"))
    idle(qtbot, window)
    assert "r" in duplicate_mnemonics(window)


def test_a_short_soak_keeps_memory_flat(qtbot, ward):
    """Add, status and refresh again and again (the workspace kept unlocked): the process memory
    after a warm-up stays within a bound."""
    import gc

    def rss_mb() -> float:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    window = open_window(qtbot, ward["space"])
    page = window.completeness
    marks = []
    for round_ in range(80):
        page.add_folders([str(ward["share"]), str(ward["stick"])])
        page.outcome = None
        page.import_folders()
        qtbot.waitUntil(lambda: page.outcome is not None, timeout=WAIT)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            idle(qtbot, window)
        gc.collect()
        if round_ in (19, 79):  # after a warm-up (the first imports, the caches), then at the end
            marks.append((rss_mb(), sys.getrefcount(None)))
    assert page.outcome["imported_bundles"] == 0  # nothing new after the first round
    print("reconcile window soak (MB, references to None):", marks)
    assert marks[1][0] - marks[0][0] < 20, marks  # a leak of one status (laptops, counts) a round would pass this
    assert marks[1][1] >= marks[0][1] - 50, marks  # references to None never fall (see continuity/ui/soak.py)


def test_a_kept_key_skips_the_derivation_and_never_lets_a_wrong_passphrase_in(ward, monkeypatch):
    from continuity.reconcile import workspace as workspaces
    from continuity.services import reconcile_unlock

    derived = []
    unwrap = workspaces._unwrap
    monkeypatch.setattr(workspaces, "_unwrap", lambda wrapped, passphrase: derived.append(1) or unwrap(wrapped, passphrase))
    reconcile_unlock.keep_open(ward["space"], IT_PASSPHRASE)
    try:
        assert len(derived) == 1
        reconcile.status(ward["space"], IT_PASSPHRASE)
        assert len(derived) == 1  # kept: not derived again
        with pytest.raises(workspaces.WorkspaceError, match="Wrong passphrase"):
            reconcile.status(ward["space"], "not it")
        with pytest.raises(workspaces.WorkspaceError, match="Wrong passphrase"):
            reconcile_unlock.keep_open(ward["space"], "not it")
    finally:
        reconcile_unlock.let_go(ward["space"])
    reconcile.status(ward["space"], IT_PASSPHRASE)
    assert len(derived) == 4  # let go: derived again


def test_the_command_opens_the_window_with_the_passphrase_of_the_environment(qtbot, ward, monkeypatch):
    """``continuity reconcile window`` hands CONTINUITY_IT_PASSPHRASE to the window (and takes it out
    of the environment); a wrong one is said in the dialog, the right one opens the window."""
    from click.testing import CliRunner

    from continuity.cli.main import cli
    from continuity.ui import reconcile_app

    asked = []
    monkeypatch.setattr(reconcile_app, "run", lambda folder, passphrase=None, language=None, lock_minutes=None:
                        asked.append((folder, passphrase, lock_minutes)) or 0)
    monkeypatch.setenv("CONTINUITY_IT_PASSPHRASE", IT_PASSPHRASE)
    done = CliRunner().invoke(cli, ["reconcile", "window", str(ward["space"])])
    assert done.exit_code == 0, done.output
    assert asked == [(ward["space"], IT_PASSPHRASE, 10)] and "CONTINUITY_IT_PASSPHRASE" not in os.environ
    monkeypatch.setenv("CONTINUITY_LOCK_MINUTES", "3")  # the ward window's setting locks this one too
    CliRunner().invoke(cli, ["reconcile", "window", str(ward["space"])])
    assert asked[-1][2] == 3

    application = reconcile_app.ReconcileApplication(ward["space"], language="en", lock_minutes=3)
    wrong = application.start("not it")
    qtbot.addWidget(wrong)
    qtbot.waitUntil(lambda: wrong.error.text() != "", timeout=WAIT)
    assert application.window is None and wrong.isVisible()
    right = application.start(IT_PASSPHRASE)
    qtbot.addWidget(right)
    qtbot.waitUntil(lambda: application.window is not None, timeout=WAIT)
    qtbot.addWidget(application.window)
    assert application.window.isVisible() and not right.isVisible()
    assert application.window.lock_timer.isActive() and application.window.lock_timer.interval() == 3 * 60_000
    application.shutdown()


def duplicates_page(qtbot, space, ready):
    """The window open on its Duplicates page, once ``ready(page)`` holds and nothing is read any more."""
    window = open_window(qtbot, space)
    page = window.duplicates
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: ready(page), timeout=WAIT)
    idle(qtbot, window)
    wait_usable(qtbot, window)
    return window, page


def test_a_duplicate_is_shown_side_by_side_merged_undone_and_declared_two_people(qtbot, twice):
    space, first, second, _other = twice
    window, page = duplicates_page(qtbot, space, lambda page: page.model.rowCount() == 1)
    pair = page.model.rows[0]
    assert {pair["one"]["ipp"], pair["other"]["ipp"]} == {first, second} and "same birth date" in pair["why"]
    sides = {row["label"]: (row["one"], row["other"]) for row in page.side_model.rows}
    assert sides["Birth date"] == ("14/03/1991", "14/03/1991") and {*sides["Registered on"]} == {"laptop-1", "laptop-2"}
    page.keep.setCurrentIndex(page.keep.findData(first))
    page.merge_button.click()  # no reason: refused beside it
    qtbot.waitUntil(lambda: page.reason_error.text() != "", timeout=WAIT)
    assert "Say why" in page.reason_error.text() and page.merges_model.rowCount() == 0
    page.reason.setText("Même femme, nom mal orthographié")
    page.merge_button.click()
    qtbot.waitUntil(lambda: page.merges_model.rowCount() == 1 and page.model.rowCount() == 0, timeout=WAIT)
    assert f"IPP {second} merged into IPP {first}" in page.result.text() and page.reason_error.text() == ""
    assert reconcile.status(space, IT_PASSPHRASE)["merges"] == 1
    page.merges.selectRow(0)
    page.reason.setText("Erreur : deux sœurs")
    page.undo_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 1 and bool(page.merges_model.rows[0]["undone_at"]), timeout=WAIT)
    assert not page.undo_button.isEnabled()  # an undone merge cannot be undone again
    page.reason.setText("Deux sœurs, vérifié au dossier papier")
    page.distinct_button.click()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0 and "different people" in page.result.text(), timeout=WAIT)
    assert "No probable duplicate" in page.empty.text()


def test_the_period_is_prepared_then_approved_by_someone_else_and_its_report_written(qtbot, twice, tmp_path):
    space = twice[0]
    window = open_window(qtbot, space)
    page = window.period
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: "Nobody has prepared" in page.state.text(), timeout=WAIT)
    wait_usable(qtbot, window)
    page.person.setText("Alice Informaticienne")
    page.prepare_button.click()
    qtbot.waitUntil(lambda: "Waiting for someone else" in page.state.text(), timeout=WAIT)
    page.person.setText("alice informaticienne")
    page.approve_button.click()  # the same person: refused beside the name
    qtbot.waitUntil(lambda: page.person_error.text() != "", timeout=WAIT)
    assert "someone other than" in page.person_error.text()
    page.person.setText("Bruno Relecteur")
    page.approve_button.click()
    qtbot.waitUntil(lambda: "the period is signed off" in page.state.text(), timeout=WAIT)
    assert reconcile.status(space, IT_PASSPHRASE)["period"]["signed_off"]
    page.write_report(tmp_path / "periode.html")
    qtbot.waitUntil(lambda: "report written" in page.result.text() or page.report_error.text() != "", timeout=WAIT)
    assert page.report_error.text() == "" and (tmp_path / "periode.html").read_text(encoding="utf-8").count("Bruno Relecteur") >= 1


def test_a_declaration_of_two_people_is_taken_back_only_with_a_reason(qtbot, twice):
    from continuity.services import reconcile_identities

    space, first, second, _other = twice
    reconcile_identities.distinct(space, IT_PASSPHRASE, first, second, "Deux sœurs")
    _window, page = duplicates_page(qtbot, space, lambda page: page.declarations_model.rowCount() == 1)
    assert page.model.rowCount() == 0 and not page.take_back_button.isEnabled()  # nothing chosen yet
    declared = page.declarations_model.rows[0]
    assert {declared["ipp"], declared["other_ipp"]} == {first, second} and declared["reason"] == "Deux sœurs"
    page.declarations.selectRow(0)
    assert page.take_back_button.isEnabled()
    page.take_back_button.click()  # no reason: refused beside it, the declaration holds
    qtbot.waitUntil(lambda: page.reason_error.text() != "", timeout=WAIT)
    assert "Say why" in page.reason_error.text() and len(reconcile_identities.declarations(space, IT_PASSPHRASE)) == 1
    page.reason.setText("Erreur : c'est la même femme")
    page.take_back_button.click()
    qtbot.waitUntil(lambda: page.declarations_model.rowCount() == 0 and page.model.rowCount() == 1, timeout=WAIT)
    assert "no longer declared different people" in page.result.text() and page.reason_error.text() == ""
    assert reconcile_identities.declarations(space, IT_PASSPHRASE) == [] and not page.take_back_button.isEnabled()


def _impossible_timeline(tmp_path, built_kit, it_files):
    """A workspace with one stay discharged before her admission (as a laptop with its clock wrong
    would send it): tests/test_reconcile_identities.py makes it so."""
    from continuity.reconcile import workspace as workspaces
    from continuity.services import adt

    (one,) = make_laptops(tmp_path, built_kit, 1)
    ipp = add_woman(one.session(Role.CLERK), birth_name="Perrin", first_names="Lucie", birth_date="1992-04-04")
    nda = adt.admit(one.session(Role.CLERK), ipp, unit="SDN", bed="SN1", at="2026-11-20T08:00:00+01:00").values["nda"]
    one.sync()
    space = tmp_path / "workspace"
    kit_path, itkey = it_files
    reconcile.open_new(space, kit_path, KIT_PASSPHRASE, itkey, IT_PASSPHRASE)
    reconcile.add(space, IT_PASSPHRASE, [one.engine.root])

    def break_it() -> None:
        store = workspaces.open_workspace(space, IT_PASSPHRASE).store
        try:
            stay = next(store.db.query("SELECT id FROM stays WHERE nda = ?", [nda]))["id"]
            with store.write("it-key") as tx:
                tx.set("stay", stay, {"discharged_at": "2026-11-19T07:00:00Z", "status": "discharged"})
        finally:
            store.close()

    return space, ipp, nda, break_it


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_to_decide_page_lists_an_impossible_timeline_in_words_and_the_wards_time(qtbot, tmp_path, built_kit, it_files, language):
    from continuity import i18n
    from continuity.i18n.labels import local_time

    space, ipp, nda, break_it = _impossible_timeline(tmp_path, built_kit, it_files)
    try:
        window = open_window(qtbot, space, language=language)
        page = window.problems
        window.tabs.setCurrentWidget(page)
        qtbot.waitUntil(lambda: page.problems is not None, timeout=WAIT)
        assert page.model.rowCount() == 0 and page.summary.text().startswith(("Nothing to decide", "Rien à trancher"))
        break_it()
        page.problems = None
        window.client.changed.emit()  # something was decided elsewhere: the page reads again
        qtbot.waitUntil(lambda: page.problems is not None and page.model.rowCount() > 0, timeout=WAIT)
        idle(qtbot, window)
        wait_usable(qtbot, window)
        shown = [[page.model.data(page.model.index(r, c)) for c in range(page.model.columnCount())] for r in range(page.model.rowCount())]
        rule = "discharged before being admitted" if language == "en" else "sortie avant son admission"
        assert [rule, ipp, nda, "", local_time("2026-11-20T07:00:00Z"), local_time("2026-11-19T07:00:00Z")] in shown
        assert len(shown) == 2  # her admission movement now comes after her discharge too
        assert page.summary.text().endswith(("impossible timelines: 2", "chronologies impossibles : 2"))
    finally:
        i18n.set_language("en")


def test_left_idle_the_window_locks_forgets_the_passphrase_and_keeps_what_was_typed(qtbot, twice):
    import shiboken6

    from continuity.reconcile import workspace as workspaces

    space = twice[0]
    window = open_window(qtbot, space)
    page = window.duplicates
    window.tabs.setCurrentWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
    idle(qtbot, window)
    page.reason.setText("Même femme, à vérifier")
    assert window.lock_timer.isActive() and window.lock_timer.interval() == 10 * 60_000  # the ward window's default
    window.lock_timer.setInterval(50)  # as the ward window's lock test does
    window.lock_timer.start()
    qtbot.waitUntil(window.is_locked, timeout=WAIT)
    dialog = window.unlock_dialog
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=WAIT)
    assert window.stack.currentWidget().objectName() == "lockedPage" and not window.tabs.isVisible()
    assert not window.client.holds_passphrase() and space.resolve() not in workspaces._kept
    assert not dialog.create_button.isVisible()
    wait_usable(qtbot, dialog)
    dialog.passphrase.setText("not it")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=WAIT)
    assert "Wrong passphrase" in dialog.error.text() and window.is_locked() and not window.client.holds_passphrase()
    dialog.close()  # put aside: the window stays locked, its button asks again
    assert window.is_locked()
    again = window.ask_passphrase()
    again.passphrase.setText(IT_PASSPHRASE)
    again.submit()
    qtbot.waitUntil(lambda: not window.is_locked(), timeout=WAIT)
    qtbot.waitUntil(lambda: not shiboken6.isValid(again) and not shiboken6.isValid(dialog), timeout=WAIT)  # closed: none left behind
    assert page.reason.text() == "Même femme, à vérifier" and window.tabs.currentWidget() is page
    assert window.client.holds_passphrase() and space.resolve() in workspaces._kept and window.lock_timer.isActive()
    page.model.set_rows([])
    window.refresh()  # the calls work again with the passphrase typed
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT)
