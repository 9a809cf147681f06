"""The staff web UI's pages. Every value is escaped: comment text is hostile input."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from faststream.nats import NatsBroker
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from shared.queries import ask

from .config import DashboardSettings

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def local_time(value: str | None) -> str:
    if not value:
        return "–"
    return datetime.fromisoformat(value).astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def make_templates() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    env.filters["local_time"] = local_time
    return env


def page_routes(*, settings: DashboardSettings, broker: NatsBroker) -> list[Route]:
    templates = make_templates()

    async def overview(_: Request) -> HTMLResponse:
        scope = {"municipality": settings.municipality, "limit": 50}
        alerts = await ask(broker, "notify", "alerts", scope)
        records = await ask(broker, "archive", "records", scope)
        html = templates.get_template("overview.html").render(
            municipality=settings.municipality, alerts=alerts or [], records=list(reversed(records or []))
        )
        return HTMLResponse(html, headers={"Content-Security-Policy": "default-src 'self'; style-src 'unsafe-inline'"})

    return [Route("/", overview)]
