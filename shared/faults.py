"""Which failures are the infrastructure's, not the message's.

A handler that fails because NATS, the database or another service is away would
succeed unchanged once it is back: retrying it is always right, and dead-lettering it
loses good work (a threat never reaching the moderation queue). Everything else is a
content failure, retried a few times and then dead-lettered.
"""

from __future__ import annotations

from faststream.exceptions import IncorrectState
from nats import errors as nats_errors
from nats.js import errors as js_errors
from pymongo.errors import ConnectionFailure


class DependencyUnavailable(Exception):
    """Raise (or subclass) when a service this one needs did not answer: the message is
    retried until it does, never dead-lettered."""


class NotYet(DependencyUnavailable):
    """Raise when what this one message needs is not there yet (another consumer's write,
    e.g. the record a tag belongs to): it is redelivered after a pause instead of waited
    for in place, so the messages fetched with it (a batch) are not held up by it. JetStream
    counts each such delivery, so a content failure after many of them is dead-lettered at
    once (still replayable from the system page)."""


INFRASTRUCTURE_FAULTS: tuple[type[BaseException], ...] = (
    DependencyUnavailable,
    # MongoDB: AutoReconnect, NetworkTimeout, ServerSelectionTimeoutError, NotPrimaryError…
    ConnectionFailure,
    # NATS: no responder (the service asked is down), a request or publish ack that never
    # came, the connection lost or being re-established, JetStream itself unavailable.
    nats_errors.NoRespondersError,
    nats_errors.TimeoutError,
    nats_errors.ConnectionClosedError,
    nats_errors.ConnectionReconnectingError,
    nats_errors.ConnectionDrainingError,
    nats_errors.StaleConnectionError,
    nats_errors.OutboundBufferLimitError,
    nats_errors.NoServersError,
    js_errors.ServiceUnavailableError,
    js_errors.NoStreamResponseError,
    IncorrectState,  # FastStream: the broker is not connected (yet, or again)
    TimeoutError,  # asyncio.wait_for and friends (nats' TimeoutError is one too)
    ConnectionError,  # refused / reset sockets
)


def is_infrastructure_fault(exc: BaseException) -> bool:
    """True when `exc`, or what caused it, is a dependency being unavailable.

    The cause chain is followed because wrappers (`raise X from exc`) are common: a
    registry lookup's own error raised from NATS' `NoRespondersError` is still NATS."""
    seen: set[int] = set()
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, INFRASTRUCTURE_FAULTS):
            return True
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        if current.__cause__ is not None:
            pending.append(current.__cause__)
    return False
