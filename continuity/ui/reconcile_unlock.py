"""Opening IT's workspace from the window: the passphrase of IT's key typed in a field that never
shows it, a wrong one refused beside it; or a new workspace made from the ward's kit and IT's key
file, as ``continuity reconcile open`` does (the same service, the same checks)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from continuity.ui.reconcile_client import ReconcileClient
from continuity.ui.reconcile_common import choose, refusal_label
from continuity.ui.worker import Backend


def secret_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)  # never echoed
    edit.setMinimumWidth(320)
    return edit


class UnlockDialog(QDialog):
    """Emits ``unlocked`` with a client holding the checked passphrase (the workspace's key kept)."""

    unlocked = Signal(object)

    def __init__(self, folder: Path, parent: QWidget | None = None, *, locked: ReconcileClient | None = None) -> None:
        """``locked``: the client of a window locked after being left idle, unlocked again with the
        same passphrase (no new workspace offered then)."""
        super().__init__(parent)
        self.folder = folder
        self.client: ReconcileClient | None = None
        self.locked = locked
        self.setWindowTitle(self.tr("Reconciliation workspace (IT)") if locked is None else self.tr("Reconciliation window locked"))
        where = QLabel(self.tr("Workspace: %1").replace("%1", str(folder)))
        if locked is not None:  # said in the dialog itself: a window's title is not always in sight
            where.setText(self.tr("Locked after being left idle: the passphrase of IT's key opens it again.") + "\n" + where.text())
        where.setWordWrap(True)
        self.passphrase = secret_edit("itPassphraseEdit")
        self.passphrase.textEdited.connect(lambda _t: self.error.clear())
        self.error = refusal_label("itPassphraseError")
        label = QLabel(self.tr("&Passphrase of IT's key"))
        label.setBuddy(self.passphrase)
        row = QVBoxLayout()
        row.addWidget(self.passphrase)
        row.addWidget(self.error)
        form = QFormLayout()
        form.addRow(label, row)
        self.create_button = QPushButton(self.tr("Make a &new workspace here…"))
        self.create_button.setObjectName("createWorkspaceButton")
        self.create_button.clicked.connect(self.open_create)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.create_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addLayout(bottom)
        self.creating: CreateWorkspaceDialog | None = None
        if locked is not None:
            self.create_button.hide()

    def submit(self, passphrase: str | None = None) -> None:
        """Checked in the database thread (the key derivation takes a moment): the window waits for it."""
        secret = passphrase if passphrase is not None else self.passphrase.text()
        self.error.clear()
        if not secret:
            self.refused(self.tr("Type the passphrase of IT's key."), "it_passphrase")
            return
        self.buttons.setEnabled(False)
        if self.locked is not None:  # the window's own client: its database thread, its pages' calls
            self.client = self.locked
            self.client.unlock(on_done=lambda _r: self._unlocked(), on_refused=self.refused, passphrase=secret)
            return
        self.client = ReconcileClient(self.folder, secret)
        self.client.backend.crashed.connect(lambda what: self.refused(self.tr("Something went wrong (%1).").replace("%1", what), ""))
        self.client.unlock(on_done=lambda _r: self._unlocked(), on_refused=self.refused)

    def _unlocked(self) -> None:
        self.passphrase.clear()  # nothing of it stays in the widgets
        client, self.client = self.client, None
        self.unlocked.emit(client)
        self.accept()

    def refused(self, message: str, _field: str) -> None:
        if self.client is not None and self.client is not self.locked:
            self.client.shutdown()
            self.client.deleteLater()
        self.client = None
        self.buttons.setEnabled(True)
        self.error.setText(message)
        self.passphrase.setFocus()
        self.passphrase.selectAll()
        self.adjustSize()

    def open_create(self) -> CreateWorkspaceDialog:
        self.creating = CreateWorkspaceDialog(self.folder, self)
        self.creating.created.connect(self._created)
        self.creating.open()
        return self.creating

    def _created(self, folder: str, passphrase: str) -> None:
        self.folder = Path(folder)  # where it was made, perhaps another folder than the one asked
        self.submit(passphrase)


class CreateWorkspaceDialog(QDialog):
    created = Signal(str, str)  # the workspace made and IT's passphrase, to open it at once

    def __init__(self, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New reconciliation workspace"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.backend = Backend(folder, self)
        self.backend.crashed.connect(lambda what: self.refused(self.tr("Something went wrong (%1).").replace("%1", what), "other"))
        self.workspace = QLineEdit(str(folder))
        self.workspace.setObjectName("workspaceEdit")
        self.kit = QLineEdit()
        self.kit.setObjectName("kitEdit")
        self.kit_passphrase = secret_edit("kitPassphraseEdit")
        self.it_key = QLineEdit()
        self.it_key.setObjectName("itKeyEdit")
        self.it_passphrase = secret_edit("newItPassphraseEdit")
        for edit in (self.workspace, self.kit, self.it_key):
            edit.setMinimumWidth(440)  # a path is read whole
        self.errors = {name: refusal_label(f"{name}Error") for name in ("workspace", "kit", "passphrase", "it_key", "it_passphrase", "other")}
        kit_button, key_button = QPushButton(self.tr("C&hoose…")), QPushButton(self.tr("Choo&se…"))
        kit_button.setObjectName("chooseKitButton")
        key_button.setObjectName("chooseItKeyButton")
        kit_button.clicked.connect(lambda: choose(self, self.tr("The ward's shared kit"), lambda f: self.kit.setText(f[0]) if f else None,
                                                  folders=False))
        key_button.clicked.connect(lambda: choose(self, self.tr("IT's key file"), lambda f: self.it_key.setText(f[0]) if f else None,
                                                  folders=False))
        form = QFormLayout()
        rows = ((self.tr("&Workspace folder"), self.workspace, None, "workspace"), (self.tr("Ward &kit"), self.kit, kit_button, "kit"),
                (self.tr("Kit &passphrase"), self.kit_passphrase, None, "passphrase"),
                (self.tr("&IT's key file"), self.it_key, key_button, "it_key"),
                (self.tr("Passphrase of IT's ke&y"), self.it_passphrase, None, "it_passphrase"))
        for text, edit, button, field in rows:
            label = QLabel(text)
            label.setBuddy(edit)
            line = QHBoxLayout()
            line.addWidget(edit, 1)
            if button is not None:
                line.addWidget(button)
            column = QVBoxLayout()
            column.addLayout(line)
            column.addWidget(self.errors[field])
            form.addRow(label, column)
            edit.textEdited.connect(lambda _t, f=field: self.errors[f].clear())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Make it"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors["other"])
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        from continuity.services import reconcile

        for label in self.errors.values():
            label.clear()
        args = (Path(self.workspace.text().strip()), Path(self.kit.text().strip()), self.kit_passphrase.text(),
                Path(self.it_key.text().strip()), self.it_passphrase.text())
        self.buttons.setEnabled(False)
        self.backend.call_raw(lambda _worker: reconcile.open_new(*args), on_done=self._made, on_refused=self.refused)

    def _made(self, _result: dict) -> None:
        passphrase = self.it_passphrase.text()
        self.kit_passphrase.clear()
        self.it_passphrase.clear()
        self.created.emit(self.workspace.text().strip(), passphrase)
        self.accept()

    def refused(self, message: str, field: str) -> None:
        self.buttons.setEnabled(True)
        self.errors.get(field, self.errors["other"]).setText(message)
        self.adjustSize()

    def done(self, result: int) -> None:
        self.backend.shutdown()
        super().done(result)
