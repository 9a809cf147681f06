"""Facebook Pages and Instagram webhooks (Graph API) → PlatformEvents.

One delivery batches entries (one per page/IG account) and each entry changes
(`changes`) or messages (`messaging`); every change becomes one event. Fields covered:
`feed` (post, comment, reply, edit, remove, hide/unhide, reaction) and `mention` for Pages; Instagram
`comments`, `live_comments` and `mentions`; Page and Instagram direct messages
(`messaging`). Other fields (e.g. `ratings`) are counted as skipped, not errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.contracts import Author, Direction, ItemKind, MediaRef, Platform

from .common import (
    Context, InvalidPayload, Normalised, build_event, digest, direction_of, ident, items, obj, optional_ident,
    text_of, timestamp,
)

_FEED_KINDS = {"comment": ItemKind.comment, "status": ItemKind.post, "post": ItemKind.post, "photo": ItemKind.post,
               "video": ItemKind.post, "share": ItemKind.post, "album": ItemKind.post, "link": ItemKind.post,
               "event": ItemKind.post, "note": ItemKind.post, "reaction": ItemKind.reaction,
               "like": ItemKind.reaction}
_VERB_KINDS = {"edited": ItemKind.edit, "edit": ItemKind.edit, "remove": ItemKind.delete, "delete": ItemKind.delete,
               "hide": ItemKind.hide, "unhide": ItemKind.unhide}
_VERBS = {"add", "edited", "edit", "remove", "delete", "hide", "unhide", "block", "unblock", "update"}


def normalise_meta(payload: Any, ctx: Context) -> Normalised:
    """Every change and message of every entry becomes one PlatformEvent."""
    root = obj(payload, "the body")
    kind_of_object = root.get("object")
    if kind_of_object not in ("page", "instagram"):
        raise InvalidPayload('expected "object": "page" or "instagram"')
    platform = Platform.facebook if kind_of_object == "page" else Platform.instagram
    out = Normalised()
    entries = items(root.get("entry"), '"entry"')
    if root.get("entry") is None:
        raise InvalidPayload('"entry" must be a list')
    for n, entry_value in enumerate(entries):
        entry = obj(entry_value, f"entry[{n}]")
        account_id = ident(entry.get("id"), f"entry[{n}].id")
        for m, change in enumerate(items(entry.get("changes"), f"entry[{n}].changes")):
            where = f"entry[{n}].changes[{m}]"
            out.take(where, _change, change, where, account_id, platform, ctx, entry.get("time"))
        for m, messaging in enumerate(items(entry.get("messaging"), f"entry[{n}].messaging")):
            out.take(f"entry[{n}].messaging[{m}]", _message, messaging, account_id, platform, ctx)
    return out


def _change(change: Mapping[str, Any], where: str, account_id: str, platform: Platform, ctx: Context,
            entry_time: Any):
    """The event of one change, or None for a field not covered (e.g. `ratings`)."""
    field = change.get("field")
    value = obj(change.get("value"), f"{where}.value")
    if field == "feed" and platform is Platform.facebook:
        return _feed(value, account_id, ctx)
    if field in ("comments", "live_comments") and platform is Platform.instagram:
        return _ig_comment(value, account_id, ctx)
    if field == "mentions" and platform is Platform.instagram:
        return _ig_mention(value, account_id, ctx, entry_time)
    if field == "mention" and platform is Platform.facebook:
        return _page_mention(value, account_id, ctx)
    if field == "messages":  # the Conversations-API style of delivering messages
        return _message(value, account_id, platform, ctx)
    return None


def _author(value: Any, where: str, *, instagram: bool = False) -> Author:
    sender = obj(value, where)
    author_id = ident(sender.get("id"), f"{where}.id")
    name = sender.get("name") if not instagram else (sender.get("username") or sender.get("name"))
    name = name if isinstance(name, str) else None
    profile = None  # Facebook's ids are page-scoped: no profile URL can be built from them
    if (instagram and isinstance(sender.get("username"), str)
            and sender["username"].replace(".", "").replace("_", "").isalnum()):
        profile = f"https://www.instagram.com/{sender['username']}"
    return Author(platform_id=author_id, name=name, profile_url=profile)


def _media(value: Mapping[str, Any]) -> tuple[list[MediaRef], list[str]]:
    media: list[MediaRef] = []
    for key, kind in (("photo", "image"), ("video", "video")):
        if isinstance(value.get(key), str):
            media.append(MediaRef(url=value[key], kind=kind))
    for url in value.get("photos") or []:
        if isinstance(url, str):
            media.append(MediaRef(url=url, kind="image"))
    links = [value["link"]] if isinstance(value.get("link"), str) else []
    return media, links


def _feed(value: Mapping[str, Any], page_id: str, ctx: Context):
    item = value.get("item")
    verb = value.get("verb", "add")
    if not isinstance(item, str) or item not in _FEED_KINDS:
        raise InvalidPayload(f"unknown feed item {str(item)[:40]!r}")
    if not isinstance(verb, str) or verb not in _VERBS:
        raise InvalidPayload(f"unknown feed verb {str(verb)[:40]!r}")
    if verb in ("block", "unblock"):
        return None  # a block is a page setting, not an item
    post_id = optional_ident(value.get("post_id"), "post_id")
    comment_id = optional_ident(value.get("comment_id"), "comment_id")
    parent_id = optional_ident(value.get("parent_id"), "parent_id")
    if value.get("from") is not None:
        author = _author(value.get("from"), "from")
    else:  # removals often carry only `sender_id` (or nothing): the item must still be recorded
        sender = optional_ident(value.get("sender_id"), "sender_id")
        name = value.get("sender_name")
        author = Author(platform_id=sender or "unknown", name=name if isinstance(name, str) else None)
    base_kind = _FEED_KINDS[item]
    parent: str | None
    if base_kind is ItemKind.reaction:
        target = comment_id or post_id
        if not target:
            raise InvalidPayload('a reaction needs "post_id" or "comment_id"')
        item_id, parent = f"{target}:reaction:{author.platform_id}", target
    else:
        if item == "comment" and not comment_id:
            raise InvalidPayload('a comment change needs "comment_id"')
        item_id = comment_id if item == "comment" else post_id  # type: ignore[assignment]
        if not item_id:
            raise InvalidPayload('a feed change needs "comment_id" or "post_id"')
        parent = parent_id if item == "comment" else None
    kind = base_kind if base_kind is ItemKind.reaction else _VERB_KINDS.get(verb, base_kind)
    if kind is ItemKind.comment and parent_id and post_id and parent_id != post_id:
        kind = ItemKind.reply  # a comment on a comment
    text = text_of(value.get("message"), "message")
    created = timestamp(value.get("created_time"), "created_time")
    media, links = _media(value)
    return build_event(
        ctx, platform=Platform.facebook, account_id=page_id, kind=kind, item_id=item_id,
        id_parts=(item, verb, value.get("created_time"), value.get("reaction_type"), digest(text)),
        author=author, direction=direction_of(author.platform_id, page_id), raw=value, text=text,
        parent_id=parent, thread_id=post_id, published_at=created, media=media, links=links,
    )


def _page_mention(value: Mapping[str, Any], page_id: str, ctx: Context):
    """Someone tagged the page in their own post or comment (`mention` field)."""
    post_id = ident(value.get("post_id"), "post_id")
    comment_id = optional_ident(value.get("comment_id"), "comment_id")
    sender_id = ident(value.get("sender_id"), "sender_id")
    verb = value.get("verb", "add")
    if not isinstance(verb, str) or verb not in _VERBS:
        raise InvalidPayload(f"unknown mention verb {str(verb)[:40]!r}")
    text = text_of(value.get("message"), "message")
    name = value.get("sender_name")
    return build_event(
        ctx, platform=Platform.facebook, account_id=page_id,
        kind=ItemKind.delete if verb in ("remove", "delete") else ItemKind.mention,
        item_id=comment_id or post_id, id_parts=("mention", verb, value.get("created_time"), digest(text)),
        author=Author(platform_id=sender_id, name=name if isinstance(name, str) else None),
        direction=direction_of(sender_id, page_id), raw=value, text=text,
        parent_id=post_id if comment_id else None, thread_id=post_id,
        published_at=timestamp(value.get("created_time"), "created_time"),
    )


def _ig_comment(value: Mapping[str, Any], account_id: str, ctx: Context):
    comment_id = ident(value.get("id"), "id")
    author = _author(value.get("from"), "from", instagram=True)
    media = value.get("media")
    media_id = optional_ident(obj(media, "media").get("id"), "media.id") if media is not None else None
    parent_id = optional_ident(value.get("parent_id"), "parent_id")
    text = text_of(value.get("text"), "text")
    return build_event(
        ctx, platform=Platform.instagram, account_id=account_id,
        kind=ItemKind.reply if parent_id else ItemKind.comment, item_id=comment_id,
        id_parts=("comment", digest(text)), author=author, direction=direction_of(author.platform_id, account_id),
        raw=value, text=text, parent_id=parent_id or media_id, thread_id=media_id,
        published_at=timestamp(value.get("timestamp"), "timestamp"),
    )


def _ig_mention(value: Mapping[str, Any], account_id: str, ctx: Context, entry_time: Any):
    media_id = ident(value.get("media_id"), "media_id")
    comment_id = optional_ident(value.get("comment_id"), "comment_id")
    # A mention carries only ids: who wrote it and what it says are fetched by staff
    # (or a later enrichment); the item itself is kept now.
    return build_event(
        ctx, platform=Platform.instagram, account_id=account_id, kind=ItemKind.mention,
        item_id=comment_id or media_id, id_parts=("mention",),
        author=Author(platform_id="unknown"), direction=Direction.inkommen, raw=value,
        parent_id=media_id if comment_id else None, thread_id=media_id,
        published_at=timestamp(entry_time, "entry.time"),
    )


def _message(value: Mapping[str, Any], account_id: str, platform: Platform, ctx: Context):
    sender = obj(value.get("sender"), "sender")
    sender_id = ident(sender.get("id"), "sender.id")
    recipient = value.get("recipient")
    recipient_id = optional_ident(obj(recipient, "recipient").get("id"), "recipient.id") if recipient else None
    sent = timestamp(value.get("timestamp"), "timestamp")
    if "message" in value:
        message = obj(value["message"], "message")
        mid = ident(message.get("mid"), "message.mid")
        text = text_of(message.get("text"), "message.text")
        media = []
        for n, att in enumerate(items(message.get("attachments"), "message.attachments", limit=50)):
            att = obj(att, f"message.attachments[{n}]")
            url = obj(att.get("payload") or {}, "payload").get("url")
            if isinstance(url, str):
                media.append(MediaRef(url=url, kind=str(att.get("type") or "file")))
        is_echo = message.get("is_echo") is True
        kind = ItemKind.delete if message.get("is_deleted") is True else ItemKind.direct_message
        parent = message.get("reply_to")
        parent_id = optional_ident(obj(parent, "reply_to").get("mid"), "reply_to.mid") if parent else None
        author_id = sender_id
        return build_event(
            ctx, platform=platform, account_id=account_id, kind=kind, item_id=mid,
            id_parts=("message", kind, digest(text)), author=Author(platform_id=author_id), raw=value, text=text,
            direction=Direction.upprattad if is_echo or sender_id == account_id else Direction.inkommen,
            parent_id=parent_id, thread_id=sender_id if sender_id != account_id else recipient_id,
            published_at=sent, media=media,
        )
    if "message_edit" in value:
        edit = obj(value["message_edit"], "message_edit")
        mid = ident(edit.get("mid"), "message_edit.mid")
        text = text_of(edit.get("text"), "message_edit.text")
        return build_event(
            ctx, platform=platform, account_id=account_id, kind=ItemKind.edit, item_id=mid,
            id_parts=("message_edit", edit.get("num_edit"), digest(text)), author=Author(platform_id=sender_id),
            direction=direction_of(sender_id, account_id), raw=value, text=text, thread_id=sender_id,
            published_at=sent,
        )
    if "reaction" in value:
        reaction = obj(value["reaction"], "reaction")
        mid = ident(reaction.get("mid"), "reaction.mid")
        return build_event(
            ctx, platform=platform, account_id=account_id, kind=ItemKind.reaction,
            item_id=f"{mid}:reaction:{sender_id}",
            id_parts=("reaction", reaction.get("action"), reaction.get("reaction")),
            author=Author(platform_id=sender_id), direction=direction_of(sender_id, account_id), raw=value,
            text=text_of(reaction.get("emoji"), "reaction.emoji"), parent_id=mid, thread_id=sender_id,
            published_at=sent,
        )
    return None  # read receipts, deliveries, typing, postbacks: not items
