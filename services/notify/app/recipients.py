"""Who is told: the people registry names responsible for the account or unit, else
the communications department from the pack (or settings)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from shared.clients.registry import RegistryClient, RegistryUnavailable
from shared.contracts.registry import Contact, Person, ResponsibleQuery
from shared.logging import get_logger
from shared.policy import PolicyPack
from shared.policy.local import LocalDecisionStore, effective
from shared.policy.readiness import confirmed_escalation, confirmed_fallback

from ..deps import Deps

log = get_logger(__name__)


def addresses(people: Sequence[Person]) -> list[str]:
    seen: list[str] = []
    for person in people:
        if person.email and "@" in person.email and person.email not in seen:
            seen.append(person.email)
    return seen


async def responsible_people(
    registry: RegistryClient,
    *,
    municipality: str,
    account_id: str | None,
    platform: str | None,
    unit: str | None,
) -> list[Contact]:
    """Ask registry (`q.registry.responsible`); [] when it does not answer in time or knows
    nobody (the caller falls back)."""
    if not (account_id or unit):
        return []
    # Registry tries `account_id` as its own id, then as the platform's id (severe-content
    # alerts carry the platform's account id), then the unit.
    try:
        query = ResponsibleQuery(municipality=municipality, account_id=account_id, platform=platform,
                                 platform_account_id=account_id if platform else None, unit=unit)
        found = await registry.responsible(query)
    except (RegistryUnavailable, ValidationError) as exc:  # down, silent, refusing: fall back, never lose the alert
        log.warning("recipients.registry_unavailable", error=str(exc), account_id=account_id)
        return []
    return list(found.people) if found else []


async def fallback(pack: PolicyPack | None, settings_fallback: list[str], *,
                   decisions: LocalDecisionStore | None, escalation: bool = False) -> list[str]:
    """The addresses the municipality confirmed (pack page, /policy), else the operator's
    `KANALVAKT_FALLBACK_EMAIL`; a pack's guessed address is never mailed."""
    if pack is not None and decisions is not None:
        eff = effective(pack, await decisions.all_or_last(pack.name))
        confirmed = confirmed_escalation(eff) if escalation else confirmed_fallback(eff)
        if confirmed:
            return [r.email for r in confirmed]
    if settings_fallback:
        return list(settings_fallback)
    if pack is not None:
        log.warning("recipients.no_confirmed_fallback", municipality=pack.name)
    return []


async def escalation_recipients(deps: Deps, pack: PolicyPack | None) -> list[str]:
    """Who an escalation goes to: the confirmed escalation addresses, else the operator's."""
    return await fallback(pack, deps.settings.fallback_email, decisions=deps.decisions, escalation=True)
