"""Pure moderation rules (the walking skeleton's minimal set; packs replace it)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from personnummer import personnummer

from shared.contracts import Severity, Span, Tag

_PROFANITY = re.compile(r"\b(jävla\w*|jävl\w*|helvete\w*|fan|skit\w*|satan\w*)\b", re.IGNORECASE)
_THREAT = re.compile(r"\b(jag|vi)\s+(ska|kommer\s+att)\s+(döda|skjuta|slå\s+ihjäl|spränga)\b", re.IGNORECASE)
_PNR_CANDIDATE = re.compile(r"\b(\d{6}|\d{8})[-+]?\d{4}\b")

_SEVERITY_BY_CATEGORY = {"threat": Severity.severe, "personal_data": Severity.high, "profanity": Severity.medium}


@dataclass(frozen=True)
class Verdict:
    tags: list[Tag]
    severity: Severity
    recommended_action: str


def _spans(pattern: re.Pattern[str], text: str) -> list[Span]:
    return [Span(start=m.start(), end=m.end(), text=m.group(0)) for m in pattern.finditer(text)]


def classify(text: str) -> Verdict:
    tags: list[Tag] = []
    if spans := _spans(_PROFANITY, text):
        tags.append(Tag(category="profanity", rule_id="skeleton.profanity.lexicon", spans=spans))
    if spans := _spans(_THREAT, text):
        tags.append(Tag(category="threat", rule_id="skeleton.threat.first_person_violence", spans=spans))
    pnr = [s for s in _spans(_PNR_CANDIDATE, text) if personnummer.valid(s.text)]
    if pnr:
        tags.append(Tag(category="personal_data", rule_id="skeleton.personal_data.personnummer", spans=pnr))
    severity = max((_SEVERITY_BY_CATEGORY[t.category] for t in tags), key=_rank, default=Severity.none)
    action = "remove" if severity in (Severity.high, Severity.severe) else ("hide" if tags else "keep")
    return Verdict(tags=tags, severity=severity, recommended_action=action)


def _rank(severity: Severity) -> int:
    return list(Severity).index(severity)
