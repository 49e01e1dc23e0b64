"""``continuity reconcile``: IT's workspace after recovery (open, add, status)."""

from __future__ import annotations

from pathlib import Path

import click

from continuity.cli.context import AppContext, emit, it_passphrase, json_option, pass_app, refusals_exit_1, take_secret
from continuity.i18n import _, ngettext
from continuity.services import reconcile


_NUMBER = click.IntRange(1, 2**63 - 1)  # a row number: what SQLite can hold (a longer one was an internal error)


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
        *[_("Added before, unreachable now: {folder}", folder=folder) for folder in r["unreachable"]],
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
    decide = [ngettext("{n} possible duplicate", "{n} possible duplicates", status["duplicates"]),
              ngettext("{n} woman with two current stays", "{n} women with two current stays", status["double_stays"]),
              ngettext("{n} bed held twice", "{n} beds held twice", status["shared_beds"]),
              ngettext("{n} impossible timeline", "{n} impossible timelines", status["impossible_timelines"])]
    lines.append(_("To decide: {items} (reconcile duplicates, reconcile problems).", items=", ".join(decide)))
    unmapped = status["unmapped"]
    if unmapped["ipp"] or unmapped["nda"]:
        lines.append(_("Numbers not mapped yet: {ipp} IPP, {nda} NDA.", **unmapped))
    period = status["period"]
    if period["signed_off"]:
        lines.append(_("Period prepared by {preparer} and approved by {approver}.", preparer=period["prepared_by"],
                       approver=period["approved_by"]))
    elif period["prepared_by"] and period["current"]:
        lines.append(_("Period prepared by {preparer}; waiting for someone else's approval.", preparer=period["prepared_by"]))
    elif period["prepared_by"]:
        lines.append(_("The workspace changed since {preparer} prepared the period: prepare it again.", preparer=period["prepared_by"]))
    else:
        lines.append(_("The period is not signed off yet (reconcile signoff --prepared-by, then --approved-by)."))
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
@click.argument("conflict_id", type=_NUMBER)
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
@click.option("--laptop", help="The laptop whose gap or forks are accepted as they are.")
@click.option("--reason", help="Why (kept in the audit trail and the report); with --laptop.")
@click.option("--prepared-by", "prepared_by", metavar="NAME", help="The period is prepared by NAME (first of two people).")
@click.option("--approved-by", "approved_by", metavar="NAME", help="The period is approved by NAME (someone else).")
@click.option("--note", help="A remark kept with the period's sign-off.")
@json_option
@pass_app
@refusals_exit_1
def reconcile_signoff(app: AppContext, workspace: str, laptop: str | None, reason: str | None, prepared_by: str | None,
                      approved_by: str | None, note: str | None) -> None:
    """Sign off what blocks the export for a laptop (--laptop, --reason), or the whole period by two
    people (--prepared-by, then --approved-by)."""
    chosen = [name for name, value in (("--laptop", laptop), ("--prepared-by", prepared_by), ("--approved-by", approved_by)) if value]
    if len(chosen) != 1:
        raise click.UsageError(_("Give one of --laptop, --prepared-by or --approved-by."))
    if laptop:
        if not reason:
            raise click.UsageError(_("Give --reason with --laptop."))
        emit(app, reconcile.signoff(Path(workspace), it_passphrase(), laptop, reason),
             lambda r: ngettext("{n} item signed off for {laptop}.", "{n} items signed off for {laptop}.", len(r["signed_off"]),
                                laptop=r["laptop"]))
        return
    from continuity.services import reconcile_identities as identities

    step, person = ("prepared", prepared_by) if prepared_by else ("approved", approved_by)
    emit(app, identities.sign_period(Path(workspace), it_passphrase(), step, person, note),
         lambda r: _("The period is prepared by {person}; it now needs someone else's approval.", person=r["prepared_by"])
         if r["step"] == "prepared" else _("The period is approved by {approver} (prepared by {preparer}).", approver=r["approved_by"],
                                           preparer=r["prepared_by"]))


@reconcile_group.command("duplicates")
@click.argument("workspace", type=click.Path(file_okay=False))
@click.option("--whole", is_flag=True, help="Scan every record again (not only those new since the last scan).")
@json_option
@pass_app
@refusals_exit_1
def reconcile_duplicates(app: AppContext, workspace: str, whole: bool) -> None:
    """People who may be registered twice across laptops, best first, with why."""
    from continuity.services import reconcile_identities as identities

    rows = identities.duplicates(Path(workspace), it_passphrase(), whole=whole)

    def one(who: dict) -> str:
        return _("IPP {ipp} {name}, born {born} ({laptop}; stays {ndas})", ipp=who["ipp"], name=who["name"], born=who["birth_date"] or "?",
                 laptop=who["laptop"], ndas=" ".join(who["ndas"]) or "-")

    emit(app, rows, lambda rs: "\n".join(
        _("  {score} % alike: {one}\n       and {other}\n       {why}", score=round(r["score"] * 100), one=one(r["one"]), other=one(r["other"]), why=r["why"])
        for r in rs) or _("No possible duplicate left to decide."))


@reconcile_group.command("merge")
@click.argument("workspace", type=click.Path(file_okay=False))
@click.option("--keep", "keep", required=True, metavar="IPP", help="The record that survives.")
@click.option("--merge", "merged", required=True, metavar="IPP", help="The record merged into it (kept, its numbers as aliases).")
@click.option("--reason", required=True, help="Why they are one person.")
@json_option
@pass_app
@refusals_exit_1
def reconcile_merge(app: AppContext, workspace: str, keep: str, merged: str, reason: str) -> None:
    """Two records are one person: merge them (both histories kept; undone with unmerge)."""
    from continuity.services import reconcile_identities as identities

    emit(app, identities.merge(Path(workspace), it_passphrase(), keep, merged, reason),
         lambda r: _("Merge {merge}: IPP {merged} merged into IPP {kept} (its numbers kept as aliases).", merge=r["merge"],
                     merged=r["merged"], kept=r["kept"]))


@reconcile_group.command("unmerge")
@click.argument("workspace", type=click.Path(file_okay=False))
@click.argument("merge_id", type=_NUMBER)
@click.option("--reason", required=True, help="Why the merge was wrong.")
@json_option
@pass_app
@refusals_exit_1
def reconcile_unmerge(app: AppContext, workspace: str, merge_id: int, reason: str) -> None:
    """Undo a merge: two people again (the merge stays on record)."""
    from continuity.services import reconcile_identities as identities

    emit(app, identities.undo_merge(Path(workspace), it_passphrase(), merge_id, reason),
         lambda r: _("Merge {merge} undone.", merge=r["merge"]))


@reconcile_group.command("distinct")
@click.argument("workspace", type=click.Path(file_okay=False))
@click.argument("ipp")
@click.argument("other_ipp")
@click.option("--reason", required=True, help="Why they are two people (or, with --undo, why that was wrong).")
@click.option("--undo", is_flag=True, help="Take back an earlier declaration: the pair is listed again.")
@json_option
@pass_app
@refusals_exit_1
def reconcile_distinct(app: AppContext, workspace: str, ipp: str, other_ipp: str, reason: str, undo: bool) -> None:
    """Two records the matcher paired are different people."""
    from continuity.services import reconcile_identities as identities

    emit(app, identities.distinct(Path(workspace), it_passphrase(), ipp, other_ipp, reason, undo=undo),
         lambda r: _("IPP {ipp} and IPP {other} are different people.", ipp=r["ipp"], other=r["other_ipp"]) if r["different"]
         else _("IPP {ipp} and IPP {other} may be one person again: listed with the duplicates.", ipp=r["ipp"], other=r["other_ipp"]))


@reconcile_group.command("problems")
@click.argument("workspace", type=click.Path(file_okay=False))
@json_option
@pass_app
@refusals_exit_1
def reconcile_problems(app: AppContext, workspace: str) -> None:
    """Two current stays of one woman, beds held twice, times that cannot all be true."""
    def human(r: dict) -> str:
        lines = [_("  IPP {ipp}: two current stays: {stays}", ipp=d["ipp"], stays="; ".join(d["stays"])) for d in r["double_stays"]]
        lines += [_("  bed {bed}: held by {ndas}", bed=b["bed"], ndas=", ".join(b["ndas"])) for b in r["shared_beds"]]
        lines += [_("  NDA {nda} (IPP {ipp}): {rule} ({first} / {second})", nda=t["nda"], ipp=t["ipp"], rule=_(reconcile.TIMELINE_RULES[t["rule"]]),
                    first=t["first"], second=t["second"]) for t in r["impossible_timelines"]]
        return "\n".join(lines) or _("Nothing to decide: no double stay, no shared bed, no impossible timeline.")

    emit(app, reconcile.problems(Path(workspace), it_passphrase()), human)


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
@click.option("--out", required=True, type=click.Path(), help="Where to write (a folder for csv, and for hl7 without --batch).")
@click.option("--force", is_flag=True, help="Export although items block it (with --reason; audited).")
@click.option("--reason", help="Why the export is forced.")
@click.option("--batch", is_flag=True, help="hl7: one batch file (FHS/BHS ... BTS/FTS) instead of one file per message.")
@click.option("--mllp", is_flag=True, help="hl7: MLLP framing (0x0B ... 0x1C 0x0D) around each message, or around the batch.")
@json_option
@pass_app
@refusals_exit_1
def reconcile_export(app: AppContext, workspace: str, kind: str, out: str, force: bool, reason: str | None, batch: bool,
                     mllp: bool) -> None:
    """The period's data for the main system (refused while something blocks it)."""
    from continuity.services import reconcile_export as exporter

    result = exporter.export(Path(workspace), it_passphrase(), kind, Path(out), force=force, reason=reason,
                             options={"batch": batch, "mllp": mllp})
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


@reconcile_group.command("window")
@click.argument("workspace", type=click.Path(file_okay=False))
@click.option("--lock-minutes", default=10, show_default=True, envvar="CONTINUITY_LOCK_MINUTES", type=click.IntRange(1, 240),
              help="Lock the window after this many idle minutes.")
def reconcile_window(workspace: str, lock_minutes: int) -> None:
    """The workspace in a window (the passphrase of IT's key is asked there, or taken from
    CONTINUITY_IT_PASSPHRASE); it can also make a new workspace from the kit and IT's key file.
    Locked after as many idle minutes as the ward's window."""
    import sys

    from continuity.ui.reconcile_app import run  # Qt is loaded only for the window

    sys.exit(run(Path(workspace), passphrase=take_secret("CONTINUITY_IT_PASSPHRASE"), lock_minutes=lock_minutes))
