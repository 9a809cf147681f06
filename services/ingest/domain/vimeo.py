"""Vimeo comments (polled from `/videos/{id}/comments`) → PlatformEvents."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.contracts import Author, ItemKind, Platform

from .common import (Context, InvalidPayload, Normalised, build_event, direction_of, ident, items, obj, text_of,
                     timestamp)


def normalise_vimeo_comments(payload: Any, account_id: str, ctx: Context, *,
                             parent_uri: str | None = None) -> Normalised:
    """One page of comments (or of one comment's replies) on the account's video."""
    root = obj(payload, "the answer")
    out = Normalised()
    for n, value in enumerate(items(root.get("data"), "data", limit=100)):
        try:
            out.events.append(vimeo_comment(obj(value, f"data[{n}]"), account_id, ctx, parent_uri=parent_uri))
        except InvalidPayload as exc:
            out.problems.append(f"data[{n}]: {exc}")
    return out


def vimeo_comment(comment: Mapping[str, Any], account_id: str, ctx: Context, *, parent_uri: str | None = None):
    uri = ident(comment.get("uri"), "uri")
    if not uri.startswith("/videos/") or "/comments/" not in uri:
        raise InvalidPayload(f"uri {uri[:60]!r} is not a Vimeo comment URI")
    video_uri = uri.split("/comments/")[0]
    user = obj(comment.get("user"), "user")
    user_uri = ident(user.get("uri"), "user.uri")
    author_id = user_uri.rsplit("/", 1)[-1]
    link = user.get("link")
    text = text_of(comment.get("text"), "text")
    return build_event(
        ctx, platform=Platform.vimeo, account_id=account_id,
        kind=ItemKind.reply if parent_uri else ItemKind.comment, item_id=uri, id_parts=("comment",),
        author=Author(platform_id=author_id, name=user.get("name") if isinstance(user.get("name"), str) else None,
                      profile_url=link if isinstance(link, str) and link.startswith("https://") else None),
        direction=direction_of(author_id, account_id), raw=comment, text=text,
        parent_id=parent_uri or video_uri, thread_id=video_uri,
        published_at=timestamp(comment.get("created_on"), "created_on"),
    )
