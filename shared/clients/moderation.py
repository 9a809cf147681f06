"""The one way to ask moderation: its queries (`q.moderation.<what>`) as typed calls.

Each call sends the query's contract (shared/contracts/moderation.py) and returns the
reply's; how a refusal, a silent moderation or a reply off contract reach the caller, and
the pause after a timeout, are every client's (shared/clients/base.py)."""

from __future__ import annotations

from pydantic import TypeAdapter

from shared.contracts.moderation import (
    Clock,
    ClockQuery,
    ItemDetail,
    ItemQuery,
    Notice,
    Offender,
    OffenderQuery,
    PoliceReport,
    QueueQuery,
    Verdict,
    VerdictQuery,
)

from .base import QueryClient, Refused, Unavailable


class ModerationUnavailable(Unavailable):
    """Moderation did not answer (not running, timed out, paused after a timeout) or sent
    something that is not its reply contract."""


class ModerationRefused(ModerationUnavailable, Refused):
    """Moderation answered the query with its `QueryError` (a malformed query, never an
    unknown item: that is `None`)."""


_LIST_VERDICT = TypeAdapter(list[Verdict])
_ITEMDETAIL_OR_NONE = TypeAdapter(ItemDetail | None)
_LIST_CLOCK = TypeAdapter(list[Clock])
_LIST_OFFENDER = TypeAdapter(list[Offender])
_POLICEREPORT_OR_NONE = TypeAdapter(PoliceReport | None)
_NOTICE = TypeAdapter(Notice)


class ModerationClient(QueryClient):
    service = "moderation"
    unavailable = ModerationUnavailable
    refused = ModerationRefused

    async def verdicts(self, query: VerdictQuery) -> list[Verdict]:
        """The newest verdicts, or the one of `query.item_event_id` (none: empty)."""
        return await self.ask("verdicts", query, _LIST_VERDICT)

    async def queue(self, query: QueueQuery) -> list[Verdict]:
        """The review queue in one status, most severe and most urgent first."""
        return await self.ask("queue", query, _LIST_VERDICT)

    async def item(self, municipality: str, item_event_id: str) -> ItemDetail | None:
        query = self.build("item", ItemQuery, municipality=municipality, item_event_id=item_event_id)
        return await self.ask("item", query, _ITEMDETAIL_OR_NONE)

    async def clocks(self, query: ClockQuery) -> list[Clock]:
        return await self.ask("clocks", query, _LIST_CLOCK)

    async def offenders(self, query: OffenderQuery) -> list[Offender]:
        """One author's history on an account (all three of platform, account and author
        given), or the authors with at least `min_count` violations."""
        return await self.ask("offenders", query, _LIST_OFFENDER)

    async def police_report(self, municipality: str, item_event_id: str) -> PoliceReport | None:
        query = self.build("police_report", ItemQuery, municipality=municipality, item_event_id=item_event_id)
        return await self.ask("police_report", query, _POLICEREPORT_OR_NONE)

    async def notice(self, municipality: str) -> Notice:
        """Whether holiday mode is on now, and the notice to show while it is."""
        return await self.for_municipality("notice", municipality, _NOTICE)
