"""X Account Activity API deliveries → PlatformEvents.

One delivery is for one subscribed account (`for_user_id`) and carries lists of events:
`tweet_create_events` (the account's own posts and replies, replies to it, mentions of
it), `tweet_delete_events`, `direct_message_events`, `favorite_events`. Other lists
(follows, blocks, typing, reads) are counted as skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.contracts import Author, Direction, ItemKind, MediaRef, Platform

from .common import (
    Context, InvalidPayload, Normalised, build_event, digest, direction_of, ident, items, obj, optional_ident,
    text_of, timestamp,
)

_KNOWN = {"tweet_create_events", "tweet_delete_events", "direct_message_events", "favorite_events"}
_IGNORED = {"follow_events", "block_events", "mute_events", "direct_message_indicate_typing_events",
            "direct_message_mark_read_events", "user_event", "tweet_unfavorite_events"}


def normalise_x(payload: Any, ctx: Context) -> Normalised:
    root = obj(payload, "the body")
    account_id = ident(root.get("for_user_id"), "for_user_id")
    users = found if isinstance(found := root.get("users"), Mapping) else {}
    out = Normalised()
    if not any(key in root for key in _KNOWN | _IGNORED):
        raise InvalidPayload("no Account Activity events in the body (e.g. \"tweet_create_events\")")
    handlers = (("tweet_create_events", _tweet), ("tweet_delete_events", _delete),
                ("direct_message_events", _dm), ("favorite_events", _favorite))
    for key, handler in handlers:
        for n, value in enumerate(items(root.get(key), key)):
            out.take(f"{key}[{n}]", handler, value, account_id, users, ctx)
    out.skipped += sum(len(root[k]) for k in _IGNORED if isinstance(root.get(k), list))
    return out


def _user(value: Any, where: str) -> Author:
    user = obj(value, where)
    user_id = ident(user.get("id_str") or user.get("id"), f"{where}.id")
    handle = user.get("screen_name")
    url = f"https://x.com/{handle}" if isinstance(handle, str) and handle.replace("_", "").isalnum() else None
    name = user.get("name") if isinstance(user.get("name"), str) else None
    return Author(platform_id=user_id, name=name, profile_url=url)


def _tweet(tweet: Mapping[str, Any], account_id: str, users: Mapping[str, Any], ctx: Context):
    tweet_id = ident(tweet.get("id_str") or tweet.get("id"), "id")
    author = _user(tweet.get("user"), "user")
    extended = found if isinstance(found := tweet.get("extended_tweet"), Mapping) else {}
    text = text_of(extended.get("full_text") or tweet.get("full_text") or tweet.get("text"), "text")
    reply_to = optional_ident(tweet.get("in_reply_to_status_id_str") or tweet.get("in_reply_to_status_id"),
                              "in_reply_to_status_id")
    if author.platform_id == account_id:
        kind = ItemKind.reply if reply_to else ItemKind.post
    elif reply_to:
        kind = ItemKind.reply
    else:
        kind = ItemKind.mention  # someone else's tweet naming the account (or quoting it)
    entities = extended.get("entities") or tweet.get("entities") or {}
    links = [u["expanded_url"] for u in (entities.get("urls") or []) if isinstance(u, Mapping)
             and isinstance(u.get("expanded_url"), str)] if isinstance(entities, Mapping) else []
    media: list[MediaRef] = []
    ext = extended.get("extended_entities") or tweet.get("extended_entities") or {}
    for m in (ext.get("media") or []) if isinstance(ext, Mapping) else []:
        if isinstance(m, Mapping) and isinstance(m.get("media_url_https"), str):
            media.append(MediaRef(url=m["media_url_https"], kind="image" if m.get("type") == "photo" else "video",
                                  alt_text=m.get("ext_alt_text") if isinstance(m.get("ext_alt_text"), str) else None))
    return build_event(
        ctx, platform=Platform.x, account_id=account_id, kind=kind, item_id=tweet_id, id_parts=("create",),
        author=author, direction=direction_of(author.platform_id, account_id), raw=tweet, text=text,
        parent_id=reply_to, thread_id=optional_ident(tweet.get("conversation_id_str"), "conversation_id") or reply_to,
        published_at=timestamp(tweet.get("timestamp_ms") or tweet.get("created_at"), "created_at"),
        media=media, links=links,
    )


def _delete(value: Mapping[str, Any], account_id: str, users: Mapping[str, Any], ctx: Context):
    status = obj(value.get("status"), "status")
    tweet_id = ident(status.get("id"), "status.id")
    user_id = ident(status.get("user_id"), "status.user_id")
    return build_event(
        ctx, platform=Platform.x, account_id=account_id, kind=ItemKind.delete, item_id=tweet_id,
        id_parts=("delete",), author=Author(platform_id=user_id), direction=direction_of(user_id, account_id),
        raw=value, published_at=timestamp(value.get("timestamp_ms"), "timestamp_ms"),
    )


def _dm(value: Mapping[str, Any], account_id: str, users: Mapping[str, Any], ctx: Context):
    if value.get("type") != "message_create":
        return None
    dm_id = ident(value.get("id"), "id")
    create = obj(value.get("message_create"), "message_create")
    sender_id = ident(create.get("sender_id"), "message_create.sender_id")
    target = obj(create.get("target") or {}, "message_create.target")
    recipient_id = optional_ident(target.get("recipient_id"), "target.recipient_id")
    data = obj(create.get("message_data") or {}, "message_data")
    text = text_of(data.get("text"), "message_data.text")
    sender = users.get(sender_id) if isinstance(users.get(sender_id), Mapping) else None
    author = _user(sender, "users[sender]") if sender else Author(platform_id=sender_id)
    media: list[MediaRef] = []
    attachment = data.get("attachment")
    if isinstance(attachment, Mapping) and isinstance(attachment.get("media"), Mapping):
        url = attachment["media"].get("media_url_https")
        if isinstance(url, str):
            media.append(MediaRef(url=url, kind=str(attachment["media"].get("type") or "image")))
    other = recipient_id if sender_id == account_id else sender_id
    return build_event(
        ctx, platform=Platform.x, account_id=account_id, kind=ItemKind.direct_message, item_id=dm_id,
        id_parts=("dm", digest(text)), author=author, direction=direction_of(sender_id, account_id), raw=value,
        text=text, thread_id=other, published_at=timestamp(value.get("created_timestamp"), "created_timestamp"),
        media=media,
    )


def _favorite(value: Mapping[str, Any], account_id: str, users: Mapping[str, Any], ctx: Context):
    status = obj(value.get("favorited_status"), "favorited_status")
    tweet_id = ident(status.get("id_str") or status.get("id"), "favorited_status.id")
    author = _user(value.get("user"), "user")
    return build_event(
        ctx, platform=Platform.x, account_id=account_id, kind=ItemKind.reaction,
        item_id=f"{tweet_id}:reaction:{author.platform_id}", id_parts=("favorite", value.get("id")), author=author,
        direction=Direction.upprattad if author.platform_id == account_id else Direction.inkommen, raw=value,
        text="like", parent_id=tweet_id, thread_id=tweet_id,
        published_at=timestamp(value.get("timestamp_ms") or value.get("created_at"), "created_at"),
    )
