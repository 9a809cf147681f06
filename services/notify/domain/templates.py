"""Built-in crisis templates (Swedish, plain language, LIX well under 40). A pack may add
or override templates by id; placeholders in {braces} are filled from the draft command."""

from __future__ import annotations

import re
import string
from typing import Any

from shared.contracts.notify import BroadcastContent, CrisisSeverity
from shared.policy.sections.notify import CrisisTemplate

BUILT_IN: list[CrisisTemplate] = [
    CrisisTemplate(
        id="water",
        name="Vattenavbrott",
        severity="warning",
        title="Inget vatten i {omrade}",
        body="Det är avbrott i vattnet i {omrade}. Vi arbetar med att laga felet. "
        "Vi tror att vattnet kommer tillbaka {klart}. Det finns vatten att hämta vid {vattenplats}. "
        "Ta med egna dunkar.",
        short_text="Inget vatten i {omrade}. Vatten finns vid {vattenplats}. Vi tror att det är klart {klart}.",
    ),
    CrisisTemplate(
        id="boil_water",
        name="Kokningsrekommendation",
        severity="critical",
        title="Koka vattnet i {omrade}",
        body="Koka vattnet innan du dricker det eller lagar mat. Det gäller i {omrade}. "
        "Låt vattnet koka i minst en minut. Vi säger till när det går att dricka vattnet igen.",
        short_text="Koka vattnet i {omrade} innan du dricker det. Koka minst en minut.",
    ),
    CrisisTemplate(
        id="power",
        name="Strömavbrott",
        severity="warning",
        title="Strömavbrott i {omrade}",
        body="Det är strömavbrott i {omrade}. Elbolaget arbetar med felet. "
        "Vi tror att strömmen kommer tillbaka {klart}. Behöver du hjälp? Ring {telefon}.",
        short_text="Strömavbrott i {omrade}. Vi tror att det är klart {klart}. Hjälp: {telefon}.",
    ),
    CrisisTemplate(
        id="weather",
        name="Svårt väder",
        severity="warning",
        title="Varning för {vader}",
        body="SMHI varnar för {vader} i kommunen {tid}. Stanna inne om du kan. "
        "Håll dig borta från träd och ledningar. Ring 112 om någon är i fara.",
        short_text="SMHI varnar för {vader} {tid}. Stanna inne om du kan. Ring 112 vid fara.",
    ),
    CrisisTemplate(
        id="school_closure",
        name="Stängd skola eller förskola",
        severity="info",
        title="{skola} är stängd {datum}",
        body="{skola} är stängd {datum} på grund av {orsak}. Barn och elever ska inte komma till skolan. "
        "Vi skickar mer information till vårdnadshavare.",
        short_text="{skola} är stängd {datum} på grund av {orsak}.",
    ),
    CrisisTemplate(
        id="all_clear",
        name="Faran över",
        severity="all_clear",
        title="Faran över: {handelse}",
        body="Faran är över. {handelse} är inte längre ett problem. Tack för ditt tålamod.",
        short_text="Faran över: {handelse}.",
    ),
]


def templates_for(extra: list[CrisisTemplate]) -> dict[str, CrisisTemplate]:
    merged = {t.id: t for t in BUILT_IN}
    merged.update({t.id: t for t in extra})
    return merged


def placeholders(template: CrisisTemplate) -> list[str]:
    names: list[str] = []
    for text in (template.title, template.body, template.short_text or ""):
        for _, field, _, _ in string.Formatter().parse(text):
            if field and field not in names:
                names.append(field)
    return names


class _Keep(dict):
    def __missing__(self, key: str) -> str:  # an unfilled placeholder stays visible, never crashes
        return "{" + key + "}"


def render(template: CrisisTemplate, values: dict[str, str]) -> BroadcastContent:
    """Fill the template; `values` are plain strings, used as text only (no format specs)."""
    safe = _Keep({k: str(v) for k, v in values.items()})

    def fill(text: str) -> str:
        return string.Formatter().vformat(text, (), safe)

    return BroadcastContent(
        title=fill(template.title)[:200],
        body=fill(template.body)[:5000],
        short_text=fill(template.short_text)[:280] if template.short_text else None,
        severity=CrisisSeverity(template.severity),
    )


_PLACEHOLDER = re.compile(r"\{([a-z_]{1,40})\}")


def unfilled(content: BroadcastContent) -> list[str]:
    """Placeholders still in the text (a template used without all its values)."""
    found: list[str] = []
    for text in (content.title, content.body, content.short_text or ""):
        for name in _PLACEHOLDER.findall(text):
            if name not in found:
                found.append(name)
    return found


def describe(template: CrisisTemplate) -> dict[str, Any]:
    return template.model_dump() | {"placeholders": placeholders(template)}
