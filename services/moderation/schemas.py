"""Moderation's query and command requests (bodies of `q.moderation.*` / `cmd.moderation.*`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from shared.contracts import Actor
from shared.contracts.moderation import (ActionChanged, FeedbackRouted, HolidayModeChanged, ItemDecided, ItemTagged,
                                         SlaChanged)
from shared.policy.sections.moderation import Category
from shared.queries import Query

_ID_PATTERN = r"^[A-Za-z0-9_.:\-]+$"
_ID = Field(..., min_length=1, max_length=128, pattern=_ID_PATTERN)
_MUNICIPALITY = Field(..., pattern=r"^[a-z][a-z0-9_-]{1,40}$")


class VerdictQuery(Query):
    item_event_id: str | None = Field(None, min_length=1, max_length=128, pattern=_ID_PATTERN)


class QueueQuery(Query):
    status: Literal["open", "decided", "answered", "no_action"] = "open"
    account_id: str | None = Field(None, max_length=128)
    category: Category | None = None


class ItemQuery(Query):
    item_event_id: str = _ID


class ClockQuery(Query):
    state: Literal["running", "at_risk", "breached", "met"] | None = None
    item_event_id: str | None = Field(None, max_length=128)


class OffenderQuery(Query):
    platform: str | None = Field(None, max_length=32)
    account_id: str | None = Field(None, max_length=128)
    author_id: str | None = Field(None, max_length=128)
    min_count: int = Field(1, ge=1, le=1000)


class DecideCommand(BaseModel):
    """Body of every `cmd.moderation.<decision>`."""

    model_config = {"extra": "forbid"}

    actor: Actor
    municipality: str = _MUNICIPALITY
    item_event_id: str = _ID
    reason: str = Field(..., min_length=3, max_length=2000, description="Why (Swedish); kept in the decision log.")
    command_id: str | None = Field(None, max_length=128,
                                   description="Idempotency key: a resent command changes nothing.")
    reply_text: str | None = Field(None, max_length=5000, description="reply/refer: the text to post.")
    unit: str | None = Field(None, max_length=64, description="refer: the unit to forward to.")
    notify_author: bool = Field(False, description="remove: tell the author why, with the pack's template.")


class HolidayCommand(BaseModel):
    model_config = {"extra": "forbid"}

    actor: Actor
    municipality: str = _MUNICIPALITY
    enabled: bool


__all__ = ["ActionChanged", "ClockQuery", "DecideCommand", "FeedbackRouted", "HolidayCommand", "HolidayModeChanged",
           "ItemDecided", "ItemQuery", "ItemTagged", "OffenderQuery", "QueueQuery", "SlaChanged", "VerdictQuery"]
