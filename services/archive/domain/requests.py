"""Requests for allmän handling (begäran om utlämnande), pure rules: the "skyndsamt" clock,
the passages to examine, and what a decision must say.

TF 2 kap. 15 § wants a request handled skyndsamt; the pack sets the target as the end of
the same, next or second office day (its `moderation.office_hours`, Swedish public holidays
and closed eves). A refusal, whole or in part, is a decision that can be appealed
(OSL 6 kap. 7 §, to the kammarrätt; lodged with the municipality within three weeks of
receiving the decision, FL 44 §).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from shared.contracts.archive import Person, RecordView
from shared.policy.sections.archive import RequestPolicy
from shared.policy.sections.moderation import OfficeHours

from . import redaction

STOCKHOLM = ZoneInfo("Europe/Stockholm")
Outcome = Literal["hel", "delvis", "avslag"]
OUTCOMES: dict[str, str] = {"hel": "Handlingarna lämnas ut i sin helhet",
                            "delvis": "Handlingarna lämnas ut delvis (uppgifter maskade)",
                            "avslag": "Begäran avslås"}


@lru_cache(maxsize=32)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays_lib.country_holidays(country, years=year).keys())


def _eve(day: date, closed: tuple[str, ...]) -> bool:
    midsummer_eve = next(date(day.year, 6, d) for d in range(19, 26) if date(day.year, 6, d).weekday() == 4)
    return ((day.month, day.day) == (12, 24) and "julafton" in closed) or \
        ((day.month, day.day) == (12, 31) and "nyarsafton" in closed) or \
        (day == midsummer_eve and "midsommarafton" in closed)


def is_office_day(day: date, office: OfficeHours) -> bool:
    return (day.weekday() in office.weekdays and day not in _public_holidays(office.holidays_country, day.year)
            and not _eve(day, tuple(office.closed_eves)))


def due_at(received_at: datetime, policy: RequestPolicy, office: OfficeHours) -> datetime:
    """When the request is to be decided: the office's closing time on the target office day
    (a request received after closing, or on a day off, counts from the next office day)."""
    local = received_at.astimezone(STOCKHOLM)
    day = local.date()
    if not is_office_day(day, office) or local.time() >= office.end:
        day = _next_office_day(day, office)
    for _ in range({"same_working_day": 0, "next_working_day": 1, "second_working_day": 2}[policy.due]):
        day = _next_office_day(day, office)
    return datetime.combine(day, office.end, STOCKHOLM).astimezone(UTC)


def _next_office_day(day: date, office: OfficeHours) -> date:
    for _ in range(370):
        day += timedelta(days=1)
        if is_office_day(day, office):
            return day
    raise ValueError("no office day within a year: check the pack's office hours")


def clock_state(now: datetime, due: datetime, policy: RequestPolicy, *, decided: bool) -> str:
    """`decided`, `breached` (past due), `at_risk` (within the pack's warning time) or `running`."""
    if decided:
        return "decided"
    if now >= due:
        return "breached"
    if now >= due - timedelta(hours=policy.at_risk_hours_before):
        return "at_risk"
    return "running"


@dataclass(frozen=True)
class Passage:
    """A span of a record someone must look at before it is handed out."""

    index: int
    start: int
    end: int
    reason: str
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "start": self.start, "end": self.end, "reason": self.reason, "text": self.text}


def passages(record: RecordView, categories: list[str]) -> list[Passage]:
    """What the system pre-marks for examination: personnummer, spans moderation tagged with a
    category the pack marks (sensitive data, confidential cues, other people's data)."""
    text = record.text
    marked = redaction.premarked(text, record.tags, categories)
    return [Passage(i, s["start"], s["end"], s["reason"], text[s["start"]:s["end"]]) for i, s in enumerate(marked)]


def sender_passage(author: Person | None) -> str:
    """The sender's identity is a third person's data to the requester: always examined."""
    if author is None:
        return ""
    return " ".join(x for x in (author.name, f"({author.platform_id})" if author.platform_id else None) if x)


class DecisionError(ValueError):
    """A decision that does not say what the law asks it to (message in Swedish)."""


def check_decision(outcome: Outcome, *, reasons: str, masked: int, records: int, undecided: int) -> None:
    """A whole disclosure masks nothing; a partial one masks something and names why; a
    refusal names its reasons; every pre-marked passage has been decided first."""
    if outcome != "avslag" and records == 0:
        raise DecisionError("Inga handlingar är knutna till begäran.")
    if outcome != "avslag" and undecided:
        raise DecisionError(f"{undecided} markerade passager är inte prövade (lämnas ut eller maskas).")
    if outcome == "hel" and masked:
        raise DecisionError("Beslutet är \u201dhel\u201d men passager är maskade: välj \u201ddelvis\u201d.")
    if outcome == "delvis" and not masked:
        raise DecisionError("Beslutet är \u201ddelvis\u201d men ingen passage är maskad.")
    if outcome in ("delvis", "avslag") and len(reasons.strip()) < 10:
        raise DecisionError("Ett avslag, helt eller delvis, ska motiveras: skriv skälen och lagrummet.")


def appeal_information(outcome: Outcome, policy: RequestPolicy, municipality_name: str) -> str | None:
    """How to appeal (överklagande), for a refusal in whole or in part."""
    if outcome == "hel":
        return None
    return (f"Hur man överklagar: beslutet kan överklagas till {policy.appeal_court} (OSL 6 kap. 7 §). "
            f"Överklagandet ska vara skriftligt, ställas till {policy.appeal_court} men skickas eller lämnas till "
            f"{municipality_name}. Det ska ha kommit in inom tre veckor från den dag du fick del av beslutet. "
            "Skriv vilket beslut du överklagar, hur du vill att det ska ändras och varför.")


def local_text(moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M")


def at_stockholm(day: date, hour: int, minute: int = 0) -> datetime:
    """A Swedish wall-clock moment as UTC (tests and forms)."""
    return datetime.combine(day, time(hour, minute), STOCKHOLM).astimezone(UTC)
