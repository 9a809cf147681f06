"""Moderation's subscribers, each a few lines calling one use case: items received (tag
them; a staff reply stops its thread's clocks), the archive's receipts (run the actions
that waited for them), the queries (shared/contracts/moderation.py) and the decisions
staff send. `register` binds them (shared/routing.py)."""

from __future__ import annotations

from shared import subjects
from shared.contracts import CommandResult, PlatformEvent, RecordPreserved
from shared.contracts.archive import RecordRegistered
from shared.contracts.moderation import (
    BlockOutcome,
    Clock,
    ClockQuery,
    DecideCommand,
    DecisionOutcome,
    HolidayCommand,
    HolidayModeSet,
    ItemDetail,
    ItemQuery,
    Notice,
    Offender,
    OffenderQuery,
    PoliceReport,
    QueueQuery,
    Verdict,
    VerdictQuery,
)
from shared.contracts.queries import MunicipalityQuery
from shared.policy.sections.moderation import Decision
from shared.routing import Handler, Router
from shared.runtime.service import ServiceRuntime

from .app import actions, decisions, holiday, queue, tagging
from .deps import Deps


async def on_item_received(event: PlatformEvent, deps: Deps) -> None:
    await tagging.handle_item(deps=deps, event=event)


async def on_preserved(event: RecordPreserved, deps: Deps) -> None:
    await actions.on_preserved(deps=deps, event=event)


async def on_registered(event: RecordRegistered, deps: Deps) -> None:
    await actions.on_registered(deps=deps, event=event)


# Queries --------------------------------------------------------------------------------

async def verdicts(q: VerdictQuery, deps: Deps) -> list[Verdict]:
    return await queue.verdicts(deps=deps, municipality=q.municipality, item_event_id=q.item_event_id, limit=q.limit)


async def review_queue(q: QueueQuery, deps: Deps) -> list[Verdict]:
    return await queue.review_queue(deps=deps, municipality=q.municipality, status=q.status, account_id=q.account_id,
                                    category=q.category, limit=q.limit)


async def item(q: ItemQuery, deps: Deps) -> ItemDetail | None:
    return await queue.item_detail(deps=deps, municipality=q.municipality, item_event_id=q.item_event_id)


async def clocks(q: ClockQuery, deps: Deps) -> list[Clock]:
    return await queue.clocks(deps=deps, municipality=q.municipality, item_event_id=q.item_event_id, state=q.state,
                              limit=q.limit)


async def offenders(q: OffenderQuery, deps: Deps) -> list[Offender]:
    return await queue.offenders(deps=deps, municipality=q.municipality, platform=q.platform,
                                 account_id=q.account_id, author_id=q.author_id, min_count=q.min_count,
                                 limit=q.limit)


async def police_report(q: ItemQuery, deps: Deps) -> PoliceReport | None:
    return await queue.police_report(deps=deps, municipality=q.municipality, item_event_id=q.item_event_id)


async def notice(q: MunicipalityQuery, deps: Deps) -> Notice:
    return await holiday.notice(deps=deps, municipality=q.municipality)


# Commands -------------------------------------------------------------------------------

def decide(decision: Decision) -> Handler:
    """`cmd.moderation.<decision>`: the one use case, given which decision it is."""
    async def handle(cmd: DecideCommand, deps: Deps) -> CommandResult[DecisionOutcome | BlockOutcome]:
        return await decisions.decide(deps=deps, decision=decision, actor=cmd.actor, municipality=cmd.municipality,
                                      item_event_id=cmd.item_event_id, reason=cmd.reason,
                                      command_id=cmd.command_id, reply_text=cmd.reply_text, unit=cmd.unit,
                                      notify_author=cmd.notify_author)

    return handle


async def set_holiday_mode(cmd: HolidayCommand, deps: Deps) -> CommandResult[HolidayModeSet]:
    return await holiday.set_holiday_mode(deps=deps, actor=cmd.actor, municipality=cmd.municipality,
                                          enabled=cmd.enabled)


def register(runtime: ServiceRuntime, deps: Deps) -> None:
    router = Router(runtime, deps)
    # In batches (shared/broker.batch_subscriber): a batch's verdicts and clocks go to the
    # database as one command each; a lone item waits at most 0.2 s.
    router.batch(subjects.SOCIAL_RECEIVED_ALL, "tag", on_item_received, max_wait_s=0.2,
                 description="Tags every received item; staff replies stop clocks.")
    # In batches too: one receipt per archived item, so a batch's receipts go as one insert
    # and its waiting actions are found with one query. A removal waits at most 0.2 s more
    # (issue 13 asks within 5 s of preservation); a registration names its item itself, so
    # it needs no receipt kept before it.
    router.batch(subjects.ARCHIVE_PRESERVED, "preserved", on_preserved, max_wait_s=0.2,
                 description="Runs hide/remove/block that waited for the archive.")
    router.durable(subjects.ARCHIVE_REGISTERED, "registered", on_registered,
                   description="Takes case content off the platform once registered where the pack says so "
                               "(Lidköping L58).")
    router.query("verdicts", VerdictQuery, list[Verdict], verdicts)
    router.query("queue", QueueQuery, list[Verdict], review_queue)
    router.query("item", ItemQuery, ItemDetail | None, item)
    router.query("clocks", ClockQuery, list[Clock], clocks)
    router.query("offenders", OffenderQuery, list[Offender], offenders)
    router.query("police_report", ItemQuery, PoliceReport | None, police_report)
    router.query("notice", MunicipalityQuery, Notice, notice)
    for decision in Decision:
        router.command(decision.value, DecideCommand, decide(decision),
                       description=f"Decision '{decision.value}' on an item (see services/moderation/README.md).")
    router.command("holiday_mode", HolidayCommand, set_holiday_mode)
