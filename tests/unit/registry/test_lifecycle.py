"""The account lifecycle: every step validated, recorded, and refused with a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.registry.domain import lifecycle
from services.registry.domain.lifecycle import Refused
from services.registry.domain.model import Account
from shared.contracts.commands import Role
from shared.contracts.registry import AccountState as S

from .support import T0, actor, assessed, complete_responsibilities, policy, proposed

BOARD = Role.board_delegate


def approved(municipality: str, approver: Role, **kw) -> Account:
    account = assessed(municipality, approver, **kw)
    return lifecycle.approve(actor=actor(municipality, approver), policy=policy(municipality), account=account,
                             reason="Uppfyller kriterierna", consulted="Strategen", now=T0)


def test_full_lifecycle_is_recorded_step_by_step() -> None:
    p = policy("eskilstuna")
    account = approved("eskilstuna", BOARD)
    complete_responsibilities(account)
    boss = actor("eskilstuna", BOARD, user="chef")
    # Eskilstuna L68: users are told the rules of conduct; no activation without them in the about text.
    with pytest.raises(Refused, match="Inte bekräftat: Uppförandereglerna finns på kommunens sida för sociala medier "
                                      "och läggs i kontots om-text"):
        lifecycle.activate(actor=boss, policy=p, account=account, confirmations={}, reason="Start", now=T0)
    assert account.state is S.approved
    lifecycle.activate(actor=boss, policy=p, account=account, confirmations={"rules_of_conduct_published": True},
                       reason="Start", now=T0)
    assert account.state is S.active
    assert account.next_review_at == T0 + timedelta(days=p.review_interval_days)
    later = T0 + timedelta(days=400)
    lifecycle.start_review(actor=boss, policy=p, account=account, reason="Årlig", now=later)
    lifecycle.record_review(actor=boss, policy=p, account=account, outcome="continue", reason="Bra", changes="",
                            close_reasons=[], now=later)
    assert account.state is S.active
    assert account.next_review_at == later + timedelta(days=p.review_interval_days)
    lifecycle.start_closing(actor=boss, policy=p, account=account, reason="Verksamheten läggs ned", now=later)
    lifecycle.close(actor=boss, policy=p, account=account, reason="Borttaget", now=later)
    verbs = [(e.verb, e.from_state, e.to_state) for e in account.history]
    assert verbs == [
        ("proposed", None, S.proposed), ("assessed", S.proposed, S.assessed), ("approved", S.assessed, S.approved),
        ("activated", S.approved, S.active), ("review_started", S.active, S.under_review),
        ("reviewed", S.under_review, S.active), ("closing_started", S.active, S.closing),
        ("closed", S.closing, S.closed),
    ]
    approval = account.history[2]
    assert approval.actor.role == "board_delegate" and approval.reason == "Uppfyller kriterierna"
    assert approval.at == T0 and approval.sequence == 3
    assert len({e.event_id for e in account.history}) == len(account.history)


@pytest.mark.parametrize(("step", "message"), [
    (lambda a, p, who: lifecycle.activate(actor=who, policy=p, account=a, confirmations={}, reason="", now=T0),
     "Det går inte att aktivera kontot när kontot är föreslaget"),
    (lambda a, p, who: lifecycle.approve(actor=who, policy=p, account=a, reason="x", consulted=None, now=T0),
     "godkänna kontot när kontot är föreslaget"),
    (lambda a, p, who: lifecycle.close(actor=who, policy=p, account=a, reason="x", now=T0),
     "stänga kontot när kontot är föreslaget"),
    (lambda a, p, who: lifecycle.start_review(actor=who, policy=p, account=a, reason="x", now=T0),
     "påbörja en översyn"),
])
def test_illegal_transitions_are_refused_and_change_nothing(step, message) -> None:
    account = proposed("eskilstuna")
    before = account.model_dump()
    with pytest.raises(Refused, match=message):
        step(account, policy("eskilstuna"), actor("eskilstuna", BOARD, Role.head_of_communications))
    assert account.model_dump() == before


def test_eskilstuna_municipality_wide_is_decided_by_the_communications_director_and_reported_to_ks() -> None:
    p = policy("eskilstuna")
    account = assessed("eskilstuna", Role.head_of_communications, tier="municipality_wide")
    with pytest.raises(Refused, match="Bara kommunikationschef/kommunikationsdirektör får godkänna"):
        lifecycle.approve(actor=actor("eskilstuna", BOARD), policy=p, account=account, reason="x", consulted=None,
                          now=T0)
    lifecycle.approve(actor=actor("eskilstuna", Role.head_of_communications), policy=p, account=account,
                      reason="Bra räckvidd", consulted=None, now=T0)
    assert account.history[-1].details.report_to == "kommunstyrelsen"
    assert account.decision.decided_by.startswith("Kommunikationsdirektören")


def test_local_account_without_consultation_gets_a_reminder_in_eskilstuna_but_is_refused_in_nybro() -> None:
    account = assessed("eskilstuna", BOARD)
    lifecycle.approve(actor=actor("eskilstuna", BOARD), policy=policy("eskilstuna"), account=account, reason="Ok",
                      consulted=None, now=T0)
    assert "kommunikationsstrateg" in account.history[-1].details.reminder
    nybro = assessed("nybro", Role.head_of_administration)
    with pytest.raises(Refused, match="kommunikatör ha kontaktats"):
        lifecycle.approve(actor=actor("nybro", Role.head_of_administration), policy=policy("nybro"), account=nybro,
                          reason="Ok", consulted="  ", now=T0)


def test_unmet_criteria_block_approval_and_are_named() -> None:
    account = assessed("eskilstuna", BOARD, all_met=False)
    assert account.state is S.assessed
    with pytest.raises(Refused, match="Finns ett väl definierat mål och syfte"):
        lifecycle.approve(actor=actor("eskilstuna", BOARD), policy=policy("eskilstuna"), account=account,
                          reason="x", consulted="y", now=T0)


def test_every_criterion_must_be_answered_and_unknown_ones_are_refused() -> None:
    account = proposed("eskilstuna")
    p = policy("eskilstuna")
    with pytest.raises(Refused, match=r"Obesvarade: .*koncept"):
        lifecycle.assess(actor=actor("eskilstuna", BOARD), policy=p, account=account,
                         answers={"goal_and_purpose": (True, "")}, reason="", now=T0)
    with pytest.raises(Refused, match="Okända kriterier"):
        lifecycle.assess(actor=actor("eskilstuna", BOARD), policy=p, account=account,
                         answers={"penetration": (True, "")}, reason="", now=T0)


def test_lidkoping_refuses_a_platform_outside_its_approved_list() -> None:
    with pytest.raises(Refused, match=r"X finns inte bland de plattformar .*Facebook, Instagram, LinkedIn"):
        proposed("lidkoping", platform="x")


def test_activation_is_refused_while_a_required_role_is_missing() -> None:
    p = policy("lidkoping")
    account = approved("lidkoping", Role.head_of_communications)
    complete_responsibilities(account, admins=1)
    boss = actor("lidkoping", Role.head_of_communications)
    with pytest.raises(Refused, match="För få administratörer: 1 av minst 2"):
        lifecycle.activate(actor=boss, policy=p, account=account, confirmations={}, reason="", now=T0)
    assert account.state is S.approved
    complete_responsibilities(account, admins=2)
    lifecycle.activate(actor=boss, policy=p, account=account, confirmations={}, reason="", now=T0)
    assert account.state is S.active


def test_pitea_needs_a_substitute_and_the_activation_checklist() -> None:
    p = policy("pitea")
    boss = actor("pitea", Role.responsible_manager)
    account = approved("pitea", Role.responsible_manager)
    complete_responsibilities(account, substitutes=0)
    with pytest.raises(Refused) as refused:
        lifecycle.activate(actor=boss, policy=p, account=account, confirmations={}, reason="", now=T0)
    assert "Ersättare saknas" in refused.value.message
    assert "webmaster@pitea.se" in refused.value.message
    complete_responsibilities(account, substitutes=1)
    confirmations = {c.id: True for c in p.activation_checklist}
    lifecycle.activate(actor=boss, policy=p, account=account, confirmations=confirmations, reason="", now=T0)
    assert all(item.confirmed for item in account.activation.checklist)


def test_roles_are_checked_against_municipality_and_units() -> None:
    account = assessed("knivsta", Role.head_of_unit)
    p = policy("knivsta")
    with pytest.raises(Refused, match="annan kommun"):
        lifecycle.approve(actor=actor("nybro", Role.head_of_unit), policy=p, account=account, reason="x",
                          consulted=None, now=T0)
    lifecycle.apply_changes(account, {"responsibilities": {"unit": "Biblioteket"}}, T0)
    with pytest.raises(Refused, match="dina enheter"):
        lifecycle.approve(actor=actor("knivsta", Role.head_of_unit, units=["Skolan"]), policy=p, account=account,
                          reason="x", consulted=None, now=T0)
    lifecycle.approve(actor=actor("knivsta", Role.head_of_unit, units=["Biblioteket"]), policy=p, account=account,
                      reason="Resurser finns", consulted=None, now=T0)
    assert account.state is S.approved


def test_review_outcomes() -> None:
    p = policy("lidkoping")
    boss = actor("lidkoping", Role.head_of_communications)
    account = approved("lidkoping", Role.head_of_communications)
    complete_responsibilities(account)
    lifecycle.activate(actor=boss, policy=p, account=account, confirmations={}, reason="", now=T0)
    lifecycle.start_review(actor=boss, policy=p, account=account, reason="", now=T0)
    with pytest.raises(Refused, match="Beskriv vad som ska ändras"):
        lifecycle.record_review(actor=boss, policy=p, account=account, outcome="change", reason="", changes=" ",
                                close_reasons=[], now=T0)
    lifecycle.record_review(actor=boss, policy=p, account=account, outcome="close", reason="",
                            changes="", close_reasons=["low_activity"], now=T0)
    assert account.state is S.closing
    assert account.reviews[-1].close_reasons == ["Kontot har ingen eller låg aktivitet."]
    assert account.history[-1].details.outcome == "close"


def test_rejection_needs_a_reason_and_ends_the_proposal() -> None:
    p = policy("knivsta")
    account = proposed("knivsta")
    with pytest.raises(Refused, match="Ange varför"):
        lifecycle.reject(actor=actor("knivsta", Role.head_of_unit), policy=p, account=account, reason="", now=T0)
    lifecycle.reject(actor=actor("knivsta", Role.head_of_unit), policy=p, account=account,
                     reason="Webben räcker", now=T0)
    assert account.state is S.rejected
    with pytest.raises(Refused, match="avslaget konto kan inte ändras"):
        lifecycle.update(actor=actor("knivsta", Role.head_of_unit), policy=p, account=account,
                         changes={"name": "Nytt"}, reason="", now=T0)


def test_login_details_themselves_are_never_accepted() -> None:
    account = proposed("lidkoping")
    with pytest.raises(ValueError, match="aldrig själva uppgifterna"):
        lifecycle.apply_changes(account, {"responsibilities": {"credentials_location": "Lösenord: hemligt123"}}, T0)
    assert account.responsibilities.credentials_location is None


def test_an_address_must_be_a_web_address() -> None:
    account = proposed("knivsta")
    with pytest.raises(ValueError, match="webbadress"):
        lifecycle.update(actor=actor("knivsta", Role.head_of_unit), policy=policy("knivsta"), account=account,
                         changes={"url": "javascript:alert(1)"}, reason="", now=T0)
