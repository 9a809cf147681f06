"""Pure archive rules."""

from __future__ import annotations

from shared.contracts import PlatformEvent, deterministic_id


def record_id(event: PlatformEvent) -> str:
    """One record per item on a platform, whatever happens to it later (edits are versions)."""
    return deterministic_id("record", event.municipality, event.platform, event.item_id)
