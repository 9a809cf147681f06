from datetime import UTC, datetime, timedelta

from services.notify.domain.alerts import (
    compliance_gap_alert,
    dead_letter_alert,
    review_due_alert,
    service_down_alert,
    severe_content_alert,
    should_escalate,
    sla_alert,
)
from shared.contracts import ItemTagged, Severity, Tag

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def tagged(*categories: str, severity: Severity = Severity.high, item: str = "e1") -> ItemTagged:
    return ItemTagged(
        municipality="knivsta",
        item_event_id=item,
        platform="facebook",
        account_id="100",
        item_id="100_1",
        policy="knivsta",
        severity=severity,
        tags=[Tag(category=c, rule_id="r") for c in categories],
    )


def test_threat_raises_a_severe_alert_with_police_report_advice_only_where_the_pack_asks() -> None:
    alert = severe_content_alert(tagged("profanity", "threat"))
    assert alert is not None
    assert alert.rule == "severe_content" and alert.severity is Severity.severe
    assert alert.title == "Hot i kommentar"
    assert "polisanmälas" not in alert.body and "Spara innehållet" in alert.body
    reported = severe_content_alert(tagged("threat").model_copy(update={"police_report": True}))
    assert "ska enligt policyn polisanmälas" in reported.body and "med skäl" in reported.body
    assert alert.dedupe_key == "severe_content:facebook:100"


def test_each_crime_category_is_named() -> None:
    assert severe_content_alert(tagged("hate_speech")).title == "Hets mot folkgrupp"
    assert severe_content_alert(tagged("incitement_crime")).title == "Uppmaning till brott"


def test_profanity_alone_raises_nothing_but_a_severe_verdict_does() -> None:
    assert severe_content_alert(tagged("profanity")) is None
    assert severe_content_alert(tagged("profanity", severity=Severity.severe)).title == "Allvarligt innehåll"


def test_the_same_item_always_gives_the_same_alert_id() -> None:
    assert severe_content_alert(tagged("threat")).alert_id == severe_content_alert(tagged("threat")).alert_id
    assert severe_content_alert(tagged("threat")).alert_id != severe_content_alert(tagged("threat", item="e2")).alert_id


def test_sla_at_risk_and_breached_are_separate_alerts() -> None:
    common = dict(
        municipality="knivsta",
        source_event_id="s1",
        correlation_id="c",
        item_event_id="e1",
        account_id="100",
        platform="facebook",
        due_at=NOW,
        deadline="first_response",
    )
    risk, breached = sla_alert(breached=False, **common), sla_alert(breached=True, **common)
    assert risk.alert_id != breached.alert_id
    assert risk.rule == "sla_at_risk" and breached.rule == "sla_breached"
    assert breached.severity is Severity.high
    assert "första återkoppling" in breached.title


def test_registry_alerts_carry_the_people_it_named() -> None:
    gap = compliance_gap_alert(
        municipality="knivsta",
        source_event_id="r1",
        correlation_id="c",
        account_id="a1",
        gaps=["too_few_administrators"],
        account_name="Biblioteket",
        unit=None,
        recipients=["chef@knivsta.se"],
    )
    assert "administratörer" in gap.body and gap.recipients == ["chef@knivsta.se"]
    review = review_due_alert(
        municipality="knivsta",
        source_event_id="r2",
        correlation_id="c",
        account_id="a1",
        account_name="Biblioteket",
        unit=None,
        due_on="2026-12-01",
        overdue=True,
    )
    assert review.severity is Severity.medium and "Försenad" in review.title


def test_dead_letter_and_service_down() -> None:
    dead = dead_letter_alert(
        municipality="knivsta",
        dead_letter_id="dlq:x:1",
        service="archive",
        original_subject="social.received.x",
        error="boom",
        delivered="6",
    )
    assert dead.rule == "dead_letter" and "archive" in dead.title
    down = service_down_alert(municipality="knivsta", service="archive", since=NOW, problem="HTTP 503")
    assert (
        down.alert_id == service_down_alert(municipality="knivsta", service="archive", since=NOW, problem="").alert_id
    )


def test_only_open_severe_alerts_escalate_once_after_the_configured_time() -> None:
    raised = NOW - timedelta(minutes=31)
    assert should_escalate(
        severity="severe", state="open", raised_at=raised, escalation_level=0, now=NOW, after_minutes=30
    )
    assert not should_escalate(
        severity="severe",
        state="open",
        raised_at=NOW - timedelta(minutes=29),
        escalation_level=0,
        now=NOW,
        after_minutes=30,
    )
    assert not should_escalate(
        severity="severe", state="acknowledged", raised_at=raised, escalation_level=0, now=NOW, after_minutes=30
    )
    assert not should_escalate(
        severity="high", state="open", raised_at=raised, escalation_level=0, now=NOW, after_minutes=30
    )
    assert not should_escalate(
        severity="severe", state="open", raised_at=raised, escalation_level=1, now=NOW, after_minutes=30
    )
