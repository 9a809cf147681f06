"""Moderation's subscribers: parse, call one use case."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any


from shared import subjects
from shared.broker import durable_subscriber
from shared.commands import command_subscriber
from shared.contracts import CommandResult, PlatformEvent, RecordPreserved
from shared.contracts.archive import RecordRegistered
from shared.queries import Query, as_reply, as_replies
from shared.runtime.service import ServiceRuntime
from shared.policy.sections.moderation import Decision

from . import service
from .config import ModerationSettings
from .schemas import ClockQuery, DecideCommand, HolidayCommand, ItemQuery, OffenderQuery, QueueQuery, VerdictQuery


def register(runtime: ServiceRuntime, settings: ModerationSettings, deps: service.Deps) -> None:
    broker = runtime.broker
    store = deps.store

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="moderation", name="tag",
                        settings=settings, description="Tags every received item; staff replies stop clocks.")
    async def on_item_received(event: PlatformEvent) -> None:
        await service.handle_item(deps=deps, event=event)

    @durable_subscriber(broker, subjects.ARCHIVE_PRESERVED, service="moderation", name="preserved",
                        settings=settings, description="Runs hide/remove/block that waited for the archive.")
    async def on_preserved(event: RecordPreserved) -> None:
        await service.on_preserved(deps=deps, event=event)

    @durable_subscriber(broker, subjects.ARCHIVE_REGISTERED, service="moderation", name="registered",
                        settings=settings, description="Takes case content off the platform once registered "
                                                       "where the pack says so (Lidköping L58).")
    async def on_registered(event: RecordRegistered) -> None:
        await service.on_registered(deps=deps, event=event)

    @broker.subscriber(subjects.query("moderation", "verdicts"), queue="moderation")
    async def query_verdicts(query: VerdictQuery) -> list[dict[str, Any]]:
        if query.item_event_id:
            found = await store.get(query.municipality, query.item_event_id)
            docs = [found] if found else []
        else:
            docs = await store.list(query.municipality, query.limit)
        return as_replies(docs)

    @broker.subscriber(subjects.query("moderation", "queue"), queue="moderation")
    async def query_queue(query: QueueQuery) -> list[dict[str, Any]]:
        return as_replies(await service.review_queue(deps=deps, municipality=query.municipality, status=query.status,
                                                     account_id=query.account_id,
                                                     category=query.category.value if query.category else None,
                                                     limit=query.limit))

    @broker.subscriber(subjects.query("moderation", "item"), queue="moderation")
    async def query_item(query: ItemQuery) -> dict[str, Any] | None:
        found = await service.item_detail(deps=deps, municipality=query.municipality, item_event_id=query.item_event_id)
        return as_reply(found) if found else None

    @broker.subscriber(subjects.query("moderation", "clocks"), queue="moderation")
    async def query_clocks(query: ClockQuery) -> list[dict[str, Any]]:
        return as_replies(await store.clocks_for(query.municipality, item_event_id=query.item_event_id,
                                                 state=query.state, limit=query.limit))

    @broker.subscriber(subjects.query("moderation", "offenders"), queue="moderation")
    async def query_offenders(query: OffenderQuery) -> list[dict[str, Any]]:
        if query.platform and query.account_id and query.author_id:
            found = await store.offender(query.municipality, query.platform, query.account_id, query.author_id)
            return as_replies([found] if found else [])
        return as_replies(await store.offenders_list(query.municipality, min_count=query.min_count, limit=query.limit))

    @broker.subscriber(subjects.query("moderation", "police_report"), queue="moderation")
    async def query_police_report(query: ItemQuery) -> dict[str, Any] | None:
        found = await store.police_report(query.municipality, query.item_event_id)
        return as_reply(found) if found else None

    @broker.subscriber(subjects.query("moderation", "notice"), queue="moderation")
    async def query_notice(query: Query) -> dict[str, Any]:
        return await service.notice(deps=deps, municipality=query.municipality)

    for decision in Decision:

        def decide(command: DecideCommand, decision: Decision = decision) -> Awaitable[CommandResult]:
            return service.decide(deps=deps, decision=decision, actor=command.actor,
                                  municipality=command.municipality, item_event_id=command.item_event_id,
                                  reason=command.reason, command_id=command.command_id,
                                  reply_text=command.reply_text, unit=command.unit,
                                  notify_author=command.notify_author)

        command_subscriber(broker, service="moderation", what=decision.value, model=DecideCommand,
                           description=f"Decision '{decision.value}' on an item (see services/moderation/README.md).")(
            decide)

    @command_subscriber(broker, service="moderation", what="holiday_mode", model=HolidayCommand)
    async def cmd_holiday(command: HolidayCommand) -> CommandResult:
        return await service.set_holiday_mode(deps=deps, actor=command.actor, municipality=command.municipality,
                                              enabled=command.enabled)
