from pydantic import Field

from shared.config import ServiceSettings


class ModerationSettings(ServiceSettings):
    http_port: int = 8002
    default_policy: str = Field("knivsta", description="Policy pack used when a municipality has none of its own.")
    tick_seconds: float = Field(15.0, gt=0, description="How often SLA clocks and waiting actions are checked.")
    registry_timeout_s: float = Field(0.5, gt=0, description="How long to wait for registry's account facts.")
    account_cache_s: float = Field(300.0, ge=0, description="How long account facts (tier, unit) are cached.")
    default_tier: str = Field("municipality_wide",
                              description="Tier assumed when registry does not answer (the stricter).")
    connectors_enabled: bool = Field(True, description="Build the platform connectors (off: actions wait, logged).")
