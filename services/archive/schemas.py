"""Wire models archive owns: queries (`q.archive.*`) and commands (`cmd.archive.*`).

Every string a query puts into a MongoDB filter is a plain `str`/enum/datetime field,
so a `{"$gt": ""}` is refused by validation and never reaches the database.
"""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from shared.contracts import Actor, Direction, Platform
from shared.contracts.base import AwareDatetime
from shared.queries import Query

Id = str  # plain strings; pydantic refuses objects where these are expected


class RecordQuery(Query):
    """`q.archive.records` (the walking skeleton's query): records, oldest first."""

    item_id: str | None = Field(None, max_length=200)


class SearchQuery(Query):
    """`q.archive.search`."""

    text: str | None = Field(None, max_length=500, description="Free text: words, each matched as a prefix.")
    account_id: str | None = Field(None, max_length=200)
    author_id: str | None = Field(None, max_length=200, description="Author's id on the platform.")
    author_name: str | None = Field(None, max_length=200, description="Words of the author's name (prefixes).")
    platform: Platform | None = None
    direction: Direction | None = None
    category: str | None = Field(None, max_length=64)
    thread_id: str | None = Field(None, max_length=200)
    kind: str | None = Field(None, max_length=64)
    source: Literal["social", "moderation", "notify", "outbound", "snapshot"] | None = None
    registration_status: Literal["pending", "registered", "failed", "not_required"] | None = None
    deleted: bool | None = Field(None, description="Only items deleted on the platform (true) or not (false).")
    date_from: AwareDatetime | None = None
    date_to: AwareDatetime | None = None
    newest_first: bool = False
    page_token: str | None = Field(None, max_length=300)

    def decode_token(self) -> tuple[datetime, str]:
        try:
            at, rid = base64.urlsafe_b64decode(self.page_token or "").decode().split("|", 1)
            return datetime.fromisoformat(at), rid
        except Exception as exc:  # any malformed token is the caller's error
            raise ValueError("ogiltig page_token") from exc

    @staticmethod
    def encode_token(at: datetime, rid: str) -> str:
        return base64.urlsafe_b64encode(f"{at.isoformat()}|{rid}".encode()).decode()


class RecordDetailQuery(Query):
    """`q.archive.record`: one record with versions, tags, decisions, registration, proof."""

    record_id: str = Field(..., min_length=1, max_length=64)


class ConsistencyQuery(Query):
    """`q.archive.consistency`: proof that tree head `old_size` is a prefix of `new_size`."""

    old_size: int = Field(..., ge=1)
    new_size: int = Field(..., ge=1)


class ListQuery(Query):
    """`q.archive.holds`, `q.archive.culling_runs`, `q.archive.disclosures`, `q.archive.snapshots_due`."""

    active: bool | None = None


class CullingRunQuery(Query):
    """`q.archive.culling_run`: one run with its gallringsprotokoll."""

    run_id: str = Field(..., min_length=1, max_length=64)


class CullingPreviewQuery(Query):
    """`q.archive.culling_preview`: what a culling run now would cull."""


# --- commands ---------------------------------------------------------------------

class ArchiveCommand(BaseModel):
    actor: Actor


class Span(BaseModel):
    start: int = Field(..., ge=0)
    end: int = Field(..., ge=0)
    reason: str = Field("manuell", max_length=100)


class Redaction(BaseModel):
    record_id: str = Field(..., min_length=1, max_length=64)
    add: list[Span] = Field(default_factory=list, description="Extra spans staff black out.")
    remove_premarked: list[int] = Field(default_factory=list,
                                        description="Indexes of pre-marked spans staff judged disclosable.")


class ExportDisclosure(ArchiveCommand):
    """`cmd.archive.disclose`: a disclosure (utlämnande) of selected records as PDF and HTML."""

    record_ids: list[str] = Field(..., min_length=1, max_length=500)
    redactions: list[Redaction] = Field(default_factory=list)
    requester: str = Field("", max_length=300, description="Who asked (may be anonymous).")
    reference: str = Field("", max_length=200, description="Diarienummer of the request, if any.")
    preview: bool = Field(False, description="Only return pre-marked spans; log nothing.")


class RegisterManually(ArchiveCommand):
    """`cmd.archive.register`: a registrar records a registration made by hand."""

    record_id: str = Field(..., min_length=1, max_length=64)
    diarienummer: str = Field(..., min_length=1, max_length=100)
    board: str | None = Field(None, max_length=200)
    case_reference: str | None = Field(None, max_length=200)


class RequestRegistration(ArchiveCommand):
    """`cmd.archive.request_registration`: send a record to the case-management system."""

    record_id: str = Field(..., min_length=1, max_length=64)
    board: str | None = Field(None, max_length=200)


class PlaceHold(ArchiveCommand):
    """`cmd.archive.hold`: a legal hold (stops culling) on records."""

    record_ids: list[str] = Field(..., min_length=1, max_length=5000)
    reason: str = Field(..., min_length=1, max_length=2000)


class ReleaseHold(ArchiveCommand):
    """`cmd.archive.release_hold`."""

    hold_id: str = Field(..., min_length=1, max_length=64)
    reason: str = Field(..., min_length=1, max_length=2000)


class RunCulling(ArchiveCommand):
    """`cmd.archive.cull`: a culling run now (dry_run: only the protocol of what would go)."""

    dry_run: bool = False


class ExportSip(ArchiveCommand):
    """`cmd.archive.export_sip`: an E-ARK SIP written on the server (path in the answer)."""

    account_id: str | None = Field(None, max_length=200)
    date_from: AwareDatetime | None = None
    date_to: AwareDatetime | None = None


class TakeSnapshot(ArchiveCommand):
    """`cmd.archive.snapshot`: snapshot an account's public page now (before large changes)."""

    account_id: str = Field(..., min_length=1, max_length=200)
