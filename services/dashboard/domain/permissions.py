"""Who may do what in the staff web UI (pure rules)."""

from __future__ import annotations

from enum import StrEnum

from shared.contracts.commands import Role


class Permission(StrEnum):
    moderate_view = "moderate_view"
    moderate_decide = "moderate_decide"
    holiday_mode = "holiday_mode"
    registry_view = "registry_view"
    registry_manage = "registry_manage"
    archive_view = "archive_view"
    archive_disclose = "archive_disclose"
    archive_manage = "archive_manage"          # E-ARK export, culling runs, holds
    archive_snapshot = "archive_snapshot"      # a snapshot of an account's public page now
    alerts_view = "alerts_view"
    alerts_handle = "alerts_handle"
    crisis_view = "crisis_view"
    crisis_draft = "crisis_draft"
    crisis_approve = "crisis_approve"
    system_view = "system_view"
    users_manage = "users_manage"
    audit_view = "audit_view"
    reports_view = "reports_view"
    policy_view = "policy_view"                # the pack page: every value and where it comes from
    policy_decide = "policy_decide"            # record the municipality's own decisions there


R = Role
_EDITORS = {R.administrator, R.substitute, R.responsible_editor, R.communicator, R.communications_strategist,
            R.head_of_communications}
_MANAGERS = {R.head_of_communications, R.head_of_unit, R.head_of_administration, R.responsible_manager,
             R.board_delegate}
_RECORDS = {R.registrar, R.archivist}

# Who may do what. The policies give the account administrator and substitute the daily
# moderation; registrars and archivists the records; the crisis team the broadcasts.
# Every service checks the actor's role again on its side: this map drives the UI and
# is the dashboard's own server-side gate, not the only one.
PERMISSIONS: dict[Permission, frozenset[Role]] = {
    Permission.moderate_view: frozenset(_EDITORS | _MANAGERS),
    Permission.moderate_decide: frozenset(_EDITORS),
    Permission.holiday_mode: frozenset({R.head_of_communications, R.communications_strategist, R.responsible_editor}),
    Permission.registry_view: frozenset(_EDITORS | _MANAGERS | _RECORDS | {R.system_administrator}),
    # Everyone a pack lets decide on or manage an account (Nybro: the head of administration;
    # Eskilstuna local accounts: the board or its delegate); registry checks the tier's roles.
    Permission.registry_manage: frozenset({R.administrator, R.communications_strategist, R.head_of_communications,
                                           R.responsible_manager, R.head_of_unit, R.head_of_administration,
                                           R.board_delegate, R.system_administrator}),
    Permission.archive_view: frozenset(_RECORDS | {R.responsible_editor, R.head_of_communications}),
    Permission.archive_disclose: frozenset(_RECORDS),
    Permission.archive_manage: frozenset({R.archivist}),
    # Archive lets the people who run an account snapshot its page (before large changes).
    Permission.archive_snapshot: frozenset({R.archivist, R.administrator, R.substitute, R.communicator,
                                            R.responsible_editor}),
    # Alerts concern every kind of work (a request for allmän handling due is the registrars',
    # a dead letter the system administrator's), and notify lets anyone with a role
    # acknowledge or escalate one: so every role sees /larm, and those with alerts of their own act.
    Permission.alerts_view: frozenset(Role),
    Permission.alerts_handle: frozenset(_EDITORS | _RECORDS | {R.crisis_team}),
    Permission.crisis_view: frozenset({R.crisis_team, R.head_of_communications, R.communications_strategist}),
    Permission.crisis_draft: frozenset({R.crisis_team, R.head_of_communications, R.communications_strategist}),
    Permission.crisis_approve: frozenset({R.crisis_team, R.head_of_communications}),
    Permission.system_view: frozenset({R.system_administrator}),
    Permission.users_manage: frozenset({R.system_administrator}),
    Permission.audit_view: frozenset({R.system_administrator, R.archivist, R.head_of_communications}),
    # Reports: everyone who answers for accounts or records; what each sees is scoped by
    # their units (a board's people their board's accounts; empty units: the municipality).
    Permission.reports_view: frozenset(_EDITORS | _MANAGERS | _RECORDS | {R.crisis_team}),
    Permission.policy_view: frozenset(_EDITORS | _MANAGERS | _RECORDS | {R.crisis_team, R.system_administrator}),
    # Each service checks the decision's own roles again (shared/policy/local.py: gallringsbeslut
    # by an archivist, response times and addresses by the head of communications).
    Permission.policy_decide: frozenset({R.system_administrator, R.head_of_communications, R.archivist}),
}


def allowed(roles: set[Role] | frozenset[Role], permission: Permission) -> bool:
    return bool(set(roles) & PERMISSIONS[permission])
