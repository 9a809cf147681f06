"""Notify's stored documents for unit tests: a broadcast from only the fields a test is about."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from shared.contracts.notify import Broadcast

BASE: dict[str, Any] = {
    "municipality": "knivsta",
    "kind": "alert",
    "state": "approved",
    "content": {"title": "Titel", "body": "Text.", "severity": "warning"},
    "drafted_by": {"user_id": "kim", "name": "Kim"},
    "revision": 1,
    "checks": {"lix": 0, "lix_threshold": 40, "errors": [], "warnings": []},
    "created_at": datetime(2026, 11, 21, 8, 0, tzinfo=UTC),
    "updated_at": datetime(2026, 11, 21, 8, 0, tzinfo=UTC),
    "correlation_id": "c1",
}


def broadcast(**fields: Any) -> Broadcast:
    """A stored broadcast (`_id` and the fields given over BASE's; `checks` partial is filled)."""
    checks = BASE["checks"] | fields.pop("checks", {})
    return Broadcast.model_validate({"_id": "b1", **BASE, **fields, "checks": checks})
