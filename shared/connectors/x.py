"""X (Twitter) API v2.

post/reply `POST /2/tweets` (`reply.in_reply_to_tweet_id` for answers; an image is
uploaded with `POST /2/media/upload`, its alt text set with `POST /2/media/metadata`);
delete `DELETE /2/tweets/:id`; hide/unhide a reply `PUT /2/tweets/:id/hidden`;
block `POST /2/users/:id/blocking`. A link goes into the text (X has no link field).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from .base import ConnectorError, OutboundPost, PostResult
from .http import TokenConnector


@dataclass
class XConnector(TokenConnector):
    platform: str = "x"

    async def _json(self, method: str, path: str, *, account_id: str | None = None, idempotent: bool,
                    body: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.api.request(method, path, token=self._token(account_id), idempotent=idempotent,
                                          json=body)
        data = response.json() if response.content else {}
        if isinstance(data, dict) and data.get("errors") and not data.get("data"):
            raise ConnectorError(f"x refused {method} {path}: {data['errors'][0]}", retryable=False)
        return data.get("data", {}) if isinstance(data, dict) else {}

    async def _upload_image(self, post: OutboundPost) -> str:
        if not post.image_alt_text:
            raise ConnectorError("an image needs alt text", retryable=False)
        try:
            image = await self.api.client.get(post.image_url or "")
            image.raise_for_status()
        except httpx.HTTPError as exc:
            raise ConnectorError(f"could not fetch the image {post.image_url}: {exc!r}", retryable=True) from exc
        response = await self.api.request(
            "POST", "/2/media/upload", token=self._token(post.account_id), idempotent=True,
            files={"media": ("image", image.content, image.headers.get("content-type", "image/jpeg"))},
            data={"media_category": "tweet_image"},
        )
        media_id = str(response.json()["data"]["id"])
        await self._json("POST", "/2/media/metadata", account_id=post.account_id, idempotent=True,
                         body={"id": media_id, "metadata": {"alt_text": {"text": post.image_alt_text[:1000]}}})
        return media_id

    async def _tweet(self, post: OutboundPost, *, reply_to: str | None) -> PostResult:
        async def action() -> dict[str, Any]:
            body: dict[str, Any] = {"text": f"{post.text} {post.link}" if post.link else post.text}
            if post.image_url:
                body["media"] = {"media_ids": [await self._upload_image(post)]}
            if reply_to:
                body["reply"] = {"in_reply_to_tweet_id": reply_to}
            return await self._json("POST", "/2/tweets", account_id=post.account_id, idempotent=False, body=body)

        result = await self.api.once(post.idempotency_key, action)
        return PostResult(platform_post_id=str(result["id"]), url=f"https://x.com/i/web/status/{result['id']}")

    async def post(self, post: OutboundPost) -> PostResult:
        return await self._tweet(post, reply_to=None)

    async def reply(self, post: OutboundPost) -> PostResult:
        if not post.reply_to:
            raise ConnectorError("a reply needs reply_to", retryable=False)
        return await self._tweet(post, reply_to=post.reply_to)

    async def hide(self, item_id: str, *, idempotency_key: str) -> None:
        await self.api.once(idempotency_key, lambda: self._json(
            "PUT", f"/2/tweets/{item_id}/hidden", idempotent=True, body={"hidden": True}))

    async def unhide(self, item_id: str, *, idempotency_key: str) -> None:
        await self.api.once(idempotency_key, lambda: self._json(
            "PUT", f"/2/tweets/{item_id}/hidden", idempotent=True, body={"hidden": False}))

    async def delete(self, item_id: str, *, idempotency_key: str) -> None:
        await self.api.once(idempotency_key, lambda: self._json("DELETE", f"/2/tweets/{item_id}", idempotent=True))

    async def block(self, account_id: str, author_id: str, *, idempotency_key: str) -> None:
        await self.api.once(idempotency_key, lambda: self._json(
            "POST", f"/2/users/{account_id}/blocking", account_id=account_id, idempotent=True,
            body={"target_user_id": author_id}))
