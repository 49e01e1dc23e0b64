"""A reconciliation window's unlocking of IT's workspace: the passphrase is checked once and the
workspace's key kept for the window's lifetime, so that each service call it makes (each opens the
workspace) does not derive the key again (Argon2id: ~0.5 s and 256 MB a time). Closing the window
lets it go. The command line has no use for it: one command, one opening."""

from __future__ import annotations

from pathlib import Path

from continuity.reconcile import workspace as workspaces


def keep_open(folder: Path, it_passphrase: str) -> dict:
    """Refused with the reason beside the passphrase (wrong) or the workspace (none there)."""
    workspaces.keep_unlocked(folder, it_passphrase)
    return {"workspace": str(folder)}


def let_go(folder: Path) -> None:
    workspaces.let_go(folder)
