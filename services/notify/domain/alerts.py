"""Alert rules: which facts become an alert, with what id, severity and Swedish text.

Every alert id is derived from its cause, so a redelivered event raises nothing new.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from shared.contracts import ItemTagged, Severity, deterministic_id
from shared.contracts.archive import RequestAtRisk
from shared.contracts.notify import AlertRaised, AlertRule

# Content the five policies require removed *and* that is a crime under Swedish law: it
# must be saved; where the pack says so (E: "ska polisanmälas") also reported or not, with a reason.
SEVERE_CATEGORIES = {
    "threat": "Hot i kommentar",
    "unlawful_threat": "Olaga hot",
    "hate_speech": "Hets mot folkgrupp",
    "incitement_crime": "Uppmaning till brott",
    "incitement": "Uppmaning till brott",
    "violence_pornography": "Olaga våldsskildring eller pornografi",
    "unlawful": "Olagligt innehåll",
}
POLICE_REPORT_ADVICE = (
    "Innehållet kan vara brottsligt och ska enligt policyn polisanmälas: registrera beslutet att anmäla "
    "eller inte, med skäl. Spara innehållet och avsändarens uppgifter innan det döljs eller tas bort; "
    "arkivet sparar det som allmän handling."
)
# Packs without a police rule (only Eskilstuna says "ska polisanmälas") get no police advice.
PRESERVE_ADVICE = ("Spara innehållet och avsändarens uppgifter innan det döljs eller tas bort; arkivet sparar "
                   "det som allmän handling.")

SEVERITY_RANK = {s: i for i, s in enumerate(Severity)}
STOCKHOLM = ZoneInfo("Europe/Stockholm")  # staff read due times in Swedish time; UTC on the wire



def _alert(*, key: tuple[object, ...], municipality: str, correlation_id: str | None = None,
           **fields: object) -> AlertRaised:
    """An alert whose id derives from its cause (`key`): the same cause, the same alert."""
    alert_id = deterministic_id(*key)
    return AlertRaised(event_id=alert_id, alert_id=alert_id, correlation_id=correlation_id or alert_id,
                       municipality=municipality, **fields)

def severe_content_alert(tagged: ItemTagged) -> AlertRaised | None:
    """A severe item raises one alert; the id is derived from the item, so never twice."""
    severe = [t.category for t in tagged.tags if t.category in SEVERE_CATEGORIES]
    if not severe and tagged.severity is not Severity.severe:
        return None
    title = SEVERE_CATEGORIES[severe[0]] if severe else "Allvarligt innehåll"
    names = ", ".join(dict.fromkeys(SEVERE_CATEGORIES[c] for c in severe)) or "allvarligt innehåll"
    return _alert(
        key=("alert.severe_content", tagged.item_event_id),
        correlation_id=tagged.correlation_id,
        municipality=tagged.municipality,
        rule=AlertRule.severe_content,
        severity=Severity.severe,
        title=title,
        body=f"En kommentar på {tagged.platform} ({tagged.account_id}) har märkts som {names}. "
        f"Rekommenderad åtgärd: {tagged.recommended_action}. "
        f"{POLICE_REPORT_ADVICE if tagged.police_report else PRESERVE_ADVICE}",
        account_id=tagged.account_id,
        item_event_id=tagged.item_event_id,
        platform=str(tagged.platform),
        dedupe_key=f"severe_content:{tagged.platform}:{tagged.account_id}",
        link=f"/moderation/items/{tagged.item_event_id}",
        details={"item_id": tagged.item_id, "categories": ",".join(severe), "policy": tagged.policy},
    )


def sla_alert(
    *,
    municipality: str,
    source_event_id: str,
    correlation_id: str,
    breached: bool,
    item_event_id: str | None,
    account_id: str | None,
    platform: str | None,
    due_at: datetime | None,
    deadline: str | None,
) -> AlertRaised:
    """A question nearing (or past) its answer deadline."""
    rule = AlertRule.sla_breached if breached else AlertRule.sla_at_risk
    due = due_at.strftime("%Y-%m-%d %H:%M UTC") if due_at else "snart"
    what = {"first_response": "första återkoppling", "answer": "svar"}.get(deadline or "", "svar")
    title = f"Svarstiden har passerats ({what})" if breached else f"Svarstiden går snart ut ({what})"
    body = (
        f"En fråga på {platform or 'ett konto'} ({account_id or 'okänt konto'}) skulle ha fått {what} senast {due}."
        if breached
        else f"En fråga på {platform or 'ett konto'} ({account_id or 'okänt konto'}) behöver {what} senast {due}."
    )
    return _alert(
        key=("alert", rule, municipality, item_event_id or source_event_id, deadline or ""),
        correlation_id=correlation_id,
        municipality=municipality,
        rule=rule,
        severity=Severity.high if breached else Severity.medium,
        title=title,
        body=body,
        account_id=account_id,
        item_event_id=item_event_id,
        platform=platform,
        link=f"/moderation/items/{item_event_id}" if item_event_id else None,
        details={"deadline": deadline or "", "due_at": due_at.isoformat() if due_at else ""},
    )


# Registry's gap codes (services/registry/domain/requirements.py) in staff language.
GAP_TEXT = {
    "no_platform_account_id": "kontots id på plattformen",
    "no_url": "kontots officiella adress",
    "too_few_administrators": "tillräckligt många administratörer",
    "no_responsible_editor": "ansvarig redaktör",
    "no_substitute": "ersättare",
    "too_few_substitutes": "tillräckligt många ersättare",
    "review_overdue": "uppföljning i tid",
    "weekly_update_missing": "uppdatering minst en gång i veckan",
}


def compliance_gap_alert(
    *,
    municipality: str,
    source_event_id: str,
    correlation_id: str,
    account_id: str,
    gaps: list[str],
    account_name: str | None,
    unit: str | None,
    recipients: list[str] | None = None,
) -> AlertRaised:
    """An account that lacks what its policy requires (administrators, responsible editor…)."""
    key = ",".join(sorted(gaps))
    missing = "; ".join(GAP_TEXT.get(g, g.replace("_", " ")) for g in gaps)
    return _alert(
        key=("alert.compliance_gap", municipality, account_id, key),
        correlation_id=correlation_id,
        municipality=municipality,
        rule=AlertRule.compliance_gap,
        severity=Severity.medium,
        title=f"Kontot {account_name or account_id} uppfyller inte riktlinjerna",
        body=f"Det saknas: {missing or 'uppgifter enligt riktlinjerna'}. Rätta uppgifterna i kontoregistret.",
        account_id=account_id,
        unit=unit,
        dedupe_key=f"compliance_gap:{account_id}",
        link=f"/registry/accounts/{account_id}",
        details={"gaps": key, "source_event_id": source_event_id},
        recipients=recipients or [],
    )


def close_recommended_alert(
    *,
    municipality: str,
    source_event_id: str,
    correlation_id: str,
    account_id: str,
    account_name: str | None,
    unit: str | None,
    reasons: list[str],
    recipients: list[str] | None = None,
) -> AlertRaised:
    """Registry recommends closing an account (L: inactive accounts are closed)."""
    return _alert(
        key=("alert.close_recommended", municipality, source_event_id),
        correlation_id=correlation_id,
        municipality=municipality,
        rule=AlertRule.close_recommended,
        severity=Severity.medium,
        title=f"Kontot {account_name or account_id} föreslås avslutas",
        body="Skäl: " + " ".join(reasons) + " Den som får besluta om kontot behöver ta ställning.",
        account_id=account_id,
        unit=unit,
        link=f"/registry/accounts/{account_id}",
        dedupe_key=f"close_recommended:{account_id}",
        recipients=recipients or [],
    )


def review_due_alert(
    *,
    municipality: str,
    source_event_id: str,
    correlation_id: str,
    account_id: str,
    account_name: str | None,
    unit: str | None,
    due_on: str | None,
    overdue: bool = False,
    recipients: list[str] | None = None,
) -> AlertRaised:
    """A regular follow-up of an account (L: accounts are followed up regularly) is due."""
    return _alert(
        key=("alert.review_due", municipality, account_id, due_on or source_event_id, overdue),
        correlation_id=correlation_id,
        municipality=municipality,
        rule=AlertRule.review_due,
        severity=Severity.medium if overdue else Severity.low,
        title=f"{'Försenad uppföljning' if overdue else 'Uppföljning'} av kontot {account_name or account_id}",
        body=f"Kontot ska följas upp{(' senast ' + due_on) if due_on else ''}: syfte, aktivitet, målgrupp "
        "och om riktlinjerna följs.",
        account_id=account_id,
        unit=unit,
        link=f"/registry/accounts/{account_id}",
        details={"due_on": due_on or "", "overdue": "ja" if overdue else "nej"},
        recipients=recipients or [],
    )


def request_due_alert(event: RequestAtRisk) -> AlertRaised:
    """A request for allmän handling nears or passes the time the pack gives for deciding
    it "skyndsamt" (TF 2:15): the registrars see it, once per request and state."""
    breached = event.state == "breached"
    due = event.due_at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")
    return _alert(
        key=("alert.request_due", event.municipality, event.request_id, event.state),
        correlation_id=event.correlation_id,
        municipality=event.municipality,
        rule=AlertRule.request_due,
        severity=Severity.high if breached else Severity.medium,
        title=("Begäran om allmän handling är försenad" if breached
               else "Begäran om allmän handling ska avgöras snart"),
        body=(f"Begäran ({event.description[:200]}) skulle ha avgjorts senast {due}. " if breached else
              f"Begäran ({event.description[:200]}) ska avgöras skyndsamt, senast {due}. ")
        + "Pröva utlämnandet och fatta beslut, eller meddela den som begärt om det dröjer.",
        link=f"/arkiv/begaran/{event.request_id}",
        details={"request_id": event.request_id, "due_at": due, "handler": event.handler or ""},
    )


def dead_letter_alert(
    *, municipality: str, dead_letter_id: str, service: str, original_subject: str, error: str, delivered: str
) -> AlertRaised:
    """A message no retry could handle: a person must look before it is forgotten."""
    return _alert(
        key=("alert.dead_letter", municipality, dead_letter_id),
        municipality=municipality,
        rule=AlertRule.dead_letter,
        severity=Severity.high,
        title=f"Meddelande kunde inte hanteras ({service})",
        body=f"Tjänsten {service} gav upp efter {delivered} försök med ett meddelande på {original_subject}. "
        "Meddelandet finns kvar i DLQ-strömmen för felsökning och omkörning.",
        dedupe_key=f"dead_letter:{service}:{original_subject}",
        details={
            "service": service,
            "subject": original_subject,
            "error": error[:500],
            "dead_letter_id": dead_letter_id,
        },
    )


def service_down_alert(*, municipality: str, service: str, since: datetime, problem: str) -> AlertRaised:
    """A service (or a server it needs) has not been ready for a while."""
    return _alert(
        key=("alert.service_down", municipality, service, since.isoformat(),),
        municipality=municipality,
        rule=AlertRule.service_down,
        severity=Severity.severe,
        title=f"Tjänsten {service} svarar inte",
        body=f"{service} har inte varit redo sedan {since.strftime('%Y-%m-%d %H:%M:%S UTC')}: {problem}",
        details={"service": service, "since": since.isoformat(), "problem": problem[:500]},
    )


DEPENDENCY_LABELS = {"nats": "Meddelandebussen (NATS)", "mongodb": "Databasen"}


def dependency_back_alert(*, municipality: str, dependency: str, since: datetime, until: datetime) -> AlertRaised:
    """NATS or the database was away and is back (restarted by the supervisor or by hand)."""
    label = DEPENDENCY_LABELS.get(dependency, dependency)
    away = (until - since).total_seconds()
    return _alert(
        key=("alert.dependency_back", municipality, dependency, since.isoformat()),
        municipality=municipality,
        rule=AlertRule.service_down,
        severity=Severity.medium,
        title=f"{label} var borta i {away:.0f} s och är tillbaka",
        body=f"{label} svarade inte från {since.strftime('%Y-%m-%d %H:%M:%S UTC')} till "
        f"{until.strftime('%H:%M:%S UTC')}. Meddelanden som väntade under tiden hanteras nu; inget gick förlorat. "
        "Se systemsidan om något fortfarande saknas.",
        details={"service": dependency, "since": since.isoformat(), "until": until.isoformat(),
                 "seconds": f"{away:.1f}"},
        link="/system",
    )


def delivery_failed_alert(
    *,
    municipality: str,
    broadcast_id: str,
    delivery_id: str,
    channel: str,
    platform: str | None,
    account_id: str | None,
    reason: str,
) -> AlertRaised:
    """A crisis message did not reach a channel: someone must publish it there by hand."""
    return _alert(
        key=("alert.delivery_failed", municipality, delivery_id),
        correlation_id=broadcast_id,
        municipality=municipality,
        rule=AlertRule.delivery_failed,
        severity=Severity.high,
        title=f"Krismeddelandet nådde inte {channel.removeprefix('account:')}",
        body=f"Publiceringen på {platform or channel} misslyckades: {reason} Publicera meddelandet där för hand "
        "eller kontrollera kopplingen till kontot.",
        account_id=account_id,
        platform=platform,
        dedupe_key=f"delivery_failed:{broadcast_id}",
        link=f"/crisis/broadcasts/{broadcast_id}",
        details={"broadcast_id": broadcast_id, "channel": channel},
    )


def should_escalate(
    *, severity: str, state: str, raised_at: datetime, escalation_level: int, now: datetime, after_minutes: int
) -> bool:
    """Severe alerts nobody acknowledged climb to the escalation recipients after the pack's time
    (once: the escalated alert stays open and visible until someone acknowledges it)."""
    if severity != Severity.severe or state != "open" or escalation_level >= 1:
        return False
    return (now - raised_at).total_seconds() >= after_minutes * 60
