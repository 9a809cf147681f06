"""Registry contracts: the facts other services ask about an account."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from .base import Contract
from .social import Platform


class AccountTier(StrEnum):
    municipality_wide = "municipality_wide"
    local = "local"


class AccountFacts(Contract):
    """What ingest, moderation and notify need to know about an account."""

    account_id: str = Field(..., description="Registry id of the account.")
    municipality: str
    platform: Platform
    platform_account_id: str = Field(..., description="The account's id on the platform.")
    name: str
    tier: AccountTier
    state: str
    crisis_channel: bool = False
    unit: str | None = None
