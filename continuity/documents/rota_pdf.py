"""The printed rota: one A4 landscape page per unit and week, for the ward's wall and for the
health manager's signature while the hospital's systems are down.

Drawn straight on the reportlab canvas rather than with platypus tables: a ward prints a month of
five units at once (hundreds of rows), and positioning every string ourselves keeps that well under
a second and lets the layout be planned (font size, page breaks, page count) before anything is
drawn, so every footer can say "page x of y" in one pass.

Fonts are the PDF standard Helvetica family: every viewer and printer has them (nothing to ship),
and their WinAnsi encoding covers French. A character outside it (a Polish or Czech name, say)
is printed without its accent rather than as a black box.
"""

from __future__ import annotations

import io
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from continuity.core.errors import DomainError
from continuity.core.rota import (
    ABSENCE_KINDS,
    Absence,
    Assignment,
    CoverLine,
    Shift,
    StaffMember,
    Unit,
)
from continuity.core.text import fold
from continuity.i18n import N_, _, current_language

DEFAULT_ROLE_ORDER = ["SF", "AP", "IDE", "AS", "GYN", "ANE", "PED", "CADRE", "OTHER"]

WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))
ABSENCE_LABELS = {"CA": N_("Annual leave"), "MAL": N_("Sick leave"), "FOR": N_("Training")}


@dataclass
class PrintedRota:
    """Everything one print of the rota shows; the service gathers it, this module only draws."""

    ward_name: str
    units: list[Unit]  # the units to print, in order
    first_day: date  # whole weeks are printed from it (a Monday, usually)
    weeks: int
    shifts: list[Shift]  # for the legend, in this order
    staff: list[StaffMember]
    assignments: list[Assignment]  # the period's assignments, in any unit
    absences: list[Absence]
    cover_lines: list[CoverLine]  # core.rota.cover() over the period
    version: str  # printed as given
    fingerprint: str  # short hash of the content, printed beside the version
    printed_at: datetime  # ward time, aware
    printed_by: str  # display name of the user
    role_order: list[str] = field(default_factory=lambda: list(DEFAULT_ROLE_ORDER))
    role_labels: dict[str, str] = field(default_factory=dict)


# -- layout constants (points) -------------------------------------------------------------------------

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
MARGIN = 24.0  # ~8.5 mm: inside what office printers can reach
TABLE_WIDTH = PAGE_WIDTH - 2 * MARGIN
MAX_FONT = 10.0  # a short unit prints large: the sheet is read from across the room
MIN_FONT = 6.5  # below this a tired eye on a night shift misreads codes; continue on another page
FONT_STEP = 0.25
ROW_LEADING = 1.55  # row height / font size
OTHER_UNIT_SCALE = 0.8  # a shift in another unit is printed smaller: the person is not here
OTHER_UNIT_MIN = 5.8  # ...but still readable when the table is already at its minimum size
LEGEND_FONT = 7.0
LEGEND_LEADING = 8.8
FOOTER_FONT = 7.0
SIGNATURE_LINE = 150.0  # room to sign by hand
HEADER_HEIGHT = 38.0
CELL_PAD = 3.0

REGULAR, BOLD, ITALIC, BOLD_ITALIC = "Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"

# Greys rather than colours: the ward's printers are often black and white. Each is distinct
# enough to survive a photocopy, and nothing is told by a shade alone (codes are always text).
HEADER_GREY = 0.78
GROUP_GREY = 0.88
WEEKEND_GREY = 0.93
NIGHT_GREY = 0.84
COVER_HEAD_GREY = 0.88
HATCH_GREY = 0.6
SHORT_FILL = (1.0, 0.80, 0.80)  # a hint on colour printers; the bold "!" and the box carry the meaning


# -- planning ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Row:
    kind: str  # "group", "person", "cover_head" or "cover"
    role: str = ""
    member: StaffMember | None = None
    shift: str = ""
    continued: bool = False  # a header repeated at the top of a following page


@dataclass
class _Frame:
    """Where the table may go, once the legend's height is known."""

    table_top: float
    table_bottom: float
    rule_y: float
    legend: list[list[tuple[str, str]]]  # lines of (text, font)


@dataclass(frozen=True)
class _Page:
    unit: Unit
    week: int
    rows: list[_Row]
    font: float
    continued: bool  # not the first sheet of this unit and week
    frame: _Frame  # where the table goes under this unit's legend


class _Index:
    """The rota's lists turned into the lookups the pages need, built once per print."""

    def __init__(self, rota: PrintedRota) -> None:
        self.rota = rota
        self.shifts = {s.code: s for s in rota.shifts}
        self.shift_rank = {s.code: i for i, s in enumerate(rota.shifts)}
        self.role_rank = {r: i for i, r in enumerate(rota.role_order)}
        self.staff = {m.id: m for m in rota.staff}
        self.cells: dict[tuple[str, date], list[Assignment]] = defaultdict(list)
        self.assigned: dict[tuple[str, int], set[str]] = defaultdict(set)
        self.hours: dict[tuple[str, int], float] = defaultdict(float)
        for a in rota.assignments:
            week = self.week_of(a.day)
            if week is None:
                continue
            self.cells[(a.staff, a.day)].append(a)
            self.assigned[(a.unit, week)].add(a.staff)
            shift = self.shifts.get(a.shift)
            self.hours[(a.staff, week)] += shift.hours if shift else 0.0
        for cell in self.cells.values():
            cell.sort(key=lambda a: (self.shift_rank.get(a.shift, len(self.shift_rank)), a.shift, a.unit))
        self.home: dict[str, set[str]] = defaultdict(set)
        for m in rota.staff:
            if m.units and m.active:  # someone who left stays off the wall unless still assigned
                self.home[m.units[0]].add(m.id)
        self.absences: dict[str, list[Absence]] = defaultdict(list)
        for absence in rota.absences:
            self.absences[absence.staff].append(absence)
        self.cover: dict[tuple[str, str, str, date], CoverLine] = {}
        self.cover_keys: dict[tuple[str, int], set[tuple[str, str]]] = defaultdict(set)
        for line in rota.cover_lines:
            week = self.week_of(line.day)
            if week is None:
                continue
            self.cover[(line.unit, line.shift, line.role, line.day)] = line
            if line.minimum > 0 or line.optimal > 0:
                self.cover_keys[(line.unit, week)].add((line.shift, line.role))

    def week_of(self, day: date) -> int | None:
        offset = (day - self.rota.first_day).days
        return offset // 7 if 0 <= offset < 7 * self.rota.weeks else None

    def days(self, week: int) -> list[date]:
        start = self.rota.first_day + timedelta(days=7 * week)
        return [start + timedelta(days=i) for i in range(7)]

    def absence_on(self, staff: str, day: date) -> Absence | None:
        return next((a for a in self.absences.get(staff, ()) if a.covers(day)), None)

    def role_key(self, role: str) -> tuple[int, str]:
        return self.role_rank.get(role, len(self.role_rank)), role

    def member(self, staff_id: str) -> StaffMember:
        # An assignment to someone missing from the directory still prints: a shift must not vanish.
        return self.staff.get(staff_id) or StaffMember(staff_id, staff_id, "", "OTHER")

    def rows(self, unit: Unit, week: int) -> list[_Row]:
        # Who works in this unit this week, and its own staff with something that week (a shift in
        # another unit, an absence: the wall says where they are); a row of seven empty days says
        # nothing and pushes the rota onto a second page.
        busy = set().union(*(ids for (_u, w), ids in self.assigned.items() if w == week))
        away = {i for i in self.home.get(unit.code, set()) if i in busy or any(self.absence_on(i, d) for d in self.days(week))}
        people = [self.member(i) for i in self.assigned.get((unit.code, week), set()) | away]
        people.sort(key=lambda m: (self.role_key(m.role), fold(m.last_name), fold(m.first_name), m.id))
        rows: list[_Row] = []
        for m in people:
            if not rows or rows[-1].role != m.role:
                rows.append(_Row("group", role=m.role))
            rows.append(_Row("person", role=m.role, member=m))
        keys = sorted(self.cover_keys.get((unit.code, week), set()),
                      key=lambda k: (self.shift_rank.get(k[0], len(self.shift_rank)), k[0], self.role_key(k[1])))
        if keys:
            rows.append(_Row("cover_head"))
            rows += [_Row("cover", role=role, shift=shift) for shift, role in keys]
        return rows


def _row_height(font: float) -> float:
    return round(font * ROW_LEADING, 2)


def _font_sizes() -> list[float]:
    count = round((MAX_FONT - MIN_FONT) / FONT_STEP)
    return [MAX_FONT - i * FONT_STEP for i in range(count + 1)]


def _paginate(rows: list[_Row], capacity: int) -> list[list[_Row]]:
    """Rows split over sheets of ``capacity`` rows, the role (or cover) header repeated on top of a
    continuation, no header left alone at the foot of a sheet, the cover block kept whole if it can."""
    sheets: list[list[_Row]] = []
    current: list[_Row] = []
    for i, row in enumerate(rows):
        left = len(rows) - i
        cover_moves = row.kind == "cover_head" and len(current) + left > capacity >= left
        header_alone = row.kind == "group" and len(current) + 2 > capacity
        if current and (cover_moves or header_alone or len(current) >= capacity):
            sheets.append(current)
            current = []
        if not current and row.kind == "person":
            current.append(_Row("group", role=row.role, continued=True))
        elif not current and row.kind == "cover":
            current.append(_Row("cover_head", continued=True))
        current.append(row)
    if current or not sheets:
        sheets.append(current)
    return sheets


# -- text helpers ----------------------------------------------------------------------------------------

@lru_cache(maxsize=8192)
def _printable(text: str) -> str:
    """The text as the standard fonts can print it: accents outside WinAnsi dropped (Dvořák gives
    Dvorák), anything still missing shown as '?', rather than the black box reportlab would draw."""
    try:
        text.encode("cp1252")
        return text
    except UnicodeEncodeError:
        pass
    out = []
    for char in text:
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            out.append(base if base and base.isascii() else {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i"}.get(char, "?"))
    return "".join(out)


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text cut with an ellipsis to fit ``width``: a long name must not run into Monday."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _hours_text(hours: float) -> str:
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if current_language() == "fr" else text


def _day_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


# -- the legend (per unit: its example names another unit) ---------------------------------------------------------------

Run = tuple[str, str]  # (text, font)


def _legend_items(rota: PrintedRota, unit: Unit) -> list[list[Run] | None]:
    items: list[list[Run] | None] = [[(_("Shifts:"), BOLD)]]
    for s in rota.shifts:
        items.append([(_printable(s.code), BOLD), (f" {_printable(s.label)} {s.clock} ({_hours_text(s.hours)} h)", REGULAR)])
    kinds = list(ABSENCE_KINDS) + sorted({a.kind for a in rota.absences} - set(ABSENCE_KINDS))
    items.append(None)  # absences start a line of their own: easier to find than mid-line
    items.append([(_("Absences:"), BOLD)])
    for kind in kinds:
        label = ABSENCE_LABELS.get(kind)
        items.append([(_printable(kind), BOLD_ITALIC)] + ([(" " + _(label), REGULAR)] if label else []))
    items.append([(_("Empty cell: rest."), REGULAR)])
    items.append(None)  # then how a cell reads
    # The example names a real other unit (never the page's own, which would contradict it).
    example_shift = rota.shifts[0].code if rota.shifts else ""
    example_unit = next((u.code for u in rota.units if u.code != unit.code), None) or \
        next((a.unit for a in rota.assignments if a.unit != unit.code), None)
    if example_shift and example_unit:
        items.append([(_printable(example_shift), BOLD), ("·" + _printable(example_unit), REGULAR),
                      (" " + _("shift worked in another unit ({unit}).", unit=_printable(example_unit)), REGULAR)])
    items.append([("1/2 !", BOLD), (" " + _("present/minimum, below the minimum."), REGULAR)])
    return items


def _wrap(items: list[list[Run] | None], width: float, size: float) -> list[list[Run]]:
    """Legend items packed into lines; an item is never split (a code stays with its meaning),
    ``None`` starts a new line."""
    gap = stringWidth("   ", REGULAR, size)
    lines: list[list[Run]] = [[]]
    used = 0.0
    for item in items:
        if item is None:
            if lines[-1]:
                lines.append([])
                used = 0.0
            continue
        item_width = sum(stringWidth(t, f, size) for t, f in item)
        if lines[-1] and used + gap + item_width > width:
            lines.append([])
            used = 0.0
        if lines[-1]:
            lines[-1].append(("   ", REGULAR))
            used += gap
        lines[-1].extend(item)
        used += item_width
    return lines


# -- drawing -----------------------------------------------------------------------------------------------

def _frame(rota: PrintedRota, unit: Unit) -> _Frame:
    signature_width = stringWidth(_("Health manager's approval:"), BOLD, LEGEND_FONT) + 4 + SIGNATURE_LINE
    legend = _wrap(_legend_items(rota, unit), TABLE_WIDTH - signature_width - 24, LEGEND_FONT)
    rule_y = MARGIN + 2 * (FOOTER_FONT + 2.5) + 1
    legend_height = max(len(legend) * LEGEND_LEADING, 24.0)  # at least room for a signature
    return _Frame(PAGE_HEIGHT - MARGIN - HEADER_HEIGHT, rule_y + 5 + legend_height + 6, rule_y, legend)


def _draw_runs(c: Canvas, runs: list[tuple[str, str, float]], x: float, y: float) -> None:
    for text, font, size in runs:
        c.setFont(font, size)
        c.drawString(x, y, text)
        x += stringWidth(text, font, size)


def _hatch(path, x0: float, y0: float, x1: float, y1: float, step: float = 2.6) -> None:
    """45-degree lines clipped to the cell by arithmetic (a clip path per cell is slower to draw)."""
    c_value = x0 - y1
    while c_value < x1 - y0:
        start_x, end_x = max(x0, y0 + c_value), min(x1, y1 + c_value)
        if end_x > start_x:
            path.moveTo(start_x, start_x - c_value)
            path.lineTo(end_x, end_x - c_value)
        c_value += step


class _PageDrawer:
    def __init__(self, c: Canvas, rota: PrintedRota, ix: _Index) -> None:
        self.c, self.rota, self.ix = c, rota, ix
        self.frame: _Frame | None = None

    def draw(self, page: _Page, number: int, total: int) -> None:
        self.frame = page.frame
        self._header(page)
        self._table(page)
        self._footer(number, total)

    # -- header and footer

    def _header(self, page: _Page) -> None:
        c, rota = self.c, self.rota
        top = PAGE_HEIGHT - MARGIN
        days = self.ix.days(page.week)
        week = _("Week of {first} to {last}", first=_day_text(days[0]), last=_day_text(days[-1]))
        week_width = stringWidth(week, BOLD, 12)
        c.setFillGray(0)
        c.setFont(BOLD, 12)
        c.drawRightString(PAGE_WIDTH - MARGIN, top - 14, week)
        title = f"{_printable(page.unit.name)} ({_printable(page.unit.code)})"
        if page.continued:
            title += " " + _("(continued)")
        c.setFont(BOLD, 15)
        c.drawString(MARGIN, top - 14, _fit(title, BOLD, 15, TABLE_WIDTH - week_width - 20))
        c.setFont(REGULAR, 9)
        c.drawString(MARGIN, top - 27, _fit(f"{_printable(rota.ward_name)} — {_('Staff rota')}", REGULAR, 9, TABLE_WIDTH))
        c.setLineWidth(0.8)
        c.line(MARGIN, top - 31, PAGE_WIDTH - MARGIN, top - 31)

    def _footer(self, number: int, total: int) -> None:
        c, rota, frame = self.c, self.rota, self.frame
        c.setFillGray(0)
        y = frame.rule_y + 5 + (len(frame.legend) - 1) * LEGEND_LEADING
        for line in frame.legend:
            _draw_runs(c, [(t, f, LEGEND_FONT) for t, f in line], MARGIN, y)
            y -= LEGEND_LEADING
        label = _("Health manager's approval:")
        label_width = stringWidth(label, BOLD, LEGEND_FONT + 1)
        sign_y = frame.rule_y + 6
        c.setFont(BOLD, LEGEND_FONT + 1)
        c.drawString(PAGE_WIDTH - MARGIN - SIGNATURE_LINE - 4 - label_width, sign_y, label)
        c.setFont(REGULAR, LEGEND_FONT + 1)
        # The line to sign on is underscores rather than a drawn rule: it is then part of the text,
        # found by a search and kept by whatever copies the page as text.
        underscores = "_" * int(SIGNATURE_LINE / stringWidth("_", REGULAR, LEGEND_FONT + 1))
        c.drawString(PAGE_WIDTH - MARGIN - SIGNATURE_LINE, sign_y, underscores)
        c.setLineWidth(0.6)
        c.line(MARGIN, frame.rule_y, PAGE_WIDTH - MARGIN, frame.rule_y)
        upper, lower = frame.rule_y - FOOTER_FONT - 2, frame.rule_y - 2 * (FOOTER_FONT + 2.5)
        c.setFont(REGULAR, FOOTER_FONT)
        c.drawString(MARGIN, upper, _fit(_("{version} · fingerprint {fingerprint}", version=_printable(rota.version),
                                            fingerprint=_printable(rota.fingerprint)), REGULAR, FOOTER_FONT, TABLE_WIDTH - 80))
        c.drawString(MARGIN, lower, _fit(_("Printed on {date} at {time} by {name}", date=rota.printed_at.strftime("%d/%m/%Y"),
                                          time=rota.printed_at.strftime("%H:%M"), name=_printable(rota.printed_by)),
                                          REGULAR, FOOTER_FONT, TABLE_WIDTH - 80))
        c.setFont(BOLD, FOOTER_FONT + 1)
        c.drawRightString(PAGE_WIDTH - MARGIN, upper, _("Page {page} of {pages}", page=number, pages=total))

    # -- the table

    def _labels(self, page: _Page) -> dict[int, str]:
        labels = {}
        for i, row in enumerate(page.rows):
            if row.kind == "group":
                name = self.rota.role_labels.get(row.role)
                if name and name != row.role:  # the code once, whether or not the label already ends with it
                    text = _printable(name) if name.endswith(f"({row.role})") else f"{_printable(name)} ({_printable(row.role)})"
                else:
                    text = _printable(row.role)
                labels[i] = text + (" " + _("(continued)") if row.continued else "")
            elif row.kind == "person":
                labels[i] = _printable(row.member.name)
            elif row.kind == "cover_head":
                labels[i] = _("Cover (present/minimum)") + (" " + _("(continued)") if row.continued else "")
            else:
                labels[i] = f"{_printable(row.shift)} · {_printable(row.role)}"
        return labels

    def _table(self, page: _Page) -> None:
        c, ix, unit = self.c, self.ix, page.unit
        fs = page.font
        rh = _row_height(fs)
        days = ix.days(page.week)
        labels = self._labels(page)
        # Name column as wide as the longest name (spanning header rows do not count), within limits.
        widest = max((stringWidth(t, REGULAR, fs) for i, t in labels.items() if page.rows[i].kind in ("person", "cover")), default=0)
        widest = max(widest, stringWidth(_("Staff"), BOLD, fs))
        name_w = min(max(widest + 2 * CELL_PAD + 2, 120.0), 230.0)
        hours_w = max(stringWidth(_("Hours"), BOLD, fs) + 2 * CELL_PAD, 5 * fs)
        day_w = (TABLE_WIDTH - name_w - hours_w) / 7
        x_days = [MARGIN + name_w + i * day_w for i in range(8)]  # left edges, then the hours column
        right = MARGIN + TABLE_WIDTH
        top = self.frame.table_top
        n = len(page.rows) + 1
        bottom = top - n * rh
        row_y = [top - (i + 2) * rh for i in range(len(page.rows))]  # bottom edge of each row

        # Fills first, then hatching, grid and text on top.
        for d, day in enumerate(days):
            if day.weekday() >= 5:
                c.setFillGray(WEEKEND_GREY)
                c.rect(x_days[d], bottom, day_w, n * rh, stroke=0, fill=1)
        c.setFillGray(HEADER_GREY)
        c.rect(MARGIN, top - rh, TABLE_WIDTH, rh, stroke=0, fill=1)
        hatch = c.beginPath()
        texts: list[tuple[float, float, list[tuple[str, str, float]], bool]] = []  # x centre, y, runs, white box
        shorts: list[tuple[float, float]] = []
        for i, row in enumerate(page.rows):
            y = row_y[i]
            if row.kind in ("group", "cover_head"):
                c.setFillGray(GROUP_GREY if row.kind == "group" else COVER_HEAD_GREY)
                c.rect(MARGIN, y, TABLE_WIDTH, rh, stroke=0, fill=1)
            elif row.kind == "person":
                member = row.member
                for d, day in enumerate(days):
                    runs, fill, absent = self._person_cell(member, day, unit, fs)
                    if absent:
                        _hatch(hatch, x_days[d], y, x_days[d] + day_w, y + rh)
                    elif fill is not None:
                        c.setFillGray(fill)
                        c.rect(x_days[d], y, day_w, rh, stroke=0, fill=1)
                    if runs:
                        texts.append((x_days[d] + day_w / 2, y, runs, absent))
                hours = ix.hours.get((member.id, page.week), 0.0)
                texts.append((x_days[7] + hours_w / 2, y, [(_hours_text(hours), REGULAR, fs)], False))
            else:
                for d, day in enumerate(days):
                    line = ix.cover.get((unit.code, row.shift, row.role, day))
                    if line is None:
                        runs = [("–", REGULAR, fs)]
                    elif line.count < line.minimum:
                        runs = [(f"{line.count}/{line.minimum} !", BOLD, fs)]
                        shorts.append((x_days[d], y))
                        c.setFillColorRGB(*SHORT_FILL)
                        c.rect(x_days[d], y, day_w, rh, stroke=0, fill=1)
                    else:
                        runs = [(f"{line.count}/{line.minimum}", REGULAR, fs)]
                    texts.append((x_days[d] + day_w / 2, y, runs, False))
        c.setStrokeGray(HATCH_GREY)
        c.setLineWidth(0.35)
        c.drawPath(hatch, stroke=1, fill=0)

        # Grid: a line under every row; columns only where the row has cells (group rows span).
        grid = c.beginPath()
        for y in [top, top - rh] + row_y:
            grid.moveTo(MARGIN, y)
            grid.lineTo(right, y)
        spans = [(top - rh, top)] + [(row_y[i], row_y[i] + rh) for i, r in enumerate(page.rows) if r.kind in ("person", "cover")]
        for y0, y1 in spans:
            for x in x_days:
                grid.moveTo(x, y0)
                grid.lineTo(x, y1)
        grid.moveTo(MARGIN, bottom)
        grid.lineTo(MARGIN, top)
        grid.moveTo(right, bottom)
        grid.lineTo(right, top)
        c.setStrokeGray(0.35)
        c.setLineWidth(0.4)
        c.drawPath(grid, stroke=1, fill=0)
        c.setStrokeGray(0)
        c.setLineWidth(1.3)
        for x, y in shorts:  # the box is what a black-and-white copy shows of a shortfall
            c.rect(x + 1, y + 1, day_w - 2, rh - 2, stroke=1, fill=0)
        c.setLineWidth(0.9)
        c.rect(MARGIN, bottom, TABLE_WIDTH, n * rh, stroke=1, fill=0)

        # Text.
        c.setFillGray(0)
        baseline = (rh - 0.7 * fs) / 2  # capitals centred in the row
        header_y = top - rh + baseline
        c.setFont(BOLD, fs)
        c.drawString(MARGIN + CELL_PAD, header_y, _("Staff"))
        for d, day in enumerate(days):
            c.drawCentredString(x_days[d] + day_w / 2, header_y, f"{_(WEEKDAYS[day.weekday()])} {day.strftime('%d/%m')}")
        c.drawCentredString(x_days[7] + hours_w / 2, header_y, _("Hours"))
        for i, row in enumerate(page.rows):
            font = BOLD if row.kind in ("group", "cover_head") else REGULAR
            width = TABLE_WIDTH if row.kind in ("group", "cover_head") else name_w
            c.setFont(font, fs)
            c.drawString(MARGIN + CELL_PAD, row_y[i] + baseline, _fit(labels[i], font, fs, width - 2 * CELL_PAD))
        for x_centre, y, runs, boxed in texts:
            runs = self._shrink(runs, day_w - 2)
            width = sum(stringWidth(t, f, s) for t, f, s in runs)
            size = max(s for _t, _f, s in runs)
            if boxed:  # a white patch so the absence code reads through the hatching
                c.setFillGray(1)
                c.rect(x_centre - width / 2 - 1.5, y + (rh - size * 1.05) / 2, width + 3, size * 1.05, stroke=0, fill=1)
                c.setFillGray(0)
            _draw_runs(c, runs, x_centre - width / 2, y + (rh - 0.7 * size) / 2)

    @staticmethod
    def _shrink(runs: list[tuple[str, str, float]], width: float) -> list[tuple[str, str, float]]:
        """Several shifts in one cell (a conflict the checker reports) are shrunk rather than clipped."""
        total = sum(stringWidth(t, f, s) for t, f, s in runs)
        if total <= width:
            return runs
        scale = width / total
        return [(t, f, s * scale) for t, f, s in runs]

    def _person_cell(self, member: StaffMember, day: date, unit: Unit, fs: float) -> tuple[list[tuple[str, str, float]], float | None, bool]:
        """The runs of text of a person's day, the grey behind them, and whether it is an absence."""
        runs: list[tuple[str, str, float]] = []
        fill = None
        absence = self.ix.absence_on(member.id, day)
        if absence is not None:
            runs.append((_printable(absence.kind), ITALIC, fs))
        for a in self.ix.cells.get((member.id, day), ()):
            if runs:
                runs.append((" ", REGULAR, fs))
            if a.unit == unit.code:
                runs.append((_printable(a.shift), BOLD, fs))
                shift = self.ix.shifts.get(a.shift)
                if shift is not None and shift.is_night:
                    fill = NIGHT_GREY
            else:
                small = max(fs * OTHER_UNIT_SCALE, OTHER_UNIT_MIN)
                runs += [(_printable(a.shift), BOLD, small), ("·" + _printable(a.unit), REGULAR, small)]
        return runs, fill, absence is not None


# -- entry point ---------------------------------------------------------------------------------------------

def _plan(rota: PrintedRota, ix: _Index) -> list[_Page]:
    """Every sheet to print, with its font size: the largest that fits the unit and week on one
    page, or the minimum and following sheets when even that is too small."""
    sizes = _font_sizes()
    pages: list[_Page] = []
    for unit in rota.units:
        frame = _frame(rota, unit)
        available = frame.table_top - frame.table_bottom
        for week in range(rota.weeks):
            rows = ix.rows(unit, week)
            font = next((f for f in sizes if (len(rows) + 1) * _row_height(f) <= available), None)
            if font is not None:
                pages.append(_Page(unit, week, rows, font, False, frame))
                continue
            capacity = int(available // _row_height(MIN_FONT)) - 1  # the day header row is repeated
            for sheet, chunk in enumerate(_paginate(rows, capacity)):
                pages.append(_Page(unit, week, chunk, MIN_FONT, sheet > 0, frame))
    return pages


def write_rota_pdf(rota: PrintedRota, out: Path | BinaryIO) -> int:
    """Write the rota as an A4 landscape PDF to a path or an open binary file; returns the page count."""
    ix = _Index(rota)
    pages = _plan(rota, ix)
    if not pages:  # reportlab would still write one blank sheet; say why instead
        raise DomainError("Nothing to print: choose at least one unit and one week.")
    buffer = io.BytesIO()  # a path is written whole at the end: no half-written PDF if drawing fails
    c = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=1)
    c.setTitle(f"{_('Staff rota')} — {rota.ward_name}")
    c.setAuthor(rota.printed_by)
    c.setSubject(f"{rota.version} · {rota.fingerprint}")
    c.setCreator("Continuity")
    drawer = _PageDrawer(c, rota, ix)
    for number, page in enumerate(pages, start=1):
        drawer.draw(page, number, len(pages))
        c.showPage()
    c.save()
    data = buffer.getvalue()
    if isinstance(out, (str, Path)):
        Path(out).write_bytes(data)
    else:
        out.write(data)
    return len(pages)
