"""Moderation verdicts (`moderation.item.tagged`)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import Contract, Envelope
from .social import Platform


class Severity(StrEnum):
    none = "none"
    low = "low"
    medium = "medium"
    high = "high"
    severe = "severe"


class Span(Contract):
    start: int = Field(..., ge=0, description="Offset of the first character matched.")
    end: int = Field(..., ge=0, description="Offset after the last character matched.")
    text: str = Field(..., description="The matched text.")


class Tag(Contract):
    category: str = Field(..., description="Category id, e.g. `profanity`, `personal_data`.")
    rule_id: str = Field(..., description="The rule that matched, for explanation.")
    spans: list[Span] = Field(default_factory=list)


class ItemTagged(Envelope):
    """The policy pack's verdict on one received item."""

    item_event_id: str = Field(..., description="event_id of the PlatformEvent tagged.")
    platform: Platform
    account_id: str
    item_id: str
    policy: str = Field(..., description="Policy pack used, e.g. `knivsta`.")
    tags: list[Tag] = Field(default_factory=list)
    intents: list[str] = Field(default_factory=list)
    severity: Severity = Severity.none
    recommended_action: str = Field("keep", description="What the pack recommends: keep, hide, remove, reply…")
