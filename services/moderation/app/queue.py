"""What staff read: the review queue in the order to work it, one item with everything
decided and done about it, and the verdicts, clocks, offenders and police reports."""

from __future__ import annotations

from shared.contracts.moderation import (AuthorHistory, Clock, DecisionRecord, ItemDetail, Offender, PoliceDecision,
                                         PoliceReport, Verdict)

from ..deps import Deps
from ..domain.review import queue_sort_key


async def review_queue(*, deps: Deps, municipality: str, status: str, account_id: str | None, category: str | None,
                       limit: int) -> list[Verdict]:
    """Items in one status, most severe and most urgent first."""
    items = await deps.store.queue(municipality, status=status, account_id=account_id, category=category, limit=limit)
    return sorted(items, key=queue_sort_key)


def police_decision(item: Verdict, log: list[DecisionRecord]) -> PoliceDecision | None:
    """The recorded decision to report or not to report; `missing` while the pack asks for one."""
    taken = [d for d in log if d.decision in ("police_report", "police_not_reported")]
    if taken:
        last = taken[-1]
        return PoliceDecision(state="reported" if last.decision == "police_report" else "not_reported",
                              reason=last.reason, by=last.actor_name, at=last.at)
    return PoliceDecision(state="missing") if item.police_report else None


async def item_detail(*, deps: Deps, municipality: str, item_event_id: str) -> ItemDetail | None:
    """One item with its decision log, platform actions, clocks, author history and archive receipt."""
    item = await deps.store.get(municipality, item_event_id)
    if item is None:
        return None
    offender = await deps.store.offender(municipality, item.platform, item.account_id, item.author.platform_id)
    actions = await deps.store.actions_for_item(municipality, item.platform, item.item_id)
    log = await deps.store.decisions_for(municipality, item_event_id)
    return ItemDetail(
        **dict(item),
        decision_log=log,
        # Where the pack says "ska polisanmälas" (Eskilstuna L118): report or not, with a reason, is a decision.
        police_decision=police_decision(item, log),
        platform_actions=actions,
        clocks=await deps.store.clocks_for(municipality, item_event_id=item_event_id),
        author_history=AuthorHistory(count=offender.count if offender else 0,
                                     violations=offender.violations[-10:] if offender else []),
        preserved=await deps.store.preserved_record(municipality, item.platform, item.item_id),
    )


async def verdicts(*, deps: Deps, municipality: str, item_event_id: str | None, limit: int) -> list[Verdict]:
    """The newest verdicts, or the one of `item_event_id` (none if moderation has not tagged it)."""
    if item_event_id:
        found = await deps.store.get(municipality, item_event_id)
        return [found] if found else []
    return await deps.store.list(municipality, limit)


async def clocks(*, deps: Deps, municipality: str, item_event_id: str | None, state: str | None,
                 limit: int) -> list[Clock]:
    """Answer-time clocks, soonest due first."""
    return await deps.store.clocks_for(municipality, item_event_id=item_event_id, state=state, limit=limit)


async def offenders(*, deps: Deps, municipality: str, platform: str | None, account_id: str | None,
                    author_id: str | None, min_count: int, limit: int) -> list[Offender]:
    """One author's history on an account, or every author with at least `min_count` violations."""
    if platform and account_id and author_id:
        found = await deps.store.offender(municipality, platform, account_id, author_id)
        return [found] if found else []
    return await deps.store.offenders_list(municipality, min_count=min_count, limit=limit)


async def police_report(*, deps: Deps, municipality: str, item_event_id: str) -> PoliceReport | None:
    """The police-report package prepared for the item, if staff decided to report it."""
    return await deps.store.police_report(municipality, item_event_id)
