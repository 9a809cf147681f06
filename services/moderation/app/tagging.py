"""Tagging: every received item gets the pack's categories, intents and severity, its
answer-time clocks, and (inbound) its routing and the automatic hides the pack permits."""

from __future__ import annotations

import dataclasses

from shared import subjects
from shared.broker import publish_event
from shared.contracts import ItemTagged, PlatformEvent, Span, Tag, deterministic_id
from shared.contracts.moderation import Clock, DecisionRecord, Verdict, Violation
from shared.contracts.social import Direction, ItemKind
from shared.logging import get_logger
from shared.policy import PolicyPack
from shared.policy.readiness import response_targets_decided

from ..deps import Deps
from ..domain import classify
from ..domain.review import route_unit
from ..domain.sla import Calendar, ClockState, Deadlines, deadlines
from ..domain.verdict import SEVERITY_RANK
from ..domain.verdict import AutoAction
from ..domain.verdict import Verdict as Assessment
from .actions import request_action
from .clocks import CLOCKS, meet_clocks_answered_already, stop_clocks_for_reply, thread_key
from .decision_log import record_decision
from .holiday import holiday_mode_on
from .routing import political_unit, route_feedback

log = get_logger(__name__)

# Kinds that change an existing item and carry no text of their own to tag.
NO_TEXT_KINDS = {ItemKind.delete, ItemKind.hide, ItemKind.unhide, ItemKind.reaction}


CLASSIFIED_CHARS = 20_000  # about 3,000 words: far beyond any comment the sets hold
LONG_TEXT = "long_text"  # signal: only the first CLASSIFIED_CHARS were read by the engine


async def handle_item(*, deps: Deps, event: PlatformEvent) -> ItemTagged | None:
    """One received item: a staff reply stops its thread's clocks; anything with text is tagged."""
    if event.direction == Direction.upprattad:
        await stop_clocks_for_reply(deps=deps, event=event)
    if event.kind in NO_TEXT_KINDS:
        return None
    return await tag_item(deps=deps, event=event)


async def tag_item(*, deps: Deps, event: PlatformEvent) -> ItemTagged:
    """Tag one item, open its clocks, then publish (same ids on every redelivery)."""
    eff = await deps.effective(event.municipality)
    pack = eff.pack
    policy = pack.moderation
    # The rules' cost grows faster than the text (20,000 characters 0.4 s, 108,000 10 s):
    # a longer text is tagged on its beginning and always goes to a person (`long_text`).
    long_text = len(event.text) > CLASSIFIED_CHARS
    verdict = classify(event.text[:CLASSIFIED_CHARS], policy)
    if long_text:
        verdict = dataclasses.replace(verdict, signals=[*verdict.signals, LONG_TEXT])
    inbound = event.direction == Direction.inkommen
    account = await deps.account(event.municipality, str(event.platform), event.account_id) if inbound else None
    tier = str(account.tier) if account else deps.default_tier
    unit = (account.unit or account.responsibilities.unit) if account else None
    # A question to the political leadership is the politicians' unit's, clocks and all (Knivsta L18).
    political = political_unit(event.text, policy, verdict.intents) if inbound else None
    unit = political or unit
    # The unit (and so the board, Eskilstuna L103) where the matter belongs, for its registration.
    matter_unit = (political or route_unit(event.text, policy, account_unit=unit)) \
        if inbound and policy.routing else None
    settings = await deps.store.recent_settings(event.municipality)
    received = event.received_at
    holiday = holiday_mode_on(settings, eff, received)
    # Targets the municipality never set are not deadlines: the clock counts elapsed time
    # (the reports and the item page show it) but nothing is due and no breach is raised.
    targets_decided = response_targets_decided(eff)
    sla_intents = [i for i in verdict.intents if (r := policy.intents.get(i)) is not None and r.sla]  # type: ignore[call-overload]
    due: Deadlines | None = None
    # An edit is the same question again: its clocks already run from the first version.
    if inbound and sla_intents and policy.sla is not None and event.kind != ItemKind.edit:
        calendar = Calendar.of(policy.office_hours, timezone=pack.timezone, unit=unit)
        due = deadlines(received_at=received, tier=tier, sla=policy.sla, calendar=calendar, holiday_mode=holiday)
    tagged = _tagged(event, verdict, pack=pack, due=due if targets_decided else None, clocks_started=due is not None,
                     matter_unit=matter_unit, tier=tier if inbound else None)
    needs_review = inbound and (verdict.recommended_action != "keep" or bool(verdict.auto_actions) or long_text)
    await deps.store.save_verdict(Verdict(
        **tagged.model_dump(exclude={"unit", "tier"}),
        id=event.event_id, text=event.text, kind=str(event.kind), direction=str(event.direction), author=event.author,
        parent_id=event.parent_id, links=event.links, published_at=event.published_at, tier=tier, unit=unit,
        signals=verdict.signals, spans=verdict.spans(event.text), status="open" if needs_review else "no_action",
        severity_rank=SEVERITY_RANK[verdict.severity], due_at=tagged.first_feedback_due, holiday_mode=holiday,
        political_question=bool(political), decisions=[],
    ))
    if due is not None:
        started = _clocks(event, due, tier=tier, unit=unit, targets_decided=targets_decided, holiday=holiday)
        for clock in started:
            await deps.store.save_clock(clock)
        await meet_clocks_answered_already(deps=deps, clocks=started)
    # The account's own posts are not violations by a member of the public, nor is a report
    # that quotes someone else's content.
    reported = "reports_content" in verdict.intents
    if inbound and tagged.forbidden and not reported and event.author.platform_id != event.account_id:
        await deps.store.add_violation(
            municipality=event.municipality, platform=str(event.platform), account_id=event.account_id,
            author_id=event.author.platform_id,
            violation=Violation(item_event_id=event.event_id, item_id=event.item_id, categories=verdict.categories,
                                at=received, author_name=event.author.name, excerpt=event.text[:200]),
        )
    await publish_event(deps.broker, tagged, subjects.MODERATION_TAGGED)
    log.info("item.tagged", item_event_id=event.event_id, categories=verdict.categories, intents=verdict.intents,
             severity=str(verdict.severity))
    if inbound:
        await route_feedback(deps=deps, event=event, pack=pack, verdict_intents=verdict.intents,
                             signals=verdict.signals, unit=unit)
        for auto in verdict.auto_actions:
            await _auto_hide(deps=deps, event=event, auto=auto, categories=verdict.categories)
    return tagged


def _tagged(event: PlatformEvent, verdict: Assessment, *, pack: PolicyPack, due: Deadlines | None,
            clocks_started: bool, matter_unit: str | None, tier: str | None) -> ItemTagged:
    """The verdict as published: its tags with their spans, and the deadlines when decided."""
    routing = pack.moderation.routing
    tags = [Tag(category=h.id, rule_id=h.rule_id,
                spans=[Span(start=s, end=e, text=event.text[s:e]) for s, e in h.spans],
                score=float(h.detail["score"]) if "score" in h.detail else None)
            for h in verdict.hits if h.kind == "category"]
    return ItemTagged(
        event_id=deterministic_id("moderation.tagged", event.event_id),
        correlation_id=event.correlation_id,
        municipality=event.municipality,
        item_event_id=event.event_id,
        platform=event.platform,
        account_id=event.account_id,
        item_id=event.item_id,
        policy=pack.name,
        tags=tags,
        intents=verdict.intents,
        severity=verdict.severity,
        recommended_action=verdict.recommended_action,
        categories=verdict.categories,
        actions=verdict.actions,
        forbidden=any(a.forbidden for a in verdict.actions),
        police_report=any(a.police_report for a in verdict.actions),
        author_id=event.author.platform_id,
        thread_id=event.thread_id or event.parent_id,
        first_feedback_due=due.first_feedback_due if due else None,
        answer_due=due.answer_due if due else None,
        refer_to=verdict.refer_to,
        unit=matter_unit,
        board=routing.units[matter_unit].board if matter_unit and routing else None,
        received_at=event.received_at,
        tier=tier,
        clocks_started=clocks_started,
    )


def _clocks(event: PlatformEvent, due: Deadlines, *, tier: str, unit: str | None, targets_decided: bool,
            holiday: bool) -> list[Clock]:
    """The question's clocks, running from when it was received; without decided targets
    they count elapsed time only (nothing due)."""
    return [Clock(
        id=f"{event.event_id}:{clock}", municipality=event.municipality, item_event_id=event.event_id,
        platform=str(event.platform), account_id=event.account_id, item_id=event.item_id,
        thread_key=thread_key(event), clock=clock, started_at=event.received_at, tier=tier, unit=unit,
        due_at=getattr(due, f"{clock}_due") if targets_decided else None,
        budget_s=getattr(due, f"{clock}_budget").total_seconds() if targets_decided else None,
        targets_decided=targets_decided, state=ClockState.running.value, holiday_mode=holiday,
        correlation_id=event.correlation_id,
    ) for clock, _ in CLOCKS]


async def _auto_hide(*, deps: Deps, event: PlatformEvent, auto: AutoAction, categories: list[str]) -> None:
    """An automatic hide the pack permits: recorded as a decision like any other, reversible
    with `cmd.moderation.unhide`, and executed only after the archive preserved the item."""
    decision = DecisionRecord(
        id=deterministic_id("moderation.auto", event.event_id, auto.category), municipality=event.municipality,
        item_event_id=event.event_id, platform=str(event.platform), account_id=event.account_id,
        item_id=event.item_id, decision="hide",
        reason=f"Automatiskt dolt enligt policypaketet ({auto.category}): {auto.source}",
        actor_id=f"auto:{auto.category}", actor_name="Kanalvakt (automatiskt)", actor_roles=[],
        automatic=True, at=event.received_at, rules=auto.rules, categories=categories,
    )
    await record_decision(deps=deps, decision=decision, correlation_id=event.correlation_id, close=False)
    await request_action(deps=deps, decision=decision, action="hide", author_id=event.author.platform_id,
                         correlation_id=event.correlation_id)
