"""The period's report as one self-contained HTML file: inline CSS (print-friendly), the occupancy
chart as inline SVG, no script and no external link, so that it opens the same on any machine,
offline, years later. Every value is escaped: names and reasons were typed by people."""

from __future__ import annotations

from html import escape

from continuity.documents import period_report_model as model
from continuity.documents.occupancy_chart import Layout
from continuity.documents.occupancy_chart import chart as chart_model
from continuity.i18n import _, current_language

CSS = """
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 10.5pt; color: #000; margin: 1.5em auto;
       max-width: 60em; line-height: 1.35; }
header { border-bottom: 1.5pt solid #000; margin-bottom: 1em; }
h1 { font-size: 18pt; margin: 0 0 .2em; }
h2 { font-size: 13pt; margin: 1.4em 0 .4em; border-bottom: .5pt solid #888; break-after: avoid; page-break-after: avoid; }
p.period { font-size: 11pt; margin: 0 0 .3em; }
p.note { font-size: 8.5pt; color: #333; }
p.generated { font-size: 8.5pt; color: #333; margin: 0 0 .6em; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .8em; font-size: 9pt; }
th, td { border: .5pt solid #777; padding: 2pt 4pt; vertical-align: top; text-align: left; }
th { background: #ddd; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; background: #eee; border-top: 1.2pt solid #000; }
svg { width: 100%; height: auto; }
svg text { font-family: inherit; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 9.5pt; }
  table, figure { break-inside: auto; }
  tr, svg { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
}
"""

NOTE_CLASS, NUMBER_CLASS, TOTAL_CLASS, BOLD = ' class="note"', ' class="n"', ' class="total"', ' font-weight="bold"'
LAYOUT = Layout(width=760.0, panel_height=70.0, panel_gap=22.0, axis_height=40.0, left_axis=34.0)


def write_html(data: dict) -> str:
    doc = model.document(data)
    parts = [f'<!DOCTYPE html>\n<html lang="{escape(current_language())}">\n<head>\n<meta charset="utf-8">\n',
             f"<title>{escape(doc.title)} — {escape(doc.ward)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
             f"<header><h1>{escape(doc.title)}</h1><p class=\"period\">{escape(doc.ward)} — {escape(doc.period)}</p>"
             f"<p class=\"generated\">{escape(doc.generated)}</p></header>\n"]
    for section in doc.sections:
        parts.append(f"<section>\n<h2>{escape(section.title)}</h2>\n")
        for block in section.blocks:
            parts.append(_block(block))
        parts.append("</section>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


def _block(block) -> str:
    if isinstance(block, model.Paragraph):
        return f"<p{NOTE_CLASS if block.note else ''}>{escape(block.text)}</p>\n"
    if isinstance(block, model.Table):
        return _table(block)
    return _svg(block)


def _table(block: model.Table) -> str:
    def cell(tag: str, i: int, text: str) -> str:
        return f"<{tag}{NUMBER_CLASS if i in block.numeric else ''}>{escape(text)}</{tag}>"

    head = "".join(cell("th", i, t) for i, t in enumerate(block.header))
    body = []
    for number, row in enumerate(block.rows, start=1):
        total = block.total and number == len(block.rows)
        body.append(f"<tr{TOTAL_CLASS if total else ''}>" + "".join(cell("td", i, t) for i, t in enumerate(row)) + "</tr>")
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n"


def _svg(block: model.Chart) -> str:
    """The same panels as the PDF's: grey area, black step line, dashed line at the unit's beds."""
    chart = chart_model(block.occupancy, block.units, block.timezone)
    plot_width, height, x0 = LAYOUT.plot_width, LAYOUT.height(len(chart.panels)), LAYOUT.left_axis
    panel_height, panel_gap = LAYOUT.panel_height, LAYOUT.panel_gap

    def x_of(fraction: float) -> str:
        return f"{x0 + fraction * plot_width:.1f}"

    out = [f'<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LAYOUT.width:.0f} {height:.0f}" role="img" '
           f'aria-label="{escape(chart.y_title)}">']
    for index, panel in enumerate(chart.panels):
        top = index * (panel_height + panel_gap) + panel_gap
        bottom = top + panel_height

        def y_of(fraction: float) -> str:
            return f"{bottom - fraction * panel_height:.1f}"

        out.append(f'<g class="unit" data-unit="{escape(panel.code)}">')
        out.append(f'<text x="{x0}" y="{top - 5:.1f}" font-size="11" font-weight="bold">{escape(panel.label)}</text>')
        out.append(f'<text x="{x0 + plot_width:.1f}" y="{top - 5:.1f}" font-size="9.5" text-anchor="end">'
                   f'{escape(_("peak {peak} of {beds} beds", peak=panel.peak, beds=panel.capacity))}</text>')
        for x, _label, major in chart.ticks:
            out.append(f'<line x1="{x_of(x)}" y1="{top:.1f}" x2="{x_of(x)}" y2="{bottom:.1f}" stroke="{"#888" if major else "#ddd"}" '
                       f'stroke-width="{0.8 if major else 0.4}"/>')
        if panel.points:
            line = " ".join(f"{x_of(x)},{y_of(y)}" for x, y in panel.points)
            out.append(f'<polygon points="{x_of(panel.points[0][0])},{bottom:.1f} {line} {x_of(panel.points[-1][0])},{bottom:.1f}" '
                       f'fill="#ccc" stroke="none"/>')
            out.append(f'<polyline class="series" data-unit="{escape(panel.code)}" points="{line}" fill="none" stroke="#000" '
                       f'stroke-width="1.4"/>')
        if panel.capacity:
            y = y_of(panel.capacity / panel.top)
            out.append(f'<line x1="{x0}" y1="{y}" x2="{x0 + plot_width:.1f}" y2="{y}" stroke="#000" stroke-width="0.8" '
                       f'stroke-dasharray="4 3"/>')
        out.append(f'<line x1="{x0}" y1="{bottom:.1f}" x2="{x0 + plot_width:.1f}" y2="{bottom:.1f}" stroke="#000"/>')
        out.append(f'<line x1="{x0}" y1="{top:.1f}" x2="{x0}" y2="{bottom:.1f}" stroke="#000"/>')
        for value in sorted({0, panel.top}):
            out.append(f'<text x="{x0 - 4}" y="{float(y_of(value / panel.top)) + 3:.1f}" font-size="9" text-anchor="end">{value}</text>')
        out.append("</g>")
    axis_y = len(chart.panels) * (panel_height + panel_gap) + panel_gap
    last_end = -1.0
    for x, label, major in chart.ticks:
        centre, width = float(x_of(x)), len(label) * 5.5
        if centre - width / 2 <= last_end:
            continue  # labels never overlap: a crowded axis drops some hours
        out.append(f'<text x="{centre:.1f}" y="{axis_y - 8:.1f}" font-size="9" text-anchor="middle"'
                   f'{BOLD if major else ""}>{escape(label)}</text>')
        last_end = centre + width / 2
    out.append(f'<text x="{x0 + plot_width / 2:.1f}" y="{axis_y + 8:.1f}" font-size="9.5" text-anchor="middle">'
               f'{escape(chart.axis_title)}</text>')
    out.append("</svg></figure>\n")
    return "".join(out)
