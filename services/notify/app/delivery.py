"""Posting approved broadcasts, one delivery per channel, concurrently.

Each delivery is claimed in MongoDB before it is attempted (so one replica posts it),
carries a deterministic idempotency key to the connector (so a retry never posts twice),
and records every step as a receipt event. Failures the platform calls retryable are
tried again after the configured backoff; the sweeper (`sweep`, a background job) picks
up retries that fall due and deliveries whose worker died mid-post.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections.abc import Callable, Coroutine, Mapping
from datetime import timedelta
from typing import Any

import httpx
from faststream.nats import NatsBroker

from shared.connectors import ConnectorError, OutboundPost, PlatformConnector, PostResult
from shared.contracts import new_id, utcnow
from shared.contracts.notify import Broadcast, Delivery
from shared.logging import get_logger
from shared.policy import PolicyPack

from ..adapters.store import BroadcastStore
from ..config import NotifySettings
from ..domain.broadcasts import PREFIX, Outcome, next_attempt
from ..domain.checks import IMAGE_ONLY, NO_TEXT_POSTS, post_text
from ..domain.website import public_broadcast
from .crisis import publish_delivery
from .holiday import pin_notice

log = get_logger(__name__)


class DeliveryWorker:
    def __init__(
        self,
        *,
        settings: NotifySettings,
        store: BroadcastStore,
        broker: NatsBroker,
        pack: Callable[[str], PolicyPack | None],
        connectors: Mapping[str, PlatformConnector],
        client: httpx.AsyncClient,
    ) -> None:
        self.settings = settings
        self.store = store
        self.broker = broker
        self.pack = pack
        self.connectors = connectors
        self.client = client
        self._slots = asyncio.Semaphore(settings.delivery_concurrency)
        self._writes = asyncio.Semaphore(settings.delivery_write_concurrency)
        self._tasks: set[asyncio.Task[None]] = set()

    def _spawn(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def kick(self, ids: list[str]) -> None:
        """Attempt these deliveries now (each claimed on its own: retries, recovery)."""
        for delivery_id in ids:
            self._spawn(self._run(delivery_id))

    def start_broadcast(self, broadcast_id: str) -> None:
        """Attempt every queued delivery of a freshly approved broadcast at once."""
        self._spawn(self._run_broadcast(broadcast_id))

    async def sweep(self) -> None:
        """Attempt the deliveries that are due: retries, and claims whose lease ran out."""
        self.kick(await self.store.due(utcnow()))

    async def stop(self) -> None:
        # In-flight posts finish (their receipts are written); nothing new starts.
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=15)

    async def _run(self, delivery_id: str) -> None:
        async with self._slots:
            try:
                await self.attempt(delivery_id)
            except Exception as exc:  # noqa: BLE001 - stays claimed: the sweeper retries it when the lease ends
                log.error("delivery.attempt_crashed", delivery_id=delivery_id, error=repr(exc))

    async def _run_broadcast(self, broadcast_id: str) -> None:
        # One claim and one read for the whole fan-out: per-delivery bookkeeping would
        # cost more than the posting with 50 channels.
        try:
            now = utcnow()
            lease = now + timedelta(seconds=self.settings.delivery_lease_seconds)
            claimed = await self.store.claim_batch(broadcast_id, now=now, lease_until=lease, token=new_id())
            if not claimed:
                return
            broadcast = await self.store.get(claimed[0].municipality, broadcast_id)
        except Exception as exc:  # noqa: BLE001 - left queued: the sweeper picks them up
            log.error("delivery.batch_claim_failed", broadcast_id=broadcast_id, error=repr(exc))
            return

        async def one(delivery: Delivery) -> None:
            async with self._slots:
                try:
                    await self._deliver(delivery, broadcast)
                except Exception as exc:  # noqa: BLE001 - claimed: retried by the sweeper once the lease ends
                    log.error("delivery.attempt_crashed", delivery_id=delivery.id, error=repr(exc))

        await asyncio.gather(*(one(d) for d in claimed))

    async def attempt(self, delivery_id: str) -> Delivery | None:
        """Claim, post and settle one delivery; None if it was not due or another worker has it."""
        store, s = self.store, self.settings
        now = utcnow()
        delivery = await store.claim(
            delivery_id, now=now, lease_until=now + timedelta(seconds=s.delivery_lease_seconds)
        )
        if delivery is None:
            return None
        broadcast = await store.get(delivery.municipality, delivery.broadcast_id)
        return await self._deliver(delivery, broadcast)

    async def _deliver(self, delivery: Delivery, broadcast: Broadcast | None) -> Delivery | None:
        municipality = delivery.municipality
        if broadcast is None or broadcast.state != "approved":
            return await self._settle(delivery, Outcome(state="cancelled", reason="Utskicket avbröts."))
        await publish_delivery(self.broker, delivery, municipality=municipality)  # state "sent"
        pack = self.pack(municipality)
        limit = pack.notify.length_limits.get(delivery.platform or "") if pack else None
        text = post_text(
            broadcast.content, platform=delivery.platform or "web", limit=limit, prefix=PREFIX[broadcast.kind]
        )
        try:
            result = await self._post(delivery, broadcast, text)
        except ConnectorError as exc:
            return await self._failed(delivery, reason=str(exc), retryable=exc.retryable, text=text)
        except (TimeoutError, httpx.HTTPError, OSError) as exc:
            return await self._failed(delivery, reason=f"{type(exc).__name__}: {exc}", retryable=True, text=text)
        log.info("delivery.confirmed", delivery_id=delivery.id, channel=delivery.channel, attempt=delivery.attempt)
        outcome = Outcome(state="confirmed", platform_post_id=result.platform_post_id, url=result.url, text=text,
                          reason=None, lease_until=None)
        if broadcast.holiday_notice and delivery.account_id and not delivery.reply_to:
            pinned, note = await pin_notice(self.connectors.get(delivery.platform or ""), delivery,
                                            result.platform_post_id)
            outcome.pinned, outcome.pin_note = pinned, note
        return await self._settle(delivery, outcome)

    async def _post(self, delivery: Delivery, broadcast: Broadcast, text: str) -> PostResult:
        channel = delivery.channel
        if channel == "website":
            # The website reads the feed and banner from notify's own edge: approved is published.
            base = self.settings.public_base_url.rstrip("/")
            return PostResult(platform_post_id=broadcast.id, url=f"{base}/crisis/{broadcast.municipality}/feed.atom")
        if channel == "cms":
            return await self._post_cms(delivery, broadcast, text)
        platform = delivery.platform or ""
        connector = self.connectors.get(platform)
        if platform in NO_TEXT_POSTS:
            raise ConnectorError(f"{platform} har inget API för textinlägg: publicera där för hand.", retryable=False)
        if connector is None:
            raise ConnectorError(f"Ingen koppling för plattformen {delivery.platform}.", retryable=False)
        content = broadcast.content
        # The links are already in `text` (counted against the platform's limit); passing
        # one as `link` too would print it twice where a connector appends it.
        image_url = str(content.image_url) if content.image_url else None
        image_alt = content.image_alt_text
        if not image_url and platform in IMAGE_ONLY and self.settings.crisis_default_image_url:
            image_url = self.settings.crisis_default_image_url
            image_alt = self.settings.crisis_default_image_alt
        post = OutboundPost(
            account_id=delivery.platform_account_id or delivery.account_id or "",
            text=text,
            link=None,
            image_url=image_url,
            image_alt_text=image_alt,
            reply_to=delivery.reply_to,
            idempotency_key=delivery.id,
        )
        if post.reply_to:
            return await connector.reply(post)
        return await connector.post(post)

    async def _post_cms(self, delivery: Delivery, broadcast: Broadcast, text: str) -> PostResult:
        s = self.settings
        assert s.cms_webhook_url is not None
        # The CMS webhook contract of shared/connectors/web.py (`action`, `idempotency_key`,
        # signed body), with the whole broadcast so the site can render its own banner.
        payload = {
            "action": "reply" if delivery.reply_to else "post",
            "idempotency_key": delivery.id,
            "type": "crisis_broadcast",
            "municipality": broadcast.municipality,
            "reply_to": delivery.reply_to,
            "text": text,
            **public_broadcast(broadcast),
        }
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": delivery.id}
        if s.cms_webhook_secret:
            digest = hmac.new(s.cms_webhook_secret.get_secret_value().encode(), body, hashlib.sha256).hexdigest()
            headers["X-Kanalvakt-Signature"] = f"sha256={digest}"
        response = await self.client.post(s.cms_webhook_url.get_secret_value(), content=body, headers=headers)
        if response.status_code >= 400:
            retryable = response.status_code == 429 or response.status_code >= 500
            raise ConnectorError(
                f"CMS svarade {response.status_code}", retryable=retryable, status=response.status_code
            )
        try:
            answer = response.json() if response.content else {}
        except ValueError:
            answer = {}
        return PostResult(platform_post_id=str(answer.get("id") or broadcast.id), url=answer.get("url"))

    async def _failed(self, delivery: Delivery, *, reason: str, retryable: bool, text: str) -> Delivery | None:
        s = self.settings
        if retryable and delivery.attempt < s.delivery_max_attempts:
            when = next_attempt(attempt=delivery.attempt, backoff=s.delivery_backoff, now=utcnow())
            log.warning("delivery.retrying", delivery_id=delivery.id, attempt=delivery.attempt, reason=reason)
            return await self._settle(delivery, Outcome(state="retrying", reason=reason, next_attempt_at=when,
                                                        text=text))
        log.error("delivery.failed", delivery_id=delivery.id, attempt=delivery.attempt, reason=reason)
        return await self._settle(delivery, Outcome(state="failed", reason=reason, text=text, lease_until=None))

    async def _settle(self, delivery: Delivery, outcome: Outcome) -> Delivery | None:
        async with self._writes:
            settled_now = await self.store.settle(delivery.id, delivery.attempt, outcome)
        if not settled_now:
            return None  # cancelled (or re-claimed) meanwhile: that outcome stands
        settled = delivery.model_copy(update=outcome.fields())
        await publish_delivery(self.broker, settled, municipality=delivery.municipality)
        return settled
