"""Registration and retention (culling) decisions from the pack's `archive` section."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from shared.policy.sections.archive import ArchivePolicy, Match, RetentionRule


@dataclass(frozen=True)
class Facts:
    """What the rules look at on a record."""

    direction: str
    kind: str
    source: str = "social"
    categories: frozenset[str] = field(default_factory=frozenset)
    intents: frozenset[str] = field(default_factory=frozenset)
    removed: bool = False
    registered: bool = False
    police_reported: bool = False
    archived_at: datetime | None = None
    published_at: datetime | None = None
    registered_at: datetime | None = None
    held: bool = False


def matches(match: Match, facts: Facts) -> bool:
    checks = [
        not match.directions or facts.direction in match.directions,
        not match.kinds or facts.kind in match.kinds,
        not match.sources or facts.source in match.sources,
        not match.categories or bool(facts.categories & set(match.categories)),
        not match.intents or bool(facts.intents & set(match.intents)),
        match.removed is None or facts.removed == match.removed,
        match.registered is None or facts.registered == match.registered,
        match.police_reported is None or facts.police_reported == match.police_reported,
    ]
    return all(checks)


@dataclass(frozen=True)
class RegistrationVerdict:
    required: bool
    rule_id: str | None
    reason: str
    board: str | None = None


def registration_verdict(policy: ArchivePolicy, facts: Facts) -> RegistrationVerdict:
    """First matching rule; none matching means the pack does not require registration."""
    for rule in policy.registration:
        if matches(rule.match, facts):
            return RegistrationVerdict(rule.required, rule.id, rule.description, rule.board)
    return RegistrationVerdict(False, None, "Ingen regel i policyn kräver diarieföring")


def _add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
                           31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class RetentionVerdict:
    rule: RetentionRule | None
    cull_at: datetime | None  # None: not to be culled (kept, held, or no rule)
    reason: str


def retention_verdict(policy: ArchivePolicy, facts: Facts) -> RetentionVerdict:
    """When (if ever) the record may be culled, and under which rule and decision."""
    if facts.held:
        return RetentionVerdict(None, None, "Spärrad (legal hold): gallras inte")
    for rule in policy.retention:
        if not matches(rule.match, facts):
            continue
        if rule.action == "keep":
            return RetentionVerdict(rule, None, rule.description)
        start = {"archived": facts.archived_at, "published": facts.published_at or facts.archived_at,
                 "registered": facts.registered_at}[rule.counted_from]
        if start is None:
            return RetentionVerdict(rule, None, f"{rule.description} (startdatum saknas)")
        if rule.after_months is None:  # the period is the gallringsbeslut's, not yet recorded
            missing = "gallringsfrist saknas: gallringsbeslutet är inte registrerat"
            return RetentionVerdict(rule, None, f"{rule.description} ({missing})")
        return RetentionVerdict(rule, _add_months(start, rule.after_months), rule.description)
    return RetentionVerdict(None, None, "Ingen gallringsregel: bevaras")


def cullable(policy: ArchivePolicy, facts: Facts, now: datetime) -> RetentionVerdict | None:
    verdict = retention_verdict(policy, facts)
    return verdict if verdict.cull_at is not None and verdict.cull_at <= now else None
