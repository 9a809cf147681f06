"""The `archive` section of a policy pack (owned by the archive service)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ArchivePolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
