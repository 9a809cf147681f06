"""Run a service in the test's own process, against real servers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from starlette.applications import Starlette


@asynccontextmanager
async def running(create_app: Callable[..., tuple[Any, Starlette]], settings: Any) -> AsyncIterator[httpx.AsyncClient]:
    """Start the service's lifespan (broker, database, subscribers) and yield an HTTP
    client talking to its ASGI app; everything stops when the block ends."""
    _, app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://service.test") as client:
            yield client
