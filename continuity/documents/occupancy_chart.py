"""The occupancy chart's geometry, shared by the PDF and the HTML: one small panel per unit, stacked
over one time axis (small multiples rather than one tangle of lines: read in black and white, units
never hide one another and no colour has to tell them apart). Coordinates are fractions (0..1, y
upwards); each writer scales them to its own page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from continuity.core.times import from_storage, to_zone
from continuity.i18n import _


@dataclass(frozen=True)
class Panel:
    code: str
    label: str
    top: int  # the value at the top of the panel
    capacity: int  # the unit's beds (a dashed line)
    points: list[tuple[float, float]]  # the step line, left to right
    peak: int


@dataclass(frozen=True)
class Layout:
    """Sizes of one medium's chart (points on paper, pixels on screen)."""

    width: float
    panel_height: float
    panel_gap: float  # room above each panel for its label
    axis_height: float
    left_axis: float

    @property
    def plot_width(self) -> float:
        return self.width - self.left_axis - 8

    def height(self, panels: int) -> float:
        return panels * (self.panel_height + self.panel_gap) + self.axis_height


@dataclass(frozen=True)
class ChartModel:
    panels: list[Panel]
    ticks: list[tuple[float, str, bool]]  # x, label, major (a day's start)
    axis_title: str
    y_title: str


def _minor_hours(span_hours: float) -> int | None:
    for limit, every in ((12, 1), (36, 3), (96, 6), (240, 12)):
        if span_hours <= limit:
            return every
    return None


def _is_major(day: date, span_days: float) -> tuple[bool, str]:
    """Which days start a labelled division of the axis: each day over a fortnight, each Monday
    over four months, each month's first day over eighteen months, each year beyond (more rules
    than that turn a printed panel grey)."""
    if span_days <= 16:
        return True, day.strftime("%d/%m")
    if span_days <= 120:
        return day.weekday() == 0, day.strftime("%d/%m")
    if span_days <= 550:
        return day.day == 1, day.strftime("%m/%Y")
    return (day.month, day.day) == (1, 1), day.strftime("%Y")


def _ticks(start: datetime, end: datetime, zone: str) -> list[tuple[float, str, bool]]:
    """Day starts (ward time) labelled with the date, as many as the axis can carry; inside
    shorter periods, hours too."""
    total = (end - start).total_seconds()
    span_hours = total / 3600
    ticks = []
    day = to_zone(start, zone).date()
    while day <= to_zone(end, zone).date():
        midnight = datetime.combine(day, time(0), ZoneInfo(zone))
        major, label = _is_major(day, span_hours / 24)
        if major and start <= midnight <= end:
            ticks.append(((midnight - start).total_seconds() / total, label, True))
        day += timedelta(days=1)
    every = _minor_hours(span_hours)
    if every:
        moment = start.replace(minute=0, second=0, microsecond=0)
        while moment <= end:
            local = to_zone(moment, zone)
            if moment >= start and local.minute == 0 and local.hour % every == 0 and local.hour != 0:
                ticks.append(((moment - start).total_seconds() / total, f"{local.hour:02d}h", False))
            moment += timedelta(hours=1)
    return sorted(ticks)


def chart(occupancy: dict, units: list[dict], zone: str) -> ChartModel:
    start = from_storage(occupancy["start"])
    count = occupancy["points"]
    end = start + timedelta(hours=occupancy["step_hours"] * count)
    names = {u["code"]: u for u in units}
    order = [u["code"] for u in units] + sorted(set(occupancy["series"]) - set(names))
    panels = []
    for code in order:
        values = occupancy["series"].get(code) or [0] * count
        capacity = names[code]["beds"] if code in names else 0
        top = max(capacity, max(values, default=0), 1)
        points: list[tuple[float, float]] = []
        for i, value in enumerate(values):
            y = value / top
            points += [(i / count, y), ((i + 1) / count, y)]
        label = f"{names[code]['name']} ({code})" if code in names else code
        panels.append(Panel(code, label, top, capacity, points, max(values, default=0)))
    axis = _("Ward time ({zone}), from {first} to {last}", zone=zone, first=to_zone(start, zone).strftime("%d/%m/%Y %H:%M"),
             last=to_zone(end, zone).strftime("%d/%m/%Y %H:%M"))
    return ChartModel(panels, _ticks(start, end, zone), axis, _("Beds occupied"))
