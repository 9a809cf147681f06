"""The `moderation` section of a policy pack (owned by the moderation service)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ModerationPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
