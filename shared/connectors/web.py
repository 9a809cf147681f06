"""The municipality's own website (CMS): one signed JSON webhook for every action.

`POST <web_api_url>/actions` with `{"action": "hide"|"unhide"|"delete"|"reply"|"post"|"block", …}`,
header `X-Kanalvakt-Signature: sha256=<hex HMAC-SHA256(secret, body)>` and
`Idempotency-Key`; the CMS answers `{"id": "<its id>"}` for post and reply. The same
contract the CMS uses to send comments in (see services/ingest/README.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

from .base import ConnectorError, OutboundPost, PostResult
from .http import HttpPlatform


@dataclass
class WebConnector:
    api: HttpPlatform
    secret: str = ""
    token: str = ""
    platform: str = "web"

    async def _send(self, action: str, key: str, **fields: Any) -> dict[str, Any]:
        if not self.secret:  # no usable default: an unsigned action could be forged by anyone
            raise ConnectorError("KANALVAKT_WEB_SECRET is not set: the website's actions are not signed, so none is "
                                 "sent", retryable=False)
        body = json.dumps({"action": action, "idempotency_key": key, **fields}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "Idempotency-Key": key,
                   "X-Kanalvakt-Signature":
                       "sha256=" + hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()}

        async def call() -> dict[str, Any]:
            response = await self.api.request("POST", "/actions", token=self.token or None, idempotent=True,
                                              headers=headers, content=body)
            return response.json() if response.content else {}

        return await self.api.once(key, call)

    async def post(self, post: OutboundPost) -> PostResult:
        result = await self._send("post", post.idempotency_key, **post.model_dump(exclude={"idempotency_key"}))
        return PostResult(platform_post_id=str(result["id"]), url=result.get("url"))

    async def reply(self, post: OutboundPost) -> PostResult:
        if not post.reply_to:
            raise ConnectorError("a reply needs reply_to", retryable=False)
        result = await self._send("reply", post.idempotency_key, **post.model_dump(exclude={"idempotency_key"}))
        return PostResult(platform_post_id=str(result["id"]), url=result.get("url"))

    async def hide(self, item_id: str, *, idempotency_key: str) -> None:
        await self._send("hide", idempotency_key, item_id=item_id)

    async def unhide(self, item_id: str, *, idempotency_key: str) -> None:
        await self._send("unhide", idempotency_key, item_id=item_id)

    async def delete(self, item_id: str, *, idempotency_key: str) -> None:
        await self._send("delete", idempotency_key, item_id=item_id)

    async def block(self, account_id: str, author_id: str, *, idempotency_key: str) -> None:
        await self._send("block", idempotency_key, account_id=account_id, author_id=author_id)
