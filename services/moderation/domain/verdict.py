"""From hits to a verdict under one municipality's pack: categories, intents, the
actions the pack prescribes, severity, and which automatic actions it permits."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from shared.contracts.moderation import MatchedSpan, PackAction, Referral, Severity
from shared.policy.sections.moderation import CATEGORY_IDS, INTENT_IDS, ItemAction, ModerationPolicy

from .hits import CATEGORY, INTENT, MODEL_RULE_PREFIX, SIGNAL, Hit

SEVERITY_RANK = {s: i for i, s in enumerate(Severity)}
# Used when a pack says nothing about a category (e.g. a pack still being written).
DEFAULT_SEVERITY = {
    "threat": Severity.severe, "hate_speech": Severity.severe, "violence_pornography": Severity.severe,
    "incitement_crime": Severity.severe, "confidential": Severity.severe, "personal_attack": Severity.high,
    "sexism_harassment": Severity.high, "personal_data": Severity.high, "sensitive_personal_data": Severity.high,
    "copyright": Severity.medium, "profanity": Severity.medium, "commercial": Severity.low,
    "party_politics": Severity.low,
}
_ACTION_RANK = {"remove": 5, "hide": 4, "review": 3, "refer": 2, "reply": 2, "register": 1, "keep": 0}


@dataclass(frozen=True)
class AutoAction:
    """An automatic action the pack permits for a category the rules found often enough."""

    action: str
    category: str
    rules: list[str]
    source: str


@dataclass(frozen=True)
class Verdict:
    categories: list[str]
    intents: list[str]
    hits: list[Hit]
    actions: list[PackAction]
    severity: Severity
    recommended_action: str
    auto_actions: list[AutoAction] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)
    refer_to: Referral | None = None

    def spans(self, text: str) -> list[MatchedSpan]:
        """Every matched passage with what it stands for and the rule (a model's hit adds its score)."""
        out = {(s, e, h.kind, h.id, h.rule_id, h.detail.get("score", "")) for h in self.hits for s, e in h.spans}
        return [MatchedSpan.model_validate({"start": s, "end": e, "text": text[s:e],
                                            "category" if kind == CATEGORY else kind: hid, "rule_id": rule,
                                            **({"score": float(score)} if score else {})})
                for s, e, kind, hid, rule, score in sorted(out)]


def assess(hits: list[Hit], policy: ModerationPolicy) -> Verdict:
    by_category: dict[str, list[Hit]] = defaultdict(list)
    by_intent: dict[str, list[Hit]] = defaultdict(list)
    signals: set[str] = set()
    for hit in hits:
        if hit.kind == CATEGORY and hit.id in CATEGORY_IDS:
            by_category[hit.id].append(hit)
        elif hit.kind == INTENT and hit.id in INTENT_IDS:
            by_intent[hit.id].append(hit)
        elif hit.kind == SIGNAL:
            signals.add(hit.id)
    categories = [c for c in CATEGORY_IDS if c in by_category]
    intents = [i for i in INTENT_IDS if i in by_intent]
    actions: list[PackAction] = []
    severity = Severity.none
    # A report quotes what someone else wrote: staff review it and act on the original; the
    # categories say what was reported, not what the writer did (no automatic action either).
    report = "reports_content" in by_intent
    for cat in categories:
        rule = policy.categories.get(cat)  # type: ignore[call-overload]
        sev = rule.severity if rule else DEFAULT_SEVERITY[cat]
        if SEVERITY_RANK[sev] > SEVERITY_RANK[severity]:
            severity = sev
        action = rule.action.value if rule else "review"
        if action == ItemAction.keep:
            continue
        entry: dict[str, Any] = {"action": action, "category": cat, "forbidden": bool(rule and rule.forbidden)}
        if rule and rule.police_report:
            entry["police_report"] = True
        if rule and rule.registration:
            entry["register"] = True
        if rule and rule.source:
            entry["source"] = rule.source
        if report:
            entry.update({"action": "review", "reported": True})
        actions.append(PackAction.model_validate(entry))  # only the keys that apply are set (and sent)
    refer_to = None
    for intent in intents:
        irule = policy.intents.get(intent)  # type: ignore[call-overload]
        entry = {"action": (irule.action.value if irule
                            else ("refer" if intent in ("personal_matter", "out_of_scope") else "reply")),
                 "intent": intent}
        if irule:
            entry.update({"sla": irule.sla, "route_to_unit": irule.route_to_unit, "register": irule.registration})
        if intent == "out_of_scope":
            # Only a rule that named the authority can say where to refer (a model's hit cannot).
            refer_to = next((Referral.model_validate(h.detail) for h in by_intent[intent]
                             if "authority" in h.detail), None)
            if refer_to:
                entry["refer_to"] = refer_to
        actions.append(PackAction.model_validate(entry))
    if severity == Severity.none and intents:
        severity = Severity.low
    recommended = max((a.action for a in actions), key=lambda a: _ACTION_RANK.get(a, 0), default="keep")
    auto: list[AutoAction] = []
    for permitted in [] if report else policy.auto_actions:
        # Automatic actions need the rules' certainty: a model's score is for review, not for acting.
        found = [h for h in by_category.get(permitted.category.value, [])
                 if not h.rule_id.startswith(MODEL_RULE_PREFIX)]
        rules = {h.rule_id for h in found}
        if len({s for h in found for s in h.spans}) >= permitted.min_matches:
            auto.append(AutoAction(action=permitted.action.value, category=permitted.category.value,
                                   rules=sorted(rules), source=permitted.source))
    return Verdict(categories=categories, intents=intents, hits=hits, actions=actions, severity=severity,
                   recommended_action=recommended, auto_actions=auto, signals=sorted(signals), refer_to=refer_to)
