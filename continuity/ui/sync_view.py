"""Sync: this laptop, the folder, last export/import, peers, pending changes, files set aside,
conflicts (acknowledge; IT resolves), gaps, clock warnings; "sync now" runs in the background."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QInputDialog, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from continuity.core.permissions import Permission, Role, allowed
from continuity.i18n.labels import local_time
from continuity.ui.message_label import MessageLabel
from continuity.ui.worker import Backend


def conflict_text(conflict: dict) -> str:
    """One concurrent edit as a clerk reads it (the service has put it in her words)."""
    return (QCoreApplication.translate("SyncView", "%1 — %2: in force “%3” (%4); the other value “%5” (%6)")
            .replace("%1", conflict["subject"]).replace("%2", conflict["field_label"]).replace("%3", conflict["in_force"])
            .replace("%4", conflict["in_force_from"]).replace("%5", conflict["other"]).replace("%6", conflict["other_from"]))


def _sync():
    """The sync services, loaded on first use: they pull in the engine, watchdog and the crypto,
    which the window does not need to show its first screen."""
    from continuity.services import sync

    return sync


class SyncView(QWidget):
    status_changed = Signal(bool, str)  # all well?, one line for the status bar
    data_arrived = Signal()
    recovered = Signal(str)  # this laptop took its own lost changes back: what happened, in words

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
        # IT's checks, in the window as on the command line (offered to the roles allowed to run them).
        self.audit_button = QPushButton(self.tr("&Verify the audit trail"))
        self.check_button = QPushButton(self.tr("Check the &database"))
        self.fingerprint_button = QPushButton(self.tr("Data f&ingerprint"))
        self.audit_button.clicked.connect(self.verify_audit)
        self.check_button.clicked.connect(self.check_database)
        self.fingerprint_button.clicked.connect(self.fingerprint)
        self.checks = MessageLabel()
        self.checks.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.now_button)
        buttons.addWidget(self.folder_button)
        buttons.addWidget(self.ack_button)
        buttons.addWidget(self.resolve_button)
        buttons.addStretch(1)
        it_row = QHBoxLayout()
        for button in (self.audit_button, self.check_button, self.fingerprint_button):
            it_row.addWidget(button)
        it_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addLayout(it_row)
        layout.addWidget(self.checks)
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
        if report.imported_bundles or report.recovered:
            self.data_arrived.emit()
        if report.recovered:  # said at once, to whoever is at the laptop: a number may have changed
            self.recovered.emit(_sync().recovery_text(report.recovered))
        self.refresh()

    def _failed(self, message: str, _field: str) -> None:
        self.now_button.setEnabled(True)
        self.status_changed.emit(False, message)

    def acknowledge(self) -> None:
        conflicts = self.status.get("conflicts", [])
        if not conflicts:
            return
        labels = [conflict_text(c) for c in conflicts]  # which patient, which field, both values: not a number
        chosen, ok = QInputDialog.getItem(self, self.tr("Acknowledge a conflict"), self.tr("Conflict"), labels, 0, False)
        if ok:
            self.backend.call(_sync().acknowledge_conflict, conflicts[labels.index(chosen)]["id"], on_done=lambda _r: self.refresh())

    def resolve(self) -> None:
        """IT keeps the winning value or brings the losing one back (a journaled change)."""
        conflicts = self.status.get("conflicts", [])
        if not conflicts:
            return
        labels = [conflict_text(c) for c in conflicts]
        chosen, ok = QInputDialog.getItem(self, self.tr("Resolve a conflict"), self.tr("Conflict"), labels, 0, False)
        if not ok:
            return
        conflict = conflicts[labels.index(chosen)]
        keep_loser = self.tr("Bring back “%1”").replace("%1", conflict["other"])
        keep_winner = self.tr("Keep “%1”").replace("%1", conflict["in_force"])
        choice, ok = QInputDialog.getItem(self, self.tr("Resolve a conflict"), self.tr("Keep"), [keep_winner, keep_loser], 0, False)
        if ok:
            self.backend.call(_sync().resolve_conflict, conflict["id"], "loser" if choice == keep_loser else "winner",
                              on_done=lambda _r: self.data_arrived.emit())

    def verify_audit(self) -> None:
        from continuity.services import admin

        self.checks.setText(self.tr("Checking…"))
        self.backend.call(admin.verify_audit, on_done=self._audit_checked, on_refused=lambda m, _f: self.checks.setText(m))

    def _audit_checked(self, result: dict) -> None:
        if result["ok"]:
            self.checks.setText(self.tr("Audit trail intact: %n entry(ies).", "", result["entries"]))
        else:
            self.checks.setText(self.tr("Audit trail BROKEN at entry %1 (%2): tell IT's security officer.")
                                .replace("%1", str(result["first_bad_entry"])).replace("%2", result["reason"]))

    def check_database(self) -> None:
        from continuity.services import admin

        self.checks.setText(self.tr("Checking…"))
        self.backend.call(admin.check_database, on_done=self._database_checked, on_refused=lambda m, _f: self.checks.setText(m))

    def _database_checked(self, result: dict) -> None:
        if result["ok"]:
            self.checks.setText(self.tr("Database OK: %1, %2.").replace("%1", self.tr("%n journal entry(ies)", "", result["journal_entries"]))
                                .replace("%2", self.tr("%n audit entry(ies)", "", result["audit_entries"])))
        else:
            self.checks.setText(self.tr("Database problems: %1").replace("%1", "; ".join(result["problems"])))

    def fingerprint(self) -> None:
        """The state hash every laptop that received the same changes shares (seconds on a big ward)."""
        self.checks.setText(self.tr("Computing…"))
        self.backend.call(_sync().status, with_hash=True, on_done=lambda s: self.checks.setText(
            self.tr("Data fingerprint (the same on every laptop that has received the same changes): %1").replace("%1", s["state_hash"])),
            on_refused=lambda m, _f: self.checks.setText(m))

    def show_status(self, status: dict) -> None:
        self.status = status
        esc = html.escape
        problems = len(status["quarantined"]) + len(status["conflicts"]) + len(status["gaps"]) + len(status["clock_warnings"]) + len(status["shared_beds"])
        problems += len(status["double_stays"])
        pending = status["pending_outgoing"]
        if not status["folder"]:
            ok, line = False, self.tr("No sync folder set")
        elif not status["folder_reachable"]:
            ok, line = False, self.tr("Sync folder unreachable")
        elif status.get("folder_problem"):  # reachable, but the last pass could not write there (read-only, full)
            ok, line = False, self.tr("Sync folder problem: see the Sync tab")
        elif pending or problems:
            ok, line = False, self.tr("To send: %1 · problems: %2").replace("%1", str(pending)).replace("%2", str(problems))  # no plural to agree
        else:
            ok, line = True, self.tr("Synced")
        self.status_changed.emit(ok, line)
        self.ack_button.setEnabled(bool(status["conflicts"]))
        labelled = self.tr("%1: %2")  # French sets a space before the colon
        this_laptop = self.tr("This laptop: %1").replace("%1", status["device"])
        peer_line = self.tr("%1: received up to bundle %2, on %3")
        folder = labelled.replace("%1", self.tr("Folder")).replace("%2", status["folder"] or "—")
        last = labelled.replace("%1", self.tr("last pass")).replace("%2", local_time(status.get("last_pass")) or "—")
        parts = [
            f"<h3>{esc(this_laptop)}</h3>",
            f"<p>{esc(folder)} — {esc(last)}</p>",
            f"<p style='color:#b3261e'><b>{esc(status['folder_problem'])}</b></p>" if status.get("folder_problem") else "",
            "<p>" + esc(labelled.replace("%1", self.tr("Changes not yet sent")).replace("%2", "")) + f"<b>{esc(QLocale().toString(pending))}</b></p>",
            "<h4>" + esc(self.tr("Other laptops")) + "</h4><ul>",
        ]
        parts += ["<li>" + esc(peer_line.replace("%1", p["name"]).replace("%2", str(p["last_bundle"])).replace("%3", local_time(p["last_applied_at"]) or "—")) + "</li>"
                  for p in status["peers"]]
        if not status["folder"]:
            parts.insert(4, "<p><i>" + esc(self.tr("They stay safely on this laptop until a sync folder is chosen: the shared folder "
                                                   "or a USB stick (button above).")) + "</i></p>")
        if not status["peers"]:
            parts.append("<li>" + esc(self.tr("Nothing received from another laptop yet")) + "</li>")
        parts.append("</ul>")
        sections = [
            (self.tr("Files set aside"), [labelled.replace("%1", q["file"]).replace("%2", q["message"]) for q in status["quarantined"]]),
            (self.tr("Conflicts to review"), [conflict_text(c) for c in status["conflicts"]]),
            (self.tr("Beds with two patients"), [labelled.replace("%1", b["bed"]).replace("%2", ", ".join(b["people"])) for b in status["shared_beds"]]),
            (self.tr("Admitted twice (cancel the wrong admission on her page)"),
             [labelled.replace("%1", f"{d['name']} — IPP {d['ipp']}").replace("%2", ", ".join(d["stays"])) for d in status["double_stays"]]),
            (self.tr("Probable duplicate patients"),
             [labelled.replace("%1", f"{d['name']} (IPP {d['ipp']}, {_day(d['birth_date'])}) / {d['other_name']} "
                                     f"(IPP {d['other_ipp']}, {_day(d['other_birth_date'])})").replace("%2", d["why"])
              for d in status["probable_duplicates"]]),
            (self.tr("Missing bundles"), [labelled.replace("%1", g["device"]).replace("%2", f"{g['missing_bundles'][0]}–{g['missing_bundles'][1]}") for g in status["gaps"]]),
            (self.tr("Clock warnings"), status["clock_warnings"]),
            (self.tr("Restored from an older copy"),
             _sync().recovery_text(status["last_recovery"]).splitlines() if status.get("last_recovery") else []),
        ]
        advice = self.tr("The value in force is the same on every laptop. Check it against the paper record: if it is right, "
                         "acknowledge the conflict; if the other one is, ask IT to keep it.")
        for title, lines in sections:
            if lines:
                parts.append(f"<h4 style='color:#b3261e'>{esc(title)}</h4><ul>" + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>")
                if title == sections[1][0]:  # what to do with a conflict, said once under them
                    parts.append(f"<p><i>{esc(advice)}</i></p>")
        self.page.setHtml("".join(parts))
        self.ack_button.setVisible(self.role is not None and allowed(self.role, Permission.SYNC))
        self.resolve_button.setVisible(self.role is not None and allowed(self.role, Permission.CONFLICT_RESOLVE))
        self.audit_button.setVisible(self.role is not None and allowed(self.role, Permission.AUDIT_VERIFY))
        self.check_button.setVisible(self.role is not None and allowed(self.role, Permission.DB_CHECK))
        self.fingerprint_button.setVisible(self.role is not None and allowed(self.role, Permission.DB_CHECK))
        self.resolve_button.setEnabled(bool(status["conflicts"]))


def _day(stored: str | None) -> str:
    """A birth date as the ward reads it (DD/MM/YYYY)."""
    if not stored:
        return "—"
    year, month, day = stored.split("-")
    return f"{day}/{month}/{year}"
