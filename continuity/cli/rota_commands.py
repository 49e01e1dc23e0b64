"""``continuity rota``: check, fill, assign, absent, swap, copy a week, publish, print, staff."""

from __future__ import annotations

import signal
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import click

from continuity.cli.context import AppContext, emit, json_option, pass_app, refusals_exit_1
from continuity.core.rota import ABSENCE_KINDS
from continuity.core.times import parse_date
from continuity.i18n import _, ngettext
from continuity.services import rota


def _day(text: str | None, name: str = "from") -> date | None:
    return parse_date(text, name) if text else None


def _period_options(command):
    command = click.option("--unit", help="Only this unit (its cover and the people working there).")(command)
    command = click.option("--weeks", default=1, show_default=True, type=click.IntRange(1, rota.MAX_WEEKS), help="Number of weeks.")(command)
    return click.option("--from", "first", help="First day, YYYY-MM-DD or DD/MM/YYYY (default: this week's Monday).")(command)


@click.group("rota")
def rota_group() -> None:
    """The staff rota: check the rules and cover, fill the open slots, edit, print."""


def _check_text(r: dict) -> str:
    lines = [_("Rota {first} to {last}: {hard} hard and {soft} soft rule breaks, {short} cover shortfalls.",
               first=r["first_day"], last=r["last_day"], hard=r["hard"], soft=r["soft"], short=len(r["cover_shortfalls"]))]
    for v in r["violations"]:
        mark = "!!" if v["hard"] else " ~"
        lines.append(f"{mark} {v['day']}  {v['title']}: {v['message']}")
    return "\n".join(lines)


@rota_group.command("check")
@_period_options
@json_option
@pass_app
@refusals_exit_1
def rota_check(app: AppContext, first: str | None, weeks: int, unit: str | None) -> None:
    """Broken rules (rule, person, day) and cover shortfalls. Exit code 0 even when some are found."""
    emit(app, rota.check(app.session(), _day(first), weeks, unit), _check_text)


def _fill_text(r: dict) -> str:
    lines = [_("Fill {status} in {seconds} s: {added} shifts added, {removed} removed.", status=r["status"], seconds=r["seconds"],
               added=len(r["added"]), removed=len(r["removed"]))]
    for change in r["removed"]:
        lines.append(f"  - {change['day']}  {change['name']} ({change['staff']})  {change['shift']} {change['unit']}")
    for change in r["added"]:
        lines.append(f"  + {change['day']}  {change['name']} ({change['staff']})  {change['shift']} {change['unit']}")
    for problem in r["unmet"]:
        lines.append(_("Cannot be met: {message}", message=problem["message"]))
    lines.append(_("Still broken after the fill: {hard} hard, {soft} soft.", hard=r["hard_remaining"],
                   soft=len(r["remaining"]) - r["hard_remaining"]))
    return "\n".join(lines)


@rota_group.command("fill")
@_period_options
@click.option("--move-published", is_flag=True, help="Published shifts may be moved too (pinned ones never are).")
@click.option("--time-limit", default=20.0, show_default=True, type=click.FloatRange(1, 600), help="Seconds the solver may search.")
@click.option("--work-limit", type=click.FloatRange(0.1, 10_000), default=None,
              help="Instead of seconds: the solver's own count of work, so that the same rota comes back however busy "
                   "the machine is (scripts, tests).")
@json_option
@pass_app
@refusals_exit_1
def rota_fill(app: AppContext, first: str | None, weeks: int, unit: str | None, move_published: bool, time_limit: float,
              work_limit: float | None) -> None:
    """Complete the open slots of the period with the constraint solver (Ctrl+C stops it and keeps the best found)."""
    cancel = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: cancel.set())
    session = app.session()
    try:
        plan = rota.plan_fill(session, _day(first), weeks, unit, move_published=move_published, time_limit_s=time_limit,
                              cancel=cancel, work_limit=work_limit)
    except KeyboardInterrupt:  # pragma: no cover - interactive
        sys.exit(130)
    emit(app, rota.apply_fill(session, plan), _fill_text)


@rota_group.command("assign")
@click.argument("staff")
@click.argument("day")
@click.argument("shift", required=False)
@click.option("--unit", help="Unit of the shift (default: the person's first unit).")
@click.option("--pin/--no-pin", default=None, help="Pinned shifts are never moved by fill.")
@json_option
@pass_app
@refusals_exit_1
def rota_assign(app: AppContext, staff: str, day: str, shift: str | None, unit: str | None, pin: bool | None) -> None:
    """Put SHIFT (a code, e.g. J) in STAFF's cell on DAY; without SHIFT (or with -) the cell is cleared."""
    code = None if shift in (None, "-", "") else shift
    result = rota.assign(app.session(), staff, parse_date(day, "day"), code, unit, pinned=pin)
    emit(app, result, lambda r: _("{staff} on {day}: {shift}", staff=r["staff"], day=r["day"], shift=r["shift"] or _("rest")) +
         (f" ({r['unit']})" if r["unit"] else ""))


@rota_group.command("absent")
@click.argument("staff")
@click.option("--from", "first", required=True, help="First day of the absence.")
@click.option("--to", "last", help="Last day (default: the first day).")
@click.option("--kind", required=True, type=click.Choice(ABSENCE_KINDS, case_sensitive=False), help="CA leave, MAL sick leave, FOR training.")
@click.option("--note", help="A short note (no medical details).")
@json_option
@pass_app
@refusals_exit_1
def rota_absent(app: AppContext, staff: str, first: str, last: str | None, kind: str, note: str | None) -> None:
    """Record an absence; the person's shifts on those days are cleared and show as holes."""
    start = parse_date(first, "from")
    result = rota.absent(app.session(), staff, start, parse_date(last, "to") if last else start, kind, note)

    def human(r: dict) -> str:
        lines = [_("{name} absent ({kind}) from {first} to {last} (absence {id}).", name=r["name"], kind=r["kind"], first=r["first_day"],
                   last=r["last_day"], id=r["id"])]
        for hole in r["holes"]:
            lines.append(_("  To replace: {day} {shift} {unit}", day=hole["day"], shift=hole["shift"], unit=hole["unit"]))
        return "\n".join(lines)

    emit(app, result, human)


@rota_group.command("absence-cancel")
@click.argument("absence_id")
@pass_app
@refusals_exit_1
def rota_absence_cancel(app: AppContext, absence_id: str) -> None:
    """Cancel an absence recorded by mistake (its id: 'rota absent' or 'rota show --json'). The shifts
    it cleared are not put back: assign them again or fill."""
    rota.cancel_absence(app.session(), absence_id)
    click.echo(_("Absence cancelled."))


@rota_group.command("swap")
@click.argument("staff_a")
@click.argument("day_a")
@click.argument("staff_b")
@click.argument("day_b", required=False)
@json_option
@pass_app
@refusals_exit_1
def rota_swap(app: AppContext, staff_a: str, day_a: str, staff_b: str, day_b: str | None) -> None:
    """Exchange STAFF_A's cell on DAY_A with STAFF_B's on DAY_B (default: the same day)."""
    first = parse_date(day_a, "day_a")
    result = rota.swap(app.session(), staff_a, first, staff_b, parse_date(day_b, "day_b") if day_b else first)
    emit(app, result, _("Swapped."))


@rota_group.command("copy-week")
@click.option("--from", "source", required=True, help="A day of the week to copy.")
@click.option("--to", "target", required=True, help="A day of the week to fill with the copy.")
@click.option("--unit", help="Only this unit's shifts.")
@json_option
@pass_app
@refusals_exit_1
def rota_copy_week(app: AppContext, source: str, target: str, unit: str | None) -> None:
    """Copy a week's shifts onto another week (cells already set, published or absent are kept)."""
    result = rota.copy_week(app.session(), rota.week_start(parse_date(source, "from")), rota.week_start(parse_date(target, "to")), unit)
    emit(app, result, lambda r: _("{copied} shifts copied; {kept} cells kept as they were; {absent} skipped (absence).", **r))


@rota_group.command("publish")
@_period_options
@json_option
@pass_app
@refusals_exit_1
def rota_publish(app: AppContext, first: str | None, weeks: int, unit: str | None) -> None:
    """Publish the period: its shifts are no longer moved by fill (unless asked)."""
    result = rota.publish(app.session(), _day(first), weeks, unit)
    emit(app, result, lambda r: _("{published} shifts published ({first} to {last}).", published=r["published"], first=r["first_day"], last=r["last_day"]))


@rota_group.command("print")
@_period_options
@click.option("--out", required=True, type=click.Path(dir_okay=False, writable=True), help="The PDF file to write.")
@json_option
@pass_app
@refusals_exit_1
def rota_print(app: AppContext, first: str | None, weeks: int, unit: str | None, out: str) -> None:
    """The A4 landscape rota to pin on the wall (one page per unit and week)."""
    result = rota.print_rota(app.session(), _day(first), weeks, Path(out), unit)
    emit(app, {**result, "file": out}, lambda r: _("{file}: {pages}, {version} (fingerprint {fingerprint}).",
                                                             **{**r, "pages": ngettext("{n} page", "{n} pages", r["pages"])}))


@rota_group.command("show")
@_period_options
@json_option
@pass_app
@refusals_exit_1
def rota_show(app: AppContext, first: str | None, weeks: int, unit: str | None) -> None:
    """The grid as text: one line per person, one column per day."""
    grid = rota.grid(app.session(), _day(first), weeks, unit)

    def human(g: dict) -> str:
        start = date.fromisoformat(g["first_day"])
        days = [start + timedelta(days=i) for i in range(g["days"])]
        cells = {(c["staff"], c["day"]): c for c in g["cells"]}
        absent = {}
        for a in g["absences"]:
            for d in days:
                if a["first_day"] <= d.isoformat() <= a["last_day"]:
                    absent[(a["staff"], d.isoformat())] = a["kind"]
        lines = [" " * 30 + " ".join(d.strftime("%d") .rjust(3) for d in days)]
        for person in g["staff"]:
            row = []
            for d in days:
                key = (person["id"], d.isoformat())
                if key in absent:
                    row.append(absent[key].rjust(3))
                elif key in cells:
                    c = cells[key]
                    row.append((c["shift"] + ("*" if c["unit"] != (person["units"] or [c["unit"]])[0] else "")).rjust(3))
                else:
                    row.append("  .")
            lines.append(f"{person['role']:<5} {person['name'][:24]:<24} " + " ".join(row))
        return "\n".join(lines)

    emit(app, grid, human)


@rota_group.command("staff-add")
@click.option("--last-name", required=True)
@click.option("--first-name", default="")
@click.option("--role", required=True)
@click.option("--skills", default="", help="Comma-separated (e.g. birth_suite,neonatology).")
@click.option("--ratio", default=1.0, show_default=True, type=float, help="Working-time ratio (0.8 for 80 %).")
@click.option("--units", default="", help="Comma-separated unit codes.")
@json_option
@pass_app
@refusals_exit_1
def rota_staff_add(app: AppContext, last_name: str, first_name: str, role: str, skills: str, ratio: float, units: str) -> None:
    """Add a person who is not in the kit (a temporary nurse, say)."""
    result = rota.add_staff(app.session(), last_name, first_name, role, skills=_list(skills), ratio=ratio, units=_list(units))
    emit(app, result, lambda r: _("Added {id}.", id=r["id"]))


@rota_group.command("staff-update")
@click.argument("staff")
@click.option("--role")
@click.option("--skills", help="Comma-separated; replaces the list.")
@click.option("--ratio", type=float)
@click.option("--units", help="Comma-separated; replaces the list.")
@click.option("--active/--inactive", default=None, help="Take someone off the list (kept in history) or back.")
@json_option
@pass_app
@refusals_exit_1
def rota_staff_update(app: AppContext, staff: str, role: str | None, skills: str | None, ratio: float | None, units: str | None,
                      active: bool | None) -> None:
    """Change a person's role, skills, working-time ratio or units."""
    changes = {k: v for k, v in {"role": role, "skills": _list(skills) if skills is not None else None, "ratio": ratio,
                                 "units": _list(units) if units is not None else None, "active": active}.items() if v is not None}
    emit(app, rota.update_staff(app.session(), staff, **changes), lambda r: _("Updated {id}.", id=r["id"]))


def _list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]
