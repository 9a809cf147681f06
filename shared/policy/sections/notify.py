"""The `notify` section of a policy pack (owned by the notify service)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class NotifyPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
