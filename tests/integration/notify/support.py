"""Real local servers for notify's integration tests: an SMTP server (aiosmtpd), a chat
webhook receiver, a stand-in for registry's queries on the test's NATS, and notify
served by uvicorn (SSE needs a real socket)."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import nats
import uvicorn
from aiosmtpd.controller import Controller
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from shared.contracts.registry import CrisisChannel
from devtools.servers import free_port  # one port allocator for the whole process




@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m, rcpt in zip(self.messages, self.recipients, strict=True) if address in rcpt]


class SmtpServer:
    """aiosmtpd in its own thread: a real SMTP conversation on 127.0.0.1."""

    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.controller.stop()


class ThreadedApp:
    """A Starlette app served by uvicorn in a background thread."""

    def __init__(self, app: Starlette) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ThreadedApp:
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                break
            time.sleep(0.02)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=5)


class ChatReceiver(ThreadedApp):
    """Records what chat webhooks receive (Slack and Teams incoming webhooks)."""

    def __init__(self) -> None:
        self.received: list[tuple[str, dict[str, Any]]] = []

        async def hook(request: Request) -> JSONResponse:
            self.received.append((request.path_params["kind"], await request.json()))
            return JSONResponse({"ok": True})

        super().__init__(Starlette(routes=[Route("/hooks/{kind}", hook, methods=["POST"])]))


@asynccontextmanager
async def registry_stub(
    nats_url: str,
    *,
    accounts: list[dict[str, Any]] | None = None,
    people: dict[str, list[dict[str, Any]]] | None = None,
) -> AsyncIterator[list[dict[str, Any]]]:
    """Answers `q.registry.crisis_channels`, `q.registry.accounts` and `q.registry.responsible` in registry's
    contracts (shared/contracts/registry.py); yields the list of requests it saw. The account list is
    returned unfiltered but for the crisis flag, so notify's own defensive filter is exercised too."""
    nc = await nats.connect(nats_url)
    seen: list[dict[str, Any]] = []

    async def accounts_handler(msg: Any) -> None:
        seen.append({"subject": msg.subject, **json.loads(msg.data)})
        await msg.respond(json.dumps(accounts or []).encode())

    async def crisis_handler(msg: Any) -> None:
        seen.append({"subject": msg.subject, **json.loads(msg.data)})
        flagged = [CrisisChannel.model_validate(a).model_dump(mode="json") for a in accounts or []
                   if a.get("crisis_channel")]
        await msg.respond(json.dumps(flagged).encode())

    async def people_handler(msg: Any) -> None:
        query = json.loads(msg.data)
        seen.append({"subject": msg.subject, **query})
        found = (people or {}).get(query.get("account_id") or "")
        answer = {"account_id": query.get("account_id"), "people": found} if found else None
        await msg.respond(json.dumps(answer).encode())

    await nc.subscribe("q.registry.crisis_channels", cb=crisis_handler)
    await nc.subscribe("q.registry.accounts", cb=accounts_handler)  # the holiday notice's accounts
    await nc.subscribe("q.registry.responsible", cb=people_handler)
    await nc.flush()
    try:
        yield seen
    finally:
        await nc.close()


@asynccontextmanager
async def served(create_app: Callable[..., Any], settings: Any, **kwargs: Any) -> AsyncIterator[str]:
    """Run the service (lifespan included) under uvicorn in this event loop; yields its URL."""
    _, app = create_app(settings, **kwargs)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())
    for _ in range(300):
        if server.started:
            break
        if task.done():
            task.result()
        await asyncio.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, timeout=30)
