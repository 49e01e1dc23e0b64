"""``continuity sync``: the shared folder, once or kept watched, status and conflicts."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import click

from continuity.cli.context import drop_secrets_from_environment, AppContext, emit, json_option, pass_app, refusals_exit_1
from continuity.i18n import _, ngettext
from continuity.services import sync
from continuity.sync.engine import DEFAULT_SETTLE_SECONDS, SyncReport
from continuity.sync.watcher import DEFAULT_RESCAN_SECONDS


def _report_text(report: dict) -> str:
    # One agreement per count: "Envoyé 1 paquet", "3 nouveaux conflits".
    sent = ngettext("Sent {n} bundle", "Sent {n} bundles", report["exported_bundles"])
    sent_changes = ngettext("{n} change", "{n} changes", report["exported_entries"])
    received = ngettext("received {n} bundle", "received {n} bundles", report["imported_bundles"])
    received_changes = ngettext("{n} change", "{n} changes", report["imported_entries"])
    conflicts = ngettext("{n} new conflict", "{n} new conflicts", report["conflicts"])
    lines = [_("{sent} ({sent_changes}); {received} ({received_changes}); {conflicts}.", sent=sent, sent_changes=sent_changes,
               received=received, received_changes=received_changes, conflicts=conflicts)]
    if report["folder_error"]:
        lines.append(_("{error} Work goes on here; sync will retry.", error=report["folder_error"]))
    for item in report["quarantined"]:
        lines.append(_("Set aside: {file}: {message}", file=item["file"], message=item["message"]))
    for gap in report["waiting"]:
        lines.append(_("Waiting for bundles {first}-{last} of a laptop before applying its later ones.", first=gap["missing_from"], last=gap["missing_to"]))
    if report.get("recovered"):
        lines.append(sync.recovery_text(report["recovered"]))
    if report["retrying"]:
        lines.append(ngettext("{n} file is still arriving: retried at the next pass.", "{n} files are still arriving: retried at the next pass.", report["retrying"]))
    return "\n".join(lines)


@click.group("sync", invoke_without_command=True)
@click.option("--folder", type=click.Path(file_okay=False), help="The shared folder (kept for next time).")
@click.option("--once", "mode", flag_value="once", default=True, help="Sync now, then stop (the default).")
@click.option("--watch", "mode", flag_value="watch", help="Keep syncing until stopped (Ctrl+C).")
@click.option("--polling/--native", default=None, help="Watch by polling (network shares) or by file events; detected by default.")
@click.option("--rescan", default=DEFAULT_RESCAN_SECONDS, show_default=True, help="Full rescan every N seconds when watching.")
@click.option("--settle", default=DEFAULT_SETTLE_SECONDS, show_default=True, help="Seconds an incomplete file may take to arrive before it is set aside.")
@json_option
@pass_app
@click.pass_context
@refusals_exit_1
def sync_group(click_ctx: click.Context, app: AppContext, folder: str | None, mode: str, polling: bool | None, rescan: float, settle: float) -> None:
    """Exchange changes with the other laptops through a shared folder or a USB stick."""
    if click_ctx.invoked_subcommand is not None:
        return
    if mode == "watch":
        drop_secrets_from_environment()  # a long-running process: no password readable in /proc/PID/environ
    session = app.session()
    if folder:
        sync.set_folder(session, Path(folder), polling)
    if mode == "once":
        report = sync.sync_once(session, Path(folder) if folder else None, settle_seconds=settle)
        emit(app, report.as_dict(), _report_text)
        return
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())

    def show(report: SyncReport) -> None:
        data = report.as_dict()
        if any(data[k] for k in ("exported_bundles", "imported_bundles", "quarantined", "waiting", "folder_error")):
            emit(app, data, _report_text)

    def watching(root: Path, by_polling: bool) -> None:
        # Said on standard error, so that --json output stays one report per line; flushed at once:
        # whoever started the watcher (a person, a script, a test) knows from here that it watches.
        how = _("by polling (network share)") if by_polling else _("by file events")
        click.echo(_("Watching {folder} {how}; full rescan every {seconds} s. Ctrl+C stops.", folder=str(root), how=how,
                     seconds=f"{rescan:g}"), err=True)

    try:
        sync.keep_syncing(session, Path(folder) if folder else None, stop=stop, on_report=show, polling=polling,
                          rescan_seconds=rescan, settle_seconds=settle, on_watching=watching)
    except KeyboardInterrupt:
        stop.set()


@sync_group.command("status")
@json_option
@pass_app
@refusals_exit_1
def sync_status(app: AppContext) -> None:
    """This laptop, peers, pending changes, files set aside, conflicts, gaps, clock warnings, state hash."""
    result = sync.status(app.session())

    def human(r: dict) -> str:
        lines = [_("{device}: folder {folder} ({state})", device=r["device"], folder=r["folder"] or "-",
                   state=_("reachable") if r["folder_reachable"] else _("unreachable"))]
        if r["folder_problem"]:  # in words: unreachable, unmounted stick, read-only, full, another ward's
            lines.append("  " + r["folder_problem"])
        lines.append(_("Changes not yet sent: {n}", n=r["pending_outgoing"]))
        for peer in r["peers"]:
            lines.append(_("  {name}: up to bundle {bundle}, last received {at}", name=peer["name"], bundle=peer["last_bundle"], at=peer["last_applied_at"] or "-"))
        for gap in r["gaps"]:
            lines.append(_("  Missing from {device}: bundles {first}-{last}", device=gap["device"], first=gap["missing_bundles"][0], last=gap["missing_bundles"][1]))
        for item in r["quarantined"]:
            lines.append(_("  Set aside: {file}: {message}", file=item["file"], message=item["message"]))
        lines.append(_("Open conflicts: {n}; beds with two patients: {beds}; probable duplicate patients: {dups}",
                       n=len(r["conflicts"]), beds=len(r["shared_beds"]), dups=len(r["probable_duplicates"])))
        for double in r["double_stays"]:
            lines.append(_("  Admitted twice (cancel the wrong admission): {name}, IPP {ipp}: {stays}",
                           name=double["name"], ipp=double["ipp"], stays="; ".join(double["stays"])))
        lines += ["  " + w for w in r["clock_warnings"]]
        if r.get("last_recovery"):
            lines.append(_("Restored from an older copy on {at}:", at=r["last_recovery"]["at"]))
            lines += ["  " + line for line in sync.recovery_text(r["last_recovery"]).splitlines()]
        lines.append(_("State hash: {hash}", hash=r["state_hash"]))
        return "\n".join(lines)

    emit(app, result, human)


@sync_group.command("ack")
@click.argument("conflict_id", type=int)
@pass_app
@refusals_exit_1
def sync_ack(app: AppContext, conflict_id: int) -> None:
    """Acknowledge a conflict (the winning value stays)."""
    sync.acknowledge_conflict(app.session(), conflict_id)
    click.echo(_("Conflict {id} acknowledged.", id=conflict_id))


@sync_group.command("resolve")
@click.argument("conflict_id", type=int)
@click.option("--keep", type=click.Choice(["winner", "loser"]), required=True)
@pass_app
@refusals_exit_1
def sync_resolve(app: AppContext, conflict_id: int, keep: str) -> None:
    """(IT) Resolve a conflict by keeping the winning or the losing value."""
    sync.resolve_conflict(app.session(), conflict_id, keep)
    click.echo(_("Conflict {id} resolved.", id=conflict_id))
