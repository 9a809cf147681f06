"""Pure alert rules."""

from __future__ import annotations

from shared.contracts import AlertRaised, ItemTagged, Severity, deterministic_id

SEVERE_CATEGORIES = {"threat", "hate_speech", "incitement_crime", "violence_pornography"}
_TITLES = {
    "threat": "Hot i kommentar",
    "hate_speech": "Hets mot folkgrupp",
    "incitement_crime": "Uppmaning till brott",
    "violence_pornography": "Olaga våldsskildring eller pornografi",
}


def severe_content_alert(tagged: ItemTagged) -> AlertRaised | None:
    """A severe item raises one alert; the id is derived from the item, so never twice."""
    severe = [t.category for t in tagged.tags if t.category in SEVERE_CATEGORIES]
    if not severe and tagged.severity is not Severity.severe:
        return None
    title = _TITLES.get(severe[0], "Allvarligt innehåll") if severe else "Allvarligt innehåll"
    alert_id = deterministic_id("alert.severe_content", tagged.item_event_id)
    return AlertRaised(
        event_id=alert_id,
        correlation_id=tagged.correlation_id,
        municipality=tagged.municipality,
        alert_id=alert_id,
        rule="severe_content",
        severity=Severity.severe,
        title=title,
        account_id=tagged.account_id,
        item_event_id=tagged.item_event_id,
    )
