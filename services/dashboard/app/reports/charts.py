"""Charts drawn on the server as SVG: no script, nothing from the internet, nothing the
strict CSP blocks (presentation attributes, never `style`). Series are told apart by
fill pattern and shade, so a grayscale print reads as well as the screen. Every chart
has the same figures as a table beside it (model.Chart.table)."""

from __future__ import annotations

from markupsafe import Markup, escape

from .model import Chart

# Fill of each series: solid black, mid gray, diagonal hatch, dots (then repeated).
FILLS = ["#1f1f1f", "#8a8a8a", "url(#kv-hatch)", "url(#kv-dots)"]
DEFS = ('<defs><pattern id="kv-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#1f1f1f" stroke-width="2.5"/></pattern>'
        '<pattern id="kv-dots" width="5" height="5" patternUnits="userSpaceOnUse"><rect width="5" height="5" '
        'fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1.3" fill="#1f1f1f"/></pattern></defs>')
TEXT = 'font-family="sans-serif" fill="#1f1f1f"'


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 25_000, 50_000, 100_000):
        if value <= step * 5:
            return float(step * 5)
    return float(value)


def _fmt(value: float, unit: str) -> str:
    text = f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}".replace(".", ",")
    return f"{text} %" if unit == "%" else text


def render(chart: Chart, chart_id: str) -> Markup:
    """Horizontal bars when the categories are few (their labels read in full), columns
    when there are many (days of a month)."""
    if len(chart.categories) > 16:
        return _columns(chart, chart_id)
    return _bars(chart, chart_id)


def _frame(chart: Chart, chart_id: str, width: int, height: int, body: list[str]) -> Markup:
    title = escape(chart.title)
    desc = escape(f"Diagram. Samma siffror finns i tabellen under diagrammet. Enhet: {chart.unit}.")
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" class="chart">'
        f'<title id="{chart_id}-t">{title}</title><desc id="{chart_id}-d">{desc}</desc>{DEFS}'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>' + "".join(body) + "</svg>")


def _legend(chart: Chart, x: int, y: int) -> list[str]:
    out = []
    for i, (name, _) in enumerate(chart.series):
        left = x + i * 190
        out.append(f'<rect x="{left}" y="{y - 11}" width="14" height="14" fill="{FILLS[i % 4]}" stroke="#1f1f1f"/>')
        out.append(f'<text x="{left + 20}" y="{y}" font-size="13" {TEXT}>{escape(name)}</text>')
    return out


def _bars(chart: Chart, chart_id: str) -> Markup:
    label_w, plot_w, bar_h, gap = 230, 420, 16, 10
    n_series = max(1, len(chart.series))
    group_h = n_series * bar_h + gap
    top = 34
    height = top + max(1, len(chart.categories)) * group_h + 30
    width = label_w + plot_w + 70
    peak = 100.0 if chart.unit == "%" else _nice_max(max((v for _, vs in chart.series for v in vs), default=0))
    body = _legend(chart, label_w, 18)
    for tick in range(0, 6):
        x = label_w + plot_w * tick / 5
        body.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 24}" stroke="#c8c8c8"/>')
        body.append(f'<text x="{x:.1f}" y="{height - 8}" font-size="11" text-anchor="middle" {TEXT}>'
                    f'{escape(_fmt(peak * tick / 5, chart.unit))}</text>')
    for c, category in enumerate(chart.categories):
        y0 = top + c * group_h
        label = category if len(category) <= 32 else category[:31] + "…"
        body.append(f'<text x="{label_w - 8}" y="{y0 + n_series * bar_h / 2 + 4:.1f}" font-size="12" '
                    f'text-anchor="end" {TEXT}>{escape(label)}</text>')
        for s, (_, values) in enumerate(chart.series):
            value = values[c]
            w = plot_w * min(value, peak) / peak if peak else 0
            y = y0 + s * bar_h
            body.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h - 2}" fill="{FILLS[s % 4]}" '
                        f'stroke="#1f1f1f" stroke-width="0.8"/>')
            body.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 5}" font-size="11" {TEXT}>'
                        f'{escape(_fmt(value, chart.unit))}</text>')
    return _frame(chart, chart_id, width, height, body)


def _columns(chart: Chart, chart_id: str) -> Markup:
    left, plot_h, top = 50, 220, 34
    n = len(chart.categories)
    n_series = max(1, len(chart.series))
    slot = max(6, min(36, 700 // max(1, n)))
    col_w = max(2.0, (slot - 3) / n_series)
    width = left + n * slot + 20
    height = top + plot_h + 46
    peak = 100.0 if chart.unit == "%" else _nice_max(max((v for _, vs in chart.series for v in vs), default=0))
    body = _legend(chart, left, 18)
    base = top + plot_h
    for tick in range(0, 6):
        y = base - plot_h * tick / 5
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#c8c8c8"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" {TEXT}>'
                    f'{escape(_fmt(peak * tick / 5, chart.unit))}</text>')
    every = max(1, n // 10)  # label every few days so the labels do not overlap
    for c, category in enumerate(chart.categories):
        x0 = left + c * slot + 1.5
        for s, (_, values) in enumerate(chart.series):
            h = plot_h * min(values[c], peak) / peak if peak else 0
            body.append(f'<rect x="{x0 + s * col_w:.1f}" y="{base - h:.1f}" width="{col_w:.1f}" height="{h:.1f}" '
                        f'fill="{FILLS[s % 4]}" stroke="#1f1f1f" stroke-width="0.5"/>')
        if c % every == 0:
            body.append(f'<text x="{x0 + slot / 2 - 1.5:.1f}" y="{base + 16}" font-size="11" text-anchor="middle" '
                        f'{TEXT}>{escape(category)}</text>')
    return _frame(chart, chart_id, width, height, body)
