"""Who to reach about an account, in routing order (pure)."""

from __future__ import annotations

from typing import Any

from shared.contracts.registry import Person

from .model import Account


def responsible_people(account: Account) -> list[Person]:
    """Who to reach about the account, in routing order, each person once."""
    r = account.responsibilities
    seen: set[tuple] = set()
    out = []
    for person in [*r.administrators, *r.substitutes, r.responsible_editor, r.manager]:
        if person is None:
            continue
        key = (person.user_id, person.email, person.name)
        if key not in seen:
            seen.add(key)
            out.append(person)
    return out


def contacts(account: Account) -> list[dict[str, Any]]:
    """The account's people in routing order (administrators, substitutes, editor, manager),
    each person once: `role` is the first role, `roles` all of them."""
    r = account.responsibilities
    rows: list[tuple[str, Person | None]] = [
        *(("administrator", p) for p in r.administrators),
        *(("substitute", p) for p in r.substitutes),
        ("responsible_editor", r.responsible_editor),
        ("manager", r.manager),
    ]
    return merge_people([{"role": role, "roles": [role], **p.model_dump(mode="json")}
                          for role, p in rows if p is not None])


def merge_people(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    merged: dict[tuple, dict[str, Any]] = {}
    for person in people:
        key = (person.get("user_id"), person.get("email"), person.get("name"))
        if key in merged:
            merged[key]["roles"] += [r for r in person["roles"] if r not in merged[key]["roles"]]
        else:
            merged[key] = dict(person, roles=list(person["roles"]))
    return list(merged.values())
