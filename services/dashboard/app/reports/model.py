"""The shape every report has, whatever renders it (page, CSV, PDF): sections with a few
key figures, an optional chart, and tables. A chart's figures are also a table, so the
page can put the same numbers beside the picture."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...domain.reports import Period, Scope


@dataclass(frozen=True)
class Link:
    text: str
    href: str

    def __str__(self) -> str:
        return self.text


Cell = str | int | Link


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Cell]]
    note: str = ""


@dataclass
class Chart:
    """Bars per category, one bar per series (at most four: told apart by fill, not colour)."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    unit: str = "st"
    category_heading: str = ""

    def table(self) -> Table:
        rows: list[list[Cell]] = []
        for i, category in enumerate(self.categories):
            rows.append([category, *(_number(values[i], self.unit) for _, values in self.series)])
        headers = [self.category_heading or "", *(f"{name} ({self.unit})" for name, _ in self.series)]
        return Table(title=self.title, headers=headers, rows=rows)


def _number(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value:.0f}"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")


@dataclass
class Section:
    heading: str
    figures: list[tuple[str, str]] = field(default_factory=list)
    chart: Chart | None = None
    tables: list[Table] = field(default_factory=list)
    note: str = ""


@dataclass
class Report:
    slug: str
    title: str
    period: Period
    scope: Scope
    sections: list[Section]

    def all_tables(self) -> list[Table]:
        """Every figure of the report as tables (the CSV): key figures, charts, tables."""
        out: list[Table] = []
        for section in self.sections:
            if section.figures:
                out.append(Table(title=section.heading, headers=["Mått", "Värde"],
                                 rows=[[label, value] for label, value in section.figures]))
            if section.chart:
                out.append(section.chart.table())
            out.extend(section.tables)
        return out
