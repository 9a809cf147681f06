"""Demo accounts for `make run` (KANALVAKT_SEED_DEMO=true), taken through the real
lifecycle so they carry a full history and every required role."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from faststream.nats import NatsBroker
from pydantic import BaseModel, ConfigDict, TypeAdapter

from shared.contracts import utcnow
from shared.contracts.commands import Actor, Role
from shared.contracts.registry import (
    AccountState,
    AccountTier,
    ActivateAccount,
    ApproveAccount,
    AssessAccount,
    CriterionAnswer,
    ProposeAccount,
    ResponsibilitiesPatch,
)
from shared.contracts.social import Platform
from shared.logging import get_logger

from ..adapters.store import AccountStore
from ..domain.lifecycle import Refused
from .lifecycle import activate_account, approve_account, assess_account, propose_account
from .policies import pack_for

log = get_logger(__name__)

DEMO_ACCOUNTS = Path(__file__).parents[1] / "demo_accounts.json"


class DemoAccount(BaseModel):
    """One entry of `demo_accounts.json`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    municipality: str
    account_id: str
    platform: Platform
    name: str
    tier: AccountTier
    purpose: str = ""
    target_group: str = ""
    url: str
    platform_account_id: str
    crisis_channel: bool = False
    responsibilities: ResponsibilitiesPatch


_DEMO_ACCOUNTS = TypeAdapter(list[DemoAccount])


async def seed_demo_accounts(*, store: AccountStore, broker: NatsBroker, now: datetime | None = None,
                             path: Path = DEMO_ACCOUNTS) -> int:
    """Take the demo accounts through the real lifecycle (propose → … → active), resuming
    where an interrupted start left one; accounts already active are left alone."""
    now = now or utcnow()
    seeded = 0
    for spec in _DEMO_ACCOUNTS.validate_json(path.read_bytes()):
        existing = await store.get(spec.municipality, spec.account_id)
        if existing is not None and existing.state is not AccountState.proposed \
                and existing.state is not AccountState.assessed and existing.state is not AccountState.approved:
            continue
        try:
            await _seed_one(store=store, broker=broker, spec=spec, now=now)
        except Refused as exc:  # another replica seeding at the same moment: it wins
            log.warning("registry.seed.skipped", account_id=spec.account_id, reason=exc.message)
            continue
        seeded += 1
    return seeded


async def _seed_one(*, store: AccountStore, broker: NatsBroker, spec: DemoAccount, now: datetime) -> None:
    municipality = spec.municipality
    pack = pack_for(municipality)
    rule = pack.registry.decisions[spec.tier]
    roles = list(dict.fromkeys([*rule.approver_roles, *pack.registry.manager_roles, Role.communicator]))
    actor = Actor(user_id="demo", name="Demodata", municipality=municipality, roles=roles)
    existing = await store.get(municipality, spec.account_id)
    state = existing.state if existing else None
    if state is None:
        await propose_account(store=store, broker=broker, now=now, command=ProposeAccount(
            actor=actor, municipality=municipality, account_id=spec.account_id, platform=spec.platform,
            name=spec.name, tier=spec.tier, purpose=spec.purpose, target_group=spec.target_group, url=spec.url,
            platform_account_id=spec.platform_account_id, crisis_channel=spec.crisis_channel,
            responsibilities=spec.responsibilities, reason="Demodata"))
        state = AccountState.proposed
    if state is AccountState.proposed:
        answers = [CriterionAnswer(criterion_id=c.id, met=True, note="Demodata") for c in rule.criteria]
        await assess_account(store=store, broker=broker, now=now, command=AssessAccount(
            actor=actor, municipality=municipality, account_id=spec.account_id, answers=answers, reason="Demodata"))
        state = AccountState.assessed
    if state is AccountState.assessed:
        await approve_account(store=store, broker=broker, now=now, command=ApproveAccount(
            actor=actor, municipality=municipality, account_id=spec.account_id,
            reason="Demodata: beslut enligt riktlinjerna", consulted="Demodata" if rule.consult_role else None))
    confirmations = {c.id: True for c in pack.registry.activation_checklist}
    await activate_account(store=store, broker=broker, now=now, command=ActivateAccount(
        actor=actor, municipality=municipality, account_id=spec.account_id, confirmations=confirmations,
        reason="Demodata"))
