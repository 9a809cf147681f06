"""The dashboard in-process against real NATS and the MongoDB-wire server."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from services.dashboard.app.auth import new_user
from services.dashboard.config import DashboardSettings
from services.dashboard.main import create_app
from shared.contracts.commands import Role
from services.dashboard.adapters.store import DashboardStore

PASSWORD = "ett långt lösenord"


@asynccontextmanager
async def dashboard(settings: DashboardSettings,
                    **kwargs: Any) -> AsyncIterator[tuple[httpx.AsyncClient, DashboardStore]]:
    _, app = create_app(settings, **kwargs)
    async with app.router.lifespan_context(app):
        store: DashboardStore = app.state.dashboard.store
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://dashboard.test") as client:
            yield client, store


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "page has no CSRF field"
    return match.group(1)


async def login(client: httpx.AsyncClient, username: str, password: str = PASSWORD) -> httpx.Response:
    page = await client.get("/login")
    return await client.post("/login", data={"csrf": csrf_of(page.text), "username": username,
                                             "password": password, "next": "/"})


@pytest.fixture
def settings(service_env: dict[str, str]) -> DashboardSettings:
    return DashboardSettings(municipality="knivsta", request_timeout=1.0)


@pytest.fixture
def make_user() -> Callable[..., Any]:
    async def make(store: DashboardStore, username: str, roles: list[Role], municipality: str = "knivsta"):
        user = new_user(username=username, name=username.title(), municipality=municipality, roles=roles,
                        password=PASSWORD)
        assert await store.add_user(user)
        return user
    return make


async def audit_entries(store: DashboardStore, municipality: str = "knivsta") -> list[Any]:
    entries, _ = await store.audit_page(municipality, page=None, minimum=1000)
    return entries
