"""Provenance of pack values, and what the packs' guesses are not allowed to do (issue 17)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from services.moderation.adapters.store import MunicipalitySettings
from services.moderation.app.holiday import holiday_mode_on
from shared.policy import PolicyError, available_packs, load_pack
from shared.policy.loader import parse_pack
from shared.policy.local import LocalDecision, effective
from shared.policy.provenance import Kind, value_rows
from shared.policy.readiness import (confirmed_fallback, holiday_periods_decided, missing_culling_decisions,
                                     response_targets_decided)

PACKS = available_packs()
JULY = datetime(2026, 7, 10, 10, 0, tzinfo=UTC)


def decision(key: str, value: dict, **extra: object) -> LocalDecision:
    return LocalDecision(key=key, value=value, decided_by="Kommunstyrelsen", decided_on=date(2026, 1, 12),
                         reference="KS 2026/3", entered_by="Ada Admin", entered_at=datetime(2026, 1, 13, tzinfo=UTC),
                         **extra)


def test_every_shipped_pack_has_its_document_and_quotes_it() -> None:
    assert PACKS == ["eskilstuna", "knivsta", "lidkoping", "nybro", "pitea"]
    for name in PACKS:
        rows = value_rows(load_pack(name))
        policy = [r for r in rows if r.origin.kind == Kind.policy]
        assert len(policy) >= 20, name  # the loader checked every quote against the document's lines
        assert all(r.origin.quote and r.origin.line_from for r in policy)


def test_a_quote_that_is_not_on_its_line_stops_the_pack() -> None:
    text = Path("shared/policy/packs/knivsta.yaml").read_text(encoding="utf-8")
    broken = text.replace('"L58: Kommunstyrelsen ansvarar', '"L56: Kommunstyrelsen ansvarar')
    with pytest.raises(PolicyError, match=r"registry.decisions.municipality_wide': the quote is not on line 56-56"):
        parse_pack(broken, source="knivsta.yaml")
    invented = text.replace('"default: gissad adress; e-post', '"L12: kommunikation@knivsta.se är kommunens adress')
    with pytest.raises(PolicyError, match=r"notify.fallback_recipients"):
        parse_pack(invented, source="knivsta.yaml")


def test_a_value_without_an_entry_is_a_default_never_policy() -> None:
    knivsta = load_pack("knivsta").provenance
    assert knivsta.origin_of("moderation.sla.municipality_wide.first_feedback.working_hours").kind == Kind.default
    assert knivsta.origin_of("notify.dedupe_window_minutes").kind == Kind.default
    eskilstuna = load_pack("eskilstuna").provenance
    origin = eskilstuna.origin_of("moderation.sla.municipality_wide.first_feedback.working_hours")
    assert origin.kind == Kind.policy and origin.line_from == 74 and "fyra timmar" in origin.quote
    assert eskilstuna.origin_of("moderation.sla.holiday_mode.periods").kind == Kind.default


@pytest.mark.parametrize("name", PACKS)
def test_guessed_values_do_not_act_in_any_pack(name: str) -> None:
    eff = effective(load_pack(name), [])
    assert missing_culling_decisions(eff), "no pack's document gives a gallringsbeslut with reference, date, periods"
    assert not holiday_periods_decided(eff)
    assert not holiday_mode_on(MunicipalitySettings(), eff, JULY), "holiday mode must not switch itself on"
    assert confirmed_fallback(eff) == []
    assert response_targets_decided(eff) is (name == "eskilstuna")  # only Eskilstuna sets figures (L74)


def test_local_decisions_act_and_say_who_decided() -> None:
    pack = load_pack("knivsta")
    targets = {"first_feedback": {"working_hours": 8}, "answer": {"working_days": 3}}
    eff = effective(pack, [
        decision("response_times", {"municipality_wide": targets, "local": targets}),
        decision("holiday_periods", {"periods": [["06-22", "08-09"]]}),
        decision("fallback_recipients", {"recipients": [{"name": "Kommunikation", "email": "k@knivsta.se"}]}),
        decision("gallringsbeslut.ks-sociala-medier",
                 {"periods": {"borttaget-olagligt": 60, "diariefort": 0, "rutin": 24}}),
    ])
    assert response_targets_decided(eff) and holiday_periods_decided(eff)
    assert holiday_mode_on(MunicipalitySettings(), eff, JULY) and not holiday_mode_on(
        MunicipalitySettings(holiday_mode=False), eff, JULY)
    assert [r.email for r in confirmed_fallback(eff)] == ["k@knivsta.se"]
    assert missing_culling_decisions(eff) == {}
    assert eff.pack.moderation.sla.municipality_wide.first_feedback.working_hours == 8
    row = next(r for r in value_rows(eff.pack, eff.local) if r.path == "archive.retention.rutin.after_months")
    assert row.value == 24 and row.origin.kind == Kind.local_decision
    assert row.origin.describe() == "beslutat av Kommunstyrelsen den 2026-01-12 (KS 2026/3) inlagt av Ada Admin"


def test_a_decision_that_does_not_fit_the_pack_is_refused_in_swedish() -> None:
    pack = load_pack("pitea")
    with pytest.raises(ValueError, match="gallringsfrist saknas för"):
        effective(pack, [decision("gallringsbeslut.fortlopande-kommentarer", {"periods": {"diariefort": 0}})])
    with pytest.raises(ValueError, match="inget gallringsbeslut med id"):
        effective(pack, [decision("gallringsbeslut.finns-inte", {"periods": {"x": 1}})])


def test_the_pack_reference_is_current() -> None:
    from shared.policy import reference

    assert reference.main(["--check"]) == 0, "run python -m shared.policy.reference"
