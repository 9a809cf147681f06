"""Use cases that run outside a request: the first administrator and the demo staff."""

from __future__ import annotations

from shared.logging import get_logger

from shared.contracts.commands import Role

from ..adapters.store import DashboardStore
from ..domain.staff import StaffUser, UserChanges
from .auth import new_user, verify_password

log = get_logger(__name__)

# make run: one person per kind of work, so every page and the two-person approval can be tried.
DEMO_USERS: list[tuple[str, str, list[Role]]] = [
    ("kommunikator", "Kim Kommunikatör", [Role.communicator, Role.administrator]),
    ("krisledare", "Kris Ledare", [Role.crisis_team, Role.head_of_communications]),
    ("krisstab", "Stina Krisstab", [Role.crisis_team]),
    ("arkivarie", "Rut Registrator", [Role.registrar, Role.archivist]),
    ("kommunikationschef", "Karin Kommunikationschef", [Role.head_of_communications]),  # the reports' reader
    ("admin", "Sam Systemadmin", [Role.system_administrator]),
]


async def create_admin(*, store: DashboardStore, username: str, name: str, municipality: str,
                       password: str) -> StaffUser | None:
    """The first administrator (system administrator); None if the username is taken."""
    user = new_user(username=username, name=name, municipality=municipality,
                    roles=[Role.system_administrator], password=password)
    return user if await store.add_user(user) else None


async def seed_demo_users(*, store: DashboardStore, municipality: str, password: str) -> int:
    """Create the demo staff accounts once (idempotent: existing usernames are kept)."""
    created = 0
    for username, name, roles in DEMO_USERS:
        if await store.user_by_name(username) is None:
            created += await store.add_user(new_user(username=username, name=name, municipality=municipality,
                                                     roles=roles, password=password))
    log.info("demo.users_seeded", created=created)
    return created


async def disable_demo_users(*, store: DashboardStore, password: str) -> int:
    """Outside demo mode: deactivate every demo account that still has the published
    demo password (one whose password an administrator changed is left alone)."""
    disabled = 0
    for username, _, _ in DEMO_USERS:
        user = await store.user_by_name(username)
        if user and user.active and verify_password(user.password_hash, password):
            await store.update_user(user.user_id, UserChanges(active=False))
            await store.drop_user_sessions(user.user_id)
            disabled += 1
    if disabled:
        log.warning("demo.users_disabled", disabled=disabled, reason="demo mode is off; their password is public")
    return disabled
