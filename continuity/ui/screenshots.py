"""``make screenshots``: every main screen in French and English at 1366x768, on an invented demo
ward, into a folder of PNG files (``python -m continuity.ui.screenshots OUT``)."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from continuity.core.permissions import Role  # noqa: E402
from continuity.paths import database_path  # noqa: E402
from continuity.services import demo, identity, kit, sync  # noqa: E402
from continuity.services.session import Session  # noqa: E402
from continuity.store.tx import Store  # noqa: E402
from continuity.ui.app import Application  # noqa: E402

SIZE = (1366, 768)


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
    other = Store(database_path(root / "laptop-2"))
    kit.enrol(other, kit.open_kit(root / "demo.kit", demo.DEMO_PASSPHRASE), "laptop-2")
    clerk = Session(other, "demo-clerk", Role.CLERK, "Démo")
    identity.add_patient(clerk, birth_name="Nouvelle", first_names="Arrivée", birth_date="1994-04-04", sex="F")
    sync.sync_once(Session(other, "demo-clerk", Role.CLERK, "Démo"), share)
    bad = next(share.glob("laptop-2--*")) / "00000009.cbundle"
    bad.write_bytes(b"CONTINUITY-BUNDLE-1\n garbage")
    other.close()
    here = Store(database_path(folder))
    supervisor = Session(here, "demo-supervisor", Role.SUPERVISOR, "Démo")
    sync.set_folder(supervisor, share)
    sync.sync_once(supervisor, share, settle_seconds=0)
    sync.sync_once(supervisor, share, settle_seconds=0)
    here.close()
    return folder


def shoot(widget: QWidget, path: Path) -> None:
    pump(300)
    widget.grab().save(str(path))
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
    wait_for(lambda: app.main is not None)
    app.main.window.resize(*SIZE)
    app.main.window.show()
    return app


def capture(folder: Path, out: Path, language: str) -> None:
    app = signed_in(folder, language, "demo-midwife", out / f"{language}-1-login.png")
    main = app.main
    wait_for(lambda: len(main.board.tiles) > 0)
    shoot(main.window, out / f"{language}-2-bed-board.png")
    mother = next(t.bed for t in main.board.tiles.values() if t.bed.get("newborns"))
    main.open_patient(mother["ipp"])
    wait_for(lambda: mother["ipp"] in main.patients.page.toPlainText())
    main.patients.search.setText(mother["name"].split()[0].lower())
    wait_for(lambda: main.patients.model.rowCount() > 0)
    shoot(main.window, out / f"{language}-3-patient.png")
    dialog = main.open_admission("GHR")
    known = identity_of(main, mother)
    dialog.w["birthNameEdit"].setText(known[0])
    dialog.w["firstNamesEdit"].setText(known[1])
    dialog.w["birthDateEdit"].setText(known[2])
    wait_for(lambda: dialog.w["matchesList"].count() > 0)
    shoot(dialog, out / f"{language}-4-admission-duplicate.png")
    dialog.reject()
    birth = main.birth(mother["nda"], mother["name"])
    shoot(birth, out / f"{language}-5-birth.png")
    birth.reject()
    main.tabs.setCurrentWidget(main.sync.parentWidget())
    main.sync.refresh()
    wait_for(lambda: bool(main.sync.status))
    shoot(main.window, out / f"{language}-6-sync.png")
    main.tabs.setCurrentWidget(main.today.parentWidget())
    shoot(main.window, out / f"{language}-7-today.png")
    main.window.close()
    app.shutdown()
    capture_rota(folder, out, language)


def capture_rota(folder: Path, out: Path, language: str) -> None:
    """The supervisor's rota tab on the demo ward: all units, then the birth suite."""
    app = signed_in(folder, language, "demo-supervisor")
    main = app.main
    main.tabs.setCurrentWidget(main.rota.parentWidget())
    wait_for(lambda: main.rota.model.rowCount() > 0)
    wait_for(lambda: not app.backend._pending)
    shoot(main.window, out / f"{language}-8-rota.png")
    main.rota.unit_box.setCurrentIndex(main.rota.unit_box.findData("SDN"))
    wait_for(lambda: main.rota.model.grid.get("unit") == "SDN")
    wait_for(lambda: not app.backend._pending)
    shoot(main.window, out / f"{language}-9-rota-birth-suite.png")
    main.window.close()
    app.shutdown()


def identity_of(main, bed: dict) -> tuple[str, str, str]:
    """Birth name, first names and birth date (DD/MM/YYYY) of the patient in ``bed``, from the page."""
    rows = main.patients.model.rows
    row = next(r for r in rows if r["ipp"] == bed["ipp"]) if any(r["ipp"] == bed["ipp"] for r in rows) else rows[0]
    year, month, day = row["birth_date"].split("-")
    return row["birth_name"], " ".join(row["first_names"]), f"{day}/{month}/{year}"


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    QApplication.instance() or QApplication(sys.argv)
    root = Path(tempfile.mkdtemp(prefix="continuity-screens-"))
    try:
        folder = prepare(root)
        for language in ("fr", "en"):
            capture(folder, out, language)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
