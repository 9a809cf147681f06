"""The worker's one subscriber: `q.snapshot.render` (only the archive may ask it).

Not a `Router.query`: the answer is the render's bytes as chunks on the asker's reply
inbox, then the manifest as the reply (shared/snapshots.py), and a malformed request is
answered with a manifest saying so, as the archive reads it."""

from __future__ import annotations

from typing import Any

from faststream.nats.annotations import NatsMessage
from pydantic import ValidationError

from shared import subjects
from shared.commands import describe_errors
from shared.routing import bind
from shared.runtime.nats_auth import SNAPSHOT_REPLIES
from shared.runtime.service import ServiceRuntime
from shared.snapshots import CHUNK_HEADER, REQUEST_HEADER, SnapshotManifest, SnapshotRequest, chunk_size, chunks_of

from .app.render_page import render_page
from .deps import Deps

async def on_render(body: dict[str, Any], msg: NatsMessage, deps: Deps) -> dict[str, Any]:
    try:
        request = SnapshotRequest.model_validate(body)
    except ValidationError as exc:
        return SnapshotManifest(ok=False, refused=True, request_id=body.get("request_id") if isinstance(
            body, dict) else None, error=f"Ogiltig begäran: {describe_errors(exc)}").model_dump(mode="json")
    manifest, parts = await render_page(request=request, settings=deps.settings, client=deps.client,
                                        resolve=deps.resolve)
    reply = msg.raw_message.reply
    if not manifest.ok or not reply:
        return manifest.model_dump(mode="json")
    nc = deps.broker.connection
    chunks = chunks_of(parts, chunk_size(nc.max_payload))
    if len(chunks) + 1 > SNAPSHOT_REPLIES:
        error = f"the render needs {len(chunks)} messages, more than the bus allows an answer"
        return manifest.model_copy(update={"ok": False, "parts": [], "error": error}).model_dump(mode="json")
    for index, chunk in enumerate(chunks):
        await nc.publish(reply, chunk, headers={CHUNK_HEADER: str(index), REQUEST_HEADER: request.request_id})
    return manifest.model_copy(update={"chunks": len(chunks)}).model_dump(mode="json")


def register(runtime: ServiceRuntime, deps: Deps) -> None:
    runtime.broker.subscriber(subjects.SNAPSHOT_RENDER, queue="snapshot",
                              description="Renders one public page (DOM, PNG, PDF/A); the bytes as chunks on the "
                              "reply inbox, then the manifest as the reply (shared/snapshots.py).")(
        bind(on_render, deps))
