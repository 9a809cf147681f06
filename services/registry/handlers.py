"""Registry's subscribers: activity from the platforms, queries and commands.

Queries and commands read the raw request and validate it here, so a malformed request
gets an answer saying what is wrong (instead of no answer and a timeout)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from faststream.nats.annotations import NatsMessage
from pydantic import BaseModel, TypeAdapter, ValidationError

from shared import subjects
from shared.broker import durable_subscriber
from shared.commands import command_subscriber, describe_errors
from shared.contracts import PlatformEvent, utcnow
from shared.contracts.commands import CommandResult, Refusal, Role
from shared.contracts.registry import (
    AccountByPlatformId,
    AccountDetail,
    AccountQuery,
    AccountsQuery,
    AccountView,
    ComplianceRow,
    CrisisChannel,
    Inventory,
    InventoryQuery,
    LinkPage,
    MunicipalityQuery,
    QueryError,
    Responsible,
    ResponsibleQuery,
    ReviewDueRow,
    Rules,
    RulesQuery,
)
from shared.runtime.service import ServiceRuntime

from . import followup, service, views
from .config import RegistrySettings
from .domain.lifecycle import Refused
from .policies import pack_for
from .publishing import render_link_page
from .schemas import (
    AccountCommand,
    ActivateAccount,
    ApproveAccount,
    AssessAccount,
    AssignResponsibilities,
    Command,
    ProposeAccount,
    RecordReview,
    UpdateAccount,
)
from .store import AccountStore


def register(runtime: ServiceRuntime, settings: RegistrySettings, store: AccountStore) -> None:
    broker = runtime.broker

    @durable_subscriber(broker, subjects.SOCIAL_RECEIVED_ALL, service="registry", name="activity",
                        settings=settings, description="Follows each account's activity.")
    async def on_item_received(event: PlatformEvent) -> None:
        await followup.note_activity(store=store, event=event)

    # Queries ----------------------------------------------------------------------------

    def query(what: str, model: type[BaseModel], reply: Any, answer: Callable[[Any], Awaitable[Any]]) -> None:
        """`reply`: the reply's contract; every failure is answered with `QueryError`."""
        adapter: TypeAdapter[Any] = TypeAdapter(reply)

        @broker.subscriber(subjects.query("registry", what), queue="registry",
                           description=f"Query q.registry.{what} (contracts: shared/contracts/registry.py).")
        async def handle(msg: NatsMessage) -> bytes:
            try:
                request = model.model_validate_json(msg.body or b"{}")
            except ValidationError as exc:
                return QueryError(error=f"Ogiltig fråga: {describe_errors(exc)}").model_dump_json().encode()
            try:
                result = await answer(request)
            except Refused as exc:
                return QueryError(error=exc.message).model_dump_json().encode()
            # None is an explicit JSON null, so a client that always decodes the body gets None too.
            return adapter.dump_json(adapter.validate_python(result))


    async def accounts(q: AccountsQuery) -> list[dict]:
        filters: dict[str, Any] = {k: v for k, v in {
            "platform": q.platform and str(q.platform), "tier": q.tier and str(q.tier), "board": q.board,
            "administration": q.administration, "unit": q.unit}.items() if v}
        if q.crisis_channel is not None:
            filters["crisis_channel"] = q.crisis_channel
        states = [str(s) for s in [*(q.states or []), *([q.state] if q.state else [])]]
        pack = pack_for(q.municipality)
        now = utcnow()
        found = await store.list(q.municipality, states=states or None, limit=q.limit, filters=filters)
        return [views.account_view(a, pack, now) for a in found]

    async def account(q: AccountQuery) -> dict | None:
        found = await store.get(q.municipality, q.account_id)
        return await views.account_detail(store=store, account=found) if found else None

    async def account_by_platform_id(q: AccountByPlatformId) -> dict | None:
        found = await store.by_platform_id(q.municipality, str(q.platform), q.platform_account_id)
        return views.account_view(found, pack_for(found.municipality), utcnow()) if found else None

    async def responsible(q: ResponsibleQuery) -> dict | None:
        return await views.responsible_for(store=store, municipality=q.municipality, account_id=q.account_id,
                                             platform=q.platform and str(q.platform),
                                             platform_account_id=q.platform_account_id, unit=q.unit)

    async def crisis_channels(q: MunicipalityQuery) -> list[dict]:
        return await views.crisis_channels(store=store, municipality=q.municipality)

    async def compliance(q: MunicipalityQuery) -> list[dict]:
        return await views.compliance_view(store=store, municipality=q.municipality)

    async def inventory(q: InventoryQuery) -> dict:
        return await views.inventory(store=store, municipality=q.municipality, board=q.board,
                                       administration=q.administration)

    async def link_page(q: MunicipalityQuery) -> dict:
        feed = await views.link_page(store=store, municipality=q.municipality)
        tz = pack_for(q.municipality).timezone
        return feed | {"html": render_link_page(feed, tz=tz)}

    async def rules(q: RulesQuery) -> dict:
        return views.rules_view(pack_for(q.municipality))

    async def reviews(q: MunicipalityQuery) -> list[dict]:
        return await views.reviews_due(store=store, municipality=q.municipality)

    query("accounts", AccountsQuery, list[AccountView], accounts)
    query("account", AccountQuery, AccountDetail | None, account)
    query("account_by_platform_id", AccountByPlatformId, AccountView | None, account_by_platform_id)
    query("responsible", ResponsibleQuery, Responsible | None, responsible)
    query("crisis_channels", MunicipalityQuery, list[CrisisChannel], crisis_channels)
    query("compliance", MunicipalityQuery, list[ComplianceRow], compliance)
    query("inventory", InventoryQuery, Inventory, inventory)
    query("link_page", MunicipalityQuery, LinkPage, link_page)
    query("rules", RulesQuery, Rules, rules)
    query("reviews_due", MunicipalityQuery, list[ReviewDueRow], reviews)

    # Commands -----------------------------------------------------------------------------

    def command(what: str, model: type[Command], use_case: Callable[..., Awaitable[Any]], done: str) -> None:
        @command_subscriber(broker, service="registry", what=what, model=model)
        async def handle(cmd: Command) -> CommandResult:
            try:
                account = await use_case(store=store, broker=broker, command=cmd)
            except Refused as exc:  # name the account the refusal is about
                raise Refusal(exc.message, id=getattr(cmd, "account_id", None)) from exc
            view = views.account_view(account, pack_for(account.municipality), utcnow())
            return CommandResult(ok=True, message=done, id=account.account_id, data={"account": view})

    command("propose", ProposeAccount, service.propose_account, "Kontot är föreslaget.")
    command("assess", AssessAccount, service.assess_account, "Bedömningen är registrerad.")
    command("approve", ApproveAccount, service.approve_account, "Kontot är godkänt.")
    command("reject", AccountCommand, service.reject_account, "Förslaget är avslaget.")
    command("activate", ActivateAccount, service.activate_account, "Kontot är aktivt.")
    command("update", UpdateAccount, service.update_account, "Uppgifterna är sparade.")
    command("assign", AssignResponsibilities, service.assign_responsibilities, "Ansvaret är sparat.")
    command("start_review", AccountCommand, service.start_review, "Översynen är påbörjad.")
    command("record_review", RecordReview, service.record_review, "Översynens utfall är registrerat.")
    command("decide_close", AccountCommand, service.decide_close, "Kontot ska avvecklas.")
    command("close", AccountCommand, service.close_account, "Kontot är avslutat.")

    @command_subscriber(broker, service="registry", what="run_follow_up", model=Command,
                        roles={Role.system_administrator},
                        description="Run the follow-up sweep now (system administrators).")
    async def command_run_follow_up(cmd: Command) -> CommandResult:
        counts = await followup.run_follow_up(store=store, broker=broker)
        return CommandResult(ok=True, message="Uppföljningen är körd.", data=counts)


