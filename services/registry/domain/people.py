"""Who to reach about an account, in routing order (pure)."""

from __future__ import annotations

from shared.contracts.registry import Contact, Person

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


def contacts(account: Account) -> list[Contact]:
    """The account's people in routing order (administrators, substitutes, editor, manager),
    each person once: `role` is the first role, `roles` all of them."""
    r = account.responsibilities
    rows: list[tuple[str, Person | None]] = [
        *(("administrator", p) for p in r.administrators),
        *(("substitute", p) for p in r.substitutes),
        ("responsible_editor", r.responsible_editor),
        ("manager", r.manager),
    ]
    return merge_people([Contact(**p.model_dump(), role=role, roles=[role]) for role, p in rows if p is not None])


def merge_people(people: list[Contact]) -> list[Contact]:
    """Each person once (by user id, e-mail and name), in order of first appearance, with
    every role they hold."""
    merged: dict[tuple, Contact] = {}
    for person in people:
        key = (person.user_id, person.email, person.name)
        if key in merged:
            known = merged[key]
            merged[key] = known.model_copy(update={"roles": [*known.roles,
                                                             *(r for r in person.roles if r not in known.roles)]})
        else:
            merged[key] = person
    return list(merged.values())
