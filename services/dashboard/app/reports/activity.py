"""Volume over time and the accounts' follow-up against the pack's rules."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from ...domain import reports as domain
from ...domain.labels import local_time
from ...domain.reports import Period, Scope
from .labels import GAP_LABELS, PLATFORM_LABELS, REPORTS, TIER_LABELS, account_name, pack_for
from .model import Cell, Chart, Link, Report, Section, Table
from ...adapters.report_store import VOLUME, ReportStore


async def volume(store: ReportStore, scope: Scope, period: Period) -> Report:
    sums = await store.sums(VOLUME, scope, period, per_day=True)
    days = period.days()
    series = [("Inkomna", "in"), ("Egna inlägg", "own_posts"), ("Egna svar", "own_replies")]
    chart = Chart(title="Inkomna, egna inlägg och egna svar per dag", categories=[d[5:] for d in days],
                  series=[(name, [float(sums.days.get(d, Counter()).get(key, 0)) for d in days])
                          for name, key in series],
                  category_heading="Dag")

    def row(label: str, c: Counter[str]) -> list[Any]:
        return [label, *(c.get(key, 0) for _, key in series), c.get("in:direct_message", 0)]

    headers = ["", *(name for name, _ in series), "varav direktmeddelanden"]
    platforms = [row(PLATFORM_LABELS.get(p, p), c) for p, c in sorted(sums.platforms.items())]
    by_name = sorted(sums.accounts.items(), key=lambda kv: account_name(scope, kv[0]))
    accounts = [row(account_name(scope, k), c) for k, c in by_name]
    figures = [(name, str(sums.total.get(key, 0))) for name, key in series]
    return Report("volym", REPORTS["volym"], period, scope, [
        Section("Volym över tid", figures=figures, chart=chart),
        Section("Per plattform", tables=[Table("Per plattform", ["Plattform", *headers[1:]],
                                               [*platforms, row("Totalt", sums.total)])]),
        Section("Per konto", tables=[Table("Per konto", ["Konto", *headers[1:]], accounts)]),
    ])


async def accounts(store: ReportStore, scope: Scope, period: Period) -> Report:
    pack = pack_for(scope.municipality)
    rules = pack.registry.activity if pack else None
    sums = await store.sums(VOLUME, scope, period)
    weeks = max(1.0, len(period.days()) / 7)
    window = rules.low_activity_window_days if rules else None
    # The low-activity rule looks back its own window from the period's last day (Lidköping: 90 days).
    recent = await store.sums(VOLUME, scope, Period(period.last - timedelta(days=window - 1), period.last)) \
        if window else None
    rows: list[list[Cell]] = []
    review_rows: list[list[Cell]] = []
    gap_rows: list[list[Cell]] = []
    for acc in await store.registry_accounts(scope.municipality):
        key = domain.account_key(acc.platform, acc.platform_account_id)
        if not acc.name or not scope.allows(key) or acc.state in ("rejected", "closed"):
            continue
        posts = sums.accounts.get(key, Counter()).get("own_posts", 0)
        per_week = posts / weeks
        wanted = rules.min_posts_per_week if rules else None
        verdict = "–" if not wanted else ("uppfyller" if per_week >= wanted else "under kravet")
        if recent is not None and rules and rules.low_activity_min_posts:
            in_window = recent.accounts.get(key, Counter()).get("own_posts", 0)
            low = in_window < rules.low_activity_min_posts
            verdict = (verdict + "; " if wanted else "") + (
                ("låg aktivitet " if low else "") + f"({in_window} inlägg på {window} dagar)")
        href = f"/register/{quote(str(acc.id), safe='')}"
        name = Link(acc.name, href)
        tier = acc.tier or ""
        rows.append([name, TIER_LABELS.get(tier, tier), posts,
                     f"{per_week:.1f}".replace(".", ","), f"{wanted:g}" if wanted else "–", verdict,
                     "; ".join(acc.close_recommended) or "–"])
        if acc.review_due_at:
            review_rows.append([name, local_time(acc.review_due_at, "%Y-%m-%d"),
                                "försenad" if acc.review_overdue else "ska göras"])
        if acc.gaps:
            gap_rows.append([name, "; ".join(GAP_LABELS.get(g, g.replace("_", " ")) for g in acc.gaps)])
    rule = f"Policypaketet kräver minst {rules.min_posts_per_week:g} egna inlägg i veckan." \
        if rules and rules.min_posts_per_week else "Policypaketet anger inget krav på uppdateringar per vecka."
    if window and rules and rules.low_activity_min_posts:
        rule += f" Låg aktivitet: färre än {rules.low_activity_min_posts} egna inlägg på {window} dagar."
    return Report("konton", REPORTS["konton"], period, scope, [
        Section("Aktivitet mot policyn", note=rule, tables=[Table(
            "Aktivitet per konto", ["Konto", "typ", "egna inlägg", "per vecka", "krav per vecka", "bedömning",
                                    "rekommenderas att stängas"], rows)]),
        Section("Översyner att göra", tables=[Table("Översyner att göra", ["Konto", "senast", "läge"], review_rows)]),
        Section("Luckor i ansvaret", tables=[Table("Luckor i ansvaret", ["Konto", "lucka"], gap_rows)]),
    ])
