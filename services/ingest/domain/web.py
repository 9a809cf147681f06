"""The municipality's own web (comment forms, "Tyck till", e-services) → PlatformEvents.

The generic JSON webhook (documented in services/ingest/README.md)::

    {"site": "knivsta.se", "items": [{"id": "tt-1842", "kind": "comment", "form": "tyck-till",
      "text": "…", "author": {"id": "anon-93", "name": "Åsa"}, "by_municipality": false,
      "parent_id": null, "thread_id": "page-42", "page_url": "https://knivsta.se/…",
      "submitted_at": "2026-11-21T08:00:00+01:00", "attachments": [{"url": "…", "kind": "image",
      "alt_text": "…"}], "edited": false, "deleted": false}]}

A single item may also be sent as the body itself (with `site`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.contracts import Author, Direction, ItemKind, MediaRef, Platform

from .common import (Context, InvalidPayload, Normalised, build_event, digest, ident, items, obj, optional_ident,
                     text_of, timestamp)

_KINDS = {k.value: k for k in ItemKind}


def normalise_web(payload: Any, ctx: Context) -> Normalised:
    root = obj(payload, "the body")
    site = ident(root.get("site"), "site")
    batch = root.get("items")
    entries = items(batch, '"items"', limit=500) if batch is not None else [root]
    out = Normalised()
    for n, value in enumerate(entries):
        try:
            out.events.append(_item(obj(value, f"items[{n}]"), site, ctx))
        except InvalidPayload as exc:
            if batch is None:
                raise
            out.problems.append(f"items[{n}]: {exc}")
    return out


def _item(item: Mapping[str, Any], site: str, ctx: Context):
    item_id = ident(item.get("id"), "id")
    kind_name = item.get("kind", "comment")
    if not isinstance(kind_name, str) or kind_name not in _KINDS:
        raise InvalidPayload(f'unknown kind {str(kind_name)[:40]!r}; one of {", ".join(_KINDS)}')
    kind = _KINDS[kind_name]
    if item.get("deleted") is True:
        kind = ItemKind.delete
    elif item.get("edited") is True:
        kind = ItemKind.edit
    author_value = item.get("author") or {}
    author = obj(author_value, "author")
    author_id = optional_ident(author.get("id"), "author.id") or "anonymous"
    by_municipality = item.get("by_municipality")
    if by_municipality is not None and not isinstance(by_municipality, bool):
        raise InvalidPayload('"by_municipality" must be true or false')
    text = text_of(item.get("text"), "text")
    media = []
    for n, att in enumerate(items(item.get("attachments"), "attachments", limit=20)):
        att = obj(att, f"attachments[{n}]")
        url = att.get("url")
        if not isinstance(url, str):
            raise InvalidPayload(f"attachments[{n}].url must be a string")
        media.append(MediaRef(url=url, kind=str(att.get("kind") or "file"),
                              alt_text=att.get("alt_text") if isinstance(att.get("alt_text"), str) else None))
    page = item.get("page_url")
    return build_event(
        ctx, platform=Platform.web, account_id=site, kind=kind, item_id=item_id,
        id_parts=(kind, item.get("submitted_at"), digest(text)),
        author=Author(platform_id=author_id, name=author.get("name") if isinstance(author.get("name"), str) else None),
        direction=Direction.upprattad if by_municipality else Direction.inkommen, raw=item, text=text,
        parent_id=optional_ident(item.get("parent_id"), "parent_id"),
        thread_id=optional_ident(item.get("thread_id"), "thread_id"),
        published_at=timestamp(item.get("submitted_at"), "submitted_at"), media=media,
        links=[page] if isinstance(page, str) else [],
    )
