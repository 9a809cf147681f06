"""What every typed client of a service's queries shares (shared/clients/<service>.py).

A client sends the query's contract and returns the reply's. The service's `QueryError`
becomes the client's `refused` error; no answer, a hung or absent service, or a reply
that is not the contract become its `unavailable` error (a `DependencyUnavailable`: a
message handler failing on it is retried, never dead-lettered). After a timeout the
service is not asked again for `unanswered_pause_s`, so a hung service costs one timeout
now and then, not one per message (when it does not run at all NATS says so at once)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Protocol, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from shared import subjects
from shared.commands import describe_errors
from shared.contracts.queries import MunicipalityQuery, QueryError
from shared.faults import INFRASTRUCTURE_FAULTS, DependencyUnavailable

T = TypeVar("T")
Q = TypeVar("Q", bound=BaseModel)

UNANSWERED_PAUSE_S = 2.0
_ERROR = TypeAdapter(QueryError)


class Unavailable(DependencyUnavailable):
    """The service did not answer (not running, timed out, paused after a timeout) or
    sent something that is not its reply contract."""


class Refused(Unavailable):
    """The service answered with its `QueryError` (a bug in the asking service or a
    malformed query, never an unknown id: that is `None`)."""

    def __init__(self, service: str, what: str, reply: QueryError) -> None:
        super().__init__(f"{service} refused q.{service}.{what}: {reply.error}")
        self.what = what
        self.reply = reply


class Requester(Protocol):
    """What a client needs of a broker (FastStream's `NatsBroker.request`)."""

    async def request(self, message: Any, subject: str, *, headers: dict[str, str] | None = ...,
                      timeout: float = ...) -> Any: ...


Signer = Callable[[str, bytes], Mapping[str, str]]


class QueryClient:
    """Base of one service's client: `service`, and its `unavailable`/`refused` errors."""

    service: ClassVar[str]
    unavailable: ClassVar[type[Unavailable]] = Unavailable
    refused: ClassVar[type[Refused]] = Refused

    def __init__(self, broker: Requester, *, timeout: float, unanswered_pause_s: float = UNANSWERED_PAUSE_S,
                 sign: Signer | None = None) -> None:
        """`sign`: headers vouching for the request (the dashboard's `RequestSigner.headers`)."""
        self.broker = broker
        self.timeout = timeout
        self.unanswered_pause_s = unanswered_pause_s
        self.sign = sign
        self._unanswered_until = 0.0

    def build(self, what: str, model: type[Q], **fields: Any) -> Q:
        """The query from plain values; values the service would refuse are refused here, the same way."""
        try:
            return model.model_validate(fields)
        except ValidationError as exc:
            raise self.refused(self.service, what, QueryError(error=f"Ogiltig fråga: {describe_errors(exc)}")) from exc

    async def for_municipality(self, what: str, municipality: str, reply: TypeAdapter[T], *,
                               timeout: float | None = None) -> T:
        query = self.build(what, MunicipalityQuery, municipality=municipality)
        return await self.ask(what, query, reply, timeout=timeout)

    async def ask(self, what: str, query: BaseModel, reply: TypeAdapter[T], *, timeout: float | None = None) -> T:
        service = self.service
        if time.monotonic() < self._unanswered_until:
            raise self.unavailable(f"{service} timed out lately; q.{service}.{what} not asked")
        subject = subjects.query(service, what)
        body = query.model_dump_json(exclude_unset=True, exclude_none=True).encode()
        headers = dict(self.sign(subject, body)) if self.sign else None
        try:
            answer = await self.broker.request(body, subject, headers=headers, timeout=timeout or self.timeout)
        except INFRASTRUCTURE_FAULTS as exc:
            if isinstance(exc, TimeoutError):  # nats' TimeoutError is one too
                self._unanswered_until = time.monotonic() + self.unanswered_pause_s
            raise self.unavailable(f"{service} did not answer q.{service}.{what}: {type(exc).__name__}") from exc
        raw = answer.body or b"null"
        try:
            data = json.loads(raw)
            if isinstance(data, dict) and set(data) == {"error"}:
                raise self.refused(service, what, _ERROR.validate_python(data))
            return reply.validate_python(data)
        except (ValueError, ValidationError) as exc:  # JSONDecodeError is a ValueError
            raise self.unavailable(f"{service}'s reply to q.{service}.{what} is not its contract: {exc}") from exc
