import asyncio

import pytest

from services.notify.adapters.channels.chat import slack_payload, teams_payload
from services.notify.adapters.channels.live import LiveHub
from shared.policy import available_packs, load_pack

ALERT = {
    "alert_id": "a1",
    "severity": "severe",
    "title": "Hot i kommentar",
    "body": "Polisanmäl.",
    "link": "/moderation/items/e1",
}


def test_slack_and_teams_payloads() -> None:
    slack = slack_payload(ALERT, ui_base="https://kanalvakt.knivsta.se")
    assert "*[Allvarlig] Hot i kommentar*" in slack["text"]
    assert "<https://kanalvakt.knivsta.se/moderation/items/e1|Öppna i Kanalvakt>" in slack["text"]
    teams = teams_payload(ALERT, prefix="ESKALERAT: ")
    card = teams["attachments"][0]["content"]
    assert teams["type"] == "message" and card["type"] == "AdaptiveCard"
    assert card["body"][0]["text"] == "ESKALERAT: [Allvarlig] Hot i kommentar"
    assert card["body"][0]["color"] == "Attention"


async def test_live_hub_sends_each_municipality_only_its_own_events() -> None:
    hub = LiveHub()
    knivsta, pitea = hub.subscribe("knivsta"), hub.subscribe("pitea")
    first = asyncio.ensure_future(anext(knivsta))
    other = asyncio.ensure_future(anext(pitea))
    await asyncio.sleep(0)
    hub.publish("knivsta", "alert.raised", {"alert_id": "a1"})
    assert await first == ("alert.raised", {"alert_id": "a1"})
    assert not other.done()
    other.cancel()
    await knivsta.aclose()


@pytest.mark.parametrize("name", available_packs())
def test_every_pack_says_who_is_told_and_when(name: str) -> None:
    notify = load_pack(name).notify
    assert notify.fallback_recipients, "the communications department must be reachable"
    assert notify.escalation_recipients
    assert 10 <= notify.lix_warning_threshold <= 60
    assert "sv" in notify.languages
    assert notify.length_limits["x"] == 280
