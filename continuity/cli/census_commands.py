"""``continuity census``: the bed board as text, and ``census load``: the main system's census
loaded before an outage (a supervisor or IT)."""

from __future__ import annotations

from pathlib import Path

import click

from continuity.cli import render
from continuity.cli.context import AppContext, emit, json_option, pass_app, refusals_exit_1
from continuity.i18n import _, ngettext
from continuity.services import census, ward


@click.group("census", invoke_without_command=True)
@json_option
@click.pass_context
def census_group(click_ctx: click.Context) -> None:
    """Who is in which bed, unit by unit ('census load FILE...': the main system's census, before an outage)."""
    if click_ctx.invoked_subcommand is None:
        _show()


@pass_app
@refusals_exit_1
def _show(app: AppContext) -> None:
    emit(app, ward.census(app.session()), render.census_text)


@census_group.command("load")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@json_option
@pass_app
@refusals_exit_1
def census_load(app: AppContext, files: tuple[str, ...]) -> None:
    """Load the main system's census (supervisor or IT): patients.csv and stays.csv as the CSV export
    writes them (or their folder), or HL7 v2.5 A28/A01 messages. Women already here are left as they
    are; bad rows are listed with their line, the good ones loaded."""
    emit(app, census.load(app.session(), [Path(f) for f in files]), census_summary)


def census_summary(result: dict) -> str:
    lines = [_("Census loaded: {patients} new patients, {stays} new stays ({patients_here} patients and {stays_here} stays "
               "already here).", patients=result["patients"], stays=result["stays"], patients_here=result["patients_already_here"],
               stays_here=result["stays_already_here"])]
    if result.get("possible_duplicates"):
        lines.append(ngettext("{n} new patient may be someone already known here: see sync status.",
                              "{n} new patients may be someone already known here: see sync status.", result["possible_duplicates"]))
    if result["problems"]:
        lines.append(_("Rows not loaded:"))
        lines += [f"  {p['file']}:{p['line']}: {p['message']}" for p in result["problems"]]
    return "\n".join(lines)
