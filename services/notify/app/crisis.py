"""Use cases of crisis broadcasts: draft, revise, approve (two-person rule), cancel, and
what the crisis team reads while writing (templates, live checks, the broadcasts with
their deliveries). The fan-out once approved is `fan_out.py`, the posting `delivery.py`."""

from __future__ import annotations


from faststream.nats import NatsBroker

from shared import subjects
from shared.broker import publish_event
from shared.clients.registry import RegistryUnavailable
from shared.contracts import Actor, CommandResult, deterministic_id, new_id, utcnow
from shared.contracts.commands import Refusal
from shared.contracts.notify import (
    ApproveBroadcast,
    Broadcast,
    BroadcastApproved,
    BroadcastCancelled,
    BroadcastContent,
    BroadcastDrafted,
    BroadcastKind,
    BroadcastView,
    CancelBroadcast,
    CheckResult,
    CrisisSeverity,
    Delivery,
    DeliveryChanged,
    DeliveriesStopped,
    DraftBroadcast,
    DraftChecked,
    PersonRef,
    ReviseBroadcast,
    TemplateView,
)
from shared.contracts.registry import AccountState
from shared.logging import get_logger
from shared.policy import PolicyPack

from ..deps import Deps
from ..domain.broadcasts import (
    PREFIX,
    Channel,
    Refused,
    check_approval,
    check_parent,
    check_revision,
    postable,
    require_role,
)
from ..domain.checks import check_draft
from ..domain.templates import describe, render, templates_for, unfilled

log = get_logger(__name__)

# Registry answers only accounts that can be posted to now; notify filters again, defensively.
POSTABLE_STATES = {AccountState.active, AccountState.under_review}


def _person(actor: Actor) -> PersonRef:
    return PersonRef(user_id=actor.user_id, name=actor.name)


def _crisis_pack(deps: Deps, actor: Actor) -> PolicyPack:
    """The actor's municipality's pack, once the actor is shown to be on its crisis team."""
    municipality = actor.municipality
    pack = deps.pack(municipality)
    if pack is None:
        raise Refused(f"Kommunen {municipality} har ingen policy i Kanalvakt.")
    require_role(actor, pack.notify.crisis_role, municipality)
    return pack


async def crisis_accounts(deps: Deps, municipality: str, *, timeout: float | None = None) -> list[Channel]:
    """Every official account registry flags for crisis use, as `plan_deliveries` takes them
    (raises `RegistryUnavailable` if registry does not answer)."""
    channels = await deps.registry.crisis_channels(municipality, timeout=timeout)
    return [postable(c) for c in channels if c.state in POSTABLE_STATES]


async def run_checks(
    *, deps: Deps, pack: PolicyPack, municipality: str, content: BroadcastContent, kind: BroadcastKind
) -> CheckResult:
    """Checks against the platforms of today's crisis accounts (all platforms if registry is silent)."""
    try:
        platforms = sorted({a.platform for a in await crisis_accounts(deps, municipality)})
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


async def draft_broadcast(*, deps: Deps, command: DraftBroadcast) -> CommandResult[DraftChecked]:
    """A crisis-team member writes a draft (from a template or from scratch)."""
    actor = command.actor
    municipality = actor.municipality
    try:
        pack = _crisis_pack(deps, actor)
        parent = await deps.broadcasts.get(municipality, command.parent_id) if command.parent_id else None
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
                values["handelse"] = parent.content.title
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
    draft = Broadcast(
        id=broadcast_id,
        municipality=municipality,
        kind=command.kind,
        parent_id=command.parent_id,
        thread_id=parent.thread if parent else broadcast_id,
        template_id=template_id,
        content=content,
        revision=1,
        state="draft",
        drafted_by=_person(actor),
        editors=[],
        checks=checks,
        created_at=now,
        updated_at=now,
        correlation_id=broadcast_id,
    )
    if await deps.broadcasts.create(draft):
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
            by=_person(actor),
            revision=1,
            checks=checks,
        )
        await publish_event(deps.broker, event, subjects.NOTIFY_BROADCAST_DRAFTED)
    stored = await deps.broadcasts.get(municipality, broadcast_id)
    assert stored is not None  # created above, or by the first delivery of this command
    return CommandResult(
        ok=True,
        id=broadcast_id,
        message="Utkastet är sparat. En annan person i krisledningen ska godkänna det.",
        data=DraftChecked(revision=stored.revision, checks=stored.checks),
    )


async def revise_broadcast(*, deps: Deps, command: ReviseBroadcast) -> CommandResult[DraftChecked]:
    """Change a draft's text; whoever changes it can no longer approve it."""
    actor = command.actor
    municipality = actor.municipality
    try:
        pack = _crisis_pack(deps, actor)
        draft = await deps.broadcasts.get(municipality, command.broadcast_id)
        if draft is None:
            raise Refused("Utkastet finns inte.")
        check_revision(actor=actor, broadcast=draft)
    except Refused as refused:
        return CommandResult(ok=False, message=str(refused))
    kind = draft.kind
    content = command.content
    if kind is BroadcastKind.all_clear:
        content = content.model_copy(update={"severity": CrisisSeverity.all_clear})
    checks = await run_checks(deps=deps, pack=pack, municipality=municipality, content=content, kind=kind)
    revision = draft.revision + 1
    now = utcnow()
    if not await deps.broadcasts.revise(
        command.broadcast_id, revision=revision, content=content, checks=checks, editor=_person(actor), at=now,
    ):
        return CommandResult(ok=False, message="Utkastet ändrades samtidigt av någon annan. Ladda om och försök igen.")
    event = BroadcastDrafted(
        event_id=deterministic_id("broadcast.revised", command.broadcast_id, revision),
        correlation_id=draft.correlation_id,
        municipality=municipality,
        occurred_at=now,
        broadcast_id=command.broadcast_id,
        kind=kind,
        parent_id=draft.parent_id,
        template_id=draft.template_id,
        content=content,
        by=_person(actor),
        revision=revision,
        checks=checks,
    )
    await publish_event(deps.broker, event, subjects.NOTIFY_BROADCAST_REVISED)
    return CommandResult(
        ok=True,
        id=command.broadcast_id,
        message="Utkastet är ändrat.",
        data=DraftChecked(revision=revision, checks=checks),
    )


def approved_event(broadcast: Broadcast) -> BroadcastApproved:
    assert broadcast.approved_by is not None and broadcast.approved_at is not None  # approved
    return BroadcastApproved(
        event_id=deterministic_id("broadcast.approved", broadcast.id),
        correlation_id=broadcast.correlation_id,
        municipality=broadcast.municipality,
        occurred_at=broadcast.approved_at,
        broadcast_id=broadcast.id,
        kind=broadcast.kind,
        parent_id=broadcast.parent_id,
        content=broadcast.content,
        drafted_by=broadcast.drafted_by,
        approved_by=broadcast.approved_by,
        revision=broadcast.revision,
        checks=broadcast.checks,
        warnings_accepted=bool(broadcast.warnings_accepted),
    )


async def approve_broadcast(*, deps: Deps, command: ApproveBroadcast) -> CommandResult[None]:
    """A second crisis-team member approves: the broadcast goes out to every channel."""
    actor = command.actor
    municipality = actor.municipality
    try:
        _crisis_pack(deps, actor)
        found = await deps.broadcasts.get(municipality, command.broadcast_id)
        if found is None:
            raise Refused("Meddelandet finns inte.")
        if found.state == "approved" and found.approved_by and found.approved_by.user_id == actor.user_id:
            # The same approval again (a resent command): announce it again, post nothing new.
            await publish_event(deps.broker, approved_event(found), subjects.NOTIFY_BROADCAST_APPROVED)
            return CommandResult(ok=True, id=found.id, message="Meddelandet är redan godkänt och skickas ut.")
        check_approval(actor=actor, broadcast=found, revision=command.revision,
                       accept_warnings=command.accept_warnings)
    except Refused as refused:
        return CommandResult(ok=False, message=str(refused))
    now = utcnow()
    if not await deps.broadcasts.approve(
        found.id,
        approver=_person(actor),
        at=now,
        revision=found.revision,
        warnings_accepted=bool(found.checks.warnings),
    ):
        return CommandResult(ok=False, message="Utkastet ändrades eller avbröts just nu. Ladda om och försök igen.")
    approved = await deps.broadcasts.get(municipality, found.id)
    assert approved is not None  # approved just now
    if approved.kind == BroadcastKind.all_clear:
        await deps.broadcasts.close_thread(approved.thread, now)
    await publish_event(deps.broker, approved_event(approved), subjects.NOTIFY_BROADCAST_APPROVED)
    log.info("broadcast.approved", broadcast_id=approved.id, kind=str(approved.kind))
    return CommandResult(ok=True, id=approved.id, message="Meddelandet är godkänt och skickas nu ut.")


async def cancel_broadcast(*, deps: Deps, command: CancelBroadcast) -> CommandResult[DeliveriesStopped]:
    """Stop a draft, or the deliveries of an approved broadcast not yet made."""
    actor = command.actor
    municipality = actor.municipality
    try:
        _crisis_pack(deps, actor)
    except Refused as refused:
        return CommandResult(ok=False, message=str(refused))
    found = await deps.broadcasts.get(municipality, command.broadcast_id)
    if found is None:
        return CommandResult(ok=False, message="Meddelandet finns inte.")
    now = utcnow()
    before = await deps.broadcasts.cancel(found.id, by=_person(actor), reason=command.reason, at=now)
    if before is None:
        if found.state == "cancelled":
            return CommandResult(ok=True, id=found.id, message="Meddelandet är redan avbrutet.")
        return CommandResult(ok=False, message="Meddelandet kan inte avbrytas.")
    cancelled = await deps.broadcasts.cancel_pending(found.id, now)
    for delivery in cancelled:
        await publish_delivery(
            deps.broker, delivery.model_copy(update={"state": "cancelled", "reason": "Utskicket avbröts."}),
            municipality=municipality,
        )
    event = BroadcastCancelled(
        event_id=deterministic_id("broadcast.cancelled", found.id),
        correlation_id=found.correlation_id,
        municipality=municipality,
        occurred_at=now,
        broadcast_id=found.id,
        by=_person(actor),
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
    return CommandResult(ok=True, id=found.id, message=message,
                         data=DeliveriesStopped(deliveries_cancelled=len(cancelled)))


async def publish_delivery(broker: NatsBroker, delivery: Delivery, *, municipality: str) -> None:
    """Announce a delivery's step (`notify.delivery.<state>`), the receipt archive keeps."""
    state = str(delivery.state)
    event = DeliveryChanged(
        event_id=deterministic_id("delivery", delivery.id, state, delivery.attempt),
        correlation_id=delivery.broadcast_id,
        municipality=municipality,
        delivery_id=delivery.id,
        broadcast_id=delivery.broadcast_id,
        channel=delivery.channel,
        platform=delivery.platform,
        account_id=delivery.account_id,
        platform_account_id=delivery.platform_account_id,
        state=delivery.state,
        attempt=delivery.attempt,
        platform_post_id=delivery.platform_post_id,
        url=delivery.url,
        reply_to=delivery.reply_to,
        reason=delivery.reason,
        text=delivery.text,
        next_attempt_at=delivery.next_attempt_at if state == "retrying" else None,
    )
    await publish_event(broker, event, subjects.notify_delivery(state))


async def with_deliveries(deps: Deps, broadcasts: list[Broadcast]) -> list[BroadcastView]:
    """The broadcasts as the crisis page shows them: each with its deliveries and their count per state."""
    deliveries = await deps.broadcasts.deliveries_for([b.id for b in broadcasts])
    by_broadcast: dict[str, list[Delivery]] = {}
    for delivery in deliveries:
        by_broadcast.setdefault(delivery.broadcast_id, []).append(delivery)
    views = []
    for broadcast in broadcasts:
        mine = by_broadcast.get(broadcast.id, [])
        summary: dict[str, int] = {}
        for delivery in mine:
            summary[str(delivery.state)] = summary.get(str(delivery.state), 0) + 1
        views.append(BroadcastView.model_validate(
            {**broadcast.model_dump(by_alias=True), "deliveries": mine, "delivery_summary": summary}))
    return views


async def broadcasts_shown(*, deps: Deps, municipality: str, limit: int, state: str | None) -> list[BroadcastView]:
    """`q.notify.broadcasts`: newest first."""
    return await with_deliveries(deps, await deps.broadcasts.list(municipality, limit=limit, state=state))


async def broadcast_shown(*, deps: Deps, municipality: str, broadcast_id: str) -> BroadcastView | None:
    """`q.notify.broadcast`: one, or None."""
    found = await deps.broadcasts.get(municipality, broadcast_id)
    return (await with_deliveries(deps, [found]))[0] if found else None


def templates(*, deps: Deps, municipality: str) -> list[TemplateView]:
    """The built-in templates and the pack's own (`q.notify.templates`)."""
    pack = deps.pack(municipality)
    return [TemplateView.model_validate(describe(t))
            for t in templates_for(pack.notify.templates if pack else []).values()]


async def check(*, deps: Deps, municipality: str, content: BroadcastContent, kind: BroadcastKind) -> CheckResult:
    """Live feedback while the crisis team writes (`q.notify.check_draft`)."""
    pack = deps.pack(municipality)
    if pack is None:
        raise Refusal(f"Kommunen {municipality} har ingen policy i Kanalvakt.")
    return await run_checks(deps=deps, pack=pack, municipality=municipality, content=content, kind=kind)
