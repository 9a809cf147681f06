"""YouTube → PlatformEvents: WebSub Atom pushes (uploads, title changes, deletions) and
the Data API's `commentThreads` (polled; WebSub carries no comments)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from shared.contracts import Author, Direction, ItemKind, Platform

from .common import (
    Context, InvalidPayload, Normalised, build_event, direction_of, ident, items, obj, optional_ident, text_of,
    timestamp,
)

ATOM = "{http://www.w3.org/2005/Atom}"
YT = "{http://www.youtube.com/xml/schemas/2015}"
TOMBSTONE = "{http://purl.org/atompub/tombstones/1.0}"
# An update arriving this long after publication is a change (title, description), not an upload.
EDIT_AFTER_S = 300


def normalise_websub(body: bytes, ctx: Context) -> Normalised:
    """An Atom feed from the hub: each entry is a new or changed video, each tombstone a deletion."""
    try:
        root = ElementTree.fromstring(body, forbid_dtd=True)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise InvalidPayload(f"body is not a readable Atom feed: {exc}") from exc
    if root.tag != f"{ATOM}feed":
        raise InvalidPayload("expected an Atom <feed> element")
    out = Normalised()
    for n, entry in enumerate(root.findall(f"{ATOM}entry")):
        try:
            out.events.append(_video(entry, ctx))
        except InvalidPayload as exc:
            out.problems.append(f"entry[{n}]: {exc}")
    for n, gone in enumerate(root.findall(f"{TOMBSTONE}deleted-entry")):
        try:
            out.events.append(_deleted(gone, root, ctx))
        except InvalidPayload as exc:
            out.problems.append(f"deleted-entry[{n}]: {exc}")
    return out


def _text(entry: Element, tag: str) -> str | None:
    found = entry.find(tag)
    return found.text.strip() if found is not None and found.text else None


def _video(entry: Element, ctx: Context):
    video_id = ident(_text(entry, f"{YT}videoId"), "yt:videoId")
    channel_id = ident(_text(entry, f"{YT}channelId"), "yt:channelId")
    title = _text(entry, f"{ATOM}title") or ""
    published = timestamp(_text(entry, f"{ATOM}published"), "published")
    updated_raw = _text(entry, f"{ATOM}updated")
    updated = timestamp(updated_raw, "updated")
    author_name = _text(entry, f"{ATOM}author/{ATOM}name")
    link = entry.find(f"{ATOM}link[@rel='alternate']")
    url = link.get("href") if link is not None else f"https://www.youtube.com/watch?v={video_id}"
    is_edit = bool(published and updated and (updated - published).total_seconds() > EDIT_AFTER_S)
    raw = {"video_id": video_id, "channel_id": channel_id, "title": title,
           "published": _text(entry, f"{ATOM}published"),
           "updated": updated_raw, "link": url}
    return build_event(
        ctx, platform=Platform.youtube, account_id=channel_id, kind=ItemKind.edit if is_edit else ItemKind.post,
        item_id=video_id, id_parts=("websub", updated_raw if is_edit else "upload"),
        author=Author(platform_id=channel_id, name=author_name,
                      profile_url=f"https://www.youtube.com/channel/{channel_id}"),
        direction=Direction.upprattad, raw=raw, text=title, published_at=updated if is_edit else published,
        links=[url] if url else [],
    )


def _deleted(gone: Element, root: Element, ctx: Context):
    ref = ident(gone.get("ref"), "ref")
    video_id = ref.removeprefix("yt:video:")
    by = gone.find(f"{TOMBSTONE}by/{ATOM}uri")
    channel_uri = by.text.strip() if by is not None and by.text else ""
    channel_id = ident(channel_uri.rstrip("/").rsplit("/", 1)[-1] if channel_uri else None, "at:by/uri")
    return build_event(
        ctx, platform=Platform.youtube, account_id=channel_id, kind=ItemKind.delete, item_id=video_id,
        id_parts=("websub", "deleted"), author=Author(platform_id=channel_id), direction=Direction.upprattad,
        raw={"ref": ref, "when": gone.get("when"), "channel": channel_uri},
        published_at=timestamp(gone.get("when"), "when"),
    )


def normalise_comment_threads(payload: Any, channel_id: str, ctx: Context) -> Normalised:
    """One page of `commentThreads.list`: each top-level comment and each included reply."""
    root = obj(payload, "the answer")
    out = Normalised()
    for n, thread in enumerate(items(root.get("items"), "items", limit=100)):
        try:
            thread = obj(thread, f"items[{n}]")
            snippet = obj(thread.get("snippet"), f"items[{n}].snippet")
            top = obj(snippet.get("topLevelComment"), "topLevelComment")
            out.events.append(youtube_comment(top, channel_id, ctx, thread_id=ident(thread.get("id"), "id")))
            replies = thread.get("replies")
            for m, reply in enumerate(items(obj(replies, "replies").get("comments") if replies else None,
                                            "replies.comments", limit=100)):
                out.events.append(youtube_comment(obj(reply, f"replies[{m}]"), channel_id, ctx,
                                                  thread_id=ident(thread.get("id"), "id")))
        except InvalidPayload as exc:
            out.problems.append(f"items[{n}]: {exc}")
    return out


def youtube_comment(comment: Mapping[str, Any], channel_id: str, ctx: Context, *, thread_id: str):
    comment_id = ident(comment.get("id"), "id")
    snippet = obj(comment.get("snippet"), "snippet")
    author_channel = snippet.get("authorChannelId")
    author_id = optional_ident(obj(author_channel, "authorChannelId").get("value"), "authorChannelId.value") \
        if author_channel else None
    text = text_of(snippet.get("textOriginal") or snippet.get("textDisplay"), "textOriginal")
    published_raw, updated_raw = snippet.get("publishedAt"), snippet.get("updatedAt")
    published = timestamp(published_raw, "publishedAt")
    edited = updated_raw is not None and updated_raw != published_raw
    parent = optional_ident(snippet.get("parentId"), "parentId")
    video = optional_ident(snippet.get("videoId"), "videoId")
    profile = snippet.get("authorChannelUrl")
    return build_event(
        ctx, platform=Platform.youtube, account_id=channel_id,
        kind=ItemKind.edit if edited else (ItemKind.reply if parent else ItemKind.comment), item_id=comment_id,
        id_parts=("comment", updated_raw or published_raw),
        author=Author(platform_id=author_id or "unknown",
                      name=(snippet.get("authorDisplayName") if isinstance(snippet.get("authorDisplayName"), str)
                            else None),
                      profile_url=profile.replace("http://", "https://", 1) if isinstance(profile, str)
                      and profile.startswith(("http://", "https://")) else None),
        direction=direction_of(author_id, channel_id), raw=comment, text=text,
        parent_id=parent or (f"video:{video}" if video else None), thread_id=thread_id,
        published_at=timestamp(updated_raw, "updatedAt") if edited else published,
    )
