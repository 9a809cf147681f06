"""The policy pack of a municipality, as the registry's use cases need it."""

from __future__ import annotations

from shared.policy import PolicyError, PolicyPack, load_pack

from ..domain.lifecycle import Refused


def pack_for(municipality: str) -> PolicyPack:
    """The municipality's pack, or a refusal staff can read (packs are cached once loaded)."""
    try:
        return load_pack(municipality)
    except PolicyError as exc:
        raise Refused(f"Det finns ingen policy för kommunen {municipality!r}.") from exc
