"""Wait for an eventually-consistent outcome without asserting on time: `eventually` in
async tests, `eventually_sync` where the test is synchronous (Playwright's sync API, a
subprocess's log file). Both call the probe up to `attempts` times, `pause` apart, and
return its last result either way, so the caller's assertion says what failed."""

from __future__ import annotations

import asyncio
import inspect
import json
import time
from collections.abc import Callable
from typing import Any


async def eventually(probe: Callable[[], Any], *, attempts: int = 300, pause: float = 0.1) -> Any:
    """Call `probe` (sync or async) until it returns something truthy, at most `attempts`
    times; return its last result either way, so the caller's assertion says what failed.
    The bound is generous because a loaded two-core CI machine is slow, not wrong."""
    result = None
    for attempt in range(attempts):
        result = probe()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return result
        if attempt < attempts - 1:
            await asyncio.sleep(pause)
    return result


def eventually_sync(probe: Callable[[], Any], *, attempts: int = 100, pause: float = 0.2) -> Any:
    """`eventually` for a synchronous probe. Its defaults are the browser tests': a probe
    there may reload a page, so it is tried less often."""
    result = None
    for attempt in range(attempts):
        if result := probe():
            return result
        if attempt < attempts - 1:
            time.sleep(pause)
    return result


async def request_when_served(nc: Any, subject: str, data: bytes, *, timeout: float, attempts: int = 100,
                              **kwargs: Any) -> Any:
    """A NATS request that waits for its responder: right after a service started on a
    busy machine its subscription may not have reached the server yet (NoRespondersError),
    which is a readiness question, not a failure."""
    from nats.errors import NoRespondersError

    for attempt in range(attempts):
        try:
            return await nc.request(subject, data, timeout=timeout, **kwargs)
        except NoRespondersError:
            if attempt == attempts - 1:
                raise
            await asyncio.sleep(0.1)
    raise AssertionError("unreachable")


async def ask(nc: Any, subject: str, body: Any, *, timeout: float = 5.0, **kwargs: Any) -> Any:
    """The JSON answer to a request (`body`: JSON-able, a datetime as its text, or bytes sent
    as they are), once its responder is there (`request_when_served`); None for an empty answer."""
    raw = body if isinstance(body, bytes) else json.dumps(body, default=str).encode()
    reply = await request_when_served(nc, subject, raw, timeout=timeout, **kwargs)
    return json.loads(reply.data) if reply.data else None
