"""The one interface every platform connector implements."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field


class ConnectorError(Exception):
    """The platform refused or failed. `retryable` says whether trying again may help."""

    def __init__(self, message: str, *, retryable: bool, status: int | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status


class OutboundPost(BaseModel):
    model_config = ConfigDict(frozen=True)

    account_id: str = Field(..., description="The account's id on the platform (page id, channel id…).")
    text: str
    link: str | None = None
    image_url: str | None = None
    image_alt_text: str | None = Field(None, description="Mandatory when image_url is set.")
    reply_to: str | None = Field(None, description="Platform id of the post/comment this answers (threads).")
    idempotency_key: str = Field(..., description="Same key, same post: a retry never posts twice.")


class PostResult(BaseModel):
    model_config = ConfigDict(frozen=True)

    platform_post_id: str
    url: str | None = None


@runtime_checkable
class PlatformConnector(Protocol):
    platform: str

    async def post(self, post: OutboundPost) -> PostResult: ...
    async def reply(self, post: OutboundPost) -> PostResult: ...
    async def hide(self, item_id: str, *, idempotency_key: str) -> None: ...
    async def unhide(self, item_id: str, *, idempotency_key: str) -> None: ...
    async def delete(self, item_id: str, *, idempotency_key: str) -> None: ...
    async def block(self, account_id: str, author_id: str, *, idempotency_key: str) -> None: ...


# What only some platforms' APIs offer. A connector that has the call implements the
# protocol; callers check with isinstance and tell staff to do it by hand elsewhere.
@runtime_checkable
class PinsPosts(Protocol):
    """Pinning an own post to the top of the account (Facebook Pages: `is_pinned`)."""

    async def pin(self, account_id: str, post_id: str, *, idempotency_key: str) -> None: ...
    async def unpin(self, account_id: str, post_id: str, *, idempotency_key: str) -> None: ...


@runtime_checkable
class WritesAbout(Protocol):
    """Writing the account's about/description text (at most `about_limit` characters)."""

    about_limit: int

    async def set_about(self, account_id: str, text: str, *, idempotency_key: str) -> None: ...
