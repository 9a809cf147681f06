"""Events of the registry and their outbox: every event is stored with the change that
caused it and leaves the outbox only once JetStream has acknowledged it."""

from __future__ import annotations

from datetime import datetime

from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.contracts.base import Envelope, deterministic_id
from shared.contracts.registry import AccountChanged, Change, CloseRecommended, ReviewDue
from shared.logging import get_logger
from shared.policy import PolicyPack

from ..domain import lifecycle
from ..domain.model import Account
from ..domain.people import responsible_people
from .store import AccountStore, OutboxItem

log = get_logger(__name__)

EVENT_TYPES: dict[str, type[Envelope]] = {
    "account_changed": AccountChanged, "close_recommended": CloseRecommended, "review_due": ReviewDue,
}


def outbox_item(kind: str, subject: str, event: Envelope) -> OutboxItem:
    return OutboxItem(event_id=event.event_id, kind=kind, subject=subject, body=event.model_dump_json())


def change_event(account: Account, entry: Change) -> OutboxItem:
    event = AccountChanged(
        event_id=entry.event_id, correlation_id=deterministic_id("registry.account", account.account_id),
        occurred_at=entry.at, municipality=account.municipality, account_id=account.account_id,
        verb=entry.verb, from_state=entry.from_state, to_state=entry.to_state, actor=entry.actor,
        reason=entry.reason, sequence=entry.sequence, account=account.facts(), details=entry.details,
    )
    return outbox_item("account_changed", subjects.registry_account(entry.verb), event)


def close_recommendation(account: Account, pack: PolicyPack, *, reasons: list[str], source: str,
                          key: str, now: datetime) -> CloseRecommended:
    policy = pack.registry
    return CloseRecommended(
        event_id=deterministic_id("registry.close_recommended", account.account_id, key),
        correlation_id=deterministic_id("registry.account", account.account_id), occurred_at=now,
        municipality=account.municipality, account_id=account.account_id, account=account.facts(),
        reasons=reasons, source=source,
        decided_by_roles=[str(r) for r in lifecycle.close_roles(policy, account.tier)],
        responsible=responsible_people(account),
    )


async def flush_outbox(*, store: AccountStore, broker: NatsBroker, account_id: str,
                       items: list[OutboxItem]) -> None:
    """Publish queued events in order; each leaves the outbox once JetStream has it."""
    for item in items:
        event = EVENT_TYPES[item.kind].model_validate_json(item.body)
        await publish_event(broker, event, item.subject)
        await store.pull_outbox(account_id, item)


async def publish_or_defer(*, store: AccountStore, broker: NatsBroker, account_id: str,
                           items: list[OutboxItem]) -> None:
    """After a change is stored: publish now, or leave the events in the outbox for the
    follow-up sweep when JetStream does not answer (the change itself is already kept)."""
    try:
        await flush_outbox(store=store, broker=broker, account_id=account_id, items=items)
    except Exception as exc:  # noqa: BLE001 - deferred, not lost: the outbox keeps the event until published
        log.warning("registry.outbox.deferred", account_id=account_id, events=len(items), error=repr(exc))


async def flush_pending(*, store: AccountStore, broker: NatsBroker) -> int:
    """Publish whatever a crash or an unreachable NATS left in the outboxes."""
    flushed = 0
    for pending in await store.with_outbox():
        await flush_outbox(store=store, broker=broker, account_id=pending.account_id, items=pending.items)
        flushed += len(pending.items)
    return flushed
