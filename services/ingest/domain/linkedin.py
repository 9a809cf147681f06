"""LinkedIn organisation social-action notifications → PlatformEvents.

A push carries `notifications`; each has a `notificationId` (the dedupe key: LinkedIn
may send one again), an `action` (COMMENT, ADMIN_COMMENT, COMMENT_EDIT, COMMENT_DELETE,
LIKE, SHARE, SHARE_MENTION, ADMIN_MENTION…), the organisation (`organizationalEntity`),
the post it concerns (`sourcePost`) and what was generated (`generatedActivity`, with
the comment's text and owner in `decoratedGeneratedActivity`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.contracts import Author, Direction, ItemKind, Platform

from .common import (Context, InvalidPayload, Normalised, build_event, digest, ident, items, obj, optional_ident,
                     timestamp)

_ACTIONS = {
    "COMMENT": ItemKind.comment, "ADMIN_COMMENT": ItemKind.comment, "COMMENT_EDIT": ItemKind.edit,
    "COMMENT_DELETE": ItemKind.delete, "LIKE": ItemKind.reaction, "REACTION": ItemKind.reaction,
    "SHARE": ItemKind.mention, "SHARE_MENTION": ItemKind.mention, "ADMIN_MENTION": ItemKind.mention,
    "COMMENT_MENTION": ItemKind.mention, "MENTION": ItemKind.mention,
}


def org_id(urn: str) -> str:
    """`urn:li:organization:2414183` → `2414183` (registry keeps the bare id)."""
    return urn.rsplit(":", 1)[-1] if urn.startswith("urn:li:organization:") else urn


def notification_ids(payload: Any) -> list[str]:
    """The notification ids of a push (for dedupe), in order."""
    root = payload if isinstance(payload, Mapping) else {}
    notes = found if isinstance(found := root.get("notifications"), list) else []
    return [str(n.get("notificationId")) for n in notes
            if isinstance(n, Mapping) and n.get("notificationId") is not None]


def normalise_linkedin(payload: Any, ctx: Context) -> Normalised:
    root = obj(payload, "the body")
    if root.get("notifications") is None:
        raise InvalidPayload('expected "notifications": a list of social-action notifications')
    out = Normalised()
    for n, value in enumerate(items(root.get("notifications"), '"notifications"')):
        out.take(f"notifications[{n}]", _notification, value, ctx)
    return out


def _notification(note: Mapping[str, Any], ctx: Context):
    notification_id = ident(note.get("notificationId"), "notificationId")
    action = note.get("action")
    if not isinstance(action, str):
        raise InvalidPayload('"action" must be a string')
    if action not in _ACTIONS:
        return None
    org_urn = ident(note.get("organizationalEntity"), "organizationalEntity")
    source = optional_ident(note.get("sourcePost"), "sourcePost")
    generated = optional_ident(note.get("generatedActivity"), "generatedActivity")
    decorated = note.get("decoratedGeneratedActivity")
    decorated = obj(decorated, "decoratedGeneratedActivity") if decorated is not None else {}
    comment = found if isinstance(found := decorated.get("comment"), Mapping) else {}
    share = found if isinstance(found := decorated.get("share"), Mapping) else {}
    detail = comment or share
    text = found if isinstance(found := detail.get("text"), str) else ""
    owner = (optional_ident(detail.get("owner"), "owner") or optional_ident(note.get("actor"), "actor")
             or optional_ident(note.get("sourcePostAuthor"), "sourcePostAuthor") or "unknown")
    kind = _ACTIONS[action]
    item_id = (optional_ident(detail.get("entity"), "entity") or generated or source)
    if not item_id:
        raise InvalidPayload("a notification needs generatedActivity or sourcePost")
    if kind is ItemKind.reaction:
        item_id = f"{source or item_id}:reaction:{owner}"
    parent = optional_ident(comment.get("parentComment"), "parentComment") if comment else None
    if kind is ItemKind.comment and parent:
        kind = ItemKind.reply
    account = org_id(org_urn)
    by_organisation = action.startswith("ADMIN_") or owner == org_urn
    return build_event(
        ctx, platform=Platform.linkedin, account_id=account, kind=kind, item_id=item_id,
        id_parts=("notification", notification_id, digest(text)),
        author=Author(platform_id=owner, profile_url=None), raw=note, text=text,
        direction=Direction.upprattad if by_organisation else Direction.inkommen,
        parent_id=parent or (source if item_id != source else None),
        thread_id=source, published_at=timestamp(note.get("lastModifiedAt"), "lastModifiedAt"),
    )

