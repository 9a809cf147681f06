"""Wire models notify owns (re-exported from shared) and the request shapes of its
queries, plus tolerant views of the SLA events it consumes from moderation."""

from __future__ import annotations

from pydantic import Field

from shared.contracts import AwareDatetime, Envelope
from shared.contracts.notify import (  # noqa: F401 - re-exported for the service
    AcknowledgeAlert,
    AlertAcknowledged,
    AlertEscalated,
    AlertRaised,
    AlertResolved,
    ApproveBroadcast,
    BroadcastApproved,
    BroadcastContent,
    BroadcastDrafted,
    BroadcastKind,
    CancelBroadcast,
    DeliveryChanged,
    DraftBroadcast,
    EscalateAlert,
    NotifyCommand,
    ReviseBroadcast,
)
from shared.queries import Query

_ID = Field(None, min_length=1, max_length=64)


class AlertsQuery(Query):
    state: str | None = Field(None, pattern=r"^(open|acknowledged|resolved)$")
    rule: str | None = Field(None, pattern=r"^[a-z_]{1,40}$")
    account_id: str | None = Field(None, max_length=200)


class AlertQuery(Query):
    alert_id: str = Field(..., min_length=1, max_length=64)


class BroadcastsQuery(Query):
    state: str | None = Field(None, pattern=r"^(draft|approved|cancelled)$")


class BroadcastQuery(Query):
    broadcast_id: str = Field(..., min_length=1, max_length=64)


class DeadLettersQuery(Query):
    unreplayed: bool = Field(False, description="Only those not replayed yet.")


class DeadLetterQuery(Query):
    dead_letter_id: str = Field(..., min_length=1, max_length=200)


class DeadLetterReplayed(NotifyCommand):
    """The dashboard replayed a dead letter (through its publisher): note it for the page."""

    dead_letter_id: str = Field(..., min_length=1, max_length=200)
    attempt: int = Field(..., ge=1)


class CheckDraftQuery(Query):
    content: BroadcastContent
    kind: BroadcastKind = BroadcastKind.alert


class SlaSignal(Envelope):
    """What notify reads from moderation's SLA events (at risk / breached); tolerant of
    the rest of the event."""

    item_event_id: str | None = None
    account_id: str | None = None
    platform: str | None = None
    due_at: AwareDatetime | None = None
    deadline: str | None = Field(None, description="`first_response` or `answer`.")


class AboutTextsQuery(Query):
    """`q.notify.about_texts`: what was written into the accounts' about texts (one account, or all)."""

    account_id: str | None = Field(None, min_length=1, max_length=200)
