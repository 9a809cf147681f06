"""Archive's messages: its events (a record stored, content preserved before any removal,
registered, culled...), its queries (`q.archive.*`) with their replies, and its commands
(`cmd.archive.*`). Callers ask through shared/clients/archive.py."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, ConfigDict, Field, SerializationInfo, field_serializer, field_validator

from .base import AwareDatetime, Contract, Envelope, StoredShape
from .commands import Actor
from .queries import MunicipalityQuery
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
    # The platform item the record keeps, when it keeps one: moderation finds the item by
    # these, not by the preservation receipt, which its own consumer may not have kept yet.
    platform: Platform | None = None
    item_id: str | None = None


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


# Queries (`q.archive.<what>`) and their replies ------------------------------------------
#
# Every string a query puts into a MongoDB filter is a plain `str`/enum/datetime field, so
# a `{"$gt": ""}` is refused by validation and never reaches the database. A reply is
# shaped like the stored document it is read from (the dashboard's templates read it as
# JSON): the fields staff and callers use are typed here, the rest pass through as stored
# (`extra="allow"`), and the document's `_id` is the reply's `id`.

class RecordQuery(MunicipalityQuery):
    """`q.archive.records` (the walking skeleton's query): records, oldest first."""

    item_id: str | None = Field(None, max_length=200)


class SearchQuery(MunicipalityQuery):
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

    @field_validator("page_token")
    @classmethod
    def _token_decodes(cls, token: str | None) -> str | None:
        if token:
            _decode_token(token)
        return token

    def decode_token(self) -> tuple[datetime, str]:
        return _decode_token(self.page_token or "")

    @staticmethod
    def encode_token(at: datetime, rid: str) -> str:
        return base64.urlsafe_b64encode(f"{at.isoformat()}|{rid}".encode()).decode()


def _decode_token(token: str) -> tuple[datetime, str]:
    try:
        at, rid = base64.urlsafe_b64decode(token).decode().split("|", 1)
        return datetime.fromisoformat(at), rid
    except Exception as exc:  # any malformed token is the caller's error
        raise ValueError("ogiltig page_token") from exc


class RecordDetailQuery(MunicipalityQuery):
    """`q.archive.record`: one record with versions, tags, decisions, registration, proof."""

    record_id: str = Field(..., min_length=1, max_length=64)


class ConsistencyQuery(MunicipalityQuery):
    """`q.archive.consistency`: proof that tree head `old_size` is a prefix of `new_size`."""

    old_size: int = Field(..., ge=1)
    new_size: int = Field(..., ge=1)


class HoldsQuery(MunicipalityQuery):
    """`q.archive.holds`: legal holds, newest first; `active` only placed (true) or only released (false)."""

    active: bool | None = None


class CullingRunQuery(MunicipalityQuery):
    """`q.archive.culling_run`: one run with its gallringsprotokoll."""

    run_id: str = Field(..., min_length=1, max_length=64)


class RequestsQuery(MunicipalityQuery):
    """`q.archive.requests`: requests for allmän handling, newest first."""

    open_only: bool = False


class RequestQuery(MunicipalityQuery):
    """`q.archive.request`: one request with what is to be examined."""

    request_id: str = Field(..., min_length=1, max_length=64)


class Stored(StoredShape):
    """A reply read from a stored document: typed fields, the rest as stored (`extra="allow"`)."""

    model_config = ConfigDict(frozen=True, extra="allow", populate_by_name=True)


class Identified(Stored):
    id: str = Field(..., validation_alias=AliasChoices("_id", "id"), description="The document's `_id`.")


class Staff(Stored):
    """Who acted: staff as the dashboard authenticated them (`Actor`, all its fields kept), or
    the command line's or a preview's own name."""

    user_id: str
    name: str | None = None


class Person(Stored):
    """Who wrote or drew up a record (the platform's author, or staff for an upprättad one)."""

    platform_id: str = ""
    name: str | None = None
    profile_url: str | None = None


class Media(Stored):
    """A picture, film or file on a record (a snapshot's PNG and PDF as data URLs)."""

    url: str
    kind: str | None = None
    alt_text: str | None = None


class TagSpan(Stored):
    """The part of the text a tag marks."""

    start: int
    end: int
    text: str | None = None


class RecordTag(Stored):
    """A moderation tag on the record: its category, the rule, the spans it marks."""

    category: str
    rule_id: str | None = None
    spans: list[TagSpan] = Field(default_factory=list)
    score: float | None = None


class RecordEvent(Stored):
    """Something the platform did to the item (`delete`, `hide`, `unhide`), kept on its record."""

    event_id: str
    type: str
    at: AwareDatetime
    by: Person
    raw: dict[str, Any]


class RecordDecision(Stored):
    """A decision on the item by the municipality (moderation's event), kept on its record."""

    event_id: str
    subject: str
    decision: str
    record_id: str = Field(..., description="The upprättad record of the decision itself.")
    by: Person
    reason: Any = None
    at: Any = Field(None, description="When, as the deciding event says it (ISO text).")


class Culled(Stored):
    """Why and when a record's content was culled (`culled` on the record)."""

    run_id: str
    at: AwareDatetime
    rule_id: str
    decision: str
    by: str | None = Field(..., description="Who ran the culling (the protocol names them).")


class DeletedOnPlatform(Stored):
    """The first deletion of the item on the platform."""

    at: AwareDatetime
    event_id: str


class SifProgress(Stored):
    """The Public 360 steps done so far, so a retry resumes there."""

    case_number: str | None = None
    document_number: str | None = None


class Registration(Stored):
    """Where the record stands in registration (diarieföring): queued (`pending`, with its
    attempts), given up (`failed`), or `registered` (by the records system or by hand)."""

    status: Literal["not_required", "pending", "registered", "failed"] = "not_required"
    diarienummer: str | None = None
    board: str | None = None
    case_reference: str | None = None
    registrar: str | None = None
    registered_at: AwareDatetime | None = None
    manual: bool | None = None
    rule_id: str | None = None
    document_number: str | None = None
    system: str | None = Field(None, description="webhook, public360 or manual.")
    reason: str | None = Field(None, description="Why it is to be registered (the pack's rule or a decision).")
    attempts: int | None = None
    next_attempt_at: AwareDatetime | None = None
    requested_at: AwareDatetime | None = None
    last_error: str | None = None
    sif: SifProgress | None = None


class RecordView(Identified):
    """A record (allmän handling) as `q.archive.records` and `q.archive.search` give it."""

    municipality: str
    source: str = Field("social", description="social, moderation, notify, outbound, snapshot, request.")
    platform: str | None = None
    account_id: str | None = None
    item_id: str | None = None
    thread_id: str | None = None
    kind: str | None = None
    direction: str | None = None
    published_at: AwareDatetime | None = None
    received_at: AwareDatetime | None = None
    archived_at: AwareDatetime | None = None
    sort_at: AwareDatetime | None = None
    author: Person | None = None
    text: str = ""
    media: list[Media] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)
    version: int = 1
    content_sha256: str | None = None
    tags: list[RecordTag] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list)
    intents: list[str] = Field(default_factory=list)
    decisions: list[RecordDecision] = Field(default_factory=list)
    events: list[RecordEvent] = Field(default_factory=list)
    holds: list[str] = Field(default_factory=list)
    registration: Registration | None = None
    culled: Culled | None = None
    deleted_on_platform: DeletedOnPlatform | None = None


class SearchResult(Contract):
    """`q.archive.search`'s reply: a page of records and the token of the next (None: the last)."""

    records: list[RecordView]
    next_page_token: str | None = None


class TreeHead(Stored):
    """A signed tree head of the municipality's log."""

    id: str | None = Field(None, validation_alias=AliasChoices("_id", "id"))
    municipality: str
    tree_size: int
    root_hash: str
    timestamp_ms: int
    signature: str
    public_key: str


class LeafEntry(Stored):
    """What a log leaf says (services/archive/domain/records.leaf_entry): which record, which
    version or event, the content's digest, when. Its `schema` (the leaf format's number)
    passes through as stored: a field of that name would shadow pydantic's `schema`."""

    municipality: str
    record_id: str
    entry: str = Field(..., description="`v<n>` for a version, `e:<event id>` for an event.")
    kind: str
    content_sha256: str
    at: str = Field(..., description="When it was logged (ISO text, as hashed).")


class LeafProof(Stored):
    """One of a record's log leaves, with its inclusion proof against the latest head once sequenced."""

    leaf_index: int
    leaf: LeafEntry
    leaf_hash: str
    inclusion_proof: list[str] | None = None
    tree_size: int | None = None


class RecordLog(Contract):
    tree_head: TreeHead | None
    leaves: list[LeafProof]
    pending: int = Field(..., description="Leaves queued, not yet in the log.")


class Version(Identified):
    """One version of a record's content (`versions`, written once as `<record id>:v<n>`); a culled
    one keeps its digest, its content gone (`content: None`, `culled: true`)."""

    record_id: str
    municipality: str
    version: int
    content: dict[str, Any] | None
    content_sha256: str
    archived_at: AwareDatetime
    culled: bool | None = None


class RecordDetail(RecordView):
    """`q.archive.record`: the record with its versions and its place in the log."""

    versions: list[Version]
    log: RecordLog

    @field_serializer("versions")
    def _versions_as_stored(self, versions: list[Version], info: SerializationInfo) -> list[dict[str, Any]]:
        """Each version as stored, with its `_id` (the record page has always had them so)."""
        return [{"_id": v.id, **v.model_dump(mode=info.mode, exclude={"id"})} for v in versions]


class Consistency(Contract):
    """`q.archive.consistency`: the two heads and the proof that the old is a prefix of the new."""

    old: TreeHead
    new: TreeHead
    proof: list[str]


class Hold(Identified):
    """A legal hold (stops culling of its records)."""

    municipality: str
    record_ids: list[str]
    reason: str
    placed_by: Staff
    placed_at: AwareDatetime
    released_at: AwareDatetime | None = None
    released_by: Staff | None = None
    release_reason: str | None = None


class CullingEntry(Stored):
    """One record in a gallringsprotokoll: what was culled (or would be), under which rule and decision."""

    record_id: str
    rule_id: str
    decision: str
    content_sha256: str | None = None
    sort_at: AwareDatetime | None = None
    account_id: str | None = None
    platform: str | None = None
    direction: str | None = None
    kind: str | None = None


class CitedDecision(Stored):
    """A gallringsbeslut as a culling run cites it (the pack's `archive.culling_decisions`)."""

    id: str
    title: str
    reference: str | None = None
    decided_by: str | None = None
    decided_on: str | None = None


class CullingRun(Identified):
    """A culling run with its gallringsprotokoll (`entries`; None in `q.archive.culling_runs`, which gives `count`)."""

    municipality: str
    started_at: AwareDatetime
    by: Staff
    dry_run: bool
    status: Literal["running", "completed", "preview"]
    entries: list[CullingEntry] | None = None
    held_skipped: int = Field(0, description="Records a hold kept back.")
    decisions: dict[str, CitedDecision] = Field(default_factory=dict, description="The gallringsbeslut cited, by id.")
    missing_decisions: dict[str, str] = Field(default_factory=dict, description="Decisions not recorded: why.")
    blocked: int = Field(0, description="Records whose rule rests on a decision not recorded.")
    finished_at: AwareDatetime | None = None
    count: int | None = None


class MaskedSpan(Stored):
    """A span of a record's text blacked out when it was handed out, and why."""

    start: int
    end: int
    reason: str


class DisclosedRecord(Stored):
    """One record of a disclosure and the spans masked in it."""

    record_id: str
    spans: list[MaskedSpan]


class DisclosureEntry(Identified):
    """A disclosure (utlämnande) as logged; the documents themselves are not in the reply."""

    municipality: str
    requested_at: AwareDatetime
    actor: Staff
    requester: str = ""
    reference: str = ""
    record_ids: list[str]
    redactions: list[DisclosedRecord] = Field(default_factory=list)
    html_sha256: str
    pdf_sha256: str


class PackageProfileSummary(Contract):
    """`q.archive.package_profile`: what an E-ARK export would name, for the staff UI."""

    demo: bool
    archival_creator: str
    organisation_number: str | None = None
    submitter: str | None = None
    submission_agreement: str | None = None
    reference_code: str | None = None
    preservation_archive: str | None = None
    ready: bool
    missing: list[str]


class SnapshotDueRow(Contract):
    """`q.archive.snapshots_due`: an account whose half-yearly page snapshot is due (or soon)."""

    municipality: str
    account_id: str
    page_url: str
    due_at: AwareDatetime
    last_snapshot_at: AwareDatetime | None = None


class Requester(Stored):
    name: str | None = None
    contact: str | None = None
    anonymous: bool


class PassageMark(Stored):
    """The decision on one passage: lämnas ut (`release`), or maskas citing the OSL provision."""

    action: Literal["release", "mask"]
    by: str | None = Field(None, description="Who decided it.")
    at: AwareDatetime
    provision: str | None = Field(None, description="The pack's provision id (a mask only).")
    citation: str | None = Field(None, description="As the provision is cited, e.g. `OSL 21 kap. 7 §`.")


class RequestDecision(Stored):
    """The decision on a request (hel, delvis, avslag) with its reasons and appeal information."""

    outcome: Literal["hel", "delvis", "avslag"]
    label: str
    reasons: str
    appeal: str | None = Field(None, description="How to appeal (a refusal in whole or in part).")
    citations: list[str] = Field(default_factory=list, description="The provisions masks cite.")
    decided_by: Staff
    decided_at: AwareDatetime
    record_id: str | None = Field(None, description="The upprättad record of the decision.")


class RequestDelivery(Stored):
    """What was handed out, when, by whom, to whom (the digests of the PDF/A and the JSON)."""

    id: str
    at: AwareDatetime
    by: Staff
    to: Requester
    pdf_sha256: str
    json_sha256: str | None = None
    records: list[str] = Field(default_factory=list)
    record_id: str | None = Field(None, description="The upprättad record of the delivery.")


class ArchiveRequest(Identified):
    """A request for allmän handling as kept (`requests`): what was asked, by whom (perhaps no
    one named), its records, the examination's marks (`<record id>:<passage>` → decision),
    the decision, the deliveries."""

    municipality: str
    received_at: AwareDatetime
    due_at: AwareDatetime
    channel: str
    description: str
    wants_json: bool = False
    requester: Requester
    registered_by: Staff
    registered_at: AwareDatetime
    state: Literal["open", "decided"]
    records: list[str] = Field(default_factory=list)
    marks: dict[str, PassageMark] = Field(default_factory=dict)
    decision: RequestDecision | None = None
    deliveries: list[RequestDelivery] = Field(default_factory=list)
    alerted: list[str] = Field(default_factory=list, description="The clock states alerted on (once each).")
    record_id: str | None = None


class RequestView(ArchiveRequest):
    """A request for allmän handling (`q.archive.requests`, without its marks), with its "skyndsamt" clock."""

    clock: str = Field(..., description="decided, breached, at_risk or running.")


class ExaminedPassage(Stored):
    """A passage to examine: a pre-marked span (`index` its number), or the sender (`index`
    `sender`, no span), with the decision on it so far."""

    index: int | Literal["sender"]
    start: int | None = None
    end: int | None = None
    reason: str
    text: str
    key: str = Field(..., description="`<record id>:<index>`, as a mark names it.")
    mark: PassageMark | None = None


class Provision(Stored):
    """An OSL provision the pack lets staff cite when masking."""

    id: str
    citation: str
    label: str


class ExaminedRecord(Identified):
    """A record attached to a request, with the passages to examine (`mark`: the decision on each, or None)."""

    text: str = ""
    kind: str | None = None
    platform: str | None = None
    account_id: str | None = None
    published_at: AwareDatetime | None = None
    direction: str | None = None
    passages: list[ExaminedPassage]


class RequestExamination(RequestView):
    """`q.archive.request`: the request with each attached record's passages, decided or not."""

    examined: list[ExaminedRecord]
    undecided: int
    masked: int
    provisions: list[Provision]


# Commands (`cmd.archive.<what>`) ------------------------------------------------------

class ArchiveCommand(Contract):
    actor: Actor


class RedactionSpan(Contract):
    start: int = Field(..., ge=0)
    end: int = Field(..., ge=0)
    reason: str = Field("manuell", max_length=100)


class Redaction(Contract):
    record_id: str = Field(..., min_length=1, max_length=64)
    add: list[RedactionSpan] = Field(default_factory=list, description="Extra spans staff black out.")
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


# Requests for allmän handling (`cmd.archive.request_*`; roles: the disclosers, as for `disclose`).

RequestId = Annotated[str, Field(min_length=1, max_length=64)]


class RegisterRequest(ArchiveCommand):
    """`cmd.archive.request_register`: a request is registered (the requester may be anonymous)."""

    description: str = Field(..., min_length=3, max_length=4000, description="What the requester asks for.")
    channel: Literal["e-post", "telefon", "besok", "brev", "sociala-medier", "webbformular"] = "e-post"
    requester_name: str | None = Field(None, max_length=300, description="Empty: anonymous (allowed).")
    requester_contact: str | None = Field(None, max_length=300, description="Where to send the answer, if given.")
    received_at: AwareDatetime | None = None
    wants_json: bool = False


class AttachRecords(ArchiveCommand):
    """`cmd.archive.request_attach`: records attached to (or, `detach`, taken from) a request."""

    request_id: RequestId
    record_ids: list[str] = Field(..., min_length=1, max_length=200)
    detach: bool = False


class Mark(Contract):
    key: str = Field(..., min_length=3, max_length=80, pattern=r"^[0-9a-f]{6,64}:(\d{1,4}|sender)$")
    action: Literal["release", "mask"]
    provision: str | None = Field(None, max_length=64)


class MarkPassages(ArchiveCommand):
    """`cmd.archive.request_mark`: per passage, lämnas ut (`release`) or maskas with the OSL provision."""

    request_id: RequestId
    marks: list[Mark] = Field(..., min_length=1, max_length=1000)


class DecideRequest(ArchiveCommand):
    """`cmd.archive.request_decide`: the decision (hel, delvis, avslag) with reasons."""

    request_id: RequestId
    outcome: Literal["hel", "delvis", "avslag"]
    reasons: str = Field("", max_length=4000)


class DeliverRequest(ArchiveCommand):
    """`cmd.archive.request_deliver`: hand out what was decided (PDF/A, and JSON where asked)."""

    request_id: RequestId
    as_json: bool = False


# The commands' answers (`CommandResult.data`) ---------------------------------------------

class PreviewedRecord(Contract):
    """One record of a disclosure's preview: what archive would mask in it."""

    id: str
    premarked: list[MaskedSpan] = Field(..., description="Spans archive marks itself (personnummer, the pack's "
                                                          "categories); staff may release each by its index.")
    spans: list[MaskedSpan] = Field(..., description="All spans masked, staff's changes included.")
    text: str = Field(..., description="The text as it would be handed out (masked).")


class DisclosurePreview(Contract):
    """`cmd.archive.disclose` with `preview`: the records as they would be masked; nothing is logged."""

    preview: bool = Field(True, description="Always true: tells a preview's answer from a disclosure's.")
    records: list[PreviewedRecord]


class DisclosureMade(Contract):
    """`cmd.archive.disclose`: the disclosure, logged, as HTML and as PDF/A."""

    disclosure_id: str
    html: str
    pdf_base64: str
    pdf_sha256: str
    pdfa: str = Field("PDF/A-2B", description="The PDF/A conformance level of the PDF.")


class CullingOutcome(Contract):
    """`cmd.archive.cull`: how many records were culled (or would be, in a dry run)."""

    count: int
    held_skipped: int = Field(..., description="Records due for culling but kept by a hold.")


class SipExported(Contract):
    """`cmd.archive.export_sip`: where on the archive's server the E-ARK package was written."""

    path: str


class SnapshotPending(Contract):
    """`cmd.archive.snapshot` when the snapshot service did not answer: the request is kept
    and the page is taken once it is back (a snapshot taken at once answers no data)."""

    waiting: bool = True


class RequestRegistered(Contract):
    """`cmd.archive.request_register`: when the request is due ("skyndsamt"), and its record."""

    due_at: AwareDatetime
    record_id: str | None = Field(..., description="The upprättad record of the request.")


class RequestDecisionMade(Contract):
    """`cmd.archive.request_decide`: the decision's record and its appeal information."""

    record_id: str | None = Field(..., description="The upprättad record of the decision.")
    appeal: str | None = Field(..., description="How to appeal (a refusal in whole or in part).")


class RequestDelivered(Contract):
    """`cmd.archive.request_deliver`: what was handed out (the PDF/A always, the JSON where asked)."""

    pdf_base64: str
    json_text: str | None = Field(..., alias="json", description="The records as JSON, where asked for.")
    record_id: str | None = Field(..., description="The upprättad record of the delivery.")
    pdf_sha256: str
