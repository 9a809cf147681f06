"""The `registry` section of a policy pack (owned by the registry service).

It says who decides about an account, what must be assessed before a decision, which
responsibilities must be filled before an account may go live, how often accounts are
followed up, and what the public page of official channels shows. Every text here is
shown to staff or the public, so it is Swedish and quotes the municipality's document.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

from shared.contracts.commands import Role
from shared.contracts.registry import AccountTier
from shared.contracts.social import Platform

_ID = r"^[a-z][a-z0-9_]{1,60}$"


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Criterion(_Section):
    """One question on a checklist, answered yes/no with a note."""

    id: str = Field(..., pattern=_ID, description="Stable id, e.g. `goal_and_purpose`.")
    text: str = Field(..., min_length=3, description="The question as the document puts it (Swedish).")
    required: bool = Field(True, description="Must be met (answered yes) before approval/activation.")


class DecisionRule(_Section):
    """Who decides about an account of one tier."""

    approver_roles: list[Role] = Field(..., min_length=1, description="Roles that may approve or reject.")
    decided_by: str = Field(..., description="Who decides, in the document's words (Swedish).")
    report_to: str | None = Field(None, description="Body the decision is reported to (e.g. kommunstyrelsen).")
    consult_role: Role | None = Field(None, description="Role to consult before the decision.")
    consult_required: bool = Field(
        False, description="True: approval is refused without a consultation note; false: only a reminder."
    )
    criteria: list[Criterion] = Field(default_factory=list, description="The assessment checklist of this tier.")


class Requirements(_Section):
    """Responsibilities that must be filled before an account becomes active."""

    board: bool = Field(True, description="Owning board (nämnd).")
    administration: bool = Field(False, description="Owning administration (förvaltning).")
    unit: bool = Field(True, description="Unit (verksamhet/enhet).")
    responsible_function: bool = Field(False, description="Responsible function (ansvarig funktion).")
    manager: bool = Field(False, description="The manager who decided and gave the assignment.")
    responsible_editor: bool = Field(False, description="Responsible editor (ansvarig redaktör).")
    min_administrators: int = Field(1, ge=0, le=10, description="Minimum number of administrators.")
    min_substitutes: int = Field(0, ge=0, le=10, description="Minimum number of substitutes (ersättare).")
    routines_document: bool = Field(False, description="A written routine for monitoring and upkeep.")
    sender_identity: bool = Field(True, description="Logo/graphic profile confirmed on the account.")
    credentials_location: bool = Field(False, description="Where the login details are deposited.")
    credentials_reported: bool = Field(False, description="When the login details were reported.")
    crisis_plan: bool = Field(False, description="A reference to the account's crisis plan.")
    website_link: bool = Field(False, description="The account links back to the municipality's website.")


class ActivityRules(_Section):
    """What the follow-up of activity flags."""

    min_posts_per_week: float | None = Field(
        None, ge=0, description="Flag `weekly_update_missing` when fewer own posts than this in the last 7 days."
    )
    low_activity_window_days: int | None = Field(None, ge=7, le=730, description="Window of the low-activity rule.")
    low_activity_min_posts: int | None = Field(None, ge=1, description="Own posts needed within the window.")
    recommend_close_on_low_activity: bool = Field(
        False, description="Send a close recommendation to notify when the low-activity flag is raised."
    )
    grace_days_after_activation: int = Field(14, ge=0, le=365, description="No activity flags before this.")

    @model_validator(mode="after")
    def _low_activity_complete(self) -> ActivityRules:
        if (self.low_activity_window_days is None) != (self.low_activity_min_posts is None):
            raise ValueError("low_activity_window_days and low_activity_min_posts go together")
        return self


class Party(_Section):
    name: str = Field(..., min_length=1)
    url: HttpUrl


class LinkPage(_Section):
    """The public, collected page of every official channel (samlad länkning)."""

    title: str = Field("Våra sociala medier", description="Heading of the public page.")
    intro: str = Field("", description="Paragraph under the heading.")
    url: HttpUrl | None = Field(None, description="Where the municipal website publishes the page.")
    website: HttpUrl | None = Field(None, description="The municipality's website (linked from the page).")
    contact: str | None = Field(None, description="Who to contact about the channels.")
    council_parties: list[Party] = Field(
        default_factory=list, description="Each council party's link (Nybro: a right of every party in KF)."
    )
    council_parties_heading: str = "Partierna i kommunfullmäktige"
    council_parties_intro: str = ""
    rules_of_conduct: str | None = Field(
        None, description="The rules of conduct users are told (Eskilstuna L68), published on the page; when set, "
                          "notify writes them into each live account's about text where the platform's API can "
                          "(the account page says where it cannot).")
    personal_data_controller: str | None = Field(
        None, description="Who is controller for personal data in the channels (Lidköping L79: each board); each "
                          "channel's board is shown beside it.")
    gdpr_contact: str | None = Field(None, description="Where to turn about personal data (Lidköping L77).")


class InventoryRules(_Section):
    kept_by: str = Field("nämnden", description="Who keeps the list (förteckning).")
    reported_to: str | None = Field(None, description="Who the list is reported onward to.")
    heading: str = Field("Sociala medier", description="Heading in the document management plan.")


class RegistryPolicy(_Section):
    approved_platforms: list[Platform] | None = Field(
        None, description="Platforms the municipality has decided to use; null = no such list."
    )
    decisions: dict[AccountTier, DecisionRule] = Field(
        default_factory=dict, description="Per tier: who decides, what is assessed."
    )
    proposer_roles: list[Role] | None = Field(None, description="Roles that may propose; null = any staff role.")
    manager_roles: list[Role] = Field(
        default_factory=lambda: [Role.head_of_communications],
        description="Roles that may assign responsibilities and activate (besides the approvers).",
    )
    reviewer_roles: list[Role] = Field(
        default_factory=lambda: [Role.head_of_communications, Role.communications_strategist],
        description="Roles that may start a review and record its outcome (besides the approvers).",
    )
    close_roles: list[Role] = Field(
        default_factory=lambda: [Role.head_of_communications],
        description="Roles that may decide to close an account (besides the approvers).",
    )
    requirements: dict[AccountTier, Requirements] = Field(
        default_factory=lambda: {t: Requirements() for t in AccountTier},
        description="Per tier: what must be in place before activation.",
    )
    activation_checklist: list[Criterion] = Field(
        default_factory=list, description="Steps confirmed when the account goes live."
    )
    credentials_reported_to: str | None = Field(None, description="Who login details are reported to.")
    credentials_kept_at: str | None = Field(None, description="Where the document says login details are kept.")
    review_interval_days: int = Field(365, ge=30, le=1100, description="Days between follow-up reviews.")
    review_grace_days: int = Field(30, ge=0, le=365, description="Days after due before a review is overdue.")
    close_criteria: list[Criterion] = Field(
        default_factory=list, description="Reasons the document gives for closing an account."
    )
    activity: ActivityRules = Field(default_factory=ActivityRules)
    link_page: LinkPage = Field(default_factory=LinkPage)
    inventory: InventoryRules = Field(default_factory=InventoryRules)

    @model_validator(mode="after")
    def _every_tier_decided(self) -> RegistryPolicy:
        if self.decisions and set(self.decisions) != set(AccountTier):
            missing = ", ".join(sorted(set(AccountTier) - set(self.decisions)))
            raise ValueError(f"decisions must cover every tier (missing: {missing})")
        return self
