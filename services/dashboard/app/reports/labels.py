"""Swedish names of platforms, tiers and gaps; an account's name; the municipality's pack."""

from __future__ import annotations

from functools import lru_cache

from shared.policy.loader import load_pack
from shared.policy.model import PolicyPack

from ...domain.reports import Scope


PLATFORM_LABELS = {"facebook": "Facebook", "instagram": "Instagram", "linkedin": "LinkedIn", "x": "X",
                   "youtube": "YouTube", "vimeo": "Vimeo", "web": "Webbformulär"}

TIER_LABELS = {"municipality_wide": "kommunövergripande", "local": "lokalt"}

GAP_LABELS = {"no_administrators": "för få administratörer", "too_few_administrators": "för få administratörer",
              "no_substitute": "ersättare saknas", "no_responsible_editor": "ansvarig redaktör saknas",
              "no_crisis_plan": "krisplan saknas", "no_platform_account_id": "kontots id på plattformen saknas",
              "no_url": "officiell adress saknas", "no_responsible_function": "ansvarig funktion saknas",
              "no_routines": "rutiner saknas", "no_login_reported": "inloggning inte rapporterad"}


@lru_cache(maxsize=16)
def pack_for(municipality: str) -> PolicyPack | None:
    try:
        return load_pack(municipality)
    except (FileNotFoundError, ValueError):
        return None


def account_name(scope: Scope, key: str) -> str:
    if key in scope.names:
        return scope.names[key]
    platform, _, account = key.partition(":")
    return f"{PLATFORM_LABELS.get(platform, platform)} {account}".strip() or "Utan konto"


REPORTS = {  # slug: title, in the order of the reports menu
    "svarstider": "Svarstider",
    "volym": "Volym",
    "moderering": "Moderering",
    "konton": "Uppföljning av konton",
    "arkiv": "Registrering och arkiv",
    "kris": "Krisutskick",
}
