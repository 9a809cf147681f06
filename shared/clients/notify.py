"""The one way to ask notify: its queries (`q.notify.<what>`) as typed calls.

Each call sends the query's contract (shared/contracts/notify.py) and returns the reply's;
how a refusal, a silent notify or a reply off contract reach the caller, and the pause
after a timeout, are every client's (shared/clients/base.py). The staff web UI asks it for
the alert, crisis, system and account pages."""

from __future__ import annotations

from pydantic import TypeAdapter

from shared.contracts.notify import (
    AboutText,
    AboutTextsQuery,
    Alert,
    AlertDetail,
    AlertQuery,
    AlertsQuery,
    BroadcastContent,
    BroadcastKind,
    BroadcastQuery,
    BroadcastsQuery,
    BroadcastView,
    CheckDraftQuery,
    CheckResult,
    DeadLetter,
    DeadLetterDetail,
    DeadLetterQuery,
    DeadLettersQuery,
    TemplateView,
)

from .base import QueryClient, Refused, Unavailable


class NotifyUnavailable(Unavailable):
    """Notify did not answer (not running, timed out, paused after a timeout) or sent
    something that is not its reply contract."""


class NotifyRefused(NotifyUnavailable, Refused):
    """Notify answered the query with its `QueryError` (a malformed query, an unknown
    municipality's draft check; never an unknown id: that is `None`)."""


_LIST_ALERT = TypeAdapter(list[Alert])
_ALERTDETAIL_OR_NONE = TypeAdapter(AlertDetail | None)
_LIST_BROADCASTVIEW = TypeAdapter(list[BroadcastView])
_BROADCASTVIEW_OR_NONE = TypeAdapter(BroadcastView | None)
_LIST_DEADLETTER = TypeAdapter(list[DeadLetter])
_DEADLETTERDETAIL_OR_NONE = TypeAdapter(DeadLetterDetail | None)
_LIST_TEMPLATEVIEW = TypeAdapter(list[TemplateView])
_CHECKRESULT = TypeAdapter(CheckResult)
_LIST_ABOUTTEXT = TypeAdapter(list[AboutText])


class NotifyClient(QueryClient):
    service = "notify"
    unavailable = NotifyUnavailable
    refused = NotifyRefused

    async def alerts(self, municipality: str, *, state: str | None = None, rule: str | None = None,
                     account_id: str | None = None, limit: int = 50) -> list[Alert]:
        """Alerts, newest first (filtered by state, rule, account)."""
        query = self.build("alerts", AlertsQuery, municipality=municipality, state=state, rule=rule,
                           account_id=account_id, limit=limit)
        return await self.ask("alerts", query, _LIST_ALERT)

    async def alert(self, municipality: str, alert_id: str) -> AlertDetail | None:
        """One alert with what was sent where; None when there is none."""
        query = self.build("alert", AlertQuery, municipality=municipality, alert_id=alert_id)
        return await self.ask("alert", query, _ALERTDETAIL_OR_NONE)

    async def broadcasts(self, municipality: str, *, state: str | None = None,
                         limit: int = 50) -> list[BroadcastView]:
        """Crisis broadcasts, newest first, each with its deliveries."""
        query = self.build("broadcasts", BroadcastsQuery, municipality=municipality, state=state, limit=limit)
        return await self.ask("broadcasts", query, _LIST_BROADCASTVIEW)

    async def broadcast(self, municipality: str, broadcast_id: str) -> BroadcastView | None:
        query = self.build("broadcast", BroadcastQuery, municipality=municipality, broadcast_id=broadcast_id)
        return await self.ask("broadcast", query, _BROADCASTVIEW_OR_NONE)

    async def dead_letters(self, municipality: str, *, unreplayed: bool = False,
                           limit: int = 50) -> list[DeadLetter]:
        """This municipality's dead letters and the system-wide ones, newest first."""
        query = self.build("dead_letters", DeadLettersQuery, municipality=municipality, unreplayed=unreplayed,
                           limit=limit)
        return await self.ask("dead_letters", query, _LIST_DEADLETTER)

    async def dead_letter(self, municipality: str, dead_letter_id: str) -> DeadLetterDetail | None:
        """One dead letter with what replaying it needs (`replay`)."""
        query = self.build("dead_letter", DeadLetterQuery, municipality=municipality, dead_letter_id=dead_letter_id)
        return await self.ask("dead_letter", query, _DEADLETTERDETAIL_OR_NONE)

    async def templates(self, municipality: str) -> list[TemplateView]:
        return await self.for_municipality("templates", municipality, _LIST_TEMPLATEVIEW)

    async def check_draft(self, municipality: str, content: BroadcastContent,
                          kind: BroadcastKind = BroadcastKind.alert) -> CheckResult:
        """The pre-approval checks of a text being written."""
        query = self.build("check_draft", CheckDraftQuery, municipality=municipality, content=content, kind=kind)
        return await self.ask("check_draft", query, _CHECKRESULT)

    async def about_texts(self, municipality: str, *, account_id: str | None = None,
                          limit: int = 50) -> list[AboutText]:
        """What notify wrote into the accounts' about texts (one account's, or all)."""
        query = self.build("about_texts", AboutTextsQuery, municipality=municipality, account_id=account_id,
                           limit=limit)
        return await self.ask("about_texts", query, _LIST_ABOUTTEXT)
