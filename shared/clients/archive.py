"""The one way to ask archive: its queries (`q.archive.<what>`) as typed calls.

Each call sends the query's contract (shared/contracts/archive.py) and returns the
reply's; how a refusal, a silent archive or a reply off contract reach the caller, and
the pause after a timeout, are every client's (shared/clients/base.py). A reply is shaped
like the stored document it is read from: `model_dump(mode="json")` gives the JSON the
templates read."""

from __future__ import annotations

from pydantic import TypeAdapter

from shared.contracts.archive import (
    Consistency,
    ConsistencyQuery,
    CullingRun,
    CullingRunQuery,
    DisclosureEntry,
    Hold,
    HoldsQuery,
    PackageProfileSummary,
    RecordDetail,
    RecordDetailQuery,
    RecordQuery,
    RecordView,
    RequestExamination,
    RequestQuery,
    RequestsQuery,
    RequestView,
    SearchQuery,
    SearchResult,
    SnapshotDueRow,
    TreeHead,
)
from shared.contracts.queries import MunicipalityQuery

from .base import QueryClient, Refused, Unavailable


class ArchiveUnavailable(Unavailable):
    """Archive did not answer (not running, timed out, paused after a timeout) or sent
    something that is not its reply contract."""


class ArchiveRefused(ArchiveUnavailable, Refused):
    """Archive answered the query with its `QueryError` (a malformed query or page token,
    an unknown tree head; never an unknown record: that is `None`)."""


_LIST_RECORDVIEW = TypeAdapter(list[RecordView])
_SEARCHRESULT = TypeAdapter(SearchResult)
_RECORDDETAIL_OR_NONE = TypeAdapter(RecordDetail | None)
_TREEHEAD_OR_NONE = TypeAdapter(TreeHead | None)
_CONSISTENCY = TypeAdapter(Consistency)
_LIST_HOLD = TypeAdapter(list[Hold])
_LIST_CULLINGRUN = TypeAdapter(list[CullingRun])
_CULLINGRUN_OR_NONE = TypeAdapter(CullingRun | None)
_CULLINGRUN = TypeAdapter(CullingRun)
_LIST_DISCLOSUREENTRY = TypeAdapter(list[DisclosureEntry])
_PACKAGEPROFILESUMMARY = TypeAdapter(PackageProfileSummary)
_LIST_SNAPSHOTDUEROW = TypeAdapter(list[SnapshotDueRow])
_LIST_REQUESTVIEW = TypeAdapter(list[RequestView])
_REQUESTEXAMINATION_OR_NONE = TypeAdapter(RequestExamination | None)


class ArchiveClient(QueryClient):
    service = "archive"
    unavailable = ArchiveUnavailable
    refused = ArchiveRefused

    async def records(self, query: RecordQuery) -> list[RecordView]:
        """Records, oldest first (of one item, with `item_id`)."""
        return await self.ask("records", query, _LIST_RECORDVIEW)

    async def search(self, query: SearchQuery) -> SearchResult:
        return await self.ask("search", query, _SEARCHRESULT)

    async def record(self, municipality: str, record_id: str) -> RecordDetail | None:
        query = self.build("record", RecordDetailQuery, municipality=municipality, record_id=record_id)
        return await self.ask("record", query, _RECORDDETAIL_OR_NONE)

    async def tree_head(self, municipality: str) -> TreeHead | None:
        return await self.for_municipality("tree_head", municipality, _TREEHEAD_OR_NONE)

    async def consistency(self, query: ConsistencyQuery) -> Consistency:
        return await self.ask("consistency", query, _CONSISTENCY)

    async def holds(self, query: HoldsQuery) -> list[Hold]:
        return await self.ask("holds", query, _LIST_HOLD)

    async def culling_runs(self, query: MunicipalityQuery) -> list[CullingRun]:
        """The latest runs, newest first, each with its `count` (not its `entries`)."""
        return await self.ask("culling_runs", query, _LIST_CULLINGRUN)

    async def culling_run(self, municipality: str, run_id: str) -> CullingRun | None:
        query = self.build("culling_run", CullingRunQuery, municipality=municipality, run_id=run_id)
        return await self.ask("culling_run", query, _CULLINGRUN_OR_NONE)

    async def culling_preview(self, municipality: str) -> CullingRun:
        """What a culling run now would cull (nothing is culled or logged)."""
        return await self.for_municipality("culling_preview", municipality, _CULLINGRUN)

    async def disclosures(self, query: MunicipalityQuery) -> list[DisclosureEntry]:
        return await self.ask("disclosures", query, _LIST_DISCLOSUREENTRY)

    async def package_profile(self, municipality: str) -> PackageProfileSummary:
        return await self.for_municipality("package_profile", municipality, _PACKAGEPROFILESUMMARY)

    async def snapshots_due(self, municipality: str) -> list[SnapshotDueRow]:
        return await self.for_municipality("snapshots_due", municipality, _LIST_SNAPSHOTDUEROW)

    async def requests(self, query: RequestsQuery) -> list[RequestView]:
        return await self.ask("requests", query, _LIST_REQUESTVIEW)

    async def request(self, municipality: str, request_id: str) -> RequestExamination | None:
        query = self.build("request", RequestQuery, municipality=municipality, request_id=request_id)
        return await self.ask("request", query, _REQUESTEXAMINATION_OR_NONE)
