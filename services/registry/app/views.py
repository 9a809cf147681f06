"""What the queries answer: the account as staff and other services read it, the
compliance view, crisis channels, inventory and the public feed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from shared.contracts import utcnow
from shared.contracts.registry import OFFICIAL_STATES, AccountState
from shared.policy import PolicyPack
from shared.policy.local import LocalDecisionStore, effective

from ..domain import lifecycle
from ..domain.inventory import TIER_LABELS, inventory_document, link_feed
from ..domain.lifecycle import PLATFORM_LABELS, STATE_LABELS
from ..domain.model import Account
from ..domain.people import contacts, merge_people
from ..domain.requirements import activation_blockers, compliance_gaps, review_status
from .followup import activity_of
from .policies import pack_for
from ..adapters.store import AccountStore

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


def account_view(account: Account, pack: PolicyPack, now: datetime) -> dict[str, Any]:
    """The account as the dashboard and the other services read it."""
    facts = account.facts().model_dump(mode="json")
    r = account.responsibilities
    return {
        "id": account.account_id, **facts,
        "state_label": STATE_LABELS[account.state],
        "platform_label": PLATFORM_LABELS[account.platform],
        "tier_label": TIER_LABELS[account.tier],
        "official": account.state in OFFICIAL_STATES,
        "purpose": account.purpose,
        "target_group": account.target_group,
        "responsibilities": r.model_dump(mode="json"),
        "next_review_at": account.next_review_at.isoformat() if account.next_review_at else None,
        "review_status": review_status(account, pack.registry, now),
        "created_at": account.created_at.isoformat() if account.created_at else None,
        "updated_at": account.updated_at.isoformat() if account.updated_at else None,
        "version": account.version,
        "actions": ACTIONS[account.state],
    }


async def account_detail(*, store: AccountStore, account: Account, now: datetime | None = None) -> dict[str, Any]:
    """Everything about one account: view, checklist, decision, reviews, history, gaps, activity."""
    now = now or utcnow()
    pack = pack_for(account.municipality)
    summary, flags = await activity_of(store=store, account=account, pack=pack, now=now)
    rule = pack.registry.decisions.get(account.tier)
    answers = {a.criterion_id: a for a in (account.assessment.answers if account.assessment else [])}
    checklist = [{"id": c.id, "text": c.text, "required": c.required,
                  "met": answers[c.id].met if c.id in answers else None,
                  "note": answers[c.id].note if c.id in answers else ""} for c in (rule.criteria if rule else [])]
    dump = account.model_dump(mode="json")
    return account_view(account, pack, now) | {
        "checklist": checklist,
        "assessment": dump["assessment"],
        "decision": dump["decision"],
        "activation": dump["activation"],
        "reviews": dump["reviews"],
        "history": dump["history"],
        "activation_blockers": [g.as_dict() for g in activation_blockers(account, pack.registry)],
        "gaps": [g.as_dict() for g in compliance_gaps(account, pack.registry, now, flags)],
        "activity": summary.model_dump(mode="json") | {"answered_share": summary.answered_share},
        "contacts": contacts(account),
    }


def responsible_view(account: Account, pack: PolicyPack) -> dict[str, Any]:
    """Who answers for one account; `people` is the routing order notify uses."""
    r = account.responsibilities
    policy = pack.registry
    dump = r.model_dump(mode="json")
    people = contacts(account)
    return {
        "account_id": account.account_id, "name": account.name, "platform": str(account.platform),
        "platform_account_id": account.platform_account_id, "state": str(account.state), "tier": str(account.tier),
        "unit": r.unit, "board": r.board, "administration": r.administration,
        "responsible_function": r.responsible_function,
        "manager": dump["manager"], "responsible_editor": dump["responsible_editor"],
        "administrators": dump["administrators"], "substitutes": dump["substitutes"],
        "people": people,
        "contacts": people,
        "decision_roles": [str(x) for x in policy.decisions[account.tier].approver_roles]
        if account.tier in policy.decisions else [],
        "close_roles": [str(x) for x in lifecycle.close_roles(policy, account.tier)],
    }


async def responsible_for(*, store: AccountStore, municipality: str, account_id: str | None,
                          platform: str | None, platform_account_id: str | None,
                          unit: str | None) -> dict[str, Any] | None:
    """The people of an account (by registry id, else by platform id), or of a unit."""
    pack = pack_for(municipality)
    account = await store.get(municipality, account_id) if account_id else None
    ids = [i for i in (platform_account_id, account_id) if i]
    for candidate in ids if account is None else []:
        if platform:
            account = await store.by_platform_id(municipality, platform, candidate)
        else:
            found = await store.list(municipality, filters={"platform_account_id": candidate}, limit=5)
            account = next((a for a in found if a.state in OFFICIAL_STATES), found[0] if found else None)
        if account is not None:
            break
    if account is not None:
        return responsible_view(account, pack)
    if not unit:
        return None
    accounts = [a for a in await store.list(municipality, filters={"unit": unit}) if a.state in OFFICIAL_STATES]
    if not accounts:
        return None
    people = merge_people([p for a in accounts for p in contacts(a)])
    return {"account_id": None, "unit": unit, "accounts": [a.account_id for a in accounts],
            "people": people, "contacts": people}


async def compliance_view(*, store: AccountStore, municipality: str, now: datetime | None = None) -> list[dict]:
    """Every account with at least one gap, worst first."""
    now = now or utcnow()
    pack = pack_for(municipality)
    out: list[dict[str, Any]] = []
    for account in await store.list(municipality):
        if account.state in (AccountState.rejected, AccountState.closed):
            continue
        _, flags = await activity_of(store=store, account=account, pack=pack, now=now)
        gaps = compliance_gaps(account, pack.registry, now, flags)
        if gaps:
            out.append({
                "account_id": account.account_id, "name": account.name, "platform": str(account.platform),
                "state": str(account.state), "state_label": STATE_LABELS[account.state],
                "unit": account.responsibilities.unit, "board": account.responsibilities.board,
                "gaps": [g.as_dict() for g in gaps],
            })
    out.sort(key=lambda row: (-sum(g["severity"] == "gap" for g in row["gaps"]), row["name"]))
    return out


async def crisis_channels(*, store: AccountStore, municipality: str) -> list[dict[str, Any]]:
    """Official accounts flagged for crisis use that can be posted to now."""
    accounts = await store.list(municipality, states=[str(AccountState.active), str(AccountState.under_review)],
                                filters={"crisis_channel": True})
    return [{
        "account_id": a.account_id, "name": a.name, "platform": str(a.platform),
        "platform_account_id": a.platform_account_id, "url": a.url, "tier": str(a.tier),
        "unit": a.responsibilities.unit, "state": str(a.state),
    } for a in accounts if a.platform_account_id]


async def inventory(*, store: AccountStore, municipality: str, board: str | None = None,
                    administration: str | None = None, now: datetime | None = None) -> dict[str, Any]:
    """The förteckning, optionally for one board or administration."""
    now = now or utcnow()
    pack = pack_for(municipality)
    filters = {k: v for k, v in {"board": board, "administration": administration}.items() if v}
    accounts = await store.list(municipality, states=[str(s) for s in OFFICIAL_STATES], filters=filters)
    return inventory_document(accounts, pack.registry, municipality=municipality,
                              municipality_name=pack.municipality, now=now)


async def link_page(*, store: AccountStore, municipality: str, now: datetime | None = None) -> dict[str, Any]:
    """The JSON feed of the public page of official channels."""
    now = now or utcnow()
    # With what the municipality entered itself laid over the pack (council parties, GDPR contact).
    pack = effective(pack_for(municipality), await LocalDecisionStore(store.db).all(municipality)).pack
    accounts = await store.list(municipality, states=[str(AccountState.active), str(AccountState.under_review)])
    return link_feed(accounts, pack.registry, municipality=municipality, municipality_name=pack.municipality,
                     now=now)


def rules_view(pack: PolicyPack) -> dict[str, Any]:
    """The pack's registry rules, for forms in the dashboard."""
    policy = pack.registry
    return {"municipality": pack.name, "municipality_name": pack.municipality,
            **policy.model_dump(mode="json")}


async def reviews_due(*, store: AccountStore, municipality: str, within_days: int = 30,
                      now: datetime | None = None) -> list[dict[str, Any]]:
    """Active accounts whose review falls due within `within_days` (or already has)."""
    now = now or utcnow()
    pack = pack_for(municipality)
    horizon = now + timedelta(days=within_days)
    out: list[dict[str, Any]] = []
    for account in await store.list(municipality, states=[str(AccountState.active)]):
        if account.next_review_at and account.next_review_at <= horizon:
            out.append({"account_id": account.account_id, "name": account.name, "platform": str(account.platform),
                        "next_review_at": account.next_review_at.isoformat(),
                        "review_status": review_status(account, pack.registry, now)})
    out.sort(key=lambda row: row["next_review_at"])
    return out
