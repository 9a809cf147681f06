"""The reports' figures from counters: SLA shares, percentiles, buckets, CSV, charts."""

from __future__ import annotations

import asyncio
import statistics
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pytest

from services.dashboard.app.reports import activity, charts
from services.dashboard.domain import reports as domain
from services.dashboard.domain.reports import Period
from services.dashboard.app.reports.model import Chart, Link, Report, Section, Table
from services.dashboard.pages.reports import csv_rows
from services.dashboard.adapters.report_store import RegistryAccount, Sums
from shared.spreadsheet import csv_text

T0 = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)


def met(minutes_working: float, *, late: bool = False, clock: str = "first_feedback") -> dict[str, int]:
    due = T0 + timedelta(hours=4)
    return domain.sla_counters(clock=clock, state="met", due_at=due, met_at=due + timedelta(minutes=1 if late else -1),
                               working_seconds=minutes_working * 60)


def test_a_clock_met_in_time_counts_its_working_minutes_rounded_up() -> None:
    assert met(30.2) == {"ff:met": 1, "ff:in_time": 1, "ff:h:31": 1}
    assert met(240, late=True) == {"ff:met": 1, "ff:late": 1, "ff:h:240": 1}
    breached = domain.sla_counters(clock="answer", state="breached", due_at=T0, met_at=None, working_seconds=None)
    assert breached == {"an:breached": 1}
    assert domain.sla_counters(clock="answer", state="at_risk", due_at=T0, met_at=None, working_seconds=None) == {}


def test_share_median_and_p90_agree_with_the_values_the_clock_reported() -> None:
    minutes = [5, 12, 12, 40, 55, 61, 90, 130, 200, 239]
    total: Counter[str] = Counter({"q": 12})  # two more questions: one breached, one still open
    for m in minutes:
        domain.add_into(total, met(m))
    domain.add_into(total, domain.sla_counters(clock="first_feedback", state="breached", due_at=T0, met_at=None,
                                               working_seconds=None))
    f = domain.clock_figures(total, "first_feedback")
    assert (f.questions, f.met, f.in_time, f.breached, f.open) == (12, 10, 10, 1, 1)
    assert f.share_in_time == pytest.approx(10 / 12)
    # Nearest rank over the 11 closed clocks, the breached one being the largest.
    closed = [*sorted(minutes), 10_000]
    assert f.median == closed[5] == statistics.median_low(closed)
    assert f.p90 == closed[9] == 239  # nearest rank ceil(0.9 * 11) = 10


def test_p90_nearest_rank() -> None:
    hist = {m: 1 for m in range(1, 11)}
    assert domain.percentile(hist, 0.9) == 9
    assert domain.percentile(hist, 0.5) == 5
    assert domain.percentile(hist, 0.9, overflow=2) == "over"  # 12 values, rank 11 is a breach
    assert domain.percentile({}, 0.5) is None


def test_decisions_count_automatic_and_reversed_apart() -> None:
    auto = domain.decided_counters(decision="hide", automatic=True, minutes_since_item=0, reverses_auto=False)
    staff = domain.decided_counters(decision="unhide", automatic=False, minutes_since_item=135, reverses_auto=True)
    assert auto == {"dec:hide": 1, "decisions": 1, "auto": 1, "auto:hide": 1}
    assert staff == {"dec:unhide": 1, "decisions": 1, "dt:h:140": 1, "reversed": 1}


def test_volume_counts_what_was_said_not_edits_or_likes() -> None:
    assert domain.social_counters(kind="comment", direction="inkommen") == {"in": 1, "in:comment": 1}
    assert domain.social_counters(kind="post", direction="upprattad") == {"own_posts": 1}
    assert domain.social_counters(kind="reply", direction="upprattad") == {"own_replies": 1}
    assert domain.social_counters(kind="reaction", direction="inkommen") == {}


def test_days_are_swedish_local_days() -> None:
    # 23:30 UTC on 31 October is 00:30 on 1 November in Stockholm (CET).
    assert domain.local_day(datetime(2026, 10, 31, 23, 30, tzinfo=UTC)) == "2026-11-01"


def test_periods_months_spans_and_refusals() -> None:
    november = Period.month("2026-11")
    assert (november.first, november.last, november.label, november.is_month) == (
        date(2026, 11, 1), date(2026, 11, 30), "november 2026", True)
    assert Period.month("2026-12").last == date(2026, 12, 31)
    span = Period.parse(month=None, start="2026-11-03", end="2026-11-09", today=date(2026, 12, 1))
    assert len(span.days()) == 7 and not span.is_month
    assert Period.parse(month=None, start=None, end=None, today=date(2026, 12, 1)).first == date(2026, 12, 1)
    for bad in ({"month": "2026-13"}, {"month": "nov"}, {"start": "2026-11-09", "end": "2026-11-01"},
                {"start": "2024-01-01", "end": "2026-01-01"}):
        with pytest.raises(ValueError):
            Period.parse(**({"month": None, "start": None, "end": None} | bad), today=date(2026, 12, 1))


def test_minutes_read_in_swedish() -> None:
    assert domain.minutes_label(45) == "45 min"
    assert domain.minutes_label(125) == "2 h 05 min"
    assert domain.minutes_label(3 * 1440 + 60) == "3 d 1 h"
    assert domain.minutes_label("over") == "över målet"
    assert domain.percent_label(0.875) == "88 %"


def test_csv_neutralises_formula_cells_and_keeps_every_table() -> None:
    scope = domain.Scope("knivsta")
    report = Report("volym", "Volym", Period.month("2026-11"), scope, [
        Section("Per konto", figures=[("Inkomna", "3")],
                tables=[Table("Per konto", ["Konto", "in"], [[Link("=HYPERLINK(\"x\")", "/a"), 3], ["@evil", 1]])])])
    text = csv_text(csv_rows(report))
    assert text.startswith("\ufeffVolym;november 2026;hela kommunen")
    assert "'=HYPERLINK" in text and "'@evil" in text and "Inkomna;3" in text


def test_a_chart_is_svg_without_script_with_its_title_and_grayscale_fills() -> None:
    chart = Chart("Andel <inom> målet", ["Konto A", "Konto B"], [("Första återkoppling", [80, 50]), ("Svar", [60, 40])],
                  unit="%")
    svg = str(charts.render(chart, "c1"))
    assert svg.startswith("<svg") and "<script" not in svg and "style=" not in svg
    assert "Andel &lt;inom&gt; målet" in svg and 'role="img"' in svg
    assert "#1f1f1f" in svg and "#8a8a8a" in svg  # two series told apart without colour
    assert chart.table().rows == [["Konto A", "80", "60"], ["Konto B", "50", "40"]]
    days = Chart("Per dag", [f"{d:02d}" for d in range(1, 31)], [("Inkomna", [float(d) for d in range(30)])])
    assert str(charts.render(days, "c2")).count("<rect") > 30


def test_a_span_reads_whole_months_from_the_monthly_buckets_and_the_rest_by_day() -> None:
    span = Period.parse(month=None, start="2026-10-20", end="2026-12-05", today=date(2026, 12, 1))
    assert span.whole_months() == ["2026-11"]
    assert span.partial_ranges() == [("2026-10-20", "2026-10-31"), ("2026-12-01", "2026-12-05")]
    november = Period.month("2026-11")
    assert november.whole_months() == ["2026-11"] and november.partial_ranges() == []
    week = Period.parse(month=None, start="2026-11-03", end="2026-11-09", today=date(2026, 12, 1))
    assert week.whole_months() == [] and week.partial_ranges() == [("2026-11-03", "2026-11-09")]


def test_removals_are_timed_from_the_decision_and_from_the_archives_confirmation() -> None:
    executed = domain.action_counters(action="remove", state="executed", minutes_since_decision=7,
                                      minutes_since_preserved=1)
    assert executed == {"act:remove:executed": 1, "rm:h:7": 1, "rp:h:1": 1}
    assert domain.action_counters(action="hide", state="waiting", minutes_since_decision=0) == {}


def test_holiday_mode_is_counted_so_the_report_can_say_so() -> None:
    due = T0 + timedelta(hours=8)
    counters = domain.sla_counters(clock="first_feedback", state="met", due_at=due, met_at=T0, working_seconds=60,
                                   holiday_mode=True)
    assert counters["ff:holiday"] == 1 and counters["ff:in_time"] == 1


class OnePostStore:
    """Two own posts on one account in any period (a fake: this is a unit test of the rule)."""

    async def sums(self, family, scope, period, per_day=False):  # type: ignore[no-untyped-def]
        sums = Sums()
        sums.accounts["facebook:1"] = Counter({"own_posts": 2})
        return sums

    async def registry_accounts(self, municipality):  # type: ignore[no-untyped-def]
        return [RegistryAccount.model_validate({"_id": "a1", "municipality": municipality, "name": "Konto",
                                                "platform": "facebook", "platform_account_id": "1", "tier": "local",
                                                "state": "active"})]


@pytest.mark.parametrize(("pack", "verdict"), [("eskilstuna", "under kravet"),  # at least one post a week
                                               ("lidkoping", "låg aktivitet (2 inlägg på 90 dagar)")])  # 4 in 90 days
def test_account_activity_is_judged_by_the_packs_own_rules(pack: str, verdict: str) -> None:
    report = asyncio.run(activity.accounts(OnePostStore(), domain.Scope(pack), Period.month("2026-11")))  # type: ignore[arg-type]
    [row] = report.sections[0].tables[0].rows
    assert row[2] == 2 and row[5] == verdict


def test_questions_without_a_decided_target_count_but_are_neither_in_time_nor_late() -> None:
    # Knivsta has decided no response times: the clock counts elapsed working time, nothing is due.
    total: Counter[str] = Counter()
    domain.add_into(total, domain.tagged_counters(categories=[], question=True, forbidden=False, police_report=False,
                                                  without_target=True))
    domain.add_into(total, domain.tagged_counters(categories=[], question=True, forbidden=False, police_report=False))
    domain.add_into(total, domain.sla_counters(clock="first_feedback", state="met", due_at=None, met_at=T0,
                                               working_seconds=600))
    domain.add_into(total, met(30))
    f = domain.clock_figures(total, "first_feedback")
    assert (f.questions, f.without_target, f.met, f.in_time, f.late) == (2, 1, 2, 1, 0)
    assert f.share_in_time == 1.0  # one of the one question that had a target
    assert f.median == 10 and f.p90 == 30
