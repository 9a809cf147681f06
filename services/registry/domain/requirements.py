"""What must be in place before an account goes live, and what is missing on one that is
live: the compliance view's gaps. Codes are stable (for filters); messages are Swedish."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from shared.contracts.registry import AccountState
from shared.policy.sections.registry import RegistryPolicy, Requirements

from .model import Account


@dataclass(frozen=True)
class Gap:
    code: str
    message: str
    severity: str = "gap"  # gap | warning


def requirements_for(account: Account, policy: RegistryPolicy) -> Requirements:
    return policy.requirements.get(account.tier) or Requirements()


def activation_blockers(account: Account, policy: RegistryPolicy) -> list[Gap]:
    """Every required role and fact the pack asks for that the account lacks."""
    req = requirements_for(account, policy)
    r = account.responsibilities
    gaps: list[Gap] = []
    if not account.platform_account_id:
        gaps.append(Gap("no_platform_account_id", "Kontots id på plattformen saknas."))
    if not account.url:
        gaps.append(Gap("no_url", "Kontots officiella adress saknas."))
    checks = [
        (req.board, r.board, "no_board", "Ägande nämnd saknas."),
        (req.administration, r.administration, "no_administration", "Förvaltning saknas."),
        (req.unit, r.unit, "no_unit", "Verksamhet/enhet saknas."),
        (req.responsible_function, r.responsible_function, "no_responsible_function", "Ansvarig funktion saknas."),
        (req.manager, r.manager, "no_manager", "Ansvarig chef (beslutande chef) saknas."),
        (req.responsible_editor, r.responsible_editor, "no_responsible_editor", "Ansvarig redaktör saknas."),
        (req.routines_document, r.routines_document, "routines_missing",
         "Skriftliga rutiner för bevakning och underhåll saknas."),
        (req.sender_identity, r.sender_identity_confirmed, "sender_identity_unconfirmed",
         "Avsändaren (logotyp/grafisk profil) är inte bekräftad."),
        (req.credentials_location, r.credentials_location, "no_credentials_location",
         "Det är inte angivet var inloggningsuppgifterna förvaras."),
        (req.credentials_reported, r.credentials_reported_at, "credentials_not_reported",
         "Inloggningsuppgifterna är inte rapporterade"
         + (f" till {policy.credentials_reported_to}." if policy.credentials_reported_to else ".")),
        (req.crisis_plan, r.crisis_plan, "no_crisis_plan", "Plan för att hantera en kris kopplad till kontot saknas."),
        (req.website_link, r.website_link, "no_website_link",
         "Kontot länkar inte till webbplatsen och den samlade sidan."),
    ]
    gaps.extend(Gap(code, message) for required, value, code, message in checks if required and not value)
    if len(r.administrators) < req.min_administrators:
        gaps.append(Gap("too_few_administrators",
                        f"För få administratörer: {len(r.administrators)} av minst {req.min_administrators}."))
    if len(r.substitutes) < req.min_substitutes:
        code = "no_substitute" if not r.substitutes else "too_few_substitutes"
        gaps.append(Gap(code, f"Ersättare saknas: {len(r.substitutes)} av minst {req.min_substitutes}."))
    return gaps


def review_status(account: Account, policy: RegistryPolicy, now: datetime) -> str | None:
    """`due` once the review date has passed, `overdue` after the pack's grace period."""
    if account.state != AccountState.active or account.next_review_at is None:
        return None
    if now >= account.next_review_at + timedelta(days=policy.review_grace_days):
        return "overdue"
    if now >= account.next_review_at:
        return "due"
    return None


def compliance_gaps(account: Account, policy: RegistryPolicy, now: datetime,
                    activity_flags: list[Gap] | None = None) -> list[Gap]:
    """Gaps of an account: missing roles (for accounts that are or are about to be live),
    a review overdue, and the activity flags."""
    if account.state in (AccountState.rejected, AccountState.closed):
        return []
    gaps: list[Gap] = []
    if account.state in (AccountState.approved, AccountState.active, AccountState.under_review):
        gaps.extend(activation_blockers(account, policy))
    status = review_status(account, policy, now)
    if status == "overdue":
        gaps.append(Gap("review_overdue",
                        f"Uppföljningen är försenad (skulle ha gjorts {account.next_review_at:%Y-%m-%d})."))
    elif status == "due":
        gaps.append(Gap("review_due", f"Uppföljning ska göras (från {account.next_review_at:%Y-%m-%d}).", "warning"))
    gaps.extend(activity_flags or [])
    return gaps
