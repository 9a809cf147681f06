"""Response times against the pack's targets, as moderation's clocks counted them."""

from __future__ import annotations

from collections import Counter
from typing import Any
from urllib.parse import quote

from shared.policy.provenance import is_decided
from shared.policy.model import PolicyPack
from shared.policy.sections.moderation import TierTargets, WorkingTime

from ...adapters.report_store import MODERATION, ReportStore, Sums
from ...domain import reports as domain
from ...domain.labels import local_time
from ...domain.reports import CLOCK_LABELS, ClockFigures, Period, Scope, minutes_label, percent_label
from .labels import REPORTS, account_name, pack_for
from .model import Cell, Chart, Link, Report, Section, Table


def _working(target: WorkingTime) -> str:
    if target.working_hours is not None:
        return f"{target.working_hours:g} arbetstimmar"
    days = target.working_days or 0
    return f"{days:g} arbetsdag" + ("ar" if days != 1 else "")


def targets_text(pack: PolicyPack | None) -> str:
    sla = pack.moderation.sla if pack else None
    if sla is None:
        return "Policypaketet anger inga svarstider."
    if not is_decided(pack, "moderation.sla.municipality_wide"):
        # A default target never poses as the municipality's (shared/policy/provenance.py).
        return ("Kommunens policy anger inga svarstider: tiden redovisas som förfluten arbetstid, utan mål, "
                "tills kommunen registrerat sitt beslut på sidan Policypaket.")

    def tier(label: str, t: TierTargets) -> str:
        return f"{label}: första återkoppling inom {_working(t.first_feedback)}, svar inom {_working(t.answer)}"

    return (tier("Kommunövergripande konto", sla.municipality_wide) + "; " + tier("lokalt konto", sla.local)
            + ". Tiden räknas i arbetstid (kontorstider, helgdagar undantagna) som svarsklockan räknar den.")


CLOCK_HEADERS = ["klara", "inom målet", "andel inom målet", "median", "90:e percentil", "klar efter målet",
                 "försenade", "pågår"]
PERCENTILE_NOTE = "Median och percentil räknas i arbetstid på hela minuter; en försenad fråga räknas som över målet."
BREACHES_SHOWN = 200


def _clock_cells(f: ClockFigures) -> list[Any]:
    return [f.met, f.in_time, percent_label(f.share_in_time), minutes_label(f.median), minutes_label(f.p90),
            f.late, f.breached, f.open]


def _key_figures(total: Counter[str]) -> list[tuple[str, str]]:
    figures = [("Frågor", str(total.get("q", 0)))]
    if without := total.get("q:no_target", 0):
        figures.append(("Varav utan beslutad svarstid (tiden räknas, inget mål)", str(without)))
    if holiday := total.get("ff:holiday", 0):
        figures.append(("Varav med semesterlägets längre svarstider", str(holiday)))
    for clock, label in CLOCK_LABELS.items():
        f = domain.clock_figures(total, clock)
        figures += [(f"{label} inom målet",
                     f"{percent_label(f.share_in_time)} ({f.in_time} av {f.questions - f.without_target})"),
                    (f"{label}, median", minutes_label(f.median)),
                    (f"{label}, 90:e percentil", minutes_label(f.p90))]
    return figures


def _per_account(sums: Sums, scope: Scope, keys: list[str], clock: str) -> Table:
    rows = [[account_name(scope, k), *_row(sums.accounts[k], clock)] for k in keys]
    rows.append(["Totalt", *_row(sums.total, clock)])
    return Table(title=f"{CLOCK_LABELS[clock]} per konto", headers=["Konto", "frågor", *CLOCK_HEADERS], rows=rows,
                 note=PERCENTILE_NOTE)


def _row(counters: Counter[str], clock: str) -> list[Any]:
    f = domain.clock_figures(counters, clock)
    return [f.questions, *_clock_cells(f)]


def _per_group(per_account: dict[str, Counter[str]], groups: dict[str, str], *, heading: str, missing: str) -> Table:
    """Both clocks' share within target and median, per board or unit."""
    grouped = domain.group_by(per_account, groups, missing=missing)
    rows: list[list[Cell]] = []
    for name in sorted(grouped):
        ff, an = (domain.clock_figures(grouped[name], clock) for clock in CLOCK_LABELS)
        rows.append([name, ff.questions, f"{percent_label(ff.share_in_time)} ({ff.in_time})", minutes_label(ff.median),
                     f"{percent_label(an.share_in_time)} ({an.in_time})", minutes_label(an.median)])
    return Table(title=f"Inom målet per {heading}", rows=rows,
                 headers=[heading.capitalize(), "frågor", "första återkoppling inom målet", "median",
                          "svar inom målet", "median"])


def _share_chart(sums: Sums, scope: Scope, keys: list[str]) -> Chart:
    series = [(label, [float(round((domain.clock_figures(sums.accounts[k], clock).share_in_time or 0) * 100))
                       for k in keys]) for clock, label in CLOCK_LABELS.items()]
    return Chart(title="Andel frågor med återkoppling och svar inom målet, per konto",
                 categories=[account_name(scope, k) for k in keys], series=series, unit="%", category_heading="Konto")


async def _breaches(store: ReportStore, scope: Scope, period: Period) -> Table:
    """The clocks moderation reported breached, newest first, each linked to its item."""
    found = await store.breaches(scope, period, limit=BREACHES_SHOWN)
    rows: list[list[Cell]] = [[local_time(b.started_at), account_name(scope, domain.account_key(b.platform, b.account)),
             CLOCK_LABELS.get(b.clock, b.clock), local_time(b.due_at),
             Link("Öppna", f"/moderering/{quote(b.item_event_id, safe='')}")] for b in found]
    return Table(title="Försenade frågor", headers=["Inkom", "Konto", "Klocka", "Tidsgräns", "Inlägget"], rows=rows,
                 note="" if len(found) < BREACHES_SHOWN else f"De {BREACHES_SHOWN} senaste visas.")


async def response_times(store: ReportStore, scope: Scope, period: Period) -> Report:
    sums = await store.sums(MODERATION, scope, period)
    asked = {k: c for k, c in sums.accounts.items() if c.get("q")}
    keys = sorted(asked, key=lambda k: account_name(scope, k))
    return Report("svarstider", REPORTS["svarstider"], period, scope, [
        Section("Svarstider mot policyn", figures=_key_figures(sums.total),
                chart=_share_chart(sums, scope, keys) if keys else None,
                note=targets_text(pack_for(scope.municipality))),
        *(Section(f"{label} per konto", tables=[_per_account(sums, scope, keys, clock)])
          for clock, label in CLOCK_LABELS.items()),
        Section("Per nämnd och enhet", tables=[
            _per_group(asked, scope.boards, heading="nämnd", missing="Utan nämnd"),
            _per_group(asked, scope.units, heading="enhet", missing="Utan enhet")]),
        Section("Försenade frågor", tables=[await _breaches(store, scope, period)]),
    ])
