"""What every command shares: the data folder, the store, the signed-in session, output and errors."""

from __future__ import annotations

import functools
import json
import logging
import os
import re
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
from continuity.paths import data_dir
from continuity.services.session import Session, open_session, open_with_it_key
from continuity.store.tx import Store


@dataclass
class AppContext:
    data_dir_option: str | None = None
    user_option: str | None = None
    it_key_option: str | None = None
    json_output: bool = False
    _store: Store | None = field(default=None, repr=False)
    _session: Session | None = field(default=None, repr=False)

    @property
    def folder(self) -> Path:
        return data_dir(self.data_dir_option)

    def session(self) -> Session:
        """Sign in the user named by --user / CONTINUITY_USER (password from CONTINUITY_PASSWORD or a
        prompt): the password opens the laptop's database. With --it-key, IT opens it with its key."""
        if self._session is None:
            if self.it_key_option:
                from continuity.services import kit

                it_payload = kit.unseal_it_key(Path(self.it_key_option), it_passphrase())
                self._session = open_with_it_key(self.folder, it_payload["it_private_key"], it_signing_key=it_payload.get("it_signing_key"))
            else:
                user = self.user_option or os.environ.get("CONTINUITY_USER")
                if not user:
                    raise DomainError("Say who you are: --user NAME (or CONTINUITY_USER).", field="user")
                password = take_secret("CONTINUITY_PASSWORD")
                if password is None:
                    password = click.prompt(_("Password for {user}", user=user), hide_input=True, err=True)
                self._session = open_session(self.folder, user, password)
            self._store = self._session.store
        return self._session

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


SECRET_VARIABLES = ("CONTINUITY_PASSWORD", "CONTINUITY_NEW_PASSWORD", "CONTINUITY_KIT_PASSPHRASE", "CONTINUITY_IT_PASSPHRASE")
_FD_SUFFIX = "_FD"


def take_secret(name: str) -> str | None:
    """A password or passphrase given in the environment (or through a pipe when the command was
    started again without them), removed from the environment once read."""
    descriptor = os.environ.pop(name + _FD_SUFFIX, None)
    if descriptor is not None:
        with os.fdopen(int(descriptor), "rb") as pipe:
            return pipe.read(64 * 1024).decode("utf-8")
    return os.environ.pop(name, None)


def drop_secrets_from_environment() -> None:
    """Start this command again without passwords in its environment, handing them over through
    pipes. Removing a variable from ``os.environ`` is not enough for a long-running process: the
    kernel keeps showing the environment it started with (``/proc/PID/environ``, ``ps e``)."""
    secrets = {name: os.environ[name] for name in SECRET_VARIABLES if name in os.environ}
    if not secrets:
        return
    environment = {k: v for k, v in os.environ.items() if k not in secrets}
    for name, value in secrets.items():
        read_end, write_end = os.pipe()
        os.write(write_end, value.encode("utf-8"))  # far below a pipe's buffer: never blocks
        os.close(write_end)
        os.set_inheritable(read_end, True)
        environment[name + _FD_SUFFIX] = str(read_end)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, "-m", "continuity", *sys.argv[1:]], environment)


def it_passphrase(confirm: bool = False) -> str:
    value = take_secret("CONTINUITY_IT_PASSPHRASE")
    if value is not None:
        return value
    return click.prompt(_("Passphrase of IT's key (not the kit's)"), hide_input=True, confirmation_prompt=confirm, err=True)


# What a terminal obeys or reorders rather than shows: C0/C1 controls but the line break and the tab
# (escape sequences can retitle the window, write the clipboard, hide text) and the direction
# overrides (a name could show another name). A forged bundle can bring them in patient names.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    return _TERMINAL_UNSAFE.sub("\ufffd", text)


def emit(ctx: AppContext, data: Any, human: Callable[[Any], str] | str | None = None) -> None:
    """Print JSON with --json (escaped by JSON), otherwise the human rendering, shown, never obeyed."""
    if ctx.json_output:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif callable(human):
        click.echo(printable(human(data)))
    elif human is not None:
        click.echo(printable(human))


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
        log_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
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
