"""The rota grid and its cover line as Qt models over the plain data ``services.rota.grid`` returns.

Grid rows: a header row per role, then one row per person; columns: the name, one per day, the
hours of the period. Cover rows: one per requirement (unit, shift, role); columns: the days."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from continuity.i18n.labels import absence_label, staff_role_label

# Light fills, one per shift type in the ward's order; codes are always printed too (colour-blind
# and black-and-white printers lose nothing).
SHIFT_FILLS = ["#fff3c4", "#dcedc8", "#ffe0b2", "#f8bbd0", "#b2ebf2", "#d7ccc8"]
FILLED_FRAME = "#2e7d32"  # the frame around what the last fill changed
NIGHT_FILL = "#c5cae9"  # nights stand out in the same blue whatever the ward calls them
ABSENCE_FILL = "#e0e0e0"
SHORT_FILL = "#ffcdd2"
BELOW_OPTIMAL_FILL = "#ffe0b2"
VIOLATION_ROLE = Qt.ItemDataRole.UserRole + 1
STAFF_ROLE = Qt.ItemDataRole.UserRole + 2
DAY_ROLE = Qt.ItemDataRole.UserRole + 3


def weekday_short(day: date) -> str:
    names = [QCoreApplication.translate("Rota", "Mon"), QCoreApplication.translate("Rota", "Tue"), QCoreApplication.translate("Rota", "Wed"),
             QCoreApplication.translate("Rota", "Thu"), QCoreApplication.translate("Rota", "Fri"), QCoreApplication.translate("Rota", "Sat"),
             QCoreApplication.translate("Rota", "Sun")]
    return names[day.weekday()]


class RotaGridModel(QAbstractTableModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.grid: dict = {}
        self.rows: list[dict] = []
        self.days: list[date] = []
        self.cells: dict[tuple[str, str], dict] = {}
        self.absent: dict[tuple[str, str], str] = {}
        self.absence_ids: dict[tuple[str, str], str] = {}
        self.problems: dict[tuple[str, str], list[dict]] = defaultdict(list)
        self.fills: dict[str, str] = {}
        self.hours: dict[str, float] = {}
        # What the last fill changed, framed until another period is shown: (staff, day) -> added | removed.
        self.filled: dict[tuple[str, str], str] = {}

    def mark_filled(self, outcome: dict) -> None:
        self.filled = {(c["staff"], c["day"]): "removed" for c in outcome.get("removed", [])}
        self.filled.update({(c["staff"], c["day"]): "added" for c in outcome.get("added", [])})
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def set_grid(self, grid: dict) -> None:
        self.beginResetModel()
        self.grid = grid
        start = date.fromisoformat(grid["first_day"])
        self.days = [start + timedelta(days=i) for i in range(grid["days"])]
        self.cells = {(c["staff"], c["day"]): c for c in grid["cells"]}
        shift_hours = {s["code"]: s["hours"] for s in grid["shifts"]}
        days_shifts = [s for s in grid["shifts"] if not s["night"]]
        self.fills = {s["code"]: SHIFT_FILLS[i % len(SHIFT_FILLS)] for i, s in enumerate(days_shifts)}
        self.fills.update({s["code"]: NIGHT_FILL for s in grid["shifts"] if s["night"]})
        self.absent, self.absence_ids = {}, {}
        for a in grid["absences"]:
            for d in self.days:
                if a["first_day"] <= d.isoformat() <= a["last_day"]:
                    self.absent[(a["staff"], d.isoformat())] = a["kind"]
                    self.absence_ids[(a["staff"], d.isoformat())] = a["id"]
        self.problems = defaultdict(list)
        for v in grid["violations"]:
            if v["staff"]:
                self.problems[(v["staff"], v["day"])].append(v)
        self.hours = defaultdict(float)
        for c in grid["cells"]:
            self.hours[c["staff"]] += shift_hours.get(c["shift"], 0)
        self.rows = []
        role = None
        for person in grid["staff"]:
            if person["role"] != role:
                role = person["role"]
                self.rows.append({"kind": "group", "role": role})
            self.rows.append({"kind": "staff", **person})
        self.endResetModel()

    # -- shape -------------------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.days) + 2

    def day_of(self, column: int) -> date | None:
        return self.days[column - 1] if 1 <= column <= len(self.days) else None

    def index_of(self, staff: str, day: str) -> QModelIndex:
        for r, row in enumerate(self.rows):
            if row["kind"] == "staff" and row["id"] == staff:
                for c, d in enumerate(self.days, start=1):
                    if d.isoformat() == day:
                        return self.index(r, c)
                return self.index(r, 0)
        return QModelIndex()

    def cell_at(self, index: QModelIndex) -> tuple[dict | None, date | None]:
        """(the person, the day) of a grid cell, or Nones for names, totals and role headers."""
        if not index.isValid():
            return None, None
        row = self.rows[index.row()]
        return (row if row["kind"] == "staff" else None), self.day_of(index.column())

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.BackgroundRole):
            return None
        day = self.day_of(section)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor("#eeeeee")) if day and day.weekday() >= 5 else None
        if section == 0:
            return self.tr("Staff")
        if day is None:
            return self.tr("Hours")
        return f"{weekday_short(day)}\n{day.strftime('%d/%m')}"

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        person, day = self.cell_at(index)
        if person is None or day is None:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.grid.get("can_edit"):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # -- contents ----------------------------------------------------------------------------------------
    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if row["kind"] == "group":
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                return staff_role_label(row["role"])
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.BackgroundRole:
                return QBrush(QColor("#eceff1"))
            return None
        column = index.column()
        if column == 0:
            return self._person(row, role)
        day = self.day_of(column)
        if day is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{self.hours.get(row['id'], 0):g}"
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        return self._cell(row, day.isoformat(), day, role)

    def _person(self, row: dict, role: int):
        if role == Qt.ItemDataRole.DisplayRole:
            return row["name"]
        if role == Qt.ItemDataRole.ToolTipRole:
            ratio = f"{round(row['ratio'] * 100)} %"
            return self.tr("%1 · %2 · units %3 · skills %4").replace("%1", staff_role_label(row["role"])).replace("%2", ratio) \
                .replace("%3", ", ".join(row["units"]) or "-").replace("%4", ", ".join(row["skills"]) or "-")
        if role == STAFF_ROLE:
            return row["id"]
        return None

    def _cell(self, person: dict, day_text: str, day: date, role: int):
        key = (person["id"], day_text)
        cell, absence, problems = self.cells.get(key), self.absent.get(key), self.problems.get(key, [])
        home = person["units"][0] if person["units"] else None
        if role == Qt.ItemDataRole.DisplayRole:
            if absence:
                return absence
            if cell:
                unit = "" if cell["unit"] in (home, self.grid.get("unit")) else f"·{cell['unit']}"
                return cell["shift"] + unit + (" •" if cell["pinned"] else "")
            return ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if problems and any(p["hard"] for p in problems):
                return QBrush(QColor(SHORT_FILL))
            if absence:
                return QBrush(QColor(ABSENCE_FILL), Qt.BrushStyle.Dense5Pattern)
            if cell:
                return QBrush(QColor(self.fills.get(cell["shift"], "#ffffff")))
            return QBrush(QColor("#f5f5f5")) if day.weekday() >= 5 else None
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            if cell and not cell["published"]:
                font.setItalic(True)  # a draft, not yet published
            if cell:
                font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = []
            if cell:
                lines.append(self.tr("%1 in %2").replace("%1", cell["shift"]).replace("%2", cell["unit"] or "")
                             + (" — " + self.tr("pinned") if cell["pinned"] else "")
                             + (" — " + self.tr("published") if cell["published"] else " — " + self.tr("draft")))
            if absence:
                lines.append(absence_label(absence))
            lines += [f"{p['title']}: {p['message']}" for p in problems]
            return "\n".join(lines) or None
        if role == VIOLATION_ROLE:
            return problems
        if role == STAFF_ROLE:
            return person["id"]
        if role == DAY_ROLE:
            return day_text
        return None


class CoverModel(QAbstractTableModel):
    """Under the grid: who is there against the minimum and optimal, red where short."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.keys: list[tuple[str, str, str]] = []
        self.days: list[str] = []
        self.lines: dict[tuple[str, str, str, str], dict] = {}

    def set_cover(self, grid: dict) -> None:
        self.beginResetModel()
        start = date.fromisoformat(grid["first_day"])
        self.days = [(start + timedelta(days=i)).isoformat() for i in range(grid["days"])]
        self.lines = {(c["unit"], c["shift"], c["role"], c["day"]): c for c in grid["cover"]}
        self.keys = sorted({(c["unit"], c["shift"], c["role"]) for c in grid["cover"]})
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.keys)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.days) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Cover") if section == 0 else date.fromisoformat(self.days[section - 1]).strftime("%d/%m")
        return None

    def line(self, index: QModelIndex) -> dict | None:
        if not index.isValid() or index.column() == 0:
            return None
        return self.lines.get((*self.keys[index.row()], self.days[index.column() - 1]))

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        unit, shift, staff_role = self.keys[index.row()]
        if index.column() == 0:
            return f"{unit} {shift} {staff_role}" if role == Qt.ItemDataRole.DisplayRole else None
        line = self.line(index)
        if line is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{line['count']}/{line['minimum']}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if line["count"] < line["minimum"]:
                return QBrush(QColor(SHORT_FILL))
            if line["count"] < line["optimal"]:
                return QBrush(QColor(BELOW_OPTIMAL_FILL))
            return None
        if role == Qt.ItemDataRole.FontRole and line["count"] < line["minimum"]:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("%1 present, minimum %2, optimal %3").replace("%1", str(line["count"])) \
                .replace("%2", str(line["minimum"])).replace("%3", str(line["optimal"]))
        return None
