"""Follow-up: activity seen on each account, reviews coming due, close recommendations,
and the sweep that also publishes whatever an outbox still holds."""

from __future__ import annotations

from datetime import datetime

from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.contracts import PlatformEvent, utcnow
from shared.contracts.base import deterministic_id
from shared.contracts.registry import AccountState, FollowUpCounts, ReviewDue
from shared.logging import get_logger
from shared.policy import PolicyPack

from ..adapters.outbox import close_recommendation, flush_pending
from ..adapters.store import AccountStore
from ..domain.activity import ActivitySummary, activity_flags, windows
from ..domain.lifecycle import Refused
from ..domain.model import Account
from ..domain.people import responsible_people
from ..domain.requirements import Gap, review_status
from .policies import pack_for

log = get_logger(__name__)


async def note_activity(*, store: AccountStore, event: PlatformEvent) -> bool:
    """Count an item seen on an account (idempotent per event)."""
    return await store.record_activity(
        event_id=event.event_id, municipality=event.municipality, platform=str(event.platform),
        account_id=event.account_id, kind=str(event.kind), direction=str(event.direction),
        item_id=event.item_id, parent_id=event.parent_id, at=event.published_at or event.received_at)


async def activity_of(*, store: AccountStore, account: Account, pack: PolicyPack,
                      now: datetime) -> tuple[ActivitySummary, list[Gap]]:
    rules = pack.registry.activity
    summary = await store.activity_summary(account, windows(now, rules))
    summary.low_activity_window_days = rules.low_activity_window_days
    return summary, activity_flags(account, summary, rules, now)


async def run_follow_up(*, store: AccountStore, broker: NatsBroker, now: datetime | None = None) -> FollowUpCounts:
    """The periodic sweep: reviews due or overdue, activity close recommendations, and any
    event left in an outbox. Safe to run on every replica at once (deterministic event ids,
    conditional bookkeeping)."""
    now = now or utcnow()
    counts = {"review_due": 0, "close_recommended": 0,
              "outbox": await flush_pending(store=store, broker=broker)}
    for municipality in await store.municipalities():
        try:
            pack = pack_for(municipality)
        except Refused:
            log.warning("registry.follow_up.no_pack", municipality=municipality)
            continue
        for account in await store.list(municipality, states=[AccountState.active, AccountState.under_review]):
            counts["review_due"] += await _notify_review(store=store, broker=broker, account=account,
                                                         pack=pack, now=now)
            counts["close_recommended"] += await _recommend_on_activity(store=store, broker=broker,
                                                                        account=account, pack=pack, now=now)
    return FollowUpCounts(**counts)


async def _notify_review(*, store: AccountStore, broker: NatsBroker, account: Account, pack: PolicyPack,
                         now: datetime) -> int:
    status = review_status(account, pack.registry, now)
    if status is None or account.next_review_at is None:
        return 0
    due = account.next_review_at
    overdue = status == "overdue"
    if (account.review_overdue_notified_for if overdue else account.review_due_notified_for) == due:
        return 0
    event = ReviewDue(
        event_id=deterministic_id("registry.review.due", account.account_id, due.isoformat(), status),
        correlation_id=deterministic_id("registry.account", account.account_id), occurred_at=now,
        municipality=account.municipality, account_id=account.account_id, account=account.facts(),
        due_at=due, overdue=overdue, responsible=responsible_people(account),
    )
    await publish_event(broker, event, subjects.REGISTRY_REVIEW_DUE)
    await store.note_review_notice(account.account_id, due=due, overdue=overdue)
    log.info("registry.review.due", account_id=account.account_id, status=status)
    return 1


async def _recommend_on_activity(*, store: AccountStore, broker: NatsBroker, account: Account,
                                 pack: PolicyPack, now: datetime) -> int:
    rules = pack.registry.activity
    if not rules.recommend_close_on_low_activity:
        return 0
    _, flags = await activity_of(store=store, account=account, pack=pack, now=now)
    low = [f for f in flags if f.code == "low_activity"]
    if not low:
        if account.close_recommended_for:  # activity recovered: a later drop is a new episode
            await store.note_close_recommended(account.account_id, None)
        return 0
    if account.close_recommended_for:
        return 0
    key = f"low_activity:{now.date().isoformat()}"
    event = close_recommendation(account, pack, reasons=[f.message for f in low], source="activity",
                                  key=key, now=now)
    await publish_event(broker, event, subjects.REGISTRY_CLOSE_RECOMMENDED)
    await store.note_close_recommended(account.account_id, key)
    return 1
