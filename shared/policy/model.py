"""The policy pack model. Each section is owned by the service that enforces it:

| section      | owner      | module                              |
|--------------|------------|-------------------------------------|
| moderation   | moderation | shared/policy/sections/moderation.py |
| registry     | registry   | shared/policy/sections/registry.py   |
| archive      | archive    | shared/policy/sections/archive.py    |
| notify       | notify     | shared/policy/sections/notify.py     |

Unknown keys are errors (a typo must not become a silent default).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .sections.archive import ArchivePolicy
from .sections.moderation import ModerationPolicy
from .sections.notify import NotifyPolicy
from .sections.registry import RegistryPolicy
from .provenance import Provenance


class PackSource(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(..., description="The municipal document the pack encodes.")
    reference: str | None = Field(None, description="Diarienummer or other reference.")
    adopted: str | None = Field(None, description="Who adopted it and when.")


class PolicyPack(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(..., pattern=r"^[a-z][a-z0-9_-]{1,40}$", description="Pack id, e.g. `knivsta`.")
    municipality: str = Field(..., description="The municipality's name, e.g. Knivsta kommun.")
    source: PackSource
    timezone: str = "Europe/Stockholm"
    moderation: ModerationPolicy = Field(default_factory=ModerationPolicy)
    registry: RegistryPolicy = Field(default_factory=RegistryPolicy)
    archive: ArchivePolicy = Field(default_factory=ArchivePolicy)
    notify: NotifyPolicy = Field(default_factory=NotifyPolicy)
    provenance: Provenance = Field(
        default_factory=Provenance,
        description="Where each value comes from (policy line, local decision, default); see provenance.py.")
