"""The reporting projection: what the services publish, folded into the dashboard's own
collections (`report_facts`, `report_buckets`, `report_accounts`). No other service's
database is read.

How it stays right (ARCHITECTURE, "Writing to MongoDB"):
- Each stream has one durable consumer that hands out one message at a time across all
  replicas (`in_stream_order`), and each family of buckets is written by one of them only:
  a counter has a single writer, so `$inc` never races.
- Every event leaves one fact document with a deterministic `_id`; an event whose fact
  exists is a duplicate and changes nothing. The fact is written last, after the
  counters. A crash between the two redelivers the same message next (nothing else is
  handed out meanwhile), and each bucket remembers the last event it counted, so the
  redelivery does not count it twice.
- A report reads one bucket per account and day (about 1,000 documents for a month of
  a municipality's accounts), never the items themselves.
"""

from __future__ import annotations

from shared.contracts import ItemDecided, ItemTagged, PlatformEvent, SlaChanged
from shared.contracts.archive import RecordCulled, RecordRegistered, RecordStored, RequestDecided
from shared.contracts.moderation import ActionChanged
from shared.contracts.notify import BroadcastApproved, DeliveryChanged
from shared.contracts.registry import AccountChanged, CloseRecommended, ReviewDue

from ...adapters.report_store import (
    CULLING_RUNS,
    MODERATION,
    RECORDS,
    VOLUME,
    Breach,
    BroadcastRow,
    DeliveryRow,
    Fact,
    RegistryAccount,
    ReportStore,
    RequestRow,
)
from ...domain import reports as domain

# ---- one use case per event kind ------------------------------------------------------------


async def on_received(store: ReportStore, event: PlatformEvent) -> None:
    fact_id = f"social:{event.event_id}"
    if await store.seen(fact_id):
        return
    day = domain.local_day(event.received_at)
    await store.count(family=VOLUME, municipality=event.municipality, platform=str(event.platform),
                      account=event.account_id, day=day, event_id=event.event_id,
                      counters=domain.social_counters(kind=str(event.kind), direction=str(event.direction)))
    await store.remember(Fact(id=fact_id, kind="social", municipality=event.municipality, day=day))


async def on_tagged(store: ReportStore, tagged: ItemTagged) -> None:
    fact_id = f"tagged:{tagged.item_event_id}"
    if await store.seen(fact_id):
        return
    received = tagged.received_at or tagged.occurred_at
    day = domain.local_day(received)
    question = tagged.clocks_started or tagged.first_feedback_due is not None
    await store.count(family=MODERATION, municipality=tagged.municipality, platform=str(tagged.platform),
                      account=tagged.account_id, day=day, event_id=tagged.event_id,
                      counters=domain.tagged_counters(categories=tagged.categories, question=question,
                                                      forbidden=tagged.forbidden, police_report=tagged.police_report,
                                                      without_target=tagged.first_feedback_due is None))
    await store.remember(Fact(id=fact_id, kind="tagged", municipality=tagged.municipality, day=day,
                              item_event_id=tagged.item_event_id, platform=str(tagged.platform),
                              account=tagged.account_id, received_at=received, question=question))


async def on_sla(store: ReportStore, changed: SlaChanged) -> None:
    """A clock met or breached, counted on the day its question came in."""
    if changed.state not in ("met", "breached"):
        return
    fact_id = f"sla:{changed.item_event_id}:{changed.clock}:{changed.state}"
    if await store.seen(fact_id):
        return
    started = changed.started_at
    if started is None:
        item = await store.fact(f"tagged:{changed.item_event_id}")
        started = item.received_at if item and item.received_at else changed.occurred_at
    day = domain.local_day(started)
    # An event from before moderation said when a clock was met: the time it was published.
    met_at = changed.met_at or (changed.occurred_at if changed.state == "met" else None)
    counters = domain.sla_counters(clock=changed.clock, state=changed.state, due_at=changed.due_at,
                                   met_at=met_at, working_seconds=changed.working_seconds,
                                   holiday_mode=changed.holiday_mode)
    await store.count(family=MODERATION, municipality=changed.municipality, platform=str(changed.platform),
                      account=changed.account_id, day=day, event_id=changed.event_id, counters=counters)
    if changed.state == "breached":
        await store.list_row(Breach(
            id=fact_id, kind="breach", municipality=changed.municipality, day=day,
            item_event_id=changed.item_event_id, platform=str(changed.platform), account=changed.account_id,
            clock=changed.clock, due_at=changed.due_at, tier=changed.tier, started_at=started))
    await store.remember(Fact(id=fact_id, kind=changed.state, municipality=changed.municipality, day=day,
                              met_at=changed.met_at, working_seconds=changed.working_seconds))


async def on_decided(store: ReportStore, decided: ItemDecided) -> None:
    fact_id = f"decided:{decided.decision_id}"
    if await store.seen(fact_id):
        return
    at = decided.occurred_at
    item = await store.fact(f"tagged:{decided.item_event_id}")
    minutes = int((at - item.received_at).total_seconds() // 60) if item and item.received_at else None
    # Staff showing again what the pack hid automatically reverse an automatic action.
    reverses = decided.decision == "unhide" and not decided.automatic and \
        await store.seen(f"auto:{decided.item_event_id}")
    day = domain.local_day(at)
    await store.count(family=MODERATION, municipality=decided.municipality, platform=str(decided.platform),
                      account=decided.account_id, day=day, event_id=decided.event_id,
                      counters=domain.decided_counters(decision=decided.decision, automatic=decided.automatic,
                                                       minutes_since_item=(minutes if minutes is not None
                                                                           and minutes >= 0 else None),
                                                       reverses_auto=reverses))
    await store.remember(Fact(id=fact_id, kind="decided", municipality=decided.municipality, day=day,
                              item_event_id=decided.item_event_id, platform=str(decided.platform),
                              account=decided.account_id, decision=decided.decision,
                              automatic=decided.automatic, at=at))
    if decided.automatic and decided.decision == "hide":
        await store.remember(Fact(id=f"auto:{decided.item_event_id}", kind="auto",
                                  municipality=decided.municipality, decision_id=decided.decision_id))


async def on_action(store: ReportStore, changed: ActionChanged) -> None:
    fact_id = f"action:{changed.action_id}:{changed.state}"
    if await store.seen(fact_id):
        return
    decision = await store.fact(f"decided:{changed.decision_id}")
    minutes = int((changed.occurred_at - decision.at).total_seconds() // 60) if decision and decision.at else None
    after_preserved = int(max(0.0, (changed.occurred_at - changed.preserved_at).total_seconds()) // 60) \
        if changed.preserved_at else None
    day = domain.local_day(changed.occurred_at)
    await store.count(family=MODERATION, municipality=changed.municipality, platform=str(changed.platform),
                      account=changed.account_id, day=day, event_id=changed.event_id,
                      counters=domain.action_counters(action=changed.action, state=changed.state,
                                                      minutes_since_decision=minutes,
                                                      minutes_since_preserved=after_preserved))
    await store.remember(Fact(id=fact_id, kind="action", municipality=changed.municipality, day=day))


async def on_stored(store: ReportStore, stored: RecordStored) -> None:
    fact_id = f"stored:{stored.event_id}"
    if await store.seen(fact_id):
        return
    day = domain.local_day(stored.occurred_at)
    if stored.version == 1:  # a new version of a record is the same handling
        await store.count(family=RECORDS, municipality=stored.municipality, platform=str(stored.platform),
                          account=stored.account_id or "", day=day, event_id=stored.event_id,
                          counters={"stored": 1, f"stored:{stored.direction}": 1})
    # The record's account, for its registration and culling (which name only the record).
    await store.remember(Fact(id=f"record:{stored.record_id}", kind="record", municipality=stored.municipality,
                              platform=str(stored.platform), account=stored.account_id or ""))
    await store.remember(Fact(id=fact_id, kind="stored", municipality=stored.municipality, day=day))


async def _record_account(store: ReportStore, record_id: str) -> tuple[str, str]:
    found = await store.fact(f"record:{record_id}")
    return (found.platform or "", found.account or "") if found else ("", "")


async def on_registered(store: ReportStore, registered: RecordRegistered) -> None:
    fact_id = f"registered:{registered.event_id}"
    if await store.seen(fact_id):
        return
    platform, account = await _record_account(store, registered.record_id)
    day = domain.local_day(registered.registered_at)
    counters = {"registered": 1, f"board:{registered.board or '-'}": 1, **({"manual": 1} if registered.manual else {})}
    await store.count(family=RECORDS, municipality=registered.municipality, platform=platform, account=account,
                      day=day, event_id=registered.event_id, counters=counters)
    await store.remember(Fact(id=fact_id, kind="registered", municipality=registered.municipality, day=day,
                              platform=platform, account=account))


async def on_culled(store: ReportStore, culled: RecordCulled) -> None:
    fact_id = f"culled:{culled.event_id}"
    if await store.seen(fact_id):
        return
    platform, account = await _record_account(store, culled.record_id)
    day = domain.local_day(culled.occurred_at)
    await store.count(family=RECORDS, municipality=culled.municipality, platform=platform, account=account, day=day,
                      event_id=culled.event_id, counters={"culled": 1})
    await store.count(family=CULLING_RUNS, municipality=culled.municipality, platform="-", account=culled.run_id,
                      day=day, event_id=culled.event_id,
                      counters={"culled": 1, f"rule:{culled.rule_id}": 1, f"decision:{culled.decision}": 1})
    await store.remember(Fact(id=fact_id, kind="culled", municipality=culled.municipality, day=day))


async def on_request_decided(store: ReportStore, decided: RequestDecided) -> None:
    # Requests for allmän handling are few: one row each, with the times the clock measured.
    await store.list_row(RequestRow(
        id=f"request:{decided.request_id}", kind="request", municipality=decided.municipality,
        day=domain.local_day(decided.decided_at), request_id=decided.request_id, outcome=decided.outcome,
        received_at=decided.received_at, due_at=decided.due_at, decided_at=decided.decided_at))


async def on_approved(store: ReportStore, approved: BroadcastApproved) -> None:
    # Broadcasts are few: one document each, read as they are.
    await store.list_row(BroadcastRow(
        id=f"approved:{approved.broadcast_id}", kind="broadcast", municipality=approved.municipality,
        day=domain.local_day(approved.occurred_at), broadcast_id=approved.broadcast_id,
        title=approved.content.title, broadcast_kind=str(approved.kind), approved_at=approved.occurred_at,
        approved_by=approved.approved_by.name))


async def on_delivery(store: ReportStore, changed: DeliveryChanged) -> None:
    await store.list_row(DeliveryRow(
        id=f"delivery:{changed.event_id}", kind="delivery", municipality=changed.municipality,
        broadcast_id=changed.broadcast_id, delivery_id=changed.delivery_id, channel=changed.channel,
        platform=changed.platform, account_id=changed.account_id, state=str(changed.state),
        at=changed.occurred_at, url=changed.url))


async def on_account_changed(store: ReportStore, changed: AccountChanged) -> None:
    """The account as registry last described it (a single consumer: read, then write)."""
    current = await store.registry_account(changed.account_id)
    if current is not None and current.sequence >= changed.sequence:
        return
    facts = changed.account
    gaps = current.gaps if current is not None else []
    if changed.verb == "updated":
        gaps = list(changed.details.gaps or [])
    elif changed.verb == "activated":
        gaps = []  # activation is refused while a gap is open
    await store.save_account(RegistryAccount(
        id=changed.account_id, municipality=changed.municipality, sequence=changed.sequence,
        platform=str(facts.platform), platform_account_id=facts.platform_account_id, name=facts.name,
        tier=str(facts.tier), state=facts.state, unit=facts.unit, board=facts.board,
        administration=facts.administration, responsible_function=facts.responsible_function, url=facts.url,
        gaps=gaps, changed_at=changed.occurred_at))


async def on_review_due(store: ReportStore, due: ReviewDue) -> None:
    await store.save_account(RegistryAccount(id=due.account_id, municipality=due.municipality,
                                             review_due_at=due.due_at, review_overdue=due.overdue))


async def on_close_recommended(store: ReportStore, event: CloseRecommended) -> None:
    await store.save_account(RegistryAccount(id=event.account_id, municipality=event.municipality,
                                             close_recommended=list(event.reasons),
                                             close_recommended_at=event.occurred_at))
