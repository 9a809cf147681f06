"""The account lifecycle as a pure state machine.

proposed → assessed → approved | rejected → active → under_review → active | closing → closed

Every step checks who may take it (the pack's decision rules, the actor's roles and
units), checks the state, appends a history entry (actor, role, reason, time) and
returns the account; the service stores it and publishes the entry as an event. A step
that may not be taken raises `Refused` with a reason staff can read (Swedish).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from shared.contracts.base import deterministic_id
from shared.contracts.commands import Actor, Role
from shared.contracts.registry import AccountState, AccountTier, ActorRef, Change, ChangeDetails
from shared.contracts.social import Platform
from shared.policy.sections.registry import DecisionRule, RegistryPolicy
from shared.contracts.commands import Refusal

from .model import (
    Account,
    Activation,
    Answer,
    Assessment,
    ChecklistItem,
    Decision,
    Responsibilities,
    Review,
)
from .requirements import activation_blockers

S = AccountState

STATE_LABELS: dict[AccountState, str] = {
    S.proposed: "föreslaget",
    S.assessed: "bedömt",
    S.approved: "godkänt",
    S.rejected: "avslaget",
    S.active: "aktivt",
    S.under_review: "under översyn",
    S.closing: "under avveckling",
    S.closed: "avslutat",
}

PLATFORM_LABELS: dict[Platform, str] = {
    Platform.facebook: "Facebook", Platform.instagram: "Instagram", Platform.linkedin: "LinkedIn",
    Platform.x: "X", Platform.youtube: "YouTube", Platform.vimeo: "Vimeo", Platform.web: "Webbformulär",
}

ROLE_LABELS: dict[Role, str] = {
    Role.administrator: "administratör", Role.substitute: "ersättare",
    Role.responsible_editor: "ansvarig redaktör", Role.communicator: "kommunikatör",
    Role.communications_strategist: "kommunikationsstrateg",
    Role.head_of_communications: "kommunikationschef/kommunikationsdirektör",
    Role.head_of_unit: "verksamhetschef", Role.head_of_administration: "förvaltningschef",
    Role.responsible_manager: "ansvarig chef", Role.board_delegate: "nämnd eller dess delegat",
    Role.registrar: "registrator", Role.archivist: "arkivarie", Role.crisis_team: "krisledning",
    Role.system_administrator: "systemadministratör",
}

REVIEW_OUTCOMES = ("continue", "change", "close")


class Refused(Refusal):
    """A step that may not be taken; `message` is shown to staff as it is (Swedish)."""


def _roles_text(roles: Iterable[Role]) -> str:
    return " eller ".join(ROLE_LABELS.get(r, str(r)) for r in roles)


def authorize(actor: Actor, account: Account, roles: Iterable[Role], *, what: str) -> ActorRef:
    """The actor may act on this account in one of `roles`; returns who, in which role."""
    roles = list(dict.fromkeys(roles))
    if actor.municipality != account.municipality:
        raise Refused("Kontot tillhör en annan kommun.")
    if actor.units:
        scope = {account.account_id, account.responsibilities.unit, account.responsibilities.board,
                 account.responsibilities.administration} - {None}
        if not scope & set(actor.units):
            raise Refused(f"Du har inte behörighet för kontot {account.name!r} (det hör inte till dina enheter).")
    for role in roles:
        if role in actor.roles:
            return ActorRef(user_id=actor.user_id, name=actor.name, role=str(role))
    raise Refused(f"Bara {_roles_text(roles)} får {what}." if roles else f"Ingen roll får {what} enligt policyn.")


def decision_rule(policy: RegistryPolicy, tier: AccountTier) -> DecisionRule:
    rule = policy.decisions.get(tier)
    if rule is None:
        raise Refused("Kommunens policy anger inte vem som beslutar om konton av den här typen.")
    return rule


def _require_state(account: Account, allowed: Iterable[AccountState], *, what: str) -> None:
    allowed = list(allowed)
    if account.state not in allowed:
        wanted = " eller ".join(STATE_LABELS[s] for s in allowed)
        raise Refused(
            f"Det går inte att {what} när kontot är {STATE_LABELS[account.state]}; kontot måste vara {wanted}."
        )


def record(account: Account, *, verb: str, to_state: AccountState, actor: ActorRef, reason: str,
           now: datetime, details: ChangeDetails | None = None) -> Change:
    """Append one step to the audit trail (and move the state)."""
    sequence = len(account.history) + 1
    entry = Change(
        sequence=sequence, verb=verb, from_state=account.state if account.history else None, to_state=to_state,
        actor=actor, reason=reason, at=now, details=details or ChangeDetails(),
        event_id=deterministic_id("registry.account", account.municipality, account.account_id, sequence),
    )
    account.history.append(entry)
    account.state = to_state
    account.updated_at = now
    return entry


def check_platform(policy: RegistryPolicy, platform: Platform) -> None:
    approved = policy.approved_platforms
    if approved is not None and platform not in approved:
        names = ", ".join(PLATFORM_LABELS[p] for p in approved)
        raise Refused(
            f"{PLATFORM_LABELS[platform]} finns inte bland de plattformar kommunen beslutat att använda ({names})."
        )


def propose(*, actor: Actor, policy: RegistryPolicy, account: Account, reason: str, now: datetime) -> Account:
    """A new account is proposed; nothing exists on the platform yet, necessarily."""
    check_platform(policy, account.platform)
    if actor.municipality != account.municipality:
        raise Refused("Du kan bara föreslå konton för din egen kommun.")
    allowed = policy.proposer_roles if policy.proposer_roles is not None else list(actor.roles)
    if not actor.roles:
        raise Refused("Du behöver en roll i kommunen för att föreslå ett konto.")
    ref = authorize(actor, account, allowed, what="föreslå nya konton")
    account.state = S.proposed
    account.created_at = now
    record(account, verb="proposed", to_state=S.proposed, actor=ref, reason=reason, now=now,
           details=ChangeDetails(tier=str(account.tier), platform=str(account.platform)))
    return account


def assess(*, actor: Actor, policy: RegistryPolicy, account: Account, answers: dict[str, tuple[bool, str]],
           reason: str, now: datetime) -> Account:
    """Answer the pack's checklist for the account's tier; every criterion must be answered."""
    _require_state(account, [S.proposed, S.assessed], what="bedöma kontot")
    rule = decision_rule(policy, account.tier)
    assessors = [*rule.approver_roles, *([rule.consult_role] if rule.consult_role else []),
                 Role.communications_strategist, Role.head_of_communications]
    ref = authorize(actor, account, assessors, what="bedöma konton")
    known = {c.id for c in rule.criteria}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise Refused(f"Okända kriterier för den här kontotypen: {', '.join(unknown)}.")
    missing = [c.text for c in rule.criteria if c.id not in answers]
    if missing:
        raise Refused("Alla kriterier måste besvaras. Obesvarade: " + "; ".join(missing))
    account.assessment = Assessment(
        tier=account.tier, by=ref, at=now,
        answers=[Answer(criterion_id=c.id, text=c.text, required=c.required, met=answers[c.id][0],
                        note=answers[c.id][1]) for c in rule.criteria],
    )
    unmet = [a.criterion_id for a in account.assessment.unmet]
    record(account, verb="assessed", to_state=S.assessed, actor=ref, reason=reason, now=now,
           details=ChangeDetails(unmet=unmet, criteria=len(rule.criteria)))
    return account


def approve(*, actor: Actor, policy: RegistryPolicy, account: Account, reason: str, consulted: str | None,
            now: datetime) -> Account:
    """The decision-maker of the pack approves an assessed account whose criteria are met."""
    _require_state(account, [S.assessed], what="godkänna kontot")
    rule = decision_rule(policy, account.tier)
    ref = authorize(actor, account, rule.approver_roles, what="godkänna konton av den här typen")
    check_platform(policy, account.platform)
    if account.assessment is None or account.assessment.tier != account.tier:
        raise Refused("Kontot måste bedömas mot kriterierna för sin kontotyp innan det kan godkännas.")
    unmet = account.assessment.unmet
    if unmet:
        raise Refused("Kontot kan inte godkännas: kriterier som inte är uppfyllda: "
                      + "; ".join(a.text for a in unmet))
    if rule.consult_role and rule.consult_required and not (consulted or "").strip():
        raise Refused(f"Innan beslut ska {ROLE_LABELS[rule.consult_role]} ha kontaktats: ange vem som har hörts.")
    if not reason.strip():
        raise Refused("Ange en motivering till beslutet.")
    account.decision = Decision(approved=True, by=ref, at=now, reason=reason, decided_by=rule.decided_by,
                                report_to=rule.report_to, consulted=consulted or None)
    reminder = ({"reminder": f"Samråd med {ROLE_LABELS[rule.consult_role]} bör ske före beslut."}
                if rule.consult_role and not rule.consult_required and not consulted else {})
    details = ChangeDetails(decided_by=rule.decided_by, report_to=rule.report_to, consulted=consulted or None,
                            **reminder)
    record(account, verb="approved", to_state=S.approved, actor=ref, reason=reason, now=now, details=details)
    return account


def reject(*, actor: Actor, policy: RegistryPolicy, account: Account, reason: str, now: datetime) -> Account:
    _require_state(account, [S.proposed, S.assessed], what="avslå kontot")
    rule = decision_rule(policy, account.tier)
    ref = authorize(actor, account, rule.approver_roles, what="avslå konton av den här typen")
    if not reason.strip():
        raise Refused("Ange varför förslaget avslås.")
    account.decision = Decision(approved=False, by=ref, at=now, reason=reason, decided_by=rule.decided_by,
                                report_to=rule.report_to)
    record(account, verb="rejected", to_state=S.rejected, actor=ref, reason=reason, now=now,
           details=ChangeDetails(decided_by=rule.decided_by))
    return account


def manager_roles(policy: RegistryPolicy, tier: AccountTier) -> list[Role]:
    rule = policy.decisions.get(tier)
    return list(dict.fromkeys([*(rule.approver_roles if rule else []), *policy.manager_roles]))


def update(*, actor: Actor, policy: RegistryPolicy, account: Account, changes: dict, reason: str,
           now: datetime) -> Account:
    """Change facts or responsibilities (assign roles); the state stays."""
    if account.state in (S.closed, S.rejected):
        raise Refused(f"Ett {STATE_LABELS[account.state]} konto kan inte ändras.")
    ref = authorize(actor, account, manager_roles(policy, account.tier), what="ändra kontots uppgifter och ansvar")
    if "platform" in changes:
        check_platform(policy, changes["platform"])
    if "tier" in changes and changes["tier"] != account.tier and account.state not in (S.proposed, S.assessed):
        raise Refused("Kontotypen kan bara ändras innan beslut; föreslå annars ett nytt konto.")
    changed = apply_changes(account, changes, now)
    if not changed:
        raise Refused("Inget att ändra: uppgifterna är redan sådana.")
    # A running account may lose a person (someone leaves): the change is kept, and the
    # gap it opens is named in the event so notify and the compliance view can act on it.
    gaps = ([b.code for b in activation_blockers(account, policy)]
            if account.state in (S.active, S.under_review) else [])
    record(account, verb="updated", to_state=account.state, actor=ref, reason=reason, now=now,
           details=ChangeDetails(changed=sorted(changed), gaps=gaps))
    return account


def apply_changes(account: Account, changes: dict, now: datetime) -> set[str]:
    """Set the given facts and merge the responsibilities patch; returns what changed."""
    changes = dict(changes)
    changed: set[str] = set()
    resp = changes.pop("responsibilities", None)
    for key, value in changes.items():
        if getattr(account, key) != value:
            setattr(account, key, value)
            changed.add(key)
    if resp:
        current = account.responsibilities.model_dump()
        merged = current | resp
        if resp.get("sender_identity_confirmed") and not current.get("sender_identity_confirmed"):
            merged["sender_identity_confirmed_at"] = now
        if resp.get("sender_identity_confirmed") is False:
            merged["sender_identity_confirmed_at"] = None
        new = Responsibilities.model_validate(merged)
        for key in resp:
            if getattr(account.responsibilities, key) != getattr(new, key):
                changed.add(f"responsibilities.{key}")
        account.responsibilities = new
    return changed


def activate(*, actor: Actor, policy: RegistryPolicy, account: Account, confirmations: dict[str, bool],
             reason: str, now: datetime) -> Account:
    """An approved account goes live, only with every required role and step in place."""
    _require_state(account, [S.approved], what="aktivera kontot")
    ref = authorize(actor, account, manager_roles(policy, account.tier), what="aktivera konton")
    check_platform(policy, account.platform)
    blockers = activation_blockers(account, policy)
    unconfirmed = [c.text for c in policy.activation_checklist if c.required and not confirmations.get(c.id)]
    problems = [b.message for b in blockers] + [f"Inte bekräftat: {t}" for t in unconfirmed]
    if problems:
        raise Refused("Kontot kan inte aktiveras: " + " ".join(problems))
    account.activation = Activation(
        at=now, by=ref,
        checklist=[ChecklistItem(id=c.id, text=c.text, confirmed=bool(confirmations.get(c.id)))
                   for c in policy.activation_checklist],
    )
    account.next_review_at = now + timedelta(days=policy.review_interval_days)
    record(account, verb="activated", to_state=S.active, actor=ref, reason=reason, now=now,
           details=ChangeDetails(next_review_at=account.next_review_at.isoformat()))
    return account


def reviewer_roles(policy: RegistryPolicy, tier: AccountTier) -> list[Role]:
    rule = policy.decisions.get(tier)
    return list(dict.fromkeys([*(rule.approver_roles if rule else []), *policy.reviewer_roles]))


def start_review(*, actor: Actor, policy: RegistryPolicy, account: Account, reason: str, now: datetime) -> Account:
    _require_state(account, [S.active], what="påbörja en översyn")
    ref = authorize(actor, account, reviewer_roles(policy, account.tier), what="påbörja översyn av konton")
    account.reviews.append(Review(started_at=now, started_by=ref, reason=reason))
    record(account, verb="review_started", to_state=S.under_review, actor=ref, reason=reason, now=now,
           details=ChangeDetails(due_at=account.next_review_at.isoformat() if account.next_review_at else None))
    return account


def record_review(*, actor: Actor, policy: RegistryPolicy, account: Account, outcome: str, reason: str,
                  changes: str, close_reasons: list[str], now: datetime) -> Account:
    """A review ends in continue, change (with what is to change) or close (a recommendation:
    the account moves to closing and the people who may close it are told)."""
    _require_state(account, [S.under_review], what="avsluta översynen")
    ref = authorize(actor, account, reviewer_roles(policy, account.tier), what="besluta om utfallet av en översyn")
    if outcome not in REVIEW_OUTCOMES:
        raise Refused("Utfallet måste vara fortsätta (continue), ändra (change) eller avsluta (close).")
    if outcome == "change" and not changes.strip():
        raise Refused("Beskriv vad som ska ändras.")
    known = {c.id: c.text for c in policy.close_criteria}
    texts = [known.get(r, r) for r in close_reasons]
    if outcome == "close" and not (texts or reason.strip()):
        raise Refused("Ange varför kontot ska avslutas.")
    review = account.open_review
    if review is None:  # state says under review: the list is authoritative for the record
        review = Review(started_at=now, started_by=ref)
        account.reviews.append(review)
    review.outcome, review.decided_at, review.decided_by = outcome, now, ref
    review.changes, review.close_reasons, review.note = changes, texts, reason
    account.reviews[-1] = review
    to_state = S.closing if outcome == "close" else S.active
    if outcome != "close":
        account.next_review_at = now + timedelta(days=policy.review_interval_days)
    record(account, verb="reviewed", to_state=to_state, actor=ref, reason=reason, now=now,
           details=ChangeDetails(outcome=outcome, changes=changes, close_reasons=texts,
                                 next_review_at=(account.next_review_at.isoformat()
                                                 if outcome != "close" and account.next_review_at else None)))
    return account


def close_roles(policy: RegistryPolicy, tier: AccountTier) -> list[Role]:
    rule = policy.decisions.get(tier)
    return list(dict.fromkeys([*(rule.approver_roles if rule else []), *policy.close_roles]))


def start_closing(*, actor: Actor, policy: RegistryPolicy, account: Account, reason: str, now: datetime) -> Account:
    """Decide to wind an account up outside a review (e.g. Lidköping's head of communications)."""
    _require_state(account, [S.active, S.under_review], what="besluta om avveckling")
    ref = authorize(actor, account, close_roles(policy, account.tier), what="besluta att avsluta konton")
    if not reason.strip():
        raise Refused("Ange varför kontot ska avvecklas.")
    if account.open_review:
        review = account.open_review
        review.outcome, review.decided_at, review.decided_by, review.note = "close", now, ref, reason
        account.reviews[-1] = review
    record(account, verb="closing_started", to_state=S.closing, actor=ref, reason=reason, now=now)
    return account


def close(*, actor: Actor, policy: RegistryPolicy, account: Account, reason: str, now: datetime) -> Account:
    """The account is gone from the platform (content preserved first, by the archive)."""
    _require_state(account, [S.closing], what="stänga kontot")
    ref = authorize(actor, account, close_roles(policy, account.tier), what="stänga konton")
    account.next_review_at = None
    record(account, verb="closed", to_state=S.closed, actor=ref, reason=reason, now=now)
    return account
