"""Crisis-broadcast rules: who may do what, the two-person rule, delivery planning,
threading and retry backoff. Pure: the use cases in `crisis.py` do the I/O."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel

from shared.contracts import Actor, deterministic_id
from shared.contracts.notify import Broadcast, BroadcastKind, DeliveryState
from shared.contracts.registry import AccountView, CrisisChannel

# Platforms whose connectors can thread an update under the original post.
THREADABLE = {"facebook", "x", "linkedin", "youtube"}
PREFIX = {BroadcastKind.alert: "", BroadcastKind.update: "UPPDATERING: ", BroadcastKind.all_clear: "FARAN ÖVER: "}


class Refused(Exception):
    """A command that must not be carried out; the message is shown to staff (Swedish)."""


def require_role(actor: Actor, role: str, municipality: str) -> None:
    if actor.municipality != municipality:
        raise Refused("Du kan bara hantera din egen kommuns krisinformation.")
    if role not in {str(r) for r in actor.roles}:
        raise Refused("Bara krisledningen får skriva och godkänna krisinformation.")


def check_approval(*, actor: Actor, broadcast: Broadcast, revision: int | None, accept_warnings: bool) -> None:
    """Two-person rule: a second member of the crisis role approves what another wrote."""
    state = broadcast.state
    if state != "draft":
        raise Refused(
            {"cancelled": "Utkastet är avbrutet.", "approved": "Meddelandet är redan godkänt."}.get(
                state, f"Meddelandet kan inte godkännas i läget {state}."
            )
        )
    authors = {broadcast.drafted_by.user_id, *(e.user_id for e in broadcast.editors)}
    if actor.user_id in authors:
        raise Refused(
            "Du kan inte godkänna ett meddelande som du själv har skrivit eller ändrat. "
            "En annan person i krisledningen måste godkänna det."
        )
    if revision is not None and revision != broadcast.revision:
        raise Refused("Utkastet har ändrats sedan du läste det. Läs den nya versionen innan du godkänner.")
    checks = broadcast.checks
    if checks.errors:
        raise Refused("Utkastet har fel som måste rättas först: " + " ".join(checks.errors))
    if checks.warnings and not accept_warnings:
        raise Refused("Utkastet har varningar: " + " ".join(checks.warnings) + " Bekräfta att du godkänner ändå.")


def check_revision(*, actor: Actor, broadcast: Broadcast) -> None:
    if broadcast.state != "draft":
        raise Refused("Bara utkast kan ändras. Skicka en uppdatering i stället.")


def check_parent(*, kind: BroadcastKind, parent: Broadcast | None) -> None:
    if kind is BroadcastKind.alert:
        if parent is not None:
            raise Refused("Ett nytt krismeddelande har inget ursprungsmeddelande; välj uppdatering eller faran över.")
        return
    if parent is None:
        raise Refused("Uppdateringar och 'faran över' måste höra till ett godkänt krismeddelande.")
    if parent.state not in ("approved",):
        raise Refused("Ursprungsmeddelandet är inte godkänt och utskickat.")
    if parent.closed:
        raise Refused("Faran är redan över för det här meddelandet.")


@dataclass(frozen=True)
class PlannedDelivery:
    delivery_id: str
    channel: str
    platform: str | None
    account_id: str | None
    platform_account_id: str | None
    reply_to: str | None


def delivery_id(broadcast_id: str, channel: str) -> str:
    return deterministic_id("delivery", broadcast_id, channel)


@dataclass(frozen=True)
class Channel:
    """An official account a broadcast can be posted to."""

    account_id: str
    platform: str
    platform_account_id: str | None = None
    name: str | None = None
    state: str = "active"
    crisis_channel: bool = True


def postable(account: CrisisChannel | AccountView) -> Channel:
    """A registry account as the channel `plan_deliveries` plans a broadcast for."""
    return Channel(account_id=account.account_id, platform=str(account.platform),
                   platform_account_id=account.platform_account_id, name=account.name,
                   state=str(account.state), crisis_channel=True)


def plan_deliveries(
    *, broadcast_id: str, accounts: list[Channel], website: bool, cms: bool, parent_posts: dict[str, str]
) -> list[PlannedDelivery]:
    """One delivery per channel: the website, the CMS webhook, every active crisis account.
    `parent_posts` maps channel -> the original's platform post id, for threading."""
    planned: list[PlannedDelivery] = []
    if website:
        planned.append(PlannedDelivery(delivery_id(broadcast_id, "website"), "website", "web", None, None, None))
    if cms:
        planned.append(
            PlannedDelivery(delivery_id(broadcast_id, "cms"), "cms", "web", None, None, parent_posts.get("cms"))
        )
    for account in accounts:
        if account.state not in ("active", "under_review") or not account.crisis_channel:
            continue
        channel = f"account:{account.account_id}"
        platform = account.platform
        reply_to = parent_posts.get(channel) if platform in THREADABLE else None
        planned.append(
            PlannedDelivery(
                delivery_id(broadcast_id, channel),
                channel,
                platform,
                account.account_id,
                account.platform_account_id,
                reply_to,
            )
        )
    return planned


def next_attempt(*, attempt: int, backoff: list[float], now: datetime) -> datetime:
    """When to try again after `attempt` failed attempts (the last step repeats)."""
    delay = backoff[min(max(attempt - 1, 0), len(backoff) - 1)]
    return now + timedelta(seconds=delay)


class Outcome(BaseModel):
    """What settling an attempt records on its delivery: only the fields given are written."""

    state: DeliveryState
    reason: str | None = None
    text: str | None = None
    next_attempt_at: datetime | None = None
    lease_until: datetime | None = None
    platform_post_id: str | None = None
    url: str | None = None
    pinned: bool | None = None
    pin_note: str | None = None

    def fields(self) -> dict[str, object]:
        return self.model_dump(exclude_unset=True)
