"""Alerts raised by notify (`notify.alert.raised`)."""

from __future__ import annotations

from pydantic import Field

from .base import Envelope
from .moderation import Severity


class AlertRaised(Envelope):
    alert_id: str = Field(..., description="Stable id; the same cause raises the same alert once.")
    rule: str = Field(..., description="The alert rule, e.g. `severe_content`.")
    severity: Severity
    title: str = Field(..., description="Short staff-facing text (Swedish).")
    account_id: str | None = None
    item_event_id: str | None = None
