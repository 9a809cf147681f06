"""What the queries answer, as the reply contracts of shared/contracts/registry.py: the
account as staff and other services read it, who answers for it, the compliance view,
crisis channels, reviews due, the inventory, the public feed and the pack's rules."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from shared.contracts import utcnow
from shared.contracts.registry import (
    OFFICIAL_STATES,
    AccountDetail,
    AccountsQuery,
    AccountState,
    AccountView,
    ChecklistItem,
    ComplianceRow,
    CrisisChannel,
    Gap,
    Inventory,
    LinkPage,
    Responsible,
    ReviewDueRow,
    Rules,
)
from shared.policy import PolicyPack
from shared.policy.local import LocalDecisionStore, effective

from ..adapters.store import AccountStore
from ..domain import lifecycle
from ..domain import requirements
from ..domain.inventory import TIER_LABELS, inventory_document, link_feed
from ..domain.lifecycle import PLATFORM_LABELS, STATE_LABELS
from ..domain.model import Account
from ..domain.people import contacts, merge_people
from ..domain.requirements import activation_blockers, compliance_gaps, review_status
from .followup import activity_of
from .policies import pack_for
from .publishing import render_link_page

#: Which command may follow in which state (for the dashboard's buttons; roles still checked).
ACTIONS: dict[AccountState, list[str]] = {
    AccountState.proposed: ["assess", "reject", "update", "assign"],
    AccountState.assessed: ["assess", "approve", "reject", "update", "assign"],
    AccountState.approved: ["activate", "update", "assign"],
    AccountState.rejected: [],
    AccountState.active: ["start_review", "decide_close", "update", "assign"],
    AccountState.under_review: ["record_review", "decide_close", "update", "assign"],
    AccountState.closing: ["close", "update", "assign"],
    AccountState.closed: [],
}


def _gaps(gaps: list[requirements.Gap]) -> list[Gap]:
    return [Gap(code=g.code, message=g.message, severity=g.severity) for g in gaps]


def _view_fields(account: Account, pack: PolicyPack, now: datetime) -> dict[str, Any]:
    return account.facts().model_dump() | {
        "state_label": STATE_LABELS[account.state],
        "platform_label": PLATFORM_LABELS[account.platform],
        "tier_label": TIER_LABELS[account.tier],
        "official": account.state in OFFICIAL_STATES,
        "purpose": account.purpose,
        "target_group": account.target_group,
        "responsibilities": account.responsibilities.model_dump(),
        "next_review_at": account.next_review_at,
        "review_status": review_status(account, pack.registry, now),
        "created_at": account.created_at,
        "updated_at": account.updated_at,
        "version": account.version,
        "actions": list(ACTIONS[account.state]),
    }


def account_view(account: Account, pack: PolicyPack, now: datetime) -> AccountView:
    """The account as the dashboard and the other services read it."""
    return AccountView.model_validate(_view_fields(account, pack, now))


async def accounts(*, store: AccountStore, query: AccountsQuery, now: datetime | None = None) -> list[AccountView]:
    """The municipality's accounts that match the query, by name."""
    now = now or utcnow()
    pack = pack_for(query.municipality)
    states = [*(query.states or []), *([query.state] if query.state else [])]
    found = await store.list(query.municipality, states=states or None, limit=query.limit, platform=query.platform,
                             tier=query.tier, board=query.board, administration=query.administration,
                             unit=query.unit, crisis_channel=query.crisis_channel)
    return [account_view(a, pack, now) for a in found]


async def account_by_platform_id(*, store: AccountStore, municipality: str, platform: str,
                                 platform_account_id: str) -> AccountView | None:
    """The account the registry knows by this id on the platform (ingest asks for every item)."""
    found = await store.by_platform_id(municipality, platform, platform_account_id)
    return account_view(found, pack_for(found.municipality), utcnow()) if found else None


async def account(*, store: AccountStore, municipality: str, account_id: str) -> AccountDetail | None:
    found = await store.get(municipality, account_id)
    return await account_detail(store=store, account=found) if found else None


async def account_detail(*, store: AccountStore, account: Account, now: datetime | None = None) -> AccountDetail:
    """Everything about one account: view, checklist, decision, reviews, history, gaps, activity."""
    now = now or utcnow()
    pack = pack_for(account.municipality)
    summary, flags = await activity_of(store=store, account=account, pack=pack, now=now)
    rule = pack.registry.decisions.get(account.tier)
    answers = {a.criterion_id: a for a in (account.assessment.answers if account.assessment else [])}
    checklist = [ChecklistItem(id=c.id, text=c.text, required=c.required,
                               met=answers[c.id].met if c.id in answers else None,
                               note=answers[c.id].note if c.id in answers else "")
                 for c in (rule.criteria if rule else [])]
    dump = account.model_dump()
    return AccountDetail.model_validate(_view_fields(account, pack, now) | {
        "checklist": checklist,
        "assessment": dump["assessment"],
        "decision": dump["decision"],
        "activation": dump["activation"],
        "reviews": dump["reviews"],
        "history": dump["history"],
        "activation_blockers": _gaps(activation_blockers(account, pack.registry)),
        "gaps": _gaps(compliance_gaps(account, pack.registry, now, flags)),
        "activity": summary.model_dump() | {"answered_share": summary.answered_share},
        "contacts": contacts(account),
    })


def responsible_view(account: Account, pack: PolicyPack) -> Responsible:
    """Who answers for one account; `people` is the routing order notify uses."""
    r = account.responsibilities
    policy = pack.registry
    people = contacts(account)
    return Responsible(
        account_id=account.account_id, name=account.name, platform=account.platform,
        platform_account_id=account.platform_account_id, state=account.state, tier=account.tier,
        unit=r.unit, board=r.board, administration=r.administration, responsible_function=r.responsible_function,
        manager=r.manager, responsible_editor=r.responsible_editor,
        administrators=list(r.administrators), substitutes=list(r.substitutes),
        people=people, contacts=people,
        decision_roles=[str(x) for x in policy.decisions[account.tier].approver_roles]
        if account.tier in policy.decisions else [],
        close_roles=[str(x) for x in lifecycle.close_roles(policy, account.tier)],
    )


async def responsible_for(*, store: AccountStore, municipality: str, account_id: str | None,
                          platform: str | None, platform_account_id: str | None,
                          unit: str | None) -> Responsible | None:
    """The people of an account (by registry id, else by platform id), or of a unit."""
    pack = pack_for(municipality)
    account = await store.get(municipality, account_id) if account_id else None
    ids = [i for i in (platform_account_id, account_id) if i]
    for candidate in ids if account is None else []:
        if platform:
            account = await store.by_platform_id(municipality, platform, candidate)
        else:
            found = await store.list(municipality, platform_account_id=candidate, limit=5)
            account = next((a for a in found if a.state in OFFICIAL_STATES), found[0] if found else None)
        if account is not None:
            break
    if account is not None:
        return responsible_view(account, pack)
    if not unit:
        return None
    accounts = [a for a in await store.list(municipality, unit=unit) if a.state in OFFICIAL_STATES]
    if not accounts:
        return None
    people = merge_people([p for a in accounts for p in contacts(a)])
    return Responsible(account_id=None, unit=unit, accounts=[a.account_id for a in accounts],
                       people=people, contacts=people)


async def compliance_view(*, store: AccountStore, municipality: str,
                          now: datetime | None = None) -> list[ComplianceRow]:
    """Every account with at least one gap, worst first."""
    now = now or utcnow()
    pack = pack_for(municipality)
    out: list[ComplianceRow] = []
    for account in await store.list(municipality):
        if account.state in (AccountState.rejected, AccountState.closed):
            continue
        _, flags = await activity_of(store=store, account=account, pack=pack, now=now)
        gaps = compliance_gaps(account, pack.registry, now, flags)
        if gaps:
            out.append(ComplianceRow(
                account_id=account.account_id, name=account.name, platform=account.platform,
                state=account.state, state_label=STATE_LABELS[account.state],
                unit=account.responsibilities.unit, board=account.responsibilities.board, gaps=_gaps(gaps),
            ))
    out.sort(key=lambda row: (-sum(g.severity == "gap" for g in row.gaps), row.name))
    return out


async def crisis_channels(*, store: AccountStore, municipality: str) -> list[CrisisChannel]:
    """Official accounts flagged for crisis use that can be posted to now."""
    accounts = await store.list(municipality, states=[AccountState.active, AccountState.under_review],
                                crisis_channel=True)
    return [CrisisChannel(
        account_id=a.account_id, name=a.name, platform=a.platform, platform_account_id=a.platform_account_id,
        url=a.url, tier=a.tier, unit=a.responsibilities.unit, state=a.state,
    ) for a in accounts if a.platform_account_id]


async def inventory(*, store: AccountStore, municipality: str, board: str | None = None,
                    administration: str | None = None, now: datetime | None = None) -> Inventory:
    """The förteckning, optionally for one board or administration."""
    now = now or utcnow()
    pack = pack_for(municipality)
    accounts = await store.list(municipality, states=OFFICIAL_STATES, board=board, administration=administration)
    return inventory_document(accounts, pack.registry, municipality=municipality,
                              municipality_name=pack.municipality, now=now)


async def link_page(*, store: AccountStore, decisions: LocalDecisionStore, municipality: str,
                    now: datetime | None = None) -> LinkPage:
    """The JSON feed of the public page of official channels (without its `html`)."""
    now = now or utcnow()
    # With what the municipality entered itself laid over the pack (council parties, GDPR contact).
    pack = effective(pack_for(municipality), await decisions.all(municipality)).pack
    accounts = await store.list(municipality, states=[AccountState.active, AccountState.under_review])
    return link_feed(accounts, pack.registry, municipality=municipality, municipality_name=pack.municipality,
                     now=now)


async def published_link_page(*, store: AccountStore, decisions: LocalDecisionStore, municipality: str,
                              now: datetime | None = None) -> LinkPage:
    """The feed with the page rendered as the website shows it (`html`)."""
    page = await link_page(store=store, decisions=decisions, municipality=municipality, now=now)
    return page.model_copy(update={"html": render_link_page(page, tz=pack_for(municipality).timezone)})


def rules_view(pack: PolicyPack) -> Rules:
    """The pack's registry rules, for forms in the dashboard."""
    return Rules.model_validate({"municipality": pack.name, "municipality_name": pack.municipality,
                                 **pack.registry.model_dump(mode="json")})


async def reviews_due(*, store: AccountStore, municipality: str, within_days: int = 30,
                      now: datetime | None = None) -> list[ReviewDueRow]:
    """Active accounts whose review falls due within `within_days` (or already has)."""
    now = now or utcnow()
    pack = pack_for(municipality)
    horizon = now + timedelta(days=within_days)
    out = [ReviewDueRow(account_id=a.account_id, name=a.name, platform=a.platform, next_review_at=a.next_review_at,
                        review_status=review_status(a, pack.registry, now))
           for a in await store.list(municipality, states=[AccountState.active])
           if a.next_review_at and a.next_review_at <= horizon]
    out.sort(key=lambda row: row.next_review_at)
    return out
