"""Command handlers' common shape: parse the command (a clear refusal for bad input),
check the actor's municipality and role, run the use case, answer with a `CommandResult`.

The actor itself is vouched for before this runs: the broker refuses a command the
dashboard did not sign (shared/signed_requests.py).

Every service's `cmd.<service>.<what>` subscriber goes through `command_subscriber`, so
staff get the same kind of answer everywhere and no handler forgets a check.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

from faststream.nats import NatsBroker
from faststream.nats.annotations import NatsMessage
from pydantic import BaseModel, ValidationError

from . import subjects
from .contracts.commands import CommandResult, Refusal, Role

__all__ = ["Refusal", "command_subscriber", "describe_errors", "lacks_role"]

C = TypeVar("C", bound=BaseModel)
# A command's use case: its answer's data is its own model (shared/contracts/<service>.py), or none.
Handler = Callable[[C], Awaitable[CommandResult[BaseModel | None]]]


def describe_errors(exc: ValidationError) -> str:
    """A validation error as one line staff and developers can act on."""
    parts = []
    for error in exc.errors()[:5]:
        where = ".".join(str(p) for p in error["loc"]) or "meddelandet"
        parts.append(f"fält '{where}': {error['msg']}")
    return "; ".join(parts)


def lacks_role(actor: Any, allowed: Iterable[Role]) -> CommandResult[None] | None:
    """A refusal when the actor holds none of the `allowed` roles, else None."""
    allowed = set(allowed)
    if set(actor.roles) & allowed:
        return None
    names = ", ".join(sorted(r.value for r in allowed))
    return CommandResult(ok=False, message=f"Behörighet saknas: kräver någon av rollerna {names}.")


def other_municipality(command: Any) -> CommandResult[None] | None:
    """A refusal when a command names another municipality than its (signed) actor's:
    staff act in their own municipality only, whatever a service's use case checks."""
    named = getattr(command, "municipality", None)
    actor = getattr(command, "actor", None)
    if named is None or actor is None or named == actor.municipality:
        return None
    return CommandResult(ok=False, message="Behörighet saknas: kommandot gäller en annan kommun än din.")


def command_subscriber(
    broker: NatsBroker,
    *,
    service: str,
    what: str,
    model: type[C],
    roles: Iterable[Role] | None = None,
    description: str | None = None,
) -> Callable[[Handler[C]], Handler[C]]:
    """Subscribe `fn(command) -> CommandResult[<its data model>]` to `cmd.<service>.<what>`."""
    allowed = set(roles) if roles else None

    def decorate(fn: Handler[C]) -> Handler[C]:
        async def handle(msg: NatsMessage) -> dict[str, Any]:
            result: CommandResult[BaseModel | None]
            try:
                command = model.model_validate_json(msg.body or b"{}")
            except ValidationError as exc:
                result = CommandResult(ok=False, message=f"Ogiltigt kommando: {describe_errors(exc)}")
            else:
                refused = (other_municipality(command)
                           or (lacks_role(command.actor, allowed) if allowed else None))  # type: ignore[attr-defined]
                try:
                    result = refused or await fn(command)
                except Refusal as exc:
                    result = CommandResult(ok=False, message=exc.message, id=exc.id)
            # By alias: a stored document in the data (a police-report package) keeps its keys.
            return result.model_dump(mode="json", by_alias=True)

        # FastStream names the operation after the function: one name a command.
        handle.__name__ = handle.__qualname__ = f"command_{service}_{what}"
        broker.subscriber(
            subjects.command(service, what), queue=service,
            description=description or f"Command cmd.{service}.{what} (see services/{service}/README.md).",
        )(handle)
        return fn

    return decorate
