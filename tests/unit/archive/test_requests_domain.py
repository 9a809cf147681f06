"""Requests for allmän handling: the "skyndsamt" clock, passages, what a decision must say (pure)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from services.archive.domain import requests as rules
from shared.contracts.archive import RecordView
from shared.policy.sections.archive import RequestPolicy
from shared.policy.sections.moderation import OfficeHours

OFFICE = OfficeHours()  # Mon–Fri 08–17, Swedish holidays, closed eves


@pytest.mark.parametrize(("received", "due", "expected"), [
    (rules.at_stockholm(date(2026, 3, 2), 10), "same_working_day", rules.at_stockholm(date(2026, 3, 2), 17)),
    (rules.at_stockholm(date(2026, 3, 2), 10), "next_working_day", rules.at_stockholm(date(2026, 3, 3), 17)),
    # Friday afternoon: the next office day is Monday.
    (rules.at_stockholm(date(2026, 3, 6), 16), "next_working_day", rules.at_stockholm(date(2026, 3, 9), 17)),
    # After closing: counted from the next office day.
    (rules.at_stockholm(date(2026, 3, 2), 18), "same_working_day", rules.at_stockholm(date(2026, 3, 3), 17)),
    # Maundy Thursday: Good Friday and Easter Monday are public holidays, Saturday–Sunday closed.
    (rules.at_stockholm(date(2026, 4, 2), 9), "next_working_day", rules.at_stockholm(date(2026, 4, 7), 17)),
    # Christmas: julafton is kept closed, then juldagen and annandag jul.
    (rules.at_stockholm(date(2026, 12, 23), 12), "next_working_day", rules.at_stockholm(date(2026, 12, 28), 17)),
    (rules.at_stockholm(date(2026, 3, 2), 10), "second_working_day", rules.at_stockholm(date(2026, 3, 4), 17)),
])
def test_due_time_counts_office_days(received, due, expected) -> None:
    assert rules.due_at(received, RequestPolicy(due=due), OFFICE) == expected


def test_clock_states() -> None:
    policy = RequestPolicy(at_risk_hours_before=2)
    due = rules.at_stockholm(date(2026, 3, 3), 17)
    assert rules.clock_state(due - timedelta(hours=3), due, policy, decided=False) == "running"
    assert rules.clock_state(due - timedelta(hours=1), due, policy, decided=False) == "at_risk"
    assert rules.clock_state(due + timedelta(minutes=1), due, policy, decided=False) == "breached"
    assert rules.clock_state(due + timedelta(days=3), due, policy, decided=True) == "decided"


def test_passages_premark_personnummer_tags_and_the_sender() -> None:
    text = "Ring Kim på 19811218-9876, hen har diabetes."
    record = RecordView.model_validate({
        "id": "r1", "municipality": "knivsta", "text": text, "author": {"name": "Åsa Öberg", "platform_id": "555"},
        "tags": [{"category": "sensitive_personal_data", "spans": [{"start": 35, "end": 43, "text": "diabetes"}]}]})
    found = rules.passages(record, ["sensitive_personal_data"])
    assert [(p.reason, p.text) for p in found] == [("personnummer", "19811218-9876"),
                                                    ("sensitive_personal_data", "diabetes")]
    assert rules.sender_passage(record.author) == "Åsa Öberg (555)"


def test_what_a_decision_must_say() -> None:
    ok = {"records": 2, "undecided": 0}
    rules.check_decision("hel", reasons="", masked=0, **ok)
    rules.check_decision("delvis", reasons="Personnummer är sekretess enligt OSL 21 kap. 7 §.", masked=1, **ok)
    rules.check_decision("avslag", reasons="Uppgifterna rör socialtjänst, OSL 26 kap. 1 §.", masked=0,
                         records=0, undecided=0)
    with pytest.raises(rules.DecisionError, match="delvis"):
        rules.check_decision("hel", reasons="", masked=1, **ok)
    with pytest.raises(rules.DecisionError, match="ingen passage"):
        rules.check_decision("delvis", reasons="Skäl som är långa nog", masked=0, **ok)
    with pytest.raises(rules.DecisionError, match="motiveras"):
        rules.check_decision("avslag", reasons="", masked=0, **ok)
    with pytest.raises(rules.DecisionError, match="inte prövade"):
        rules.check_decision("hel", reasons="", masked=0, records=1, undecided=2)


def test_appeal_information_for_a_refusal_only() -> None:
    policy = RequestPolicy(appeal_court="Kammarrätten i Stockholm")
    assert rules.appeal_information("hel", policy, "Knivsta kommun") is None
    text = rules.appeal_information("delvis", policy, "Knivsta kommun")
    assert "Kammarrätten i Stockholm" in text and "tre veckor" in text and "Knivsta kommun" in text
