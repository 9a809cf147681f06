"""Ingest's HTTP edge: `/webhooks/{municipality}/{platform}` for every platform.

Each request passes, in this order: the per-source rate limit (429), the route
(404 unknown municipality or platform), the content type (415), the size (413), the
signature on the raw bytes (401; logged and counted, the body never echoed), then
`accept_delivery` (app/deliveries.py: 400 for a body the platform would never send, 503
when the delivery could only be spooled, 200 once JetStream acked every event).
The endpoints are module-level functions given `Deps` and the `Edge` (the rate limit's
state), bound in `webhook_routes`.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from shared.contracts import PlatformEvent, utcnow
from shared.logging import get_logger

from . import domain
from .app.deliveries import DedupeKey, Unavailable, accept_delivery
from .config import IngestSettings
from .deps import Deps
from .domain import Context, InvalidPayload, Normalised
from .domain.common import with_mending_noted
from .domain.ratelimit import Network, RateLimiter, client_address, trusted_networks
from .metrics import REJECTED, SIGNATURE_FAILURES

log = get_logger(__name__)
_MUNICIPALITY = re.compile(r"^[a-z][a-z0-9_-]{1,40}$")
_JSON = ("application/json",)
_ATOM = ("application/atom+xml", "application/xml", "text/xml")
YOUTUBE_TOPIC = "https://www.youtube.com/xml/feeds/videos.xml?channel_id="


class TooLarge(Exception):
    pass


def _error(status: int, message: str, **headers: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=headers or None)


@dataclass(frozen=True)
class PlatformRoute:
    """How one platform's webhook is checked and read."""

    platform: str               # name stored with the raw delivery and used in metrics
    content_types: tuple[str, ...]
    signature_header: str
    secret_name: str
    signature_valid: Callable[[str, bytes, str | None], bool]
    normalise: Callable[[bytes, Context], Normalised]
    dedupe: DedupeKey | None = None


def _linkedin_key(event: PlatformEvent) -> str | None:
    note = event.raw.get("notificationId")
    return f"linkedin:{event.municipality}:{note}" if note is not None else None


_META = PlatformRoute("meta", _JSON, "X-Hub-Signature-256", "meta_app_secret", domain.meta_signature_valid,
                      with_mending_noted(domain.normalise_meta))
ROUTES: dict[str, PlatformRoute] = {
    "meta": _META, "facebook": _META, "instagram": _META,
    "x": PlatformRoute("x", _JSON, "X-Twitter-Webhooks-Signature", "x_consumer_secret", domain.x_signature_valid,
                       with_mending_noted(domain.normalise_x)),
    "linkedin": PlatformRoute("linkedin", _JSON, "X-LI-Signature", "linkedin_client_secret",
                              domain.linkedin_signature_valid,
                              with_mending_noted(domain.normalise_linkedin), dedupe=_linkedin_key),
    "youtube": PlatformRoute("youtube", _ATOM, "X-Hub-Signature", "youtube_hub_secret", domain.websub_signature_valid,
                             domain.normalise_websub),
    "web": PlatformRoute("web", _JSON, "X-Kanalvakt-Signature", "web_secret", domain.web_signature_valid,
                         with_mending_noted(domain.normalise_web)),
}


def _content_type(header: str) -> tuple[str, str | None]:
    """(`type/subtype`, charset or None), both lower case."""
    kind, *params = header.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return kind.strip().lower(), charset


async def _read_limited(request: Request, limit: int) -> bytes:
    """The body, refused as soon as it grows past `limit` (a missing Content-Length is no way round it)."""
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


@dataclass
class Edge:
    """What the webhook endpoints keep between requests: the per-source rate limit, the
    municipalities served, the trusted proxies, when each source was last warned about."""

    limiter: RateLimiter
    known: frozenset[str]
    proxies: list[Network]
    last_warned: dict[str, float] = field(default_factory=dict)

    @classmethod
    def of(cls, settings: IngestSettings) -> Edge:
        return cls(limiter=RateLimiter(rate=settings.rate_limit_per_s, burst=settings.rate_limit_burst),
                   known=frozenset(settings.served_municipalities()),
                   proxies=trusted_networks(settings.trusted_proxies))

    def source_of(self, request: Request) -> str:
        peer = request.client.host if request.client else "unknown"
        return client_address(peer, request.headers.getlist("x-forwarded-for"), self.proxies)


def precheck(request: Request, edge: Edge) -> tuple[str, str, PlatformRoute | None, Response | None]:
    """(source, municipality, route, refusal): the rate limit (429), then the route (404)."""
    source = edge.source_of(request)
    municipality, name = request.path_params["municipality"], request.path_params["platform"]
    label = name if name in ROUTES else "unknown"  # never a label per attacker-chosen path
    now = time.monotonic()
    bucket = f"{source} {label}"  # each platform its own bucket, even behind one proxy
    if not edge.limiter.allow(bucket, now):
        REJECTED.labels(label, "429").inc()
        if now - edge.last_warned.get(source, -60.0) >= 60.0:  # a flood must not flood the log too
            edge.last_warned[source] = now
            if len(edge.last_warned) > 10_000:
                edge.last_warned.clear()
            log.warning("webhook.rate_limited", source=source, platform=label)
        wait = max(1, round(edge.limiter.retry_after(bucket)))
        return source, municipality, None, _error(429, "too many requests from this address; slow down",
                                                  **{"Retry-After": str(wait)})
    if not _MUNICIPALITY.match(municipality) or (edge.known and municipality not in edge.known):
        REJECTED.labels(label, "404").inc()
        return source, municipality, None, _error(404, "unknown municipality")
    route = ROUTES.get(name)
    if route is None:
        REJECTED.labels("unknown", "404").inc()
        return source, municipality, None, _error(
            404, f"unknown platform route; use one of: {', '.join(sorted(ROUTES))}")
    return source, municipality, route, None


# The HMAC challenges (X's CRC, LinkedIn's challengeCode): the query parameter, what is wrong
# with it (a bound: the endpoints must not sign anything they are sent), the signed answer and
# the secret that signs it.
CHALLENGES: dict[str, tuple[str, Callable[[str | None], str | None], Callable[[str, str], dict[str, str]], str]] = {
    "x": ("crc_token", domain.x_crc_token_problem, domain.x_crc_response, "x_consumer_secret"),
    "linkedin": ("challengeCode", domain.linkedin_challenge_problem, domain.linkedin_challenge_response,
                 "linkedin_client_secret"),
}


async def verify(request: Request, *, deps: Deps, edge: Edge) -> Response:
    """The platforms' subscription checks (GET)."""
    _, municipality, route, refused = precheck(request, edge)
    if refused:
        return refused
    assert route is not None
    settings = deps.settings
    params = request.query_params
    name = request.path_params["platform"]
    if route.platform == "meta":
        token = settings.secret(municipality, "meta_verify_token")
        if token and params.get("hub.mode") == "subscribe" and \
                hmac.compare_digest(params.get("hub.verify_token", "").encode(), token.encode()):
            return _echo(params.get("hub.challenge", ""))
        return _error(403, "hub.mode must be subscribe and hub.verify_token must match")
    if route.platform in CHALLENGES:
        param, problem_of, answer, secret = CHALLENGES[route.platform]
        challenge = params.get(param)
        if problem := problem_of(challenge):
            log.warning("challenge.refused", platform=route.platform, municipality=municipality,
                        size=len(challenge or ""))
            return _error(400, problem)
        assert challenge is not None  # the problem check refuses a missing challenge
        return JSONResponse(answer(settings.secret(municipality, secret), challenge))
    if route.platform == "youtube":
        mode, topic = params.get("hub.mode"), params.get("hub.topic", "")
        if mode == "denied":
            log.warning("websub.denied", municipality=municipality, topic=topic, reason=params.get("hub.reason"))
            return PlainTextResponse("")
        if mode in ("subscribe", "unsubscribe") and topic.startswith(YOUTUBE_TOPIC) and params.get("hub.challenge"):
            log.info("websub.verified", municipality=municipality, mode=mode, topic=topic)
            return _echo(params["hub.challenge"])
        return _error(404, "not a YouTube channel feed subscription we asked for")
    return _error(405, f"{name} takes POST only")


def _echo(challenge: str) -> Response:
    """A WebSub/Meta challenge echoed as the protocol asks: plain text, never sniffed as
    HTML by a browser (the challenge is whatever the caller wrote)."""
    return PlainTextResponse(challenge, headers={"X-Content-Type-Options": "nosniff"})


async def receive(request: Request, *, deps: Deps, edge: Edge) -> Response:
    """A delivery (POST): checked in the module's order, then `accept_delivery`."""
    source, municipality, route, refused = precheck(request, edge)
    if refused:
        return refused
    assert route is not None
    settings = deps.settings
    content_type, charset = _content_type(request.headers.get("content-type", ""))
    if content_type not in route.content_types:
        REJECTED.labels(route.platform, "415").inc()
        return _error(415, f"content type must be {' or '.join(route.content_types)}")
    if charset not in (None, "utf-8", "utf8"):  # read as declared or refused, never misread
        REJECTED.labels(route.platform, "415").inc()
        return _error(415, f"charset must be utf-8, not {charset[:40]}")
    declared = request.headers.get("content-length", "")
    limit = settings.max_body_bytes
    if declared.isdigit() and int(declared) > limit:
        REJECTED.labels(route.platform, "413").inc()
        return _error(413, f"body larger than {limit} bytes")
    try:
        # A body trickled in byte by byte must not hold a connection for minutes.
        async with asyncio.timeout(settings.body_read_timeout_s):
            body = await _read_limited(request, limit)
    except TooLarge:
        REJECTED.labels(route.platform, "413").inc()
        return _error(413, f"body larger than {limit} bytes")
    except ClientDisconnect:
        return _error(400, "the client went away before the body was read")
    except TimeoutError:
        REJECTED.labels(route.platform, "408").inc()
        return _error(408, f"the body did not arrive within {settings.body_read_timeout_s:g} s",
                      Connection="close")
    secret = settings.secret(municipality, route.secret_name)
    if not route.signature_valid(secret, body, request.headers.get(route.signature_header)):
        SIGNATURE_FAILURES.labels(route.platform).inc()
        log.warning("webhook.signature_invalid", platform=route.platform, municipality=municipality,
                    source=source, size=len(body), signature_present=route.signature_header in request.headers)
        return _error(401, f"missing or invalid {route.signature_header} signature")
    try:
        accepted = await accept_delivery(
            deps=deps, platform=route.platform, municipality=municipality, body=body,
            content_type=content_type, received_at=utcnow(), source=source,
            normalise=lambda ctx: route.normalise(body, ctx), dedupe_key=route.dedupe,
        )
    except InvalidPayload as exc:
        log.info("webhook.invalid", platform=route.platform, municipality=municipality, reason=str(exc))
        return _error(400, str(exc))
    except Unavailable:
        return _error(503, "event bus unavailable; the delivery is kept and will be published, retry later",
                      **{"Retry-After": "5"})
    log.info("webhook.accepted", platform=route.platform, municipality=municipality,
             delivery_id=accepted.delivery_id, events=accepted.published, duplicates=accepted.duplicates,
             problems=len(accepted.problems))
    return JSONResponse({"accepted": accepted.published, "delivery_id": accepted.delivery_id,
                         "duplicates": accepted.duplicates, "skipped": accepted.skipped,
                         "problems": accepted.problems[:50]})


def webhook_routes(deps: Deps) -> list[Route]:
    """`/webhooks/{municipality}/{platform}`: `verify` (GET) and `receive` (POST), given
    `deps` and one `Edge` for both."""
    edge = Edge.of(deps.settings)
    return [
        Route("/webhooks/{municipality}/{platform}", functools.partial(verify, deps=deps, edge=edge),
              methods=["GET"]),
        Route("/webhooks/{municipality}/{platform}", functools.partial(receive, deps=deps, edge=edge),
              methods=["POST"]),
    ]
