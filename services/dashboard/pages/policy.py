"""The pack page (/policy): every value of the municipality's policy pack with where it
comes from (policy line, local decision, default), the decisions that are still missing,
and the forms in which an administrator records them (sent as
`cmd.<service>.record_decision`, audited like every action)."""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter
from starlette.responses import Response
from starlette.routing import Route

from shared.policy import PolicyError, load_pack
from shared.policy.local import Effective, LocalDecision, effective
from shared.policy.provenance import Kind, value_rows
from shared.policy.readiness import (confirmed_fallback, holiday_periods_decided, missing_culling_decisions,
                                     response_targets_decided)

from ..deps import Deps
from ..domain.permissions import Permission
from ..web import Ctx, guard

DECISION_SERVICES = ("archive", "moderation", "notify", "registry")
# `q.<service>.local_decisions`, answered alike by each (shared/policy/local.py).
LOCAL_DECISIONS: TypeAdapter[list[LocalDecision]] = TypeAdapter(list[LocalDecision])
SECTION_LABELS = {"source": "Dokumentet", "registry": "Konton (kontoregistret)", "moderation": "Moderering och svar",
                  "archive": "Arkiv, diarieföring och gallring", "notify": "Larm och krisutskick"}


def shown(value: Any) -> str:
    """A value as one short line for the table."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "…"


def link_page_gaps(eff: Effective) -> list[str]:
    """What the pack says the link page shows but nobody has entered yet."""
    page, gaps = eff.pack.registry.link_page, []
    if not page.council_parties and eff.decided("registry.link_page.council_parties"):
        gaps.append("Partierna i kommunfullmäktige är inte inlagda: länksidan visar inga partier.")
    if page.personal_data_controller and not page.gdpr_contact:
        gaps.append("Ingen kontakt för frågor om personuppgifter: länksidan och utlämnanden visar bara "
                    "den personuppgiftsansvariga.")
    return gaps


async def page(ctx: Ctx) -> Response:
    try:
        pack = load_pack(ctx.municipality)
    except PolicyError as exc:
        return ctx.render("error.html", status=404, title="Inget policypaket", message=str(exc))
    decisions: list[LocalDecision] = []
    errors = []
    for service in DECISION_SERVICES:
        gw = ctx.deps.gateway
        answer = await gw.typed(service, "local_decisions", gw.client(service).for_municipality(
            "local_decisions", ctx.municipality, LOCAL_DECISIONS))
        if answer.error:
            errors.append(answer.error)
        decisions += answer.value or []
    eff = effective(pack, decisions)
    rows = value_rows(eff.pack, eff.local)
    sections: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        sections.setdefault(row.path.split(".", 1)[0], []).append(
            {"path": row.path, "value": shown(row.value), "kind": row.origin.kind.value,
             "label": row.origin.label, "describe": row.origin.describe()})
    counts = {k.value: sum(1 for r in rows if r.origin.kind == k) for k in Kind}
    archive = eff.pack.archive
    culling = [{"decision": d, "rules": [r for r in archive.retention if r.action == "cull" and r.decision == d.id]}
                for d in archive.culling_decisions]
    sla = eff.pack.moderation.sla
    return ctx.render(
        "policy.html", pack=eff.pack, sections=sections, section_labels=SECTION_LABELS, counts=counts,
        missing_culling=missing_culling_decisions(eff), targets_decided=response_targets_decided(eff),
        holiday_decided=holiday_periods_decided(eff), fallback=confirmed_fallback(eff), culling=culling,
        sla=sla, decisions=decisions, errors=errors, can_decide=ctx.can(Permission.policy_decide),
        link_page=eff.pack.registry.link_page, link_gaps=link_page_gaps(eff),
        source_document=pack.provenance.document)


def routes(deps: Deps) -> list[Route]:
    return [Route("/policy", guard(deps, page, Permission.policy_view))]
