from datetime import UTC, datetime, timedelta

from services.moderation.domain.sla import (Calendar, ClockState, clock_state, deadlines, in_holiday_period,
                                            is_acknowledgement)
from shared.policy import load_pack
from zoneinfo import ZoneInfo
from datetime import time

from shared.policy.sections.moderation import UnitHours

POLICY = load_pack("eskilstuna").moderation
CAL = Calendar.of(POLICY.office_hours)
STHLM = ZoneInfo("Europe/Stockholm")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=STHLM)


def test_four_working_hours_skip_the_night() -> None:
    d = deadlines(received_at=local(2026, 3, 10, 15, 0), tier="municipality_wide", sla=POLICY.sla, calendar=CAL,
                  holiday_mode=False)
    assert d.first_feedback_due == local(2026, 3, 11, 10, 0)  # 2 h on Tuesday, 2 h on Wednesday
    assert d.answer_due == local(2026, 3, 12, 15, 0)          # two office days


def test_weekends_public_holidays_and_eves_are_not_working_days() -> None:
    # Thursday 18 June 2026 15:00; Friday 19 June is midsommarafton: next working time is Monday.
    d = deadlines(received_at=local(2026, 6, 18, 15, 0), tier="municipality_wide", sla=POLICY.sla, calendar=CAL,
                  holiday_mode=False)
    assert d.first_feedback_due == local(2026, 6, 22, 10, 0)
    # Ascension Day (Thursday 14 May 2026) is a public holiday.
    assert not CAL.is_working_day(datetime(2026, 5, 14).date())
    assert CAL.is_working_day(datetime(2026, 5, 13).date())


def test_a_question_at_night_starts_counting_at_opening() -> None:
    d = deadlines(received_at=local(2026, 3, 10, 22, 0), tier="local", sla=POLICY.sla, calendar=CAL, holiday_mode=False)
    assert d.first_feedback_due == local(2026, 3, 11, 17, 0)  # one working day = one office day


def test_holiday_mode_lengthens_targets() -> None:
    normal = deadlines(received_at=local(2026, 3, 10, 9, 0), tier="municipality_wide", sla=POLICY.sla, calendar=CAL,
                       holiday_mode=False)
    longer = deadlines(received_at=local(2026, 3, 10, 9, 0), tier="municipality_wide", sla=POLICY.sla, calendar=CAL,
                       holiday_mode=True)
    assert longer.first_feedback_budget == normal.first_feedback_budget * POLICY.sla.holiday_mode.factor
    assert longer.first_feedback_due > normal.first_feedback_due
    # The document names no holiday periods: none is in force until the municipality decides.
    assert not in_holiday_period(POLICY.sla, local(2026, 7, 10, 12, 0), STHLM)
    decided = POLICY.sla.model_copy(update={"holiday_mode": POLICY.sla.holiday_mode.model_copy(
        update={"periods": [("06-22", "08-09")]})})
    assert in_holiday_period(decided, local(2026, 7, 10, 12, 0), STHLM)
    assert not in_holiday_period(decided, local(2026, 3, 10, 12, 0), STHLM)


def test_clock_states() -> None:
    start = local(2026, 3, 10, 9, 0)
    budget = timedelta(hours=4)
    due = CAL.add_working_time(start, budget)

    def state(now: datetime, met: datetime | None = None) -> ClockState:
        return clock_state(started_at=start, due=due, budget=budget, now=now, met_at=met, calendar=CAL,
                           at_risk_fraction=0.75)

    assert state(local(2026, 3, 10, 10, 0)) == ClockState.running
    assert state(local(2026, 3, 10, 12, 30)) == ClockState.at_risk
    assert state(local(2026, 3, 10, 13, 1)) == ClockState.breached
    assert state(local(2026, 3, 10, 14, 0), met=local(2026, 3, 10, 11, 0)) == ClockState.met


def test_unit_with_other_hours() -> None:
    # Eskilstuna L72: a unit's manager decides its own hours; none ships (the omsorg example was not a decision).
    assert POLICY.office_hours.units == {}
    hours = POLICY.office_hours.model_copy(update={"units": {"omsorg": UnitHours(
        weekdays=[0, 1, 2, 3, 4, 5, 6], start=time(7, 0), end=time(21, 0))}})
    omsorg = Calendar.of(hours, unit="omsorg")
    assert omsorg.is_working_day(datetime(2026, 3, 14).date())  # a Saturday
    assert omsorg.add_working_time(local(2026, 3, 14, 20, 0), timedelta(hours=2)).astimezone(STHLM) == \
        local(2026, 3, 15, 8, 0)


def test_acknowledgement_is_first_feedback_only() -> None:
    assert is_acknowledgement("Tack! Vi återkommer i morgon med svar.", POLICY.sla)
    assert not is_acknowledgement("Biblioteket öppnar 10.", POLICY.sla)
    assert datetime.now(UTC)
