"""Sync: this laptop, the folder, last export/import, peers, pending changes, files set aside,
conflicts (acknowledge; IT resolves), gaps, clock warnings; "sync now" runs in the background."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QInputDialog, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from continuity.core.permissions import Permission, Role, allowed
from continuity.i18n.labels import local_time
from continuity.ui.worker import Backend


def _sync():
    """The sync services, loaded on first use: they pull in the engine, watchdog and the crypto,
    which the window does not need to show its first screen."""
    from continuity.services import sync

    return sync


class SyncView(QWidget):
    status_changed = Signal(bool, str)  # all well?, one line for the status bar
    data_arrived = Signal()

    def __init__(self, backend: Backend, role: Role | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.role = role  # None until someone signs in: then no button of a role is offered
        self.page = QTextBrowser()
        self.now_button = QPushButton(self.tr("Sync n&ow"))
        self.folder_button = QPushButton(self.tr("Choose the sync fold&er or USB stick…"))
        self.folder_button.clicked.connect(self.choose_folder)
        self.ack_button = QPushButton(self.tr("&Acknowledge a conflict…"))
        self.resolve_button = QPushButton(self.tr("&Resolve a conflict (IT)…"))
        self.now_button.clicked.connect(self.sync_now)
        self.ack_button.clicked.connect(self.acknowledge)
        self.resolve_button.clicked.connect(self.resolve)
        buttons = QHBoxLayout()
        buttons.addWidget(self.now_button)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.ack_button)
        buttons.addWidget(self.resolve_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.page)
        self.status: dict = {}

    def last_sync_text(self) -> str:
        return local_time(self.status.get("last_pass")) or self.tr("never")

    def refresh(self) -> None:
        # No state hash here: it reads every row (seconds on a big ward); the CLI shows it.
        self.backend.call(_sync().status, with_hash=False, on_done=self.show_status, on_refused=lambda m, f: self.page.setPlainText(m))

    def choose_folder(self) -> QFileDialog:
        """The shared folder, a folder a replication tool keeps in step, or a USB stick: chosen
        here (kept for next time), then synced at once."""
        dialog = QFileDialog(self, self.tr("Sync folder or USB stick"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # the same dialog, in French, everywhere
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        current = self.status.get("folder")
        if current:
            dialog.setDirectory(current)
        dialog.fileSelected.connect(self._folder_chosen)
        dialog.open()
        return dialog

    def _folder_chosen(self, folder: str) -> None:
        if not folder:
            return
        self.backend.call(_sync().set_folder, Path(folder), on_done=lambda _none: self.sync_now(), on_refused=self._failed)

    def sync_now(self) -> None:
        self.now_button.setEnabled(False)
        self.status_changed.emit(False, self.tr("Syncing…"))
        self.backend.call(_sync().sync_once, on_done=self._synced, on_refused=self._failed)

    def sync_quietly(self) -> None:
        """The periodic background pass: only when a folder is set, never two at once."""
        if self.status.get("folder") and self.now_button.isEnabled():
            self.sync_now()

    def _synced(self, report) -> None:
        self.now_button.setEnabled(True)
        if report.imported_bundles:
            self.data_arrived.emit()
        self.refresh()

    def _failed(self, message: str, _field: str) -> None:
        self.now_button.setEnabled(True)
        self.status_changed.emit(False, message)

    def acknowledge(self) -> None:
        conflicts = self.status.get("conflicts", [])
        if not conflicts:
            return
        ids = [str(c["id"]) for c in conflicts]
        chosen, ok = QInputDialog.getItem(self, self.tr("Acknowledge a conflict"), self.tr("Conflict"), ids, 0, False)
        if ok:
            self.backend.call(_sync().acknowledge_conflict, int(chosen), on_done=lambda _r: self.refresh())

    def resolve(self) -> None:
        """IT keeps the winning value or brings the losing one back (a journaled change)."""
        conflicts = self.status.get("conflicts", [])
        if not conflicts:
            return
        labels = [f"#{c['id']} {c['entity']} {c['field']}: {c['winner_value']} / {c['loser_value']}" for c in conflicts]
        chosen, ok = QInputDialog.getItem(self, self.tr("Resolve a conflict"), self.tr("Conflict"), labels, 0, False)
        if not ok:
            return
        keep_loser = self.tr("Bring the losing value back")
        choice, ok = QInputDialog.getItem(self, self.tr("Resolve a conflict"), self.tr("Keep"), [self.tr("Keep the winning value"), keep_loser], 0, False)
        if ok:
            conflict = conflicts[labels.index(chosen)]
            self.backend.call(_sync().resolve_conflict, conflict["id"], "loser" if choice == keep_loser else "winner",
                              on_done=lambda _r: self.data_arrived.emit())

    def show_status(self, status: dict) -> None:
        self.status = status
        esc = html.escape
        problems = len(status["quarantined"]) + len(status["conflicts"]) + len(status["gaps"]) + len(status["clock_warnings"]) + len(status["shared_beds"])
        pending = status["pending_outgoing"]
        if not status["folder"]:
            ok, line = False, self.tr("No sync folder set")
        elif not status["folder_reachable"]:
            ok, line = False, self.tr("Sync folder unreachable")
        elif pending or problems:
            ok, line = False, self.tr("To send: %1 · problems: %2").replace("%1", str(pending)).replace("%2", str(problems))  # no plural to agree
        else:
            ok, line = True, self.tr("Synced")
        self.status_changed.emit(ok, line)
        self.ack_button.setEnabled(bool(status["conflicts"]))
        folder_word, last_word, pending_word = self.tr("Folder"), self.tr("last pass"), self.tr("Changes not yet sent")
        laptops_word, bundle_word = self.tr("Other laptops"), self.tr("bundle")
        parts = [
            f"<h3>{esc(status['device'])}</h3>",
            f"<p>{esc(folder_word)}: {esc(status['folder'] or '—')} — {esc(last_word)}: {esc(local_time(status.get('last_pass')) or '—')}</p>",
            f"<p>{esc(pending_word)}: <b>{pending}</b></p>",
            f"<h4>{esc(laptops_word)}</h4><ul>",
        ]
        parts += [f"<li>{esc(p['name'])}: {esc(bundle_word)} {p['last_bundle']} — {esc(local_time(p['last_applied_at']))}</li>" for p in status["peers"]]
        parts.append("</ul>")
        sections = [
            (self.tr("Files set aside"), [f"{q['file']}: {q['message']}" for q in status["quarantined"]]),
            (self.tr("Conflicts to review"), [f"#{c['id']} {c['entity']} {c['field']}: {c['winner_value']} ≠ {c['loser_value']}" for c in status["conflicts"]]),
            (self.tr("Beds with two patients"), [f"{b['bed_id']}: NDA {b['ndas']}" for b in status["shared_beds"]]),
            (self.tr("Probable duplicate patients"), [f"IPP {d['ipp']} / {d['other_ipp']} ({d['birth_date']})" for d in status["probable_duplicates"]]),
            (self.tr("Missing bundles"), [f"{g['device']}: {g['missing_bundles'][0]}–{g['missing_bundles'][1]}" for g in status["gaps"]]),
            (self.tr("Clock warnings"), status["clock_warnings"]),
        ]
        for title, lines in sections:
            if lines:
                parts.append(f"<h4 style='color:#b3261e'>{esc(title)}</h4><ul>" + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>")
        self.page.setHtml("".join(parts))
        self.ack_button.setVisible(self.role is not None and allowed(self.role, Permission.SYNC))
        self.resolve_button.setVisible(self.role is not None and allowed(self.role, Permission.CONFLICT_RESOLVE))
        self.resolve_button.setEnabled(bool(status["conflicts"]))
