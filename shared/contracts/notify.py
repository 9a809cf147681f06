"""Notify's wire models: alerts (`notify.alert.<verb>`), crisis broadcasts
(`notify.broadcast.<verb>`), their per-channel deliveries (`notify.delivery.<state>`) and
the commands the dashboard sends (`cmd.notify.<what>`).

Broadcast events carry the full content, approver and times, so archive can keep every
broadcast, approval and delivery as an upprättad handling from the event alone.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, HttpUrl, field_validator

from .base import AwareDatetime, Contract, Envelope
from .commands import Actor
from .moderation import Severity


class AlertRule(StrEnum):
    severe_content = "severe_content"
    sla_at_risk = "sla_at_risk"
    sla_breached = "sla_breached"
    compliance_gap = "compliance_gap"
    review_due = "review_due"
    close_recommended = "close_recommended"
    delivery_failed = "delivery_failed"
    dead_letter = "dead_letter"
    service_down = "service_down"
    request_due = "request_due"


class AlertRaised(Envelope):
    alert_id: str = Field(..., description="Stable id; the same cause raises the same alert once.")
    rule: str = Field(..., description="The alert rule, e.g. `severe_content` (see AlertRule).")
    severity: Severity
    title: str = Field(..., description="Short staff-facing text (Swedish).")
    body: str = Field("", description="What happened and what to do (Swedish).")
    account_id: str | None = None
    item_event_id: str | None = None
    platform: str | None = None
    unit: str | None = Field(None, description="Unit the alert concerns, for routing.")
    dedupe_key: str | None = Field(None, description="Alerts with the same key within the pack's window fold into one.")
    link: str | None = Field(None, description="Where staff act on it (path in the staff web UI).")
    details: dict[str, str] = Field(default_factory=dict)
    recipients: list[str] = Field(
        default_factory=list,
        description="Addresses the cause itself names (e.g. a review's responsible); else registry is asked.",
    )


class PersonRef(Contract):
    user_id: str
    name: str


class AlertAcknowledged(Envelope):
    alert_id: str
    by: PersonRef
    note: str = ""


class AlertEscalated(Envelope):
    alert_id: str
    level: int = Field(..., ge=1)
    recipients: list[str] = Field(default_factory=list, description="Addresses told at this level.")
    by: PersonRef | None = Field(None, description="Who escalated it; null when the time ran out.")
    reason: str = ""


class AlertResolved(Envelope):
    alert_id: str
    reason: str


class BroadcastKind(StrEnum):
    alert = "alert"  # the first message about an event
    update = "update"  # news on the same event, threaded to the original
    all_clear = "all_clear"  # "faran över", threaded to the original


class CrisisSeverity(StrEnum):
    info = "info"
    warning = "warning"
    critical = "critical"
    all_clear = "all_clear"


class Link(Contract):
    url: HttpUrl
    label: str = Field("", max_length=200)


class Translation(Contract):
    language: str = Field(..., pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$", description="BCP 47, e.g. `en`, `fi`, `ar`.")
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=5000)


class MediaConsent(Contract):
    """What the writer confirms about an image or video (Eskilstuna L82); "not applicable"
    (nobody identifiable, no children) counts as confirmed."""

    creator_permission: bool = Field(False, description="The creator (photographer) permits the publication.")
    identifiable_people: bool = Field(False, description="Identifiable people consented, or none is identifiable.")
    guardians_for_children: bool = Field(
        False, description="Guardians consented for children, covering every publication, or no child is shown.")


class BroadcastContent(Contract):
    """What the crisis team writes. Text is plain text (no markup)."""

    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field(..., min_length=1, max_length=5000)
    short_text: str | None = Field(
        None, max_length=280, description="Shorter text for platforms with tight limits (X); body otherwise."
    )
    severity: CrisisSeverity = CrisisSeverity.warning
    image_url: HttpUrl | None = None
    image_alt_text: str | None = Field(None, max_length=1000)
    image_consent: MediaConsent | None = Field(None, description="Consent confirmations for the image, where "
                                                                  "the pack asks for them (Eskilstuna L82).")
    links: list[Link] = Field(default_factory=list, max_length=10)
    language: str = Field("sv", pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
    translations: list[Translation] = Field(default_factory=list, max_length=10)

    @field_validator("image_alt_text")
    @classmethod
    def _strip(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


class CheckResult(Contract):
    """Pre-approval checks of a draft; errors block approval, warnings need a conscious yes."""

    lix: int
    lix_threshold: int
    errors: list[str] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    lengths: dict[str, int] = Field(default_factory=dict, description="Characters of the post per platform.")
    limits: dict[str, int] = Field(default_factory=dict)


class BroadcastDrafted(Envelope):
    """A draft created or revised (`notify.broadcast.drafted` / `notify.broadcast.revised`)."""

    broadcast_id: str
    kind: BroadcastKind
    parent_id: str | None = None
    template_id: str | None = None
    content: BroadcastContent
    by: PersonRef
    revision: int = Field(1, ge=1)
    checks: CheckResult


class BroadcastApproved(Envelope):
    broadcast_id: str
    kind: BroadcastKind
    parent_id: str | None = None
    content: BroadcastContent
    drafted_by: PersonRef
    approved_by: PersonRef
    revision: int
    checks: CheckResult
    warnings_accepted: bool = False


class BroadcastCancelled(Envelope):
    broadcast_id: str
    by: PersonRef
    reason: str
    deliveries_cancelled: int = 0


class DeliveryState(StrEnum):
    queued = "queued"
    sent = "sent"
    confirmed = "confirmed"
    retrying = "retrying"
    failed = "failed"
    cancelled = "cancelled"


class DeliveryChanged(Envelope):
    """One channel's receipt for a broadcast (`notify.delivery.<state>`)."""

    delivery_id: str
    broadcast_id: str
    channel: str = Field(..., description="`website`, `cms`, or `account:<registry account id>`.")
    platform: str | None = None
    account_id: str | None = None
    state: DeliveryState
    attempt: int = 0
    platform_post_id: str | None = None
    url: str | None = None
    reply_to: str | None = Field(None, description="Platform post the delivery was threaded under.")
    reason: str | None = None
    text: str | None = Field(None, description="The exact text posted (for the record).")
    next_attempt_at: AwareDatetime | None = None


# ---- commands (cmd.notify.<what>), answered with a CommandResult ----


class NotifyCommand(Contract):
    actor: Actor


class AcknowledgeAlert(NotifyCommand):
    alert_id: str = Field(..., min_length=1, max_length=64)
    note: str = Field("", max_length=2000)


class EscalateAlert(NotifyCommand):
    alert_id: str = Field(..., min_length=1, max_length=64)
    reason: str = Field(..., min_length=1, max_length=2000)


class DraftBroadcast(NotifyCommand):
    request_id: str | None = Field(
        None, max_length=64, description="Client's id of this request: a resent command creates one draft, not two."
    )
    kind: BroadcastKind = BroadcastKind.alert
    parent_id: str | None = Field(None, max_length=64, description="Original broadcast (update/all-clear).")
    template_id: str | None = Field(None, max_length=64)
    values: dict[str, str] = Field(default_factory=dict, description="Template placeholders, e.g. {omrade}.")
    content: BroadcastContent | None = Field(None, description="The text; from the template when omitted.")


class ReviseBroadcast(NotifyCommand):
    broadcast_id: str = Field(..., min_length=1, max_length=64)
    content: BroadcastContent


class ApproveBroadcast(NotifyCommand):
    broadcast_id: str = Field(..., min_length=1, max_length=64)
    revision: int | None = Field(None, description="The revision the approver read; refused if it changed since.")
    accept_warnings: bool = Field(False, description="The approver saw the warnings (LIX) and approves anyway.")


class CancelBroadcast(NotifyCommand):
    broadcast_id: str = Field(..., min_length=1, max_length=64)
    reason: str = Field(..., min_length=1, max_length=2000)
