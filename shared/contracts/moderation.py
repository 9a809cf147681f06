"""Moderation contracts: the verdicts and what follows them (`moderation.*` events), the
commands staff send (`cmd.moderation.<decision>`, `cmd.moderation.holiday_mode`), and the
queries it answers (`q.moderation.<what>`) with their replies: moderation's stored
documents as it sends them (`_id` in its database is `id` here)."""

from __future__ import annotations

import warnings
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (BaseModel, ConfigDict, Field, PlainSerializer, SerializerFunctionWrapHandler, field_validator,
                      model_serializer)

from .base import AwareDatetime, Contract, Envelope, MunicipalityId, StoredShape
from .commands import Actor, Outcome
from .queries import MunicipalityQuery
from .social import Author, Platform


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


class Referral(Contract):
    """Out of scope: the authority a rule recognised in the text, to refer the writer to."""

    authority: str = Field(..., description="The authority's name, e.g. `Trafikverket`.")
    url: str = Field(..., description="Where the writer reaches it.")


# `register`, the key the JSON has always had, is also a method of every model class (ABCMeta's);
# pydantic warns of that, but an instance reads its field, so the warning is noise.
warnings.filterwarnings("ignore", message='Field name "register" in "PackAction" shadows', category=UserWarning)


class PackAction(StoredShape):
    """What the pack says to do about one category or intent found (only what applies is sent)."""

    action: str = Field(..., description="keep, hide, remove, review, refer, reply or register.")
    category: str | None = Field(None, description="The category it is for (or `intent`).")
    intent: str | None = Field(None, description="The intent it is for (or `category`).")
    forbidden: bool = Field(False, description="Category: the pack forbids it.")
    police_report: bool = Field(False, description="Category: content like this is reported to the police.")
    sla: bool = Field(False, description="Intent: it starts the answer clocks.")
    route_to_unit: bool = Field(False, description="Intent: forwarded to the unit concerned.")
    register: bool = Field(False, description="To be registered (diarieföras).")
    source: str | None = Field(None, description="Category: where the municipality's document says so.")
    reported: bool = Field(False, description="A report of someone else's content: staff review the original.")
    refer_to: Referral | None = Field(None, description="Out of scope: the authority to refer to.")


class MatchedSpan(StoredShape, Span):
    """A matched passage with what it stands for (one of `category`, `intent`, `signal`) and its rule."""

    category: str | None = None
    intent: str | None = None
    signal: str | None = Field(None, description="Not a policy id: e.g. praise, used for routing feedback.")
    rule_id: str
    score: float | None = Field(None, ge=0, le=1, description="A model's hit: its probability.")


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
    actions: list[PackAction] = Field(default_factory=list, description="What the pack says to do, with its source.")
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
    refer_to: Referral | None = Field(None, description="Out of scope: the authority to refer to.")
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


# Commands (`cmd.moderation.*`) ---------------------------------------------------------

_ID_PATTERN = r"^[A-Za-z0-9_.:\-]+$"
_ID = Field(..., min_length=1, max_length=128, pattern=_ID_PATTERN)


class DecideCommand(BaseModel):
    """Body of every `cmd.moderation.<decision>`."""

    model_config = ConfigDict(extra="forbid")

    actor: Actor
    municipality: MunicipalityId
    item_event_id: str = _ID
    reason: str = Field(..., min_length=3, max_length=2000, description="Why (Swedish); kept in the decision log.")
    command_id: str | None = Field(None, max_length=128,
                                   description="Idempotency key: a resent command changes nothing.")
    reply_text: str | None = Field(None, max_length=5000, description="reply/refer: the text to post.")
    unit: str | None = Field(None, max_length=64, description="refer: the unit to forward to.")
    notify_author: bool = Field(False, description="remove: tell the author why, with the pack's template.")


class HolidayCommand(BaseModel):
    """Body of `cmd.moderation.holiday_mode`."""

    model_config = ConfigDict(extra="forbid")

    actor: Actor
    municipality: MunicipalityId
    enabled: bool


# Queries (`q.moderation.<what>`) -------------------------------------------------------

class VerdictQuery(MunicipalityQuery):
    """`q.moderation.verdicts`: the newest verdicts, or the one of `item_event_id`."""

    item_event_id: str | None = Field(None, min_length=1, max_length=128, pattern=_ID_PATTERN)


class QueueQuery(MunicipalityQuery):
    """`q.moderation.queue`: the items in one status, in the order to work them."""

    status: Literal["open", "decided", "answered", "no_action"] = "open"
    account_id: str | None = Field(None, max_length=128)
    category: str | None = Field(None, description="A category id (shared.policy.sections.moderation.Category).")

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str | None) -> str | None:
        from shared.policy.sections.moderation import Category  # the policy's sections import this module

        return None if value is None else Category(value).value


class ItemQuery(MunicipalityQuery):
    """`q.moderation.item` and `q.moderation.police_report`: one item by its event id."""

    item_event_id: str = _ID


class ClockQuery(MunicipalityQuery):
    """`q.moderation.clocks`: answer-time clocks, of one item or in one state."""

    state: Literal["running", "at_risk", "breached", "met"] | None = None
    item_event_id: str | None = Field(None, max_length=128)


class OffenderQuery(MunicipalityQuery):
    """`q.moderation.offenders`: one author's history on an account, or the repeat offenders."""

    platform: str | None = Field(None, max_length=32)
    account_id: str | None = Field(None, max_length=128)
    author_id: str | None = Field(None, max_length=128)
    min_count: int = Field(1, ge=1, le=1000)


# Moderation's documents, stored and sent --------------------------------------------------

# An author as moderation's documents hold it: JSON (its profile URL a string), as the item carried it.
StoredAuthor = Annotated[Author, PlainSerializer(lambda a: a.model_dump(mode="json"), return_type=dict)]


class DecisionSummary(Contract):
    """A decision as noted on its item (the whole is in the decision log)."""

    id: str = Field(..., alias="_id", description="The decision's id.")
    decision: str
    reason: str
    actor_name: str | None = None
    automatic: bool = False
    at: AwareDatetime | None = None


class Verdict(ItemTagged):
    """A tagged item as moderation keeps it (`q.moderation.verdicts`, `q.moderation.queue`):
    the verdict published, the item it is about, and where it stands in the review queue.
    Unlike the event, `unit` is the account's unit (or the political leadership's) and
    `tier` is set for every item."""

    id: str = Field(..., alias="_id", description="The item's event id.")
    text: str = ""
    kind: str
    direction: str
    author: StoredAuthor
    parent_id: str | None = None
    links: list[str] = Field(default_factory=list)
    published_at: AwareDatetime | None = None
    signals: list[str] = Field(default_factory=list)
    spans: list[MatchedSpan] = Field(default_factory=list, description="Every matched passage, with its rule.")
    status: str = Field(..., description="open, decided, answered or no_action.")
    severity_rank: int = 0
    due_at: AwareDatetime | None = Field(None, description="The first deadline (first feedback), for the queue.")
    holiday_mode: bool = False
    political_question: bool = False
    decisions: list[DecisionSummary] = Field(default_factory=list)
    answered_by: str | None = Field(None, description="Answered: the staff reply's event id.")


class Clock(Contract):
    """One answer-time clock of a question (`q.moderation.clocks`)."""

    id: str = Field(..., alias="_id", description="`<item_event_id>:<clock>`.")
    municipality: str
    item_event_id: str
    platform: str
    account_id: str
    item_id: str
    thread_key: str
    clock: str = Field(..., description="first_feedback or answer.")
    started_at: AwareDatetime
    tier: str
    unit: str | None = None
    due_at: AwareDatetime | None = Field(None, description="None: no target decided, the clock only counts.")
    budget_s: float | None = None
    targets_decided: bool = True
    state: str = Field(..., description="running, at_risk, breached or met.")
    holiday_mode: bool = False
    correlation_id: str | None = None
    at_risk_at: AwareDatetime | None = None
    breached_at: AwareDatetime | None = None
    met_at: AwareDatetime | None = None
    met_by: str | None = Field(None, description="Met: the staff reply's event id.")


class DecisionRecord(Contract):
    """One entry of the decision log: who decided what about an item, and why."""

    id: str = Field(..., alias="_id", description="The decision's id.")
    municipality: str
    item_event_id: str
    platform: str
    account_id: str
    item_id: str
    decision: str
    reason: str
    automatic: bool = False
    at: AwareDatetime
    categories: list[str] = Field(default_factory=list)
    actor_id: str = Field(..., description="user_id of the decider, or `auto:<rule>`.")
    actor_name: str = ""
    actor_roles: list[str] = Field(default_factory=list)
    reply_text: str | None = None
    unit: str | None = None
    rules: list[Any] | None = Field(None, description="Automatic: the pack's rules that permitted it.")
    consulted_id: str | None = None
    consulted_name: str | None = None
    violations: int | None = Field(None, description="Block: the author's earlier violations.")


class PlatformAction(Contract):
    """A hide, unhide, remove or block on the platform, run once the archive has the item."""

    id: str = Field(..., alias="_id", description="The action's id.")
    decision_id: str
    municipality: str
    item_event_id: str
    platform: str
    account_id: str
    item_id: str
    author_id: str | None = None
    action: str = Field(..., description="hide, unhide, remove or block.")
    state: str = Field(..., description="waiting, executing, executed or failed.")
    attempts: int = 0
    automatic: bool = False
    created_at: AwareDatetime | None = None
    correlation_id: str | None = None
    claimed_at: AwareDatetime | None = None
    executed_at: AwareDatetime | None = None
    failed_at: AwareDatetime | None = None
    record_id: str | None = None
    error: str | None = None


class Preservation(Contract):
    """The archive's receipt for an item (`archive.record.preserved`)."""

    id: str = Field(..., alias="_id", description="`<municipality>:<platform>:<item_id>`.")
    municipality: str
    platform: str
    item_id: str
    record_id: str
    preserved_at: AwareDatetime


class Violation(Contract):
    item_event_id: str
    item_id: str
    categories: list[str] = Field(default_factory=list)
    at: AwareDatetime
    author_name: str | None = None
    excerpt: str = ""


class Offender(Contract):
    """One author's violations on one account (`q.moderation.offenders`)."""

    id: str = Field(..., alias="_id", description="`<municipality>:<platform>:<account_id>:<author_id>`.")
    municipality: str
    platform: str
    account_id: str
    author_id: str
    count: int = 0
    violations: list[Violation] = Field(default_factory=list)
    item_event_ids: list[str] = Field(default_factory=list)
    last_at: AwareDatetime | None = None
    author_name: str | None = None


class PoliceDecision(Contract):
    """Reported or not, with the reason, who and when; `missing` while the pack asks for one
    (only the fields that apply are sent)."""

    state: Literal["reported", "not_reported", "missing"]
    reason: str | None = None
    by: str | None = None
    at: AwareDatetime | None = None

    @model_serializer(mode="wrap")
    def _only_set(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return {k: v for k, v in handler(self).items() if v is not None}


class AuthorHistory(Contract):
    count: int = 0
    violations: list[Violation] = Field(default_factory=list, description="The last ten.")


class ItemDetail(Verdict):
    """One item with everything decided and done about it (`q.moderation.item`)."""

    decision_log: list[DecisionRecord] = Field(default_factory=list)
    police_decision: PoliceDecision | None = Field(
        None, description="Where the pack says \"ska polisanmälas\" (Eskilstuna L118).")
    platform_actions: list[PlatformAction] = Field(default_factory=list)
    clocks: list[Clock] = Field(default_factory=list)
    author_history: AuthorHistory = Field(default_factory=AuthorHistory)
    preserved: Preservation | None = None


class PreparedBy(Contract):
    user_id: str | None = None
    name: str | None = None


class ReportedContent(Contract):
    text: str = ""
    platform: str
    account_id: str
    item_id: str
    kind: str | None = None
    links: list[str] = Field(default_factory=list)


class ReportTimes(Contract):
    published_at: AwareDatetime | None = None
    received_at: AwareDatetime | None = None
    tagged_at: AwareDatetime | None = None


class ThreadEntry(Contract):
    item_id: str
    author: StoredAuthor | None = None
    text: str | None = None
    received_at: AwareDatetime | None = None
    direction: str | None = None


class ArchiveProof(Contract):
    record_id: str
    preserved_at: AwareDatetime


class PoliceReport(Contract):
    """The police-report package (`q.moderation.police_report`): content, sender, times,
    thread and the archive's proof, gathered when staff decided to report."""

    id: str = Field(..., alias="_id", description="The decision's id.")
    municipality: str
    item_event_id: str
    created_at: AwareDatetime
    prepared_by: PreparedBy
    reason: str
    content: ReportedContent
    sender: StoredAuthor | None = None
    times: ReportTimes
    categories: list[str] = Field(default_factory=list)
    tags: list[Tag] = Field(default_factory=list)
    thread: list[ThreadEntry] = Field(default_factory=list)
    archive_proof: ArchiveProof | None = None
    earlier_violations: int = 0


class Notice(Contract):
    """`q.moderation.notice`: whether holiday mode is on, and the notice shown meanwhile."""

    holiday_mode: bool
    notice: str | None = None
    factor: float = 1.0
    manual: bool | None = Field(None, description="Staff's explicit switch; None: the decided periods rule.")
    changed_by: str | None = None


# Commands' answers (`CommandResult.data`) -------------------------------------------------

class ReplyOutcome(Outcome):
    """A reply posted on the platform for a decision, or why it was not (staff then reply by hand)."""

    posted: bool
    platform_post_id: str | None = Field(None, description="The reply's id on the platform, once posted.")
    error: str | None = Field(None, description="Why it was not posted (Swedish or the platform's words).")


class DecisionOutcome(Outcome):
    """`cmd.moderation.<decision>` (all but block): what the decision set off; only what it did is sent."""

    action_state: str | None = Field(None, description="A platform action's state: waiting (for the archive), "
                                                       "executing, executed, failed or missing.")
    reply: ReplyOutcome | None = Field(None, description="reply/refer: the reply on the platform.")
    author_notice: str | None = Field(None, description="remove with notify_author: the text telling the author why.")
    author_notice_post: ReplyOutcome | None = Field(None, description="remove of a comment: that text under its post.")
    package: PoliceReport | None = Field(None, description="police_report: the package gathered for the police.")


class BlockOutcome(Outcome):
    """`cmd.moderation.block`: whether both approvals are in, and then the block's platform action."""

    ready: bool = Field(..., description="Both the responsible function and the strategist have said yes.")
    approvals: int | None = Field(None, description="Not ready: the approvals so far.")
    action_state: str | None = Field(None, description="Ready and decided now: the block's platform action state.")


class HolidayModeSet(Contract):
    """`cmd.moderation.holiday_mode`: the notice shown to the public meanwhile (null when switched off)."""

    notice: str | None

