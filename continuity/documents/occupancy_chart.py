"""The occupancy chart's geometry, shared by the PDF and the HTML: one small panel per unit, stacked
over one time axis (small multiples rather than one tangle of lines: read in black and white, units
never hide one another and no colour has to tell them apart). Coordinates are fractions (0..1, y
upwards); each writer scales them to its own page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

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


def _ticks(start: datetime, end: datetime, zone: str) -> list[tuple[float, str, bool]]:
    """Each day's midnight (ward time) labelled with its date; inside shorter periods, hours too."""
    total = (end - start).total_seconds()
    span_hours = total / 3600
    every = _minor_hours(span_hours)
    ticks = []
    moment = to_zone(start, zone).replace(minute=0, second=0, microsecond=0)
    if moment < to_zone(start, zone):
        moment += timedelta(hours=1)
    while moment <= to_zone(end, zone):
        x = (moment - start).total_seconds() / total
        if moment.hour == 0:
            ticks.append((x, moment.strftime("%d/%m"), True))
        elif every and moment.hour % every == 0:
            ticks.append((x, f"{moment.hour:02d}h", False))
        moment = to_zone(moment + timedelta(hours=1), zone)  # across a change of summer time, hour by hour
    return ticks


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
