"""Archive events: a record stored, and content preserved before any removal."""

from __future__ import annotations

from pydantic import Field

from .base import AwareDatetime, Envelope
from .social import Direction, Platform


class RecordStored(Envelope):
    record_id: str = Field(..., description="The archive's id of the record.")
    item_event_id: str = Field(..., description="event_id of the item stored.")
    platform: Platform
    item_id: str
    direction: Direction
    version: int = Field(1, ge=1, description="Version of the record this store created.")
    account_id: str | None = Field(None, description="The platform account the item is on (reports group by it).")


class RecordPreserved(Envelope):
    """Content and sender are durably stored: removal on the platform may now proceed."""

    record_id: str
    platform: Platform
    item_id: str


class RecordRegistered(Envelope):
    """A record registered (diariefört) in the case-management system (`archive.record.registered`)."""

    record_id: str
    diarienummer: str
    board: str | None = Field(None, description="Nämnd the record is registered with.")
    case_reference: str | None = None
    registrar: str = Field(..., description="Who (or which system) registered it.")
    registered_at: AwareDatetime
    manual: bool = False


class RecordCulled(Envelope):
    """A record's content culled (gallrad) in a culling run (`archive.record.culled`); the log leaf stays."""

    record_id: str
    run_id: str
    decision: str = Field(..., description="Id of the culling decision (gallringsbeslut).")
    rule_id: str


class SnapshotDue(Envelope):
    """A half-yearly page snapshot is due for an account (`archive.snapshot.due`)."""

    account_id: str
    page_url: str
    due_at: AwareDatetime
    last_snapshot_at: AwareDatetime | None = None


class RequestDecided(Envelope):
    """A request for allmän handling was decided (`archive.request.decided`): what the
    reports count, with the times the "skyndsamt" clock measured."""

    request_id: str
    outcome: str = Field(..., description="`hel`, `delvis` or `avslag`.")
    received_at: AwareDatetime
    due_at: AwareDatetime
    decided_at: AwareDatetime


class RequestAtRisk(Envelope):
    """A request for allmän handling is close to (`at_risk`) or past (`breached`) the time the
    pack gives for a decision "skyndsamt" (`archive.request.at_risk`, once per request and state)."""

    request_id: str
    state: str = Field(..., description="`at_risk` or `breached`.")
    received_at: AwareDatetime
    due_at: AwareDatetime
    description: str = Field(..., description="What was asked for (staff's words).")
    handler: str | None = Field(None, description="Who registered the request.")
