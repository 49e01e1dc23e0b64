"""``make screenshots``: every window, dialog and menu, in French and English, on a 1366x768 and
a 1024x768 screen, on an invented demo ward, into a folder of PNG files
(``python -m continuity.ui.screenshots OUT``). A dialog or a menu is shot over the window it opens
from, where it opens, so that what a person sees is what is looked at (and what would fall off the
screen shows)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QPoint, QTimer  # noqa: E402
from PySide6.QtGui import QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication, QMenu, QWidget  # noqa: E402

from continuity.services import demo, enrolment, identity, kit, sync  # noqa: E402
from continuity.services.session import open_session  # noqa: E402
from continuity.ui.app import Application  # noqa: E402

SIZES = ((1366, 768), (1024, 768))


def pump(ms: int = 400) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_for(condition, timeout_ms: int = 15_000) -> None:
    waited = 0
    while not condition() and waited < timeout_ms:
        pump(50)
        waited += 50


def prepare(root: Path) -> Path:
    """A demo ward (laptop-1) that has synced with laptop-2 through a folder, one file set aside."""
    folder, share = root / "laptop-1", root / "share"
    share.mkdir()
    demo.build_demo(folder, patients=2000, kit_out=root / "demo.kit")
    package = kit.open_kit(kit.packages_folder(root / "demo.kit") / "laptop-2.enrol", demo.DEMO_PASSPHRASE)
    enrolment.enrol_folder(root / "laptop-2", package, "laptop-2")
    clerk = open_session(root / "laptop-2", "demo-clerk", demo.DEMO_PASSWORD)
    other = clerk.store
    identity.add_patient(clerk, birth_name="Nouvelle", first_names="Arrivée", birth_date="1994-04-04", sex="F")
    sync.set_folder(clerk, share)  # chosen as in the window: the folder is marked as this ward's
    sync.sync_once(clerk, share)
    bad = next(share.glob("laptop-2--*")) / "00000009.cbundle"
    bad.write_bytes(b"CONTINUITY-BUNDLE-1\n garbage")
    other.close()
    supervisor = open_session(folder, "demo-supervisor", demo.DEMO_PASSWORD)
    here = supervisor.store
    # Registered here too, spelt otherwise: once laptop-2's record arrives, sync lists the pair and why.
    demo.add_invented(supervisor, birth_name="Nouvele", first_names="Arrivée", birth_date="1994-04-04", sex="F")
    sync.set_folder(supervisor, share)
    sync.sync_once(supervisor, share, settle_seconds=0)
    sync.sync_once(supervisor, share, settle_seconds=0)
    corrected = identity.search(supervisor, "nouvelle")[0]["ipp"]  # an identity corrected: its history shows
    identity.update_patient(supervisor, corrected, first_names="Arrivée Lou", used_first_name="Lou")
    here.close()
    return folder


def shoot(widget: QWidget, path: Path, *over: QWidget) -> None:
    """``widget`` (a window), with the dialogs or menus ``over`` it drawn where they are on screen."""
    pump(300)
    picture = widget.grab()
    if over:
        painter = QPainter(picture)
        origin = widget.mapToGlobal(QPoint(0, 0))
        for top in over:
            painter.drawPixmap(top.mapToGlobal(QPoint(0, 0)) - origin, top.grab())
        painter.end()
    picture.save(str(path))
    print(path)


def signed_in(folder: Path, language: str, user: str, login_shot: Path | None = None) -> Application:
    """The application started and ``user`` signed in, its window shown at the screenshots' size."""
    app = Application(folder, language=language)
    login = app.start()
    login.user.setText(user)
    if login_shot is not None:
        shoot(login, login_shot)
    login.password.setText(demo.DEMO_PASSWORD)
    login.try_sign_in()
    wait_for(lambda: app.main is not None and app.main.window.isVisible())
    return app


def popup() -> QWidget:
    wait_for(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    return QApplication.activePopupWidget()


def capture(folder: Path, out: Path, language: str) -> None:
    app = signed_in(folder, language, "demo-midwife", out / f"{language}-01-login.png")
    main = app.main
    wait_for(lambda: len(main.board.tiles) > 0)
    shoot(main.window, out / f"{language}-02-bed-board.png")
    mother_tile = next(t for t in main.board.tiles.values() if t.bed.get("newborns"))
    mother = mother_tile.bed
    main.board.ensureWidgetVisible(mother_tile)
    mother_tile.setFocus()
    main.bed_menu(mother_tile.unit, mother)
    shoot(main.window, out / f"{language}-03-bed-menu-mother-and-babies.png", popup())
    QApplication.activePopupWidget().close()
    free_tile = next(t for t in main.board.tiles.values() if t.bed["state"] == "free")
    main.board.ensureWidgetVisible(free_tile)
    main.bed_menu(free_tile.unit, free_tile.bed)
    shoot(main.window, out / f"{language}-04-bed-menu-free-bed.png", popup())
    QApplication.activePopupWidget().close()
    closing = main.close_bed(free_tile.unit["code"], free_tile.bed["bed"])
    shoot(main.window, out / f"{language}-05-close-bed-reason.png", closing)
    closing.reject()
    main.open_patient(mother["ipp"])
    wait_for(lambda: mother["ipp"] in main.patients.page.toPlainText())
    main.patients.search.setText(mother["name"].split()[0].lower())
    wait_for(lambda: main.patients.model.rowCount() > 0)
    shoot(main.window, out / f"{language}-06-patient.png")
    main.tabs.setCurrentIndex(0)
    dialog = main.open_admission("GHR")
    known = identity_of(main, mother)
    dialog.w["birthNameEdit"].setText(known[0])
    dialog.w["firstNamesEdit"].setText(known[1])
    dialog.w["birthDateEdit"].setText(known[2])
    wait_for(lambda: dialog.w["matchesList"].count() > 0)
    shoot(main.window, out / f"{language}-07-admission-duplicate.png", dialog)
    dialog.reject()
    birth = main.birth(mother["nda"], mother["name"])
    shoot(main.window, out / f"{language}-08-birth.png", birth)
    birth.reject()
    transfer = main.movement("transfer", mother["nda"], mother["name"])
    wait_for(lambda: transfer.child("unitBox").count() > 0)
    shoot(main.window, out / f"{language}-09-transfer.png", transfer)
    transfer.reject()
    discharge = main.movement("discharge", mother["nda"], mother["name"])
    shoot(main.window, out / f"{language}-10-discharge.png", discharge)
    discharge.reject()
    baby = mother["newborns"][0]
    main.board.ensureWidgetVisible(mother_tile)
    mother_tile.clicked_newborn = baby  # as a click on the baby's line leaves it
    main.bed_menu(mother_tile.unit, mother)
    mother_tile.clicked_newborn = None
    shoot(main.window, out / f"{language}-10b-baby-menu.png", popup())
    QApplication.activePopupWidget().close()
    weighing = main.weigh(baby)
    shoot(main.window, out / f"{language}-10c-weight.png", weighing)
    weighing.reject()
    main.tabs.setCurrentWidget(main.sync.parentWidget())
    main.sync.refresh()
    wait_for(lambda: bool(main.sync.status))
    shoot(main.window, out / f"{language}-11-sync.png")
    chooser = main.sync.choose_folder()
    shoot(main.window, out / f"{language}-11b-sync-folder-chooser.png", chooser)
    chooser.reject()
    from continuity.services import sync as sync_service

    told = main.tell_recovery(sync_service.recovery_text({"bundles": [4, 5, 6], "entries": 212, "renumbered": 9, "new_numbers": [
        {"kind": "ipp", "old": "900000051", "new": "900000058", "birth_name": "Exemple", "first_names": ["Anne"]}]}))
    shoot(main.window, out / f"{language}-11c-restored-laptop-notice.png", told)
    told.accept()
    main.tabs.setCurrentWidget(main.today.parentWidget())
    shoot(main.window, out / f"{language}-12-today.png")
    password = main.change_password()
    password.new.setText("azertyuiop12")
    password.again.setText("azertyuiop12")
    password.current.setText("demo")
    password.submit()  # refused by the policy: the reason next to the new password
    wait_for(lambda: password.new_error.isVisible())
    shoot(main.window, out / f"{language}-12b-change-password.png", password)
    for edit in (password.current, password.new, password.again):
        edit.clear()
    password.reject()
    main.lock()
    shoot(main.window, out / f"{language}-13-locked-unlock.png", main._sign_in)
    main.window.close()
    app.shutdown()
    capture_rota(folder, out, language)


def capture_rota(folder: Path, out: Path, language: str) -> None:
    """The supervisor's rota tab on the demo ward (all units, then the birth suite) and its dialogs."""
    app = signed_in(folder, language, "demo-supervisor")
    main = app.main
    reader = open_session(folder, "demo-supervisor", demo.DEMO_PASSWORD)
    corrected = identity.search(reader, "nouvelle")[0]["ipp"]
    reader.store.close()
    main.open_patient(corrected)  # a supervisor reads each identity change, old → new
    wait_for(lambda: "→" in main.patients.page.toPlainText())
    shoot(main.window, out / f"{language}-06b-patient-identity-changes.png")
    main.tabs.setCurrentWidget(main.rota.parentWidget())
    view = main.rota
    wait_for(lambda: view.model.rowCount() > 0)
    wait_for(lambda: not app.backend.working)
    shoot(main.window, out / f"{language}-14-rota.png")
    view.unit_box.setCurrentIndex(view.unit_box.findData("SDN"))
    wait_for(lambda: view.model.grid.get("unit") == "SDN")
    wait_for(lambda: not app.backend.working)
    shoot(main.window, out / f"{language}-15-rota-birth-suite.png")
    for button, name in (("absenceButton", "16-rota-absence"), ("copyButton", "17-rota-copy-week"), ("fillButton", "18-rota-fill")):
        view.buttons[button].click()
        dialog = view.dialogs[-1]
        wait_for(dialog.isVisible)
        shoot(main.window, out / f"{language}-{name}.png", dialog)
        if button == "fillButton":
            dialog.start()
            wait_for(lambda: dialog.outcome is not None, timeout_ms=60_000)
            shoot(main.window, out / f"{language}-19-rota-fill-done.png", dialog)
        dialog.reject()
    main.window.close()
    app.shutdown()


def disagree(root: Path) -> None:
    """What IT's workspace is for: both laptops typed another phone number for the same woman
    (a conflict), and one of laptop-2's bundles never reached the share (a gap that blocks)."""
    share = root / "share"
    two = open_session(root / "laptop-2", "demo-clerk", demo.DEMO_PASSWORD)
    one = open_session(root / "laptop-1", "demo-clerk", demo.DEMO_PASSWORD)
    ipp = identity.search(two, "nouvelle")[0]["ipp"]
    identity.update_patient(two, ipp, phone="0611111111")
    sync.sync_once(two, share, settle_seconds=0)
    identity.update_patient(one, ipp, phone="0622222222")  # before laptop-2's change reached it
    sync.sync_once(one, share, settle_seconds=0)
    for name in ("Perdue", "Apres"):
        identity.add_patient(two, birth_name=name, first_names="Inventée", birth_date="1991-01-01", sex="F")
        sync.sync_once(two, share, settle_seconds=0)
    bundles = sorted(p for p in next(share.glob("laptop-2--*")).glob("*.cbundle") if p.name != "00000009.cbundle")
    bundles[-2].rename(root / "lost.cbundle")
    one.store.close()
    two.store.close()


def capture_reconcile(root: Path, out: Path, language: str) -> None:
    """IT's reconciliation window on a workspace of the demo kit: the passphrase asked (a wrong one
    refused), a new workspace's dialog, then each page after the share is gathered through it."""
    from continuity.services import reconcile
    from continuity.ui.forms import install_language
    from continuity.ui.reconcile_app import ReconcileApplication

    space = root / f"workspace-{language}"
    reconcile.open_new(space, root / "demo.kit", demo.DEMO_PASSPHRASE, root / "demo.kit.itkey", demo.DEMO_IT_PASSPHRASE)
    install_language(language)
    app = ReconcileApplication(space, language=language)
    dialog = app.start()
    dialog.passphrase.setText("not the passphrase")
    dialog.submit()
    wait_for(lambda: dialog.error.text() != "")
    shoot(dialog, out / f"{language}-20-reconcile-passphrase.png")
    making = dialog.open_create()
    making.kit.setText(str(root / "demo.kit"))
    shoot(making, out / f"{language}-21-reconcile-new-workspace.png")
    making.reject()
    dialog.passphrase.setText(demo.DEMO_IT_PASSPHRASE)
    dialog.submit()
    wait_for(lambda: app.window is not None)
    window = app.window
    page = window.completeness
    wait_for(lambda: bool(page.status))
    page.add_folders([str(root / "share")])
    page.import_folders()
    wait_for(lambda: page.outcome is not None, timeout_ms=120_000)
    wait_for(lambda: not window.client.backend.working)
    shoot(window, out / f"{language}-22-reconcile-completeness.png")
    window.tabs.setCurrentWidget(window.conflicts)
    wait_for(lambda: not window.client.backend.working)
    shoot(window, out / f"{language}-23-reconcile-conflicts.png")
    window.tabs.setCurrentWidget(window.duplicates)
    wait_for(lambda: window.duplicates.model.rowCount() > 0 or bool(window.duplicates.empty.text()), timeout_ms=60_000)
    wait_for(lambda: not window.client.backend.working)
    window.duplicates.merge()  # no reason: refused beside the field
    wait_for(lambda: window.duplicates.reason_error.text() != "" or window.duplicates.pair_error.text() != "")
    shoot(window, out / f"{language}-23b-reconcile-duplicates.png")
    if window.duplicates.model.rowCount():  # two people declared, then that declaration about to be taken back
        window.duplicates.pairs.selectRow(0)
        window.duplicates.reason.setText("Deux sœurs, vérifié au dossier papier")
        window.duplicates.distinct()
        wait_for(lambda: window.duplicates.declarations_model.rowCount() > 0, timeout_ms=60_000)
        wait_for(lambda: not window.client.backend.working)
        window.duplicates.declarations.selectRow(0)
        window.duplicates.take_back()  # no reason: refused beside the field
        wait_for(lambda: window.duplicates.reason_error.text() != "")
        shoot(window, out / f"{language}-23c-reconcile-declarations.png")
    window.tabs.setCurrentWidget(window.signoff)
    wait_for(lambda: not window.client.backend.working)
    window.signoff.sign_off()  # no reason: refused beside the field
    wait_for(lambda: window.signoff.reason_error.text() != "" or window.signoff.laptop_error.text() != "")
    shoot(window, out / f"{language}-24-reconcile-signoff.png")
    window.tabs.setCurrentWidget(window.numbers)
    wait_for(lambda: window.numbers.unmapped.count() > 0)
    first = window.numbers.unmapped.item(0).text()
    sheet = root / "main-system.csv"
    sheet.write_text(f"IPP_provisoire;IPP_definitif\n{first};7000001\n999;7000002\n", encoding="utf-8")
    window.numbers.import_csv(sheet)
    wait_for(lambda: "CSV" in window.numbers.result.text())
    wait_for(lambda: not window.client.backend.working)
    shoot(window, out / f"{language}-25-reconcile-numbers.png")
    window.tabs.setCurrentWidget(window.export)
    wait_for(lambda: not window.client.backend.working)
    window.export.format.setCurrentIndex(window.export.format.findData("csv"))
    window.export.destination.setText(str(root / f"export-{language}"))
    window.export.force.setChecked(True)
    window.export.reason.setText("")
    window.export.export()
    wait_for(lambda: window.export.outcome is not None or window.export.reason_error.text() != "" or window.export.format_error.text() != "")
    shoot(window, out / f"{language}-26-reconcile-export.png")
    window.tabs.setCurrentWidget(window.period)
    wait_for(lambda: bool(window.period.state.text()))
    window.period.person.setText("Alice Informaticienne")
    window.period.sign("prepared")
    wait_for(lambda: window.period.result.text() != "" or window.period.step_error.text() != "")
    window.period.person.setText("alice informaticienne")
    window.period.sign("approved")  # the same person: refused beside the name
    wait_for(lambda: window.period.person_error.text() != "")
    shoot(window, out / f"{language}-27-reconcile-period.png")
    window.tabs.setCurrentWidget(window.problems)
    wait_for(lambda: window.problems.problems is not None)
    wait_for(lambda: not window.client.backend.working)
    shoot(window, out / f"{language}-28-reconcile-nothing-to-decide.png")
    window.problems.problems = None
    window.client.call(_clock_was_wrong, on_done=lambda _r: window.client.changed.emit())
    wait_for(lambda: window.problems.problems is not None and window.problems.model.rowCount() > 0)
    wait_for(lambda: not window.client.backend.working)
    shoot(window, out / f"{language}-28b-reconcile-to-decide.png")
    window.lock()  # as after the idle time: the passphrase asked over the locked window
    wait_for(lambda: window.unlock_dialog is not None and window.unlock_dialog.isVisible())
    window.unlock_dialog.passphrase.setText("not the passphrase")
    window.unlock_dialog.submit()
    wait_for(lambda: window.unlock_dialog.error.text() != "")
    shoot(window, out / f"{language}-29-reconcile-locked.png", window.unlock_dialog)
    window.close()
    app.shutdown()


def _clock_was_wrong(folder: Path, passphrase: str) -> None:
    """In the workspace, as a bundle from a laptop whose clock was a day behind would have it: the
    first stay moved is discharged the day before its admission (for the "To decide" page)."""
    from continuity.reconcile import workspace as workspaces
    from continuity.store import stays

    space = workspaces.open_workspace(folder, passphrase)
    try:
        moved = stays.movements_between(space.store.db, "2000-01-01", "2100-01-01")[0]
        stay = stays.by_id(space.store.db, moved["stay_id"])
        day_before = (datetime.strptime(stay["admitted_at"], "%Y-%m-%dT%H:%M:%SZ") - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        with space.store.write("it-key") as tx:
            tx.set("stay", stay["id"], {"discharged_at": day_before, "status": "discharged"})
    finally:
        space.store.close()


def identity_of(main, bed: dict) -> tuple[str, str, str]:
    """Birth name, first names and birth date (DD/MM/YYYY) of the patient in ``bed``, from the page."""
    rows = main.patients.model.rows
    row = next(r for r in rows if r["ipp"] == bed["ipp"]) if any(r["ipp"] == bed["ipp"] for r in rows) else rows[0]
    year, month, day = row["birth_date"].split("-")
    return row["birth_name"], " ".join(row["first_names"]), f"{day}/{month}/{year}"


def main(argv: list[str]) -> int:
    """Each screen size in a process of its own (a Qt process has one screen), both languages in each."""
    out = Path(argv[1] if len(argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    if len(argv) > 2:
        return shoot_all(out / argv[2])
    for width, height in SIZES:
        config = Path(tempfile.mkdtemp(prefix="continuity-screen-")) / "screen.json"
        config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                                   "logicalDpiX": 96, "logicalDpiY": 96, "dpr": 1}]}))
        env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
        done = subprocess.run([sys.executable, "-m", "continuity.ui.screenshots", str(out), f"{width}x{height}"], env=env, check=False)
        shutil.rmtree(config.parent, ignore_errors=True)
        if done.returncode != 0:
            return done.returncode
    return 0


def shoot_all(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    QApplication.instance() or QApplication(sys.argv)
    root = Path(tempfile.mkdtemp(prefix="continuity-screens-"))
    try:
        folder = prepare(root)
        for language in ("fr", "en"):
            capture(folder, out, language)
        disagree(root)
        for language in ("fr", "en"):
            capture_reconcile(root, out, language)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
