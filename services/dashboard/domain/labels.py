"""How the staff web UI shows values: Swedish labels, local times, highlighted spans, safe links."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from shared.contracts.commands import Role

STOCKHOLM = ZoneInfo("Europe/Stockholm")


R = Role

ROLE_LABELS: dict[Role, str] = {
    R.administrator: "Administratör",
    R.substitute: "Ersättare",
    R.responsible_editor: "Ansvarig redaktör",
    R.communicator: "Kommunikatör",
    R.communications_strategist: "Kommunikationsstrateg",
    R.head_of_communications: "Kommunikationschef/-direktör",
    R.head_of_unit: "Verksamhetschef",
    R.head_of_administration: "Förvaltningschef",
    R.responsible_manager: "Ansvarig chef",
    R.board_delegate: "Nämnd/delegat",
    R.registrar: "Registrator",
    R.archivist: "Arkivarie",
    R.crisis_team: "Krisledning",
    R.system_administrator: "Systemadministratör",
}

DECISIONS: dict[str, str] = {
    "keep": "Behåll",
    "hide": "Dölj",
    "unhide": "Visa igen",
    "remove": "Ta bort",
    "reply": "Svara",
    "refer": "Hänvisa/skicka vidare",
    "register": "Registrera (diarieför)",
    "police_report": "Polisanmäl",
    "police_not_reported": "Polisanmäls inte (med skäl)",
    "block": "Blockera avsändaren",
}

CATEGORY_LABELS = {
    "personal_attack": "Personangrepp", "threat": "Hot", "hate_speech": "Hets mot folkgrupp",
    "sexism_harassment": "Sexism/trakasserier", "violence_pornography": "Våld/pornografi",
    "incitement_crime": "Uppmaning till brott", "copyright": "Upphovsrätt", "commercial": "Reklam",
    "profanity": "Svordomar", "personal_data": "Personuppgifter", "sensitive_personal_data": "Känsliga personuppgifter",
    "confidential": "Sekretess", "party_politics": "Partipolitik",
}
INTENT_LABELS = {"question": "Fråga", "complaint": "Klagomål", "personal_matter": "Eget ärende (hänvisas)",
                 "out_of_scope": "Annan myndighets ansvar", "reports_content": "Anmäler andras innehåll",
                 "request": "Begäran", "praise": "Beröm",
                 "report": "Felanmälan", "suggestion": "Förslag", "request_for_documents": "Begäran om handling"}
STATUS_LABELS = {"open": "Att hantera", "decided": "Beslutat", "no_action": "Ingen åtgärd behövs"}
CLOCK_LABELS = {"first_feedback": "Första återkoppling", "answer": "Svar", "first_response": "Första svar"}
CLOCK_STATES = {"running": "Pågår", "at_risk": "Snart försenad", "breached": "Försenad", "met": "Klar"}

ACCOUNT_STATES = {"proposed": "föreslaget", "assessed": "bedömt", "approved": "godkänt", "rejected": "avslaget",
                  "active": "aktivt", "under_review": "under översyn", "closing": "under avveckling",
                  "closed": "avslutat"}
ACCOUNT_VERBS = {"proposed": "Föreslogs", "assessed": "Bedömdes", "approved": "Godkändes", "rejected": "Avslogs",
                 "activated": "Aktiverades", "updated": "Uppgifter ändrades", "assigned": "Ansvar ändrades",
                 "review_started": "Översyn påbörjades", "reviewed": "Översyn registrerades",
                 "close_decided": "Avveckling beslutades", "closed": "Avslutades"}

# What the writer of an image post confirms (Eskilstuna L82), keyed by the fields of
# shared.contracts.notify.MediaConsent; notify checks them against the pack.
MEDIA_CONSENT = {
    "creator_permission": "Upphovspersonen (t.ex. fotografen) har gett tillstånd till publiceringen",
    "identifiable_people": "Igenkännbara personer på bilden har samtyckt (eller ingen är igenkännbar)",
    "guardians_for_children": "Vårdnadshavare har samtyckt för barn på bilden, för all publicering "
                              "(eller inget barn syns)",
}

SEVERITY_ORDER = {"severe": 0, "high": 1, "medium": 2, "low": 3, "none": 4}
SEVERITY_LABELS = {"severe": "Allvarlig", "high": "Hög", "medium": "Medel", "low": "Låg", "none": "Ingen"}


ACTION_STATES = {"executed": "utförd", "waiting": "väntar på arkivet", "failed": "misslyckades",
                 "requested": "begärd", "retrying": "försöker igen"}


def decision_label(value: object) -> str:
    """A decision (`hide`) or a platform action's outcome (`hide:executed`) in Swedish."""
    text = str(value or "")
    decision, _, state = text.partition(":")
    label = DECISIONS.get(decision, decision)
    return f"{label} ({ACTION_STATES.get(state, state)})" if state else label


def parse_time(value: object) -> datetime | None:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str) and value:
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def local_time(value: object, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """An instant as staff read it: Swedish local time (CET/CEST)."""
    moment = parse_time(value)
    return moment.astimezone(STOCKHOLM).strftime(fmt) if moment else "–"


def from_ms(value: object) -> datetime | None:
    """Milliseconds since the epoch (signed tree heads) as an instant."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    return None


def iso_utc(value: object) -> str:
    moment = parse_time(value)
    return moment.astimezone(UTC).isoformat() if moment else ""


def remaining(deadline: object, now: datetime) -> str:
    """Time left until a deadline, in Swedish (`12 min kvar`, `försenad 1 h 5 min`)."""
    moment = parse_time(deadline)
    if moment is None:
        return "ingen tidsgräns"
    seconds = int((moment - now).total_seconds())
    late, seconds = seconds < 0, abs(seconds)
    hours, minutes = divmod(seconds // 60, 60)
    text = f"{hours} h {minutes} min" if hours else f"{minutes} min"
    return f"försenad {text}" if late else f"{text} kvar"


def highlight(text: str, spans: Iterable[Mapping[str, Any] | BaseModel]) -> list[tuple[str, str | None]]:
    """Split text into (piece, category-or-None) runs for the tagged spans; overlapping or
    out-of-range spans are clipped, never trusted (they come from another service). A span
    is a query reply's JSON, or a model of a command's answer (a disclosure preview's)."""
    marks: list[tuple[int, int, str]] = []
    for found in spans:
        span = found.model_dump() if isinstance(found, BaseModel) else found
        try:
            start, end = int(span["start"]), int(span["end"])
        except (KeyError, TypeError, ValueError):
            continue
        start, end = max(0, start), min(len(text), end)
        if start < end:
            marks.append((start, end, str(span.get("category") or span.get("reason") or "markerat")))
    marks.sort()
    out: list[tuple[str, str | None]] = []
    pos = 0
    for start, end, category in marks:
        if end <= pos:
            continue
        start = max(start, pos)
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], category))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def safe_url(value: object) -> str | None:
    """Only http(s) links are rendered as links; `javascript:` and the like never."""
    if not isinstance(value, str):
        return None
    candidate = value.strip()
    lowered = candidate.lower()
    if lowered.startswith(("https://", "http://")) and not any(c in candidate for c in "\x00\r\n\t "):
        return candidate
    return None
