"""Notify's wire models: alerts (`notify.alert.<verb>`), crisis broadcasts
(`notify.broadcast.<verb>`), their per-channel deliveries (`notify.delivery.<state>`), the
commands the dashboard sends (`cmd.notify.<what>`) and the queries it asks
(`q.notify.<what>`, asked through shared/clients/notify.py) with their replies. The replies
are also the documents notify's store keeps (`id` is the stored `_id`).

Broadcast events carry the full content, approver and times, so archive can keep every
broadcast, approval and delivery as an upprättad handling from the event alone.
"""

from __future__ import annotations

from enum import StrEnum

from typing import Any

from pydantic import (
    Field,
    HttpUrl,
    field_validator,
    model_validator,
)

from .base import AwareDatetime, Contract, Envelope, StoredShape
from .commands import Actor
from .moderation import Severity
from .queries import MunicipalityQuery


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
    account_id: str | None = Field(None, description="The registry's id of the account.")
    platform_account_id: str | None = Field(None, description="The account's id on the platform (the archive "
                                            "files the post under it, as it files what comes in).")
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


class DeadLetterReplayed(NotifyCommand):
    """The dashboard replayed a dead letter (through its publisher): note it for the page."""

    dead_letter_id: str = Field(..., min_length=1, max_length=200)
    attempt: int = Field(..., ge=1)


# ---- the commands' answers (`CommandResult.data`) ----


class DraftChecked(Contract):
    """`cmd.notify.draft_broadcast`, `cmd.notify.revise_broadcast`: the draft's revision now
    and its pre-approval checks (the approver approves this revision)."""

    revision: int
    checks: CheckResult


class DeliveriesStopped(Contract):
    """`cmd.notify.cancel_broadcast`: how many channels not yet reached will not get it."""

    deliveries_cancelled: int


# ---- what notify reads of others' events ----


class SlaSignal(Envelope):
    """What notify reads from moderation's SLA events (`moderation.sla.<state>`, at risk /
    breached / met; `SlaChanged` in shared/contracts/moderation.py); tolerant of the rest."""

    item_event_id: str | None = None
    account_id: str | None = None
    platform: str | None = None
    due_at: AwareDatetime | None = None
    deadline: str | None = Field(None, description="`first_response` or `answer`.")


# ---- queries (q.notify.<what>) and their replies ----


class AlertsQuery(MunicipalityQuery):
    state: str | None = Field(None, pattern=r"^(open|acknowledged|resolved)$")
    rule: str | None = Field(None, pattern=r"^[a-z_]{1,40}$")
    account_id: str | None = Field(None, max_length=200)


class AlertQuery(MunicipalityQuery):
    alert_id: str = Field(..., min_length=1, max_length=64)


class BroadcastsQuery(MunicipalityQuery):
    state: str | None = Field(None, pattern=r"^(draft|approved|cancelled)$")


class BroadcastQuery(MunicipalityQuery):
    broadcast_id: str = Field(..., min_length=1, max_length=64)


class DeadLettersQuery(MunicipalityQuery):
    unreplayed: bool = Field(False, description="Only those not replayed yet.")


class DeadLetterQuery(MunicipalityQuery):
    dead_letter_id: str = Field(..., min_length=1, max_length=200)


class CheckDraftQuery(MunicipalityQuery):
    content: BroadcastContent
    kind: BroadcastKind = BroadcastKind.alert


class AboutTextsQuery(MunicipalityQuery):
    """`q.notify.about_texts`: what was written into the accounts' about texts (one account, or all)."""

    account_id: str | None = Field(None, min_length=1, max_length=200)


class AlertState(StrEnum):
    open = "open"
    acknowledged = "acknowledged"
    resolved = "resolved"


class Alert(AlertRaised, StoredShape):
    """An alert as kept and shown (`q.notify.alerts`): the raised event, its state and folds."""

    id: str = Field(..., alias="_id")
    state: AlertState = AlertState.open
    raised_at: AwareDatetime
    last_seen_at: AwareDatetime
    folded_ids: list[str] = Field(default_factory=list, description=(
        "Alerts of the same cause folded into this one (in `q.notify.alert`; the list gives `occurrences`)."))
    item_event_ids: list[str] = Field(default_factory=list, description=(
        "The items of this alert and of its folds (in `q.notify.alert`)."))
    occurrences: int = Field(1, description="1 + the folded repeats (counted by the store: folds are kept apart).")
    escalation_level: int = 0
    escalated_at: AwareDatetime | None = None
    acknowledged_by: PersonRef | None = None
    acknowledged_at: AwareDatetime | None = None
    acknowledge_note: str | None = None
    resolved_at: AwareDatetime | None = None
    resolved_reason: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_stored(cls, data: Any) -> Any:
        """The stored alert's `_id` is its `alert_id` (the document does not repeat it); an
        alert given its folds and not their count counts them."""
        if isinstance(data, dict) and "alert_id" not in data:
            data = {**data, "alert_id": data.get("_id", data.get("id"))}
        if isinstance(data, dict) and "occurrences" not in data:
            data = {**data, "occurrences": 1 + len(data.get("folded_ids") or [])}
        return data


class Notification(StoredShape):
    """What was sent where for an alert: one per alert, channel, address and escalation level."""

    id: str = Field(..., alias="_id")
    alert_id: str
    channel: str = Field(..., description="`email` or `chat`.")
    target: str
    state: str = Field(..., description="sent, rate_limited, failed.")
    error: str | None = None
    at: AwareDatetime


class AlertDetail(Alert):
    """`q.notify.alert`: one alert and what was sent where."""

    notifications: list[Notification] = Field(default_factory=list)


class BroadcastState(StrEnum):
    draft = "draft"
    approved = "approved"
    cancelled = "cancelled"


class Broadcast(StoredShape):
    """A crisis broadcast as kept: its content, revision, the two people and its state."""

    id: str = Field(..., alias="_id")
    municipality: str
    kind: BroadcastKind
    parent_id: str | None = None
    thread_id: str | None = Field(None, description="The original's id (its own for an original).")
    template_id: str | None = None
    content: BroadcastContent
    revision: int = 1
    state: BroadcastState
    drafted_by: PersonRef
    editors: list[PersonRef] = Field(default_factory=list)
    checks: CheckResult
    created_at: AwareDatetime
    updated_at: AwareDatetime
    correlation_id: str
    approved_by: PersonRef | None = None
    approved_at: AwareDatetime | None = None
    warnings_accepted: bool | None = None
    cancelled_by: PersonRef | None = None
    cancelled_at: AwareDatetime | None = None
    cancel_reason: str | None = None
    closed: bool | None = Field(None, description="The all-clear was sent for its event.")
    closed_at: AwareDatetime | None = None
    holiday_notice: bool | None = None
    withdrawn_at: AwareDatetime | None = Field(None, description="A holiday notice taken down.")

    @property
    def thread(self) -> str:
        """The id of the event's original broadcast."""
        return self.thread_id or self.id


class DeliveryStep(StoredShape):
    state: str | None = None
    attempt: int
    at: AwareDatetime
    reason: str | None = None


class Delivery(StoredShape):
    """One channel's delivery of a broadcast, as kept (`notify.delivery.<state>` announces each step)."""

    id: str = Field(..., alias="_id")
    broadcast_id: str
    municipality: str
    channel: str = Field(..., description="`website`, `cms`, or `account:<registry account id>`.")
    platform: str | None = None
    account_id: str | None = None
    platform_account_id: str | None = None
    reply_to: str | None = None
    state: DeliveryState
    attempt: int = 0
    next_attempt_at: AwareDatetime | None = None
    lease_until: AwareDatetime | None = None
    claim: str | None = None
    created_at: AwareDatetime | None = None
    updated_at: AwareDatetime | None = None
    platform_post_id: str | None = None
    url: str | None = None
    text: str | None = None
    reason: str | None = None
    history: list[DeliveryStep] = Field(default_factory=list)
    pinned: bool | None = Field(None, description="A holiday notice pinned on the platform.")
    pin_note: str | None = None
    withdrawn_at: AwareDatetime | None = None
    withdraw_note: str | None = None


class BroadcastView(Broadcast):
    """`q.notify.broadcasts` / `q.notify.broadcast`: a broadcast with its deliveries."""

    deliveries: list[Delivery] = Field(default_factory=list)
    delivery_summary: dict[str, int] = Field(default_factory=dict, description="{state: count}")


class DeadLetter(StoredShape):
    """A dead-lettered message as the system page shows it (`q.notify.dead_letters`)."""

    id: str = Field(..., alias="_id")
    municipality: str | None = Field(None, description="None: system-wide.")
    service: str
    subject: str = Field(..., description="The original subject.")
    consumer: str | None = None
    original_position: str = ""
    original_headers: dict[str, str] = Field(default_factory=dict)
    error: str = ""
    delivered: str | None = None
    position: str
    at: AwareDatetime
    concerns: dict[str, str] = Field(default_factory=dict, description="item_id, item_event_id, platform, kind, ...")
    body: str = Field("", description="The message's body (a preview).")
    replays: int = 0
    replayed_at: AwareDatetime | None = None
    replayed_by: str | None = None


class ReplayRequest(Contract):
    """What the dashboard sends to the publisher (`cmd.<publisher>.replay_dead_letter`)."""

    dead_letter_id: str
    subject: str
    consumer: str
    headers: dict[str, str] = Field(default_factory=dict)
    body_b64: str
    attempt: int
    publisher: str | None = None


class DeadLetterDetail(DeadLetter):
    """`q.notify.dead_letter`: one dead letter with what replaying it needs."""

    replay: ReplayRequest


class AboutText(StoredShape):
    """What notify wrote into an account's about text (`q.notify.about_texts`)."""

    id: str = Field(..., alias="_id")
    municipality: str
    account_id: str
    platform: str
    platform_account_id: str | None = None
    account_name: str | None = None
    state: str = Field(..., description="written, unsupported, failed.")
    text: str | None = None
    note: str | None = None
    written_at: AwareDatetime | None = None
    updated_at: AwareDatetime


class TemplateView(Contract):
    """A crisis template (`q.notify.templates`) and the placeholders to fill."""

    id: str
    name: str
    title: str
    body: str
    short_text: str | None = None
    severity: str
    placeholders: list[str] = Field(default_factory=list)
