"""Local decisions: what the municipality decided itself, entered by an administrator in
the staff UI, kept by the service that acts on it, and laid over the pack.

Some actions depend on a value the municipality's document does not give (a culling
decision's reference and periods, response-time targets, holiday periods, the address
alerts fall back to). Until someone records the decision those actions refuse or stay
quiet; the pack's placeholder never acts. The dashboard sends
`cmd.<service>.record_decision` (audited in its log); each service keeps its own
decisions in its own database (`local_decisions`, plus an append-only history) and
answers `q.<service>.local_decisions`, so no service reads another's data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pymongo.errors import DuplicateKeyError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from shared.contracts.commands import Actor, CommandResult, Role
from shared.recent import Recent

from .model import PolicyPack
from .provenance import Kind, Origin
from .sections.moderation import TierTargets
from .sections.notify import Recipient
from .sections.registry import Party

_MUNICIPALITY = r"^[a-z][a-z0-9_-]{1,40}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- what can be decided -----------------------------------------------------------------

class CullingDecisionValue(_Strict):
    """A gallringsbeslut: its periods (months) for each culling rule that rests on it."""

    periods: dict[str, int] = Field(..., min_length=1, description="Retention rule id → months before culling.")

    @field_validator("periods")
    @classmethod
    def _months(cls, periods: dict[str, int]) -> dict[str, int]:
        for rule, months in periods.items():
            if months < 0 or months > 1200:
                raise ValueError(f"gallringsfristen för {rule} måste vara 0–1200 månader")
        return periods


class ResponseTimesValue(_Strict):
    """Response-time targets the municipality decided (first feedback and answer, per tier)."""

    municipality_wide: TierTargets
    local: TierTargets


_MMDD = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


class HolidayPeriodsValue(_Strict):
    """Recurring holiday periods (MM-DD pairs) in which holiday mode switches itself on."""

    periods: list[tuple[str, str]] = Field(..., min_length=1)

    @field_validator("periods")
    @classmethod
    def _dates(cls, periods: list[tuple[str, str]]) -> list[tuple[str, str]]:
        for start, end in periods:
            if not (_MMDD.match(start) and _MMDD.match(end)):
                raise ValueError(f"perioden {start}–{end} ska skrivas MM-DD")
        return periods


class FallbackValue(_Strict):
    """The addresses alerts go to when registry names nobody, confirmed by the municipality."""

    recipients: list[Recipient] = Field(..., min_length=1, max_length=10)


class CouncilPartiesValue(_Strict):
    """The parties in the municipal council and their sites, as the municipality lists them (Nybro L119)."""

    parties: list[Party] = Field(..., min_length=1, max_length=30)


class GdprContactValue(_Strict):
    """Whom the public asks about personal data (Lidköping L77: the municipality names them)."""

    contact: str = Field(..., min_length=3, max_length=300)


@dataclass(frozen=True)
class DecisionKind:
    service: str
    label: str                      # Swedish, names the decision in refusals and on the page
    value: type[_Strict]
    roles: frozenset[Role]
    reference_required: bool = False


KINDS: dict[str, DecisionKind] = {
    "gallringsbeslut": DecisionKind("archive", "gallringsbeslut", CullingDecisionValue,
                                    frozenset({Role.archivist, Role.system_administrator}), reference_required=True),
    "response_times": DecisionKind("moderation", "beslut om svarstider", ResponseTimesValue,
                                   frozenset({Role.head_of_communications, Role.system_administrator})),
    "holiday_periods": DecisionKind("moderation", "beslut om semesterperioder", HolidayPeriodsValue,
                                    frozenset({Role.head_of_communications, Role.system_administrator})),
    "fallback_recipients": DecisionKind("notify", "bekräftad reservadress för larm", FallbackValue,
                                        frozenset({Role.head_of_communications, Role.system_administrator})),
    "escalation_recipients": DecisionKind("notify", "bekräftad adress för eskalerade larm", FallbackValue,
                                          frozenset({Role.head_of_communications, Role.system_administrator})),
    # The link page's (registry) values; the archive reads the GDPR contact from registry for disclosures.
    "council_parties": DecisionKind("registry", "beslut om partierna i kommunfullmäktige", CouncilPartiesValue,
                                    frozenset({Role.head_of_communications, Role.system_administrator})),
    "gdpr_contact": DecisionKind("registry", "kontakt för frågor om personuppgifter", GdprContactValue,
                                 frozenset({Role.head_of_communications, Role.system_administrator})),
}


def kind_of(key: str) -> DecisionKind | None:
    """`gallringsbeslut.<decision id>` or one of the plain keys."""
    return KINDS.get(key.split(".", 1)[0])


class LocalDecision(_Strict):
    key: str = Field(..., pattern=r"^[a-z_]+(\.[a-z][a-z0-9_-]{0,60})?$")
    value: dict[str, Any]
    decided_by: str = Field(..., min_length=2, max_length=200, description="Who decided (e.g. Kommunstyrelsen).")
    decided_on: date
    reference: str | None = Field(None, max_length=200, description="Diarienummer or paragraph of the decision.")
    entered_by: str | None = None
    entered_at: datetime | None = None

    def origin(self) -> Origin:
        return Origin(Kind.local_decision, decided_by=self.decided_by, decided_on=self.decided_on.isoformat(),
                      reference=self.reference, entered_by=self.entered_by)


class RecordDecisionCommand(_Strict):
    actor: Actor
    municipality: str = Field(..., pattern=_MUNICIPALITY)
    key: str = Field(..., max_length=80)
    value: dict[str, Any]
    decided_by: str = Field(..., min_length=2, max_length=200)
    decided_on: date
    reference: str | None = Field(None, max_length=200)


class LocalDecisionsQuery(_Strict):
    municipality: str = Field(..., pattern=_MUNICIPALITY)


# --- laying decisions over the pack ---------------------------------------------------------

def _set(tree: dict[str, Any], path: list[str | int], value: Any) -> None:
    node: Any = tree
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _index(items: list[dict[str, Any]], item_id: str) -> int | None:
    return next((i for i, item in enumerate(items) if item.get("id") == item_id), None)


def _lay(tree: dict[str, Any], decision: LocalDecision, pack: PolicyPack) -> list[str]:
    """Write one decision into the dumped pack; the dotted paths it decided. ValueError (Swedish) if it does not fit."""
    name, _, sub = decision.key.partition(".")
    value = decision.value
    if name == "gallringsbeslut":
        archive = tree["archive"]
        at = _index(archive["culling_decisions"], sub)
        if at is None:
            raise ValueError(f"policypaketet har inget gallringsbeslut med id {sub!r}")
        _set(tree, ["archive", "culling_decisions", at, "reference"], decision.reference)
        _set(tree, ["archive", "culling_decisions", at, "decided_by"], decision.decided_by)
        _set(tree, ["archive", "culling_decisions", at, "decided_on"], decision.decided_on.isoformat())
        rules = {r["id"]: i for i, r in enumerate(archive["retention"]) if r.get("decision") == sub
                 and r.get("action") == "cull"}
        unknown = set(value["periods"]) - set(rules)
        if unknown:
            raise ValueError(f"regler som inte vilar på beslutet: {', '.join(sorted(unknown))}")
        missing = set(rules) - set(value["periods"])
        if missing:
            raise ValueError(f"gallringsfrist saknas för {', '.join(sorted(missing))}")
        paths = [f"archive.culling_decisions.{sub}"]
        for rule_id, months in value["periods"].items():
            _set(tree, ["archive", "retention", rules[rule_id], "after_months"], months)
            paths.append(f"archive.retention.{rule_id}.after_months")
        return paths
    if name in ("response_times", "holiday_periods"):
        if tree["moderation"].get("sla") is None:
            raise ValueError("policypaketet har inga svarstidsklockor (moderation.sla)")
        if name == "response_times":
            tree["moderation"]["sla"]["municipality_wide"] = value["municipality_wide"]
            tree["moderation"]["sla"]["local"] = value["local"]
            return ["moderation.sla.municipality_wide", "moderation.sla.local"]
        if tree["moderation"]["sla"].get("holiday_mode") is None:
            raise ValueError("policypaketet har inget semesterläge (moderation.sla.holiday_mode)")
        tree["moderation"]["sla"]["holiday_mode"]["periods"] = [list(p) for p in value["periods"]]
        return ["moderation.sla.holiday_mode.periods"]
    if name in ("fallback_recipients", "escalation_recipients"):
        tree["notify"][name] = value["recipients"]
        return [f"notify.{name}"]
    if name == "council_parties":
        tree["registry"]["link_page"]["council_parties"] = value["parties"]
        return ["registry.link_page.council_parties"]
    if name == "gdpr_contact":
        tree["registry"]["link_page"]["gdpr_contact"] = value["contact"]
        return ["registry.link_page.gdpr_contact"]
    raise ValueError(f"okänt beslut {decision.key!r}")


@dataclass(frozen=True)
class Effective:
    """The pack as it applies now: the shipped pack with the local decisions laid over it."""

    pack: PolicyPack
    local: dict[str, Origin]        # dotted path → the local decision that set it

    def decided(self, path: str) -> bool:
        from .provenance import is_decided

        return is_decided(self.pack, path, self.local)


_CACHE: dict[tuple[str, tuple[str, ...]], Effective] = {}


def effective(pack: PolicyPack, decisions: list[LocalDecision]) -> Effective:
    """Lay `decisions` over `pack` (cached: a service asks for every item it handles)."""
    stamp = tuple(sorted(f"{d.key}@{d.entered_at}" for d in decisions))
    key = (pack.name + ":" + str(id(pack)), stamp)
    if (hit := _CACHE.get(key)) is not None:
        return hit
    if not decisions:
        result = Effective(pack, {})
    else:
        tree = pack.model_dump(mode="json")
        local: dict[str, Origin] = {}
        for decision in sorted(decisions, key=lambda d: d.key):
            for path in _lay(tree, decision, pack):
                local[path] = decision.origin()
        result = Effective(PolicyPack.model_validate(tree), local)
    if len(_CACHE) > 256:
        _CACHE.clear()
    _CACHE[key] = result
    return result


# --- storage (each service's own database) -------------------------------------------------

class LocalDecisionStore:
    """`local_decisions` (the one in force per key) and `local_decision_history` (every entry)."""

    def __init__(self, database: Any) -> None:
        self.current = database["local_decisions"]
        self.history = database["local_decision_history"]
        self._last: dict[str, list[LocalDecision]] = {}
        self._recent: Recent[str, list[LocalDecision]] = Recent()

    async def ensure_indexes(self) -> None:
        await self.current.create_index("municipality")

    async def record(self, municipality: str, decision: LocalDecision) -> None:
        doc = {"municipality": municipality, **decision.model_dump(mode="json")}
        entered = decision.entered_at.isoformat() if decision.entered_at else ""
        # History first, with a deterministic id: a retried command adds nothing twice.
        try:
            await self.history.insert_one({"_id": f"{municipality}:{decision.key}:{entered}", **doc})
        except DuplicateKeyError:
            pass  # the same entry again (a redelivered command): already in the history
        await self.current.replace_one({"_id": f"{municipality}:{decision.key}"}, doc, upsert=True)
        self._recent.changed(municipality)

    async def all(self, municipality: str) -> list[LocalDecision]:
        docs = await self.current.find({"municipality": municipality}).to_list(length=500)
        found = [LocalDecision.model_validate({k: v for k, v in d.items() if k not in ("_id", "municipality")})
                 for d in docs]
        self._last[municipality] = found
        return found

    async def recent(self, municipality: str) -> list[LocalDecision]:
        """As `all`, read a few seconds ago at most (shared/recent.py): for handlers, which
        would otherwise read the same documents for every message."""
        return await self._recent.get(municipality, lambda: self.all(municipality))

    async def all_or_last(self, municipality: str) -> list[LocalDecision]:
        """As `all`, or what this process last read while the database is away (an alert
        that the database is down must still reach the confirmed address)."""
        try:
            return await self.all(municipality)
        except Exception:
            if municipality in self._last:
                return self._last[municipality]
            raise


# --- the command and the query ----------------------------------------------------------------

async def record_decision(*, store: LocalDecisionStore, service: str, pack: PolicyPack,
                          command: RecordDecisionCommand, now: datetime) -> CommandResult[None]:
    """Check and keep one local decision; refusals in Swedish name what is wrong."""
    actor = command.actor
    if actor.municipality != command.municipality:
        return CommandResult(ok=False, message="Du kan bara registrera beslut för din egen kommun.")
    kind = kind_of(command.key)
    if kind is None or kind.service != service:
        return CommandResult(ok=False, message=f"Beslutet {command.key!r} hör inte till {service}.")
    if not kind.roles & set(actor.roles):
        names = ", ".join(sorted(r.value for r in kind.roles))
        return CommandResult(ok=False, message=f"Behörighet saknas: ett {kind.label} registreras av {names}.")
    if kind.reference_required and not (command.reference or "").strip():
        return CommandResult(ok=False, message=f"Ange beslutets diarienummer eller paragraf ({kind.label}).")
    try:
        value = kind.value.model_validate(command.value)
    except ValidationError as exc:
        first = exc.errors()[0]
        return CommandResult(ok=False, message=f"Ogiltigt {kind.label}: {'.'.join(map(str, first['loc']))}: "
                                               f"{first['msg']}")
    decision = LocalDecision(key=command.key, value=value.model_dump(mode="json"), decided_by=command.decided_by,
                             decided_on=command.decided_on, reference=command.reference, entered_by=actor.name,
                             entered_at=now)
    others = [d for d in await store.all(command.municipality) if d.key != command.key]
    try:
        effective(pack, [*others, decision])
    except (ValueError, ValidationError) as exc:
        return CommandResult(ok=False, message=f"Beslutet passar inte policypaketet: {_first_line(exc)}")
    await store.record(command.municipality, decision)
    return CommandResult(ok=True, id=command.key, message=f"{kind.label.capitalize()} sparat ({command.decided_by}, "
                                                          f"{command.decided_on.isoformat()}).")


def _first_line(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        e = exc.errors()[0]
        return f"{'.'.join(map(str, e['loc']))}: {e['msg']}"
    return str(exc)


def register_local_decisions(broker: Any, *, service: str, store: LocalDecisionStore,
                             pack: Callable[[str], PolicyPack], now: Callable[[], datetime]) -> None:
    """`cmd.<service>.record_decision` and `q.<service>.local_decisions` for one service."""
    from shared import subjects
    from shared.commands import command_subscriber

    @command_subscriber(broker, service=service, what="record_decision", model=RecordDecisionCommand,
                        description="Records a local decision the pack leaves to the municipality "
                                    "(shared/policy/local.py).")
    async def cmd_record(command: RecordDecisionCommand) -> CommandResult[None]:
        return await record_decision(store=store, service=service, pack=pack(command.municipality),
                                     command=command, now=now())

    async def query_local(query: LocalDecisionsQuery) -> list[dict[str, Any]]:
        return [d.model_dump(mode="json") for d in await store.all(query.municipality)]

    query_local.__name__ = query_local.__qualname__ = f"query_{service}_local_decisions"
    broker.subscriber(subjects.query(service, "local_decisions"), queue=service)(query_local)
