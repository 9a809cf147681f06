"""Registry's subscribers, each a few lines calling one use case: activity from the
platforms, the queries (shared/contracts/registry.py) and the commands of an account's
lifecycle. `register` binds them (shared/routing.py)."""

from __future__ import annotations

from typing import Any

from shared import subjects
from shared.contracts import PlatformEvent, utcnow
from shared.contracts.commands import CommandResult, Refusal, Role
from shared.contracts.registry import (
    AccountByPlatformId,
    AccountCommand,
    AccountDetail,
    AccountQuery,
    AccountsQuery,
    AccountView,
    ActivateAccount,
    ApproveAccount,
    AssessAccount,
    AssignResponsibilities,
    ComplianceRow,
    CrisisChannel,
    Inventory,
    InventoryQuery,
    LinkPage,
    MunicipalityQuery,
    ProposeAccount,
    RecordReview,
    RegistryCommand,
    Responsible,
    ResponsibleQuery,
    ReviewDueRow,
    Rules,
    RulesQuery,
    UpdateAccount,
)
from shared.routing import Router
from shared.runtime.service import ServiceRuntime

from .app import followup, lifecycle, views
from .app.policies import pack_for
from .app.publishing import render_link_page
from .deps import Deps
from .domain.lifecycle import Refused


async def on_item_received(event: PlatformEvent, deps: Deps) -> None:
    await followup.note_activity(store=deps.store, event=event)


# Queries --------------------------------------------------------------------------------

async def accounts(q: AccountsQuery, deps: Deps) -> list[dict]:
    filters: dict[str, Any] = {k: v for k, v in {
        "platform": q.platform and str(q.platform), "tier": q.tier and str(q.tier), "board": q.board,
        "administration": q.administration, "unit": q.unit}.items() if v}
    if q.crisis_channel is not None:
        filters["crisis_channel"] = q.crisis_channel
    states = [str(s) for s in [*(q.states or []), *([q.state] if q.state else [])]]
    pack = pack_for(q.municipality)
    now = utcnow()
    found = await deps.store.list(q.municipality, states=states or None, limit=q.limit, filters=filters)
    return [views.account_view(a, pack, now) for a in found]

async def account(q: AccountQuery, deps: Deps) -> dict | None:
    found = await deps.store.get(q.municipality, q.account_id)
    return await views.account_detail(store=deps.store, account=found) if found else None

async def account_by_platform_id(q: AccountByPlatformId, deps: Deps) -> dict | None:
    found = await deps.store.by_platform_id(q.municipality, str(q.platform), q.platform_account_id)
    return views.account_view(found, pack_for(found.municipality), utcnow()) if found else None

async def responsible(q: ResponsibleQuery, deps: Deps) -> dict | None:
    return await views.responsible_for(store=deps.store, municipality=q.municipality, account_id=q.account_id,
                                         platform=q.platform and str(q.platform),
                                         platform_account_id=q.platform_account_id, unit=q.unit)

async def crisis_channels(q: MunicipalityQuery, deps: Deps) -> list[dict]:
    return await views.crisis_channels(store=deps.store, municipality=q.municipality)

async def compliance(q: MunicipalityQuery, deps: Deps) -> list[dict]:
    return await views.compliance_view(store=deps.store, municipality=q.municipality)

async def inventory(q: InventoryQuery, deps: Deps) -> dict:
    return await views.inventory(store=deps.store, municipality=q.municipality, board=q.board,
                                   administration=q.administration)

async def link_page(q: MunicipalityQuery, deps: Deps) -> dict:
    feed = await views.link_page(store=deps.store, municipality=q.municipality)
    tz = pack_for(q.municipality).timezone
    return feed | {"html": render_link_page(feed, tz=tz)}

async def rules(q: RulesQuery, deps: Deps) -> dict:
    return views.rules_view(pack_for(q.municipality))

async def reviews(q: MunicipalityQuery, deps: Deps) -> list[dict]:
    return await views.reviews_due(store=deps.store, municipality=q.municipality)


# Commands -------------------------------------------------------------------------------

def step(use_case: Any, done: str) -> Any:
    """A lifecycle command: the use case's account, as the view staff see, or its refusal
    naming the account."""
    async def handle(cmd: RegistryCommand, deps: Deps) -> CommandResult:
        try:
            account = await use_case(store=deps.store, broker=deps.broker, command=cmd)
        except Refused as exc:
            raise Refusal(exc.message, id=getattr(cmd, "account_id", None)) from exc
        view = views.account_view(account, pack_for(account.municipality), utcnow())
        return CommandResult(ok=True, message=done, id=account.account_id, data={"account": view})

    return handle


async def run_follow_up(cmd: RegistryCommand, deps: Deps) -> CommandResult:
    counts = await followup.run_follow_up(store=deps.store, broker=deps.broker)
    return CommandResult(ok=True, message="Uppföljningen är körd.", data=counts)


def register(runtime: ServiceRuntime, deps: Deps) -> None:
    router = Router(runtime, deps)
    router.durable(subjects.SOCIAL_RECEIVED_ALL, "activity", on_item_received,
                   description="Follows each account's activity.")
    router.query("accounts", AccountsQuery, list[AccountView], accounts)
    router.query("account", AccountQuery, AccountDetail | None, account)
    router.query("account_by_platform_id", AccountByPlatformId, AccountView | None, account_by_platform_id)
    router.query("responsible", ResponsibleQuery, Responsible | None, responsible)
    router.query("crisis_channels", MunicipalityQuery, list[CrisisChannel], crisis_channels)
    router.query("compliance", MunicipalityQuery, list[ComplianceRow], compliance)
    router.query("inventory", InventoryQuery, Inventory, inventory)
    router.query("link_page", MunicipalityQuery, LinkPage, link_page)
    router.query("rules", RulesQuery, Rules, rules)
    router.query("reviews_due", MunicipalityQuery, list[ReviewDueRow], reviews)

    router.command("propose", ProposeAccount, step(lifecycle.propose_account, "Kontot är föreslaget."))
    router.command("assess", AssessAccount, step(lifecycle.assess_account, "Bedömningen är registrerad."))
    router.command("approve", ApproveAccount, step(lifecycle.approve_account, "Kontot är godkänt."))
    router.command("reject", AccountCommand, step(lifecycle.reject_account, "Förslaget är avslaget."))
    router.command("activate", ActivateAccount, step(lifecycle.activate_account, "Kontot är aktivt."))
    router.command("update", UpdateAccount, step(lifecycle.update_account, "Uppgifterna är sparade."))
    router.command("assign", AssignResponsibilities, step(lifecycle.assign_responsibilities, "Ansvaret är sparat."))
    router.command("start_review", AccountCommand, step(lifecycle.start_review, "Översynen är påbörjad."))
    router.command("record_review", RecordReview, step(lifecycle.record_review, "Översynens utfall är registrerat."))
    router.command("decide_close", AccountCommand, step(lifecycle.decide_close, "Kontot ska avvecklas."))
    router.command("close", AccountCommand, step(lifecycle.close_account, "Kontot är avslutat."))
    router.command("run_follow_up", RegistryCommand, run_follow_up, roles={Role.system_administrator},
                   description="Run the follow-up sweep now (system administrators).")
