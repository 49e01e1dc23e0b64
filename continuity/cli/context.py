"""What every command shares: the data folder, the store, the signed-in session, output and errors."""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from continuity import i18n
from continuity.core.errors import DomainError
from continuity.i18n import _
from continuity.paths import data_dir, database_path
from continuity.services.session import Session, sign_in
from continuity.store.tx import Store


@dataclass
class AppContext:
    data_dir_option: str | None = None
    user_option: str | None = None
    json_output: bool = False
    _store: Store | None = field(default=None, repr=False)
    _session: Session | None = field(default=None, repr=False)

    @property
    def folder(self) -> Path:
        return data_dir(self.data_dir_option)

    def store(self) -> Store:
        if self._store is None:
            self._store = Store(database_path(self.folder))
        return self._store

    def session(self) -> Session:
        """Sign in the user named by --user / CONTINUITY_USER (password from CONTINUITY_PASSWORD or a prompt)."""
        if self._session is None:
            store = self.store()
            if store.device() is None:
                raise DomainError(
                    "This data folder ({folder}) is not enrolled: run 'continuity demo' or 'continuity init --kit KIT --device NAME'.",
                    folder=str(self.folder),
                )
            user = self.user_option or os.environ.get("CONTINUITY_USER")
            if not user:
                raise DomainError("Say who you are: --user NAME (or CONTINUITY_USER).", field="user")
            password = os.environ.get("CONTINUITY_PASSWORD")
            if password is None:
                password = click.prompt(_("Password for {user}", user=user), hide_input=True, err=True)
            self._session = sign_in(store, user, password)
        return self._session

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def emit(ctx: AppContext, data: Any, human: Callable[[Any], str] | str | None = None) -> None:
    """Print JSON with --json, otherwise the human rendering."""
    if ctx.json_output:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif callable(human):
        click.echo(human(data))
    elif human is not None:
        click.echo(human)


def warn(messages: list[str]) -> None:
    for message in messages:
        click.echo(_("Warning: {message}", message=message), err=True)


def json_option(command: Callable) -> Callable:
    """``--json`` on a reading command (the global ``continuity --json`` works too)."""

    def set_json(click_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
        if value:
            click_ctx.ensure_object(AppContext).json_output = True

    return click.option("--json", "json_flag", is_flag=True, expose_value=False, callback=set_json, help="Machine-readable output.")(command)


def refusals_exit_1(command: Callable) -> Callable:
    """A refused operation (bad input, broken rule, no permission) prints why and exits 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except DomainError as error:
            where = f" [{error.field}]" if error.field else ""
            click.echo(_("Refused{where}: {message}", where=where, message=error.localized()), err=True)
            sys.exit(1)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:  # noqa: BLE001 - the last net: log it, say it, never a bare traceback
            app = click.get_current_context().find_object(AppContext)
            log = log_unexpected(app.folder if app else Path.cwd())
            click.echo(_("Internal error ({error}); details are in {log}.", error=type(error).__name__, log=str(log)), err=True)
            sys.exit(3)

    return wrapper


def log_unexpected(folder: Path) -> Path:
    """Write the current exception's traceback (code locations, no patient data) to the data folder's log."""
    log_path = folder / "logs" / "continuity.log"
    try:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        logger = logging.getLogger("continuity")
        if not logger.handlers:
            handler = logging.FileHandler(log_path, encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            logger.addHandler(handler)
        # The stack only: an exception's message can carry values typed by the user (patient data).
        kind, _value, trace = sys.exc_info()
        stack = "".join(traceback.format_tb(trace))
        logger.error("unexpected %s in command %s\n%s", getattr(kind, "__name__", kind), click.get_current_context().command_path, stack)
    except OSError:
        pass
    return log_path


pass_app = click.make_pass_decorator(AppContext, ensure=True)


def set_language(language: str | None) -> None:
    if language:
        i18n.set_language(language)
