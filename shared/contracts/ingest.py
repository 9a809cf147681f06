"""Ingest contracts: the queries it answers (`q.ingest.<what>`, for the dashboard's
system page) and their replies. What ingest publishes is `PlatformEvent`
(shared/contracts/social.py), and for itself each raw delivery as kept (`DeliveryKept`).

A malformed request is answered with `QueryError` (shared/contracts/queries.py).
Callers ask through `shared.clients.ingest`."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import ConfigDict, Field

from .base import AwareDatetime, Contract
from .queries import MunicipalityQuery

DeliveryStatus = Literal["received", "published", "partly_rejected", "rejected"]
# The webhook route a delivery came by: Facebook and Instagram are `meta`, polls are youtube/vimeo.
DeliveryPlatform = Literal["meta", "x", "linkedin", "youtube", "vimeo", "web"]


class RawDelivery(Contract):
    """A delivery exactly as received: a webhook request's body, or a polled page."""

    model_config = ConfigDict(ser_json_bytes="base64", val_json_bytes="base64")

    delivery_id: str
    municipality: str
    platform: str
    body: bytes
    content_type: str
    received_at: datetime
    source: str | None = None


class DeliveryKept(RawDelivery):
    """`ingest.delivery.<platform>`: one attempt at a delivery, raw, with its outcome.

    JetStream's ack of this message is what keeps the raw body before the platform gets
    its answer (issue 13: no database write in the request's path); ingest's own consumer
    then writes it to the deliveries collection (the system page's list)."""

    status: DeliveryStatus
    attempt: str = Field(..., description="This attempt's id (its receipt time): the same bytes sent "
                                          "again are another attempt of the same delivery.")
    published: int | None = Field(None, description="Events published (none for a rejected delivery).")
    problems: list[str] = Field(default_factory=list, description="Changes mended or refused.")
    reason: str | None = Field(None, description="Why the delivery was rejected.")


class DeliveriesQuery(MunicipalityQuery):
    """`q.ingest.deliveries` → `list[Delivery]`, newest first."""

    status: DeliveryStatus | None = Field(None, description="Only deliveries in this state.")
    platform: DeliveryPlatform | None = Field(
        None, description="Only deliveries from this route (Facebook and Instagram are `meta`; "
                          "polls are youtube/vimeo).")
    with_problems: bool = Field(False, description="Only deliveries that were mended or partly refused.")


class Delivery(Contract):
    """A raw delivery as kept (without its body): a webhook request or a polled page."""

    id: str = Field(..., description="Delivery id: derived from the body's SHA-256, so a retry is the same.")
    municipality: str
    platform: DeliveryPlatform
    content_type: str
    received_at: AwareDatetime
    source: str | None = Field(None, description="The sender's address, or `poll`.")
    status: DeliveryStatus
    attempts: int = Field(1, description="How often the same bytes were delivered.")
    events: int | None = Field(None, description="Events published, once published.")
    problems: list[str] = Field(default_factory=list, description="Changes mended or refused (at most 100).")
    with_problems: bool = False
    reason: str | None = Field(None, description="Why the delivery was rejected.")


class PollerCursor(Contract):
    """Where a poller is with one account (`<platform>:<municipality>:<account>`)."""

    id: str = Field(..., description="`<platform>:<municipality>:<account id>`, e.g. `youtube:knivsta:UC…`.")
    watermark: AwareDatetime | None = Field(None, description="Newest comment time seen (YouTube).")
    walk_max: AwareDatetime | None = Field(None, description="Newest seen so far in an unfinished walk (YouTube).")
    page_token: str | None = Field(None, description="Where an unfinished walk resumes (YouTube).")
    videos: dict[str, AwareDatetime] = Field(default_factory=dict, description="Watermark per video (Vimeo).")
    quota_errors: int = Field(0, description="Consecutive quota errors (the pause doubles with each).")
    backoff_until: AwareDatetime | None = None
    last_error: str | None = None
    last_polled_at: AwareDatetime | None = None
    updated_at: AwareDatetime | None = None


class IngestStatus(Contract):
    """`q.ingest.status` → the spool's depth and the pollers' cursors."""

    spooled: int = Field(..., description="Deliveries waiting in the spool to be published.")
    pollers: list[PollerCursor] = Field(default_factory=list)
