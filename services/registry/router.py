"""Registry's subscribers, each a few lines calling one use case: activity from the
platforms, the queries (shared/contracts/registry.py) and the commands of an account's
lifecycle. `register` binds them (shared/routing.py)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from shared import subjects
from shared.contracts import PlatformEvent, utcnow
from shared.contracts.commands import CommandResult, Refusal, Role
from shared.contracts.registry import (
    AccountByPlatformId,
    AccountCommand,
    AccountDetail,
    AccountQuery,
    AccountStepped,
    AccountsQuery,
    AccountView,
    ActivateAccount,
    ApproveAccount,
    AssessAccount,
    AssignResponsibilities,
    ComplianceRow,
    CrisisChannel,
    FollowUpCounts,
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
    SteppedAccount,
    UpdateAccount,
)
from shared.routing import Router
from shared.runtime.service import ServiceRuntime

from .app import followup, lifecycle, views
from .app.policies import pack_for
from .deps import Deps
from .domain.lifecycle import Refused
from .domain.model import Account


async def on_item_received(event: PlatformEvent, deps: Deps) -> None:
    await followup.note_activity(store=deps.store, event=event)


# Queries --------------------------------------------------------------------------------

async def accounts(q: AccountsQuery, deps: Deps) -> list[AccountView]:
    return await views.accounts(store=deps.store, query=q)

async def account(q: AccountQuery, deps: Deps) -> AccountDetail | None:
    return await views.account(store=deps.store, municipality=q.municipality, account_id=q.account_id)

async def account_by_platform_id(q: AccountByPlatformId, deps: Deps) -> AccountView | None:
    return await views.account_by_platform_id(store=deps.store, municipality=q.municipality,
                                              platform=str(q.platform), platform_account_id=q.platform_account_id)

async def responsible(q: ResponsibleQuery, deps: Deps) -> Responsible | None:
    return await views.responsible_for(store=deps.store, municipality=q.municipality, account_id=q.account_id,
                                       platform=q.platform and str(q.platform),
                                       platform_account_id=q.platform_account_id, unit=q.unit)

async def crisis_channels(q: MunicipalityQuery, deps: Deps) -> list[CrisisChannel]:
    return await views.crisis_channels(store=deps.store, municipality=q.municipality)

async def compliance(q: MunicipalityQuery, deps: Deps) -> list[ComplianceRow]:
    return await views.compliance_view(store=deps.store, municipality=q.municipality)

async def inventory(q: InventoryQuery, deps: Deps) -> Inventory:
    return await views.inventory(store=deps.store, municipality=q.municipality, board=q.board,
                                 administration=q.administration)

async def link_page(q: MunicipalityQuery, deps: Deps) -> LinkPage:
    return await views.published_link_page(store=deps.store, decisions=deps.decisions, municipality=q.municipality)

async def rules(q: RulesQuery, deps: Deps) -> Rules:
    return views.rules_view(pack_for(q.municipality))

async def reviews(q: MunicipalityQuery, deps: Deps) -> list[ReviewDueRow]:
    return await views.reviews_due(store=deps.store, municipality=q.municipality)


# Commands -------------------------------------------------------------------------------

def step(use_case: Callable[..., Awaitable[Account]],
         done: str) -> Callable[..., Awaitable[CommandResult[AccountStepped]]]:
    """A lifecycle command: the use case's account, as the view staff see, or its refusal
    naming the account."""
    async def handle(cmd: RegistryCommand, deps: Deps) -> CommandResult[AccountStepped]:
        try:
            account = await use_case(store=deps.store, broker=deps.broker, command=cmd)
        except Refused as exc:
            raise Refusal(exc.message, id=getattr(cmd, "account_id", None)) from exc
        view = views.account_view(account, pack_for(account.municipality), utcnow())
        stepped = SteppedAccount(id=account.account_id, **view.model_dump())
        return CommandResult(ok=True, message=done, id=account.account_id, data=AccountStepped(account=stepped))

    return handle


async def run_follow_up(cmd: RegistryCommand, deps: Deps) -> CommandResult[FollowUpCounts]:
    counts = await followup.run_follow_up(store=deps.store, broker=deps.broker)
    return CommandResult(ok=True, message="Uppföljningen är körd.", data=counts)


def register(runtime: ServiceRuntime, deps: Deps) -> None:
    router = Router(runtime, deps)
    # in batches: a count that may lag a second, its inserts one command per batch
    router.batch(subjects.SOCIAL_RECEIVED_ALL, "activity", on_item_received,
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
