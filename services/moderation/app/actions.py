"""Platform actions (hide, unhide, remove, block). The invariant: nothing leaves the
platform before the archive has preserved the item, so an action waits for
`archive.record.preserved` and then runs exactly once."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from shared import subjects
from shared.broker import publish_event
from shared.connectors import ConnectorError
from shared.contracts import ActionChanged, RecordPreserved, deterministic_id
from shared.contracts.archive import RecordRegistered
from shared.contracts.moderation import DecisionRecord, PlatformAction, Verdict
from shared.logging import get_logger

from ..deps import Deps
from .decision_log import record_decision

log = get_logger(__name__)


async def request_action(*, deps: Deps, decision: DecisionRecord, action: str, author_id: str | None,
                         correlation_id: str) -> str:
    """Record the action as waiting, then try it: it runs only once the archive has
    preserved the item (content and sender), and exactly once."""
    action_id = deterministic_id("moderation.action", decision.id, action)
    doc = PlatformAction(
        id=action_id, decision_id=decision.id, municipality=decision.municipality,
        item_event_id=decision.item_event_id, platform=decision.platform, account_id=decision.account_id,
        item_id=decision.item_id, author_id=author_id, action=action, state="waiting", attempts=0,
        automatic=decision.automatic, created_at=deps.now(), correlation_id=correlation_id,
    )
    await deps.store.save_action(doc)
    if not await deps.store.preserved_record(doc.municipality, doc.platform, doc.item_id):
        await _publish_action(deps=deps, action=doc, state="waiting")
    return await try_execute(deps=deps, action_id=action_id)


async def try_execute(*, deps: Deps, action_id: str) -> str:
    """Run one waiting action if its item is preserved; returns the action's state after."""
    action = await deps.store.get_action(action_id)
    if action is None:
        return "missing"
    if action.state != "waiting":
        return action.state
    preserved = await deps.store.preserved_record(action.municipality, action.platform, action.item_id)
    if preserved is None and action.action != "unhide":
        return "waiting"  # the invariant: nothing leaves the platform before the archive has it
    connector = deps.connectors.get(action.platform)
    if connector is None:
        log.warning("action.no_connector", platform=action.platform, action_id=action_id)
        return "waiting"
    claimed = await deps.store.claim_action(action_id)
    if claimed is None:
        now = await deps.store.get_action(action_id)
        return now.state if now else "missing"
    record_id = preserved.record_id if preserved else None
    try:
        key = f"kanalvakt:{action_id}"
        if action.action == "hide":
            await connector.hide(action.item_id, idempotency_key=key)
        elif action.action == "unhide":
            await connector.unhide(action.item_id, idempotency_key=key)
        elif action.action == "remove":
            await connector.delete(action.item_id, idempotency_key=key)
        elif action.action == "block":
            await connector.block(action.account_id, action.author_id or "", idempotency_key=key)
    except ConnectorError as exc:
        if exc.retryable:
            await deps.store.retry_action_later(action_id, error=str(exc))
            log.warning("action.retry_later", action_id=action_id, error=str(exc))
            return "waiting"
        await deps.store.finish_action(action_id, state="failed", error=str(exc))
        await _publish_action(deps=deps, action=claimed, state="failed", error=str(exc))
        log.error("action.failed", action_id=action_id, error=str(exc))
        return "failed"
    await deps.store.finish_action(action_id, state="executed", record_id=record_id)
    await _publish_action(deps=deps, action=claimed, state="executed", record_id=record_id,
                          preserved_at=preserved.preserved_at if preserved else None)
    log.info("action.executed", action_id=action_id, action=action.action, item_id=action.item_id)
    return "executed"


async def on_preserved(*, deps: Deps, event: RecordPreserved) -> int:
    """The archive has content and sender: run the actions that waited for this item."""
    await deps.store.mark_preserved(event.municipality, str(event.platform), event.item_id, event.record_id,
                                    event.occurred_at)
    waiting = await deps.store.waiting_actions_for_item(event.municipality, str(event.platform), event.item_id)
    return await _execute_all(deps=deps, actions=waiting)


async def on_registered(*, deps: Deps, event: RecordRegistered) -> str | None:
    """Registered in its case: where the pack says case content is moved to the diarium
    (Lidköping L58), the item is taken off the platform, hidden (reversible), as a decision."""
    item = await _registered_item(deps=deps, event=event)
    policy = deps.pack(event.municipality).moderation
    moved = [i for i in (item.intents if item else [])
             if (rule := policy.intents.get(i)) is not None  # type: ignore[call-overload]
             and rule.unpublish_when_registered]
    if item is None or not moved or item.direction != "inkommen":
        return None
    decision = DecisionRecord(
        id=deterministic_id("moderation.diarium", item.id, event.record_id), municipality=event.municipality,
        item_event_id=item.id, platform=item.platform, account_id=item.account_id, item_id=item.item_id,
        decision="hide",
        reason=f"Flyttat till diariet ({event.diarienummer}): innehåll som rör ett ärende tas bort ur kanalen",
        actor_id="auto:diarium", actor_name="Kanalvakt (efter diarieföring)", actor_roles=[],
        automatic=True, at=event.registered_at, categories=item.categories,
    )
    correlation_id = item.correlation_id or decision.id
    await record_decision(deps=deps, decision=decision, correlation_id=correlation_id, close=True)
    return await request_action(deps=deps, decision=decision, action="hide", author_id=item.author.platform_id,
                                correlation_id=correlation_id)


async def _registered_item(*, deps: Deps, event: RecordRegistered) -> Verdict | None:
    """The item a registered record keeps. The event names it; one announced before it did
    (an older archive) is found through the preservation receipt."""
    if event.platform is not None and event.item_id is not None:
        return await deps.store.find_item(event.municipality, str(event.platform), event.item_id)
    preserved = await deps.store.preserved_by_record(event.municipality, event.record_id)
    if preserved is None:
        return None  # not an item moderation knows (a broadcast, a snapshot)
    return await deps.store.find_item(event.municipality, preserved.platform, preserved.item_id)


# Whoever records an action tries it at once and tells the person who decided how it
# went. The tick leaves an action nobody has tried yet to that first try for a while:
# taking it in the same moment left the decider with "executing" instead of the
# outcome. A requester that died before trying is covered once the grace is over.
FIRST_TRY_GRACE = timedelta(seconds=30)


async def retry_waiting(*, deps: Deps) -> int:
    """Actions whose item is preserved but which did not run (a race, a platform error)."""
    await deps.store.release_stale(older_than=timedelta(minutes=5))
    first_try_until = deps.now() - FIRST_TRY_GRACE
    due = [a for a in await deps.store.actions_in_state("waiting")
           if a.attempts or a.created_at is None or a.created_at <= first_try_until]
    return await _execute_all(deps=deps, actions=due)


async def _execute_all(*, deps: Deps, actions: Iterable[PlatformAction]) -> int:
    """Try each action in turn; how many ran now."""
    ran = 0
    for action in actions:
        if await try_execute(deps=deps, action_id=action.id) == "executed":
            ran += 1
    return ran


async def _publish_action(*, deps: Deps, action: PlatformAction, state: str, record_id: str | None = None,
                          error: str | None = None, preserved_at: datetime | None = None) -> None:
    # A failure may recur after a retry: each attempt's failure is its own event.
    event = ActionChanged(
        event_id=deterministic_id("moderation.action", action.id, state, action.attempts if state == "failed" else ""),
        correlation_id=action.correlation_id or action.id, municipality=action.municipality,
        action_id=action.id, decision_id=action.decision_id, item_event_id=action.item_event_id,
        platform=action.platform, account_id=action.account_id, item_id=action.item_id, action=action.action,
        state=state, automatic=action.automatic, record_id=record_id, error=error,
        preserved_at=preserved_at,  # the reports: how soon after preservation a removal ran
    )
    await publish_event(deps.broker, event, subjects.moderation_action(state))
