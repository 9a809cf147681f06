"""Builders for registry's unit tests."""

from __future__ import annotations

from datetime import UTC, datetime

from services.registry.domain import lifecycle
from services.registry.domain.model import Account
from shared.contracts.commands import Actor, Role
from shared.contracts.registry import Person
from shared.policy import load_pack

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def actor(municipality: str, *roles: Role, units: list[str] | None = None, user: str = "u1") -> Actor:
    return Actor(user_id=user, name=f"Person {user}", municipality=municipality, roles=list(roles), units=units or [])


def person(name: str) -> Person:
    return Person(name=name, email=f"{name.lower()}@example.se")


def policy(name: str):
    return load_pack(name).registry


def proposed(municipality: str, *, tier: str = "local", platform: str = "facebook", account_id: str = "acc-1",
             now: datetime = T0) -> Account:
    account = Account(account_id=account_id, municipality=municipality, platform=platform, name="Biblioteket",
                      tier=tier, url="https://www.facebook.com/bibblan", platform_account_id="555")
    return lifecycle.propose(actor=actor(municipality, Role.communicator), policy=policy(municipality),
                             account=account, reason="Behov av dialog", now=now)


def assessed(municipality: str, approver: Role, *, tier: str = "local", all_met: bool = True, **kw) -> Account:
    account = proposed(municipality, tier=tier, **kw)
    rule = policy(municipality).decisions[tier]
    answers = {c.id: (all_met, "") for c in rule.criteria}
    return lifecycle.assess(actor=actor(municipality, approver), policy=policy(municipality), account=account,
                            answers=answers, reason="", now=T0)


def complete_responsibilities(account: Account, *, admins: int = 2, substitutes: int = 1) -> None:
    lifecycle.apply_changes(account, {"responsibilities": {
        "board": "Kultur- och fritidsnämnden", "administration": "Kultur- och fritidsförvaltningen",
        "unit": "Biblioteket", "responsible_function": "Bibliotekschef",
        "manager": person("Chef"), "responsible_editor": person("Redaktör"),
        "administrators": [person(f"Admin{i}") for i in range(admins)],
        "substitutes": [person(f"Ersättare{i}") for i in range(substitutes)],
        "routines_document": "Dnr 2026/12", "sender_identity_confirmed": True,
        "credentials_location": "Enhetens kassaskåp", "credentials_reported_at": T0,
        "crisis_plan": "Krisplan 2026", "website_link": True,
    }}, T0)
