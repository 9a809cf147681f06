"""Every action staff can take from the UI, who may take it, and the command it sends.

One table, so the server-side role check, the required reason, the payload and the audit
entry are built the same way for every action. The owning service checks the actor's
role again and publishes the resulting events; the dashboard never changes another
service's data itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, TypeVar, overload

from pydantic import BaseModel, ValidationError

from shared.commands import describe_errors
from shared.contracts.archive import (
    ExportDisclosure,
    ExportSip,
    PlaceHold,
    RegisterManually,
    ReleaseHold,
    RequestRegistration,
    RunCulling,
    SipExported,
    TakeSnapshot,
)
from shared.contracts.commands import Actor, CommandResult
from shared.contracts.moderation import DecideCommand, HolidayCommand
from shared.contracts.notify import (
    AcknowledgeAlert,
    ApproveBroadcast,
    CancelBroadcast,
    DraftBroadcast,
    EscalateAlert,
    ReviseBroadcast,
)
from shared.contracts.registry import (
    AccountCommand,
    ActivateAccount,
    ApproveAccount,
    AssessAccount,
    AssignResponsibilities,
    ProposeAccount,
    RecordReview,
    UpdateAccount,
)
from shared.policy.local import RecordDecisionCommand

from ..adapters.gateway import Gateway
from ..domain.labels import DECISIONS, MEDIA_CONSENT, STOCKHOLM
from ..domain.permissions import Permission


C = TypeVar("C", bound=BaseModel)
D = TypeVar("D", bound=BaseModel)


def command_of(model: type[C], actor: Actor, fields: dict[str, Any]) -> C | CommandResult[None]:
    """The command as its contract, from the actor and the fields a form gave; or, when
    they do not make one, the refusal the service would answer (the same words)."""
    data: dict[str, Any] = {"actor": actor, **fields}
    if "municipality" in model.model_fields:
        data.setdefault("municipality", actor.municipality)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        return CommandResult(ok=False, message=f"Ogiltigt kommando: {describe_errors(exc)}")


@overload
async def send(gw: Gateway, service: str, what: str, command: BaseModel | CommandResult[None], reply: None = None,
               *, timeout: float | None = None) -> CommandResult[None]: ...


@overload
async def send(gw: Gateway, service: str, what: str, command: BaseModel | CommandResult[None], reply: type[D],
               *, timeout: float | None = None) -> CommandResult[D]: ...


async def send(gw: Gateway, service: str, what: str, command: BaseModel | CommandResult[None],
               reply: type[BaseModel] | None = None, *,
               timeout: float | None = None) -> CommandResult[BaseModel | None]:
    """`cmd.<service>.<what>`, its answer's data read as `reply` (see `Gateway.command`),
    unless building the command was refused already."""
    if isinstance(command, CommandResult):
        return command
    return await gw.command(service, what, command, reply, timeout=timeout)


class Form:
    """Read access to a submitted form: trimmed strings, bounded lengths."""

    def __init__(self, get: Callable[[str], str], getlist: Callable[[str], list[str]]) -> None:
        self.get, self.getlist = get, getlist

    def opt(self, name: str) -> str | None:
        return self.get(name) or None

    def flag(self, name: str) -> bool:
        return self.get(name) in ("true", "on", "1", "ja")

    def day(self, name: str, *, end: bool = False) -> str | None:
        """A date field as the start (or end) of that day in Swedish time, as UTC ISO."""
        value = self.get(name)
        if not value:
            return None
        try:
            day = datetime.strptime(value, "%Y-%m-%d").date()
        except ValueError:
            return None
        moment = datetime.combine(day, time.max if end else time.min, tzinfo=STOCKHOLM)
        return moment.isoformat()


Build = Callable[[Form, str], dict[str, Any]]


@dataclass(frozen=True)
class Action:
    service: str
    what: str                       # cmd.<service>.<what>
    model: type[BaseModel]          # its contract (shared/contracts/<service>.py), built from `build`'s fields
    permission: Permission
    label: str
    build: Build
    reason_required: bool = False
    required: tuple[str, ...] = ()  # form fields that must be filled in
    target: str = ""                # form field naming what the action concerns (audit)
    timeout_s: float | None = None  # longer than REQUEST_TIMEOUT for work staff wait for
    reply: type[BaseModel] | None = None  # its answer's data model, where staff are shown some of it


def _content(f: Form) -> dict[str, Any]:
    content: dict[str, Any] = {"title": f.get("title"), "body": f.get("body"),
                               "severity": f.get("severity") or "warning"}
    if f.get("short_text"):
        content["short_text"] = f.get("short_text")
    if f.get("kind") == "all_clear":
        content["severity"] = "all_clear"
    if f.get("image_url"):
        # The consent boxes as ticked; notify refuses an image whose pack asks for more (Eskilstuna L82).
        content |= _drop_none({"image_url": f.get("image_url"), "image_alt_text": f.opt("image_alt_text"),
                               "image_consent": {c: True for c in f.getlist("consent") if c in MEDIA_CONSENT}})
    return content


def _drop_none(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != []}


def _account(f: Form, reason: str, **extra: Any) -> dict[str, Any]:
    return {"account_id": f.get("account_id"), "reason": reason, **extra}


# How many rows the account page offers for administrators and substitutes (Lidköping
# asks for two administrators; a few spare rows let staff add people without script).
PEOPLE_ROWS = 4
MAX_PEOPLE = 20  # registry's limit; an account with more people than PEOPLE_ROWS gets a row each
PERSON_FIELDS = ("name", "function", "email", "phone", "user_id")


def _person(f: Form, prefix: str) -> dict[str, Any] | None:
    """One responsible person from `<prefix>_name`, `_function`, …; no name = nobody."""
    name = f.get(f"{prefix}_name")
    if not name:
        return None
    return _drop_none({field: f.opt(f"{prefix}_{field}") for field in PERSON_FIELDS})


def _responsibilities(f: Form, reason: str) -> dict[str, Any]:
    """`cmd.registry.assign`: a patch of the part of the responsibilities the form shows.

    The form shows the current values, so what is sent is what staff saw and left: an
    emptied field is sent as `null` (registry clears it), a field of the other part is
    not sent at all (registry keeps it). Login details are never asked for; only where
    they are deposited and when they were reported.
    """
    patch: dict[str, Any]
    if f.get("part") == "people":
        patch = {"manager": _person(f, "manager"), "responsible_editor": _person(f, "editor"),
                 "administrators": [p for i in range(MAX_PEOPLE) if (p := _person(f, f"admin{i}"))],
                 "substitutes": [p for i in range(MAX_PEOPLE) if (p := _person(f, f"sub{i}"))]}
    else:
        patch = {"board": f.opt("board"), "administration": f.opt("administration"), "unit": f.opt("unit"),
                 "responsible_function": f.opt("responsible_function"),
                 "routines_document": f.opt("routines_document"),
                 "sender_identity_confirmed": f.flag("sender_identity_confirmed"),
                 "credentials_location": f.opt("credentials_location"),
                 "credentials_reported_at": f.day("credentials_reported_at"),
                 "credentials_reported_to": f.opt("credentials_reported_to"),
                 "crisis_plan": f.opt("crisis_plan"), "website_link": f.flag("website_link")}
    return _account(f, reason, responsibilities=patch)


def _facts(f: Form, reason: str) -> dict[str, Any]:
    """`cmd.registry.update`: the account's facts; an empty name, address or id is left as it was."""
    return _account(f, reason, **_drop_none({
        "name": f.opt("name"), "url": f.opt("url"), "platform_account_id": f.opt("platform_account_id"),
        "tier": f.opt("tier"), "purpose": f.get("purpose"), "target_group": f.get("target_group"),
        "crisis_channel": f.flag("crisis_channel")}))


REGISTRY_ACTIONS: list[tuple[str, str, Build, type[BaseModel]]] = [
    ("assess", "Bedömning", lambda f, r: _account(f, r, answers=[
        {"criterion_id": c, "met": c in f.getlist("met"), "note": f.get(f"note_{c}")} for c in f.getlist("criteria")]),
     AssessAccount),
    ("approve", "Godkännande", lambda f, r: _drop_none(_account(f, r, consulted=f.opt("consulted"))), ApproveAccount),
    ("reject", "Avslag", lambda f, r: _account(f, r), AccountCommand),
    ("activate", "Aktivering", lambda f, r: _drop_none(_account(
        f, r, confirmations={c: True for c in f.getlist("confirm")}, platform_account_id=f.opt("platform_account_id"),
        url=f.opt("url"))), ActivateAccount),
    ("start_review", "Översyn", lambda f, r: _account(f, r), AccountCommand),
    ("record_review", "Översynens utfall", lambda f, r: _account(f, r, outcome=f.get("outcome") or "continue",
                                                                 changes=f.get("changes"),
                                                                 close_reasons=f.getlist("close_reasons")),
     RecordReview),
    ("decide_close", "Beslut om avveckling", lambda f, r: _account(f, r), AccountCommand),
    ("close", "Avslut", lambda f, r: _account(f, r), AccountCommand),
]

def _policy_decision(f: Form, reason: str) -> dict[str, Any]:
    from .policy_forms import decision_payload  # it builds on Form: imported late

    return decision_payload(f, reason)


ACTIONS: dict[str, Action] = {f"{a.service}.{a.what}": a for a in [
    # --- moderation: every decision needs a reason (who, what, why, when); one command per decision ---
    *[Action("moderation", decision, DecideCommand,
             Permission.moderate_decide, f"Beslut ({label.lower()})", reason_required=True,
             required=("item_event_id",), target="item_event_id",
             build=lambda f, reason: _drop_none({
                 "item_event_id": f.get("item_event_id"), "reason": reason, "command_id": f.opt("command_id"),
                 "reply_text": f.opt("reply_text"), "unit": f.opt("unit"),
                 "notify_author": f.flag("notify_author") or None}))
      for decision, label in DECISIONS.items()],
    Action("moderation", "holiday_mode", HolidayCommand, Permission.holiday_mode, "Semesterläge",
           build=lambda f, reason: {"enabled": f.flag("enabled")}),
    # --- registry: lifecycle actions carry their checklists (registry checks them against the pack) ---
    *[Action("registry", what, model, Permission.registry_manage, label, reason_required=True, required=("account_id",),
             target="account_id", build=build) for what, label, build, model in REGISTRY_ACTIONS],
    # Responsibilities and facts: registry asks no reason for these (it keeps one if given).
    Action("registry", "assign", AssignResponsibilities, Permission.registry_manage, "Ansvar", required=("account_id",),
           target="account_id", build=_responsibilities),
    Action("registry", "update", UpdateAccount, Permission.registry_manage, "Kontouppgifter", required=("account_id",),
           target="account_id", build=_facts),
    Action("registry", "propose", ProposeAccount, Permission.registry_view, "Förslag på konto", reason_required=True,
           required=("platform", "name", "tier"), target="name",
           build=lambda f, reason: _drop_none({
               "request_id": f.opt("request_id"), "platform": f.get("platform"), "name": f.get("name"),
               "tier": f.get("tier"), "purpose": f.get("purpose"), "target_group": f.get("target_group"),
               "url": f.opt("url"), "reason": reason})),
    # --- archive ---
    Action("archive", "disclose", ExportDisclosure, Permission.archive_disclose, "Utlämnande", reason_required=True,
           required=("record_ids",), target="reference",
           build=lambda f, reason: {"record_ids": f.getlist("record_ids")[:500], "requester": f.get("requester"),
                                    "reference": f.get("reference"), "reason": reason}),
    Action("archive", "register", RegisterManually, Permission.archive_disclose, "Diarieföring", reason_required=True,
           required=("record_id", "diarienummer"), target="record_id",
           build=lambda f, reason: _drop_none({"record_id": f.get("record_id"), "diarienummer": f.get("diarienummer"),
                                               "board": f.opt("board"), "case_reference": f.opt("case_reference"),
                                               "reason": reason})),
    Action("archive", "request_registration", RequestRegistration,
           Permission.archive_disclose, "Diarieföring i ärendesystemet",
           required=("record_id",), target="record_id",
           build=lambda f, reason: _drop_none({"record_id": f.get("record_id"), "board": f.opt("board"),
                                               "reason": reason})),
    # The snapshot worker renders the page twice (DOM, screenshot; each at most 60 s by
    # default), which takes seconds: the archive answers within 2 × 60 + 15 s whatever happens.
    Action("archive", "snapshot", TakeSnapshot, Permission.archive_snapshot, "Skärmdump av kontots sida",
           required=("account_id",), target="account_id", timeout_s=150.0,
           build=lambda f, reason: {"account_id": f.get("account_id"), "reason": reason}),
    Action("archive", "hold", PlaceHold, Permission.archive_manage, "Gallringsstopp", reason_required=True,
           required=("record_ids",), target="record_ids",
           build=lambda f, reason: {"record_ids": f.getlist("record_ids")[:5000], "reason": reason}),
    Action("archive", "release_hold", ReleaseHold,
           Permission.archive_manage, "Häv gallringsstopp", reason_required=True,
           required=("hold_id",), target="hold_id",
           build=lambda f, reason: {"hold_id": f.get("hold_id"), "reason": reason}),
    Action("archive", "cull", RunCulling, Permission.archive_manage, "Gallringskörning", reason_required=True,
           build=lambda f, reason: {"dry_run": f.flag("dry_run"), "reason": reason}),
    Action("archive", "export_sip", ExportSip, Permission.archive_manage, "E-ARK-export", reason_required=True,
           target="account_id", reply=SipExported,
           build=lambda f, reason: _drop_none({"account_id": f.opt("account_id"), "date_from": f.day("from_date"),
                                               "date_to": f.day("to_date", end=True), "reason": reason})),
    # --- alerts ---
    Action("notify", "acknowledge_alert", AcknowledgeAlert,
           Permission.alerts_handle, "Kvittering", required=("alert_id",),
           target="alert_id", build=lambda f, reason: {"alert_id": f.get("alert_id"), "note": reason}),
    Action("notify", "escalate_alert", EscalateAlert, Permission.alerts_handle, "Eskalering", reason_required=True,
           required=("alert_id",), target="alert_id",
           build=lambda f, reason: {"alert_id": f.get("alert_id"), "reason": reason}),
    # --- the pack page: decisions the municipality takes itself, kept by the service that acts on them ---
    *[Action(service, "record_decision", RecordDecisionCommand, Permission.policy_decide, "Lokalt beslut",
             required=("key", "decided_by", "decided_on"), target="key", build=_policy_decision)
      for service in ("archive", "moderation", "notify", "registry")],
    # --- crisis broadcasts: approval by a second person is checked by notify ---
    Action("notify", "draft_broadcast", DraftBroadcast, Permission.crisis_draft, "Utkast", required=("title", "body"),
           target="parent_id",
           build=lambda f, reason: _drop_none({"request_id": f.opt("request_id"), "kind": f.get("kind") or "alert",
                                               "parent_id": f.opt("parent_id"), "content": _content(f)})),
    Action("notify", "revise_broadcast", ReviseBroadcast,
           Permission.crisis_draft, "Ändring", required=("broadcast_id", "title", "body"),
           target="broadcast_id",
           build=lambda f, reason: {"broadcast_id": f.get("broadcast_id"), "content": _content(f)}),
    Action("notify", "approve_broadcast", ApproveBroadcast,
           Permission.crisis_approve, "Godkännande", required=("broadcast_id",),
           target="broadcast_id",
           build=lambda f, reason: _drop_none({"broadcast_id": f.get("broadcast_id"),
                                               "revision": (int(f.get("revision"))
                                                            if f.get("revision").isdigit() else None),
                                               "accept_warnings": f.flag("accept_warnings")})),
    Action("notify", "cancel_broadcast", CancelBroadcast, Permission.crisis_draft, "Återkallelse", reason_required=True,
           required=("broadcast_id",), target="broadcast_id",
           build=lambda f, reason: {"broadcast_id": f.get("broadcast_id"), "reason": reason}),
]}
