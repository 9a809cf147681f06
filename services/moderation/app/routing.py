"""Feedback to the unit responsible: complaints and praise the pack routes on its own,
and items staff refer (hänvisa) to a unit."""

from __future__ import annotations

import re

from shared import subjects
from shared.broker import publish_event
from shared.contracts import FeedbackRouted, PlatformEvent, deterministic_id
from shared.policy import PolicyPack
from shared.policy.sections.moderation import ModerationPolicy, Unit

from ..domain.review import route_unit
from ..deps import Deps

# Enough for the unit to know what it is about; the whole item is in the archive.
EXCERPT_CHARS = 500


def political_unit(text: str, policy: ModerationPolicy, intents: list[str]) -> str | None:
    """The unit serving the political leadership, when a question is addressed to it (Knivsta L18)."""
    route = policy.routing.political_questions if policy.routing else None
    if route is None or "question" not in intents:
        return None
    lowered = " " + " ".join(re.findall(r"\w+", text.lower())) + " "
    return route.unit if any(f" {cue.lower()}" in lowered for cue in route.cues) else None


async def route_feedback(*, deps: Deps, event: PlatformEvent, pack: PolicyPack, verdict_intents: list[str],
                         signals: list[str], unit: str | None) -> None:
    """Send a complaint or praise to the unit it concerns, when the pack asks for it; a
    question to the political leadership to the unit that serves it."""
    policy = pack.moderation
    if policy.routing is None:
        return
    political = political_unit(event.text, policy, verdict_intents)
    if political:
        await send_to_unit(deps=deps, event_id=deterministic_id("moderation.routed", event.event_id),
                           correlation_id=event.correlation_id, municipality=event.municipality,
                           item_event_id=event.event_id, account_id=event.account_id, platform=event.platform,
                           unit_id=political, unit=policy.routing.units[political], kind="political_question",
                           text=event.text)
        return
    critical = "complaint" in verdict_intents and any(
        r.route_to_unit for i, r in policy.intents.items() if i.value == "complaint")
    praise = "praise" in signals and policy.routing.route_praise
    if not (critical or praise):
        return
    unit_id = route_unit(event.text, policy, account_unit=unit) or policy.routing.default_unit
    target = policy.routing.units.get(unit_id) or policy.routing.units[policy.routing.default_unit]
    await send_to_unit(deps=deps, event_id=deterministic_id("moderation.routed", event.event_id),
                       correlation_id=event.correlation_id, municipality=event.municipality,
                       item_event_id=event.event_id, account_id=event.account_id, platform=event.platform,
                       unit_id=unit_id, unit=target, kind="critical" if critical else "praise", text=event.text)


async def send_to_unit(*, deps: Deps, event_id: str, correlation_id: str, municipality: str, item_event_id: str,
                       account_id: str, platform: str, unit_id: str, unit: Unit, kind: str, text: str) -> None:
    """Publish `moderation.feedback.routed` for one item and unit (notify delivers it)."""
    routed = FeedbackRouted(
        event_id=event_id, correlation_id=correlation_id, municipality=municipality, item_event_id=item_event_id,
        account_id=account_id, platform=platform, unit=unit_id, unit_name=unit.name, contact=unit.contact,
        kind=kind, excerpt=text[:EXCERPT_CHARS],
    )
    await publish_event(deps.broker, routed, subjects.MODERATION_FEEDBACK_ROUTED)
