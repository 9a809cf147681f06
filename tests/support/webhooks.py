"""Build signed platform deliveries the way the platforms do."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any


def meta_body(payload: dict[str, Any]) -> bytes:
    """Meta escapes non-ASCII (ä as \\u00e4) and signs exactly those bytes."""
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode()


def meta_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def meta_comment(*, page_id: str, comment_id: str, text: str, author_id: str = "555", author_name: str = "Åsa Öberg",
                 post_id: str | None = None, created_time: int = 1_763_700_000) -> dict[str, Any]:
    post_id = post_id or f"{page_id}_1"
    return {
        "object": "page",
        "entry": [{
            "id": page_id,
            "time": created_time,
            "changes": [{
                "field": "feed",
                "value": {
                    "item": "comment", "verb": "add", "comment_id": comment_id, "post_id": post_id,
                    "parent_id": post_id, "from": {"id": author_id, "name": author_name},
                    "message": text, "created_time": created_time,
                },
            }],
        }],
    }
