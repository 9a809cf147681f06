"""Items received from the platforms (published by ingest on `social.received.<platform>`)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import Field, HttpUrl

from .base import AwareDatetime, Contract, Envelope


class Platform(StrEnum):
    facebook = "facebook"
    instagram = "instagram"
    linkedin = "linkedin"
    x = "x"
    youtube = "youtube"
    vimeo = "vimeo"
    web = "web"


class ItemKind(StrEnum):
    post = "post"
    comment = "comment"
    reply = "reply"
    direct_message = "direct_message"
    mention = "mention"
    edit = "edit"
    delete = "delete"
    hide = "hide"
    unhide = "unhide"
    reaction = "reaction"


class Direction(StrEnum):
    """Whether an item came in from outside or was drawn up by the municipality."""

    inkommen = "inkommen"
    upprattad = "upprattad"


class Author(Contract):
    platform_id: str = Field(..., description="The author's id on the platform.")
    name: str | None = Field(None, description="Display name as the platform shows it.")
    profile_url: HttpUrl | None = Field(None, description="Link to the author's profile.")


class MediaRef(Contract):
    url: str = Field(..., description="Where the platform serves the media.")
    kind: str = Field("image", description="image, video, file…")
    alt_text: str | None = Field(None, description="Alternative text, where given.")


# A text longer is cut by ingest (flag `text_cut`); the event's `raw` keeps it whole.
MAX_TEXT = 100_000


class PlatformEvent(Envelope):
    """One thing that happened on an account: a post, comment, message, edit, removal…"""

    platform: Platform
    account_id: str = Field(..., description="The municipality's account (page, channel) id on the platform.")
    account_registered: bool = Field(
        True, description="False when registry does not know the account (flag `unregistered_account`)."
    )
    flags: list[str] = Field(
        default_factory=list,
        description="e.g. `unregistered_account` (registry does not know the account), "
        "`registry_unavailable` (registry did not answer in time; registration unknown), "
        "`text_cut` (the text is longer than `text` holds; `raw` keeps it whole).",
    )
    registry_account_id: str | None = Field(None, description="Registry's id of the account, when registered.")
    kind: ItemKind
    item_id: str = Field(..., description="The platform's id of the item.")
    parent_id: str | None = Field(None, description="The item this one answers, if any.")
    thread_id: str | None = Field(None, description="The top post of the thread.")
    author: Author
    text: str = Field("", max_length=MAX_TEXT, description="The item's text, as written.")
    media: list[MediaRef] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)
    published_at: AwareDatetime | None = Field(None, description="When the platform says it was published.")
    received_at: AwareDatetime = Field(..., description="When ingest received the delivery.")
    direction: Direction = Field(..., description="inkommen (from the public) or upprattad (by the municipality).")
    raw: dict[str, Any] = Field(default_factory=dict, description="The platform's own entry, untouched.")
    delivery_id: str | None = Field(None, description="Ingest's id of the raw delivery this came in.")
