from pydantic import Field

from shared.config import ServiceSettings


class RegistrySettings(ServiceSettings):
    http_port: int = 8003
    seed_demo: bool = Field(False, description="Load the demo accounts at start (embedded default).")
    follow_up_interval_s: float = Field(
        300.0, ge=0, description="Seconds between follow-up sweeps (reviews due, activity, outbox); 0 = off."
    )
    public_cache_s: int = Field(300, ge=0, description="Cache-Control max-age of the public pages and feeds.")
