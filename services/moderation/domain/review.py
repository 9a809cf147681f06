"""The review queue's order, and who may decide what (pure rules)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from shared.contracts.commands import Actor, Role
from shared.contracts.moderation import Verdict
from shared.policy.sections.moderation import Decision, ModerationPolicy

from .verdict import SEVERITY_RANK

if TYPE_CHECKING:  # the store's record of a yes, named only as a type: the rules do no I/O
    from ..adapters.store import Approval

# An item without a deadline waits behind every item with one; one without a receipt time is the oldest.
FAR_FUTURE = datetime.max.replace(tzinfo=UTC)
LONG_AGO = datetime.min.replace(tzinfo=UTC)


def queue_sort_key(item: Verdict) -> tuple[int, datetime, datetime]:
    """Most severe first; within a severity, the nearest deadline first; then oldest."""
    return -SEVERITY_RANK[item.severity], item.due_at or FAR_FUTURE, item.received_at or LONG_AGO


REVERSES = {Decision.hide: Decision.unhide}
PLATFORM_ACTIONS = {Decision.hide, Decision.unhide, Decision.remove, Decision.block}


@dataclass(frozen=True)
class Permission:
    allowed: bool
    message: str = ""


def may_decide(actor: Actor, decision: Decision, policy: ModerationPolicy, *, unit: str | None = None) -> Permission:
    """Whether `actor` holds a role the pack gives this decision (scoped to the account's unit)."""
    if policy.permissions is None:
        return Permission(False, "Policypaketet anger inte vem som får fatta beslut.")
    roles = set(policy.permissions.decide.get(decision, []))
    if decision == Decision.block:  # the consulted strategist records the consultation with the same command
        roles |= set(policy.permissions.block_consult)
    if Role.system_administrator in actor.roles and decision not in (Decision.block, Decision.police_report,
                                                                     Decision.police_not_reported):
        roles.add(Role.system_administrator)
    if actor.units and unit and unit not in actor.units:
        return Permission(False, "Du har inte behörighet för det här kontots enhet.")
    if roles & set(actor.roles):
        return Permission(True)
    names = ", ".join(sorted(r.value for r in roles)) or "ingen"
    return Permission(False, f"Beslutet '{decision.value}' kräver någon av rollerna: {names}.")


@dataclass(frozen=True)
class BlockState:
    ready: bool
    message: str
    decider: Approval | None = None
    consulted: Approval | None = None


def block_state(approvals: list[Approval], policy: ModerationPolicy, *, violations: int) -> BlockState:
    """The two-person rule for blocking (E): the responsible function decides after a
    consultation with the communications strategist; two different people, recorded."""
    perms = policy.permissions
    if perms is None:
        return BlockState(False, "Policypaketet anger inte vem som får blockera.")
    if violations < perms.block_min_violations:
        return BlockState(False, f"Blockering gäller den som upprepat bryter mot reglerna: {violations} tidigare "
                                 f"överträdelse(r), minst {perms.block_min_violations} krävs.")
    deciders = [a for a in approvals if set(a.roles) & {r.value for r in perms.decide[Decision.block]}]
    consults = [a for a in approvals if set(a.roles) & {r.value for r in perms.block_consult}]
    if not perms.block_consult:
        return BlockState(bool(deciders), "Klart att blockera." if deciders else "Väntar på beslut av ansvarig "
                                                                                 "funktion.",
                          decider=deciders[0] if deciders else None)
    for d in deciders:
        for c in consults:
            if d.user_id != c.user_id:
                return BlockState(True, "Beslut och samråd finns från två olika personer.", decider=d, consulted=c)
    if deciders and not consults:
        return BlockState(False, "Väntar på samråd med kommunikationsstrateg.")
    if consults and not deciders:
        return BlockState(False, "Väntar på beslut av ansvarig funktion.")
    if deciders and consults:
        return BlockState(False, "Beslut och samråd måste komma från två olika personer.")
    return BlockState(False, "Väntar på beslut av ansvarig funktion och samråd med kommunikationsstrateg.")


def route_unit(text: str, policy: ModerationPolicy, *, account_unit: str | None) -> str | None:
    """The unit feedback goes to: a keyword in the text, else the account's unit, else the default."""
    routing = policy.routing
    if routing is None:
        return account_unit
    words = re.findall(r"\w+", text.lower())
    best, score = None, 0
    for unit_id, unit in routing.units.items():
        # A keyword starts a word (snö: "snön", "snöröjning"), never sits inside one ("missnöjd").
        hits = sum(1 for k in unit.keywords if any(w.startswith(k.lower()) for w in words))
        if hits > score:
            best, score = unit_id, hits
    if best:
        return best
    if account_unit and account_unit in routing.units:
        return account_unit
    return routing.default_unit
