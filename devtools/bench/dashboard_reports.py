"""`python -m devtools.bench dashboard reports [N]`: the reports over N items (default
1,000,000) in one month. Prints figures, asserts nothing.

The projection is loaded the way its consumers leave it: the counters N events add
(computed with the same functions the consumers use, summed per bucket) and one fact
document per item. A sample of events also goes through the consumers' own use cases,
to show the write rate. Then every report is built and every page fetched, timed.
"""

from __future__ import annotations

import random
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from shared.contracts import ItemTagged, PlatformEvent, SlaChanged
from shared.contracts.registry import AccountChanged, AccountFacts, ActorRef
from shared.contracts.social import Author

from services.dashboard.app.auth import new_user
from services.dashboard.config import DashboardSettings
from services.dashboard.main import create_app
from shared.contracts.commands import Role
from services.dashboard.app.reports import builders, projection
from services.dashboard.domain import reports as domain
from services.dashboard.domain.reports import Period, Scope
from services.dashboard.adapters import report_store
from services.dashboard.adapters.report_store import MODERATION, RECORDS, VOLUME, ReportStore

ACCOUNTS = 40
MONTH = "2026-11"
START = datetime(2026, 10, 31, 23, 0, tzinfo=UTC)  # 00:00 on 1 November in Stockholm


def synthetic(n: int, seed: int = 7) -> tuple[dict[str, Counter[str]], list[dict[str, Any]], list[dict[str, Any]],
                                               dict[str, int]]:
    """Bucket counters, fact documents and listed rows for n items; and the truth to compare with."""
    rnd = random.Random(seed)
    buckets: dict[str, Counter[str]] = {}
    facts: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    truth: Counter[str] = Counter()
    span = 30 * 24 * 3600
    for i in range(n):
        page = f"page{i % ACCOUNTS:02d}"
        received = START + timedelta(seconds=rnd.randrange(span))
        day = domain.local_day(received)

        def add(family: str, counters: dict[str, int]) -> None:
            key = "|".join((family, "knivsta", "facebook", page, day))  # noqa: B023 - called before the loop moves on
            domain.add_into(buckets.setdefault(key, Counter()), counters)
            if family in report_store.ROLLED_UP:
                key = "|".join((family + report_store.MONTHLY, "knivsta", "facebook", page, day[:7]))  # noqa: B023
                domain.add_into(buckets.setdefault(key, Counter()), counters)

        add(VOLUME, domain.social_counters(kind="comment", direction="inkommen"))
        truth["in"] += 1
        question = rnd.random() < 0.2
        categories = ["profanity"] if rnd.random() < 0.08 else []
        add(MODERATION, domain.tagged_counters(categories=categories, question=question, forbidden=False,
                                               police_report=False))
        facts.append({"_id": f"social:e{i}", "kind": "social", "municipality": "knivsta", "day": day})
        if question:
            truth["q"] += 1
            due = received + timedelta(hours=4)
            roll = rnd.random()
            if roll < 0.05:
                add(MODERATION, domain.sla_counters(clock="first_feedback", state="breached", due_at=due, met_at=None,
                                                    working_seconds=None))
                truth["breached"] += 1
                rows.append({"_id": f"sla:e{i}:first_feedback:breached", "kind": "breach", "municipality": "knivsta",
                              "day": day, "item_event_id": f"e{i}", "platform": "facebook", "account": page,
                              "clock": "first_feedback", "due_at": due, "started_at": received})
            else:
                minutes = rnd.randint(1, 240) if roll < 0.9 else rnd.randint(241, 400)
                met_at = due - timedelta(minutes=1) if minutes <= 240 else due + timedelta(minutes=1)
                add(MODERATION, domain.sla_counters(clock="first_feedback", state="met", due_at=due, met_at=met_at,
                                                    working_seconds=minutes * 60))
                truth["in_time"] += minutes <= 240
        if rnd.random() < 0.05:
            add(MODERATION, domain.decided_counters(decision=rnd.choice(["keep", "hide", "remove"]), automatic=False,
                                                    minutes_since_item=rnd.randint(1, 600), reverses_auto=False))
        if rnd.random() < 0.02:
            add(RECORDS, {"stored": 1, "registered": 1, "board:KS": 1})
    return buckets, facts, rows, dict(truth)


async def load(store: ReportStore, buckets: dict[str, Counter[str]], facts: list[dict[str, Any]],
               rows: list[dict[str, Any]]) -> None:
    docs = []
    for key, counters in buckets.items():
        family, municipality, platform, account, day = key.split("|")
        docs.append({"_id": key, "family": family, "municipality": municipality, "platform": platform,
                     "account": account, "day": day, "last_event": "bench",
                     **{report_store.COUNTER + k: v for k, v in counters.items()}})
    await store.buckets.insert_many(docs)
    for start in range(0, len(facts), 20_000):
        await store.facts.insert_many(facts[start:start + 20_000], ordered=False)
    await store.lists.insert_many(rows)
    for a in range(ACCOUNTS):
        facts_ = AccountFacts(account_id=f"acc{a:02d}", municipality="knivsta", platform="facebook",
                              platform_account_id=f"page{a:02d}", name=f"Konto {a:02d}", tier="local", state="active",
                              board="KS" if a % 2 else "KFN")
        await projection.on_account_changed(store, AccountChanged(
            municipality="knivsta", account_id=f"acc{a:02d}", verb="activated", to_state="active",
            actor=ActorRef(user_id="b", name="Bench"), sequence=1, account=facts_))


async def write_rate(store: ReportStore, n: int = 1000) -> float:
    """Events through the consumers' use cases (received, tagged, met), per second."""
    t0 = time.perf_counter()
    for i in range(n):
        received = START + timedelta(days=29, minutes=i)
        event = PlatformEvent(event_id=f"w{i}", municipality="knivsta", platform="facebook", account_id="page00",
                              kind="comment", item_id=f"w{i}", author=Author(platform_id="x"), received_at=received,
                              direction="inkommen")
        await projection.on_received(store, event)
        due = received + timedelta(hours=4)
        await projection.on_tagged(store, ItemTagged(
            event_id=f"t{i}", municipality="knivsta", item_event_id=f"w{i}", platform="facebook", account_id="page00",
            item_id=f"w{i}", policy="knivsta", first_feedback_due=due, received_at=received))
        await projection.on_sla(store, SlaChanged(
            event_id=f"s{i}", municipality="knivsta", item_event_id=f"w{i}", account_id="page00", platform="facebook",
            clock="first_feedback", deadline="first_response", state="met", due_at=due, tier="local",
            started_at=received, met_at=received + timedelta(minutes=20), working_seconds=1200))
    return 3 * n / (time.perf_counter() - t0)


async def run(n: int, settings: DashboardSettings) -> None:
    _, app = create_app(settings)
    async with app.router.lifespan_context(app):
        dashboard = app.state.dashboard
        store = ReportStore(dashboard.store.users.database)
        t0 = time.perf_counter()
        buckets, facts, rows, truth = synthetic(n)
        await load(store, buckets, facts, rows)
        print(f"loaded the projection of {n:,} items ({len(buckets):,} buckets, {len(facts):,} facts, "
              f"{len(rows):,} listed breaches) "
              f"in {time.perf_counter() - t0:.1f} s")
        period, scope = Period.month(MONTH), Scope("knivsta")
        for slug in builders.REPORTS:
            t0 = time.perf_counter()
            report = await builders.build(slug, store, scope, period)
            print(f"report {slug:<11} built in {(time.perf_counter() - t0) * 1000:6.0f} ms")
            if slug == "svarstider":
                figures = dict(report.sections[0].figures)
                print(f"  questions {figures['Frågor']} (generated {truth['q']:,}); first feedback within target: "
                      f"{figures['Första återkoppling inom målet']} (generated {truth['in_time']:,}); "
                      f"median {figures['Första återkoppling, median']}")
            if slug == "volym":
                print(f"  items in {dict(report.sections[0].figures)['Inkomna']} (generated {truth['in']:,})")
        await dashboard.store.add_user(new_user(username="bench", name="Bench", municipality="knivsta",
                                                roles=[Role.head_of_communications], password="bench-password-1"))
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://bench.test") as client:
            page = await client.get("/login")
            csrf = page.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            await client.post("/login", data={"csrf": csrf, "username": "bench", "password": "bench-password-1"})
            for path in [*(f"/rapporter/{slug}?manad={MONTH}" for slug in builders.REPORTS),
                         f"/rapporter/svarstider.csv?manad={MONTH}", f"/rapporter/manadsrapport.pdf?manad={MONTH}"]:
                t0 = time.perf_counter()
                response = await client.get(path)
                print(f"GET {path:<42} {response.status_code} in {(time.perf_counter() - t0) * 1000:6.0f} ms "
                      f"({len(response.content):,} bytes)")
        print(f"write path: {await write_rate(store):,.0f} events/s through the consumers' use cases")
