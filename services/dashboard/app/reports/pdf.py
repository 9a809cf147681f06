"""The monthly report for the board as PDF/A-2B: every report's key figures and tables."""

from __future__ import annotations

from datetime import datetime

from fpdf.fonts import FontFace

from shared import pdfa

from ...domain.labels import local_time
from ...domain.reports import Period
from .model import Chart, Report, Table

# Gray levels of the series (black, mid gray, light gray, white): readable printed in black and white.
SHADES = [35, 135, 205, 255]


def render(reports: list[Report], *, municipality_name: str, period: Period, generated_at: datetime) -> bytes:
    pdf = pdfa.document(f"Månadsrapport {period.label} – {municipality_name}", author=municipality_name)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font(pdfa.FONT, "B", 18)
    pdf.multi_cell(0, 9, f"Sociala medier: månadsrapport {period.label}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdfa.FONT, "", 10)
    scope = reports[0].scope.label if reports else ""
    pdf.multi_cell(0, 5, f"{municipality_name} · {scope} · {period.first.isoformat()} – {period.last.isoformat()} · "
                         f"skapad {local_time(generated_at)}", new_x="LMARGIN", new_y="NEXT")
    for report in reports:
        pdf.ln(4)
        pdf.set_font(pdfa.FONT, "B", 14)
        pdf.multi_cell(0, 7, report.title, new_x="LMARGIN", new_y="NEXT")
        for section in report.sections:
            if section.note:
                pdf.set_font(pdfa.FONT, "", 9)
                pdf.multi_cell(0, 4.5, section.note, new_x="LMARGIN", new_y="NEXT")
            if section.figures:
                _table(pdf, Table(section.heading, ["Mått", "Värde"], [[k, v] for k, v in section.figures]))
            if section.chart and section.chart.categories:
                _chart(pdf, section.chart)
                _table(pdf, section.chart.table())  # the same figures, as in the page
            for table in section.tables:
                _table(pdf, table)
    return bytes(pdf.output())


def _table(pdf, table: Table) -> None:
    pdf.ln(2)
    pdf.set_font(pdfa.FONT, "B", 10)
    pdf.multi_cell(0, 5, table.title, new_x="LMARGIN", new_y="NEXT")
    if not table.rows:
        pdf.set_font(pdfa.FONT, "", 9)
        pdf.multi_cell(0, 5, "Inget att redovisa för perioden.", new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font(pdfa.FONT, "", 8 if len(table.headers) > 5 else 9)
    pdf.set_fill_color(255)  # a chart's last shade would otherwise fill the table's cells
    with pdf.table(headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)), line_height=4.5,
                   first_row_as_headings=True) as grid:
        head = grid.row()
        for heading in table.headers:
            head.cell(str(heading))
        for row in table.rows:
            line = grid.row()
            for cell in row:
                line.cell(str(cell))
    if table.note:
        pdf.set_font(pdfa.FONT, "", 8)
        pdf.multi_cell(0, 4, table.note, new_x="LMARGIN", new_y="NEXT")


def _chart(pdf, chart: Chart) -> None:
    """The chart as bars drawn in the PDF itself (vector, no image), shades told apart in gray."""
    values = [v for _, vs in chart.series for v in vs]
    peak = 100.0 if chart.unit == "%" else max(max(values, default=0), 1)
    many = len(chart.categories) > 16
    height = 48 if many else 8 + len(chart.categories) * (3.2 * len(chart.series) + 2)
    if pdf.get_y() + height + 12 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(pdfa.FONT, "B", 10)
    pdf.multi_cell(0, 5, chart.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(pdfa.FONT, "", 7)
    x0, y0 = pdf.l_margin, pdf.get_y() + 1
    for i, (name, _) in enumerate(chart.series):  # legend
        pdf.set_fill_color(SHADES[i % 4])
        pdf.rect(x0 + i * 45, y0, 3, 3, style="DF")
        pdf.text(x0 + i * 45 + 4.5, y0 + 2.6, name)
    top = y0 + 6
    if many:
        width, plot_h = pdf.epw - 10, 36
        slot = width / len(chart.categories)
        bar = max(0.4, (slot - 0.6) / len(chart.series))
        for c, category in enumerate(chart.categories):
            for s_i, (_, vs) in enumerate(chart.series):
                h = plot_h * min(vs[c], peak) / peak
                if h > 0:
                    pdf.set_fill_color(SHADES[s_i % 4])
                    pdf.rect(x0 + 10 + c * slot + s_i * bar, top + plot_h - h, bar, h, style="DF")
            if c % max(1, len(chart.categories) // 10) == 0:
                pdf.text(x0 + 10 + c * slot, top + plot_h + 3, category)
        pdf.text(x0, top + 2, f"{peak:g}")
        pdf.line(x0 + 10, top + plot_h, x0 + 10 + width, top + plot_h)
        pdf.set_y(top + plot_h + 5)
        return
    label_w, plot_w, bar_h = 55, pdf.epw - 75, 3.0
    y = top
    for c, category in enumerate(chart.categories):
        pdf.text(x0, y + bar_h * len(chart.series) / 2 + 1, category[:40])
        for s_i, (_, vs) in enumerate(chart.series):
            w = plot_w * min(vs[c], peak) / peak
            pdf.set_fill_color(SHADES[s_i % 4])
            if w > 0:
                pdf.rect(x0 + label_w, y, w, bar_h - 0.4, style="DF")
            text = f"{vs[c]:.0f}" + (" %" if chart.unit == "%" else "")
            pdf.text(x0 + label_w + w + 1.5, y + bar_h - 0.8, text)
            y += bar_h
        y += 2
    pdf.set_y(y + 1)
