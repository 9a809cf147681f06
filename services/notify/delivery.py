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
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import httpx

from shared.connectors import ConnectorError, OutboundPost, PlatformConnector, PostResult
from shared.contracts import new_id, utcnow
from shared.contracts.notify import BroadcastContent
from shared.logging import get_logger

from .crisis import CrisisDeps, publish_delivery
from .domain.broadcasts import PREFIX, next_attempt
from .domain.checks import IMAGE_ONLY, NO_TEXT_POSTS, post_text
from .domain.website import public_broadcast
from .holiday import pin_notice

log = get_logger(__name__)


class DeliveryWorker:
    def __init__(
        self, deps: CrisisDeps, connectors: Mapping[str, PlatformConnector], client: httpx.AsyncClient
    ) -> None:
        self.deps = deps
        self.connectors = connectors
        self.client = client
        self._slots = asyncio.Semaphore(deps.settings.delivery_concurrency)
        self._writes = asyncio.Semaphore(deps.settings.delivery_write_concurrency)
        self._tasks: set[asyncio.Task[None]] = set()

    def _spawn(self, coro: Any) -> None:
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
        self.kick(await self.deps.store.due(utcnow()))

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
            lease = now + timedelta(seconds=self.deps.settings.delivery_lease_seconds)
            claimed = await self.deps.store.claim_batch(broadcast_id, now=now, lease_until=lease, token=new_id())
            if not claimed:
                return
            broadcast = await self.deps.store.get(claimed[0]["municipality"], broadcast_id)
        except Exception as exc:  # noqa: BLE001 - left queued: the sweeper picks them up
            log.error("delivery.batch_claim_failed", broadcast_id=broadcast_id, error=repr(exc))
            return

        async def one(delivery: dict[str, Any]) -> None:
            async with self._slots:
                try:
                    await self._deliver(delivery, broadcast)
                except Exception as exc:  # noqa: BLE001 - claimed: retried by the sweeper once the lease ends
                    log.error("delivery.attempt_crashed", delivery_id=delivery["_id"], error=repr(exc))

        await asyncio.gather(*(one(d) for d in claimed))

    async def attempt(self, delivery_id: str) -> dict[str, Any] | None:
        """Claim, post and settle one delivery; None if it was not due or another worker has it."""
        store, s = self.deps.store, self.deps.settings
        now = utcnow()
        delivery = await store.claim(
            delivery_id, now=now, lease_until=now + timedelta(seconds=s.delivery_lease_seconds)
        )
        if delivery is None:
            return None
        broadcast = await store.get(delivery["municipality"], delivery["broadcast_id"])
        return await self._deliver(delivery, broadcast)

    async def _deliver(self, delivery: dict[str, Any], broadcast: dict[str, Any] | None) -> dict[str, Any] | None:
        municipality = delivery["municipality"]
        if broadcast is None or broadcast["state"] != "approved":
            return await self._settle(delivery, state="cancelled", reason="Utskicket avbröts.")
        await publish_delivery(self.deps.broker, delivery, municipality=municipality)  # state "sent"
        pack = self.deps.pack(municipality)
        limit = pack.notify.length_limits.get(delivery["platform"] or "") if pack else None
        text = post_text(
            _content(broadcast), platform=delivery["platform"] or "web", limit=limit, prefix=PREFIX[broadcast["kind"]]
        )
        try:
            result = await self._post(delivery, broadcast, text)
        except ConnectorError as exc:
            return await self._failed(delivery, reason=str(exc), retryable=exc.retryable, text=text)
        except (TimeoutError, httpx.HTTPError, OSError) as exc:
            return await self._failed(delivery, reason=f"{type(exc).__name__}: {exc}", retryable=True, text=text)
        log.info(
            "delivery.confirmed", delivery_id=delivery["_id"], channel=delivery["channel"], attempt=delivery["attempt"]
        )
        pinning: dict[str, Any] = {}
        if broadcast.get("holiday_notice") and delivery.get("account_id") and not delivery.get("reply_to"):
            pinning = await pin_notice(self.connectors.get(delivery["platform"]), delivery, result.platform_post_id)
        return await self._settle(
            delivery,
            state="confirmed",
            platform_post_id=result.platform_post_id,
            url=result.url,
            text=text,
            reason=None,
            lease_until=None,
            **pinning,
        )

    async def _post(self, delivery: dict[str, Any], broadcast: dict[str, Any], text: str) -> PostResult:
        channel = delivery["channel"]
        if channel == "website":
            # The website reads the feed and banner from notify's own edge: approved is published.
            base = self.deps.settings.public_base_url.rstrip("/")
            return PostResult(
                platform_post_id=broadcast["_id"], url=f"{base}/crisis/{broadcast['municipality']}/feed.atom"
            )
        if channel == "cms":
            return await self._post_cms(delivery, broadcast, text)
        connector = self.connectors.get(delivery["platform"])
        if delivery["platform"] in NO_TEXT_POSTS:
            raise ConnectorError(
                f"{delivery['platform']} har inget API för textinlägg: publicera där för hand.", retryable=False
            )
        if connector is None:
            raise ConnectorError(f"Ingen koppling för plattformen {delivery['platform']}.", retryable=False)
        content = broadcast["content"]
        # The links are already in `text` (counted against the platform's limit); passing
        # one as `link` too would print it twice where a connector appends it.
        image_url, image_alt = content.get("image_url"), content.get("image_alt_text")
        if not image_url and delivery["platform"] in IMAGE_ONLY and self.deps.settings.crisis_default_image_url:
            image_url = self.deps.settings.crisis_default_image_url
            image_alt = self.deps.settings.crisis_default_image_alt
        post = OutboundPost(
            account_id=delivery["platform_account_id"] or delivery["account_id"],
            text=text,
            link=None,
            image_url=image_url,
            image_alt_text=image_alt,
            reply_to=delivery.get("reply_to"),
            idempotency_key=delivery["_id"],
        )
        if post.reply_to:
            return await connector.reply(post)
        return await connector.post(post)

    async def _post_cms(self, delivery: dict[str, Any], broadcast: dict[str, Any], text: str) -> PostResult:
        s = self.deps.settings
        assert s.cms_webhook_url is not None
        # The CMS webhook contract of shared/connectors/web.py (`action`, `idempotency_key`,
        # signed body), with the whole broadcast so the site can render its own banner.
        payload = {
            "action": "reply" if delivery.get("reply_to") else "post",
            "idempotency_key": delivery["_id"],
            "type": "crisis_broadcast",
            "municipality": broadcast["municipality"],
            "reply_to": delivery.get("reply_to"),
            "text": text,
            **public_broadcast(broadcast),
        }
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": delivery["_id"]}
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
        return PostResult(platform_post_id=str(answer.get("id") or broadcast["_id"]), url=answer.get("url"))

    async def _failed(
        self, delivery: dict[str, Any], *, reason: str, retryable: bool, text: str
    ) -> dict[str, Any] | None:
        s = self.deps.settings
        if retryable and delivery["attempt"] < s.delivery_max_attempts:
            when = next_attempt(attempt=delivery["attempt"], backoff=s.delivery_backoff, now=utcnow())
            log.warning("delivery.retrying", delivery_id=delivery["_id"], attempt=delivery["attempt"], reason=reason)
            return await self._settle(delivery, state="retrying", reason=reason, next_attempt_at=when, text=text)
        log.error("delivery.failed", delivery_id=delivery["_id"], attempt=delivery["attempt"], reason=reason)
        return await self._settle(delivery, state="failed", reason=reason, text=text, lease_until=None)

    async def _settle(self, delivery: dict[str, Any], **fields: Any) -> dict[str, Any] | None:
        async with self._writes:
            settled_now = await self.deps.store.settle(delivery["_id"], delivery["attempt"], **fields)
        if not settled_now:
            return None  # cancelled (or re-claimed) meanwhile: that outcome stands
        settled = {**delivery, **fields}
        await publish_delivery(self.deps.broker, settled, municipality=delivery["municipality"])
        return settled


def _content(broadcast: dict[str, Any]) -> BroadcastContent:
    return BroadcastContent.model_validate(broadcast["content"])
