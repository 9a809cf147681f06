"""The reports, built from the projection's counters: response times, volume, moderation,
account follow-up, registration and records, crisis broadcasts, and the month at a glance."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import quote

from shared.policy.loader import load_pack
from shared.policy.model import PolicyPack
from shared.policy.sections.moderation import TierTargets, WorkingTime

from ..domain import CATEGORY_LABELS, DECISIONS, local_time
from . import domain
from .domain import CLOCK_LABELS, DECISION_ORDER, ClockFigures, Period, Scope, minutes_label, percent_label
from .model import Chart, Link, Report, Section, Table
from .projection import CULLING_RUNS, MODERATION, RECORDS, VOLUME, ReportStore

PLATFORM_LABELS = {"facebook": "Facebook", "instagram": "Instagram", "linkedin": "LinkedIn", "x": "X",
                   "youtube": "YouTube", "vimeo": "Vimeo", "web": "Webbformulär"}
TIER_LABELS = {"municipality_wide": "kommunövergripande", "local": "lokalt"}
GAP_LABELS = {"no_administrators": "för få administratörer", "too_few_administrators": "för få administratörer",
              "no_substitute": "ersättare saknas", "no_responsible_editor": "ansvarig redaktör saknas",
              "no_crisis_plan": "krisplan saknas", "no_platform_account_id": "kontots id på plattformen saknas",
              "no_url": "officiell adress saknas", "no_responsible_function": "ansvarig funktion saknas",
              "no_routines": "rutiner saknas", "no_login_reported": "inloggning inte rapporterad"}

REPORTS = {  # slug: title, in the order of the reports menu
    "svarstider": "Svarstider",
    "volym": "Volym",
    "moderering": "Moderering",
    "konton": "Uppföljning av konton",
    "arkiv": "Registrering och arkiv",
    "kris": "Krisutskick",
}


@lru_cache(maxsize=16)
def pack_for(municipality: str) -> PolicyPack | None:
    try:
        return load_pack(municipality)
    except (FileNotFoundError, ValueError):
        return None


def account_name(scope: Scope, key: str) -> str:
    if key in scope.names:
        return scope.names[key]
    platform, _, account = key.partition(":")
    return f"{PLATFORM_LABELS.get(platform, platform)} {account}".strip() or "Utan konto"


def _working(target: WorkingTime) -> str:
    if target.working_hours is not None:
        return f"{target.working_hours:g} arbetstimmar"
    days = target.working_days or 0
    return f"{days:g} arbetsdag" + ("ar" if days != 1 else "")


def targets_text(pack: PolicyPack | None) -> str:
    sla = pack.moderation.sla if pack else None
    if sla is None:
        return "Policypaketet anger inga svarstider."

    def tier(label: str, t: TierTargets) -> str:
        return f"{label}: första återkoppling inom {_working(t.first_feedback)}, svar inom {_working(t.answer)}"

    return (tier("Kommunövergripande konto", sla.municipality_wide) + "; " + tier("lokalt konto", sla.local)
            + ". Tiden räknas i arbetstid (kontorstider, helgdagar undantagna) som svarsklockan räknar den.")


def _clock_cells(f: ClockFigures) -> list[str | int]:
    return [f.in_time, percent_label(f.share_in_time), minutes_label(f.median), minutes_label(f.p90),
            f.late, f.breached, f.open]


def _group_cells(counters: Counter[str], clock: str) -> list[str | int]:
    f = domain.clock_figures(counters, clock)
    head: list[str | int] = [f.questions] if clock == "first_feedback" else []
    return [*head, f"{percent_label(f.share_in_time)} ({f.in_time})", minutes_label(f.median)]


CLOCK_HEADERS = ["inom målet", "andel inom målet", "median", "90:e percentil", "klar efter målet", "försenade",
                 "pågår"]


async def response_times(store: ReportStore, scope: Scope, period: Period) -> Report:
    sums = await store.sums(MODERATION, scope, period)
    total = {clock: domain.clock_figures(sums.total, clock) for clock in CLOCK_LABELS}
    figures = [("Frågor", str(total["first_feedback"].questions))]
    if holiday := sums.total.get("ff:holiday", 0):
        figures.append(("Varav med semesterlägets längre svarstider", str(holiday)))
    for clock, f in total.items():
        figures += [(f"{CLOCK_LABELS[clock]} inom målet", f"{percent_label(f.share_in_time)} ({f.in_time} av {f.questions})"),
                    (f"{CLOCK_LABELS[clock]}, median", minutes_label(f.median)),
                    (f"{CLOCK_LABELS[clock]}, 90:e percentil", minutes_label(f.p90))]
    keys = sorted((k for k, c in sums.accounts.items() if c.get("q")), key=lambda k: account_name(scope, k))
    rows: dict[str, list[Any]] = {clock: [] for clock in CLOCK_LABELS}
    shares: dict[str, list[float]] = {clock: [] for clock in CLOCK_LABELS}
    for key in keys:
        for clock in CLOCK_LABELS:
            f = domain.clock_figures(sums.accounts[key], clock)
            rows[clock].append([account_name(scope, key), f.questions, *_clock_cells(f)])
            shares[clock].append(round((f.share_in_time or 0) * 100))
    for clock, f in total.items():
        rows[clock].append(["Totalt", f.questions, *_clock_cells(f)])
    group_tables = []
    for heading, groups, missing in (("nämnd", scope.boards, "Utan nämnd"), ("enhet", scope.units, "Utan enhet")):
        grouped = domain.group_by({k: c for k, c in sums.accounts.items() if c.get("q")}, groups, missing=missing)
        group_rows = [[name, *(cell for clock in CLOCK_LABELS for cell in _group_cells(grouped[name], clock))]
                      for name in sorted(grouped)]
        group_tables.append(Table(
            title=f"Inom målet per {heading}", rows=group_rows,
            headers=[heading.capitalize(), "frågor", "första återkoppling inom målet", "median", "svar inom målet",
                     "median"]))
    breaches = await store.listed("breach", scope, period, limit=200)
    breach_rows = [[local_time(b.get("started_at")), account_name(scope, domain.account_key(b["platform"], b["account"])),
                    CLOCK_LABELS.get(b.get("clock", ""), b.get("clock", "")), local_time(b.get("due_at")),
                    Link("Öppna", f"/moderering/{quote(b['item_event_id'], safe='')}")] for b in breaches]
    chart = Chart(title="Andel frågor med återkoppling och svar inom målet, per konto",
                  categories=[account_name(scope, k) for k in keys],
                  series=[(CLOCK_LABELS[c], [float(v) for v in shares[c]]) for c in CLOCK_LABELS], unit="%",
                  category_heading="Konto")
    sections = [
        Section("Svarstider mot policyn", figures=figures, chart=chart if keys else None,
                note=targets_text(pack_for(scope.municipality))),
        *(Section(f"{CLOCK_LABELS[clock]} per konto", tables=[Table(
            title=f"{CLOCK_LABELS[clock]} per konto", headers=["Konto", "frågor", *CLOCK_HEADERS], rows=rows[clock],
            note="Median och percentil räknas i arbetstid på hela minuter; en försenad fråga räknas som över målet.")])
          for clock in CLOCK_LABELS),
        Section("Per nämnd och enhet", tables=group_tables),
        Section("Försenade frågor", tables=[Table(
            title="Försenade frågor", headers=["Inkom", "Konto", "Klocka", "Tidsgräns", "Inlägget"], rows=breach_rows,
            note="" if len(breaches) < 200 else "De 200 senaste visas.")]),
    ]
    return Report("svarstider", REPORTS["svarstider"], period, scope, sections)


async def volume(store: ReportStore, scope: Scope, period: Period) -> Report:
    sums = await store.sums(VOLUME, scope, period, per_day=True)
    days = period.days()
    series = [("Inkomna", "in"), ("Egna inlägg", "own_posts"), ("Egna svar", "own_replies")]
    chart = Chart(title="Inkomna, egna inlägg och egna svar per dag", categories=[d[5:] for d in days],
                  series=[(name, [float(sums.days.get(d, Counter()).get(key, 0)) for d in days]) for name, key in series],
                  category_heading="Dag")

    def row(label: str, c: Counter[str]) -> list[Any]:
        return [label, *(c.get(key, 0) for _, key in series), c.get("in:direct_message", 0)]

    headers = ["", *(name for name, _ in series), "varav direktmeddelanden"]
    platforms = [row(PLATFORM_LABELS.get(p, p), c) for p, c in sorted(sums.platforms.items())]
    accounts = [row(account_name(scope, k), c) for k, c in sorted(sums.accounts.items(), key=lambda kv: account_name(scope, kv[0]))]
    figures = [(name, str(sums.total.get(key, 0))) for name, key in series]
    return Report("volym", REPORTS["volym"], period, scope, [
        Section("Volym över tid", figures=figures, chart=chart),
        Section("Per plattform", tables=[Table("Per plattform", ["Plattform", *headers[1:]], platforms + [row("Totalt", sums.total)])]),
        Section("Per konto", tables=[Table("Per konto", ["Konto", *headers[1:]], accounts)]),
    ])


async def moderation(store: ReportStore, scope: Scope, period: Period) -> Report:
    sums = await store.sums(MODERATION, scope, period)
    t = sums.total
    categories = sorted((k[4:] for k in t if k.startswith("cat:")), key=lambda c: -t[f"cat:{c}"])
    cat_chart = Chart(title="Inlägg per kategori", categories=[CATEGORY_LABELS.get(c, c) for c in categories],
                      series=[("Inlägg", [float(t[f"cat:{c}"]) for c in categories])], category_heading="Kategori")
    decisions = [d for d in DECISION_ORDER if t.get(f"dec:{d}")] + sorted(
        k[4:] for k in t if k.startswith("dec:") and k[4:] not in DECISION_ORDER)
    decision_rows = [[DECISIONS.get(d, d), t[f"dec:{d}"], t.get(f"auto:{d}", 0), t[f"dec:{d}"] - t.get(f"auto:{d}", 0)]
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
    action_rows = [[DECISIONS.get(k.split(":")[1], k.split(":")[1]),
                    {"executed": "utförd", "failed": "misslyckades"}.get(k.split(":")[2], k.split(":")[2]), t[k]]
                   for k in actions]
    return Report("moderering", REPORTS["moderering"], period, scope, [
        Section("Moderering", figures=figures, note="Tider räknas i klocktid från att inlägget kom in; "
                "\"högst\" är övre gränsen för intervallet värdet ligger i."),
        Section("Kategorier", chart=cat_chart if categories else None),
        Section("Beslut", tables=[Table("Beslut", ["Beslut", "totalt", "automatiska", "av personal"], decision_rows)]),
        Section("Åtgärder på plattformen", tables=[Table("Åtgärder på plattformen", ["Åtgärd", "utfall", "antal"],
                                                         action_rows)]),
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
    rows, review_rows, gap_rows = [], [], []
    for acc in await store.registry_accounts(scope.municipality):
        key = domain.account_key(acc.get("platform", ""), acc.get("platform_account_id", ""))
        if not acc.get("name") or not scope.allows(key) or acc.get("state") in ("rejected", "closed"):
            continue
        posts = sums.accounts.get(key, Counter()).get("own_posts", 0)
        per_week = posts / weeks
        wanted = rules.min_posts_per_week if rules else None
        verdict = "–" if not wanted else ("uppfyller" if per_week >= wanted else "under kravet")
        if recent is not None and rules and rules.low_activity_min_posts:
            in_window = recent.accounts.get(key, Counter()).get("own_posts", 0)
            low = in_window < rules.low_activity_min_posts
            verdict = (verdict + "; " if wanted else "") + (
                f"låg aktivitet ({in_window} inlägg på {window} dagar)" if low else f"{in_window} inlägg på {window} dagar")
        href = f"/register/{quote(str(acc['_id']), safe='')}"
        name = Link(acc["name"], href)
        rows.append([name, TIER_LABELS.get(acc.get("tier", ""), acc.get("tier", "")), posts,
                     f"{per_week:.1f}".replace(".", ","), f"{wanted:g}" if wanted else "–", verdict,
                     "; ".join(acc.get("close_recommended") or []) or "–"])
        if acc.get("review_due_at"):
            review_rows.append([name, local_time(acc["review_due_at"], "%Y-%m-%d"),
                                "försenad" if acc.get("review_overdue") else "ska göras"])
        if acc.get("gaps"):
            gap_rows.append([name, "; ".join(GAP_LABELS.get(g, g.replace("_", " ")) for g in acc["gaps"])])
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


async def records(store: ReportStore, scope: Scope, period: Period) -> Report:
    sums = await store.sums(RECORDS, scope, period)
    t = sums.total
    boards = sorted(k[6:] for k in t if k.startswith("board:"))
    chart = Chart(title="Registrerade handlingar per nämnd", categories=[b if b != "-" else "Ingen nämnd" for b in boards],
                  series=[("Registrerade", [float(t[f"board:{b}"]) for b in boards])], category_heading="Nämnd")
    figures = [("Arkiverade handlingar", str(t.get("stored", 0))), ("varav inkomna", str(t.get("stored:inkommen", 0))),
               ("varav upprättade", str(t.get("stored:upprattad", 0))), ("Registrerade (diarieförda)", str(t.get("registered", 0))),
               ("varav registrerade för hand", str(t.get("manual", 0))), ("Gallrade", str(t.get("culled", 0)))]
    runs_sums = await store.sums(CULLING_RUNS, scope, period)
    run_rows = []
    for run_id, c in sorted(runs_sums.accounts.items()):
        run = run_id.partition(":")[2]
        rules = ", ".join(f"{k[5:]} ({v})" for k, v in sorted(c.items()) if k.startswith("rule:"))
        decisions = ", ".join(k[9:] for k in sorted(c) if k.startswith("decision:"))
        run_rows.append([Link(run, f"/arkiv/gallring/{quote(run, safe='')}"), c.get("culled", 0), decisions, rules])
    per_account = [[account_name(scope, k), c.get("stored", 0), c.get("registered", 0), c.get("culled", 0)]
                   for k, c in sorted(sums.accounts.items(), key=lambda kv: account_name(scope, kv[0]))]
    return Report("arkiv", REPORTS["arkiv"], period, scope, [
        Section("Registrering och arkiv", figures=figures, chart=chart if boards else None,
                note="Begäran om allmän handling och deras handläggningstider visas här när tjänsten publicerar dem."),
        Section("Per konto", tables=[Table("Per konto", ["Konto", "arkiverade", "registrerade", "gallrade"], per_account)]),
        Section("Gallringskörningar", tables=[Table("Gallringskörningar", ["Körning", "gallrade", "beslut", "regler"],
                                                    run_rows)]),
    ])


def channel_label(scope: Scope, delivery: dict[str, Any]) -> str:
    channel = str(delivery.get("channel", ""))
    if channel == "website":
        return "Webbplatsen"
    if channel == "cms":
        return "Webbpubliceringen (CMS)"
    if delivery.get("platform") and delivery.get("account_id"):
        return account_name(scope, domain.account_key(delivery["platform"], delivery["account_id"]))
    return channel


async def crisis(store: ReportStore, scope: Scope, period: Period) -> Report:
    broadcasts = await store.listed("broadcast", scope, period, limit=50)
    deliveries = await store.deliveries([b["broadcast_id"] for b in broadcasts])
    rows, chart = [], None
    for b in broadcasts:
        channels: dict[str, dict[str, Any]] = {}
        for d in sorted((d for d in deliveries if d["broadcast_id"] == b["broadcast_id"]), key=lambda d: d["at"]):
            if scope.accounts is not None and d.get("account_id") and \
                    not scope.allows(domain.account_key(d.get("platform") or "", d["account_id"])):
                continue
            entry = channels.setdefault(d["delivery_id"], {"label": channel_label(scope, d), "state": d["state"]})
            entry["state"] = d["state"]
            if d["state"] == "confirmed" and "confirmed_at" not in entry:
                entry["confirmed_at"] = d["at"]
        for entry in channels.values():
            delay = int((entry["confirmed_at"] - b["approved_at"]).total_seconds() // 60) \
                if "confirmed_at" in entry else None
            entry["delay"] = delay
            rows.append([Link(b["title"], f"/kris/{quote(b['broadcast_id'], safe='')}"), local_time(b["approved_at"]),
                         entry["label"], {"confirmed": "bekräftad", "failed": "misslyckades", "sent": "skickad",
                                          "queued": "i kö", "retrying": "försöker igen",
                                          "cancelled": "stoppad"}.get(entry["state"], entry["state"]),
                         local_time(entry.get("confirmed_at")), minutes_label(delay)])
        if chart is None and channels:  # the newest broadcast, as a picture
            confirmed = [e for e in channels.values() if e["delay"] is not None]
            chart = Chart(title=f"Minuter från godkännande till bekräftad publicering: {b['title']}",
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


BUILDERS = {"svarstider": response_times, "volym": volume, "moderering": moderation, "konton": accounts,
            "arkiv": records, "kris": crisis}


async def build(slug: str, store: ReportStore, scope: Scope, period: Period) -> Report:
    return await BUILDERS[slug](store, scope, period)


async def glance(store: ReportStore, scope: Scope, period: Period) -> list[tuple[str, str, str]]:
    """The month at a glance: (figure, value, report slug)."""
    mod = await store.sums(MODERATION, scope, period)
    vol = await store.sums(VOLUME, scope, period)
    arc = await store.sums(RECORDS, scope, period)
    ff, an = domain.clock_figures(mod.total, "first_feedback"), domain.clock_figures(mod.total, "answer")
    broadcasts = await store.listed("broadcast", scope, period, limit=50)
    return [
        ("Inkomna inlägg", str(vol.total.get("in", 0)), "volym"),
        ("Egna inlägg och svar", str(vol.total.get("own_posts", 0) + vol.total.get("own_replies", 0)), "volym"),
        ("Frågor", str(ff.questions), "svarstider"),
        ("Första återkoppling inom målet", percent_label(ff.share_in_time), "svarstider"),
        ("Svar inom målet", percent_label(an.share_in_time), "svarstider"),
        ("Passerade tidsgränser (återkoppling och svar)", str(ff.breached + an.breached), "svarstider"),
        ("Borttagna inlägg", str(mod.total.get("dec:remove", 0)), "moderering"),
        ("Dolda inlägg", str(mod.total.get("dec:hide", 0)), "moderering"),
        ("Registrerade handlingar", str(arc.total.get("registered", 0)), "arkiv"),
        ("Krisutskick", str(len(broadcasts)), "kris"),
    ]
