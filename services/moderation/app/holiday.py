"""Holiday mode (semesterläge): longer answer times the pack allows, and the notice
shown to the public while it is on."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from shared import subjects
from shared.broker import publish_event
from shared.contracts import Actor, CommandResult, HolidayModeChanged, deterministic_id
from shared.contracts.moderation import HolidayModeSet, Notice
from shared.policy.local import Effective
from shared.policy.readiness import holiday_periods_decided

from ..adapters.store import MunicipalitySettings
from ..deps import Deps
from ..domain.sla import in_holiday_period

HOLIDAY_ROLES = {"head_of_communications", "communications_strategist", "system_administrator", "responsible_editor"}


def holiday_mode_on(settings: MunicipalitySettings, eff: Effective, moment: datetime) -> bool:
    """Staff's explicit switch wins; without one, only holiday periods the municipality
    decided switch it on (no pack's document names them: a guessed period never acts)."""
    if settings.holiday_mode is not None:
        return settings.holiday_mode
    sla = eff.pack.moderation.sla
    return bool(sla and holiday_periods_decided(eff) and in_holiday_period(sla, moment, ZoneInfo(eff.pack.timezone)))


async def set_holiday_mode(*, deps: Deps, actor: Actor, municipality: str,
                           enabled: bool) -> CommandResult[HolidayModeSet]:
    """Switch holiday mode on or off for the actor's own municipality, and say so on the bus."""
    if actor.municipality != municipality:
        return CommandResult(ok=False, message="Du kan bara ändra din egen kommun.")
    if not HOLIDAY_ROLES & {r.value for r in actor.roles}:
        return CommandResult(ok=False, message="Semesterläge kräver kommunikationschef, kommunikationsstrateg "
                                               "eller ansvarig redaktör.")
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
                         data=HolidayModeSet(notice=policy.sla.holiday_mode.notice if enabled else None))


async def notice(*, deps: Deps, municipality: str) -> Notice:
    """Whether holiday mode is on now, and the notice to show while it is."""
    eff = await deps.effective(municipality)
    policy = eff.pack.moderation
    settings = await deps.store.get_settings(municipality)
    on = holiday_mode_on(settings, eff, deps.now())
    hm = policy.sla.holiday_mode if policy.sla else None
    return Notice(holiday_mode=on, notice=hm.notice if (on and hm) else None, factor=hm.factor if hm else 1.0,
                  manual=settings.holiday_mode, changed_by=settings.holiday_changed_by)


async def announce_period_changes(*, deps: Deps, municipalities: list[str]) -> list[tuple[str, bool]]:
    """A decided holiday period that starts or ends switches holiday mode by itself: say so
    on the bus as a staff switch would (notify then posts or takes down the public notice,
    Eskilstuna L74), once per change. Staff's explicit switch wins and is announced by itself."""
    now = deps.now()
    changed = []
    for municipality in municipalities:
        sla = deps.pack(municipality).moderation.sla
        hm = sla.holiday_mode if sla else None
        settings = await deps.store.get_settings(municipality)
        if hm is None or settings.holiday_mode is not None:
            continue
        on = holiday_mode_on(settings, await deps.effective(municipality), now)
        if on == bool(settings.holiday_period_on):
            continue
        day = now.astimezone(ZoneInfo(deps.pack(municipality).timezone)).date().isoformat()
        event = HolidayModeChanged(municipality=municipality, enabled=on, notice=hm.notice, factor=hm.factor,
                                   event_id=deterministic_id("moderation.holiday.period", municipality, on, day))
        await publish_event(deps.broker, event, subjects.MODERATION_HOLIDAY_CHANGED)
        await deps.store.set_holiday_period_on(municipality, on)
        changed.append((municipality, on))
    return changed
