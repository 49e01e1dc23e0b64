"""To decide: what the ward must settle and IT cannot decide alone (``reconcile.problems``): a woman
with two current stays (admitted on two laptops while apart), a bed held by two stays, times that
cannot all be true (a discharge before the admission...). Listed, never corrected here: each row
says who (IPP), which stays (NDA), and for a timeline the rule and its two times in the ward's time."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from continuity.i18n import _
from continuity.i18n.labels import local_time
from continuity.ui.reconcile_client import ReconcileClient
from continuity.ui.reconcile_common import RowsModel, refusal_label, result_label, table


def _when(stored: str | None) -> str:
    """A stored time in the ward's time; a birth date (a day, no time) as a day."""
    if not stored:
        return ""
    if len(stored) == 10:
        year, month, day = stored.split("-")
        return f"{day}/{month}/{year}"
    return local_time(stored)


class ProblemsPage(QWidget):
    def __init__(self, client: ReconcileClient, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.problems: dict | None = None  # the last answer
        self.summary = result_label("problemsSummary")
        self.model = RowsModel([
            (self.tr("What"), lambda r: r["what"]),
            (self.tr("IPP"), lambda r: r.get("ipp", "")),
            (self.tr("Stays (NDA)"), lambda r: r.get("ndas", "")),
            (self.tr("Bed"), lambda r: r.get("bed", "")),
            (self.tr("First time"), lambda r: _when(r.get("first"))),
            (self.tr("Second time"), lambda r: _when(r.get("second"))),
        ])
        self.rows = table(self.model, "problemsTable")
        self.refused = refusal_label("problemsRefusal")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.rows, 1)
        layout.addWidget(self.refused)

    def refresh(self) -> None:
        from continuity.services import reconcile

        self.client.call(reconcile.problems, on_done=self.show_problems, on_refused=lambda message, _f: self.refused.setText(message))

    def show_problems(self, found: dict) -> None:
        self.problems = found
        self.refused.clear()
        rows = [{"what": self.tr("Two current stays"), "ipp": r["ipp"], "ndas": " · ".join(r["stays"])} for r in found["double_stays"]]
        rows += [{"what": self.tr("A bed held by two stays"), "bed": r["bed"], "ndas": " · ".join(r["ndas"])} for r in found["shared_beds"]]
        rows += [{"what": self._rule(t["rule"]), "ipp": t["ipp"], "ndas": t["nda"], "first": t["first"], "second": t["second"]}
                 for t in found["impossible_timelines"]]
        self.model.set_rows(rows)
        if not rows:
            self.summary.setText(self.tr("Nothing to decide: no woman with two current stays, no bed held twice, no impossible times."))
        else:
            self.summary.setText(self.tr("For the ward to decide (listed here, never corrected): women with two current stays: %1 · "
                                         "beds held twice: %2 · impossible timelines: %3")
                                 .replace("%1", str(len(found["double_stays"]))).replace("%2", str(len(found["shared_beds"])))
                                 .replace("%3", str(len(found["impossible_timelines"]))))

    @staticmethod
    def _rule(code: str) -> str:
        from continuity.services.reconcile import TIMELINE_RULES

        return _(TIMELINE_RULES[code]) if code in TIMELINE_RULES else code
