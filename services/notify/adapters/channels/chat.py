"""Chat webhooks: Slack-compatible (`{"text": …}`: Slack, Mattermost, Rocket.Chat) and
Microsoft Teams (an Adaptive Card in a `message` envelope: Teams Workflows webhooks)."""

from __future__ import annotations

from typing import Any

import httpx

SEVERITY_SV = {"none": "Info", "low": "Låg", "medium": "Medel", "high": "Hög", "severe": "Allvarlig"}
SEVERITY_EMOJI = {"severe": ":rotating_light:", "high": ":warning:", "medium": ":large_orange_diamond:"}


def alert_lines(alert: dict[str, Any], *, ui_base: str | None = None) -> tuple[str, str, str | None]:
    header = f"[{SEVERITY_SV.get(alert['severity'], alert['severity'])}] {alert['title']}"
    link = f"{ui_base.rstrip('/')}{alert['link']}" if ui_base and alert.get("link") else None
    return header, alert.get("body", ""), link


def slack_payload(alert: dict[str, Any], *, ui_base: str | None = None, prefix: str = "") -> dict[str, Any]:
    header, body, link = alert_lines(alert, ui_base=ui_base)
    text = f"{SEVERITY_EMOJI.get(alert['severity'], '')} *{prefix}{header}*\n{body}".strip()
    if link:
        text += f"\n<{link}|Öppna i Kanalvakt>"
    return {"text": text, "unfurl_links": False}


def teams_payload(alert: dict[str, Any], *, ui_base: str | None = None, prefix: str = "") -> dict[str, Any]:
    header, body, link = alert_lines(alert, ui_base=ui_base)
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": [
            {
                "type": "TextBlock",
                "text": prefix + header,
                "weight": "Bolder",
                "size": "Medium",
                "wrap": True,
                "color": "Attention" if alert["severity"] in ("severe", "high") else "Default",
            },
            {"type": "TextBlock", "text": body, "wrap": True},
        ],
    }
    if link:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Öppna i Kanalvakt", "url": link}]
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "contentUrl": None, "content": card}
        ],
    }


class ChatSender:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def send(self, *, url: str, kind: str, alert: dict[str, Any], prefix: str = "") -> None:
        payload = teams_payload(alert, prefix=prefix) if kind == "teams" else slack_payload(alert, prefix=prefix)
        response = await self.client.post(url, json=payload)
        response.raise_for_status()
