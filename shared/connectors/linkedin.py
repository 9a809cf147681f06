"""LinkedIn's versioned REST API (Community Management) for organisation pages.

post `POST /rest/posts` (id in the `x-restli-id` header; an image is registered with
`POST /rest/images?action=initializeUpload`, uploaded with PUT, then referenced with its
alt text); reply `POST /rest/socialActions/{urn}/comments`; delete `DELETE /rest/posts/{urn}`
or, for a comment, `DELETE /rest/socialActions/{urn}/comments/{id}`. LinkedIn offers no
API to hide a comment or block a member.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from .base import ConnectorError, OutboundPost, PostResult
from .http import TokenConnector, unsupported

LINKEDIN_VERSION = "202410"


def org_urn(account_id: str) -> str:
    return account_id if account_id.startswith("urn:") else f"urn:li:organization:{account_id}"


@dataclass
class LinkedInConnector(TokenConnector):
    platform: str = "linkedin"

    def _headers(self) -> dict[str, str]:
        return {"LinkedIn-Version": LINKEDIN_VERSION, "X-Restli-Protocol-Version": "2.0.0"}

    async def _image(self, post: OutboundPost, author: str) -> str:
        if not post.image_alt_text:
            raise ConnectorError("an image needs alt text", retryable=False)
        token = self._token(post.account_id)
        init = await self.api.request("POST", "/rest/images?action=initializeUpload", token=token, idempotent=True,
                                      headers=self._headers(), json={"initializeUploadRequest": {"owner": author}})
        value = init.json()["value"]
        try:
            image = await self.api.client.get(post.image_url or "")
            image.raise_for_status()
        except httpx.HTTPError as exc:
            raise ConnectorError(f"could not fetch the image {post.image_url}: {exc!r}", retryable=True) from exc
        await self.api.request("PUT", value["uploadUrl"], token=token, idempotent=True, content=image.content)
        return str(value["image"])

    async def post(self, post: OutboundPost) -> PostResult:
        author = org_urn(post.account_id)

        async def action() -> dict[str, Any]:
            body: dict[str, Any] = {
                "author": author, "commentary": post.text, "visibility": "PUBLIC",
                "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [],
                                 "thirdPartyDistributionChannels": []},
                "lifecycleState": "PUBLISHED", "isReshareDisabledByAuthor": False,
            }
            if post.image_url:
                body["content"] = {"media": {"id": await self._image(post, author), "altText": post.image_alt_text}}
            elif post.link:
                body["content"] = {"article": {"source": post.link, "title": post.text[:200]}}
            response = await self.api.request("POST", "/rest/posts", token=self._token(post.account_id),
                                              idempotent=False, headers=self._headers(), json=body)
            return {"id": response.headers.get("x-restli-id") or response.json().get("id")}

        result = await self.api.once(post.idempotency_key, action)
        return PostResult(platform_post_id=str(result["id"]),
                          url=f"https://www.linkedin.com/feed/update/{result['id']}")

    async def reply(self, post: OutboundPost) -> PostResult:
        if not post.reply_to:
            raise ConnectorError("a reply needs reply_to", retryable=False)
        target = post.reply_to

        async def action() -> dict[str, Any]:
            text = f"{post.text} {post.link}" if post.link else post.text
            body = {"actor": org_urn(post.account_id), "object": target, "message": {"text": text}}
            response = await self.api.request("POST", f"/rest/socialActions/{quote(target, safe='')}/comments",
                                              token=self._token(post.account_id), idempotent=False,
                                              headers=self._headers(), json=body)
            data = response.json() if response.content else {}
            return {"id": data.get("$URN") or data.get("id") or response.headers.get("x-restli-id")}

        result = await self.api.once(post.idempotency_key, action)
        return PostResult(platform_post_id=str(result["id"]))

    async def delete(self, item_id: str, *, idempotency_key: str) -> None:
        if item_id.startswith("urn:li:comment:("):
            # urn:li:comment:(<parent urn>,<comment id>)
            parent, _, comment = item_id.removeprefix("urn:li:comment:(").removesuffix(")").rpartition(",")
            path = f"/rest/socialActions/{quote(parent, safe='')}/comments/{quote(comment, safe='')}"
        else:
            path = f"/rest/posts/{quote(item_id, safe='')}"

        async def action() -> dict[str, Any]:
            await self.api.request("DELETE", path, token=self.token, idempotent=True, headers=self._headers(),
                                   ok=(200, 204, 404))  # already gone counts as done
            return {}

        await self.api.once(idempotency_key, action)

    async def hide(self, item_id: str, *, idempotency_key: str) -> None:
        raise unsupported("linkedin", "hide a comment")

    async def unhide(self, item_id: str, *, idempotency_key: str) -> None:
        raise unsupported("linkedin", "unhide a comment")

    async def block(self, account_id: str, author_id: str, *, idempotency_key: str) -> None:
        raise unsupported("linkedin", "block a member")
