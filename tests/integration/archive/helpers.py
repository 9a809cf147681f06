"""Driving the archive from outside: publish events, ask queries, send commands."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import nats
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from services.archive.config import ArchiveSettings
from shared.contracts import Author, PlatformEvent, deterministic_id
from tests.support.polling import ask


def settings(tmp_path: Path, **overrides: Any) -> ArchiveSettings:
    raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return ArchiveSettings(signing_key=base64.b64encode(raw).decode(), signing_key_file=tmp_path / "unused.key",
                           maintenance_interval=0.1, export_dir=tmp_path / "exports", **overrides)


def item(municipality: str, item_id: str, text: str, *, kind: str = "comment", direction: str = "inkommen",
         author: tuple[str, str] = ("555", "Åsa Öberg"), thread_id: str = "post-1", n: int = 0,
         published: datetime | None = None, account_id: str = "page-1") -> PlatformEvent:
    return PlatformEvent(
        event_id=deterministic_id("test", municipality, item_id, kind, n), municipality=municipality,
        platform="facebook", account_id=account_id, kind=kind, item_id=item_id, thread_id=thread_id,
        parent_id=thread_id if item_id != thread_id else None,
        author=Author(platform_id=author[0], name=author[1]), text=text,
        published_at=published or datetime(2026, 3, 1, 12, 0, n % 60, tzinfo=UTC),
        received_at=datetime(2026, 3, 1, 12, 0, 30, tzinfo=UTC), direction=direction,
        raw={"id": item_id, "message": text})


class Client:
    def __init__(self, nc: nats.NATS) -> None:
        self.nc = nc
        self.js = nc.jetstream()

    @classmethod
    async def connect(cls, url: str) -> Client:
        from tests.support import bus  # signs queries and commands the way the dashboard does

        return cls(await bus.connect(url))

    async def publish(self, subject: str, payload: dict[str, Any] | Any) -> None:
        if hasattr(payload, "model_dump_json"):
            data, msg_id = payload.model_dump_json().encode(), payload.event_id
        else:
            data, msg_id = json.dumps(payload).encode(), payload["event_id"]
        await self.js.publish(subject, data, headers={"Nats-Msg-Id": msg_id})

    async def ask(self, subject: str, body: dict[str, Any], timeout: float = 20.0) -> Any:
        return await ask(self.nc, subject, body, timeout=timeout)

    async def events(self, subject: str) -> list[dict[str, Any]]:
        """Every message stored on `subject` so far (an ephemeral ordered read)."""
        out: list[dict[str, Any]] = []
        sub = await self.js.subscribe(subject, ordered_consumer=True)
        try:
            while True:
                try:
                    msg = await sub.next_msg(timeout=0.5)
                except (TimeoutError, nats.errors.TimeoutError):
                    break
                out.append(json.loads(msg.data))
        finally:
            await sub.unsubscribe()
        return out

    async def close(self) -> None:
        await self.nc.close()



def actor(municipality: str, *roles: str) -> dict[str, Any]:
    return {"user_id": "u1", "name": "Eva Arkivarie", "municipality": municipality, "roles": list(roles)}
