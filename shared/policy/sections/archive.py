"""The `archive` section of a policy pack (owned by the archive service).

What the municipality's document says about registration (diarieföring), culling
(gallring) and preservation. Rules are data: the archive service evaluates them, the
pack cites its source in YAML comments.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

_ID = r"^[a-z][a-z0-9_-]{0,60}$"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Match(_Section):
    """Which records a rule applies to; every listed condition must hold (empty = any)."""

    directions: list[Literal["inkommen", "upprattad"]] = Field(default_factory=list)
    kinds: list[str] = Field(default_factory=list, description="Item kinds, e.g. `direct_message`, `comment`.")
    sources: list[Literal["social", "moderation", "notify", "outbound", "snapshot"]] = Field(default_factory=list)
    categories: list[str] = Field(default_factory=list, description="Any of these moderation categories.")
    intents: list[str] = Field(default_factory=list, description="Any of these moderation intents.")
    removed: bool | None = Field(None, description="Removed/hidden on the platform by the municipality or deleted.")
    registered: bool | None = Field(None, description="Registered (diariefört) in a case.")
    police_reported: bool | None = None


class RegistrationRule(_Section):
    """First matching rule decides whether a record is to be registered."""

    id: str = Field(..., pattern=_ID)
    description: str
    match: Match = Field(default_factory=Match)
    required: bool = Field(True, description="To be registered (diarieförs); false: need not be.")
    board: str | None = Field(None, description="Nämnd to register with, when the pack names one.")


class CullingDecision(_Section):
    """A gallringsbeslut the retention rules rest on."""

    id: str = Field(..., pattern=_ID)
    title: str
    reference: str | None = Field(None, description="Diarienummer or paragraph of the decision.")
    decided_by: str | None = None
    decided_on: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="Date of the decision.")


class RetentionRule(_Section):
    """First matching rule decides how long a record is kept and on which decision."""

    id: str = Field(..., pattern=_ID)
    description: str
    match: Match = Field(default_factory=Match)
    action: Literal["cull", "keep"] = Field(..., description="`cull` after the period; `keep` = bevaras.")
    after_months: int | None = Field(
        None, ge=0, description="Months after `counted_from` before culling; none: the period is in the "
                                "gallringsbeslut "
                                "the municipality records (nothing is culled until it does).")
    counted_from: Literal["archived", "published", "registered"] = "archived"
    decision: str | None = Field(None, description="Id of the culling decision in `culling_decisions`.")

    @model_validator(mode="after")
    def _cull_needs_decision(self) -> RetentionRule:
        if self.action == "cull" and self.decision is None:
            raise ValueError("a culling rule needs `decision` (gallring kräver beslut)")
        return self


class Snapshots(_Section):
    """Screenshots of each active page (Piteå: every six months and before large changes)."""

    every_months: int | None = Field(None, ge=1, le=60, description="None: not required by the pack.")
    remind_days_before: int = Field(14, ge=0, le=120)


_ORGNR = r"^\d{6}-\d{4}$"


class DemoPackage(_Section):
    """Stand-in delivery facts for the demo (`make run`) only: the archive uses them when it
    runs with demo data and the pack's own value is missing, and marks the package as a test
    delivery (RECORDSTATUS="TEST") with the values named as demo values."""

    organisation_number: str = Field(..., pattern=_ORGNR, description="An obviously fictitious number.")
    submission_agreement: str | None = Field(None, max_length=200)
    preservation_archive: str | None = Field(None, max_length=200)
    reference_code: str | None = Field(None, max_length=200)


class PackageProfile(_Section):
    """What the E-ARK SIP (FGS Paketstruktur 2.0) says about who made and who submits it.

    FGS Paketstruktur 2.0 (RAFGS1V2.0) is E-ARK CSIP 2.1.0 + SIP 2.1.0 with no Swedish
    extension: the arkivbildare with its organisationsnummer is the `ARCHIVIST` agent, the
    levererande organisation the submitting `CREATOR`/`ORGANIZATION` agent, the
    leveransöverenskommelse and referenskod are `altRecordID`s, the receiving e-arkiv the
    `PRESERVATION` agent. An export is refused while `organisation_number` is missing."""

    archival_creator: str | None = Field(None, description="Arkivbildare; default: the pack's municipality name.")
    organisation_number: str | None = Field(
        None, pattern=_ORGNR, description="Arkivbildarens organisationsnummer (NNNNNN-NNNN); required to export.")
    submitter: str | None = Field(None, description="Levererande organisation; default: the archival creator.")
    submitter_organisation_number: str | None = Field(
        None, pattern=_ORGNR, description="Default: the archival creator's number.")
    contact_name: str | None = Field(None, max_length=200, description="Kontaktperson för leveransen (SIP21).")
    contact_details: str | None = Field(None, max_length=300, description="Telefon, e-post (SIP25).")
    preservation_archive: str | None = Field(None, description="Mottagande arkiv (e-arkiv), when known.")
    preservation_archive_id: str | None = Field(None, max_length=100, description="Its identification code.")
    submission_agreement: str | None = Field(
        None, max_length=200, description="Leveransöverenskommelse (reference, e.g. its diarienummer).")
    reference_code: str | None = Field(None, max_length=200, description="Arkivets referenskod, when assigned.")
    information_type: str = Field("Sociala medier", max_length=200, description="Informationstyp; in the label.")
    content_type_specification: str = Field(
        "Kanalvakt: poster och kommentarer i sociala medier (JSON, HTML)", max_length=200,
        description="No content information type exists for social media: the package says what it holds.")
    access_restrict: str | None = Field(None, max_length=300,
                                        description="Sekretess to consider (PREMIS rights note), if any.")
    demo: DemoPackage | None = Field(None, description="Demo values (make run only), clearly marked as such.")


class Public360Profile(_Section):
    """Registration in Public 360 through SIF: the installation's own codes (code or
    `recno:N`, as SIF accepts them), from the municipality's 360 administrator."""

    external_system: str = Field("Kanalvakt", max_length=60, description="ExternalId type of cases and documents.")
    case_title: str = Field("Sociala medier: {platform} {account_id}, tråd {thread_id}", max_length=200)
    case_type: str | None = Field(None, max_length=60)
    responsible_person_email: str | None = Field(None, max_length=200)
    category_incoming: str = Field(..., max_length=60, description="Document category of an inkommen handling.")
    category_outgoing: str = Field(..., max_length=60, description="Document category of an upprättad handling.")
    document_status: str = Field(..., max_length=60, description="Journal status (e.g. journalförd).")
    sender_role: str = Field("Avsändare", max_length=60)
    recipient_role: str = Field("Mottagare", max_length=60)
    pdf_format: str = Field("PDF", max_length=30)
    json_format: str = Field("JSON", max_length=30)


class OslProvision(_Section):
    """A provision of offentlighets- och sekretesslagen staff may cite when masking."""

    id: str = Field(..., pattern=_ID)
    citation: str = Field(..., max_length=100, description="E.g. `OSL 26 kap. 1 §`.")
    label: str = Field(..., max_length=200)


def _default_provisions() -> list[OslProvision]:
    return [OslProvision(id="osl-21-7", citation="OSL 21 kap. 7 §",
                         label="Personuppgifter (behandling i strid med dataskyddsregler)"),
            OslProvision(id="osl-21-1", citation="OSL 21 kap. 1 §", label="Uppgift om hälsa eller sexualliv"),
            OslProvision(id="osl-21-3", citation="OSL 21 kap. 3 §", label="Skyddad adress, hot och våld"),
            OslProvision(id="osl-26-1", citation="OSL 26 kap. 1 §", label="Socialtjänst"),
            OslProvision(id="osl-23-1", citation="OSL 23 kap. 1 §", label="Förskola och skola (elevhälsa)"),
            OslProvision(id="osl-18-1", citation="OSL 18 kap. 1 §", label="Förundersökning, brottsbekämpning")]


class RequestPolicy(_Section):
    """Requests for allmän handling (TF 2 kap.): handled "skyndsamt" (TF 2 kap. 15 §). JO's
    practice is the same day, at most a day or two for sekretessprövning: the pack sets the
    target; the clock counts the pack's office days (moderation.office_hours)."""

    due: Literal["same_working_day", "next_working_day", "second_working_day"] = Field(
        "next_working_day", description="By the end of which office day a request is to be decided.")
    at_risk_hours_before: float = Field(2.0, gt=0, le=48, description="Alert when this close to the due time.")
    appeal_court: str = Field("kammarrätten", max_length=200,
                              description="The kammarrätt a refusal is appealed to (OSL 6 kap. 7 §).")
    provisions: list[OslProvision] = Field(default_factory=_default_provisions)


class ArchivePolicy(_Section):
    culling_decisions: list[CullingDecision] = Field(default_factory=list)
    retention: list[RetentionRule] = Field(default_factory=list)
    registration: list[RegistrationRule] = Field(default_factory=list)
    snapshots: Snapshots = Field(default_factory=Snapshots)
    package: PackageProfile = Field(default_factory=PackageProfile)
    registration_system: Literal["webhook", "public360"] = Field(
        "webhook", description="Where registrations go: the generic signed webhook, or Public 360 (SIF).")
    public360: Public360Profile | None = None
    requests: RequestPolicy = Field(default_factory=RequestPolicy)
    disclosure_redact_categories: list[str] = Field(
        default_factory=lambda: ["confidential", "sensitive_personal_data", "personal_data"],
        description="Tag categories whose spans are pre-marked for redaction on disclosure.",
    )

    @model_validator(mode="after")
    def _public360_has_codes(self) -> ArchivePolicy:
        if self.registration_system == "public360" and self.public360 is None:
            raise ValueError("registration_system public360 needs a `public360` block with the installation's codes")
        return self

    @model_validator(mode="after")
    def _decisions_exist(self) -> ArchivePolicy:
        known = {d.id for d in self.culling_decisions}
        for rule in self.retention:
            if rule.decision is not None and rule.decision not in known:
                raise ValueError(f"retention rule {rule.id!r} names unknown culling decision {rule.decision!r}")
        return self
