"""The period's report as an A4 PDF (reportlab): the document model laid out with platypus, the
occupancy chart drawn with reportlab.graphics, a header with the ward and the period and "page x
of y" on every page. Greys and dashes only: it is printed on the ward's black-and-white printers.

Fonts are the PDF standard Helvetica family, as the rota's (rota_pdf explains why); every text is
escaped before platypus reads it, since its paragraphs are markup (a name with "<" would otherwise
break the page or become a tag)."""

from __future__ import annotations

import io
from dataclasses import replace
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Drawing, Line, PolyLine, Polygon, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as PdfTable
from reportlab.platypus import TableStyle

from continuity.documents import period_report_model as model
from continuity.documents.occupancy_chart import ChartModel, Layout
from continuity.documents.occupancy_chart import chart as chart_model
from continuity.documents.rota_pdf import _fit, _printable
from continuity.i18n import _

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 16 * mm
TOP_MARGIN = 24 * mm  # room for the running header
BOTTOM_MARGIN = 18 * mm
WIDTH = PAGE_WIDTH - 2 * MARGIN
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"

LAYOUT = Layout(width=WIDTH, panel_height=52.0, panel_gap=20.0, axis_height=34.0, left_axis=26.0)
PANELS_PER_DRAWING = 7  # about two thirds of an A4 page

TEXT = ParagraphStyle("text", fontName=REGULAR, fontSize=9.5, leading=12.5, spaceAfter=4)
NOTE = ParagraphStyle("note", parent=TEXT, fontSize=8, leading=10, textColor=colors.Color(0.25, 0.25, 0.25))
CELL = ParagraphStyle("cell", fontName=REGULAR, fontSize=8, leading=9.6)
NUMBER = ParagraphStyle("number", parent=CELL, alignment=TA_RIGHT)
HEAD = ParagraphStyle("head", parent=CELL, fontName=BOLD)
HEAD_NUMBER = ParagraphStyle("head_number", parent=HEAD, alignment=TA_RIGHT)
TITLE = ParagraphStyle("title", fontName=BOLD, fontSize=18, leading=22, spaceAfter=4)
SUBTITLE = ParagraphStyle("subtitle", fontName=REGULAR, fontSize=11, leading=14, spaceAfter=10)
SECTION = ParagraphStyle("section", fontName=BOLD, fontSize=12.5, leading=16, spaceBefore=12, spaceAfter=5)


def _safe(text: str) -> str:
    """Printable by the standard fonts, and markup-free for platypus."""
    return escape(_printable(str(text)))


def write_pdf(data: dict) -> bytes:
    doc = model.document(data)
    buffer = io.BytesIO()
    template = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP_MARGIN,
                                 bottomMargin=BOTTOM_MARGIN, title=f"{doc.title} — {_printable(doc.ward)}", author="Continuity",
                                 subject=_printable(doc.period), creator="Continuity")
    story: list = [Paragraph(_safe(doc.title), TITLE), Paragraph(_safe(f"{doc.ward} — {doc.period}"), SUBTITLE)]
    for section in doc.sections:
        story += _section(section)
    template.build(story, canvasmaker=_numbered_canvas(doc))
    return buffer.getvalue()


def _section(section: model.Section) -> list:
    """The section's flowables; a lead-in paragraph stays on the page of the table or chart it
    introduces, and the title with what follows it (never alone at the foot of a page)."""
    groups: list[list] = []
    lead: list = []
    for block in section.blocks:
        if isinstance(block, model.Paragraph):
            if lead:
                groups.append(lead)
            lead = [Paragraph(_safe(block.text), NOTE if block.note else TEXT)]
            if block.note:  # a note explains what is above it: it goes with it
                if not groups:
                    groups.append([])
                groups[-1] += lead
                lead = []
            continue
        if isinstance(block, model.Table):
            groups.append(lead + [_table(block), Spacer(1, 5)])
        else:
            drawings = _charts(block)
            groups.append(lead + drawings[:1])
            groups += [[d] for d in drawings[1:]]
        lead = []
    if lead:
        groups.append(lead)
    title = Paragraph(_safe(section.title), SECTION)
    if not groups:
        return [title]
    first = KeepTogether([title] + groups[0]) if _small(groups[0]) else [title] + groups[0]
    rest = [KeepTogether(g) if _small(g) else g for g in groups[1:]]
    return _flatten([first] + rest)


def _small(group: list) -> bool:
    """Kept together only when it surely fits a page: a long table must be free to break."""
    return sum(len(getattr(f, "_cellvalues", [])) for f in group) <= 25


def _flatten(items: list) -> list:
    out: list = []
    for item in items:
        out += item if isinstance(item, list) else [item]
    return out


def _table(block: model.Table) -> PdfTable:
    def cells(row: list[str], head: bool) -> list[Paragraph]:
        return [Paragraph(_safe(text), (HEAD_NUMBER if i in block.numeric else HEAD) if head else
                          (NUMBER if i in block.numeric else CELL)) for i, text in enumerate(row)]

    rows = [cells(block.header, True)] + [cells(r, False) for r in block.rows[:-1]]
    if block.rows:
        rows.append(cells(block.rows[-1], block.total))  # a total reads bold, like the header
    widths = block.widths or [1.0] * len(block.header)
    table = PdfTable(rows, colWidths=[WIDTH * w / sum(widths) for w in widths], repeatRows=1, hAlign="LEFT")
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.Color(0.45, 0.45, 0.45)),
             ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.85, 0.85, 0.85)),
             ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5)]
    if block.total and block.rows:
        style += [("BACKGROUND", (0, -1), (-1, -1), colors.Color(0.93, 0.93, 0.93)),
                  ("LINEABOVE", (0, -1), (-1, -1), 1.0, colors.black)]
    table.setStyle(TableStyle(style))
    return table


def _charts(block: model.Chart) -> list[Drawing]:
    """The chart in drawings of at most PANELS_PER_DRAWING units, each with its time axis: a
    drawing cannot break across pages, and a ward with many units must still print."""
    chart = chart_model(block.occupancy, block.units, block.timezone)
    return [_chart(replace(chart, panels=chart.panels[i : i + PANELS_PER_DRAWING]))
            for i in range(0, len(chart.panels), PANELS_PER_DRAWING)]


def _chart(chart: ChartModel) -> Drawing:
    """One panel per unit: the beds occupied as a grey area under a black step line, the unit's
    beds as a dashed line, day starts as vertical rules labelled with the date."""
    plot_width, height, x0 = LAYOUT.plot_width, LAYOUT.height(len(chart.panels)), LAYOUT.left_axis
    panel_height, panel_gap = LAYOUT.panel_height, LAYOUT.panel_gap
    drawing = Drawing(WIDTH, height)

    def x_of(fraction: float) -> float:
        return x0 + fraction * plot_width

    for index, panel in enumerate(chart.panels):
        base = height - (index + 1) * (panel_height + panel_gap) + 2
        drawing.add(String(x0, base + panel_height + 5, _fit(_printable(panel.label), BOLD, 8.5, plot_width * 0.7),
                           fontName=BOLD, fontSize=8.5))
        drawing.add(String(x0 + plot_width, base + panel_height + 5,
                           _("peak {peak} of {beds} beds", peak=panel.peak, beds=panel.capacity), fontName=REGULAR, fontSize=7.5,
                           textAnchor="end"))
        for x, _label, major in chart.ticks:
            drawing.add(Line(x_of(x), base, x_of(x), base + panel_height, strokeColor=colors.Color(0.55, 0.55, 0.55) if major
                             else colors.Color(0.85, 0.85, 0.85), strokeWidth=0.6 if major else 0.3))
        area = [x_of(panel.points[0][0]), base] if panel.points else []
        line = []
        for x, y in panel.points:
            line += [x_of(x), base + y * panel_height]
        if panel.points:
            area += line + [x_of(panel.points[-1][0]), base]
            drawing.add(Polygon(area, fillColor=colors.Color(0.80, 0.80, 0.80), strokeColor=None, strokeWidth=0))
            drawing.add(PolyLine(line, strokeColor=colors.black, strokeWidth=1.1))
        if panel.capacity:
            y = base + panel.capacity / panel.top * panel_height
            drawing.add(Line(x0, y, x0 + plot_width, y, strokeColor=colors.black, strokeWidth=0.6, strokeDashArray=[3, 2]))
        drawing.add(Line(x0, base, x0 + plot_width, base, strokeColor=colors.black, strokeWidth=0.8))
        drawing.add(Line(x0, base, x0, base + panel_height, strokeColor=colors.black, strokeWidth=0.8))
        for value in sorted({0, panel.top}):
            drawing.add(String(x0 - 3, base + value / panel.top * panel_height - 2.5, str(value), fontName=REGULAR, fontSize=7,
                               textAnchor="end"))
    axis_y = height - len(chart.panels) * (panel_height + panel_gap) + 2
    last_end = -1.0
    for x, label, major in chart.ticks:
        width = len(label) * 4.2
        if x_of(x) - width / 2 <= last_end:
            continue  # labels never overlap: a crowded axis drops some hours
        drawing.add(String(x_of(x), axis_y - 9, label, fontName=BOLD if major else REGULAR, fontSize=7, textAnchor="middle"))
        last_end = x_of(x) + width / 2
    drawing.add(String(x0 + plot_width / 2, axis_y - 22, _printable(chart.axis_title), fontName=REGULAR, fontSize=7.5,
                       textAnchor="middle"))
    return drawing


def _numbered_canvas(doc: model.Document):
    """A canvas that holds its pages until the end, so that each can say "page x of y"."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, total)
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            top = PAGE_HEIGHT - 11 * mm
            self.setFillGray(0)
            self.setFont(BOLD, 9)
            self.drawString(MARGIN, top, _fit(doc.title, BOLD, 9, WIDTH * 0.5))
            self.setFont(REGULAR, 8)
            self.drawRightString(PAGE_WIDTH - MARGIN, top, _fit(_printable(doc.ward), REGULAR, 8, WIDTH * 0.48))
            self.drawRightString(PAGE_WIDTH - MARGIN, top - 10, _fit(_printable(doc.period_short), REGULAR, 8, WIDTH * 0.48))
            self.setLineWidth(0.6)
            self.line(MARGIN, top - 14, PAGE_WIDTH - MARGIN, top - 14)
            bottom = 10 * mm
            self.line(MARGIN, bottom + 9, PAGE_WIDTH - MARGIN, bottom + 9)
            self.setFont(REGULAR, 7.5)
            self.drawString(MARGIN, bottom, _fit(_printable(doc.generated), REGULAR, 7.5, WIDTH * 0.7))
            self.setFont(BOLD, 8)
            self.drawRightString(PAGE_WIDTH - MARGIN, bottom, _("Page {page} of {pages}", page=number, pages=total))

    return NumberedCanvas
