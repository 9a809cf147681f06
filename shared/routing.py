"""A service's subscribers as module-level functions (each service's `router.py`).

A handler is `async def on_something(message: Model, deps: Deps) -> ...`: the message
typed by its contract, the service's dependencies (its `deps.py`) passed in, so it can
be found by name, imported and tested alone. `Router` binds each to the broker the
project's ways: `durable` (a JetStream pull consumer, shared/broker.py; `batch` for one
whose messages may come in batches), `query`
(shared/queries.py) and `command` (shared/commands.py)."""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from shared.broker import batch_subscriber, durable_subscriber
from shared.commands import command_subscriber
from shared.contracts.commands import Role
from shared.queries import query_subscriber
from shared.runtime.service import ServiceRuntime

D = TypeVar("D")
Handler = Callable[..., Awaitable[Any]]


def bind(handler: Handler, deps: object) -> Handler:
    """`handler` with `deps` given: a function of the message alone, whose signature
    (annotations resolved in the handler's own module) is what FastStream decodes by."""
    # with their `Annotated` extras: `NatsMessage` is `Annotated[..., Context("message")]`
    hints = typing.get_type_hints(handler, include_extras=True)
    params = [p.replace(annotation=hints.get(name, p.annotation))
              for name, p in inspect.signature(handler).parameters.items() if name != "deps"]

    @functools.wraps(handler)
    async def bound(*args: Any, **kwargs: Any) -> Any:
        return await handler(*args, deps=deps, **kwargs)

    del bound.__wrapped__  # inspect must see the signature below, not the handler's
    bound.__signature__ = inspect.Signature(params, return_annotation=hints.get("return", inspect.Signature.empty))  # type: ignore[attr-defined]
    bound.__annotations__ = {name: hint for name, hint in hints.items() if name != "deps"}
    return bound


class Router(Generic[D]):
    def __init__(self, runtime: ServiceRuntime, deps: D) -> None:
        self.runtime = runtime
        self.deps = deps
        self.service = runtime.service

    def durable(self, subject: str, name: str, handler: Handler, *, description: str,
                in_stream_order: bool = False) -> None:
        durable_subscriber(self.runtime.broker, subject, service=self.service, name=name,
                           settings=self.runtime.settings, description=description,
                           in_stream_order=in_stream_order)(bind(handler, self.deps))

    def batch(self, subject: str, name: str, handler: Handler, *, description: str,
              max_wait_s: float = 1.0) -> None:
        """`durable`, its messages fetched in batches (shared/broker.batch_subscriber): for
        a consumer whose lag holds nobody up, each message still handled and acked alone."""
        model = next(iter(typing.get_type_hints(handler).values()))
        batch_subscriber(self.runtime.broker, subject, functools.partial(handler, deps=self.deps), model,
                         service=self.service, name=name, settings=self.runtime.settings,
                         stopping=self.runtime.stopping, description=description, max_wait_s=max_wait_s)

    def query(self, what: str, request: type[BaseModel], reply: Any, handler: Handler, *,
              description: str | None = None) -> None:
        query_subscriber(self.runtime.broker, service=self.service, what=what, request=request, reply=reply,
                         description=description)(bind(handler, self.deps))

    def command(self, what: str, model: type[BaseModel], handler: Handler, *, roles: Iterable[Role] | None = None,
                description: str | None = None) -> None:
        command_subscriber(self.runtime.broker, service=self.service, what=what, model=model,
                           roles=roles, description=description)(bind(handler, self.deps))
