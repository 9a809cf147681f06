"""The fan-out of an approved broadcast: one delivery per channel, recorded as queued in
one round trip, announced, and started at once (posting is `delivery.py`)."""

from __future__ import annotations

import asyncio

from shared.contracts import utcnow
from shared.contracts.notify import Broadcast, BroadcastApproved, Delivery
from shared.logging import get_logger

from ..deps import Deps
from ..domain.broadcasts import PlannedDelivery, plan_deliveries
from .crisis import crisis_accounts, publish_delivery
from .holiday import holiday_accounts

log = get_logger(__name__)


async def plan_fan_out(*, deps: Deps, event: BroadcastApproved) -> list[str]:
    """One delivery per channel: website and CMS first (they need no registry), then every
    active crisis account. Idempotent: a redelivered approval adds nothing twice."""
    broadcast = await deps.broadcasts.get(event.municipality, event.broadcast_id)
    if broadcast is None or broadcast.state != "approved":
        return []
    pack = deps.pack(event.municipality)
    root = broadcast.thread_id if broadcast.thread_id != broadcast.id else None
    parent_posts = await deps.broadcasts.confirmed_posts(root) if root else {}
    website = pack.notify.crisis_channels_include_website if pack else True
    cms = deps.settings.cms_webhook_url is not None
    ids = await _queue(
        deps,
        broadcast,
        plan_deliveries(broadcast_id=broadcast.id, accounts=[], website=website, cms=cms, parent_posts=parent_posts),
    )
    # Raises if registry is silent: retried. The holiday notice goes to every live account (holiday.py).
    accounts = await (holiday_accounts if broadcast.holiday_notice else crisis_accounts)(deps, event.municipality)
    ids += await _queue(
        deps,
        broadcast,
        plan_deliveries(broadcast_id=broadcast.id, accounts=accounts, website=False, cms=False,
                        parent_posts=parent_posts),
    )
    log.info("broadcast.fan_out", broadcast_id=broadcast.id, channels=len(ids), accounts=len(accounts))
    return ids


async def _queue(deps: Deps, broadcast: Broadcast, planned: list[PlannedDelivery]) -> list[str]:
    """Record the planned deliveries as queued (one round trip), announce them, start them."""
    now = utcnow()
    deliveries = [
        Delivery(
            id=p.delivery_id,
            broadcast_id=broadcast.id,
            municipality=broadcast.municipality,
            channel=p.channel,
            platform=p.platform,
            account_id=p.account_id,
            platform_account_id=p.platform_account_id,
            reply_to=p.reply_to,
            state="queued",
            attempt=0,
            next_attempt_at=now,
            created_at=now,
            updated_at=now,
            history=[],
        )
        for p in planned
    ]
    if not deliveries:
        return []
    new = await deps.broadcasts.add_deliveries(deliveries)
    await asyncio.gather(*(publish_delivery(deps.broker, d, municipality=broadcast.municipality) for d in new))
    deps.start(broadcast.id)
    return [d.id for d in deliveries]
