from datetime import UTC, datetime

from services.moderation.adapters.store import Approval
from services.moderation.domain import classify
from services.moderation.domain.review import block_state, may_decide, queue_sort_key, route_unit
from shared.contracts import Actor, Author, Role, Severity
from shared.contracts.moderation import Verdict
from shared.policy import load_pack
from shared.policy.sections.moderation import Decision

ESK = load_pack("eskilstuna").moderation


def actor(user: str, *roles: Role, units: list[str] | None = None) -> Actor:
    return Actor(user_id=user, name=user, municipality="eskilstuna", roles=list(roles), units=units or [])


def queued(item_id: str, severity: Severity, due_at: datetime | None) -> Verdict:
    return Verdict(id=item_id, municipality="eskilstuna", item_event_id=item_id, platform="facebook",
                   account_id="acc", item_id=item_id, policy="eskilstuna", kind="comment", direction="inbound",
                   author=Author(platform_id="a"), status="open", severity=severity, due_at=due_at)


def test_queue_is_ordered_by_severity_then_deadline() -> None:
    items = [
        queued("a", Severity.low, datetime(2026, 1, 1, tzinfo=UTC)),
        queued("b", Severity.severe, None),
        queued("c", Severity.high, datetime(2026, 1, 3, tzinfo=UTC)),
        queued("d", Severity.high, datetime(2026, 1, 2, tzinfo=UTC)),
    ]
    assert [i.id for i in sorted(items, key=queue_sort_key)] == ["b", "d", "c", "a"]


def test_who_may_decide_follows_the_pack() -> None:
    assert may_decide(actor("r", Role.responsible_editor), Decision.remove, ESK).allowed
    refused = may_decide(actor("x", Role.archivist), Decision.remove, ESK)
    assert not refused.allowed and "kräver" in refused.message
    assert not may_decide(actor("r", Role.responsible_editor, units=["skola"]), Decision.remove, ESK,
                          unit="omsorg").allowed


def approval(user_id: str, name: str, *roles: str) -> Approval:
    return Approval(user_id=user_id, name=name, roles=list(roles), reason="Upprepade hot",
                    at=datetime(2026, 1, 1, tzinfo=UTC), item_event_id="e1")


def test_blocking_needs_two_different_people_and_repeat_violations() -> None:
    editor = approval("u1", "Eva", "responsible_editor")
    strategist = approval("u2", "Sam", "communications_strategist")
    both_roles_one_person = approval("u3", "Bo", "responsible_editor", "communications_strategist")
    assert not block_state([editor, strategist], ESK, violations=1).ready  # not a repeat offender yet
    assert not block_state([editor], ESK, violations=3).ready
    assert not block_state([both_roles_one_person], ESK, violations=3).ready
    state = block_state([editor, strategist], ESK, violations=3)
    assert state.ready and state.decider == editor and state.consulted == strategist


def test_feedback_is_routed_to_the_unit_concerned() -> None:
    assert route_unit("Snön har inte plogats på vår gata", ESK, account_unit=None) == "samhallsbyggnad"
    assert route_unit("Skolmaten är usel", ESK, account_unit=None) == "utbildning"
    assert route_unit("Allmänt missnöjd", ESK, account_unit="kultur_fritid") == "kultur_fritid"
    assert route_unit("Allmänt missnöjd", ESK, account_unit=None) == "kommunikation"


def test_verdict_actions_follow_each_pack() -> None:
    text = "Fan vad dåligt"
    assert any(a.category == "profanity" for a in classify(text, load_pack("pitea").moderation).actions)
    assert not any(a.category == "profanity" for a in classify(text, load_pack("knivsta").moderation).actions)
    threat = classify("Jag ska döda dig", ESK)
    assert threat.recommended_action == "remove" and threat.severity.value == "severe"
    assert any(a.police_report for a in threat.actions)


def test_automatic_hide_only_where_the_pack_allows_and_only_for_obvious_cases() -> None:
    spam = "Köp nu! 50% rabatt, klicka på länken och vinn en iPhone, rabattkod KOMMUN"
    assert classify(spam, load_pack("pitea").moderation).auto_actions  # several sales phrases at once
    assert not classify(spam, ESK).auto_actions
    # one phrase: a person looks
    assert not classify("Vi har 20% rabatt på cyklar", load_pack("pitea").moderation).auto_actions
