"""Which actions the municipality's decisions allow: guesses do not act.

Each function looks at the effective pack (shipped pack + local decisions) and says
whether the value an action needs was decided by the municipality (its document, or a
local decision) rather than left at Kanalvakt's default. Refusals are Swedish and name
the missing decision and where to enter it.
"""

from __future__ import annotations

from .local import Effective
from .sections.notify import Recipient

WHERE = "Registrera beslutet på sidan Policypaket (/policy)."


def missing_culling_decisions(eff: Effective) -> dict[str, str]:
    """Culling decisions some culling rule rests on that are not real yet: id → what is missing."""
    archive = eff.pack.archive
    missing: dict[str, str] = {}
    for decision in archive.culling_decisions:
        rules = [r for r in archive.retention if r.action == "cull" and r.decision == decision.id]
        if not rules:
            continue
        lacks = []
        if not decision.reference:
            lacks.append("diarienummer")
        if not decision.decided_on:
            lacks.append("beslutsdatum")
        if any(r.after_months is None for r in rules):
            lacks.append("gallringsfrister")
        if not lacks and not eff.decided(f"archive.culling_decisions.{decision.id}"):
            lacks.append("ett registrerat beslut (värdena i paketet är standardvärden)")
        if lacks:
            missing[decision.id] = (f"gallringsbeslut saknas: ”{decision.title}” ({decision.id}) – "
                                    f"{', '.join(lacks)} saknas")
    return missing


def response_targets_decided(eff: Effective) -> bool:
    """Breach alerts only on targets the municipality set; the clock counts either way."""
    return (eff.pack.moderation.sla is not None
            and eff.decided("moderation.sla.municipality_wide") and eff.decided("moderation.sla.local"))


def holiday_periods_decided(eff: Effective) -> bool:
    """Holiday mode switches itself on only in periods the municipality decided."""
    sla = eff.pack.moderation.sla
    return bool(sla and sla.holiday_mode and sla.holiday_mode.periods
                and eff.decided("moderation.sla.holiday_mode.periods"))


def confirmed_fallback(eff: Effective) -> list[Recipient]:
    """The fallback recipients the municipality confirmed; none while the pack's are a guess."""
    if eff.decided("notify.fallback_recipients"):
        return list(eff.pack.notify.fallback_recipients)
    return []


def confirmed_escalation(eff: Effective) -> list[Recipient]:
    """Escalation recipients the municipality confirmed; else the confirmed fallback."""
    if eff.decided("notify.escalation_recipients"):
        return list(eff.pack.notify.escalation_recipients)
    return confirmed_fallback(eff)


NO_TARGETS = ("Inga svarstider beslutade: klockan visar förfluten tid men larmar inte om överskridna mål. "
              "Registrera kommunens beslut om svarstider på sidan Policypaket (/policy).")
NO_FALLBACK = ("Ingen bekräftad reservadress: larmet visas i Kanalvakt men skickas inte med e-post. "
               "Bekräfta adressen på sidan Policypaket (/policy).")
