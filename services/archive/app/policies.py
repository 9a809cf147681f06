"""What archive reads of a municipality's policy pack: its archive section, its name, and
the personal-data notice a disclosure carries."""

from __future__ import annotations

from collections.abc import Sequence

from shared.policy import PolicyError, load_pack
from shared.policy.local import LocalDecision, effective
from shared.policy.sections.archive import ArchivePolicy


def policy_for(municipality: str) -> ArchivePolicy:
    try:
        return load_pack(municipality).archive
    except PolicyError:
        return ArchivePolicy()


def municipality_name(municipality: str) -> str:
    try:
        return load_pack(municipality).municipality
    except PolicyError:
        return municipality


def personal_data_notice(municipality: str, decisions: Sequence[LocalDecision] = ()) -> str | None:
    """Who is controller and whom to ask about personal data, where the pack says (Lidköping L77, L79),
    with the contact the municipality entered for its link page (`decisions`, registry's)."""
    try:
        page = effective(load_pack(municipality), list(decisions)).pack.registry.link_page
    except PolicyError:
        return None
    parts = [p for p in (page.personal_data_controller,
                         f"Frågor om personuppgifter: {page.gdpr_contact}" if page.gdpr_contact else None) if p]
    return " ".join(parts) or None
