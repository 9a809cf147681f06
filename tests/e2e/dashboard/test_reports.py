"""The reports in a browser, with data sent through the real pipeline: a question and the
municipality's reply go in through ingest's signed webhook, moderation's clock is met,
and the report agrees with that clock. Every report page passes axe; the CSV and the
monthly PDF/A are downloaded from the page's own links."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.support.polling import eventually_sync

from .conftest import PAGE_ID, Staff, ask, post_comment

REPORTS = ["svarstider", "volym", "moderering", "konton", "arkiv", "kris"]
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def this_month(value: str) -> bool:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    now = datetime.now(STOCKHOLM)
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m") == now.strftime("%Y-%m")


def first_feedback_clocks(system) -> list[dict]:  # type: ignore[no-untyped-def]
    clocks = ask(system, "moderation", "clocks", {"limit": 200})
    return [c for c in clocks if c.get("clock") == "first_feedback" and this_month(str(c["started_at"]))]


def totals_row(csv_text: str) -> list[str]:
    """The `Totalt` row of the first-feedback table in the response-time CSV."""
    rows = list(csv.reader(io.StringIO(csv_text.lstrip("\ufeff")), delimiter=";"))
    start = rows.index(["Första återkoppling per konto"])
    return next(r for r in rows[start:] if r and r[0] == "Totalt")


def test_response_times_agree_with_moderations_clock(system, staff) -> None:
    post_comment(system, comment_id="rep_q1", text="Hej! När öppnar simhallen efter renoveringen?")
    # The municipality answers once the question is on the clock (as staff would, minutes later).
    assert eventually_sync(lambda: [c for c in first_feedback_clocks(system) if c.get("item_id") == "rep_q1"],
                           attempts=300), "moderation started no clock for the question"
    post_comment(system, comment_id="rep_a1", text="Hej! Simhallen öppnar igen på måndag klockan sju.",
                 author_name="Knivsta kommun", author_id=PAGE_ID, parent_id="rep_q1")
    # Generous bounds: ingest, moderation and the projection all run on a shared, loaded machine.
    met = eventually_sync(lambda: [c for c in first_feedback_clocks(system)
                                   if c.get("item_id") == "rep_q1" and c.get("state") == "met"], attempts=300)
    assert met, "moderation's first-feedback clock for the question was not met by the reply"

    director = staff("kommunikationschef")  # the whole municipality

    last: dict[str, tuple[int, int, int]] = {}

    def report_matches_clock() -> list[str] | None:
        response = director.page.request.get(director.base + "/rapporter/svarstider.csv")
        row = totals_row(response.text())
        clocks = first_feedback_clocks(system)
        last["clock"] = (len(clocks), sum(c["state"] == "met" for c in clocks),
                         sum(c["state"] == "breached" for c in clocks))
        last["report"] = (int(row[1]), int(row[2]), int(row[8]))  # questions, met ("klara"), breached
        return row if last["report"] == last["clock"] else None

    row = eventually_sync(report_matches_clock, attempts=300)
    assert row, f"questions, met, breached: the report says {last['report']}, moderation's clocks {last['clock']}"
    assert int(row[2]) >= 1

    page = director.goto("/rapporter/svarstider")
    assert page.locator("h1").inner_text() == "Svarstider"
    assert page.locator("dl.facts dd").first.inner_text() != "0"
    figure = page.locator("figure.chart-with-table")
    assert figure.locator("svg[role=img] title").count() == 1 and figure.locator("table tbody tr").count() >= 1
    director.screenshot("report-svarstider")

    with page.expect_download() as download:
        page.get_by_role("link", name="Hämta rapporten som CSV").click()
    data = Path(download.value.path()).read_text(encoding="utf-8")
    assert data.startswith("\ufeffSvarstider;") and "Första återkoppling per konto" in data

    with page.expect_download() as download:
        page.get_by_role("link", name="Månadsrapporten (PDF/A)").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF") and b"pdfaid:part" in pdf and len(pdf) > 5000
    director.assert_clean()


def test_every_report_page_renders_accessibly_with_its_chart_beside_a_table(system, staff) -> None:
    post_comment(system, comment_id="rep_vol1", text="Tack för en fin sommarfest i parken!")
    director: Staff = staff("kommunikationschef")
    eventually_sync(lambda: "<dd>0</dd>" not in director.page.request.get(
        director.base + "/rapporter/volym").text().split("Inkomna</dt>", 1)[-1][:20])
    for slug in REPORTS:
        page = director.goto(f"/rapporter/{slug}")  # axe: no serious or critical violations
        assert page.locator("h1").count() == 1
        charts = page.locator("svg[role=img]")
        assert page.locator("figure.chart-with-table table").count() == charts.count()
        csv_response = page.request.get(director.base + f"/rapporter/{slug}.csv")
        assert csv_response.status == 200 and csv_response.headers["content-type"].startswith("text/csv")
        director.screenshot(f"report-{slug}")
    volume = director.goto("/rapporter/volym")
    assert volume.locator("svg[role=img]").count() == 1
    overview = director.goto("/rapporter")
    assert overview.get_by_role("link", name="Hämta månadsrapporten (PDF/A)").count() == 1
    director.assert_clean()


def test_home_page_starts_where_each_persons_work_is(system, staff) -> None:
    expected = {"kommunikator": "Din modereringskö", "krisledare": "Månaden i korthet",
                "krisstab": "Utkast till krisutskick", "kommunikationschef": "Månaden i korthet",
                "arkivarie": "Arkiv och registrering", "admin": "System"}
    for username, heading in expected.items():
        person = staff(username)
        page = person.goto("/")
        assert page.get_by_role("heading", name=heading).count() >= 1, f"{username}: {page.content()[:1500]}"
        if username == "arkivarie":
            assert "Registreringar att följa upp" in page.content() and "notice error" not in page.content()
        person.assert_clean()
