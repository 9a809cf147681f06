"""Use cases of moderation: tag an item, keep question clocks, decide, execute platform
actions only after the archive has preserved the item, and the periodic tick."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.connectors import ConnectorError, OutboundPost, PlatformConnector
from shared.contracts import (ActionChanged, Actor, CommandResult, FeedbackRouted, HolidayModeChanged, ItemDecided,
                              ItemTagged, PlatformEvent, RecordPreserved, SlaChanged, Span, Tag, deterministic_id, utcnow)
from shared.contracts.social import Direction, ItemKind
from shared.logging import get_logger
from shared.policy import PolicyError, PolicyPack, available_packs, load_pack
from shared.policy.sections.moderation import Decision

from .domain import classify
from .domain.review import PLATFORM_ACTIONS, block_state, may_decide, queue_sort_key, route_unit
from .domain.sla import Calendar, ClockState, clock_state, deadlines, in_holiday_period, is_acknowledgement
from .domain.verdict import SEVERITY_RANK
from .store import ModerationStore

log = get_logger(__name__)

NO_TEXT_KINDS = {ItemKind.delete, ItemKind.hide, ItemKind.unhide, ItemKind.reaction}
SLA_INTENT_ORDER = ("question", "complaint", "personal_matter", "out_of_scope")
CLOCKS = (("first_feedback", "first_response"), ("answer", "answer"))


@dataclass
class Deps:
    """What the use cases need; built once in `main.create_app`."""

    store: ModerationStore
    broker: NatsBroker
    connectors: Mapping[str, PlatformConnector]
    default_policy: str = "knivsta"
    account_facts: Callable[[str, str, str], Awaitable[dict[str, Any] | None]] | None = None
    now: Callable[[], datetime] = utcnow
    _facts_cache: dict[tuple[str, str, str], tuple[float, dict[str, Any] | None]] = field(default_factory=dict)
    account_cache_s: float = 300.0
    default_tier: str = "municipality_wide"

    def pack(self, municipality: str) -> PolicyPack:
        name = municipality if municipality in available_packs() else self.default_policy
        return load_pack(name)

    async def facts(self, municipality: str, platform: str, account_id: str) -> dict[str, Any]:
        """The account's tier and unit from registry (cached; the stricter tier if it is silent)."""
        key = (municipality, platform, account_id)
        cached = self._facts_cache.get(key)
        if cached and time.monotonic() - cached[0] < self.account_cache_s:
            return cached[1] or {}
        found = None
        if self.account_facts is not None:
            try:
                found = await self.account_facts(municipality, platform, account_id)
            except Exception as exc:  # registry down or slow: fall back, never block tagging
                log.warning("registry.facts_unavailable", error=repr(exc), account_id=account_id)
                # Ask again soon, not for every item while registry is away.
                self._facts_cache[key] = (time.monotonic() - max(self.account_cache_s - 30.0, 0.0), None)
                return {}
        self._facts_cache[key] = (time.monotonic(), found)
        return found or {}


# --- tagging -----------------------------------------------------------------------------

async def handle_item(*, deps: Deps, event: PlatformEvent) -> ItemTagged | None:
    """One received item: a staff reply stops its thread's clocks; anything with text is tagged."""
    if event.direction == Direction.upprattad:
        await stop_clocks_for_reply(deps=deps, event=event)
    if event.kind in NO_TEXT_KINDS:
        return None
    return await tag_item(deps=deps, event=event)


def _thread_key(event: PlatformEvent) -> str:
    return f"{event.platform}:{event.thread_id or event.parent_id or event.item_id}"


async def tag_item(*, deps: Deps, event: PlatformEvent) -> ItemTagged:
    """Tag one item, open its clocks, then publish (same ids on every redelivery)."""
    pack = deps.pack(event.municipality)
    policy = pack.moderation
    verdict = classify(event.text, policy)
    inbound = event.direction == Direction.inkommen
    facts = await deps.facts(event.municipality, str(event.platform), event.account_id) if inbound else {}
    tier = facts.get("tier") or deps.default_tier
    unit = facts.get("unit") or (facts.get("responsibilities") or {}).get("unit")
    settings = await deps.store.get_settings(event.municipality)
    received = event.received_at
    holiday = _holiday_mode(settings, policy, received, pack.timezone)
    sla_intents = [i for i in verdict.intents if (r := policy.intents.get(i)) is not None and r.sla]  # type: ignore[call-overload]
    due: Any = None
    # An edit is the same question again: its clocks already run from the first version.
    if inbound and sla_intents and policy.sla is not None and event.kind != ItemKind.edit:
        calendar = Calendar.of(policy.office_hours, timezone=pack.timezone, unit=unit)
        due = deadlines(received_at=received, tier=tier, sla=policy.sla, calendar=calendar, holiday_mode=holiday)
    tags = [Tag(category=h.id, rule_id=h.rule_id, spans=[Span(start=s, end=e, text=event.text[s:e]) for s, e in h.spans])
            for h in verdict.hits if h.kind == "category"]
    forbidden = any(a.get("forbidden") for a in verdict.actions)
    tagged = ItemTagged(
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
        forbidden=forbidden,
        police_report=any(a.get("police_report") for a in verdict.actions),
        author_id=event.author.platform_id,
        thread_id=event.thread_id or event.parent_id,
        first_feedback_due=due.first_feedback_due if due else None,
        answer_due=due.answer_due if due else None,
        refer_to=verdict.refer_to,
    )
    needs_review = inbound and (verdict.recommended_action != "keep" or bool(verdict.auto_actions))
    doc = tagged.model_dump(mode="python") | {
        "_id": event.event_id,
        "text": event.text,
        "kind": str(event.kind),
        "direction": str(event.direction),
        "author": event.author.model_dump(mode="json"),
        "parent_id": event.parent_id,
        "links": event.links,
        "published_at": event.published_at,
        "received_at": received,
        "tier": tier,
        "unit": unit,
        "signals": verdict.signals,
        "spans": verdict.spans(event.text),
        "status": "open" if needs_review else "no_action",
        "severity_rank": SEVERITY_RANK[verdict.severity],
        "due_at": due.first_feedback_due if due else None,
        "holiday_mode": holiday,
        "decisions": [],
    }
    await deps.store.save_verdict(doc)
    if due is not None:
        for clock, _ in CLOCKS:
            await deps.store.save_clock({
                "_id": f"{event.event_id}:{clock}", "municipality": event.municipality, "item_event_id": event.event_id,
                "platform": str(event.platform), "account_id": event.account_id, "item_id": event.item_id,
                "thread_key": _thread_key(event), "clock": clock, "started_at": received, "tier": tier, "unit": unit,
                "due_at": getattr(due, f"{clock}_due"), "budget_s": getattr(due, f"{clock}_budget").total_seconds(),
                "state": ClockState.running.value, "holiday_mode": holiday, "correlation_id": event.correlation_id,
            })
    if inbound and forbidden and event.author.platform_id != event.account_id:
        await deps.store.add_violation(
            {"municipality": event.municipality, "platform": str(event.platform), "account_id": event.account_id,
             "author_id": event.author.platform_id},
            {"item_event_id": event.event_id, "item_id": event.item_id, "categories": verdict.categories,
             "at": received, "author_name": event.author.name, "excerpt": event.text[:200]},
        )
    await publish_event(deps.broker, tagged, subjects.MODERATION_TAGGED)
    log.info("item.tagged", item_event_id=event.event_id, categories=verdict.categories, intents=verdict.intents,
             severity=str(verdict.severity))
    if inbound:
        await _route_feedback(deps=deps, event=event, pack=pack, verdict_intents=verdict.intents,
                              signals=verdict.signals, unit=unit)
        for auto in verdict.auto_actions:
            await _auto_hide(deps=deps, event=event, auto=auto, categories=verdict.categories)
    return tagged


def _holiday_mode(settings: dict[str, Any], policy: Any, moment: datetime, timezone: str) -> bool:
    if settings.get("holiday_mode") is not None:
        return bool(settings["holiday_mode"])
    return bool(policy.sla and in_holiday_period(policy.sla, moment, ZoneInfo(timezone)))


async def _route_feedback(*, deps: Deps, event: PlatformEvent, pack: PolicyPack, verdict_intents: list[str],
                          signals: list[str], unit: str | None) -> None:
    policy = pack.moderation
    if policy.routing is None:
        return
    critical = "complaint" in verdict_intents and any(
        r.route_to_unit for i, r in policy.intents.items() if i.value == "complaint")
    praise = "praise" in signals and policy.routing.route_praise
    if not (critical or praise):
        return
    unit_id = route_unit(event.text, policy, account_unit=unit) or policy.routing.default_unit
    target = policy.routing.units.get(unit_id) or policy.routing.units[policy.routing.default_unit]
    routed = FeedbackRouted(
        event_id=deterministic_id("moderation.routed", event.event_id),
        correlation_id=event.correlation_id, municipality=event.municipality, item_event_id=event.event_id,
        account_id=event.account_id, platform=event.platform, unit=unit_id, unit_name=target.name,
        contact=target.contact, kind="critical" if critical else "praise", excerpt=event.text[:500],
    )
    await publish_event(deps.broker, routed, subjects.MODERATION_FEEDBACK_ROUTED)


async def _auto_hide(*, deps: Deps, event: PlatformEvent, auto: dict[str, Any], categories: list[str]) -> None:
    """An automatic hide the pack permits: recorded as a decision like any other, reversible
    with `cmd.moderation.unhide`, and executed only after the archive preserved the item."""
    decision_id = deterministic_id("moderation.auto", event.event_id, auto["category"])
    decision = {
        "_id": decision_id, "municipality": event.municipality, "item_event_id": event.event_id,
        "platform": str(event.platform), "account_id": event.account_id, "item_id": event.item_id,
        "decision": "hide", "reason": f"Automatiskt dolt enligt policypaketet ({auto['category']}): {auto['source']}",
        "actor_id": f"auto:{auto['category']}", "actor_name": "Kanalvakt (automatiskt)", "actor_roles": [],
        "automatic": True, "at": event.received_at, "rules": auto["rules"], "categories": categories,
    }
    await _record_decision(deps=deps, decision=decision, correlation_id=event.correlation_id, close=False)
    await request_action(deps=deps, decision=decision, action="hide", author_id=event.author.platform_id,
                         correlation_id=event.correlation_id)


# --- SLA clocks --------------------------------------------------------------------------

async def stop_clocks_for_reply(*, deps: Deps, event: PlatformEvent) -> None:
    """A staff reply in the thread meets the open clocks (an acknowledgement only the first)."""
    pack = deps.pack(event.municipality)
    sla = pack.moderation.sla
    ack_only = bool(sla and is_acknowledgement(event.text, sla))
    for clock in await deps.store.open_clocks_in_thread(event.municipality, _thread_key(event)):
        if clock["started_at"] > event.received_at:
            continue
        if ack_only and clock["clock"] == "answer":
            continue
        if await deps.store.move_clock(clock["_id"], from_state=clock["state"], to_state="met",
                                       at=event.published_at or event.received_at, met_by=event.event_id):
            await _publish_clock(deps=deps, clock=clock, state="met")
            if clock["clock"] == "answer":  # answered: the question leaves the review queue
                await deps.store.verdicts.update_one(
                    {"_id": clock["item_event_id"], "status": "open", "forbidden": False},
                    {"$set": {"status": "answered", "answered_by": event.event_id}})


async def _publish_clock(*, deps: Deps, clock: dict[str, Any], state: str) -> None:
    deadline = dict(CLOCKS)[clock["clock"]]
    changed = SlaChanged(
        event_id=deterministic_id("moderation.sla", clock["_id"], state),
        correlation_id=clock.get("correlation_id") or deterministic_id("sla", clock["_id"]),
        municipality=clock["municipality"], item_event_id=clock["item_event_id"], account_id=clock["account_id"],
        platform=clock["platform"], clock=clock["clock"], deadline=deadline, state=state, due_at=clock["due_at"],
        tier=clock["tier"], holiday_mode=clock.get("holiday_mode", False),
    )
    await publish_event(deps.broker, changed, subjects.moderation_sla(state))
    log.info("sla.changed", item_event_id=clock["item_event_id"], clock=clock["clock"], state=state)


async def evaluate_clocks(*, deps: Deps) -> int:
    """Move open clocks to at risk / breached as time passes; one event per change."""
    now = deps.now()
    changed = 0
    for clock in await deps.store.open_clocks():
        pack = deps.pack(clock["municipality"])
        policy = pack.moderation
        calendar = Calendar.of(policy.office_hours, timezone=pack.timezone, unit=clock.get("unit"))
        state = clock_state(started_at=clock["started_at"], due=clock["due_at"], budget=timedelta(seconds=clock["budget_s"]),
                            now=now, met_at=None, calendar=calendar,
                            at_risk_fraction=policy.sla.at_risk_fraction if policy.sla else 0.75)
        if state.value != clock["state"] and state in (ClockState.at_risk, ClockState.breached):
            if await deps.store.move_clock(clock["_id"], from_state=clock["state"], to_state=state.value, at=now):
                changed += 1
                await _publish_clock(deps=deps, clock=clock, state=state.value)
    return changed


# --- decisions -----------------------------------------------------------------------------

def _actor_fields(actor: Actor) -> dict[str, Any]:
    return {"actor_id": actor.user_id, "actor_name": actor.name, "actor_roles": [r.value for r in actor.roles]}


async def _record_decision(*, deps: Deps, decision: dict[str, Any], correlation_id: str, close: bool) -> None:
    inserted = await deps.store.save_decision(decision)
    if inserted:
        summary = {k: decision.get(k) for k in ("_id", "decision", "reason", "actor_name", "automatic", "at")}
        status = "decided" if close else None
        if status:
            await deps.store.set_status(decision["municipality"], decision["item_event_id"], status, decision=summary)
        else:
            await deps.store.verdicts.update_one({"_id": decision["item_event_id"]}, {"$push": {"decisions": summary}})
    event = ItemDecided(
        event_id=deterministic_id("moderation.decided", decision["_id"]), correlation_id=correlation_id,
        municipality=decision["municipality"], decision_id=decision["_id"], item_event_id=decision["item_event_id"],
        platform=decision["platform"], account_id=decision["account_id"], item_id=decision["item_id"],
        decision=decision["decision"], reason=decision["reason"], actor_id=decision["actor_id"],
        actor_name=decision.get("actor_name", ""), actor_roles=decision.get("actor_roles", []),
        automatic=decision.get("automatic", False), consulted_id=decision.get("consulted_id"),
        consulted_name=decision.get("consulted_name"), unit=decision.get("unit"), reply_text=decision.get("reply_text"),
        categories=decision.get("categories", []),
    )
    await publish_event(deps.broker, event, subjects.MODERATION_DECIDED)
    log.info("item.decided", decision_id=decision["_id"], decision=decision["decision"], automatic=event.automatic)


async def decide(*, deps: Deps, decision: Decision, actor: Actor, municipality: str, item_event_id: str, reason: str,
                 command_id: str | None = None, reply_text: str | None = None, unit: str | None = None,
                 notify_author: bool = False) -> CommandResult:
    """Check the actor may take `decision` on the item, record it, publish it, and start
    what it sets off (a platform action, a reply, a police-report package)."""
    if actor.municipality != municipality:
        return CommandResult(ok=False, message="Du kan bara fatta beslut för din egen kommun.")
    item = await deps.store.get(municipality, item_event_id)
    if item is None:
        return CommandResult(ok=False, message="Hittar inget inlägg med det id:t.")
    pack = deps.pack(municipality)
    policy = pack.moderation
    permission = may_decide(actor, decision, policy, unit=item.get("unit"))
    if not permission.allowed:
        return CommandResult(ok=False, message=permission.message)
    if decision == Decision.block:
        return await _block(deps=deps, actor=actor, item=item, reason=reason, policy=policy)
    decision_id = command_id and deterministic_id("moderation.decision", municipality, command_id) or \
        deterministic_id("moderation.decision", item_event_id, decision.value, actor.user_id, reason)
    doc: dict[str, Any] = {
        "_id": decision_id, "municipality": municipality, "item_event_id": item_event_id,
        "platform": item["platform"], "account_id": item["account_id"], "item_id": item["item_id"],
        "decision": decision.value, "reason": reason, "automatic": False, "at": deps.now(),
        "categories": item.get("categories", []), **_actor_fields(actor),
    }
    data: dict[str, Any] = {}
    if decision in (Decision.reply, Decision.refer):
        text = reply_text or _referral_text(policy, item) if decision == Decision.refer else reply_text
        if not text:
            return CommandResult(ok=False, message="Ett svar behöver en text.")
        doc["reply_text"] = text
    if decision == Decision.refer and unit:
        if policy.routing and unit not in policy.routing.units:
            return CommandResult(ok=False, message=f"Okänd enhet: {unit}.")
        doc["unit"] = unit
    if decision == Decision.remove and notify_author and policy.templates:
        doc["reply_text"] = policy.templates.removed.format(category=", ".join(item.get("categories", [])) or "reglerna")
    close = decision not in (Decision.register, Decision.police_report, Decision.reply)
    await _record_decision(deps=deps, decision=doc, correlation_id=item.get("correlation_id") or decision_id, close=close)
    if decision in PLATFORM_ACTIONS:
        state = await request_action(deps=deps, decision=doc, action=decision.value,
                                     author_id=(item.get("author") or {}).get("platform_id"),
                                     correlation_id=item.get("correlation_id") or decision_id)
        data["action_state"] = state
        if decision == Decision.unhide:
            await deps.store.verdicts.update_one({"_id": item_event_id}, {"$set": {"status": "decided"}})
    if decision in (Decision.reply, Decision.refer) and doc.get("reply_text"):
        data["reply"] = await _post_reply(deps=deps, item=item, text=doc["reply_text"], key=decision_id)
    if decision == Decision.remove and doc.get("reply_text"):
        data["author_notice"] = doc["reply_text"]
        if item.get("parent_id"):  # the comment is gone: tell its author under the post it was on
            parent = item | {"item_id": item["parent_id"]}
            data["author_notice_post"] = await _post_reply(deps=deps, item=parent, text=doc["reply_text"], key=decision_id)
    if decision == Decision.refer and doc.get("unit") and policy.routing:
        target = policy.routing.units[doc["unit"]]
        await publish_event(deps.broker, FeedbackRouted(
            event_id=deterministic_id("moderation.referred", decision_id), correlation_id=item.get("correlation_id") or decision_id,
            municipality=municipality, item_event_id=item_event_id, account_id=item["account_id"], platform=item["platform"],
            unit=doc["unit"], unit_name=target.name, contact=target.contact, kind="referred",
            excerpt=(item.get("text") or "")[:500]), subjects.MODERATION_FEEDBACK_ROUTED)
    if decision == Decision.police_report:
        data["package"] = await build_police_report(deps=deps, item=item, decision=doc)
    message = {"hide": "Inlägget döljs när arkivet bekräftat att det sparats.",
               "remove": "Inlägget tas bort när arkivet bekräftat att det sparats."}.get(decision.value, "Beslutet är registrerat.")
    if data.get("action_state") == "executed":
        message = "Beslutet är genomfört."
    return CommandResult(ok=True, message=message, id=decision_id, data=data or None)


def _referral_text(policy: Any, item: dict[str, Any]) -> str | None:
    templates = policy.templates
    if templates is None:
        return None
    if "out_of_scope" in item.get("intents", []) and item.get("refer_to"):
        return templates.refer_authority.format(authority=item["refer_to"].get("authority", ""),
                                                url=item["refer_to"].get("url", ""))
    return templates.refer_personal.format(contact=templates.contact)


async def _post_reply(*, deps: Deps, item: dict[str, Any], text: str, key: str) -> dict[str, Any]:
    connector = deps.connectors.get(item["platform"])
    if connector is None:
        return {"posted": False, "error": "Ingen koppling till plattformen: svara direkt i plattformen."}
    try:
        result = await connector.reply(OutboundPost(account_id=item["account_id"], text=text, reply_to=item["item_id"],
                                                    idempotency_key=f"reply:{key}"))
    except ConnectorError as exc:
        log.warning("reply.failed", item_id=item["item_id"], error=str(exc))
        return {"posted": False, "error": str(exc)}
    return {"posted": True, "platform_post_id": result.platform_post_id}


async def _block(*, deps: Deps, actor: Actor, item: dict[str, Any], reason: str, policy: Any) -> CommandResult:
    """Blocking needs the responsible function and the communications strategist: two
    different people, each recorded; the block runs when both have said yes."""
    author_id = (item.get("author") or {}).get("platform_id")
    if not author_id:
        return CommandResult(ok=False, message="Inlägget saknar avsändare att blockera.")
    municipality = item["municipality"]
    block_id = deterministic_id("moderation.block", municipality, item["platform"], item["account_id"], author_id)
    approval = {"user_id": actor.user_id, "name": actor.name, "roles": [r.value for r in actor.roles],
                "reason": reason, "at": deps.now(), "item_event_id": item["_id"]}
    record = await deps.store.add_block_approval(block_id, {"municipality": municipality, "platform": item["platform"],
                                                            "account_id": item["account_id"], "author_id": author_id},
                                                 approval)
    offender = await deps.store.offender(municipality, item["platform"], item["account_id"], author_id)
    state = block_state(record["approvals"], policy, violations=(offender or {}).get("count", 0))
    if not state.ready:
        return CommandResult(ok=True, message=state.message, id=block_id, data={"ready": False,
                                                                             "approvals": len(record["approvals"])})
    if not await deps.store.set_block_state(block_id, "decided"):
        return CommandResult(ok=True, message="Blockeringen är redan beslutad.", id=block_id, data={"ready": True})
    decider, consulted = state.decider or {}, state.consulted or {}
    doc = {
        "_id": block_id, "municipality": municipality, "item_event_id": item["_id"], "platform": item["platform"],
        "account_id": item["account_id"], "item_id": item["item_id"], "decision": "block",
        "reason": decider.get("reason") or reason, "automatic": False, "at": deps.now(),
        "actor_id": decider.get("user_id"), "actor_name": decider.get("name", ""), "actor_roles": decider.get("roles", []),
        "consulted_id": consulted.get("user_id"), "consulted_name": consulted.get("name"),
        "categories": item.get("categories", []), "violations": (offender or {}).get("count", 0),
    }
    await _record_decision(deps=deps, decision=doc, correlation_id=item.get("correlation_id") or block_id, close=True)
    action_state = await request_action(deps=deps, decision=doc, action="block", author_id=author_id,
                                        correlation_id=item.get("correlation_id") or block_id)
    return CommandResult(ok=True, message=state.message, id=block_id, data={"ready": True, "action_state": action_state})


# --- platform actions: only after archive.record.preserved -----------------------------------

async def request_action(*, deps: Deps, decision: dict[str, Any], action: str, author_id: str | None,
                         correlation_id: str) -> str:
    """Record the action as waiting, then try it: it runs only once the archive has
    preserved the item (content and sender), and exactly once."""
    action_id = deterministic_id("moderation.action", decision["_id"], action)
    doc = {
        "_id": action_id, "decision_id": decision["_id"], "municipality": decision["municipality"],
        "item_event_id": decision["item_event_id"], "platform": decision["platform"],
        "account_id": decision["account_id"], "item_id": decision["item_id"], "author_id": author_id,
        "action": action, "state": "waiting", "attempts": 0, "automatic": decision.get("automatic", False),
        "created_at": deps.now(), "correlation_id": correlation_id,
    }
    await deps.store.save_action(doc)
    if not await deps.store.preserved_record(doc["municipality"], doc["platform"], doc["item_id"]):
        await _publish_action(deps=deps, action=doc, state="waiting")
    return await try_execute(deps=deps, action_id=action_id)


async def _publish_action(*, deps: Deps, action: dict[str, Any], state: str, record_id: str | None = None,
                          error: str | None = None) -> None:
    event = ActionChanged(
        event_id=deterministic_id("moderation.action", action["_id"], state, action.get("attempts", 0) if state == "failed" else ""),
        correlation_id=action.get("correlation_id") or action["_id"], municipality=action["municipality"],
        action_id=action["_id"], decision_id=action["decision_id"], item_event_id=action["item_event_id"],
        platform=action["platform"], account_id=action["account_id"], item_id=action["item_id"], action=action["action"],
        state=state, automatic=action.get("automatic", False), record_id=record_id, error=error,
    )
    await publish_event(deps.broker, event, subjects.moderation_action(state))


async def try_execute(*, deps: Deps, action_id: str) -> str:
    action = await deps.store.get_action(action_id)
    if action is None:
        return "missing"
    if action["state"] != "waiting":
        return action["state"]
    preserved = await deps.store.preserved_record(action["municipality"], action["platform"], action["item_id"])
    if preserved is None and action["action"] != "unhide":
        return "waiting"  # the invariant: nothing leaves the platform before the archive has it
    connector = deps.connectors.get(action["platform"])
    if connector is None:
        log.warning("action.no_connector", platform=action["platform"], action_id=action_id)
        return "waiting"
    claimed = await deps.store.claim_action(action_id)
    if claimed is None:
        return (await deps.store.get_action(action_id) or {}).get("state", "missing")
    record_id = preserved["record_id"] if preserved else None
    try:
        key = f"kanalvakt:{action_id}"
        if action["action"] == "hide":
            await connector.hide(action["item_id"], idempotency_key=key)
        elif action["action"] == "unhide":
            await connector.unhide(action["item_id"], idempotency_key=key)
        elif action["action"] == "remove":
            await connector.delete(action["item_id"], idempotency_key=key)
        elif action["action"] == "block":
            await connector.block(action["account_id"], action["author_id"], idempotency_key=key)
    except ConnectorError as exc:
        if exc.retryable:
            await deps.store.actions.update_one({"_id": action_id, "state": "executing"},
                                                {"$set": {"state": "waiting", "error": str(exc)}})
            log.warning("action.retry_later", action_id=action_id, error=str(exc))
            return "waiting"
        await deps.store.finish_action(action_id, state="failed", error=str(exc))
        await _publish_action(deps=deps, action=claimed, state="failed", error=str(exc))
        log.error("action.failed", action_id=action_id, error=str(exc))
        return "failed"
    await deps.store.finish_action(action_id, state="executed", record_id=record_id)
    await _publish_action(deps=deps, action=claimed, state="executed", record_id=record_id)
    log.info("action.executed", action_id=action_id, action=action["action"], item_id=action["item_id"])
    return "executed"


async def on_preserved(*, deps: Deps, event: RecordPreserved) -> int:
    """The archive has content and sender: run the actions that waited for this item."""
    await deps.store.mark_preserved(event.municipality, str(event.platform), event.item_id, event.record_id,
                                    event.occurred_at)
    ran = 0
    for action in await deps.store.actions_for_item(event.municipality, str(event.platform), event.item_id, "waiting"):
        if await try_execute(deps=deps, action_id=action["_id"]) == "executed":
            ran += 1
    return ran


async def retry_waiting(*, deps: Deps) -> int:
    """Actions whose item is preserved but which did not run (a race, a platform error)."""
    await deps.store.release_stale(older_than=timedelta(minutes=5))
    ran = 0
    for action in await deps.store.actions_in_state("waiting"):
        if await try_execute(deps=deps, action_id=action["_id"]) == "executed":
            ran += 1
    return ran


async def tick(*, deps: Deps) -> None:
    """The periodic work: clocks, and actions that may run now."""
    await evaluate_clocks(deps=deps)
    await retry_waiting(deps=deps)


# --- police report, holiday mode, queue ----------------------------------------------------

async def build_police_report(*, deps: Deps, item: dict[str, Any], decision: dict[str, Any]) -> dict[str, Any]:
    """Content, sender, times, thread context and the archive's proof, in one package."""
    municipality = item["municipality"]
    thread_id = item.get("thread_id")
    context = await deps.store.thread(municipality, thread_id) if thread_id else []
    preserved = await deps.store.preserved_record(municipality, item["platform"], item["item_id"])
    offender = await deps.store.offender(municipality, item["platform"], item["account_id"],
                                         (item.get("author") or {}).get("platform_id", ""))
    package = {
        "_id": decision["_id"], "municipality": municipality, "item_event_id": item["_id"], "created_at": deps.now(),
        "prepared_by": {"user_id": decision["actor_id"], "name": decision.get("actor_name")}, "reason": decision["reason"],
        "content": {"text": item.get("text", ""), "platform": item["platform"], "account_id": item["account_id"],
                    "item_id": item["item_id"], "kind": item.get("kind"), "links": item.get("links", [])},
        "sender": item.get("author"),
        "times": {"published_at": item.get("published_at"), "received_at": item.get("received_at"),
                  "tagged_at": item.get("occurred_at")},
        "categories": item.get("categories", []), "tags": item.get("tags", []),
        "thread": [{"item_id": c["item_id"], "author": c.get("author"), "text": c.get("text"),
                    "received_at": c.get("received_at"), "direction": c.get("direction")} for c in context],
        "archive_proof": ({"record_id": preserved["record_id"], "preserved_at": preserved["preserved_at"]}
                          if preserved else None),
        "earlier_violations": (offender or {}).get("count", 0),
    }
    await deps.store.save_police_report(package)
    return package


HOLIDAY_ROLES = {"head_of_communications", "communications_strategist", "system_administrator", "responsible_editor"}


async def set_holiday_mode(*, deps: Deps, actor: Actor, municipality: str, enabled: bool) -> CommandResult:
    if actor.municipality != municipality:
        return CommandResult(ok=False, message="Du kan bara ändra din egen kommun.")
    if not HOLIDAY_ROLES & {r.value for r in actor.roles}:
        return CommandResult(ok=False, message="Semesterläge kräver kommunikationschef, kommunikationsstrateg eller ansvarig redaktör.")
    policy = deps.pack(municipality).moderation
    if policy.sla is None or policy.sla.holiday_mode is None:
        return CommandResult(ok=False, message="Policypaketet har inget semesterläge.")
    now = deps.now()
    await deps.store.set_holiday_mode(municipality, enabled=enabled, by=actor.user_id, at=now)
    event = HolidayModeChanged(municipality=municipality, enabled=enabled, notice=policy.sla.holiday_mode.notice,
                               factor=policy.sla.holiday_mode.factor, actor_id=actor.user_id,
                               event_id=deterministic_id("moderation.holiday", municipality, enabled, now.isoformat()))
    await publish_event(deps.broker, event, subjects.MODERATION_HOLIDAY_CHANGED)
    return CommandResult(ok=True, message="Semesterläge på." if enabled else "Semesterläge av.",
                         data={"notice": policy.sla.holiday_mode.notice if enabled else None})


async def notice(*, deps: Deps, municipality: str) -> dict[str, Any]:
    pack = deps.pack(municipality)
    policy = pack.moderation
    settings = await deps.store.get_settings(municipality)
    on = _holiday_mode(settings, policy, deps.now(), pack.timezone)
    hm = policy.sla.holiday_mode if policy.sla else None
    return {"holiday_mode": on, "notice": hm.notice if (on and hm) else None, "factor": hm.factor if hm else 1.0,
            "manual": settings.get("holiday_mode"), "changed_by": settings.get("holiday_changed_by")}


async def review_queue(*, deps: Deps, municipality: str, status: str, account_id: str | None, category: str | None,
                       limit: int) -> list[dict[str, Any]]:
    items = await deps.store.queue(municipality, status=status, account_id=account_id, category=category, limit=limit)
    return sorted(items, key=queue_sort_key)


async def item_detail(*, deps: Deps, municipality: str, item_event_id: str) -> dict[str, Any] | None:
    item = await deps.store.get(municipality, item_event_id)
    if item is None:
        return None
    author = (item.get("author") or {}).get("platform_id", "")
    offender = await deps.store.offender(municipality, item["platform"], item["account_id"], author)
    actions = await deps.store.actions_for_item(municipality, item["platform"], item["item_id"])
    return item | {
        "decision_log": await deps.store.decisions_for(municipality, item_event_id),
        "platform_actions": actions,
        "clocks": await deps.store.clocks_for(municipality, item_event_id=item_event_id),
        "author_history": {"count": (offender or {}).get("count", 0), "violations": (offender or {}).get("violations", [])[-10:]},
        "preserved": await deps.store.preserved_record(municipality, item["platform"], item["item_id"]),
    }


__all__ = ["Deps", "PolicyError", "build_police_report", "decide", "evaluate_clocks", "handle_item", "item_detail",
           "notice", "on_preserved", "request_action", "retry_waiting", "review_queue", "set_holiday_mode", "tag_item",
           "tick", "try_execute"]
