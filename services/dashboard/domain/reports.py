"""Pure rules of the reports: which counters an event adds to which bucket, and how the
figures are read back out of summed counters. No I/O.

A bucket is one account's day (Swedish local date) in one family of counters; each
family is written by one consumer only (see app/reports/projection.py). Counter names are flat
strings with `:` between parts, never dots (MongoDB would read a dot as a path).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")

# The two answer-time clocks, as moderation names them, and their counter prefixes.
CLOCKS = {"first_feedback": "ff", "answer": "an"}
CLOCK_LABELS = {"first_feedback": "Första återkoppling", "answer": "Svar"}

# Kinds of received item that are something said (not an edit, a removal or a like).
SPOKEN_KINDS = {"post", "comment", "reply", "direct_message", "mention"}

# Decisions the communications director asks about, in the order the report lists them.
DECISION_ORDER = ["keep", "hide", "unhide", "remove", "block", "police_report", "reply", "refer", "register"]


def local_day(moment: datetime) -> str:
    """The Swedish calendar day of an instant (`2026-11-03`): reports count by local days."""
    return moment.astimezone(STOCKHOLM).date().isoformat()


def working_minutes(seconds: float) -> int:
    """Whole minutes, rounded up: 4 h 0 min 1 s is over a 4-hour target, as the clock says."""
    return max(0, math.ceil(seconds / 60 - 1e-9))


def wall_bin(minutes: int) -> int:
    """Upper bound (minutes) of the histogram bin for a wall-clock duration: exact to the
    minute for two hours, then ten minutes to two days, then hours, then days."""
    if minutes <= 120:
        return minutes
    if minutes <= 2880:
        return math.ceil(minutes / 10) * 10
    if minutes <= 43200:
        return math.ceil(minutes / 60) * 60
    return math.ceil(minutes / 1440) * 1440


# ---- counters each event adds ------------------------------------------------------------


def social_counters(*, kind: str, direction: str) -> dict[str, int]:
    """Volume: items in from the public, own posts, own replies; per kind."""
    if kind not in SPOKEN_KINDS:
        return {}
    if direction == "inkommen":
        return {"in": 1, f"in:{kind}": 1}
    if kind == "post":
        return {"own_posts": 1}
    return {"own_replies": 1}


def tagged_counters(*, categories: Iterable[str], question: bool, forbidden: bool, police_report: bool,
                    without_target: bool = False) -> dict[str, int]:
    """`question`: moderation started answer-time clocks; `without_target`: the municipality set
    no response time, so the clocks count elapsed time and nothing is due."""
    out = {"tagged": 1}
    for category in set(categories):
        out[f"cat:{category}"] = 1
    if categories:
        out["flagged"] = 1
    if question:
        out["q"] = 1
        if without_target:
            out["q:no_target"] = 1
    if forbidden:
        out["forbidden"] = 1
    if police_report:
        out["police_candidate"] = 1
    return out


def sla_counters(*, clock: str, state: str, due_at: datetime | None, met_at: datetime | None,
                 working_seconds: float | None, holiday_mode: bool = False) -> dict[str, int]:
    """A clock met (in time or late, with its working minutes) or breached; and whether its
    targets were the holiday mode's longer ones (which the policy says to state visibly)."""
    prefix = CLOCKS.get(clock)
    if prefix is None:
        return {}
    holiday = {f"{prefix}:holiday": 1} if holiday_mode else {}
    if state == "breached":
        return {f"{prefix}:breached": 1, **holiday}
    if state != "met" or met_at is None:
        return {}
    out = {f"{prefix}:met": 1, **holiday}
    if due_at is not None:  # no target decided (shared/policy/readiness.py): neither in time nor late
        out[f"{prefix}:in_time" if met_at <= due_at else f"{prefix}:late"] = 1
    if working_seconds is not None:
        out[f"{prefix}:h:{working_minutes(working_seconds)}"] = 1
    return out


def decided_counters(*, decision: str, automatic: bool, minutes_since_item: int | None, reverses_auto: bool
                     ) -> dict[str, int]:
    out = {f"dec:{decision}": 1, "decisions": 1}
    if automatic:
        out["auto"] = 1
        out[f"auto:{decision}"] = 1
    elif minutes_since_item is not None:  # staff's own time to decide
        out[f"dt:h:{wall_bin(minutes_since_item)}"] = 1
    if reverses_auto:
        out["reversed"] = 1
    return out


def action_counters(*, action: str, state: str, minutes_since_decision: int | None,
                    minutes_since_preserved: int | None = None) -> dict[str, int]:
    if state not in ("executed", "failed"):
        return {}
    out = {f"act:{action}:{state}": 1}
    if state == "executed" and action == "remove":
        if minutes_since_decision is not None:
            out[f"rm:h:{wall_bin(minutes_since_decision)}"] = 1
        if minutes_since_preserved is not None:
            out[f"rp:h:{wall_bin(minutes_since_preserved)}"] = 1
    return out


# ---- reading the figures back ----------------------------------------------------------------


def histogram(counters: Mapping[str, int], prefix: str) -> dict[int, int]:
    start = f"{prefix}:h:"
    return {int(k[len(start):]): v for k, v in counters.items() if k.startswith(start) and v}


def percentile(hist: Mapping[int, int], p: float, *, overflow: int = 0) -> int | str | None:
    """Nearest-rank percentile of a minutes histogram. `overflow` counts values known only
    to be over the target (breached clocks): a rank among them gives "over"."""
    total = sum(hist.values()) + overflow
    if total == 0:
        return None
    rank = max(1, math.ceil(p * total))
    seen = 0
    for minutes in sorted(hist):
        seen += hist[minutes]
        if seen >= rank:
            return minutes
    return "over"


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class ClockFigures:
    clock: str
    questions: int
    without_target: int
    met: int
    in_time: int
    late: int
    breached: int
    open: int
    median: int | str | None
    p90: int | str | None

    @property
    def share_in_time(self) -> float | None:
        """Of the questions that had a target (a municipality may have decided none)."""
        return share(self.in_time, self.questions - self.without_target)


def clock_figures(counters: Mapping[str, int], clock: str) -> ClockFigures:
    """Share within target (of every question received), median and 90th percentile of the
    working time to a met clock, breached clocks counted as over the target."""
    prefix = CLOCKS[clock]
    questions = counters.get("q", 0)
    met, breached = counters.get(f"{prefix}:met", 0), counters.get(f"{prefix}:breached", 0)
    hist = histogram(counters, prefix)
    return ClockFigures(
        clock=clock, questions=questions, without_target=counters.get("q:no_target", 0), met=met,
        in_time=counters.get(f"{prefix}:in_time", 0),
        late=counters.get(f"{prefix}:late", 0), breached=breached, open=max(0, questions - met - breached),
        median=percentile(hist, 0.5, overflow=breached), p90=percentile(hist, 0.9, overflow=breached))


def add_into(total: Counter[str], counters: Mapping[str, int]) -> None:
    for key, value in counters.items():
        if value:
            total[key] += value


@dataclass(frozen=True)
class Period:
    """A closed span of local days (a month, or what staff chose)."""

    first: date
    last: date

    @classmethod
    def month(cls, value: str) -> Period:
        """`2026-11` as its first and last day; ValueError if it is not a month."""
        year, month = (int(x) for x in value.split("-", 1))
        first = date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return cls(first, following - timedelta(days=1))

    @classmethod
    def parse(cls, *, month: str | None, start: str | None, end: str | None, today: date) -> Period:
        """From the form: a month, or a span; the current month when neither. ValueError
        (with a Swedish message) for a bad or too long span."""
        if start or end:
            try:
                first = date.fromisoformat(start or end or "")
                last = date.fromisoformat(end or start or "")
            except ValueError:
                raise ValueError("Ange datum som ÅÅÅÅ-MM-DD.") from None
            if last < first:
                raise ValueError("Slutdatum är före startdatum.")
            if (last - first).days > 366:
                raise ValueError("Välj högst ett år åt gången.")
            return cls(first, last)
        try:
            return cls.month(month) if month else cls.month(today.strftime("%Y-%m"))
        except ValueError:
            raise ValueError("Ange månad som ÅÅÅÅ-MM.") from None

    def whole_months(self) -> list[str]:
        """The months (`2026-11`) lying wholly inside the period."""
        out, first = [], date(self.first.year, self.first.month, 1)
        while first <= self.last:
            month = Period.month(first.strftime("%Y-%m"))
            if month.first >= self.first and month.last <= self.last:
                out.append(first.strftime("%Y-%m"))
            first = month.last + timedelta(days=1)
        return out

    def partial_ranges(self) -> list[tuple[str, str]]:
        """The days of the period outside its whole months, as at most two (first, last) spans."""
        months = self.whole_months()
        if not months:
            return [(self.first.isoformat(), self.last.isoformat())]
        out = []
        start, end = Period.month(months[0]).first, Period.month(months[-1]).last
        if self.first < start:
            out.append((self.first.isoformat(), (start - timedelta(days=1)).isoformat()))
        if self.last > end:
            out.append(((end + timedelta(days=1)).isoformat(), self.last.isoformat()))
        return out

    def days(self) -> list[str]:
        return [(self.first + timedelta(days=i)).isoformat() for i in range((self.last - self.first).days + 1)]

    @property
    def is_month(self) -> bool:
        return self.first.day == 1 and self.last == Period.month(self.first.strftime("%Y-%m")).last

    @property
    def label(self) -> str:
        if self.is_month:
            return f"{MONTHS[self.first.month - 1]} {self.first.year}"
        return f"{self.first.isoformat()} – {self.last.isoformat()}"


MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]


def minutes_label(value: int | str | None, *, over: str = "över målet") -> str:
    """`2 h 05 min`, `45 min`, `över målet`, `–` (Swedish, for tables and charts)."""
    if value is None:
        return "–"
    if value == "over":
        return over
    assert isinstance(value, int)
    days, rest = divmod(value, 1440)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def percent_label(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %".replace(".", ",")


@dataclass
class Scope:
    """Whose figures: a municipality, and the accounts the person may see (None: all)."""

    municipality: str
    accounts: frozenset[str] | None = None  # "platform:platform_account_id"
    label: str = "hela kommunen"
    names: dict[str, str] = field(default_factory=dict)
    boards: dict[str, str] = field(default_factory=dict)  # account key: its board (nämnd), as registry says
    units: dict[str, str] = field(default_factory=dict)  # account key: its unit

    def allows(self, account_key: str) -> bool:
        return self.accounts is None or account_key in self.accounts


def group_by(per_account: Mapping[str, Counter[str]], groups: Mapping[str, str], *, missing: str
             ) -> dict[str, Counter[str]]:
    """Accounts' counters summed per board or unit (accounts registry does not place: `missing`)."""
    out: dict[str, Counter[str]] = {}
    for key, counters in per_account.items():
        add_into(out.setdefault(groups.get(key) or missing, Counter()), counters)
    return out


def account_key(platform: str, account_id: str) -> str:
    return f"{platform}:{account_id}"
