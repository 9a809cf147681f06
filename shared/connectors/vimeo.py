"""Vimeo API 3.4 (comments on the municipality's videos).

Comment ids are Vimeo's own URIs (`/videos/<video>/comments/<comment>`). reply
`POST <comment-uri>/replies`, or a new comment on a video (`reply_to` = `/videos/<id>`)
`POST /videos/<id>/comments`; delete `DELETE <comment-uri>`; the account's bio (its about
text) `PATCH /users/<id>` with `bio`. Vimeo has no API to hide a comment, to publish a text
post or (for apps) to block a user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .base import ConnectorError, OutboundPost, PostResult
from .http import TokenConnector, unsupported

VIMEO_ACCEPT = "application/vnd.vimeo.*+json;version=3.4"


@dataclass
class VimeoConnector(TokenConnector):
    platform: str = "vimeo"

    async def reply(self, post: OutboundPost) -> PostResult:
        if not post.reply_to or not post.reply_to.startswith("/videos/"):
            raise ConnectorError("reply_to must be a Vimeo video or comment URI (/videos/…)", retryable=False)
        target = post.reply_to
        path = f"{target}/replies" if "/comments/" in target else f"{target}/comments"
        text = f"{post.text} {post.link}" if post.link else post.text

        async def action() -> dict[str, Any]:
            response = await self.api.request("POST", path, token=self._token(post.account_id),
                                              idempotent=False, headers={"Accept": VIMEO_ACCEPT}, json={"text": text})
            return {"id": response.json()["uri"]}

        result = await self.api.once(post.idempotency_key, action)
        return PostResult(platform_post_id=str(result["id"]))

    async def delete(self, item_id: str, *, idempotency_key: str) -> None:
        async def action() -> dict[str, Any]:
            await self.api.request("DELETE", item_id, token=self.token, idempotent=True,
                                   headers={"Accept": VIMEO_ACCEPT}, ok=(200, 204, 404))
            return {}

        await self.api.once(idempotency_key, action)

    about_limit = 5000

    async def set_about(self, account_id: str, text: str, *, idempotency_key: str) -> None:
        async def action() -> dict[str, Any]:
            token = self._token(account_id)
            await self.api.request("PATCH", f"/users/{account_id}", token=token, idempotent=True,
                                   headers={"Accept": VIMEO_ACCEPT}, json={"bio": text})
            return {}

        await self.api.once(idempotency_key, action)

    async def post(self, post: OutboundPost) -> PostResult:
        raise unsupported("vimeo", "publish a text post")

    async def hide(self, item_id: str, *, idempotency_key: str) -> None:
        raise unsupported("vimeo", "hide a comment")

    async def unhide(self, item_id: str, *, idempotency_key: str) -> None:
        raise unsupported("vimeo", "unhide a comment")

    async def block(self, account_id: str, author_id: str, *, idempotency_key: str) -> None:
        raise unsupported("vimeo", "block a user")
