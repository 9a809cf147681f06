"""Facebook Pages and Instagram through Meta's Graph API.

Facebook: hide/unhide `POST /{comment-id}` with `is_hidden`; delete `DELETE /{id}`;
reply `POST /{object-id}/comments`; post `POST /{page-id}/feed` (text, link) or
`POST /{page-id}/photos` (image, with `alt_text_custom`); block `POST /{page-id}/blocked`;
pin/unpin an own post `POST /{post-id}` with `is_pinned`; the Page's long description
(shown as "Additional information") `POST /{page-id}` with `description` (`about`, the short
one, holds 255 characters: too few for rules of conduct).
Instagram: hide/unhide `POST /{ig-comment-id}` with `hide`; delete `DELETE /{id}`;
reply `POST /{ig-comment-id}/replies` (or `/{ig-media-id}/comments`); post is the
two-step container flow `POST /{ig-user-id}/media` then `/media_publish`. Instagram has
no text-only posts and no API to block a user.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from .base import ConnectorError, OutboundPost, PostResult
from .http import TokenConnector, unsupported


@dataclass
class _GraphBase(TokenConnector):
    # The one word in which Facebook's and Instagram's hide differ (`POST /{comment-id}`).
    HIDDEN_FIELD: ClassVar[str]

    @property
    def platform(self) -> str:
        return self.api.platform

    def _token(self, object_id: str | None = None) -> str:
        """A page's own token where configured: its ids start with `<page-id>_`."""
        for account_id, token in self.account_tokens.items():
            if object_id and (object_id == account_id or object_id.startswith(f"{account_id}_")):
                return token
        return self.token

    async def _call(self, method: str, path: str, object_id: str, *, idempotent: bool,
                    data: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.api.request(method, path, token=self._token(object_id), idempotent=idempotent, data=data)
        body = response.json() if response.content else {}
        if isinstance(body, dict) and body.get("success") is False:
            raise ConnectorError(f"{self.platform} answered success=false for {method} {path}", retryable=False)
        return body if isinstance(body, dict) else {}

    async def delete(self, item_id: str, *, idempotency_key: str) -> None:
        await self.api.once(idempotency_key, lambda: self._call("DELETE", f"/{item_id}", item_id, idempotent=True))

    async def hide(self, item_id: str, *, idempotency_key: str) -> None:
        await self._set_hidden(item_id, True, idempotency_key)

    async def unhide(self, item_id: str, *, idempotency_key: str) -> None:
        await self._set_hidden(item_id, False, idempotency_key)

    async def _set_hidden(self, item_id: str, hidden: bool, key: str) -> None:
        data = {self.HIDDEN_FIELD: "true" if hidden else "false"}
        await self.api.once(key, lambda: self._call("POST", f"/{item_id}", item_id, idempotent=True, data=data))


@dataclass
class FacebookConnector(_GraphBase):
    HIDDEN_FIELD = "is_hidden"

    async def post(self, post: OutboundPost) -> PostResult:
        async def action() -> dict[str, Any]:
            if post.image_url:
                if not post.image_alt_text:
                    raise ConnectorError("an image needs alt text", retryable=False)
                caption = f"{post.text}\n\n{post.link}" if post.link else post.text
                body = await self._call("POST", f"/{post.account_id}/photos", post.account_id, idempotent=False,
                                        data={"url": post.image_url, "caption": caption,
                                              "alt_text_custom": post.image_alt_text})
                return {"id": body.get("post_id") or body["id"]}
            data = {"message": post.text} | ({"link": post.link} if post.link else {})
            return await self._call("POST", f"/{post.account_id}/feed", post.account_id, idempotent=False, data=data)

        result = await self.api.once(post.idempotency_key, action)
        return PostResult(platform_post_id=str(result["id"]), url=f"https://www.facebook.com/{result['id']}")

    async def reply(self, post: OutboundPost) -> PostResult:
        if not post.reply_to:
            raise ConnectorError("a reply needs reply_to", retryable=False)
        target = post.reply_to

        async def action() -> dict[str, Any]:
            data = {"message": f"{post.text}\n\n{post.link}" if post.link else post.text}
            if post.image_url:
                data["attachment_url"] = post.image_url
            return await self._call("POST", f"/{target}/comments", post.account_id, idempotent=False, data=data)

        result = await self.api.once(post.idempotency_key, action)
        return PostResult(platform_post_id=str(result["id"]))

    async def block(self, account_id: str, author_id: str, *, idempotency_key: str) -> None:
        await self.api.once(idempotency_key, lambda: self._call(
            "POST", f"/{account_id}/blocked", account_id, idempotent=True, data={"user": author_id}))

    async def _set_pinned(self, account_id: str, post_id: str, pinned: bool, key: str) -> None:
        await self.api.once(key, lambda: self._call("POST", f"/{post_id}", account_id, idempotent=True,
                                                     data={"is_pinned": "true" if pinned else "false"}))

    async def pin(self, account_id: str, post_id: str, *, idempotency_key: str) -> None:
        await self._set_pinned(account_id, post_id, True, idempotency_key)

    async def unpin(self, account_id: str, post_id: str, *, idempotency_key: str) -> None:
        await self._set_pinned(account_id, post_id, False, idempotency_key)

    about_limit = 5000

    async def set_about(self, account_id: str, text: str, *, idempotency_key: str) -> None:
        await self.api.once(idempotency_key, lambda: self._call("POST", f"/{account_id}", account_id,
                                                                 idempotent=True, data={"description": text}))


@dataclass
class InstagramConnector(_GraphBase):
    HIDDEN_FIELD = "hide"

    async def post(self, post: OutboundPost) -> PostResult:
        if not post.image_url:
            raise ConnectorError("Instagram publishes only images and video; add an image", retryable=False)
        if not post.image_alt_text:
            raise ConnectorError("an image needs alt text", retryable=False)

        async def action() -> dict[str, Any]:
            caption = f"{post.text}\n\n{post.link}" if post.link else post.text
            container = await self._call("POST", f"/{post.account_id}/media", post.account_id, idempotent=False,
                                         data={"image_url": post.image_url, "caption": caption,
                                               "alt_text": post.image_alt_text})
            return await self._call("POST", f"/{post.account_id}/media_publish", post.account_id, idempotent=True,
                                    data={"creation_id": container["id"]})

        result = await self.api.once(post.idempotency_key, action)
        return PostResult(platform_post_id=str(result["id"]))

    async def reply(self, post: OutboundPost) -> PostResult:
        """`reply_to` is a comment (answered with /replies) or, prefixed `media:`, a media item."""
        if not post.reply_to:
            raise ConnectorError("a reply needs reply_to", retryable=False)
        target = post.reply_to
        path = f"/{target.removeprefix('media:')}/comments" if target.startswith("media:") else f"/{target}/replies"

        async def action() -> dict[str, Any]:
            text = f"{post.text}\n\n{post.link}" if post.link else post.text
            return await self._call("POST", path, post.account_id, idempotent=False, data={"message": text})

        result = await self.api.once(post.idempotency_key, action)
        return PostResult(platform_post_id=str(result["id"]))

    async def block(self, account_id: str, author_id: str, *, idempotency_key: str) -> None:
        raise unsupported("instagram", "block a user")
