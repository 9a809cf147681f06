"""Health, readiness and Prometheus metrics endpoints, the same on every service."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

ReadinessCheck = Callable[[], Awaitable[None]]
# A dependency that does not answer within this is down: the probe itself must answer
# before the supervisor's or a load balancer's own timeout (1–3 s) gives up on it.
CHECK_TIMEOUT_S = 0.8


def health_routes(service: str, checks: dict[str, ReadinessCheck]) -> list[Route]:
    """`/healthz` says only that the process lives (restart it if not); `/readyz` runs
    every dependency check at once and is 503, naming what is down, while any fails."""

    async def healthz(_: Request) -> Response:
        return JSONResponse({"service": service, "status": "ok"})

    async def run(check: ReadinessCheck) -> str:
        try:
            await asyncio.wait_for(check(), timeout=CHECK_TIMEOUT_S)
            return "ok"
        except TimeoutError:
            return "down: no answer"
        except Exception as exc:  # noqa: BLE001 - reported, not hidden: readiness shows what is down
            return f"down: {type(exc).__name__}"

    async def readyz(_: Request) -> Response:
        outcomes = await asyncio.gather(*(run(check) for check in checks.values()))
        results = dict(zip(checks, outcomes, strict=True))
        ready = all(v == "ok" for v in results.values())
        return JSONResponse(
            {"service": service, "ready": ready, "checks": results}, status_code=200 if ready else 503
        )

    async def metrics(_: Request) -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return [Route("/healthz", healthz), Route("/readyz", readyz), Route("/metrics", metrics)]
