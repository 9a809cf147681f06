"""The `notify` section of a policy pack (owned by the notify service).

Who is told when something needs a person, how fast an unacknowledged severe alert
climbs, and how crisis broadcasts are checked before the crisis team approves them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Recipient(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(..., min_length=1, description="Function or person, e.g. Kommunikationsenheten.")
    email: str = Field(..., pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class CrisisTemplate(BaseModel):
    """A pre-written crisis message the crisis team starts from (placeholders in {braces})."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(..., pattern=r"^[a-z][a-z0-9_-]{1,40}$")
    name: str
    title: str
    body: str
    short_text: str | None = None
    severity: str = Field("warning", pattern=r"^(info|warning|critical|all_clear)$")


# Practical per-post text limits of each platform (characters); a pack may lower them.
DEFAULT_LENGTH_LIMITS: dict[str, int] = {
    "x": 280,
    "instagram": 2200,
    "facebook": 63206,
    "linkedin": 3000,
    "youtube": 5000,
    "vimeo": 5000,
    "web": 100_000,
}


class NotifyPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fallback_recipients: list[Recipient] = Field(
        default_factory=list,
        description="Who gets an alert when registry names nobody responsible (the communications department).",
    )
    escalation_recipients: list[Recipient] = Field(
        default_factory=list,
        description="Who is told when a severe alert stays unacknowledged past `escalation_after_minutes`.",
    )
    escalation_after_minutes: int = Field(30, ge=1, le=24 * 60)
    dedupe_window_minutes: int = Field(
        60,
        ge=0,
        le=24 * 60,
        description="A same-rule alert on the same account within this window is folded into the open one.",
    )
    max_notifications_per_hour: int = Field(
        30, ge=1, description="E-mail/chat messages per recipient address and hour; beyond it alerts still show live."
    )
    crisis_role: str = Field("crisis_team", description="Role allowed to draft and approve crisis broadcasts.")
    crisis_channels_include_website: bool = Field(
        True, description="Approved broadcasts go to the website feed and banner."
    )
    lix_warning_threshold: int = Field(
        40, ge=10, le=80, description="Warn before approval when a draft's LIX readability is above this."
    )
    languages: list[str] = Field(default_factory=lambda: ["sv"], description="Languages a broadcast may carry.")
    length_limits: dict[str, int] = Field(default_factory=lambda: dict(DEFAULT_LENGTH_LIMITS))
    templates: list[CrisisTemplate] = Field(
        default_factory=list, description="Extra templates beside the built-in ones (same id overrides)."
    )
    media_consent_required: bool = Field(
        False, description="An image or video is published only with the creator's permission, identifiable "
                           "people's consent and guardians' consent for children confirmed (Eskilstuna L82).")
    privacy_check: bool = Field(
        False, description="Check the municipality's own posts for confidential and personal data before "
                           "publishing (Piteå L74, Nybro L94: sekretessbelagda uppgifter får inte publiceras).")
