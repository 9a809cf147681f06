"""Answer-time clocks (SLA): a staff reply in the thread meets them; the periodic tick
moves the rest to at risk and breached as working time passes."""

from __future__ import annotations

from datetime import datetime, timedelta

from shared import subjects
from shared.broker import publish_event
from shared.contracts import PlatformEvent, SlaChanged, deterministic_id
from shared.contracts.moderation import Clock
from shared.logging import get_logger

from ..adapters.store import StaffReply
from ..deps import Deps
from ..domain.sla import Calendar, ClockState, clock_state, is_acknowledgement

log = get_logger(__name__)

# Each clock and the deadline it measures: the first feedback, then the answer itself.
CLOCKS = (("first_feedback", "first_response"), ("answer", "answer"))


def thread_key(event: PlatformEvent) -> str:
    """Clocks are per thread: a reply anywhere in it answers the question that opened it."""
    return f"{event.platform}:{event.thread_id or event.parent_id or event.item_id}"


async def stop_clocks_for_reply(*, deps: Deps, event: PlatformEvent) -> None:
    """A staff reply in the thread meets the open clocks (an acknowledgement only the first).

    The reply is noted first and the open clocks read after; the question's handler saves
    its clocks first and reads the noted replies after (`meet_clocks_answered_already`).
    Messages of one thread are handled concurrently and by several replicas, so a reply
    may be handled before its question: whichever comes second meets the clocks."""
    sla = deps.pack(event.municipality).moderation.sla
    reply = StaffReply(id=event.event_id, municipality=event.municipality, thread_key=thread_key(event),
                       received_at=event.received_at, met_at=event.published_at or event.received_at,
                       ack_only=bool(sla and is_acknowledgement(event.text, sla)))
    await deps.store.note_reply(reply)
    for clock in await deps.store.open_clocks_in_thread(event.municipality, reply.thread_key):
        await _meet(deps=deps, clock=clock, reply=reply)


async def meet_clocks_answered_already(*, deps: Deps, clocks: list[Clock]) -> None:
    """Clocks just started for a question whose reply was handled first."""
    if not clocks:
        return
    first = clocks[0]
    for reply in await deps.store.replies_in_thread(first.municipality, first.thread_key, since=first.started_at):
        for clock in clocks:
            await _meet(deps=deps, clock=clock, reply=reply)


async def _meet(*, deps: Deps, clock: Clock, reply: StaffReply) -> None:
    if clock.started_at > reply.received_at:
        return  # the reply came before the question
    if reply.ack_only and clock.clock == "answer":
        return
    if await deps.store.move_clock(clock.id, from_state=clock.state, to_state="met", at=reply.met_at,
                                   met_by=reply.id):
        await _publish_clock(deps=deps, clock=clock, state="met", met_at=reply.met_at)
        if clock.clock == "answer":  # answered: the question leaves the review queue
            await deps.store.mark_answered(clock.item_event_id, by=reply.id)


async def evaluate_clocks(*, deps: Deps) -> int:
    """Move open clocks to at risk / breached as time passes; one event per change."""
    now = deps.now()
    changed = 0
    for clock in await deps.store.open_clocks():
        if clock.due_at is None or clock.budget_s is None:  # no target decided: counts, never at risk or breached
            continue
        pack = deps.pack(clock.municipality)
        policy = pack.moderation
        calendar = Calendar.of(policy.office_hours, timezone=pack.timezone, unit=clock.unit)
        state = clock_state(started_at=clock.started_at, due=clock.due_at, budget=timedelta(seconds=clock.budget_s),
                            now=now, met_at=None, calendar=calendar,
                            at_risk_fraction=policy.sla.at_risk_fraction if policy.sla else 0.75)
        if state.value != clock.state and state in (ClockState.at_risk, ClockState.breached):
            if await deps.store.move_clock(clock.id, from_state=clock.state, to_state=state.value, at=now):
                changed += 1
                await _publish_clock(deps=deps, clock=clock, state=state.value)
    return changed


async def _publish_clock(*, deps: Deps, clock: Clock, state: str, met_at: datetime | None = None) -> None:
    deadline = dict(CLOCKS)[clock.clock]
    working_seconds = None
    if met_at is not None:  # the reports read the elapsed working time from here, counted as the clock counts it
        pack = (await deps.effective(clock.municipality)).pack  # the calendar tagging set the deadlines with
        calendar = Calendar.of(pack.moderation.office_hours, timezone=pack.timezone, unit=clock.unit)
        working_seconds = calendar.working_time_between(clock.started_at, met_at).total_seconds()
    changed = SlaChanged(
        event_id=deterministic_id("moderation.sla", clock.id, state),
        correlation_id=clock.correlation_id or deterministic_id("sla", clock.id),
        municipality=clock.municipality, item_event_id=clock.item_event_id, account_id=clock.account_id,
        platform=clock.platform, clock=clock.clock, deadline=deadline, state=state, due_at=clock.due_at,
        tier=clock.tier, holiday_mode=clock.holiday_mode, started_at=clock.started_at,
        met_at=met_at, working_seconds=working_seconds,
    )
    await publish_event(deps.broker, changed, subjects.moderation_sla(state))
    log.info("sla.changed", item_event_id=clock.item_event_id, clock=clock.clock, state=state)
