"""The `registry` section of a policy pack (owned by the registry service)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class RegistryPolicy(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
