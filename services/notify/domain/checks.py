"""Pre-approval checks of a crisis draft: alt text, readability (LIX), length per platform.

LIX (läsbarhetsindex, Björnsson 1968) is the Swedish readability measure: words per
sentence plus the percentage of words longer than six letters. Under 30 is very easy,
30–40 easy (children's books, lättläst), 40–50 medium (newspapers), above 50 hard.
"""

from __future__ import annotations

import re

from shared.contracts.notify import BroadcastContent, CheckResult

# What the platforms' APIs let an organisation publish (shared/connectors): Instagram only
# images and video; YouTube and Vimeo no text posts at all.
IMAGE_ONLY = {"instagram"}
NO_TEXT_POSTS = {"youtube", "vimeo"}

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)|\n\s*\n")


def lix(text: str) -> int:
    """LIX of `text`, rounded; 0 for text without words."""
    words = _WORD.findall(text)
    if not words:
        return 0
    sentences = max(1, len([s for s in _SENTENCE_END.split(text) if _WORD.search(s)]))
    long_words = sum(1 for w in words if len(w.replace("-", "")) > 6)
    return round(len(words) / sentences + 100 * long_words / len(words))


def post_text(content: BroadcastContent, *, platform: str, limit: int | None = None, prefix: str = "") -> str:
    """The text one platform gets: the short text where the body would not fit, else
    title and body, then links; translations follow where the limit allows."""
    links = "\n".join(str(link.url) for link in content.links)
    full = "\n\n".join(p for p in (prefix + content.title, content.body, links) if p)
    for tr in content.translations:
        candidate = f"{full}\n\n[{tr.language}] {tr.title}\n{tr.body}"
        if limit is None or len(candidate) <= limit:
            full = candidate
    if limit is not None and len(full) > limit and content.short_text:
        short = "\n\n".join(p for p in (prefix + content.short_text, links) if p)
        return short if len(short) <= limit else prefix + content.short_text
    return full


# A Swedish personnummer or samordningsnummer (YYMMDD-NNNN, YYYYMMDD-NNNN, with or without the dash).
_PERSONNUMMER = re.compile(r"(?<!\d)(?:19|20)?\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01]|[6-9]\d)[-+]?\d{4}(?!\d)")
# Words that point at information under sekretess (OSL): social services, health, protected identity.
_CONFIDENTIAL = re.compile(
    r"\b(sekretess\w*|skyddad\w* (identitet|adress)|orosanmälan\w*|lvu|lvm|omhändertag\w*|diagnos\w*|"
    r"patient\w*|journal\w*|försörjningsstöd\w*|ekonomiskt bistånd|elevhälsa\w*)\b", re.IGNORECASE)
CONSENT_STATEMENTS = {
    "creator_permission": "upphovspersonens tillstånd",
    "identifiable_people": "samtycke från igenkännbara personer",
    "guardians_for_children": "vårdnadshavares samtycke för barn",
}


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, d in enumerate(int(c) for c in digits[-10:]):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def privacy_findings(text: str) -> tuple[list[str], list[str]]:
    """(errors, warnings) for personal or confidential data in the municipality's own text."""
    errors, warnings = [], []
    numbers = [m for m in _PERSONNUMMER.findall(text) if _luhn_ok(re.sub(r"\D", "", m))]
    if numbers:
        errors.append("Texten innehåller ett personnummer: personuppgifter publiceras inte. Ta bort det.")
    cues = sorted({m.group(0).lower() for m in _CONFIDENTIAL.finditer(text)})
    if cues:
        warnings.append(f"Texten kan innehålla sekretessbelagda uppgifter ({', '.join(cues)}): sekretessbelagda "
                        "uppgifter får inte publiceras. Kontrollera innan du godkänner.")
    return errors, warnings


def consent_errors(content: BroadcastContent) -> list[str]:
    """What is not confirmed for the image (Eskilstuna L82)."""
    if not content.image_url:
        return []
    consent = content.image_consent
    missing = [label for field, label in CONSENT_STATEMENTS.items() if not (consent and getattr(consent, field))]
    if not missing:
        return []
    return [f"Bilden kan inte publiceras utan bekräftelse av {', '.join(missing)}."]


def check_draft(
    content: BroadcastContent,
    *,
    platforms: list[str],
    limits: dict[str, int],
    lix_threshold: int,
    languages: list[str],
    prefix: str = "",
    default_image: bool = False,
    consent_required: bool = False,
    privacy_check: bool = False,
) -> CheckResult:
    """Errors block approval; warnings are shown and need the approver's conscious yes."""
    errors: list[str] = []
    warnings: list[str] = []
    if content.image_url and not content.image_alt_text:
        errors.append("Bilden saknar alternativtext. Beskriv bilden för den som inte kan se den.")
    if consent_required:
        errors += consent_errors(content)
    if privacy_check:
        texts = [content.title, content.body, content.short_text or "",
                 *(f"{t.title} {t.body}" for t in content.translations)]
        found_errors, found_warnings = privacy_findings("\n".join(texts))
        errors += found_errors
        warnings += found_warnings
    allowed = set(languages)
    for code in [content.language, *(t.language for t in content.translations)]:
        if code not in allowed:
            errors.append(
                f"Språket '{code}' är inte tillåtet i kommunens krisinformation ({', '.join(sorted(allowed))})."
            )
    score = lix(f"{content.title}.\n\n{content.body}")
    if score > lix_threshold:
        warnings.append(
            f"Texten är svårläst: LIX {score} (gränsen är {lix_threshold}). Använd kortare meningar och vanligare ord."
        )
    targets = set(platforms)
    if targets & NO_TEXT_POSTS:
        names = ", ".join(sorted(targets & NO_TEXT_POSTS))
        warnings.append(
            f"{names} kan inte ta emot textinlägg: de kontona får inget meddelande. Publicera där för hand."
        )
    if targets & IMAGE_ONLY and not content.image_url and not default_image:
        warnings.append(
            "Instagram publicerar bara inlägg med bild: lägg till en bild med alternativtext, "
            "annars får Instagram-kontona inget meddelande."
        )
    lengths: dict[str, int] = {}
    used_limits: dict[str, int] = {}
    for platform in sorted(targets - NO_TEXT_POSTS):
        limit = limits.get(platform)
        text = post_text(content, platform=platform, limit=limit, prefix=prefix)
        lengths[platform] = len(text)
        if limit is not None:
            used_limits[platform] = limit
            if len(text) > limit:
                errors.append(
                    f"Texten är för lång för {platform}: {len(text)} tecken, högst {limit}. "
                    "Skriv en kortare text (short_text)."
                )
    return CheckResult(
        lix=score, lix_threshold=lix_threshold, errors=errors, warnings=warnings, lengths=lengths, limits=used_limits
    )
