"""Moderation: categories, decisions, automatic actions reversed, and how long things took."""

from __future__ import annotations

from ...adapters.report_store import MODERATION, ReportStore
from ...domain import reports as domain
from ...domain.labels import CATEGORY_LABELS, DECISIONS
from ...domain.reports import DECISION_ORDER, Period, Scope, minutes_label
from .labels import REPORTS
from .model import Cell, Chart, Report, Section, Table


async def moderation(store: ReportStore, scope: Scope, period: Period) -> Report:
    sums = await store.sums(MODERATION, scope, period)
    t = sums.total
    categories = sorted((k[4:] for k in t if k.startswith("cat:")), key=lambda c: -t[f"cat:{c}"])
    cat_chart = Chart(title="Inlägg per kategori", categories=[CATEGORY_LABELS.get(c, c) for c in categories],
                      series=[("Inlägg", [float(t[f"cat:{c}"]) for c in categories])], category_heading="Kategori")
    decisions = [d for d in DECISION_ORDER if t.get(f"dec:{d}")] + sorted(
        k[4:] for k in t if k.startswith("dec:") and k[4:] not in DECISION_ORDER)
    decision_rows: list[list[Cell]] = [
        [DECISIONS.get(d, d), t[f"dec:{d}"], t.get(f"auto:{d}", 0), t[f"dec:{d}"] - t.get(f"auto:{d}", 0)]
        for d in decisions]
    decide = domain.histogram(t, "dt")
    removal = domain.histogram(t, "rm")
    after_preserved = domain.histogram(t, "rp")
    figures = [
        ("Granskade inlägg", str(t.get("tagged", 0))), ("Med minst en kategori", str(t.get("flagged", 0))),
        ("Förbjudet enligt policyn", str(t.get("forbidden", 0))),
        ("Kandidater till polisanmälan", str(t.get("police_candidate", 0))),
        ("Automatiska åtgärder", str(t.get("auto", 0))),
        ("Varav återställda av personal", str(t.get("reversed", 0))),
        ("Tid till personalens beslut, median", "högst " + minutes_label(domain.percentile(decide, 0.5))
         if decide else "–"),
        ("Tid till personalens beslut, 90:e percentil", "högst " + minutes_label(domain.percentile(decide, 0.9))
         if decide else "–"),
        ("Borttagning genomförd efter beslut (väntar på arkivet), median",
         "högst " + minutes_label(domain.percentile(removal, 0.5)) if removal else "–"),
        ("Borttagning genomförd efter att arkivet sparat inlägget, median",
         "högst " + minutes_label(domain.percentile(after_preserved, 0.5)) if after_preserved else "–"),
        ("Borttagning efter arkivets bekräftelse, 90:e percentil",
         "högst " + minutes_label(domain.percentile(after_preserved, 0.9)) if after_preserved else "–"),
    ]
    actions = sorted(k for k in t if k.startswith("act:"))
    action_rows: list[list[Cell]] = [
        [DECISIONS.get(k.split(":")[1], k.split(":")[1]),
         {"executed": "utförd", "failed": "misslyckades"}.get(k.split(":")[2], k.split(":")[2]), t[k]]
        for k in actions]
    return Report("moderering", REPORTS["moderering"], period, scope, [
        Section("Moderering", figures=figures, note="Tider räknas i klocktid från att inlägget kom in; "
                "\"högst\" är övre gränsen för intervallet värdet ligger i."),
        Section("Kategorier", chart=cat_chart if categories else None,
                tables=[] if categories else [Table("Inlägg per kategori", ["Kategori", "Inlägg"], [])]),
        Section("Beslut", tables=[Table("Beslut", ["Beslut", "totalt", "automatiska", "av personal"], decision_rows)]),
        Section("Åtgärder på plattformen", tables=[Table("Åtgärder på plattformen", ["Åtgärd", "utfall", "antal"],
                                                         action_rows)]),
    ])
