from pydantic import Field

from shared.config import ServiceSettings


class ModerationSettings(ServiceSettings):
    http_port: int = 8002
    default_policy: str = Field("knivsta", description="Policy pack used when a municipality has none of its own.")
