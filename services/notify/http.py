"""Notify's HTTP edge: live alerts for the staff web UI (server-sent events, proxied by
the dashboard, which alone can open it: the request carries its signature) and the
public crisis feed and banner the municipality's website reads."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Callable

from sse_starlette.sse import EventSourceResponse, ServerSentEvent
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from shared.contracts.notify import Broadcast
from shared.logging import get_logger
from shared.policy import PolicyPack
from shared.signed_requests import RequestVerifier, alert_stream_subject

from .adapters.channels.live import LiveHub
from .adapters.store import BroadcastStore
from .domain.website import atom_feed, banner

log = get_logger(__name__)
_MUNICIPALITY = re.compile(r"^[a-z][a-z0-9_-]{1,40}$")
# The website polls the banner from visitors' browsers: any origin may read it, briefly cached.
PUBLIC_HEADERS = {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=15"}


def routes(
    *,
    hub: LiveHub,
    store: BroadcastStore,
    pack: Callable[[str], PolicyPack | None],
    public_base_url: str,
    verifier: RequestVerifier | None = None,
    ping_seconds: int = 15,
) -> list[Route]:
    def known(municipality: str | None) -> PolicyPack | None:
        if not municipality or not _MUNICIPALITY.match(municipality):
            return None
        return pack(municipality)

    async def alert_stream(request: Request) -> Response:
        municipality = request.query_params.get("municipality")
        if known(municipality) is None:
            return JSONResponse({"error": "municipality: okänd eller saknas"}, status_code=400)
        assert municipality is not None
        # Only the staff web UI, which checked who is logged in and where, may listen.
        problem = ("no verify key configured" if verifier is None else
                   verifier.problem(alert_stream_subject(municipality), b"", request.headers))
        if problem:
            log.warning("alert_stream.refused", municipality=municipality, reason=problem)
            return JSONResponse({"error": "strömmen är bara till för personalens webbgränssnitt"}, status_code=401)

        async def events() -> AsyncIterator[ServerSentEvent]:
            yield ServerSentEvent(event="ready", data=json.dumps({"municipality": municipality}))
            async for name, data in hub.subscribe(municipality):
                yield ServerSentEvent(
                    event=name, id=str(data.get("event_id", "")), data=json.dumps(data, ensure_ascii=False)
                )

        return EventSourceResponse(events(), ping=ping_seconds, headers={"Cache-Control": "no-store"})

    async def crisis_banner(request: Request) -> Response:
        municipality = request.path_params["municipality"]
        if known(municipality) is None:
            return JSONResponse({"error": "okänd kommun"}, status_code=404, headers=PUBLIC_HEADERS)
        docs = await store.published(municipality, limit=100)
        return JSONResponse(banner(_latest_per_event(docs)), headers=PUBLIC_HEADERS)

    async def crisis_feed(request: Request) -> Response:
        municipality = request.path_params["municipality"]
        found = known(municipality)
        if found is None:
            return JSONResponse({"error": "okänd kommun"}, status_code=404, headers=PUBLIC_HEADERS)
        docs = await store.published(municipality, limit=50)
        body = atom_feed(
            municipality=municipality,
            municipality_name=found.municipality,
            base_url=public_base_url,
            docs=docs,
            updated=docs[0].approved_at if docs else None,
        )
        return Response(body, media_type="application/atom+xml; charset=utf-8", headers=PUBLIC_HEADERS)

    return [
        Route("/alerts/stream", alert_stream),
        Route("/crisis/{municipality}/banner.json", crisis_banner),
        Route("/crisis/{municipality}/feed.atom", crisis_feed),
    ]


def _latest_per_event(docs: list[Broadcast]) -> list[Broadcast]:
    """The newest approved message of each event (docs come newest first)."""
    latest: dict[str, Broadcast] = {}
    for doc in docs:
        latest.setdefault(doc.thread, doc)
    return list(latest.values())
