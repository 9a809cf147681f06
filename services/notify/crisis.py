"""Use cases of crisis broadcasts: draft, revise, approve (two-person rule), cancel, and
plan the fan-out once approved. Posting itself is `delivery.DeliveryWorker`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.clients.registry import RegistryClient, RegistryUnavailable
from shared.contracts import CommandResult, HolidayModeChanged, deterministic_id, new_id, utcnow
from shared.contracts.notify import (
    ApproveBroadcast,
    BroadcastApproved,
    BroadcastCancelled,
    BroadcastContent,
    BroadcastDrafted,
    BroadcastKind,
    CancelBroadcast,
    CheckResult,
    CrisisSeverity,
    DeliveryChanged,
    DeliveryState,
    DraftBroadcast,
    PersonRef,
    ReviseBroadcast,
)
from shared.contracts.registry import AccountState
from shared.logging import get_logger
from shared.policy import PolicyPack

from .config import NotifySettings
from .domain.broadcasts import (
    PREFIX,
    Refused,
    check_approval,
    check_parent,
    check_revision,
    plan_deliveries,
    postable,
    require_role,
)
from .domain.checks import check_draft
from .domain.templates import render, templates_for, unfilled
from .holiday import holiday_accounts
from .store import BroadcastStore

log = get_logger(__name__)

# Registry answers only accounts that can be posted to now; notify filters again, defensively.
POSTABLE_STATES = {AccountState.active, AccountState.under_review}


@dataclass
class CrisisDeps:
    settings: NotifySettings
    store: BroadcastStore
    broker: NatsBroker
    registry: RegistryClient
    pack: Callable[[str], PolicyPack | None]
    # Start a broadcast's queued deliveries now (the worker's sweeper is the safety net).
    start: Callable[[str], None] = lambda broadcast_id: None
    # The platforms, for what is done to a post after it went out (the holiday notice's unpinning).
    connectors: Mapping[str, Any] = field(default_factory=dict)


def _person(actor: Any) -> dict[str, str]:
    return {"user_id": actor.user_id, "name": actor.name}


def _crisis_pack(deps: CrisisDeps, actor: Any) -> PolicyPack:
    """The actor's municipality's pack, once the actor is shown to be on its crisis team."""
    municipality = actor.municipality
    pack = deps.pack(municipality)
    if pack is None:
        raise Refused(f"Kommunen {municipality} har ingen policy i Kanalvakt.")
    require_role(actor, pack.notify.crisis_role, municipality)
    return pack


async def crisis_accounts(deps: CrisisDeps, municipality: str, *, timeout: float | None = None) -> list[dict[str, Any]]:
    """Every official account registry flags for crisis use, as `plan_deliveries` takes them
    (raises `RegistryUnavailable` if registry does not answer)."""
    channels = await deps.registry.crisis_channels(municipality, timeout=timeout)
    return [postable(c) for c in channels if c.state in POSTABLE_STATES]


async def run_checks(
    *, deps: CrisisDeps, pack: PolicyPack, municipality: str, content: BroadcastContent, kind: BroadcastKind
) -> CheckResult:
    """Checks against the platforms of today's crisis accounts (all platforms if registry is silent)."""
    try:
        platforms = sorted({str(a["platform"]) for a in await crisis_accounts(deps, municipality)})
    except RegistryUnavailable as exc:  # the checks must still run: then against every platform's limit
        log.warning("checks.registry_unavailable", error=str(exc))
        platforms = sorted(pack.notify.length_limits)
    checks = check_draft(
        content,
        platforms=[*platforms, "web"],
        limits=pack.notify.length_limits,
        lix_threshold=pack.notify.lix_warning_threshold,
        languages=pack.notify.languages,
        prefix=PREFIX[kind],
        default_image=bool(deps.settings.crisis_default_image_url),
        consent_required=pack.notify.media_consent_required,
        privacy_check=pack.notify.privacy_check,
    )
    missing = unfilled(content)
    if missing:
        checks = checks.model_copy(
            update={
                "errors": [*checks.errors, "Fyll i mallens fält: " + ", ".join("{" + m + "}" for m in missing) + "."]
            }
        )
    return checks


async def draft_broadcast(*, deps: CrisisDeps, command: DraftBroadcast) -> CommandResult:
    """A crisis-team member writes a draft (from a template or from scratch)."""
    actor = command.actor
    municipality = actor.municipality
    try:
        pack = _crisis_pack(deps, actor)
        parent = await deps.store.get(municipality, command.parent_id) if command.parent_id else None
        if command.parent_id and parent is None:
            raise Refused("Ursprungsmeddelandet finns inte.")
        check_parent(kind=command.kind, parent=parent)
        content = command.content
        templates = templates_for(pack.notify.templates)
        template_id = command.template_id or (
            "all_clear" if command.kind is BroadcastKind.all_clear and not content else None
        )
        if content is None:
            if template_id not in templates:
                raise Refused("Skriv en text eller välj en mall.")
            values = dict(command.values)
            if parent and "handelse" not in values:
                values["handelse"] = parent["content"]["title"]
            content = render(templates[template_id], values)
        if command.kind is BroadcastKind.all_clear and content.severity != "all_clear":
            content = content.model_copy(update={"severity": CrisisSeverity.all_clear})
    except Refused as refused:
        return CommandResult(ok=False, message=str(refused))
    broadcast_id = (
        deterministic_id("broadcast", municipality, actor.user_id, command.request_id)
        if command.request_id
        else new_id()
    )
    checks = await run_checks(deps=deps, pack=pack, municipality=municipality, content=content, kind=command.kind)
    now = utcnow()
    doc: dict[str, Any] = {
        "_id": broadcast_id,
        "municipality": municipality,
        "kind": str(command.kind),
        "parent_id": command.parent_id,
        "thread_id": (parent.get("thread_id") or parent["_id"]) if parent else broadcast_id,
        "template_id": template_id,
        "content": content.model_dump(mode="json"),
        "revision": 1,
        "state": "draft",
        "drafted_by": _person(actor),
        "editors": [],
        "checks": checks.model_dump(mode="json"),
        "created_at": now,
        "updated_at": now,
        "correlation_id": broadcast_id,
    }
    if await deps.store.create(doc):
        event = BroadcastDrafted(
            event_id=deterministic_id("broadcast.drafted", broadcast_id, 1),
            correlation_id=broadcast_id,
            municipality=municipality,
            occurred_at=now,
            broadcast_id=broadcast_id,
            kind=command.kind,
            parent_id=command.parent_id,
            template_id=template_id,
            content=content,
            by=PersonRef(**_person(actor)),
            revision=1,
            checks=checks,
        )
        await publish_event(deps.broker, event, subjects.NOTIFY_BROADCAST_DRAFTED)
    stored = await deps.store.get(municipality, broadcast_id)
    assert stored is not None  # created above, or by the first delivery of this command
    return CommandResult(
        ok=True,
        id=broadcast_id,
        message="Utkastet är sparat. En annan person i krisledningen ska godkänna det.",
        data={"revision": stored["revision"], "checks": stored["checks"]},
    )


async def revise_broadcast(*, deps: CrisisDeps, command: ReviseBroadcast) -> CommandResult:
    """Change a draft's text; whoever changes it can no longer approve it."""
    actor = command.actor
    municipality = actor.municipality
    try:
        pack = _crisis_pack(deps, actor)
        doc = await deps.store.get(municipality, command.broadcast_id)
        if doc is None:
            raise Refused("Utkastet finns inte.")
        check_revision(actor=actor, broadcast=doc)
    except Refused as refused:
        return CommandResult(ok=False, message=str(refused))
    kind = BroadcastKind(doc["kind"])
    content = command.content
    if kind is BroadcastKind.all_clear:
        content = content.model_copy(update={"severity": CrisisSeverity.all_clear})
    checks = await run_checks(deps=deps, pack=pack, municipality=municipality, content=content, kind=kind)
    revision = doc["revision"] + 1
    now = utcnow()
    if not await deps.store.revise(
        command.broadcast_id,
        revision=revision,
        content=content.model_dump(mode="json"),
        checks=checks.model_dump(mode="json"),
        editor=_person(actor),
        at=now,
    ):
        return CommandResult(ok=False, message="Utkastet ändrades samtidigt av någon annan. Ladda om och försök igen.")
    event = BroadcastDrafted(
        event_id=deterministic_id("broadcast.revised", command.broadcast_id, revision),
        correlation_id=doc["correlation_id"],
        municipality=municipality,
        occurred_at=now,
        broadcast_id=command.broadcast_id,
        kind=kind,
        parent_id=doc.get("parent_id"),
        template_id=doc.get("template_id"),
        content=content,
        by=PersonRef(**_person(actor)),
        revision=revision,
        checks=checks,
    )
    await publish_event(deps.broker, event, subjects.NOTIFY_BROADCAST_REVISED)
    return CommandResult(
        ok=True,
        id=command.broadcast_id,
        message="Utkastet är ändrat.",
        data={"revision": revision, "checks": checks.model_dump(mode="json")},
    )


def _approved_event(doc: dict[str, Any]) -> BroadcastApproved:
    return BroadcastApproved(
        event_id=deterministic_id("broadcast.approved", doc["_id"]),
        correlation_id=doc["correlation_id"],
        municipality=doc["municipality"],
        occurred_at=doc["approved_at"],
        broadcast_id=doc["_id"],
        kind=doc["kind"],
        parent_id=doc.get("parent_id"),
        content=BroadcastContent.model_validate(doc["content"]),
        drafted_by=PersonRef(**doc["drafted_by"]),
        approved_by=PersonRef(**doc["approved_by"]),
        revision=doc["revision"],
        checks=CheckResult.model_validate(doc["checks"]),
        warnings_accepted=doc.get("warnings_accepted", False),
    )


HOLIDAY_NOTICE_TITLE = "Längre svarstider under semestern"


async def post_holiday_notice(*, deps: CrisisDeps, event: HolidayModeChanged) -> str | None:
    """Holiday mode switched on where the pack says the public must be told (Eskilstuna L74):
    the pack's notice goes out like an approved broadcast (website and every live account, pinned
    where the platform can: holiday.py; with
    the deliveries' retries and records). Its text was decided in the pack, and switching holiday
    mode on is the decision to publish it, so no second approval is asked. Once per switch."""
    pack = deps.pack(event.municipality)
    holiday = pack.moderation.sla.holiday_mode if pack and pack.moderation.sla else None
    if not (pack and event.enabled and holiday and holiday.post_notice):
        return None
    broadcast_id = deterministic_id("holiday-notice", event.event_id)
    content = BroadcastContent(title=HOLIDAY_NOTICE_TITLE, body=event.notice or holiday.notice,
                               severity=CrisisSeverity.info)
    person = {"user_id": event.actor_id or "holiday-mode", "name": "Semesterläget"}
    now = utcnow()
    checks = CheckResult(lix=0, lix_threshold=pack.notify.lix_warning_threshold)
    doc: dict[str, Any] = {"_id": broadcast_id, "municipality": event.municipality, "kind": str(BroadcastKind.alert),
           "parent_id": None, "thread_id": broadcast_id, "template_id": "holiday_notice",
           "content": content.model_dump(mode="json"), "revision": 1, "state": "approved", "drafted_by": person,
           "approved_by": person, "approved_at": now, "editors": [], "checks": checks.model_dump(mode="json"),
           "created_at": now, "updated_at": now, "correlation_id": event.correlation_id or broadcast_id,
           "holiday_notice": True}
    await deps.store.create(doc)  # a redelivered switch finds it there and announces it again
    stored = await deps.store.get(event.municipality, broadcast_id)
    assert stored is not None  # created just above
    await publish_event(deps.broker, _approved_event(stored), subjects.NOTIFY_BROADCAST_APPROVED)
    log.info("holiday_notice.published", broadcast_id=broadcast_id, municipality=event.municipality)
    return broadcast_id


async def approve_broadcast(*, deps: CrisisDeps, command: ApproveBroadcast) -> CommandResult:
    """A second crisis-team member approves: the broadcast goes out to every channel."""
    actor = command.actor
    municipality = actor.municipality
    try:
        _crisis_pack(deps, actor)
        doc = await deps.store.get(municipality, command.broadcast_id)
        if doc is None:
            raise Refused("Meddelandet finns inte.")
        if doc["state"] == "approved" and doc["approved_by"]["user_id"] == actor.user_id:
            # The same approval again (a resent command): announce it again, post nothing new.
            await publish_event(deps.broker, _approved_event(doc), subjects.NOTIFY_BROADCAST_APPROVED)
            return CommandResult(ok=True, id=doc["_id"], message="Meddelandet är redan godkänt och skickas ut.")
        check_approval(actor=actor, broadcast=doc, revision=command.revision, accept_warnings=command.accept_warnings)
    except Refused as refused:
        return CommandResult(ok=False, message=str(refused))
    now = utcnow()
    if not await deps.store.approve(
        doc["_id"],
        approver=_person(actor),
        at=now,
        revision=doc["revision"],
        warnings_accepted=bool(doc["checks"]["warnings"]),
    ):
        return CommandResult(ok=False, message="Utkastet ändrades eller avbröts just nu. Ladda om och försök igen.")
    doc = await deps.store.get(municipality, doc["_id"])
    assert doc is not None  # approved just now
    if doc["kind"] == BroadcastKind.all_clear:
        await deps.store.close_thread(doc["thread_id"], now)
    await publish_event(deps.broker, _approved_event(doc), subjects.NOTIFY_BROADCAST_APPROVED)
    log.info("broadcast.approved", broadcast_id=doc["_id"], kind=doc["kind"])
    return CommandResult(ok=True, id=doc["_id"], message="Meddelandet är godkänt och skickas nu ut.")


async def cancel_broadcast(*, deps: CrisisDeps, command: CancelBroadcast) -> CommandResult:
    """Stop a draft, or the deliveries of an approved broadcast not yet made."""
    actor = command.actor
    municipality = actor.municipality
    try:
        _crisis_pack(deps, actor)
    except Refused as refused:
        return CommandResult(ok=False, message=str(refused))
    doc = await deps.store.get(municipality, command.broadcast_id)
    if doc is None:
        return CommandResult(ok=False, message="Meddelandet finns inte.")
    now = utcnow()
    before = await deps.store.cancel(doc["_id"], by=_person(actor), reason=command.reason, at=now)
    if before is None:
        if doc["state"] == "cancelled":
            return CommandResult(ok=True, id=doc["_id"], message="Meddelandet är redan avbrutet.")
        return CommandResult(ok=False, message="Meddelandet kan inte avbrytas.")
    cancelled = await deps.store.cancel_pending(doc["_id"], now)
    for delivery in cancelled:
        await publish_delivery(
            deps.broker, {**delivery, "state": "cancelled", "reason": "Utskicket avbröts."}, municipality=municipality
        )
    event = BroadcastCancelled(
        event_id=deterministic_id("broadcast.cancelled", doc["_id"]),
        correlation_id=doc["correlation_id"],
        municipality=municipality,
        occurred_at=now,
        broadcast_id=doc["_id"],
        by=PersonRef(**_person(actor)),
        reason=command.reason,
        deliveries_cancelled=len(cancelled),
    )
    await publish_event(deps.broker, event, subjects.NOTIFY_BROADCAST_CANCELLED)
    message = (
        "Utkastet är avbrutet."
        if before == "draft"
        else f"Utskicket är stoppat: {len(cancelled)} kanaler som inte hunnit få meddelandet får det inte. "
        "Redan publicerade inlägg ligger kvar; skicka en uppdatering om de behöver rättas."
    )
    return CommandResult(ok=True, id=doc["_id"], message=message, data={"deliveries_cancelled": len(cancelled)})


async def publish_delivery(broker: NatsBroker, delivery: dict[str, Any], *, municipality: str) -> None:
    event = DeliveryChanged(
        event_id=deterministic_id("delivery", delivery["_id"], delivery["state"], delivery.get("attempt", 0)),
        correlation_id=delivery["broadcast_id"],
        municipality=municipality,
        delivery_id=delivery["_id"],
        broadcast_id=delivery["broadcast_id"],
        channel=delivery["channel"],
        platform=delivery.get("platform"),
        account_id=delivery.get("account_id"),
        state=DeliveryState(delivery["state"]),
        attempt=delivery.get("attempt", 0),
        platform_post_id=delivery.get("platform_post_id"),
        url=delivery.get("url"),
        reply_to=delivery.get("reply_to"),
        reason=delivery.get("reason"),
        text=delivery.get("text"),
        next_attempt_at=delivery.get("next_attempt_at") if delivery["state"] == "retrying" else None,
    )
    await publish_event(broker, event, subjects.notify_delivery(delivery["state"]))


async def plan_fan_out(*, deps: CrisisDeps, event: BroadcastApproved) -> list[str]:
    """One delivery per channel: website and CMS first (they need no registry), then every
    active crisis account. Idempotent: a redelivered approval adds nothing twice."""
    doc = await deps.store.get(event.municipality, event.broadcast_id)
    if doc is None or doc["state"] != "approved":
        return []
    pack = deps.pack(event.municipality)
    root = doc.get("thread_id") if doc.get("thread_id") != doc["_id"] else None
    parent_posts = await deps.store.confirmed_posts(root) if root else {}
    website = pack.notify.crisis_channels_include_website if pack else True
    cms = deps.settings.cms_webhook_url is not None
    ids = await _queue(
        deps,
        doc,
        plan_deliveries(broadcast_id=doc["_id"], accounts=[], website=website, cms=cms, parent_posts=parent_posts),
    )
    # Raises if registry is silent: retried. The holiday notice goes to every live account (holiday.py).
    accounts = await (holiday_accounts if doc.get("holiday_notice") else crisis_accounts)(deps, event.municipality)
    ids += await _queue(
        deps,
        doc,
        [
            p
            for p in plan_deliveries(
                broadcast_id=doc["_id"], accounts=accounts, website=False, cms=False, parent_posts=parent_posts
            )
        ],
    )
    log.info("broadcast.fan_out", broadcast_id=doc["_id"], channels=len(ids), accounts=len(accounts))
    return ids


async def _queue(deps: CrisisDeps, broadcast: dict[str, Any], planned: list[Any]) -> list[str]:
    """Record the planned deliveries as queued (one round trip), announce them, start them."""
    now = utcnow()
    docs = [
        {
            "_id": p.delivery_id,
            "broadcast_id": broadcast["_id"],
            "municipality": broadcast["municipality"],
            "channel": p.channel,
            "platform": p.platform,
            "account_id": p.account_id,
            "platform_account_id": p.platform_account_id,
            "reply_to": p.reply_to,
            "state": "queued",
            "attempt": 0,
            "next_attempt_at": now,
            "created_at": now,
            "updated_at": now,
            "history": [],
        }
        for p in planned
    ]
    if not docs:
        return []
    new = await deps.store.add_deliveries(docs)
    await asyncio.gather(*(publish_delivery(deps.broker, d, municipality=broadcast["municipality"]) for d in new))
    deps.start(broadcast["_id"])
    return [d["_id"] for d in docs]
