"""``continuity``: the root command and the ward operations."""

from __future__ import annotations

import sys

import click

from continuity import __version__
from continuity.cli import render
from continuity.cli.admin_commands import register_admin
from continuity.cli.census_commands import census_group
from continuity.cli.reconcile_commands import reconcile_group
from continuity.cli.rota_commands import rota_group
from continuity.cli.sync_commands import sync_group
from continuity.cli.context import AppContext, emit, json_option, pass_app, refusals_exit_1, set_language, warn
from continuity.core.identifiers import short_id
from continuity.i18n import _
from continuity.services import adt, births, identity, ward
from continuity.services.vigilance import PossibleDuplicate


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="continuity")
@click.option("--data-dir", envvar="CONTINUITY_DATA_DIR", type=click.Path(file_okay=False), help="Data folder (default: the user data folder).")
@click.option("--user", "user", help="User name (or CONTINUITY_USER); the password comes from CONTINUITY_PASSWORD or a prompt.")
@click.option("--it-key", "it_key", type=click.Path(dir_okay=False),
              help="IT opens this laptop with its key file instead of a user's password (passphrase from CONTINUITY_IT_PASSPHRASE or a prompt).")
@click.option("--lang", type=click.Choice(["fr", "en"]), envvar="CONTINUITY_LANG", help="Language of messages (default fr).")
@click.option("--json", "json_output", is_flag=True, help="Machine-readable output.")
@click.pass_context
def cli(click_ctx: click.Context, data_dir: str | None, user: str | None, it_key: str | None, lang: str | None, json_output: bool) -> None:
    """Continuity: run the maternity ward while the hospital information system is down."""
    set_language(lang)
    app = click_ctx.ensure_object(AppContext)
    app.data_dir_option = data_dir
    app.user_option = user
    app.it_key_option = it_key
    app.json_output = app.json_output or json_output
    click_ctx.call_on_close(app.close)


# -- patients -----------------------------------------------------------------------------------
@cli.group()
def patient() -> None:
    """Register, correct and read patient identities."""


@patient.command("add")
@click.option("--birth-name", required=True, help="Nom de naissance.")
@click.option("--first-names", required=True, help="First names at birth, space- or comma-separated.")
@click.option("--birth-date", required=True, help="YYYY-MM-DD or DD/MM/YYYY.")
@click.option("--sex", required=True, type=click.Choice(["F", "M", "U"], case_sensitive=False))
@click.option("--used-name", help="Nom d'usage, when different.")
@click.option("--ins", help="NIR/NIA copied from a card (stays provisional).")
@click.option("--birth-place", help="INSEE code of the birth place.")
@click.option("--address")
@click.option("--phone")
@click.option("--used-first-name", help="The first name she goes by, when not her first one.")
@click.option("--different-from", "different_from", multiple=True, metavar="IPP",
              help="A patient already known whom this person is not (repeat for each candidate listed).")
@json_option
@pass_app
@refusals_exit_1
def patient_add(app: AppContext, different_from: tuple[str, ...], **fields: str) -> None:
    """Register a provisional identity; prints the new IPP. When someone already known may be her,
    nothing is created: the candidates are listed with why; use her IPP, or say for each one that
    this is a different person (--different-from IPP)."""
    try:
        outcome = identity.add_patient(app.session(), **fields, different_from=[i.strip() for d in different_from for i in d.split(",")])
    except PossibleDuplicate as known:
        for candidate in known.candidates:
            click.echo(_("  IPP {ipp}  {name}, born {born}: {why}", ipp=candidate["ipp"], name=candidate["name"],
                         born=candidate["birth_date"], why=candidate["why"]), err=True)
        raise
    warn(outcome.warnings)
    emit(app, outcome.as_dict(), outcome.values["ipp"])


@patient.command("show")
@click.argument("ipp")
@json_option
@pass_app
@refusals_exit_1
def patient_show(app: AppContext, ipp: str) -> None:
    """Identity, stays, movements and births of one patient (the reading is audited)."""
    emit(app, identity.show_patient(app.session(), ipp), render.patient_text)


@patient.command("update")
@click.argument("ipp")
@click.option("--birth-name")
@click.option("--first-names")
@click.option("--birth-date")
@click.option("--sex", type=click.Choice(["F", "M", "U"], case_sensitive=False))
@click.option("--used-name")
@click.option("--ins")
@click.option("--birth-place")
@click.option("--address")
@click.option("--phone")
@json_option
@pass_app
@refusals_exit_1
def patient_update(app: AppContext, ipp: str, **changes: str | None) -> None:
    """Correct an identity; the previous values stay in the journal."""
    outcome = identity.update_patient(app.session(), ipp, **changes)
    warn(outcome.warnings)
    emit(app, outcome.as_dict(), _("Updated: {fields}", fields=", ".join(outcome.values["changed"]) or "-"))


@cli.command("search")
@click.argument("text", nargs=-1, required=True)
@click.option("--limit", default=50, show_default=True)
@json_option
@pass_app
@refusals_exit_1
def search_command(app: AppContext, text: tuple[str, ...], limit: int) -> None:
    """Find patients by name parts, IPP, NDA or birth date (accents and case ignored)."""
    emit(app, identity.search(app.session(), " ".join(text), limit=limit), render.search_text)


# -- movements ----------------------------------------------------------------------------------
_at_option = click.option("--at", help="When it happened: 'YYYY-MM-DD HH:MM' or 'HH:MM' today (default: now).")


@cli.command("admit")
@click.argument("ipp")
@click.option("--unit", required=True)
@click.option("--bed", required=True)
@_at_option
@click.option("--reason")
@json_option
@pass_app
@refusals_exit_1
def admit_command(app: AppContext, ipp: str, unit: str, bed: str, at: str | None, reason: str | None) -> None:
    """Admit a patient to a bed; prints the new NDA."""
    outcome = adt.admit(app.session(), ipp, unit=unit, bed=bed, at=at, reason=reason)
    warn(outcome.warnings)
    emit(app, outcome.as_dict(), outcome.values["nda"])


@cli.command("transfer")
@click.argument("nda")
@click.option("--unit", required=True)
@click.option("--bed", required=True)
@_at_option
@json_option
@pass_app
@refusals_exit_1
def transfer_command(app: AppContext, nda: str, unit: str, bed: str, at: str | None) -> None:
    """Move a stay to another unit/bed (newborns with their mother follow)."""
    outcome = adt.transfer(app.session(), nda, unit=unit, bed=bed, at=at)
    emit(app, outcome.as_dict(), outcome.values["movement_id"])


@cli.command("leave")
@click.argument("nda")
@_at_option
@click.option("--reason")
@json_option
@pass_app
@refusals_exit_1
def leave_command(app: AppContext, nda: str, at: str | None, reason: str | None) -> None:
    """Temporary leave (the bed stays reserved)."""
    emit(app, adt.leave(app.session(), nda, at=at, reason=reason).as_dict(), lambda o: o["movement_id"])


@cli.command("return")
@click.argument("nda")
@_at_option
@json_option
@pass_app
@refusals_exit_1
def return_command(app: AppContext, nda: str, at: str | None) -> None:
    """Return from temporary leave."""
    emit(app, adt.return_from_leave(app.session(), nda, at=at).as_dict(), lambda o: o["movement_id"])


@cli.command("discharge")
@click.argument("nda")
@click.option("--destination", help="home, transfer to another hospital...")
@_at_option
@json_option
@pass_app
@refusals_exit_1
def discharge_command(app: AppContext, nda: str, destination: str | None, at: str | None) -> None:
    """Discharge a stay (newborns still with their mother leave with her)."""
    emit(app, adt.discharge(app.session(), nda, destination=destination, at=at).as_dict(), lambda o: o["movement_id"])


@cli.command("birth")
@click.argument("nda")
@click.option("--sex", required=True, type=click.Choice(["F", "M", "U"], case_sensitive=False))
@click.option("--weight", type=click.IntRange(1, 20000), default=None, help="Grams (leave it out when she is not weighed yet).")
@_at_option
@click.option("--first-names", help="If already chosen.")
@json_option
@pass_app
@refusals_exit_1
def birth_command(app: AppContext, nda: str, sex: str, weight: int | None, at: str | None, first_names: str | None) -> None:
    """Record a newborn on the mother's stay; prints the newborn's IPP and NDA."""
    outcome = births.record_birth(app.session(), nda, sex=sex, weight_g=weight, at=at, first_names=first_names)
    warn(outcome.warnings)
    emit(app, outcome.as_dict(), lambda o: f"{o['ipp']} {o['nda']}")


@cli.command("cancel")
@click.argument("movement_id")
@json_option
@pass_app
@refusals_exit_1
def cancel_command(app: AppContext, movement_id: str) -> None:
    """Cancel a wrong movement (it stays in history, marked cancelled)."""
    outcome = adt.cancel_movement(app.session(), movement_id)
    emit(app, outcome.as_dict(), lambda o: _("Cancelled: {ids}", ids=", ".join(short_id(i) for i in o["cancelled"])))


@cli.group()
def bed() -> None:
    """Close or reopen a bed."""


@bed.command("close")
@click.argument("unit")
@click.argument("bed_code", metavar="BED")
@click.option("--reason")
@json_option
@pass_app
@refusals_exit_1
def bed_close(app: AppContext, unit: str, bed_code: str, reason: str | None) -> None:
    """Close a free bed (capacity reduced)."""
    emit(app, adt.close_bed(app.session(), unit, bed_code, reason).as_dict(), _("Bed {bed} closed.", bed=f"{unit} {bed_code}"))


@bed.command("open")
@click.argument("unit")
@click.argument("bed_code", metavar="BED")
@json_option
@pass_app
@refusals_exit_1
def bed_open(app: AppContext, unit: str, bed_code: str) -> None:
    """Reopen a closed bed."""
    emit(app, adt.open_bed(app.session(), unit, bed_code).as_dict(), _("Bed {bed} open.", bed=f"{unit} {bed_code}"))


@cli.command("movements")
@click.option("--today", "today_flag", is_flag=True, help="Today's movements (the default).")
@click.option("--date", "day", type=click.DateTime(["%Y-%m-%d"]), help="Another day.")
@json_option
@pass_app
@refusals_exit_1
def movements_command(app: AppContext, today_flag: bool, day) -> None:
    """Admissions, transfers, leaves, returns and discharges of a day."""
    emit(app, ward.movements_on(app.session(), day.date() if day else None), render.movements_text)


register_admin(cli)
cli.add_command(sync_group)
cli.add_command(rota_group)
cli.add_command(reconcile_group)
cli.add_command(census_group)


@cli.command("gui")
@click.option("--lock-minutes", default=10, show_default=True, envvar="CONTINUITY_LOCK_MINUTES", type=click.IntRange(1, 240),
              help="Lock the window after this many idle minutes.")
@pass_app
def gui_command(app: AppContext, lock_minutes: int) -> None:
    """Open the ward's window on this data folder."""
    from continuity.ui.app import run  # Qt is loaded only for the window

    sys.exit(run(app.folder, lock_minutes=lock_minutes))


def main() -> None:
    cli(prog_name="continuity", auto_envvar_prefix=None)


if __name__ == "__main__":
    main()
