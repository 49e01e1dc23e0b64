"""The ward's window: degraded-mode banner, bed board, patients, today's movements, sync; role-
aware actions; auto-lock that hides patient data and keeps what was being typed."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from continuity.core.permissions import Permission, Role, allowed
from continuity import i18n
from continuity.i18n.labels import word
from continuity.services import adt, ward
from continuity.ui.admit_dialog import AdmitDialog
from continuity.ui.bed_board import BedBoard
from continuity.ui.clinical_time import use_ward_zone
from continuity.ui.forms import load_form
from continuity.ui.placement import WindowPlacement
from continuity.ui.identity_dialog import IdentityDialog
from continuity.ui.login_dialog import LoginDialog
from continuity.ui.movement_dialogs import BirthDialog, MovementDialog
from continuity.ui.patients_view import PatientsView
from continuity.ui.rota_view import RotaView
from continuity.ui.sync_view import SyncView
from continuity.ui.notify import notify
from continuity.ui.password_dialog import PasswordDialog
from continuity.ui.weight_dialog import WeightDialog
from continuity.ui.today_view import TodayView
from continuity.ui.worker import Backend

DEFAULT_LOCK_MINUTES = 10
SYNC_EVERY_MS = 30_000
REFRESH_EVERY_MS = 120_000
WATCH_OTHER_WRITERS_MS = 3_000  # another process's writes (the command line, a sync watcher) show within seconds
SHOW_AT_THE_LATEST_MS = 2_000  # the window shows by then even if its first census has not come back
BANNER_STYLE = "background:#b3261e;color:white;font-weight:bold;padding:6px;border-radius:4px;"


class IdleWatcher(QObject):
    """Any key or mouse activity in the application restarts the lock countdown."""

    def __init__(self, timer: QTimer) -> None:
        super().__init__()
        self.timer = timer

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel):
            self.timer.start()
        return False


class LockKey(QObject):
    """Ctrl+L anywhere in the application triggers the Lock action (when it is offered)."""

    def __init__(self, action: QAction) -> None:
        super().__init__()
        self.action = action

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_L
                and event.modifiers() == Qt.KeyboardModifier.ControlModifier
                and shiboken6.isValid(self.action) and self.action.isEnabled()):  # a window gone leaves no lock behind
            self.action.trigger()
            return True
        return False


class MainWindow(QObject):
    shown = Signal()  # on screen (for the first time after a sign-in)
    language_changed = Signal(str, dict)  # another user signed in wanting another language: (language, session)

    def __init__(self, backend: Backend, *, lock_minutes: int = DEFAULT_LOCK_MINUTES) -> None:
        """Built behind the lock, nobody signed in and nothing read (prepared while the sign-in
        dialog waits); ``open_session`` opens it for the person who signs in."""
        super().__init__()
        self.backend = backend
        self.session: dict = {}
        self.role: Role | None = None
        self.window: QMainWindow = load_form("main_window")
        self.placement = WindowPlacement(self.window, backend.folder)
        find = self.window.findChild
        self.banner: QLabel = find(QLabel, "banner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.stack: QStackedWidget = find(QStackedWidget, "stack")
        self.tabs: QTabWidget = find(QTabWidget, "tabs")
        self.board = BedBoard()
        self.patients = PatientsView(backend)
        self.patients.changed.connect(self.refresh)
        self.today = TodayView(backend)
        self.today.open_patient.connect(self.open_patient)
        self.sync = SyncView(backend, None)
        self.rota = RotaView(backend)  # everyone reads the rota; supervisors edit it (the service decides)
        for name, view in (("boardTab", self.board), ("patientsTab", self.patients), ("todayTab", self.today), ("rotaTab", self.rota),
                           ("syncTab", self.sync)):
            QVBoxLayout(find(QWidget, name)).addWidget(view)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.actions = {name: find(QAction, name) for name in ("actionAdmit", "actionSearch", "actionSyncNow", "actionLock", "actionSwitchUser",
                                                               "actionChangePassword")}
        self.actions["actionAdmit"].triggered.connect(lambda: self.open_admission())
        self.actions["actionSearch"].triggered.connect(self.focus_search)
        self.actions["actionSyncNow"].triggered.connect(self.sync.sync_now)
        self.actions["actionLock"].triggered.connect(self.lock)
        # Ctrl+L locks from any window of the application, a dialog being typed in included (what
        # was typed there is kept behind the lock): a modal dialog blocks the window's own
        # shortcuts, so the key is caught on its way to whichever window has it.
        self.lock_key = LockKey(self.actions["actionLock"])
        QApplication.instance().installEventFilter(self.lock_key)
        self.actions["actionSwitchUser"].triggered.connect(self.switch_user)
        self.actions["actionChangePassword"].triggered.connect(self.change_password)
        self.locked_page = find(QWidget, "lockedPage")
        self.unlock_button = find(QWidget, "unlockButton")
        self.unlock_button.clicked.connect(self.unlock)
        self.board.bed_clicked.connect(self.bed_menu)
        self.sync.status_changed.connect(self._show_sync_state)
        self.sync.data_arrived.connect(self.refresh)
        self.sync.recovered.connect(self.tell_recovery)
        self.status_user = QLabel()
        self.status_sync = QLabel()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: the database or a sync is working
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.window.statusBar().addWidget(self.status_user)
        self.window.statusBar().addPermanentWidget(self.busy)
        self.window.statusBar().addPermanentWidget(self.status_sync)
        self._busy_timer = QTimer(self, singleShot=True, interval=300)  # no flicker for quick calls
        self._busy_timer.timeout.connect(self.busy.show)
        backend.busy_changed.connect(self._busy)
        # Sync in the background while the window is open (the folder is the one set for this laptop).
        self.sync_timer = QTimer(self, interval=SYNC_EVERY_MS)
        self.sync_timer.timeout.connect(self.sync.sync_quietly)
        self.sync_timer.start()
        # "Since 3 h", today's list and the day itself move on even when nobody types.
        self.refresh_timer = QTimer(self, interval=REFRESH_EVERY_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        self.refresh_timer.start()
        self.others_timer = QTimer(self, interval=WATCH_OTHER_WRITERS_MS)
        self.others_timer.timeout.connect(self._watch_other_writers)
        self._seen_version: int | None = None
        self.lock_timer = QTimer(self, singleShot=True, interval=lock_minutes * 60_000)
        self.lock_timer.timeout.connect(self.lock)
        self.idle = IdleWatcher(self.lock_timer)
        self.window.installEventFilter(self.idle)
        QApplication.instance().installEventFilter(self.idle)
        self._locked_dialogs: list[QWidget] = []
        self._focus_before_lock: dict[int, QWidget | None] = {}
        self._show_pending = False
        self._discarded = False
        self._preparing: list = []
        self._sign_in: LoginDialog | None = None  # the unlock or user-switch dialog open, if any
        self._language_wanted: str | None = None  # chosen at the user-switch dialog
        # Owned by this object, not by the window: stopped by discard, and never firing into a
        # window already deleted.
        self._prepare_timer = QTimer(self, singleShot=True, interval=0)
        self._prepare_timer.timeout.connect(self._prepare_step)
        self.stack.setCurrentWidget(self.locked_page)
        self.actions["actionAdmit"].setVisible(False)
        self._set_working(False)
        # Nobody to unlock for, nobody to switch from, until someone signs in.
        self.actions["actionSwitchUser"].setEnabled(False)
        self.unlock_button.setEnabled(False)

    def prepare(self) -> None:
        """While the sign-in dialog waits: lay out and draw the window once off screen (styles,
        fonts and glyphs loaded), so that signing in only has the ward's data left to show. One
        step per turn of the event loop, so that the dialog answers keys in between; ``discard``
        cancels the steps not yet run."""
        self._preparing = [
            self.window.grab,  # styles, layout, fonts and glyphs
            self.board.warm_up,
            self.window.winId,  # the platform window, created now rather than when it first shows
        ]
        self._prepare_timer.start()

    def _prepare_step(self) -> None:
        if self._discarded or not self._preparing or not self._alive():
            self._preparing = []
            return
        step = self._preparing.pop(0)
        step()
        if self._preparing and not self._discarded:
            self._prepare_timer.start()

    @property
    def preparing(self) -> bool:
        """Steps of ``prepare`` are still to run."""
        return bool(self._preparing)

    def discard(self) -> None:
        """A window prepared for nobody and no longer wanted (the language was changed meanwhile):
        what it still had to do is cancelled, then it is deleted. Safe at any moment, even from
        within one of its own preparation steps, and more than once."""
        if self._discarded:
            return
        self._discarded = True
        self._preparing = []
        for timer in (self._prepare_timer, self.sync_timer, self.lock_timer, self.refresh_timer, self.others_timer, self._busy_timer):
            timer.stop()  # owned by this object: safe whether or not the window is still there
        QApplication.instance().removeEventFilter(self.idle)
        QApplication.instance().removeEventFilter(self.lock_key)
        if self._alive():
            self._set_working(False)
            self.window.deleteLater()

    # -- what is shown -----------------------------------------------------------------------------------
    def _show_session(self) -> None:
        if not self._alive() or not self.session:
            return
        self.status_user.setText(self.tr("Signed in: %1 (%2)").replace("%1", self.session["display_name"]).replace("%2", word(self.session["role"])))
        self.banner.setText(
            self.tr("DEGRADED MODE — the hospital information system is down. Continuity on %1, %2. Last sync: %3")
            .replace("%1", self.session.get("device") or "?").replace("%2", self.session.get("ward") or "")
            .replace("%3", self.sync.last_sync_text())
        )

    def show_with_the_board(self) -> None:
        """Shows the window once the next census is on the board (drawn once, full, rather than
        empty then full). Refused, or too slow, the window shows anyway (the error with it)."""
        self._show_pending = True
        QTimer.singleShot(SHOW_AT_THE_LATEST_MS, self.window, self._show_now)

    def refresh(self) -> None:
        """The board first; the other tabs once it has been drawn (they share the database thread)."""
        self.backend.call(ward.census, on_done=self._show_census, on_refused=self._census_refused)

    def _watch_other_writers(self) -> None:
        if self.backend.working:  # busy: the next tick asks again
            return
        self.backend.call(ward.changes_elsewhere, on_done=self._other_writers, on_refused=lambda _m, _f: None)

    def _other_writers(self, version: int) -> None:
        if self._seen_version is not None and version != self._seen_version and self._alive() and not self._locked():
            self.refresh()
        self._seen_version = version

    def _census_refused(self, message: str, _field: str = "") -> None:
        self._show_now()
        if self._locked():  # signed out meanwhile (lock, user switch): nothing to say
            return
        self.warn(message)

    def _locked(self) -> bool:
        return not self.session or self.stack.currentWidget() is self.locked_page

    def _show_now(self) -> None:
        if self._alive() and self._show_pending:
            self._show_pending = False
            self.placement.show()
            self.shown.emit()

    def _show_census(self, census: dict) -> None:
        if not self._alive():
            return
        self.board.show_census(census)
        self._seen_version = census.get("data_version", self._seen_version)
        self._show_now()
        QTimer.singleShot(0, self.board, self._refresh_other_tabs)  # not if the window closed meanwhile

    def _refresh_other_tabs(self) -> None:
        if not self._alive():
            return
        self.today.refresh()
        self.sync.refresh()
        if self.tabs.currentWidget() is self.rota.parentWidget():
            self.rota.refresh()

    def _tab_shown(self, _index: int) -> None:
        """The rota is read when its tab is opened (not at start-up: the board comes first)."""
        if self._alive() and self.tabs.currentWidget() is self.rota.parentWidget():
            self.rota.refresh()

    def _busy(self, busy: bool) -> None:
        if not self._alive():
            return
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy.hide()

    def _alive(self) -> bool:
        """False once the window is gone: answers still on their way are then dropped."""
        return shiboken6.isValid(self.window) and shiboken6.isValid(self.banner) and shiboken6.isValid(self.status_sync)

    def _show_sync_state(self, ok: bool, text: str) -> None:
        if not self._alive():
            return
        # Never green while something is pending or wrong.
        colour = "#2e7d32" if ok else "#e65100"
        self.status_sync.setText(f"<span style='color:{colour};font-weight:bold'>● {text}</span>")
        self._show_session()

    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.patients.parentWidget())
        self.patients.search.setFocus()
        self.patients.search.selectAll()

    # -- actions from a bed ------------------------------------------------------------------------------
    def bed_menu(self, unit: dict, bed: dict) -> QMenu | None:
        """What can be done at this bed, titled with the bed and the patient, opened at the tile
        (under the mouse, or below the tile when Enter was pressed on it). A click on a baby's line
        is about the baby; the mother's menu also lists each baby, and a second patient admitted to
        the same bed by another laptop, each with their own actions."""
        tile = self.board.tiles.get(f"{unit['code']}:{bed['bed']}")
        baby = tile.clicked_newborn if tile is not None else None
        menu = QMenu(self.window)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        where = f"{unit['code']} {bed['bed']}"
        if baby is not None:
            self._menu_title(menu, f"{where} — {_baby_label(baby)}")
            self._patient_actions(menu, baby, newborn=True)
        elif bed["state"] == "free":
            self._menu_title(menu, self.tr("%1 — free").replace("%1", where))
            if self._can(Permission.STAY_ADMIT):
                menu.addAction(self.tr("Admit here…"), lambda: self.open_admission(unit["code"], bed["bed"]))
            if self._can(Permission.BED_MANAGE):
                menu.addAction(self.tr("Close this bed…"), lambda: self.close_bed(unit["code"], bed["bed"]))
        elif bed["state"] == "closed":
            self._menu_title(menu, self.tr("%1 — closed").replace("%1", where))
            if self._can(Permission.BED_MANAGE):
                menu.addAction(self.tr("Reopen this bed"), lambda: self.backend.call(adt.open_bed, unit["code"], bed["bed"], on_done=lambda _o: self.refresh(), on_refused=self.warn))
        else:
            self._menu_title(menu, f"{where} — {bed.get('name', '')}")
            self._patient_actions(menu, bed, newborn=bool(bed.get("newborn")))
            for newborn in bed.get("newborns", []):
                # Twins share a name until they get first names: the rank and sex tell them apart.
                self._patient_actions(menu.addMenu(self.tr("Baby: %1").replace("%1", _baby_label(newborn))), newborn, newborn=True)
            for other in bed.get("also", []):  # the same bed, admitted on another laptop
                self._patient_actions(menu.addMenu(self.tr("Also in this bed: %1").replace("%1", other["name"])), other,
                                      newborn=bool(other.get("newborn")))
        if len(menu.actions()) <= 1:  # only its title: nothing this role may do here
            menu.close()
            return None
        if tile is not None and tile.underMouse():
            menu.popup(self.window.cursor().pos())
        elif tile is not None:
            menu.popup(tile.mapToGlobal(QPoint(0, tile.height())))
        else:
            menu.popup(self.window.mapToGlobal(self.window.rect().center()))
        return menu

    def _can(self, permission: Permission) -> bool:
        return self.role is not None and allowed(self.role, permission)

    @staticmethod
    def _menu_title(menu: QMenu, text: str) -> None:
        title = menu.addAction(text)
        title.setEnabled(False)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        menu.setAccessibleName(text)
        menu.addSeparator()

    def _patient_actions(self, menu: QMenu, patient: dict, *, newborn: bool) -> None:
        """A patient's actions at the bed (a mother, a baby with her mother, a second patient)."""
        nda, name = patient["nda"], patient.get("name", "")
        if self._can(Permission.STAY_TRANSFER):
            label = self.tr("Transfer (e.g. to neonatology)…") if newborn else self.tr("Transfer…")
            menu.addAction(label, lambda: self.movement("transfer", nda, name))
        if self._can(Permission.STAY_LEAVE) and not newborn:
            if patient.get("on_leave"):
                menu.addAction(self.tr("Return from leave…"), lambda: self.movement("return", nda, name))
            else:
                menu.addAction(self.tr("Temporary leave…"), lambda: self.movement("leave", nda, name))
        if self._can(Permission.STAY_DISCHARGE):
            menu.addAction(self.tr("Discharge…"), lambda: self.movement("discharge", nda, name))
        if self._can(Permission.BIRTH_RECORD) and not newborn:
            menu.addAction(self.tr("Record a birth…"), lambda: self.birth(nda, name))
        if self._can(Permission.BIRTH_RECORD) and newborn and patient.get("birth_id"):
            label = self.tr("Record her weight (not weighed yet)…") if patient.get("weight_missing") else self.tr("Correct her weight…")
            menu.addAction(label, lambda: self.weigh(patient))
        menu.addAction(self.tr("Open the patient"), lambda: self.open_patient(patient["ipp"]))

    def close_bed(self, unit: str, bed: str) -> QInputDialog:
        """Closing a bed asks why: the reason is what the board shows on the bed."""
        dialog = QInputDialog(self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle(self.tr("Close bed %1").replace("%1", f"{unit} {bed}"))
        dialog.setLabelText(self.tr("Why is bed %1 closed? (shown on the bed board)").replace("%1", f"{unit} {bed}"))
        dialog.setComboBoxItems([self.tr("Plan blanc: capacity reduced"), self.tr("Room being cleaned or repaired"),
                                 self.tr("Isolation"), self.tr("Not enough staff")])
        dialog.setComboBoxEditable(True)
        dialog.textValueSelected.connect(lambda reason: self.backend.call(
            adt.close_bed, unit, bed, reason.strip() or None, on_done=lambda _o: self.refresh(), on_refused=self.warn))
        dialog.open()
        return dialog

    def open_admission(self, unit: str | None = None, bed: str | None = None) -> AdmitDialog:
        dialog = AdmitDialog(self.backend, self.window, unit=unit, bed=bed)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.admitted.connect(lambda values: (self.show_warnings(values), self.refresh()))
        dialog.open()
        return dialog

    def movement(self, kind: str, nda: str, patient: str) -> MovementDialog:
        dialog = MovementDialog(self.backend, kind, nda, patient, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.done.connect(lambda values: (self.show_warnings(values), self.refresh()))
        dialog.open()
        return dialog

    def weigh(self, baby: dict) -> WeightDialog:
        dialog = WeightDialog(self.backend, [{"id": baby["birth_id"], "birth_order": baby.get("birth_order") or 1, "newborn_name": baby["name"],
                                              "newborn_ipp": baby["ipp"], "weight_g": baby.get("weight_g")}], self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.weighed.connect(lambda _v: self.refresh())
        dialog.open()
        return dialog

    def change_password(self) -> PasswordDialog:
        dialog = PasswordDialog(self.backend, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(lambda: self.window.statusBar().showMessage(
            self.tr("Password changed. It works on the other laptops after their next sync."), 15_000))
        dialog.open()
        return dialog

    def birth(self, nda: str, mother: str) -> BirthDialog:
        dialog = BirthDialog(self.backend, nda, mother, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(lambda values: (self.show_warnings(values), self.refresh()))
        dialog.open()
        return dialog

    def open_patient(self, ipp: str) -> None:
        self.tabs.setCurrentWidget(self.patients.parentWidget())
        self.patients.open_patient(ipp)

    def tell_recovery(self, text: str) -> QMessageBox:
        """This laptop's data had been restored from an older copy: what it took back, and any
        number that changed (a wristband to print again). Not modal: the ward goes on."""
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("This laptop took its own changes back"), text,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def warn(self, message: str, _field: str = "") -> None:
        notify(self.window, self.tr("Refused"), message)

    # -- lock and user switch ----------------------------------------------------------------------------
    def _set_working(self, working: bool) -> None:
        """While locked nothing that shows or changes patient data can be reached (shortcuts included)."""
        for name in ("actionAdmit", "actionSearch", "actionSyncNow", "actionLock", "actionChangePassword"):
            self.actions[name].setEnabled(working)
        for timer in (self.sync_timer, self.lock_timer, self.refresh_timer, self.others_timer):
            # Signed out while locked: a background pass or refresh would only be refused.
            if working:
                timer.start()
            else:
                timer.stop()

    def _open_windows(self) -> list[QWidget]:
        return [w for w in self.window.findChildren(QWidget) if w.isWindow() and w.isVisible() and w is not self.window]

    def lock(self) -> None:
        """Hide every patient datum; open dialogs are hidden too, with what was typed in them."""
        if self._locked():  # already, or nobody signed in to lock out
            return
        # Our own forms keep what was typed (hidden, shown again after unlocking); message boxes,
        # menus and sign-in dialogs are closed (and so deleted: a night of locks leaves none behind).
        self._locked_dialogs = [w for w in self._open_windows() if isinstance(w, (AdmitDialog, MovementDialog, BirthDialog, IdentityDialog))]
        self._focus_before_lock = {id(w): w.focusWidget() for w in self._locked_dialogs}
        for window in self._open_windows():
            if window in self._locked_dialogs:
                window.hide()
            else:
                window.close()
        self._behind_the_lock()
        self.unlock()

    def _behind_the_lock(self) -> None:
        """The locked page, nothing of the patients on screen, nothing usable, nobody signed in."""
        self.stack.setCurrentWidget(self.locked_page)
        QToolTip.hideText()  # a tile's tooltip names a patient
        self._forget_patient_views()
        self._set_working(False)
        self.backend.sign_out()

    def _sign_in_dialog(self, on_signed_in, locked_user: str | None = None) -> LoginDialog:
        """One sign-in dialog at a time: asking again (the Unlock button behind the lock, Ctrl+L
        pressed twice) brings the open one forward instead of stacking another."""
        current = self._sign_in
        if current is not None and shiboken6.isValid(current) and current.isVisible() and current.locked_user == locked_user:
            current.raise_()
            current.activateWindow()
            return current
        if current is not None and shiboken6.isValid(current):
            current.close()
        dialog = LoginDialog(self.backend, self.window, locked_user=locked_user)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.signed_in.connect(on_signed_in)
        dialog.open()
        self._sign_in = dialog
        return dialog

    def _forget_patient_views(self) -> None:
        self.patients.clear_page()
        self.patients.search.clear()
        self.patients.model.set_rows([])

    def unlock(self) -> LoginDialog:
        return self._sign_in_dialog(self._unlocked, locked_user=self.session["user"])

    def _unlocked(self, session: dict) -> None:
        self.session = session
        self.stack.setCurrentWidget(self.tabs)
        for dialog in self._locked_dialogs:
            if shiboken6.isValid(dialog):
                dialog.show()
                self._give_back_focus(dialog, self._focus_before_lock.get(id(dialog)))
        self._locked_dialogs = []
        self._focus_before_lock = {}
        self._set_working(True)
        self.refresh()

    @staticmethod
    def _give_back_focus(dialog: QWidget, widget: QWidget | None) -> None:
        """Back in the field she was typing in, with nothing selected: the next key goes on from
        where she was, it does not replace the whole field (a date, a name)."""
        if widget is None or not shiboken6.isValid(widget):
            return
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

        def deselect() -> None:
            if not shiboken6.isValid(widget):
                return
            line = widget if isinstance(widget, QLineEdit) else getattr(widget, "lineEdit", lambda: None)()
            if line is not None:
                line.deselect()
                line.end(False)

        QTimer.singleShot(0, dialog, deselect)

    def switch_user(self) -> LoginDialog:
        """Another person takes the laptop: what the previous one was typing is discarded, and
        nothing of what they were looking at stays on screen."""
        for dialog in self._locked_dialogs + [w for w in self._open_windows() if isinstance(w, QDialog)]:
            if shiboken6.isValid(dialog):
                dialog.reject()
        self._locked_dialogs = []
        self._behind_the_lock()
        dialog = self._sign_in_dialog(self._next_user)
        dialog.language_chosen.connect(self._choose_language)
        return dialog

    def _choose_language(self, language: str) -> None:
        self._language_wanted = language

    def _next_user(self, session: dict) -> None:
        """The colleague signed in: in the language she chose at the dialog (the window is built
        anew in it by the application), else in this one."""
        wanted, self._language_wanted = self._language_wanted, None
        if wanted and wanted != i18n.current_language():
            self.language_changed.emit(wanted, session)
            return
        self.open_session(session)

    def open_session(self, session: dict) -> None:
        """Someone signed in (the first sign-in, or another person after a user switch): their role
        decides what is offered, then the window shows the ward."""
        self.session = session
        use_ward_zone(session.get("timezone"))  # one zone everywhere: the ward's
        self.rota.forget()
        self.actions["actionSwitchUser"].setEnabled(True)
        self.unlock_button.setEnabled(True)
        self.role = Role(session["role"])
        self.actions["actionAdmit"].setVisible(allowed(self.role, Permission.STAY_ADMIT))
        self.sync.role = self.role
        self.patients.can_cancel = allowed(self.role, Permission.MOVEMENT_CANCEL)
        self.patients.can_correct = allowed(self.role, Permission.PATIENT_UPDATE)
        self.patients.can_weigh = allowed(self.role, Permission.BIRTH_RECORD)
        self._unlocked(session)
        self._show_session()
        self.tabs.setCurrentIndex(0)

    def show_warnings(self, values: dict) -> None:
        """Warnings a write returned (e.g. this laptop's downtime numbers running low)."""
        warnings = values.get("warnings") or []
        if warnings and self._alive():
            box = QMessageBox(QMessageBox.Icon.Warning, "Continuity", "\n".join(warnings), parent=self.window)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()


def _baby_label(baby: dict) -> str:
    """"MARTIN J2 (M)": the name, the twin rank and the sex, as on the tile."""
    return " ".join(part for part in (baby["name"], baby.get("rank") or "", f"({baby['sex']})" if baby.get("sex") else "") if part)
