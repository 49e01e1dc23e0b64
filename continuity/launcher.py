"""``make run``: open the ward on this laptop's data folder, or on a ready demo ward when none is set.

Opens the desktop window when there is a screen; without one (a server, CI) it prints the census
and how to use the command line.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from continuity.cli.render import census_text
from continuity.i18n import _
from continuity.paths import database_path
from continuity.security import vault
from continuity.services import demo
from continuity.services.session import open_session
from continuity.services.ward import census

LOCAL_DEMO_FOLDER = Path("data") / "demo"


def has_screen() -> bool:
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0]  # "offscreen:configfile=..." is still no screen
    if platform and platform != "offscreen":
        return True
    return not platform and bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform in ("win32", "darwin"))


def main() -> None:
    configured = os.environ.get("CONTINUITY_DATA_DIR")
    folder = Path(configured) if configured else LOCAL_DEMO_FOLDER
    keyring = vault.read_keyring(folder)
    if keyring is None and not configured and not database_path(folder).exists():
        click.echo(_("Creating the demo ward in {folder}...", folder=str(folder)))
        # The kit and IT's key go beside the laptop's data folder, never inside it (as IT keeps them).
        demo.build_demo(folder, patients=2000, kit_out=folder.parent / "demo-kit" / "demo.kit")
        keyring = vault.read_keyring(folder)
    if keyring is None and not database_path(folder).exists():
        click.echo(_("This data folder ({folder}) is not enrolled: run 'continuity demo' or 'continuity init --kit KIT --device NAME'.",
                     folder=str(folder)))
        sys.exit(1)
    # Which ward it is can be read without opening the database: the keyring says it.
    is_demo = keyring is not None and keyring["ward"]["id"] == demo.demo_ward_id()
    if has_screen() and "--text" not in sys.argv:
        from continuity.ui.app import run  # Qt only when there is a screen to show it on

        if is_demo:
            click.echo(_("DEMO WARD: invented people only. Users demo-midwife, demo-clerk, demo-supervisor, demo-it; password 'demo'."))
        sys.exit(run(folder))
    if is_demo:
        session = open_session(folder, "demo-supervisor", demo.DEMO_PASSWORD)
        try:
            click.echo(census_text(census(session)))
        finally:
            session.store.close()
        click.echo("")
        click.echo(_("DEMO WARD: invented people only. Users demo-midwife, demo-clerk, demo-supervisor, demo-it; password 'demo'."))
    click.echo(_("Data folder: {folder}", folder=str(folder.resolve())))
    click.echo(_("Use the command line, for example:"))
    venv = Path(".venv/bin/continuity")
    command = str(venv) if venv.exists() else "continuity"
    click.echo(f"  export CONTINUITY_DATA_DIR={folder.resolve()} CONTINUITY_USER=demo-midwife")
    click.echo(f"  {command} search dupont")
    click.echo(f"  {command} census")
    click.echo(f"  {command} --help")


if __name__ == "__main__":
    main()
