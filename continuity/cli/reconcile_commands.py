"""``continuity reconcile``: IT's workspace after recovery (open, add, status)."""

from __future__ import annotations

from pathlib import Path

import click

from continuity.cli.context import AppContext, emit, it_passphrase, json_option, pass_app, refusals_exit_1, take_secret
from continuity.i18n import _, ngettext
from continuity.services import reconcile


def _kit_passphrase() -> str:
    value = take_secret("CONTINUITY_KIT_PASSPHRASE")
    return value if value is not None else click.prompt(_("Kit passphrase"), hide_input=True, err=True)


@click.group("reconcile")
def reconcile_group() -> None:
    """IT after recovery: every laptop's data gathered, checked and made ready for the main system."""


@reconcile_group.command("open")
@click.argument("workspace", type=click.Path(file_okay=False))
@click.option("--kit", "kit_path", required=True, type=click.Path(dir_okay=False), help="The ward's shared kit.")
@click.option("--it-key", "it_key", required=True, type=click.Path(dir_okay=False), help="IT's key file.")
@json_option
@pass_app
@refusals_exit_1
def reconcile_open(app: AppContext, workspace: str, kit_path: str, it_key: str) -> None:
    """Make a new workspace (its own encrypted database, opened with IT's passphrase)."""
    result = reconcile.open_new(Path(workspace), Path(kit_path), _kit_passphrase(), Path(it_key), it_passphrase())
    emit(app, result, lambda r: _("Workspace ready in {folder} for ward {ward} ({count} laptops). Add the shared folders, sticks and "
                                  "laptops' data folders to it: continuity reconcile add {folder} FOLDER...",
                                  folder=r["workspace"], ward=r["ward"], count=len(r["laptops"])))


@reconcile_group.command("add")
@click.argument("workspace", type=click.Path(file_okay=False))
@click.argument("folders", nargs=-1, required=True, type=click.Path(file_okay=False))
@json_option
@pass_app
@refusals_exit_1
def reconcile_add(app: AppContext, workspace: str, folders: tuple[str, ...]) -> None:
    """Import every bundle that is new from shared folders, USB sticks and laptops' data folders."""
    def progress(folder: str, done: int, total: int) -> None:
        if done == total or done % 50 == 0:
            click.echo(_("{folder}: {done}/{total} files read", folder=folder, done=done, total=total), err=True)

    result = reconcile.add(Path(workspace), it_passphrase(), [Path(f) for f in folders], progress)
    emit(app, result, lambda r: "\n".join([
        ngettext("{n} bundle imported", "{n} bundles imported", r["imported_bundles"]) + " · "
        + ngettext("{n} change", "{n} changes", r["imported_entries"]) + " · "
        + ngettext("{n} file set aside", "{n} files set aside", len(r["set_aside"])),
        _status_text(r["status"])]))


@reconcile_group.command("status")
@click.argument("workspace", type=click.Path(file_okay=False))
@json_option
@pass_app
@refusals_exit_1
def reconcile_status(app: AppContext, workspace: str) -> None:
    """Completeness per laptop of the kit, and what blocks the export."""
    emit(app, reconcile.status(Path(workspace), it_passphrase()), _status_text)


def _status_text(status: dict) -> str:
    lines = [_("Ward {ward}: {patients} patients, {stays} stays, {movements} movements, {births} births; {conflicts} conflicts.",
               ward=status["ward"], conflicts=status["conflicts"], **status["counts"])]
    for laptop in status["laptops"]:
        if not laptop["heard_from"]:
            lines.append(_("  {name}: never heard from", name=laptop["name"]))
            continue
        notes = []
        if laptop["gap"]:
            notes.append(_("bundles {first}-{last} missing", first=laptop["gap"][0], last=laptop["gap"][1]))
        if laptop["forks"]:
            notes.append(ngettext("{n} fork", "{n} forks", laptop["forks"]))
        if laptop["revoked"]:
            notes.append(_("revoked"))
        if laptop["clock_ahead"]:
            notes.append(_("clock ahead of the others"))
        lines.append(_("  {name}: {bundles} bundles, last activity {at}{notes}", name=laptop["name"], bundles=laptop["bundles"],
                       at=laptop["last_activity"] or "-", notes=(" — " + ", ".join(notes)) if notes else ""))
    if status["blocking"]:
        lines.append(ngettext("{n} item blocks the export until it is settled or signed off.",
                              "{n} items block the export until they are settled or signed off.", len(status["blocking"])))
    else:
        lines.append(_("Nothing blocks the export."))
    return "\n".join(lines)


@reconcile_group.command("conflicts")
@click.argument("workspace", type=click.Path(file_okay=False))
@json_option
@pass_app
@refusals_exit_1
def reconcile_conflicts(app: AppContext, workspace: str) -> None:
    """Every concurrent edit still open: both values, which laptop typed each, and when."""
    rows = reconcile.conflicts(Path(workspace), it_passphrase())
    emit(app, rows, lambda rs: "\n".join(
        _("  #{id} {subject}, {field}: {in_force} ({in_force_from}) / {other} ({other_from})", id=r["id"], subject=r["subject"],
          field=r["field_label"], in_force=r["in_force"], in_force_from=r["in_force_from"], other=r["other"], other_from=r["other_from"])
        for r in rs) or _("No open conflict."))


@reconcile_group.command("decide")
@click.argument("workspace", type=click.Path(file_okay=False))
@click.argument("conflict_id", type=int)
@click.option("--keep", type=click.Choice(["winner", "loser"]), required=True, help="The value to keep.")
@json_option
@pass_app
@refusals_exit_1
def reconcile_decide(app: AppContext, workspace: str, conflict_id: int, keep: str) -> None:
    """IT's choice on a conflict (journaled and audited)."""
    emit(app, reconcile.decide(Path(workspace), it_passphrase(), conflict_id, keep),
         lambda r: _("Conflict {id}: the value in force is kept.", id=r["conflict"]) if r["kept"] == "winner"
         else _("Conflict {id}: the other value is brought back (a journaled change).", id=r["conflict"]))


@reconcile_group.command("signoff")
@click.argument("workspace", type=click.Path(file_okay=False))
@click.option("--laptop", required=True, help="The laptop whose gap or forks are accepted as they are.")
@click.option("--reason", required=True, help="Why (kept in the audit trail and the report).")
@json_option
@pass_app
@refusals_exit_1
def reconcile_signoff(app: AppContext, workspace: str, laptop: str, reason: str) -> None:
    """Sign off what blocks the export for a laptop (a bundle that will never come, a fork), with a reason."""
    emit(app, reconcile.signoff(Path(workspace), it_passphrase(), laptop, reason),
         lambda r: ngettext("{n} item signed off for {laptop}.", "{n} items signed off for {laptop}.", len(r["signed_off"]),
                            laptop=r["laptop"]))


@reconcile_group.command("map")
@click.argument("workspace", type=click.Path(file_okay=False))
@click.option("--ipp", "ipp", nargs=2, multiple=True, metavar="DOWNTIME DEFINITIVE", help="A downtime IPP and its definitive one.")
@click.option("--nda", "nda", nargs=2, multiple=True, metavar="DOWNTIME DEFINITIVE", help="A downtime NDA and its definitive one.")
@click.option("--csv", "csv_file", type=click.Path(dir_okay=False), help="A CSV file from the main system (';' or ',').")
@click.option("--kind", type=click.Choice(["ipp", "nda"]), default="ipp", show_default=True, help="What the CSV file maps.")
@click.option("--downtime-column", help="The CSV column of downtime numbers (default: downtime, provisoire...).")
@click.option("--definitive-column", help="The CSV column of definitive numbers (default: definitive, definitif...).")
@json_option
@pass_app
@refusals_exit_1
def reconcile_map(app: AppContext, workspace: str, ipp: tuple, nda: tuple, csv_file: str | None, kind: str,
                  downtime_column: str | None, definitive_column: str | None) -> None:
    """Map downtime IPPs and NDAs to their definitive numbers (typed, or from a CSV file)."""
    from continuity.services import reconcile_numbers

    passphrase = it_passphrase()
    results, columns = [], None
    if csv_file:
        rows, columns = reconcile_numbers.read_csv(Path(csv_file), downtime_column, definitive_column)
        results.append(reconcile_numbers.map_numbers(Path(workspace), passphrase, kind, rows, f"csv:{Path(csv_file).name}"))
    for typed_kind, pairs in (("ipp", ipp), ("nda", nda)):
        if pairs:
            results.append(reconcile_numbers.map_numbers(Path(workspace), passphrase, typed_kind, [(None, a, b) for a, b in pairs], "typed"))
    if not results:
        raise click.UsageError(_("Give --ipp, --nda or --csv."))

    def human(data: dict) -> str:
        lines = []
        if data["columns"]:
            lines.append(_("CSV columns used: downtime = {downtime}, definitive = {definitive} (separator '{delimiter}').", **data["columns"]))
        for result in data["results"]:
            lines.append(ngettext("{kind}: {n} number mapped", "{kind}: {n} numbers mapped", result["mapped"], kind=result["kind"].upper()))
            for bad in result["refused"]:
                where = _("line {line}", line=bad["line"]) if bad["line"] else _("typed")
                lines.append(_("  refused ({where}): {downtime} → {definitive}: {reason}", where=where, downtime=bad["downtime"] or "-",
                               definitive=bad["definitive"] or "-", reason=_(reconcile_numbers.REASONS[bad["reason"]])))
            lines.append(ngettext("  {n} downtime number still unmapped", "  {n} downtime numbers still unmapped", len(result["unmapped"])))
        return "\n".join(lines)

    emit(app, {"columns": columns, "results": results}, human)


@reconcile_group.command("export")
@click.argument("workspace", type=click.Path(file_okay=False))
@click.argument("kind", type=click.Choice(["csv", "hl7", "fhir"]))
@click.option("--out", required=True, type=click.Path(), help="Where to write (a folder for csv).")
@click.option("--force", is_flag=True, help="Export although items block it (with --reason; audited).")
@click.option("--reason", help="Why the export is forced.")
@json_option
@pass_app
@refusals_exit_1
def reconcile_export(app: AppContext, workspace: str, kind: str, out: str, force: bool, reason: str | None) -> None:
    """The period's data for the main system (refused while something blocks it)."""
    from continuity.services import reconcile_export as exporter

    result = exporter.export(Path(workspace), it_passphrase(), kind, Path(out), force=force, reason=reason)
    emit(app, result, lambda r: _("Written to {out}: {counts}.", out=r["out"],
                                  counts=", ".join(f"{table} {count}" for table, count in r["rows"].items())))


@reconcile_group.command("report")
@click.argument("workspace", type=click.Path(file_okay=False))
@click.option("--out", required=True, type=click.Path(dir_okay=False), help="The report's file: FILE.pdf or FILE.html.")
@json_option
@pass_app
@refusals_exit_1
def reconcile_report(app: AppContext, workspace: str, out: str) -> None:
    """The downtime period's report (PDF or HTML by the file's suffix), the basis of the after-action review."""
    from continuity.services import reconcile_report as reporter

    result = reporter.report(Path(workspace), it_passphrase(), Path(out))
    emit(app, result, lambda r: _("Period report written to {out}.", out=r["out"]))
