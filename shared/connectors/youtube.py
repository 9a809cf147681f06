"""YouTube Data API v3 (comments on the municipality's channel).

hide `POST /youtube/v3/comments/setModerationStatus?moderationStatus=heldForReview`,
unhide `…=published`, delete `…=rejected` (how a channel owner removes someone else's
comment; `DELETE /comments` only works on the owner's own comments); reply
`POST /youtube/v3/comments?part=snippet` with `snippet.parentId`, or a new top-level
comment on a video (`reply_to` = `video:<id>`) with `POST /commentThreads`. There is no
API to publish a text post or to block a user without one of their comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .base import ConnectorError, OutboundPost, PostResult
from .http import TokenConnector, unsupported


@dataclass
class YouTubeConnector(TokenConnector):
    platform: str = "youtube"

    async def _moderate(self, item_id: str, status: str, key: str) -> None:
        async def action() -> dict[str, Any]:
            await self.api.request("POST", "/youtube/v3/comments/setModerationStatus", token=self.token,
                                   idempotent=True, params={"id": item_id, "moderationStatus": status})
            return {}

        await self.api.once(key, action)

    async def hide(self, item_id: str, *, idempotency_key: str) -> None:
        await self._moderate(item_id, "heldForReview", idempotency_key)

    async def unhide(self, item_id: str, *, idempotency_key: str) -> None:
        await self._moderate(item_id, "published", idempotency_key)

    async def delete(self, item_id: str, *, idempotency_key: str) -> None:
        await self._moderate(item_id, "rejected", idempotency_key)

    async def reply(self, post: OutboundPost) -> PostResult:
        if not post.reply_to:
            raise ConnectorError("a reply needs reply_to", retryable=False)
        target = post.reply_to
        text = f"{post.text} {post.link}" if post.link else post.text
        token = self._token(post.account_id)

        async def action() -> dict[str, Any]:
            if target.startswith("video:"):
                body = {"snippet": {"channelId": post.account_id, "videoId": target.removeprefix("video:"),
                                    "topLevelComment": {"snippet": {"textOriginal": text}}}}
                response = await self.api.request("POST", "/youtube/v3/commentThreads", token=token,
                                                  idempotent=False, params={"part": "snippet"}, json=body)
            else:
                body = {"snippet": {"parentId": target, "textOriginal": text}}
                response = await self.api.request("POST", "/youtube/v3/comments", token=token, idempotent=False,
                                                  params={"part": "snippet"}, json=body)
            return {"id": response.json()["id"]}

        result = await self.api.once(post.idempotency_key, action)
        return PostResult(platform_post_id=str(result["id"]))

    async def post(self, post: OutboundPost) -> PostResult:
        raise unsupported("youtube", "publish a text post (community posts have no API)")

    async def block(self, account_id: str, author_id: str, *, idempotency_key: str) -> None:
        raise unsupported("youtube", "block a user apart from one of their comments")
