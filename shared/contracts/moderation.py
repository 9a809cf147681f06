"""Moderation verdicts (`moderation.item.tagged`)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import AwareDatetime, Contract, Envelope
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
    rule_id: str = Field(..., description="The rule that matched, for explanation "
                                          "(`model.<id>` for the trained model).")
    spans: list[Span] = Field(default_factory=list)
    score: float | None = Field(None, ge=0, le=1,
                                description="The model's probability, when a model (not a rule) tagged it.")


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
    categories: list[str] = Field(default_factory=list, description="Every category detected (pack or not).")
    actions: list[dict] = Field(default_factory=list, description="What the pack says to do, with its source.")
    forbidden: bool = Field(False, description="At least one category the pack forbids.")
    police_report: bool = Field(False, description="The pack says content like this is reported to the police.")
    author_id: str | None = None
    thread_id: str | None = None
    first_feedback_due: AwareDatetime | None = Field(None, description="Questions: first-feedback deadline.")
    answer_due: AwareDatetime | None = Field(None, description="Questions: answer deadline.")
    received_at: AwareDatetime | None = Field(None, description="When ingest received the item (reports count by it).")
    tier: str | None = Field(None, description="Inbound: the account's tier the deadlines were set by.")
    clocks_started: bool = Field(
        False, description="Answer-time clocks run for this item (a question); without decided targets its "
                           "`first_feedback_due` and `answer_due` are null while the clocks count elapsed time.")
    refer_to: dict | None = Field(None, description="Out of scope: the authority to refer to.")
    unit: str | None = Field(None, description="Inbound: the routing unit the matter belongs to (pack's routing).")
    board: str | None = Field(None, description="Inbound: the board (nämnd) of that unit, when the pack names one: "
                                                "the archive registers the item with it.")


class ItemDecided(Envelope):
    """A person (or a rule the pack permits) decided about one item (`moderation.item.decided`)."""

    decision_id: str = Field(..., description="Stable id of the decision.")
    item_event_id: str
    platform: Platform
    account_id: str
    item_id: str
    decision: str = Field(..., description="keep, hide, unhide, remove, reply, refer, register, police_report, block.")
    reason: str = Field(..., min_length=1, description="Why (Swedish, for the record).")
    actor_id: str = Field(..., description="user_id of the decider, or `auto:<rule>` for an automatic action.")
    actor_name: str = ""
    actor_roles: list[str] = Field(default_factory=list)
    automatic: bool = False
    consulted_id: str | None = Field(None, description="Block: the communications strategist consulted.")
    consulted_name: str | None = None
    unit: str | None = Field(None, description="Refer/route: the unit it went to.")
    reply_text: str | None = Field(None, description="Reply/refer: the text to post, if any.")
    categories: list[str] = Field(default_factory=list)


class ActionChanged(Envelope):
    """A platform action's progress (`moderation.action.<state>`): waiting for the archive,
    executed, failed, or reverted. Executed only after `archive.record.preserved`."""

    action_id: str
    decision_id: str
    item_event_id: str
    platform: Platform
    account_id: str
    item_id: str
    action: str = Field(..., description="hide, unhide, remove, block.")
    state: str = Field(..., description="waiting, executed, failed, reverted.")
    automatic: bool = False
    record_id: str | None = Field(None, description="The archive record preserved before the action.")
    preserved_at: AwareDatetime | None = Field(
        None, description="Executed: when the archive confirmed the preservation.")
    error: str | None = None


class SlaChanged(Envelope):
    """A question's clock changed state (`moderation.sla.<state>`): at_risk, breached, met."""

    item_event_id: str
    account_id: str
    platform: Platform
    clock: str = Field(..., description="first_feedback or answer.")
    deadline: str = Field(..., description="Same as `clock` in notify's words: first_response or answer.")
    state: str = Field(..., description="running, at_risk, breached, met.")
    due_at: AwareDatetime | None = Field(
        None, description="None: the municipality set no target, so the clock only counts elapsed time.")
    tier: str
    holiday_mode: bool = False
    started_at: AwareDatetime | None = Field(None, description="When the clock started (the question was received).")
    met_at: AwareDatetime | None = Field(None, description="Met: when the staff reply was published.")
    working_seconds: float | None = Field(
        None, ge=0, description="Met: working time from start to met, as the clock counts it (office hours, holidays).")


class FeedbackRouted(Envelope):
    """A critical view or valuable response forwarded to the unit concerned (`moderation.feedback.routed`)."""

    item_event_id: str
    account_id: str
    platform: Platform
    unit: str
    unit_name: str
    contact: str = ""
    kind: str = Field(..., description="critical, praise or political_question (to the political leadership).")
    excerpt: str = Field("", max_length=500)


class HolidayModeChanged(Envelope):
    """Holiday mode switched (`moderation.holiday.changed`): longer targets, a visible notice."""

    enabled: bool
    notice: str
    factor: float
    actor_id: str | None = None
