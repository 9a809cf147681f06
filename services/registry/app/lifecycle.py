"""Use cases of registry: the lifecycle commands. Each loads the account, runs one pure
domain step, stores the result with its events, and publishes them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from faststream.nats import NatsBroker

from shared import subjects
from shared.contracts import utcnow
from shared.contracts.base import deterministic_id, new_id
from shared.contracts.commands import Actor
from shared.contracts.registry import (
    AccountCommand,
    ActivateAccount,
    ApproveAccount,
    AssessAccount,
    AssignResponsibilities,
    ProposeAccount,
    RecordReview,
    UpdateAccount,
)
from shared.logging import get_logger
from shared.policy import PolicyPack
from shared.policy.sections.registry import RegistryPolicy

from ..adapters.outbox import change_event, close_recommendation, outbox_item, publish_or_defer
from ..adapters.store import AccountStore, Conflict, OutboxItem, PlatformIdTaken
from ..domain import lifecycle
from ..domain.lifecycle import Refused
from ..domain.model import Account
from .policies import pack_for

log = get_logger(__name__)


Step = Callable[[Account, PolicyPack], object]  # a domain step; what it returns is not used


class _ActorReasonStep(Protocol):
    """A domain step that needs nothing from its command but the actor and the reason."""

    def __call__(self, *, actor: Actor, policy: RegistryPolicy, account: Account, reason: str,
                 now: datetime) -> Account: ...


def _actor_and_reason(domain_step: _ActorReasonStep, command: AccountCommand, now: datetime) -> Step:
    return lambda a, p: domain_step(actor=command.actor, policy=p.registry, account=a, reason=command.reason,
                                    now=now)


def _changing(changes: Callable[[], dict], command: AccountCommand, now: datetime) -> Step:
    """The step of a command that changes facts or responsibilities: `changes` is called
    again on every try, so a retried step gets a dict of its own."""
    def step(account: Account, pack: PolicyPack) -> None:
        _checked(lambda: lifecycle.update(actor=command.actor, policy=pack.registry, account=account,
                                          changes=changes(), reason=command.reason, now=now))
    return step


async def _apply(*, store: AccountStore, broker: NatsBroker, command: AccountCommand,
                 step: Step, extra_events: Callable[[Account, PolicyPack], list[OutboxItem]] | None = None,
                 ) -> Account:
    """Load the command's account, run the domain step, store with a version check,
    publish. Retries a lost race (the step is checked again against the fresher account)."""
    for _ in range(3):
        account = await store.get(command.scope, command.account_id)
        if account is None:
            raise Refused("Kontot finns inte i registret.")
        pack = pack_for(account.municipality)
        expected, before = account.version, len(account.history)
        step(account, pack)
        entries = account.history[before:]
        outbox = [change_event(account, e) for e in entries]
        outbox += extra_events(account, pack) if extra_events else []
        try:
            await store.save(account, expected_version=expected, new_entries=entries, outbox=outbox)
        except Conflict:
            continue
        except PlatformIdTaken as exc:
            raise Refused("Ett annat konto i registret har redan det id:t på plattformen.") from exc
        await publish_or_defer(store=store, broker=broker, account_id=account.account_id, items=outbox)
        log.info("registry.account.changed", account_id=account.account_id,
                 verbs=[e.verb for e in entries], state=str(account.state))
        return account
    raise Refused("Kontot ändrades samtidigt av någon annan. Läs in det igen och försök på nytt.")


async def propose_account(*, store: AccountStore, broker: NatsBroker, command: ProposeAccount,
                          now: datetime | None = None) -> Account:
    """Register a proposal for a new official account."""
    now = now or utcnow()
    actor = command.actor
    account_id = command.account_id or (
        deterministic_id("registry.propose", actor.municipality, actor.user_id, command.request_id)[:20]
        if command.request_id else new_id()[:20]
    )
    existing = await store.get(actor.municipality, account_id)
    if existing is not None:
        if command.request_id and existing.history and existing.history[0].actor.user_id == actor.user_id:
            return existing  # the same proposal sent twice
        raise Refused(f"Det finns redan ett konto med id {account_id!r}.")
    pack = pack_for(actor.municipality)
    try:
        account = Account(
            account_id=account_id, municipality=actor.municipality, platform=command.platform,
            platform_account_id=command.platform_account_id, name=command.name, tier=command.tier,
            crisis_channel=command.crisis_channel, url=command.url, purpose=command.purpose,
            target_group=command.target_group,
        )
    except ValueError as exc:
        raise Refused(f"Ogiltiga uppgifter: {_first_error(exc)}") from exc
    if command.responsibilities:
        lifecycle.apply_changes(account, {"responsibilities": command.responsibilities.changes()}, now)
    lifecycle.propose(actor=actor, policy=pack.registry, account=account, reason=command.reason, now=now)
    outbox = [change_event(account, e) for e in account.history]
    try:
        await store.insert(account, outbox)
    except PlatformIdTaken as exc:
        raise Refused("Kontot finns redan i registret (samma id eller samma konto på plattformen).") from exc
    await publish_or_defer(store=store, broker=broker, account_id=account.account_id, items=outbox)
    log.info("registry.account.proposed", account_id=account.account_id, platform=str(account.platform))
    return account


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
    return str(exc)


def _checked(fn: Callable[[], Any]) -> None:
    """Domain validation errors (pydantic) become refusals staff can read."""
    try:
        fn()
    except ValueError as exc:
        if isinstance(exc, Refused):
            raise
        raise Refused(f"Ogiltiga uppgifter: {_first_error(exc)}") from exc


async def assess_account(*, store: AccountStore, broker: NatsBroker, command: AssessAccount,
                         now: datetime | None = None) -> Account:
    """Record the assessment against the pack's checklist for the account's tier."""
    now = now or utcnow()
    answers = {a.criterion_id: (a.met, a.note or "") for a in command.answers}
    return await _apply(store=store, broker=broker, command=command,
                        step=lambda a, p: lifecycle.assess(actor=command.actor, policy=p.registry, account=a,
                                                           answers=answers, reason=command.reason, now=now))


async def approve_account(*, store: AccountStore, broker: NatsBroker, command: ApproveAccount,
                          now: datetime | None = None) -> Account:
    """The pack's decision-maker approves an assessed account."""
    now = now or utcnow()
    return await _apply(store=store, broker=broker, command=command,
                        step=lambda a, p: lifecycle.approve(actor=command.actor, policy=p.registry, account=a,
                                                            reason=command.reason, consulted=command.consulted,
                                                            now=now))


async def reject_account(*, store: AccountStore, broker: NatsBroker, command: AccountCommand,
                         now: datetime | None = None) -> Account:
    """The pack's decision-maker rejects a proposal."""
    now = now or utcnow()
    return await _apply(store=store, broker=broker, command=command,
                        step=_actor_and_reason(lifecycle.reject, command, now))


async def activate_account(*, store: AccountStore, broker: NatsBroker, command: ActivateAccount,
                           now: datetime | None = None) -> Account:
    """An approved account goes live when every required role is in place."""
    now = now or utcnow()

    def step(account: Account, pack: PolicyPack) -> None:
        facts = {k: v for k, v in {"platform_account_id": command.platform_account_id, "url": command.url}.items()
                 if v is not None}
        if facts:
            _checked(lambda: lifecycle.apply_changes(account, facts, now))
        lifecycle.activate(actor=command.actor, policy=pack.registry, account=account,
                           confirmations=command.confirmations, reason=command.reason, now=now)

    return await _apply(store=store, broker=broker, command=command, step=step)


async def update_account(*, store: AccountStore, broker: NatsBroker, command: UpdateAccount,
                         now: datetime | None = None) -> Account:
    """Change an account's facts (name, address, platform id, crisis use…)."""
    now = now or utcnow()
    return await _apply(store=store, broker=broker, command=command, step=_changing(command.changes, command, now))


async def assign_responsibilities(*, store: AccountStore, broker: NatsBroker, command: AssignResponsibilities,
                                  now: datetime | None = None) -> Account:
    """Assign roles and responsibilities (editor, administrators, substitutes, routines…)."""
    now = now or utcnow()
    changes = {"responsibilities": command.responsibilities.changes()}
    return await _apply(store=store, broker=broker, command=command,
                        step=_changing(lambda: dict(changes), command, now))


async def start_review(*, store: AccountStore, broker: NatsBroker, command: AccountCommand,
                       now: datetime | None = None) -> Account:
    """Open the follow-up review of an active account."""
    now = now or utcnow()
    return await _apply(store=store, broker=broker, command=command,
                        step=_actor_and_reason(lifecycle.start_review, command, now))


async def record_review(*, store: AccountStore, broker: NatsBroker, command: RecordReview,
                        now: datetime | None = None) -> Account:
    """Record a review's outcome; `close` sends a close recommendation to notify."""
    now = now or utcnow()

    def extra(account: Account, pack: PolicyPack) -> list[OutboxItem]:
        if command.outcome != "close":
            return []
        review = account.reviews[-1]
        reasons = review.close_reasons or [command.reason]
        event = close_recommendation(account, pack, reasons=reasons, source="review",
                                      key=f"review:{len(account.reviews)}", now=now)
        return [outbox_item("close_recommended", subjects.REGISTRY_CLOSE_RECOMMENDED, event)]

    return await _apply(
        store=store, broker=broker, command=command,
        step=lambda a, p: lifecycle.record_review(actor=command.actor, policy=p.registry, account=a,
                                                  outcome=command.outcome, reason=command.reason,
                                                  changes=command.changes or "", close_reasons=command.close_reasons,
                                                  now=now),
        extra_events=extra,
    )


async def decide_close(*, store: AccountStore, broker: NatsBroker, command: AccountCommand,
                       now: datetime | None = None) -> Account:
    """Decide to wind an account up (active or under review → closing)."""
    now = now or utcnow()
    return await _apply(store=store, broker=broker, command=command,
                        step=_actor_and_reason(lifecycle.start_closing, command, now))


async def close_account(*, store: AccountStore, broker: NatsBroker, command: AccountCommand,
                        now: datetime | None = None) -> Account:
    """Record that the account is closed on the platform."""
    now = now or utcnow()
    return await _apply(store=store, broker=broker, command=command,
                        step=_actor_and_reason(lifecycle.close, command, now))
