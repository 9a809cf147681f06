"""Who is told: the people registry names responsible for the account or unit, else
the communications department from the pack (or settings)."""

from __future__ import annotations

from typing import Any

from faststream.nats import NatsBroker

from shared.logging import get_logger
from shared.policy import PolicyPack
from shared.policy.local import LocalDecisionStore, effective
from shared.policy.readiness import confirmed_escalation, confirmed_fallback
from shared.queries import ask

log = get_logger(__name__)

# The registry query that names the responsible people of an account or unit; the reply
# is a list of `shared.contracts.registry.Person` objects (or `{"people": [...]}`).
RESPONSIBLE_QUERY = "responsible"


def addresses(people: list[dict[str, Any]]) -> list[str]:
    seen: list[str] = []
    for person in people:
        email = (person or {}).get("email")
        if isinstance(email, str) and "@" in email and email not in seen:
            seen.append(email)
    return seen


async def responsible_people(
    broker: NatsBroker,
    *,
    municipality: str,
    account_id: str | None,
    platform: str | None,
    unit: str | None,
    timeout: float,
) -> list[dict[str, Any]]:
    """Ask registry; [] when it does not answer in time or knows nobody (caller falls back)."""
    if not (account_id or unit):
        return []
    # Registry tries `account_id` as its own id, then as the platform's id (severe-content
    # alerts carry the platform's account id), then the unit.
    query = {
        "municipality": municipality,
        "account_id": account_id,
        "platform": platform,
        "platform_account_id": account_id if platform else None,
        "unit": unit,
    }
    try:
        reply = await ask(broker, "registry", RESPONSIBLE_QUERY, {k: v for k, v in query.items() if v}, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - registry down or not answering: fall back, never lose the alert
        log.warning("recipients.registry_unavailable", error=repr(exc), account_id=account_id)
        return []
    if isinstance(reply, dict):
        if "error" in reply:
            log.warning("recipients.registry_refused", error=reply["error"], account_id=account_id)
        reply = reply.get("people") or reply.get("contacts") or []
    return [p for p in reply if isinstance(p, dict)] if isinstance(reply, list) else []


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
