"""Decisions on an item (hide, remove, reply, refer, register, police report, block…):
who may take them, the decision log, and what each decision sets off."""

from __future__ import annotations

from typing import Any

from shared.connectors import ConnectorError, OutboundPost
from shared.contracts import Actor, CommandResult, deterministic_id
from shared.contracts.moderation import (BlockOutcome, DecisionOutcome, DecisionRecord, PoliceReport, ReplyOutcome,
                                         Verdict)
from shared.logging import get_logger
from shared.policy.sections.moderation import Decision, ModerationPolicy

from ..adapters.store import Approval
from ..deps import Deps
from ..domain.review import PLATFORM_ACTIONS, block_state, may_decide
from .actions import request_action
from .decision_log import record_decision
from .police_report import build_police_report
from .queue import police_decision
from .routing import send_to_unit

log = get_logger(__name__)


# The writer's function as the public reads it, from the role they act in.
FUNCTIONS = {"administrator": "administratör", "substitute": "ersättare", "responsible_editor": "ansvarig redaktör",
             "communicator": "kommunikatör", "communications_strategist": "kommunikationsstrateg",
             "head_of_communications": "kommunikationschef", "head_of_unit": "verksamhetschef",
             "head_of_administration": "förvaltningschef", "responsible_manager": "ansvarig chef"}


def signed(text: str, policy: ModerationPolicy, actor: Actor) -> str:
    """The reply with the pack's signature (who writes and in what function, Piteå L69), once."""
    signature = policy.templates.signature if policy.templates else ""
    if not signature:
        return text
    function = next((FUNCTIONS[r.value] for r in actor.roles if r.value in FUNCTIONS), "medarbetare")
    line = signature.format(name=actor.name, function=function)
    return text if text.rstrip().endswith(line) else f"{text.rstrip()}\n{line}"


async def decide(*, deps: Deps, decision: Decision, actor: Actor, municipality: str, item_event_id: str, reason: str,
                 command_id: str | None = None, reply_text: str | None = None, unit: str | None = None,
                 notify_author: bool = False) -> CommandResult[DecisionOutcome | BlockOutcome]:
    """Check the actor may take `decision` on the item, record it, publish it, and start
    what it sets off (a platform action, a reply, a police-report package)."""
    if actor.municipality != municipality:
        return CommandResult(ok=False, message="Du kan bara fatta beslut för din egen kommun.")
    item = await deps.store.get(municipality, item_event_id)
    if item is None:
        return CommandResult(ok=False, message="Hittar inget inlägg med det id:t.")
    pack = deps.pack(municipality)
    policy = pack.moderation
    permission = may_decide(actor, decision, policy, unit=item.unit)
    if not permission.allowed:
        return CommandResult(ok=False, message=permission.message)
    if decision == Decision.block:
        return await _block(deps=deps, actor=actor, item=item, reason=reason, policy=policy)
    if decision in (Decision.police_report, Decision.police_not_reported) and not reason.strip():
        return CommandResult(ok=False, message="Beslutet om polisanmälan behöver ett skäl.")
    if decision == Decision.remove and await _police_decision_missing(deps=deps, item=item):
        return CommandResult(ok=False, message=POLICE_DECISION_MISSING)
    # With a command id a resent command is the same decision; without one, the same
    # person giving the same decision for the same reason is.
    decision_id = (command_id and deterministic_id("moderation.decision", municipality, command_id)) or \
        deterministic_id("moderation.decision", item_event_id, decision.value, actor.user_id, reason)
    correlation_id = item.correlation_id or decision_id
    extra: dict[str, Any] = {}  # only what this decision has: the log holds no empty fields
    if decision in (Decision.reply, Decision.refer):
        text = reply_text or _referral_text(policy, item) if decision == Decision.refer else reply_text
        if not text:
            return CommandResult(ok=False, message="Ett svar behöver en text.")
        extra["reply_text"] = signed(text, policy, actor)
    if decision == Decision.refer and unit:
        if policy.routing and unit not in policy.routing.units:
            return CommandResult(ok=False, message=f"Okänd enhet: {unit}.")
        extra["unit"] = unit
    if decision == Decision.remove and notify_author and policy.templates:
        extra["reply_text"] = signed(policy.templates.removed.format(
            category=", ".join(item.categories) or "reglerna"), policy, actor)
    doc = DecisionRecord(
        id=decision_id, municipality=municipality, item_event_id=item_event_id, platform=item.platform,
        account_id=item.account_id, item_id=item.item_id, decision=decision.value, reason=reason, automatic=False,
        at=deps.now(), categories=item.categories, actor_id=actor.user_id, actor_name=actor.name,
        actor_roles=[r.value for r in actor.roles], **extra,
    )
    # A reply, a registration or a police report leaves the item in the queue for its
    # other decisions; everything else settles it.
    close = decision not in (Decision.register, Decision.police_report, Decision.police_not_reported, Decision.reply)
    await record_decision(deps=deps, decision=doc, correlation_id=correlation_id, close=close)
    # What the decision sets off, each part only where it applies (the answer names what happened).
    action_state: str | None = None
    reply: ReplyOutcome | None = None
    author_notice: str | None = None
    author_notice_post: ReplyOutcome | None = None
    package: PoliceReport | None = None
    if decision in PLATFORM_ACTIONS:
        action_state = await request_action(deps=deps, decision=doc, action=decision.value,
                                            author_id=item.author.platform_id, correlation_id=correlation_id)
        if decision == Decision.unhide:
            await deps.store.mark_decided(item_event_id)
    if decision in (Decision.reply, Decision.refer) and doc.reply_text:
        reply = await _post_reply(deps=deps, item=item, text=doc.reply_text, key=decision_id)
    if decision == Decision.remove and doc.reply_text:
        author_notice = doc.reply_text
        if item.parent_id:  # the comment is gone: tell its author under the post it was on
            parent = item.model_copy(update={"item_id": item.parent_id})
            author_notice_post = await _post_reply(deps=deps, item=parent, text=doc.reply_text, key=decision_id)
    if decision == Decision.refer and doc.unit and policy.routing:
        await send_to_unit(deps=deps, event_id=deterministic_id("moderation.referred", decision_id),
                           correlation_id=correlation_id, municipality=municipality, item_event_id=item_event_id,
                           account_id=item.account_id, platform=item.platform, unit_id=doc.unit,
                           unit=policy.routing.units[doc.unit], kind="referred", text=item.text or "")
    if decision == Decision.police_report:
        package = await build_police_report(deps=deps, item=item, decision=doc)
    message = {"hide": "Inlägget döljs när arkivet bekräftat att det sparats.",
               "remove": "Inlägget tas bort när arkivet bekräftat att det sparats."}.get(decision.value,
                                                                                     "Beslutet är registrerat.")
    if action_state == "executed":
        message = "Beslutet är genomfört."
    return CommandResult(ok=True, message=message, id=decision_id, data=DecisionOutcome(
        action_state=action_state, reply=reply, author_notice=author_notice, author_notice_post=author_notice_post,
        package=package))


# Removal takes the content out of the channel: where the pack says unlawful content "ska
# polisanmälas" (Eskilstuna L118) the report-or-not decision comes first. Hiding stays
# possible meanwhile (reversible, and it gets the content out of sight at once).
POLICE_DECISION_MISSING = ("Inlägget kan inte tas bort ännu: beslut om polisanmälan saknas. Policyn säger att "
                           "innehåll som bryter mot lag ska polisanmälas. Registrera först \"Polisanmäl\" eller "
                           "\"Polisanmäls inte\" med skäl; dölj inlägget under tiden om det behövs.")


async def _police_decision_missing(*, deps: Deps, item: Verdict) -> bool:
    if not item.police_report:
        return False
    taken = await deps.store.decisions_for(item.municipality, item.id)
    found = police_decision(item, taken)
    return found is not None and found.state == "missing"


def _referral_text(policy: ModerationPolicy, item: Verdict) -> str | None:
    templates = policy.templates
    if templates is None:
        return None
    if "out_of_scope" in item.intents and item.refer_to:
        return templates.refer_authority.format(authority=item.refer_to.authority, url=item.refer_to.url)
    return templates.refer_personal.format(contact=templates.contact)


async def _post_reply(*, deps: Deps, item: Verdict, text: str, key: str) -> ReplyOutcome:
    connector = deps.connectors.get(item.platform)
    if connector is None:
        return ReplyOutcome(posted=False, error="Ingen koppling till plattformen: svara direkt i plattformen.")
    try:
        result = await connector.reply(OutboundPost(account_id=item.account_id, text=text, reply_to=item.item_id,
                                                    idempotency_key=f"reply:{key}"))
    except ConnectorError as exc:  # the decision stands; staff see the error and reply by hand
        log.warning("reply.failed", item_id=item.item_id, error=str(exc))
        return ReplyOutcome(posted=False, error=str(exc))
    return ReplyOutcome(posted=True, platform_post_id=result.platform_post_id)


async def _block(*, deps: Deps, actor: Actor, item: Verdict, reason: str,
                 policy: ModerationPolicy) -> CommandResult[BlockOutcome]:
    """Blocking needs the responsible function and the communications strategist: two
    different people, each recorded; the block runs when both have said yes."""
    author_id = item.author.platform_id
    if not author_id:
        return CommandResult(ok=False, message="Inlägget saknar avsändare att blockera.")
    municipality = item.municipality
    # One block per author and account, whichever of their items the approvals came from.
    block_id = deterministic_id("moderation.block", municipality, item.platform, item.account_id, author_id)
    approval = Approval(user_id=actor.user_id, name=actor.name, roles=[r.value for r in actor.roles], reason=reason,
                        at=deps.now(), item_event_id=item.id)
    record = await deps.store.add_block_approval(block_id=block_id, municipality=municipality, platform=item.platform,
                                                 account_id=item.account_id, author_id=author_id, approval=approval)
    offender = await deps.store.offender(municipality, item.platform, item.account_id, author_id)
    violations = offender.count if offender else 0
    state = block_state(record.approvals, policy, violations=violations)
    if not state.ready:
        return CommandResult(ok=True, message=state.message, id=block_id,
                             data=BlockOutcome(ready=False, approvals=len(record.approvals)))
    if not await deps.store.set_block_state(block_id, "decided"):
        return CommandResult(ok=True, message="Blockeringen är redan beslutad.", id=block_id,
                             data=BlockOutcome(ready=True))
    decider, consulted = state.decider, state.consulted
    assert decider is not None, "a block is ready only once decided (domain/review.py)"
    correlation_id = item.correlation_id or block_id
    doc = DecisionRecord(
        id=block_id, municipality=municipality, item_event_id=item.id, platform=item.platform,
        account_id=item.account_id, item_id=item.item_id, decision="block", reason=decider.reason or reason,
        automatic=False, at=deps.now(), actor_id=decider.user_id, actor_name=decider.name,
        actor_roles=decider.roles, consulted_id=consulted.user_id if consulted else None,
        consulted_name=consulted.name if consulted else None, categories=item.categories, violations=violations,
    )
    await record_decision(deps=deps, decision=doc, correlation_id=correlation_id, close=True)
    action_state = await request_action(deps=deps, decision=doc, action="block", author_id=author_id,
                                        correlation_id=correlation_id)
    return CommandResult(ok=True, message=state.message, id=block_id,
                         data=BlockOutcome(ready=True, action_state=action_state))
