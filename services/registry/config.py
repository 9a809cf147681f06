from pydantic import Field

from shared.config import ServiceSettings


class RegistrySettings(ServiceSettings):
    http_port: int = 8003
    seed_demo: bool = Field(False, description="Load the demo accounts at start (embedded default).")
