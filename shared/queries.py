"""Answering queries (`q.<service>.<what>`, NATS request/reply) the one way.

`query_subscriber` validates the request against its contract, answers a malformed one
with `QueryError` saying what is wrong (not with silence and a timeout), turns a use
case's `Refusal` into `QueryError` too, and sends the reply through its contract's
`TypeAdapter`, so what leaves is what shared/contracts/<service>.py promises (None is an
explicit JSON null). Callers ask through shared/clients/<service>.py."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from faststream.nats import NatsBroker
from faststream.nats.annotations import NatsMessage
from pydantic import BaseModel, TypeAdapter, ValidationError

from shared import subjects
from shared.commands import describe_errors
from shared.contracts.commands import Refusal
from shared.contracts.queries import QueryError

Q = TypeVar("Q", bound=BaseModel)
Answerer = Callable[[Q], Awaitable[Any]]


def query_error(message: str) -> bytes:
    return QueryError(error=message).model_dump_json().encode()


def query_subscriber(broker: NatsBroker, *, service: str, what: str, request: type[Q], reply: Any,
                     description: str | None = None) -> Callable[[Answerer[Q]], Answerer[Q]]:
    """Subscribe `answer(query) -> reply` to `q.<service>.<what>`; `reply` is the reply's
    contract (a model, `list[Model]`, `Model | None`)."""
    adapter: TypeAdapter[Any] = TypeAdapter(reply)

    def decorate(answer: Answerer[Q]) -> Answerer[Q]:
        async def handle(msg: NatsMessage) -> bytes:
            try:
                query = request.model_validate_json(msg.body or b"{}")
            except ValidationError as exc:
                return query_error(f"Ogiltig fråga: {describe_errors(exc)}")
            try:
                result = await answer(query)
            except Refusal as exc:
                return query_error(exc.message)
            return adapter.dump_json(adapter.validate_python(result, from_attributes=True))

        # FastStream names the operation after the function: one name a query.
        handle.__name__ = handle.__qualname__ = f"query_{service}_{what}"
        broker.subscriber(subjects.query(service, what), queue=service,
                          description=description or f"Query q.{service}.{what} "
                                                     f"(contracts: shared/contracts/{service}.py).")(handle)
        return answer

    return decorate
