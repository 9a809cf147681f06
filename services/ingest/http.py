"""Ingest's HTTP edge: the platforms' webhook endpoints."""

from __future__ import annotations

import re

from faststream.nats import NatsBroker
from nats.errors import Error as NatsError
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from shared.contracts import new_id, utcnow
from shared.logging import get_logger

from .config import IngestSettings
from .domain import InvalidPayload, meta_signature_valid
from .service import accept_meta_delivery
from .store import DeliveryStore

log = get_logger(__name__)
_MUNICIPALITY = re.compile(r"^[a-z][a-z0-9_-]{1,40}$")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def webhook_routes(*, settings: IngestSettings, store: DeliveryStore, broker: NatsBroker) -> list[Route]:
    async def meta_verify(request: Request) -> Response:
        params = request.query_params
        if not _MUNICIPALITY.match(request.path_params["municipality"]):
            return _error(404, "unknown municipality")
        if params.get("hub.mode") == "subscribe" and params.get("hub.verify_token") == settings.meta_verify_token.get_secret_value():
            return PlainTextResponse(params.get("hub.challenge", ""))
        return _error(403, "verify token does not match")

    async def meta_event(request: Request) -> Response:
        municipality = request.path_params["municipality"]
        if not _MUNICIPALITY.match(municipality):
            return _error(404, "unknown municipality")
        if not request.headers.get("content-type", "").startswith("application/json"):
            return _error(415, "content type must be application/json")
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > settings.max_body_bytes:
            return _error(413, f"body larger than {settings.max_body_bytes} bytes")
        body = await request.body()
        if len(body) > settings.max_body_bytes:
            return _error(413, f"body larger than {settings.max_body_bytes} bytes")
        if not meta_signature_valid(settings.meta_app_secret.get_secret_value().encode(), body,
                                    request.headers.get("x-hub-signature-256")):
            log.warning("webhook.signature_invalid", platform="facebook", source=request.client.host if request.client else None)
            return _error(401, "missing or invalid X-Hub-Signature-256")
        delivery_id = new_id()
        try:
            events = await accept_meta_delivery(store=store, broker=broker, municipality=municipality,
                                                body=body, delivery_id=delivery_id, received_at=utcnow())
        except InvalidPayload as exc:
            return _error(400, str(exc))
        except (NatsError, TimeoutError, ConnectionError) as exc:
            log.error("webhook.publish_failed", delivery_id=delivery_id, error=repr(exc))
            return _error(503, "event bus unavailable, retry later")
        log.info("webhook.accepted", platform="facebook", delivery_id=delivery_id, events=len(events))
        return JSONResponse({"accepted": len(events), "delivery_id": delivery_id})

    return [
        Route("/webhooks/{municipality}/meta", meta_verify, methods=["GET"]),
        Route("/webhooks/{municipality}/meta", meta_event, methods=["POST"]),
    ]
