"""Follow-up of an account's activity: figures from `social.received.>` and the flags the
pack raises on them (Eskilstuna's weekly update, Lidköping's low activity)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel

from shared.contracts.registry import AccountState
from shared.policy.sections.registry import ActivityRules

from .model import Account
from .requirements import Gap

#: Inbound item kinds that ask for an answer from the account.
INBOUND_KINDS = ("comment", "reply", "direct_message", "mention", "post")
#: Own items that count as updating the account.
UPDATE_KINDS = ("post",)
ANSWER_WINDOW_DAYS = 28
RATE_WINDOW_WEEKS = 4


class ActivitySummary(BaseModel):
    last_outbound_post_at: datetime | None = None
    last_outbound_at: datetime | None = None
    last_inbound_at: datetime | None = None
    posts_last_7_days: int = 0
    posts_per_week: float = 0.0
    posts_in_low_activity_window: int | None = None
    low_activity_window_days: int | None = None
    inbound_last_28_days: int = 0
    answered_last_28_days: int = 0

    @property
    def answered_share(self) -> float | None:
        return self.answered_last_28_days / self.inbound_last_28_days if self.inbound_last_28_days else None


@dataclass(frozen=True)
class Windows:
    """The start of every window the summary counts over."""

    week: datetime
    rate: datetime
    answers: datetime
    low: datetime | None = None  # only where the pack has a low-activity rule


def windows(now: datetime, rules: ActivityRules) -> Windows:
    return Windows(
        week=now - timedelta(days=7),
        rate=now - timedelta(weeks=RATE_WINDOW_WEEKS),
        answers=now - timedelta(days=ANSWER_WINDOW_DAYS),
        low=now - timedelta(days=rules.low_activity_window_days) if rules.low_activity_window_days else None,
    )


def live_since(account: Account) -> datetime | None:
    return account.activation.at if account.activation else None


def activity_flags(account: Account, summary: ActivitySummary, rules: ActivityRules, now: datetime) -> list[Gap]:
    """Flags for a live account, once it has been live longer than the pack's grace period
    (a new account is not flagged for the weeks before it went live)."""
    since = live_since(account)
    if account.state not in (AccountState.active, AccountState.under_review) or since is None:
        return []
    age = now - since
    if age < timedelta(days=rules.grace_days_after_activation):
        return []
    flags: list[Gap] = []
    if rules.min_posts_per_week is not None and age >= timedelta(days=7):
        if summary.posts_last_7_days < rules.min_posts_per_week:
            last = (f"senaste inlägget {summary.last_outbound_post_at:%Y-%m-%d}"
                    if summary.last_outbound_post_at else "inga egna inlägg registrerade")
            flags.append(Gap("weekly_update_missing",
                             f"Kontot har inte uppdaterats minst en gång den senaste veckan ({last}).", "warning"))
    if rules.low_activity_window_days and rules.low_activity_min_posts is not None:
        if age >= timedelta(days=rules.low_activity_window_days):
            count = summary.posts_in_low_activity_window or 0
            if count < rules.low_activity_min_posts:
                flags.append(Gap(
                    "low_activity",
                    f"Låg aktivitet: {count} egna inlägg de senaste {rules.low_activity_window_days} dagarna "
                    f"(minst {rules.low_activity_min_posts}).",
                    "warning",
                ))
    return flags
