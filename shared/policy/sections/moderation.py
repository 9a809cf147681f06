"""The `moderation` section of a policy pack (owned by the moderation service).

It encodes what a municipality's document says about comments: which categories are
forbidden and what to do about each, how questions are handled and how fast, who may
decide what, which automatic actions are allowed, and which unit gets which feedback.
Every category the engine detects is reported whatever the pack says; the pack only
decides the action.
"""

from __future__ import annotations

import re
from datetime import time
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from shared.contracts.commands import Role
from shared.contracts.moderation import Severity

CATEGORY_IDS: tuple[str, ...] = (
    "personal_attack", "threat", "hate_speech", "sexism_harassment", "violence_pornography",
    "incitement_crime", "copyright", "commercial", "profanity", "personal_data",
    "sensitive_personal_data", "confidential", "party_politics",
)
# `reports_content`: the writer reports or quotes someone else's content (a threat, a slur)
# so that it is removed; the categories found are then what was reported, not the writer's.
INTENT_IDS: tuple[str, ...] = ("question", "complaint", "personal_matter", "out_of_scope", "reports_content")


# A classifier a pack may name: the two shipped, or a municipality's own `module:factory`.
_CLASSIFIER_NAME = re.compile(r"rules|lexical|[A-Za-z_][\w.]*:[A-Za-z_]\w*")

class Category(StrEnum):
    personal_attack = "personal_attack"
    threat = "threat"
    hate_speech = "hate_speech"
    sexism_harassment = "sexism_harassment"
    violence_pornography = "violence_pornography"
    incitement_crime = "incitement_crime"
    copyright = "copyright"
    commercial = "commercial"
    profanity = "profanity"
    personal_data = "personal_data"
    sensitive_personal_data = "sensitive_personal_data"
    confidential = "confidential"
    party_politics = "party_politics"


class Intent(StrEnum):
    question = "question"
    complaint = "complaint"
    personal_matter = "personal_matter"
    out_of_scope = "out_of_scope"
    reports_content = "reports_content"


class ItemAction(StrEnum):
    """What the pack says to do with an item in a category."""

    keep = "keep"        # detected, not forbidden here: shown in the queue for information only
    review = "review"    # a person looks at it (the document leaves it to judgement)
    hide = "hide"        # avpublicera: reversible
    remove = "remove"    # radera (after the content and sender are saved)


class Decision(StrEnum):
    """What staff (or a permitted automatic rule) decide about one item."""

    keep = "keep"
    hide = "hide"
    unhide = "unhide"
    remove = "remove"
    reply = "reply"
    refer = "refer"
    register = "register"
    police_report = "police_report"
    police_not_reported = "police_not_reported"  # the recorded decision not to report, with its reason (E)
    block = "block"


_Strict = ConfigDict(extra="forbid", frozen=True)
Text = Annotated[str, Field(min_length=1)]


class CategoryRule(BaseModel):
    model_config = _Strict

    forbidden: bool = Field(..., description="Listed as not allowed in the municipality's document.")
    action: ItemAction = Field(..., description="What to do with an item in this category.")
    severity: Severity = Field(..., description="Orders the review queue; `severe` alerts at once.")
    police_report: bool = Field(False, description="Content that breaks the law is to be reported (E).")
    registration: bool = Field(False, description="Register (diarieföra) after saving content and sender (L).")
    source: str = Field("", description="Where the document says so (for the audit trail).")

    @model_validator(mode="after")
    def _forbidden_needs_action(self) -> CategoryRule:
        if self.forbidden and self.action == ItemAction.keep:
            raise ValueError("a forbidden category cannot have action 'keep'")
        return self


class IntentRule(BaseModel):
    model_config = _Strict

    action: Decision = Field(..., description="reply, refer, register…")
    sla: bool = Field(False, description="Starts the answer clocks.")
    route_to_unit: bool = Field(False, description="Forward to the affected unit (critical views).")
    registration: bool = Field(False, description="Register (diarieföra) the item.")
    template: str = Field("", description="Suggested reply (Swedish), shown to staff.")
    unpublish_when_registered: bool = Field(
        False, description="Once the archive has registered the item in its case, it is taken off the platform "
                           "(hidden: reversible) - 'tas bort och flyttas till diariet' (Lidköping L58).")
    source: str = ""


class UnitHours(BaseModel):
    model_config = _Strict

    weekdays: list[Annotated[int, Field(ge=0, le=6)]] = Field([0, 1, 2, 3, 4], description="0 = Monday.")
    start: time = time(8, 0)
    end: time = time(17, 0)

    @model_validator(mode="after")
    def _order(self) -> UnitHours:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        if not self.weekdays:
            raise ValueError("at least one weekday is needed")
        return self


class OfficeHours(UnitHours):
    holidays_country: str = Field("SE", description="Public holidays from the `holidays` package.")
    closed_eves: list[str] = Field(
        default_factory=lambda: ["midsommarafton", "julafton", "nyarsafton"],
        description="Eves that are not working days in practice (not public holidays in law).",
    )
    units: dict[str, UnitHours] = Field(default_factory=dict, description="Units staffed at other hours (E).")

    @model_validator(mode="after")
    def _eves(self) -> OfficeHours:
        unknown = set(self.closed_eves) - {"midsommarafton", "julafton", "nyarsafton"}
        if unknown:
            raise ValueError(f"unknown eve(s): {sorted(unknown)}")
        return self


class WorkingTime(BaseModel):
    """A target in working time: hours or days of the office hours (a day = one office day)."""

    model_config = _Strict

    working_hours: float | None = Field(None, gt=0)
    working_days: float | None = Field(None, gt=0)

    @model_validator(mode="after")
    def _one(self) -> WorkingTime:
        if (self.working_hours is None) == (self.working_days is None):
            raise ValueError("give exactly one of working_hours or working_days")
        return self


class TierTargets(BaseModel):
    model_config = _Strict

    first_feedback: WorkingTime = Field(..., description="An answer or an acknowledgement that one is coming.")
    answer: WorkingTime = Field(..., description="The question answered.")


class HolidayMode(BaseModel):
    model_config = _Strict

    factor: float = Field(2.0, ge=1.0, le=10.0, description="Targets are multiplied by this while on.")
    notice: Text = Field(..., description="The visible notice (Swedish) that longer times apply.")
    periods: list[tuple[str, str]] = Field(
        default_factory=list, description="Recurring periods as MM-DD pairs, e.g. ['06-22', '08-09'].")
    post_notice: bool = Field(
        False, description="Publish the notice on the website and every live official account, pinned where the "
                           "platform can, when holiday mode is switched on, and take it down when it ends "
                           "(Eskilstuna L74: 'det ska tydligt framgå').")


class SlaPolicy(BaseModel):
    model_config = _Strict

    municipality_wide: TierTargets
    local: TierTargets
    at_risk_fraction: float = Field(0.75, gt=0, lt=1, description="Share of the target after which a clock is at risk.")
    holiday_mode: HolidayMode | None = None
    acknowledgement_cues: list[str] = Field(
        default_factory=lambda: ["återkommer", "svar kommer", "vi tittar på", "vi kollar", "undersöker"],
        description="A staff reply with one of these is first feedback only, not the answer.")
    source: str = ""


class Permissions(BaseModel):
    """Who may take each decision. `block` also needs `block_consult` (two different people)."""

    model_config = _Strict

    decide: dict[Decision, list[Role]] = Field(...)
    block_consult: list[Role] = Field(default_factory=list, description="Roles whose consultation a block needs.")
    block_min_violations: int = Field(2, ge=1, description="'vid upprepade tillfällen': earlier violations needed.")
    source: str = ""

    @model_validator(mode="before")
    @classmethod
    def _not_reporting_is_the_reporters(cls, data: Any) -> Any:
        """Who decides to report decides not to: a pack need not list both."""
        if isinstance(data, dict) and isinstance(data.get("decide"), dict):
            decide = data["decide"]
            if "police_not_reported" not in decide and "police_report" in decide:
                data = {**data, "decide": {**decide, "police_not_reported": decide["police_report"]}}
        return data

    @model_validator(mode="after")
    def _complete(self) -> Permissions:
        missing = [d.value for d in Decision if d not in self.decide]
        if missing:
            raise ValueError(f"no roles given for decision(s): {', '.join(missing)}")
        return self


class AutoAction(BaseModel):
    """An automatic action the pack permits. Only reversible ones (hide) are allowed."""

    model_config = _Strict

    category: Category
    action: ItemAction = ItemAction.hide
    min_matches: int = Field(2, ge=1, description="Distinct matched passages needed: only obvious cases.")
    source: str = ""

    @model_validator(mode="after")
    def _reversible(self) -> AutoAction:
        if self.action != ItemAction.hide:
            raise ValueError("automatic actions must be reversible: only 'hide' is allowed")
        return self


class Unit(BaseModel):
    model_config = _Strict

    name: Text
    contact: str = Field("", description="Where the unit takes forwarded feedback (e-mail or function).")
    keywords: list[str] = Field(default_factory=list, description="Words that point feedback to this unit.")
    board: str | None = Field(None, description="The nämnd this unit's matters are registered with (Eskilstuna "
                                                "L103): the archive registers an item routed here with it.")


class PoliticalQuestions(BaseModel):
    """Questions to the political leadership (Knivsta L18: the public must be able to get answers
    from it): routed to the unit that serves the politicians, their clock running there."""

    model_config = _Strict

    unit: str = Field(..., description="The routing unit that takes them (the politicians' secretariat).")
    cues: list[Text] = Field(..., min_length=1, description="Words that address the political leadership "
                                                            "(a cue starts a word, like unit keywords).")


class Routing(BaseModel):
    model_config = _Strict

    default_unit: str = Field(..., description="Takes what no keyword points elsewhere.")
    units: dict[str, Unit]
    route_praise: bool = Field(True, description="Forward valuable responses too, not only critical views.")
    political_questions: PoliticalQuestions | None = Field(
        None, description="Questions addressed to the political leadership go to this unit (Knivsta).")
    source: str = ""

    @model_validator(mode="after")
    def _default_known(self) -> Routing:
        if self.default_unit not in self.units:
            raise ValueError(f"default_unit {self.default_unit!r} is not one of the units")
        if self.political_questions and self.political_questions.unit not in self.units:
            raise ValueError(f"political_questions.unit {self.political_questions.unit!r} is not one of the units")
        return self


class Templates(BaseModel):
    model_config = _Strict

    removed: Text = Field(..., description="Told to the author when a comment is removed ({category}).")
    refer_personal: Text = Field(..., description="Referral of a personal matter to phone/e-mail.")
    refer_authority: Text = Field(..., description="Referral to another authority ({authority}, {url}).")
    contact: str = Field("", description="The municipality's phone/e-mail for referrals.")
    signature: str = Field(
        "", description="Appended to every reply sent through Kanalvakt, e.g. '/{name}, {function}, Piteå kommun' "
                        "(Piteå L69: who one is and in what function); empty: no signature.")

    @field_validator("signature")
    @classmethod
    def _signature_fields(cls, signature: str) -> str:
        if signature and not ("{name}" in signature and "{function}" in signature):
            raise ValueError("a signature names the writer: it needs {name} and {function}")
        return signature


class ModerationPolicy(BaseModel):
    model_config = _Strict

    categories: dict[Category, CategoryRule] = Field(default_factory=dict)
    intents: dict[Intent, IntentRule] = Field(default_factory=dict)
    office_hours: OfficeHours = Field(default_factory=OfficeHours)
    sla: SlaPolicy | None = None
    permissions: Permissions | None = None
    auto_actions: list[AutoAction] = Field(default_factory=list)
    routing: Routing | None = None
    templates: Templates | None = None
    classifiers: list[str] = Field(
        default_factory=lambda: ["rules", "lexical"],
        description="Classifiers to run, in order: `rules` (lexicons and phrase rules), `lexical` (the trained model), "
                    "or a `module:factory` of the municipality's own.")
    extra_terms: dict[Category, list[Text]] = Field(
        default_factory=dict,
        description="The municipality's own words per category, in the lexicon syntax (word, stem*, *stem, re:…).")
    harmless: list[Text] = Field(
        default_factory=list, description="Local harmless uses that cancel any category match they overlap.")

    @field_validator("classifiers")
    @classmethod
    def _classifier_names(cls, names: list[str]) -> list[str]:
        for name in names:
            if not _CLASSIFIER_NAME.fullmatch(name):
                raise ValueError(f"{name!r} is not a classifier: use `rules`, `lexical` or `package.module:factory`")
        return names

    @model_validator(mode="after")
    def _consistent(self) -> ModerationPolicy:
        if self.categories:
            missing = [c for c in CATEGORY_IDS if c not in self.categories]
            if missing:
                raise ValueError(f"every category needs a rule (forbidden or not); missing: {', '.join(missing)}")
        for category, terms in self.extra_terms.items():
            for term in terms:
                _check_term(term, f"extra_terms.{category.value}")
        for term in self.harmless:
            _check_term(term, "harmless")
        for auto in self.auto_actions:
            rule = self.categories.get(auto.category)
            if rule is None or not rule.forbidden:
                raise ValueError(f"automatic action for {auto.category.value!r}, which the pack does not forbid")
        return self


def _check_term(term: str, where: str) -> None:
    """A lexicon entry must compile: a pack with a broken regex fails on load, not on the first comment."""
    import re

    if term.startswith("re:"):
        try:
            re.compile(term[3:])
        except re.error as exc:
            raise ValueError(f"{where}: {term!r} is not a valid regular expression: {exc}") from exc
