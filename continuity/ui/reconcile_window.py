"""IT's reconciliation workspace in a window: the same services as ``continuity reconcile``, one page
each (completeness and gathering, conflicts, duplicates, sign-off of a laptop's gap or forks,
downtime numbers, export, the period's two-person sign-off and report, what the ward must decide),
every call in the database thread. Opened by ``continuity reconcile window WORKSPACE``.

Left idle as long as the ward's window would be, it locks as that one does: the passphrase and the
workspace's kept key are forgotten, nothing of the pages is shown, and the passphrase is asked
again over it; what was typed in the pages stays for when it is unlocked."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QMainWindow, QPushButton, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from continuity.ui.main_window import DEFAULT_LOCK_MINUTES, IdleWatcher
from continuity.ui.notify import notify
from continuity.ui.reconcile_client import ReconcileClient
from continuity.ui.reconcile_completeness import CompletenessPage
from continuity.ui.reconcile_conflicts import ConflictsPage
from continuity.ui.reconcile_duplicates import DuplicatesPage
from continuity.ui.reconcile_export_page import ExportPage
from continuity.ui.reconcile_numbers_page import NumbersPage
from continuity.ui.reconcile_period import PeriodPage
from continuity.ui.reconcile_problems_page import ProblemsPage
from continuity.ui.reconcile_signoff import SignoffPage
from continuity.ui.reconcile_unlock import UnlockDialog


class ReconcileWindow(QMainWindow):
    closed = Signal()

    def __init__(self, client: ReconcileClient, parent: QWidget | None = None, *, lock_minutes: int = DEFAULT_LOCK_MINUTES) -> None:
        super().__init__(parent)
        self.client = client
        client.setParent(self)
        self.setWindowTitle(self.tr("Continuity — reconciliation (IT) — %1").replace("%1", str(client.folder)))
        self.completeness = CompletenessPage(client)
        self.conflicts = ConflictsPage(client)
        self.signoff = SignoffPage(client)
        self.numbers = NumbersPage(client)
        self.duplicates = DuplicatesPage(client)
        self.export = ExportPage(client)
        self.period = PeriodPage(client)
        self.problems = ProblemsPage(client)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reconcileTabs")
        for page, title in ((self.completeness, self.tr("&Completeness")), (self.conflicts, self.tr("Con&flicts")),
                            (self.duplicates, self.tr("&Duplicates")), (self.signoff, self.tr("Si&gn off a laptop")),
                            (self.numbers, self.tr("&Numbers")), (self.export, self.tr("&Export")),
                            (self.period, self.tr("&Period sign-off")), (self.problems, self.tr("To decide b&y the ward"))):
            self.tabs.addTab(page, title)
        self.tabs.currentChanged.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setObjectName("refreshButton")
        self.refresh_button.clicked.connect(self.refresh)
        self.busy = QLabel()
        self.busy.setObjectName("busyLabel")
        client.backend.busy_changed.connect(lambda busy: self.busy.setText(self.tr("Working…") if busy else ""))
        client.backend.crashed.connect(self._crashed)
        client.backend.refused.connect(lambda message: notify(self, self.windowTitle(), message))
        client.changed.connect(self.refresh)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Workspace: %1").replace("%1", str(client.folder))), 1)
        top.addWidget(self.busy)
        top.addWidget(self.refresh_button)
        self.body = QWidget()
        layout = QVBoxLayout(self.body)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.body)
        self.stack.addWidget(self._locked_page())
        self.setCentralWidget(self.stack)
        self.resize(1000, 700)
        self.unlock_dialog: UnlockDialog | None = None
        self._hidden_by_lock: list[QWidget] = []
        self.lock_timer = QTimer(self, singleShot=True, interval=lock_minutes * 60_000)
        self.lock_timer.timeout.connect(self.lock)
        self.idle = IdleWatcher(self.lock_timer)
        self.idle.setParent(self)  # gone with the window (Qt then drops the application's filter itself)
        QApplication.instance().installEventFilter(self.idle)
        self.lock_timer.start()

    def _locked_page(self) -> QWidget:
        page = QWidget()
        page.setObjectName("lockedPage")
        said = QLabel(self.tr("Locked after being left idle. The passphrase of IT's key opens it again."))
        said.setAlignment(Qt.AlignmentFlag.AlignCenter)
        said.setWordWrap(True)
        self.unlock_button = QPushButton(self.tr("&Unlock…"))
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.clicked.connect(self.ask_passphrase)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(said)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        return page

    def is_locked(self) -> bool:
        return self.stack.currentWidget() is not self.body

    def lock(self) -> None:
        """Nothing of the pages shown, the passphrase and the kept key forgotten; a file chooser left
        open is hidden and comes back after. The pages keep what was typed in them."""
        if self.is_locked():
            return
        self._hidden_by_lock = [w for w in self.findChildren(QWidget) if w.isWindow() and w.isVisible()]
        for window in self._hidden_by_lock:
            window.hide()
        self.stack.setCurrentIndex(1)
        self.busy.clear()
        self.client.lock()
        self.ask_passphrase()

    def ask_passphrase(self) -> UnlockDialog:
        """One dialog at a time over the locked window (asked again, the open one comes forward)."""
        if self.unlock_dialog is not None and shiboken6.isValid(self.unlock_dialog) and self.unlock_dialog.isVisible():
            self.unlock_dialog.raise_()
            return self.unlock_dialog
        self.unlock_dialog = UnlockDialog(self.client.folder, self, locked=self.client)
        # Closed (put aside, or unlocked), it is deleted: a night of locks leaves no dialog behind.
        self.unlock_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.unlock_dialog.unlocked.connect(lambda _client: self._unlocked())
        self.unlock_dialog.open()
        return self.unlock_dialog

    def _unlocked(self) -> None:
        self.stack.setCurrentWidget(self.body)
        for window in self._hidden_by_lock:
            window.show()
        self._hidden_by_lock = []
        self.lock_timer.start()
        self.refresh()

    def pages(self) -> list[QWidget]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def refresh(self) -> None:
        """The page shown reads again (each page reads when it is shown: what another changed is seen);
        nothing is read while locked."""
        if not self.is_locked():
            self.tabs.currentWidget().refresh()

    def _crashed(self, what: str) -> None:
        notify(self, self.windowTitle(), self.tr("Something went wrong (%1). Nothing was lost; try again.").replace("%1", what),
               critical=True)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.lock_timer.stop()
        QApplication.instance().removeEventFilter(self.idle)
        self.client.shutdown()
        self.closed.emit()
        super().closeEvent(event)
