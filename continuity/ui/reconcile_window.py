"""IT's reconciliation workspace in a window: the same services as ``continuity reconcile``, one page
each (completeness and gathering, conflicts, duplicates, sign-off of a laptop's gap or forks,
downtime numbers, export, the period's two-person sign-off and report), every call in the database thread. Opened by ``continuity reconcile window WORKSPACE``."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QPushButton, QTabWidget, QVBoxLayout, QWidget

from continuity.ui.notify import notify
from continuity.ui.reconcile_client import ReconcileClient
from continuity.ui.reconcile_completeness import CompletenessPage
from continuity.ui.reconcile_conflicts import ConflictsPage
from continuity.ui.reconcile_duplicates import DuplicatesPage
from continuity.ui.reconcile_export_page import ExportPage
from continuity.ui.reconcile_numbers_page import NumbersPage
from continuity.ui.reconcile_period import PeriodPage
from continuity.ui.reconcile_signoff import SignoffPage


class ReconcileWindow(QMainWindow):
    closed = Signal()

    def __init__(self, client: ReconcileClient, parent: QWidget | None = None) -> None:
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
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reconcileTabs")
        for page, title in ((self.completeness, self.tr("&Completeness")), (self.conflicts, self.tr("Con&flicts")),
                            (self.duplicates, self.tr("&Duplicates")), (self.signoff, self.tr("Si&gn off a laptop")),
                            (self.numbers, self.tr("&Numbers")), (self.export, self.tr("&Export")),
                            (self.period, self.tr("&Period sign-off"))):
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
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.resize(1000, 700)

    def pages(self) -> list[QWidget]:
        return [self.tabs.widget(i) for i in range(self.tabs.count())]

    def refresh(self) -> None:
        """The page shown reads again (each page reads when it is shown: what another changed is seen)."""
        self.tabs.currentWidget().refresh()

    def _crashed(self, what: str) -> None:
        notify(self, self.windowTitle(), self.tr("Something went wrong (%1). Nothing was lost; try again.").replace("%1", what),
               critical=True)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.client.shutdown()
        self.closed.emit()
        super().closeEvent(event)
