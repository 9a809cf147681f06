"""Composition root of registry."""

from __future__ import annotations

from starlette.applications import Starlette

from shared.contracts import utcnow
from shared.logging import get_logger
from shared.policy import load_pack
from shared.policy.local import LocalDecisionStore, register_local_decisions
from shared.runtime.service import ServiceRuntime

from . import router
from .adapters.store import AccountStore
from .app import demo, followup
from .config import RegistrySettings
from .deps import Deps
from .http import public_routes

log = get_logger(__name__)


def create_app(settings: RegistrySettings | None = None) -> tuple[RegistrySettings, Starlette]:
    settings = settings or RegistrySettings()
    runtime = ServiceRuntime("registry", settings)
    store = AccountStore(runtime.db)
    runtime.on_start.append(store.ensure_indexes)
    if settings.seed_demo:
        async def seed() -> None:
            await demo.seed_demo_accounts(store=store, broker=runtime.broker)

        runtime.on_start.append(seed)
    # The link page's local decisions (council parties, GDPR contact), entered on the staff UI's /policy.
    decisions = LocalDecisionStore(runtime.db)
    runtime.on_start.append(decisions.ensure_indexes)
    deps = Deps(settings=settings, broker=runtime.broker, store=store, decisions=decisions)
    router.register(runtime, deps)
    register_local_decisions(runtime.broker, service="registry", store=decisions, pack=load_pack, now=utcnow)
    runtime.routes.extend(public_routes(deps))
    if settings.follow_up_interval_s > 0:
        _schedule_follow_up(runtime, settings, store)
    return settings, runtime.asgi()


def _schedule_follow_up(runtime: ServiceRuntime, settings: RegistrySettings, store: AccountStore) -> None:
    async def follow_up() -> None:
        counts = await followup.run_follow_up(store=store, broker=runtime.broker)
        log.info("registry.follow_up.done", **counts.model_dump())

    runtime.every(settings.follow_up_interval_s, "registry.follow_up", follow_up)
