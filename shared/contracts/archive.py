"""Archive events: a record stored, and content preserved before any removal."""

from __future__ import annotations

from pydantic import Field

from .base import Envelope
from .social import Direction, Platform


class RecordStored(Envelope):
    record_id: str = Field(..., description="The archive's id of the record.")
    item_event_id: str = Field(..., description="event_id of the item stored.")
    platform: Platform
    item_id: str
    direction: Direction
    version: int = Field(1, ge=1, description="Version of the record this store created.")


class RecordPreserved(Envelope):
    """Content and sender are durably stored: removal on the platform may now proceed."""

    record_id: str
    platform: Platform
    item_id: str
