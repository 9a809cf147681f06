"""The pack page's forms as `cmd.<service>.record_decision` payloads.

The forms are written the way staff say it ("4 h", "2 d", "06-22–08-09"); what does not
parse is sent as written, so the owning service's refusal names the field.
"""

from __future__ import annotations

import re
from typing import Any

from .commands import Form

_TIME = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(h|tim(?:mar)?|d|dag(?:ar)?|arbetsdag(?:ar)?)\s*$", re.IGNORECASE)
_PERIOD = re.compile(r"(\d{2}-\d{2})\s*[–—-]{1,2}\s*(\d{2}-\d{2})")


def working_time(text: str) -> dict[str, float] | str:
    """`4 h` → working hours, `2 d` → working days; anything else as written."""
    m = _TIME.match(text or "")
    if not m:
        return text
    amount = float(m.group(1).replace(",", "."))
    return {"working_hours": amount} if m.group(2).lower().startswith(("h", "t")) else {"working_days": amount}


def periods(text: str) -> list[list[str]]:
    return [[a, b] for a, b in _PERIOD.findall(text or "")]


def _value(f: Form, key: str) -> dict[str, Any]:
    name, _, _sub = key.partition(".")
    if name == "gallringsbeslut":
        out: dict[str, Any] = {}
        for rule in f.getlist("rules"):
            raw = f.get(f"period_{rule}")
            out[rule] = int(raw) if raw.isdigit() else raw
        return {"periods": out}
    if name == "response_times":
        return {tier: {"first_feedback": working_time(f.get(f"{tier}_first")),
                       "answer": working_time(f.get(f"{tier}_answer"))}
                for tier in ("municipality_wide", "local")}
    if name == "holiday_periods":
        return {"periods": periods(f.get("periods"))}
    if name in ("fallback_recipients", "escalation_recipients"):
        return {"recipients": [{"name": f.get("recipient_name"), "email": f.get("recipient_email")}]}
    if name == "council_parties":
        return {"parties": parties(f.get("parties"))}
    if name == "gdpr_contact":
        return {"contact": f.get("contact")}
    return {}


def parties(text: str) -> list[dict[str, str]]:
    """One party a line, `Name | https://…` (or the address after the last space)."""
    out = []
    for line in (text or "").splitlines():
        if not line.strip():
            continue
        name, sep, url = line.rpartition("|") if "|" in line else line.strip().rpartition(" ")
        out.append({"name": name.strip(), "url": url.strip()} if sep else {"name": line.strip(), "url": ""})
    return out


def decision_payload(f: Form, reason: str) -> dict[str, Any]:
    key = f.get("key")
    payload = {"key": key, "value": _value(f, key), "decided_by": f.get("decided_by"),
               "decided_on": f.get("decided_on"), "reference": f.opt("reference")}
    return {k: v for k, v in payload.items() if v is not None}
