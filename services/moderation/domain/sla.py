"""Working-time clocks: office hours, Swedish public holidays, targets by account tier.

A target such as "4 working hours" or "2 working days" is counted only inside office
hours on working days (Mon–Fri that are not public holidays, per the `holidays`
package, nor midsummer/christmas/new year's eve, which municipalities keep closed). A
working day is one office day's length, so "1 working day" from 15:00 on a Friday is
15:00 on Monday. In holiday mode targets are multiplied by the pack's factor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from shared.policy.sections.moderation import OfficeHours, SlaPolicy, UnitHours, WorkingTime


class ClockState(StrEnum):
    running = "running"
    at_risk = "at_risk"
    breached = "breached"
    met = "met"


@lru_cache(maxsize=64)
def _public_holidays(country: str, year: int) -> frozenset[date]:
    return frozenset(holidays_lib.country_holidays(country, years=year).keys())


def _eves(year: int, wanted: tuple[str, ...]) -> set[date]:
    out: set[date] = set()
    if "julafton" in wanted:
        out.add(date(year, 12, 24))
    if "nyarsafton" in wanted:
        out.add(date(year, 12, 31))
    if "midsommarafton" in wanted:  # the Friday between 19 and 25 June
        out.add(next(date(year, 6, d) for d in range(19, 26) if date(year, 6, d).weekday() == 4))
    return out


@dataclass(frozen=True)
class Calendar:
    hours: UnitHours
    country: str
    closed_eves: tuple[str, ...]
    tz: ZoneInfo

    @classmethod
    def of(cls, office: OfficeHours, *, timezone: str = "Europe/Stockholm", unit: str | None = None) -> Calendar:
        hours: UnitHours = office.units.get(unit, office) if unit else office
        return cls(hours=hours, country=office.holidays_country, closed_eves=tuple(office.closed_eves),
                   tz=ZoneInfo(timezone))

    def is_working_day(self, day: date) -> bool:
        if day.weekday() not in self.hours.weekdays:
            return False
        return not (day in _public_holidays(self.country, day.year) or day in _eves(day.year, self.closed_eves))

    @property
    def day_length(self) -> timedelta:
        start, end = self.hours.start, self.hours.end
        return timedelta(hours=end.hour - start.hour, minutes=end.minute - start.minute)

    def _office_hours_on(self, day: date) -> tuple[datetime, datetime]:
        """When the office opens and closes on `day`, in local time (so DST is right)."""
        return datetime.combine(day, self.hours.start, self.tz), datetime.combine(day, self.hours.end, self.tz)

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The moment `amount` of working time after `start` (aware datetimes; UTC out)."""
        local = start.astimezone(self.tz)
        remaining = amount
        day = local.date()
        for _ in range(3660):  # ten years of days: a calendar with no working day is a bug
            if self.is_working_day(day):
                open_at, close_at = self._office_hours_on(day)
                begin = max(open_at, local) if day == local.date() else open_at
                if begin < close_at:
                    available = close_at - begin
                    if remaining <= available:
                        return (begin + remaining).astimezone(UTC)
                    remaining -= available
            day += timedelta(days=1)
        raise ValueError("no working time found within ten years: check the office hours")

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Working time elapsed from `start` to `end` (zero if end is before start)."""
        if end <= start:
            return timedelta(0)
        a, b = start.astimezone(self.tz), end.astimezone(self.tz)
        total = timedelta(0)
        day = a.date()
        while day <= b.date():
            if self.is_working_day(day):
                open_at, close_at = self._office_hours_on(day)
                lo, hi = max(open_at, a), min(close_at, b)
                if hi > lo:
                    total += hi - lo
            day += timedelta(days=1)
        return total


def target_duration(target: WorkingTime, calendar: Calendar, factor: float = 1.0) -> timedelta:
    if target.working_hours is not None:
        base = timedelta(hours=target.working_hours)
    else:
        base = calendar.day_length * (target.working_days or 0)
    return base * factor


@dataclass(frozen=True)
class Deadlines:
    first_feedback_due: datetime
    answer_due: datetime
    first_feedback_budget: timedelta
    answer_budget: timedelta


def deadlines(*, received_at: datetime, tier: str, sla: SlaPolicy, calendar: Calendar, holiday_mode: bool) -> Deadlines:
    targets = sla.local if tier == "local" else sla.municipality_wide
    factor = sla.holiday_mode.factor if holiday_mode and sla.holiday_mode else 1.0
    first = target_duration(targets.first_feedback, calendar, factor)
    answer = target_duration(targets.answer, calendar, factor)
    return Deadlines(
        first_feedback_due=calendar.add_working_time(received_at, first),
        answer_due=calendar.add_working_time(received_at, answer),
        first_feedback_budget=first,
        answer_budget=answer,
    )


def clock_state(*, started_at: datetime, due: datetime, budget: timedelta, now: datetime, met_at: datetime | None,
                calendar: Calendar, at_risk_fraction: float) -> ClockState:
    """The state of one clock at `now`. Met is final; otherwise breached after `due`,
    at risk once the share of working time used passes the pack's fraction."""
    if met_at is not None:
        return ClockState.met
    if now >= due:
        return ClockState.breached
    used = calendar.working_time_between(started_at, now)
    if budget and used >= budget * at_risk_fraction:
        return ClockState.at_risk
    return ClockState.running


def in_holiday_period(sla: SlaPolicy, moment: datetime, tz: ZoneInfo) -> bool:
    """Whether `moment` falls in one of the pack's recurring holiday periods (MM-DD pairs)."""
    if not sla.holiday_mode:
        return False
    today = moment.astimezone(tz).strftime("%m-%d")
    for start, end in sla.holiday_mode.periods:
        if (start <= today <= end) if start <= end else (today >= start or today <= end):
            return True
    return False


def is_acknowledgement(text: str, sla: SlaPolicy) -> bool:
    """A staff reply that only says an answer is coming meets first feedback, not the answer."""
    lowered = text.lower()
    return any(cue in lowered for cue in sla.acknowledgement_cues)
