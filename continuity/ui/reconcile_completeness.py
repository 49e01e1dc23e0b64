"""Completeness: per laptop of the kit what the workspace holds (bundles, changes, a gap, forks, files
set aside, never heard from, a clock ahead, last activity, revoked), what blocks the export, the
ward's counts; and the folders to gather (shares, USB sticks, laptops' data folders), imported in
the database thread with a progress bar, then what came in and what was set aside, and why."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QListWidget, QProgressBar, QPushButton, QVBoxLayout, QWidget

from continuity.i18n.labels import local_time
from continuity.ui.reconcile_client import ReconcileClient
from continuity.ui.reconcile_common import RowsModel, choose, refusal_label, result_label, table


class CompletenessPage(QWidget):
    def __init__(self, client: ReconcileClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.status: dict = {}
        self.outcome: dict | None = None  # the last import's answer
        self.summary = result_label("summaryLabel")
        self.model = RowsModel([
            (self.tr("Laptop"), lambda r: r["name"]),
            (self.tr("Bundles"), lambda r: r["bundles"]),
            (self.tr("Changes"), lambda r: r["changes"]),
            (self.tr("Missing bundles"), lambda r: _span(r["gap"])),
            (self.tr("Forks"), lambda r: r["forks"] or ""),
            (self.tr("Set aside"), lambda r: sum(r["set_aside"].values()) or ""),
            (self.tr("Heard from"), lambda r: self.tr("yes") if r["heard_from"] else self.tr("never")),
            (self.tr("Clock"), lambda r: self.tr("ahead of the others") if r["clock_ahead"] else ""),
            (self.tr("Last activity"), lambda r: local_time(r["last_activity"]) or "—"),
            (self.tr("Revoked"), lambda r: self.tr("revoked") if r["revoked"] else ""),
        ], alarming=lambda r: r.get("blocks", False))
        self.laptops = table(self.model, "laptopsTable")
        self.blocking = refusal_label("blockingLabel")
        folders_title = QLabel(self.tr("Folders to gather (shared folders, USB sticks, laptops' data folders):"))
        self.folders = QListWidget()
        self.folders.setObjectName("foldersList")
        self.folders.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.folders.setMaximumHeight(90)
        folders_title.setBuddy(self.folders)
        self.add_button = QPushButton(self.tr("&Add folders…"))
        self.add_button.setObjectName("addFoldersButton")
        self.remove_button = QPushButton(self.tr("Re&move from the list"))
        self.remove_button.setObjectName("removeFoldersButton")
        self.import_button = QPushButton(self.tr("&Import them"))
        self.import_button.setObjectName("importButton")
        self.add_button.clicked.connect(self.choose_folders)
        self.remove_button.clicked.connect(self.remove_selected)
        self.import_button.clicked.connect(self.import_folders)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress_text = result_label("progressLabel")
        self.result = result_label("importResult")
        self.refused = refusal_label("importRefusal")
        client.progressed.connect(self._progressed)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.import_button):
            buttons.addWidget(button)
        buttons.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.laptops, 1)
        layout.addWidget(self.blocking)
        layout.addWidget(folders_title)
        layout.addWidget(self.folders)
        layout.addLayout(buttons)
        layout.addWidget(self.progress_text)
        layout.addWidget(self.refused)
        layout.addWidget(self.result)
        self._update_buttons()

    # -- reading ------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        from continuity.services import reconcile

        self.client.call(reconcile.status, on_done=self.show_status, on_refused=lambda m, _f: self.refused.setText(m))

    def show_status(self, status: dict) -> None:
        self.status = status
        blocked = {item["laptop"] for item in status["blocking"]}
        self.model.set_rows([{**laptop, "blocks": laptop["name"] in blocked} for laptop in status["laptops"]])
        counts = status["counts"]
        self.summary.setText(
            self.tr("Ward %1: %2 patients, %3 stays, %4 movements, %5 births · open conflicts: %6 · downtime numbers unmapped: "
                    "IPP %7, NDA %8 · never heard from: %9")
            .replace("%1", str(status["ward"])).replace("%2", str(counts.get("patients", 0))).replace("%3", str(counts.get("stays", 0)))
            .replace("%4", str(counts.get("movements", 0))).replace("%5", str(counts.get("births", 0)))
            .replace("%6", str(status["conflicts"])).replace("%7", str(status["unmapped"]["ipp"]))
            .replace("%8", str(status["unmapped"]["nda"])).replace("%9", ", ".join(status["never_heard_from"]) or "—"))
        period = status.get("period") or {}
        self.summary.setText(self.summary.text() + "\n" + self.tr("Probable duplicates to decide: %1 · merges: %2 · period: %3")
                             .replace("%1", str(status.get("duplicates", 0))).replace("%2", str(status.get("merges", 0)))
                             .replace("%3", self.tr("signed off") if period.get("signed_off") else self.tr("not signed off")))
        self.blocking.setText(blocking_text(status["blocking"]))

    # -- gathering ----------------------------------------------------------------------------------------
    def choose_folders(self):
        dialog = choose(self, self.tr("Folders to gather"), self.add_folders, folders=True)
        # Several folders at once: Qt's own dialog lets its list select more than one.
        for view in dialog.findChildren(QAbstractItemView):
            view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        return dialog

    def add_folders(self, folders: list[str]) -> None:
        listed = {self.folders.item(i).text() for i in range(self.folders.count())}
        for folder in folders:
            if folder and folder not in listed:
                self.folders.addItem(folder)
                listed.add(folder)
        self._update_buttons()

    def remove_selected(self) -> None:
        for item in self.folders.selectedItems():
            self.folders.takeItem(self.folders.row(item))
        self._update_buttons()

    def listed(self) -> list[Path]:
        return [Path(self.folders.item(i).text()) for i in range(self.folders.count())]

    def import_folders(self) -> None:
        folders = self.listed()
        if not folders:
            self.refused.setText(self.tr("Add a folder to the list first."))
            return
        self.refused.clear()
        self.result.clear()
        self.outcome = None
        self.progress.setValue(0)
        self.import_button.setEnabled(False)
        self.add_button.setEnabled(False)
        self.client.add(folders, on_done=self._imported, on_refused=self._refused)

    def _progressed(self, folder: str, done: int, total: int) -> None:
        self.progress.setValue(100 * done // total if total else 100)
        self.progress_text.setText(self.tr("%1: %2/%3 files read").replace("%1", folder).replace("%2", str(done)).replace("%3", str(total)))

    def _imported(self, result: dict) -> None:
        self.outcome = result
        self.progress.setValue(100)
        self.folders.clear()
        self._update_buttons()
        lines = [self.tr("%n bundle(s) imported", "", result["imported_bundles"]) + " · "
                 + self.tr("%n change(s)", "", result["imported_entries"]) + " · "
                 + self.tr("%n file(s) set aside", "", len(result["set_aside"]))]
        lines += [self.tr("Added before, not found now: %1").replace("%1", folder) for folder in result.get("unreachable", [])]
        lines += [self.tr("Set aside: %1 — %2").replace("%1", Path(item["file"]).name).replace("%2", item["message"])
                  for item in result["set_aside"]]
        self.result.setText("\n".join(lines))
        self.show_status(result["status"])
        self.client.changed.emit()

    def _refused(self, message: str, _field: str) -> None:
        self._update_buttons()
        self.progress.setValue(0)
        self.refused.setText(message)

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(True)
        self.import_button.setEnabled(self.folders.count() > 0)
        self.remove_button.setEnabled(self.folders.count() > 0)


def _span(gap: list[int] | None) -> str:
    if not gap:
        return ""
    return str(gap[0]) if gap[0] == gap[1] else f"{gap[0]}–{gap[1]}"


class BlockingWords(QObject):
    """What blocks the export, in IT's words (a QObject for its ``tr``: Qt Linguist reads those)."""

    def text(self, blocking: list[dict]) -> str:
        if not blocking:
            return ""
        lines = [self.tr("%n item(s) block the export until settled or signed off:", "", len(blocking))]
        for item in blocking:
            if item["kind"] == "gap" and item["bundles"][0] == item["bundles"][1]:
                lines.append(self.tr("%1: bundle %2 missing").replace("%1", item["laptop"]).replace("%2", str(item["bundles"][0])))
            elif item["kind"] == "gap":
                lines.append(self.tr("%1: bundles %2–%3 missing").replace("%1", item["laptop"])
                             .replace("%2", str(item["bundles"][0])).replace("%3", str(item["bundles"][1])))
            else:
                lines.append(self.tr("%1: %n fork(s)", "", item.get("count", 1)).replace("%1", item["laptop"]))
        return "\n".join(lines)


def blocking_text(blocking: list[dict]) -> str:
    """One item a line (the laptop, its gap or its forks), under a count; empty when nothing blocks."""
    return BlockingWords().text(blocking)
