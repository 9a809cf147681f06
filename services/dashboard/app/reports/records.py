"""Registration and records (stored, registered, culled, culling runs) and crisis broadcasts."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any
from urllib.parse import quote

from ...adapters.report_store import CULLING_RUNS, RECORDS, DeliveryRow, ReportStore, RequestRow
from ...domain import reports as domain
from ...domain.labels import local_time
from ...domain.reports import Period, Scope, minutes_label
from .labels import REPORTS, account_name
from .model import Cell, Chart, Link, Report, Section, Table


async def records(store: ReportStore, scope: Scope, period: Period) -> Report:
    sums = await store.sums(RECORDS, scope, period)
    t = sums.total
    boards = sorted(k[6:] for k in t if k.startswith("board:"))
    chart = Chart(title="Registrerade handlingar per nämnd",
                  categories=[b if b != "-" else "Ingen nämnd" for b in boards],
                  series=[("Registrerade", [float(t[f"board:{b}"]) for b in boards])], category_heading="Nämnd")
    figures = [("Arkiverade handlingar", str(t.get("stored", 0))), ("varav inkomna", str(t.get("stored:inkommen", 0))),
               ("varav upprättade", str(t.get("stored:upprattad", 0))),
               ("Registrerade (diarieförda)", str(t.get("registered", 0))),
               ("varav registrerade för hand", str(t.get("manual", 0))), ("Gallrade", str(t.get("culled", 0)))]
    runs_sums = await store.sums(CULLING_RUNS, scope, period)
    run_rows: list[list[Cell]] = []
    for run_id, c in sorted(runs_sums.accounts.items()):
        run = run_id.partition(":")[2]
        rules = ", ".join(f"{k[5:]} ({v})" for k, v in sorted(c.items()) if k.startswith("rule:"))
        decisions = ", ".join(k[9:] for k in sorted(c) if k.startswith("decision:"))
        run_rows.append([Link(run, f"/arkiv/gallring/{quote(run, safe='')}"), c.get("culled", 0), decisions, rules])
    requests = await store.requests_decided(scope, period)
    per_account: list[list[Cell]] = [
        [account_name(scope, k), c.get("stored", 0), c.get("registered", 0), c.get("culled", 0)]
        for k, c in sorted(sums.accounts.items(), key=lambda kv: account_name(scope, kv[0]))]
    return Report("arkiv", REPORTS["arkiv"], period, scope, [
        Section("Registrering och arkiv", figures=figures, chart=chart if boards else None),
        request_section(requests),
        Section("Per konto", tables=[Table("Per konto", ["Konto", "arkiverade", "registrerade", "gallrade"],
                                           per_account)]),
        Section("Gallringskörningar", tables=[Table("Gallringskörningar", ["Körning", "gallrade", "beslut", "regler"],
                                                    run_rows)]),
    ])


def _nearest_rank(sorted_values: list[float], q: float) -> str:
    """Nearest-rank percentile, as the response-time report counts (wall-clock hours here)."""
    if not sorted_values:
        return "–"
    return f"{sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]:.1f}"


OUTCOMES = {"hel": "lämnas ut", "delvis": "lämnas ut delvis", "avslag": "avslag"}


def request_section(requests: list[RequestRow]) -> Section:
    """Requests for allmän handling decided in the period: how fast, against the pack's
    "skyndsamt" time (the archive's own clock), and with what outcome."""
    hours = sorted((r.decided_at - r.received_at).total_seconds() / 3600 for r in requests)
    late = [r for r in requests if r.decided_at > r.due_at]
    outcomes = Counter(r.outcome for r in requests)
    figures = [("Avgjorda begäranden om allmän handling", str(len(requests))),
               ("avgjorda i tid", str(len(requests) - len(late))), ("avgjorda för sent", str(len(late))),
               *((f"varav {OUTCOMES.get(o, o)}", str(n)) for o, n in sorted(outcomes.items())),
               ("Median, timmar från begäran till beslut", _nearest_rank(hours, 0.5)),
               ("90:e percentilen, timmar", _nearest_rank(hours, 0.9))]
    rows: list[list[Cell]] = [
        [Link(r.request_id, f"/arkiv/begaran/{quote(r.request_id, safe='')}"), local_time(r.received_at),
         local_time(r.due_at), local_time(r.decided_at), OUTCOMES.get(r.outcome, r.outcome),
         "för sent" if r in late else "i tid"] for r in sorted(requests, key=lambda r: r.received_at)]
    return Section("Begäran om allmän handling", figures=figures, tables=[Table(
        "Begäranden", ["Begäran", "inkom", "skulle avgöras", "avgjordes", "beslut", "i tid"], rows)])


def channel_label(scope: Scope, delivery: DeliveryRow) -> str:
    channel = delivery.channel
    if channel == "website":
        return "Webbplatsen"
    if channel == "cms":
        return "Webbpubliceringen (CMS)"
    if delivery.platform and delivery.account_id:
        return account_name(scope, domain.account_key(delivery.platform, delivery.account_id))
    return channel


async def crisis(store: ReportStore, scope: Scope, period: Period) -> Report:
    broadcasts = await store.broadcasts(scope, period, limit=50)
    deliveries = await store.deliveries([b.broadcast_id for b in broadcasts])
    rows, chart = [], None
    for b in broadcasts:
        channels: dict[str, dict[str, Any]] = {}
        for d in sorted((d for d in deliveries if d.broadcast_id == b.broadcast_id), key=lambda d: d.at):
            if scope.accounts is not None and d.account_id and \
                    not scope.allows(domain.account_key(d.platform or "", d.account_id)):
                continue
            entry = channels.setdefault(d.delivery_id, {"label": channel_label(scope, d), "state": d.state})
            entry["state"] = d.state
            if d.state == "confirmed" and "confirmed_at" not in entry:
                entry["confirmed_at"] = d.at
        for entry in channels.values():
            delay = int((entry["confirmed_at"] - b.approved_at).total_seconds() // 60) \
                if "confirmed_at" in entry else None
            entry["delay"] = delay
            rows.append([Link(b.title, f"/kris/{quote(b.broadcast_id, safe='')}"), local_time(b.approved_at),
                         entry["label"], {"confirmed": "bekräftad", "failed": "misslyckades", "sent": "skickad",
                                          "queued": "i kö", "retrying": "försöker igen",
                                          "cancelled": "stoppad"}.get(entry["state"], entry["state"]),
                         local_time(entry.get("confirmed_at")), minutes_label(delay)])
        if chart is None and channels:  # the newest broadcast, as a picture
            confirmed = [e for e in channels.values() if e["delay"] is not None]
            chart = Chart(title=f"Minuter från godkännande till bekräftad publicering: {b.title}",
                          categories=[e["label"] for e in confirmed],
                          series=[("Minuter", [float(e["delay"]) for e in confirmed])], unit="min",
                          category_heading="Kanal")
    return Report("kris", REPORTS["kris"], period, scope, [
        Section("Krisutskick", figures=[("Godkända utskick", str(len(broadcasts)))],
                chart=chart if chart and chart.categories else None),
        Section("Publicering per kanal", tables=[Table(
            "Publicering per kanal", ["Utskick", "godkänt", "kanal", "läge", "bekräftad", "tid från godkännande"],
            rows)]),
    ])
