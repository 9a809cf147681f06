"""How the dashboard talks to the other services: queries and commands over NATS
request/reply. It never reads another service's database."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from faststream.nats import NatsBroker
from pydantic import BaseModel, ValidationError
from pydantic_core import to_jsonable_python

from shared import subjects
from shared.clients.archive import ArchiveClient
from shared.clients.base import QueryClient, Refused, Unavailable
from shared.clients.ingest import IngestClient
from shared.clients.moderation import ModerationClient
from shared.clients.notify import NotifyClient
from shared.clients.registry import RegistryClient
from shared.contracts.commands import CommandResult
from shared.logging import get_logger
from shared.signed_requests import RequestSigner

log = get_logger(__name__)

D = TypeVar("D", bound=BaseModel)

SERVICE_LABELS = {"moderation": "modereringen", "registry": "kontoregistret", "archive": "arkivet",
                  "notify": "larm- och krisutskicken", "ingest": "mottagningen"}


@dataclass(frozen=True)
class Answer:
    """A query's answer, or the reason (Swedish, for staff) there is none. From a typed
    client (`Gateway.typed`), `value` is the reply as its contract and `data` the same as
    JSON for the templates."""

    data: Any = None
    error: str | None = None
    value: Any = None

    @property
    def items(self) -> list[dict[str, Any]]:
        """A list reply's entries as JSON objects (none when there is no answer)."""
        return [d for d in self.data if isinstance(d, dict)] if isinstance(self.data, list) else []

    def field(self, name: str, default: Any = None) -> Any:
        """A field of an object reply (e.g. `SearchResult.next_page_token`)."""
        return self.data.get(name, default) if isinstance(self.data, dict) else default


def _explain(exc: BaseException, service: str, what: str) -> str:
    label = SERVICE_LABELS.get(service, service)
    kind = type(exc).__name__
    if "NoResponders" in kind:
        return (f"Uppgiften kan inte visas: {label} svarar inte på frågan ”{what}” "
                "(tjänsten är nere eller har inte den frågan ännu).")
    if "Timeout" in kind:
        return f"Uppgiften kan inte visas: {label} svarade inte i tid. Försök igen om en stund."
    return f"Uppgiften kan inte visas: fel vid fråga till {label} ({kind})."


class Gateway:
    def __init__(self, broker: NatsBroker, *, timeout: float, signer: RequestSigner | None = None) -> None:
        self.broker = broker
        self.timeout = timeout
        self.signer = signer
        # Every query signed like a command (the services refuse what the dashboard did not vouch for).
        sign = signer.headers if signer else None
        # Staff see what registry holds now: nothing is kept between requests.
        self.registry = RegistryClient(broker, timeout=timeout, cache_s=0, sign=sign)
        self.archive = ArchiveClient(broker, timeout=timeout, sign=sign)
        self.ingest = IngestClient(broker, timeout=timeout, sign=sign)
        self.moderation = ModerationClient(broker, timeout=timeout, sign=sign)
        self.notify = NotifyClient(broker, timeout=timeout, sign=sign)

    def client(self, service: str) -> QueryClient:
        """The typed client of a service (for the queries every service answers, e.g. `local_decisions`)."""
        found = getattr(self, service, None)
        if not isinstance(found, QueryClient):
            raise KeyError(service)
        return found

    async def typed(self, service: str, what: str, call: Awaitable[Any] | Callable[[], Awaitable[Any]]) -> Answer:
        """The answer of a typed client's call (shared/clients/), or why there is none. A
        function making the call is called here, so a query the client refuses to build
        (`QueryClient.build`) is answered like one the service refused."""
        try:
            value = await (call() if callable(call) else call)
        except Refused as exc:
            return Answer(error=exc.reply.error)
        except Unavailable as exc:  # shown to staff as "not available", logged for operators
            log.warning("query.failed", service=service, what=what, error=str(exc))
            return Answer(error=_explain(exc.__cause__ or exc, service, what))
        # The JSON the service sent (field names, not the stored documents' `_id` aliases).
        return Answer(data=to_jsonable_python(value, by_alias=False), value=value)

    async def _request(self, subject: str, body: bytes, *, timeout: float | None = None) -> Any:
        # Signed over these exact bytes: the services refuse a command whose actor or
        # municipality the dashboard did not vouch for (shared/signed_requests.py).
        headers = self.signer.headers(subject, body) if self.signer else None
        answer = await self.broker.request(body, subject, headers=headers, timeout=timeout or self.timeout)
        return json.loads(answer.body) if answer.body else None

    @overload
    async def command(self, service: str, what: str, command: BaseModel, reply: None = None, *,
                      timeout: float | None = None) -> CommandResult[None]: ...

    @overload
    async def command(self, service: str, what: str, command: BaseModel, reply: type[D], *,
                      timeout: float | None = None) -> CommandResult[D]: ...

    async def command(self, service: str, what: str, command: BaseModel, reply: type[BaseModel] | None = None, *,
                      timeout: float | None = None) -> CommandResult[BaseModel | None]:
        """`command` (its contract in shared/contracts/<service>.py) to `cmd.<service>.<what>`.
        `reply`: the model of the answer's data (the same module), for a caller that reads
        it; without one the data is not read. `timeout`: for a command whose work takes
        longer than a query (a page snapshot)."""
        body = command.model_dump_json(exclude_unset=True).encode()
        # The answer validated with the command's own data model, chosen by the caller at run time.
        answer = CommandResult[reply] if reply else CommandResult[None]  # type: ignore[valid-type]
        try:
            raw = await self._request(subjects.command(service, what), body, timeout=timeout)
            if reply is None and isinstance(raw, dict):
                raw.pop("data", None)  # the caller reads none of it: nothing to check
            return answer.model_validate(raw)
        except ValidationError:
            log.warning("command.bad_reply", service=service, what=what)
            return CommandResult(ok=False, message=f"Oväntat svar från {SERVICE_LABELS.get(service, service)}.")
        except Exception as exc:  # noqa: BLE001 - shown to staff as not carried out, logged for operators
            log.warning("command.failed", service=service, what=what, error=type(exc).__name__)
            return CommandResult(ok=False, message=_explain(exc, service, what).replace("Uppgiften kan inte visas",
                                                                                      "Åtgärden utfördes inte"))
