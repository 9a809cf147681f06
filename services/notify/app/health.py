"""Watching the services: each one's /readyz is polled; after a few failed polls an alert
`service_down` goes to every municipality served, and it resolves when the service is back."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from shared.logging import get_logger

from ..deps import Deps
from ..domain.alerts import dependency_back_alert, service_down_alert
from .alerts import raise_alert, resolve_alert
from .dispatch import dispatch_alert
from .recipients import fallback

log = get_logger(__name__)


@dataclass
class HealthWatch:
    """Consecutive failed readiness polls per service (per replica; the outage start is shared in MongoDB)."""

    failures: dict[str, int] = field(default_factory=dict)
    first_failure: dict[str, datetime] = field(default_factory=dict)


async def poll_services(
    *, deps: Deps, client: httpx.AsyncClient, watch: HealthWatch, now: datetime
) -> dict[str, str]:
    """Poll each configured service's /readyz; alert after N failures, resolve when back."""
    status: dict[str, str] = {}
    for name, base in deps.settings.service_urls.items():
        problem = await _probe(client, base)
        status[name] = problem or "ok"
        if problem is None:
            watch.failures.pop(name, None)
            watch.first_failure.pop(name, None)
            since = await deps.alerts.outage_ended(name)
            if since is not None:
                await _resolve_outage(deps=deps, service=name, since=since, now=now)
            continue
        watch.failures[name] = watch.failures.get(name, 0) + 1
        watch.first_failure.setdefault(name, now)
        if watch.failures[name] >= deps.settings.health_failures_before_alert:
            since = await deps.alerts.outage_started(name, watch.first_failure[name])
            for municipality in deps.municipalities:
                alert = service_down_alert(municipality=municipality, service=name, since=since, problem=problem)
                try:
                    await raise_alert(deps=deps, alert=alert)
                except Exception as exc:  # noqa: BLE001 - NATS itself may be what is down: mail directly, same keys
                    log.error("alert.publish_failed", alert_id=alert.alert_id, error=repr(exc))
                    pack = deps.pack(municipality)
                    await dispatch_alert(deps=deps, alert=alert, to=await fallback(pack, deps.settings.fallback_email,
                                                                          decisions=deps.decisions))
    return status


async def _probe(client: httpx.AsyncClient, base: str) -> str | None:
    try:
        response = await client.get(f"{base.rstrip('/')}/readyz", timeout=3.0)
    except httpx.HTTPError as exc:
        return f"svarar inte ({type(exc).__name__})"
    if response.status_code == 200:
        return None
    try:
        checks = response.json().get("checks", {})
        down = [f"{k}: {v}" for k, v in checks.items() if v != "ok"]
    except ValueError:
        down = []
    return f"HTTP {response.status_code}" + (f" ({'; '.join(down)})" if down else "")


async def _resolve_outage(*, deps: Deps, service: str, since: datetime, now: datetime) -> None:
    for municipality in deps.municipalities:
        alert = service_down_alert(municipality=municipality, service=service, since=since, problem="")
        await resolve_alert(
            deps=deps, alert_id=alert.alert_id, municipality=municipality, reason=f"{service} svarar igen."
        )
    log.info("service.recovered", service=service, since=since.isoformat())


@dataclass
class DependencyWatch:
    """When notify's own NATS or database went away: seen failing, or seen with another
    identity than last time (restarted between two looks: the supervisor brings a server
    back within a second or two)."""

    away_since: dict[str, datetime] = field(default_factory=dict)
    last_seen: dict[str, datetime] = field(default_factory=dict)
    identity: dict[str, str] = field(default_factory=dict)


async def watch_dependencies(*, deps: Deps, watch: DependencyWatch,
                             probes: dict[str, Callable[[], Awaitable[str]]], now: datetime) -> None:
    """Note a dependency going away; when it is back, tell every municipality served."""
    for name, probe in probes.items():
        try:
            identity = await asyncio.wait_for(probe(), timeout=1.0)
        except Exception:  # noqa: BLE001 - any failure means away; readiness says which
            watch.away_since.setdefault(name, watch.last_seen.get(name, now))
            continue
        previous = watch.identity.get(name)
        watch.identity[name] = identity
        since = watch.away_since.pop(name, None)
        if since is None and previous is not None and previous != identity:
            since = watch.last_seen.get(name, now)
        watch.last_seen[name] = now
        if since is None:
            continue
        log.info("dependency.back", dependency=name, away_s=round((now - since).total_seconds(), 1))
        try:
            for municipality in deps.municipalities:
                await raise_alert(deps=deps, alert=dependency_back_alert(municipality=municipality, dependency=name,
                                                                         since=since, until=now))
        except Exception:
            watch.away_since[name] = since  # the other may still be away: tell when both are back
            raise
