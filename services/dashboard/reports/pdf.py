"""The monthly report for the board as PDF/A-2B: every report's key figures and tables."""

from __future__ import annotations

from datetime import datetime

from fpdf.fonts import FontFace

from shared import pdfa

from ..domain import local_time
from .domain import Period
from .model import Report, Table


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
            tables = ([Table(section.heading, ["Mått", "Värde"], [[k, v] for k, v in section.figures])]
                      if section.figures else [])
            if section.chart:
                tables.append(section.chart.table())
            for table in [*tables, *section.tables]:
                _table(pdf, table)
    return bytes(pdf.output())


def _table(pdf, table: Table) -> None:  # type: ignore[no-untyped-def]
    pdf.ln(2)
    pdf.set_font(pdfa.FONT, "B", 10)
    pdf.multi_cell(0, 5, table.title, new_x="LMARGIN", new_y="NEXT")
    if not table.rows:
        pdf.set_font(pdfa.FONT, "", 9)
        pdf.multi_cell(0, 5, "Inget att redovisa för perioden.", new_x="LMARGIN", new_y="NEXT")
        return
    pdf.set_font(pdfa.FONT, "", 8 if len(table.headers) > 5 else 9)
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
