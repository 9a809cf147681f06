"""Which peers' X-Forwarded-For a service's HTTP server believes (a black-box probe found
uvicorn's default believing any loopback client, which could so dodge the rate limits)."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from services.dashboard.config import DashboardSettings
from services.ingest.config import IngestSettings
from shared.runtime.service import http_config


def _echo_client() -> Starlette:
    async def who(request: Request) -> PlainTextResponse:
        return PlainTextResponse(request.client.host if request.client else "")

    return Starlette(routes=[Route("/", who)])


async def _client_seen(settings, forwarded_for: str) -> str:
    config = http_config(settings, _echo_client())
    config.load()  # wraps the app as uvicorn serves it
    transport = httpx.ASGITransport(app=config.loaded_app, client=("127.0.0.1", 5555))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return (await client.get("/", headers={"X-Forwarded-For": forwarded_for})).text


async def test_a_loopback_peer_cannot_choose_its_address_by_default() -> None:
    assert await _client_seen(IngestSettings(), "6.6.6.6") == "127.0.0.1"
    assert await _client_seen(DashboardSettings(), "6.6.6.6") == "127.0.0.1"


async def test_a_named_proxy_is_believed() -> None:
    assert await _client_seen(IngestSettings(trusted_proxies=["127.0.0.0/8"]), "6.6.6.6") == "6.6.6.6"
    assert await _client_seen(DashboardSettings(trusted_proxies=["127.0.0.1"]), "6.6.6.6") == "6.6.6.6"
