"""Pure rules of ingest: signature checks and normalisation of platform payloads."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime
from typing import Any

from shared.contracts import Author, Direction, ItemKind, Platform, PlatformEvent, deterministic_id


class InvalidPayload(ValueError):
    """The payload is not what the platform documents; the message says what is wrong."""


def meta_signature_valid(app_secret: bytes, raw_body: bytes, header: str | None) -> bool:
    """Meta signs the raw bytes (non-ASCII escaped as \\uXXXX): never re-serialise."""
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret, raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256="))


_FEED_KINDS = {"comment": ItemKind.comment, "status": ItemKind.post, "post": ItemKind.post,
               "photo": ItemKind.post, "video": ItemKind.post, "reaction": ItemKind.reaction}
_VERB_KINDS = {"edited": ItemKind.edit, "remove": ItemKind.delete, "hide": ItemKind.hide,
               "unhide": ItemKind.unhide}


def _timestamp(value: Any) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    try:
        parsed = datetime.fromisoformat(str(value).replace("+0000", "+00:00"))
    except ValueError as exc:
        raise InvalidPayload(f"unreadable time {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def normalise_meta_feed(
    payload: Any, *, municipality: str, received_at: datetime, delivery_id: str
) -> list[PlatformEvent]:
    """Every `feed` change of every entry becomes one PlatformEvent."""
    if not isinstance(payload, dict) or payload.get("object") not in ("page", "instagram"):
        raise InvalidPayload("expected an object with \"object\": \"page\" or \"instagram\"")
    entries = payload.get("entry")
    if not isinstance(entries, list):
        raise InvalidPayload("\"entry\" must be a list")
    events: list[PlatformEvent] = []
    for entry in entries:
        if not isinstance(entry, dict) or "id" not in entry:
            raise InvalidPayload("each entry needs an \"id\"")
        page_id = str(entry["id"])
        for change in entry.get("changes", []):
            if not isinstance(change, dict) or change.get("field") != "feed":
                continue
            value = change.get("value")
            if not isinstance(value, dict):
                raise InvalidPayload("a change needs a \"value\" object")
            events.append(_feed_event(value, page_id, municipality, received_at, delivery_id))
    return events


def _feed_event(value: dict[str, Any], page_id: str, municipality: str, received_at: datetime, delivery_id: str) -> PlatformEvent:
    item = value.get("item")
    verb = value.get("verb", "add")
    if item not in _FEED_KINDS:
        raise InvalidPayload(f"unknown feed item {item!r}")
    item_id = value.get("comment_id") or value.get("post_id")
    if not item_id:
        raise InvalidPayload("a feed change needs \"comment_id\" or \"post_id\"")
    sender = value.get("from") or {}
    if not isinstance(sender, dict) or "id" not in sender:
        raise InvalidPayload("a feed change needs \"from\" with an \"id\"")
    kind = _VERB_KINDS.get(verb, _FEED_KINDS[item])
    parent_id = value.get("parent_id")
    if kind is ItemKind.comment and parent_id and parent_id != value.get("post_id"):
        kind = ItemKind.reply
    published = _timestamp(value.get("created_time"))
    return PlatformEvent(
        event_id=deterministic_id("facebook", item_id, verb, value.get("created_time")),
        correlation_id=deterministic_id("delivery", delivery_id),
        municipality=municipality,
        platform=Platform.facebook,
        account_id=page_id,
        kind=kind,
        item_id=str(item_id),
        parent_id=str(parent_id) if parent_id else None,
        thread_id=str(value["post_id"]) if value.get("post_id") else None,
        author=Author(platform_id=str(sender["id"]), name=sender.get("name")),
        text=str(value.get("message") or ""),
        published_at=published,
        received_at=received_at,
        # The page's own posts and answers are drawn up by the municipality.
        direction=Direction.upprattad if str(sender["id"]) == page_id else Direction.inkommen,
        raw=value,
        delivery_id=delivery_id,
    )
