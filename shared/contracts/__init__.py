"""Wire contracts: every message between services is one of these pydantic models."""

from .archive import RecordPreserved, RecordStored
from .commands import Actor, CommandResult, Role
from .base import AwareDatetime, Contract, Envelope, deterministic_id, new_id, utcnow
from .moderation import (ActionChanged, FeedbackRouted, HolidayModeChanged, ItemDecided, ItemTagged, Severity,
                         SlaChanged, Span, Tag)
from .notify import AlertRaised
from .registry import AccountFacts, AccountTier
from .social import Author, Direction, ItemKind, MediaRef, Platform, PlatformEvent

__all__ = [
    "AccountFacts", "AccountTier", "ActionChanged", "Actor", "AlertRaised", "Author",
    "AwareDatetime", "CommandResult", "Contract", "Direction", "Envelope",
    "FeedbackRouted", "HolidayModeChanged", "ItemDecided", "ItemKind", "ItemTagged",
    "MediaRef", "Platform", "PlatformEvent", "RecordPreserved", "RecordStored", "Role",
    "Severity", "SlaChanged", "Span", "Tag", "deterministic_id", "new_id", "utcnow",
]
