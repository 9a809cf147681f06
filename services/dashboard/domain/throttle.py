"""Failed logins slow down the next attempt, per address and per username, and nothing
ever locks a person out for good.

A lock after five failures (what the dashboard did) lets anyone keep the crisis team out
by typing wrong passwords at their usernames. Here each failure doubles the wait before
the next attempt, from the `free` one on: per username capped at `account_max_s` (an
attacker elsewhere can slow the rightful user down by at most that much), per address
capped at `address_max_s` (one guessing machine gets very slow). The username is the
text typed, known account or not, so the answer never tells which accounts exist. The
counts are per process and forgotten `window_s` after the last failure.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class _Failures:
    count: int
    last: float


@dataclass
class LoginThrottle:
    account_free: int = 5
    account_max_s: float = 60.0
    address_free: int = 20
    address_max_s: float = 900.0
    window_s: float = 3600.0
    max_keys: int = 100_000
    clock: Callable[[], float] = time.monotonic  # a test's own clock, so no test waits
    _failures: OrderedDict[str, _Failures] = field(default_factory=OrderedDict)

    def _wait(self, key: str, free: int, cap: float, now: float) -> float:
        found = self._failures.get(key)
        if found is None or now - found.last > self.window_s or found.count < free:
            return 0.0
        delay = min(cap, 2.0 ** (found.count - free))
        return max(0.0, found.last + delay - now)

    def wait(self, *, address: str, username: str, now: float) -> float:
        """Seconds before this address may try this username again (0: now)."""
        return max(self._wait(f"user:{username}", self.account_free, self.account_max_s, now),
                   self._wait(f"addr:{address}", self.address_free, self.address_max_s, now))

    def failed(self, *, address: str, username: str, now: float) -> None:
        for key in (f"user:{username}", f"addr:{address}"):
            found = self._failures.pop(key, None)
            if found is None or now - found.last > self.window_s:
                found = _Failures(0, now)
            self._failures[key] = _Failures(found.count + 1, now)
        while len(self._failures) > self.max_keys:  # forget the least recently failing
            self._failures.popitem(last=False)

    def succeeded(self, *, address: str, username: str) -> None:
        self._failures.pop(f"user:{username}", None)
        self._failures.pop(f"addr:{address}", None)


@dataclass
class AuditBudget:
    """How many refusals (failed logins, POSTs without a valid CSRF token) the audit log
    takes per window, across every address.

    The login throttle bounds one address, but anyone can post a stale form or guess
    from many addresses, and each refusal would otherwise be a write to the log a
    person has to read. Up to `per_window` are written each `window_s`; the rest only go
    to the process log, and the next one written says how many were left out, so the
    audit log still shows that a flood happened. Per process, like the throttle.
    """

    per_window: int = 60
    window_s: float = 60.0
    clock: Callable[[], float] = time.monotonic
    _started: float | None = None
    _written: int = 0
    _left_out: int = 0

    def take(self, now: float) -> int | None:
        """None: over budget, leave this refusal out. Else how many were left out before it."""
        if self._started is None or now - self._started >= self.window_s:
            self._started, self._written = now, 0
        if self._written >= self.per_window:
            self._left_out += 1
            return None
        self._written += 1
        left_out, self._left_out = self._left_out, 0
        return left_out
