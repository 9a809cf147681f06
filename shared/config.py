"""Settings shared by every service; each service subclasses `ServiceSettings`.

Built in the composition root only (never at import time), from the environment with
the prefix `KANALVAKT_`. `NATS_URL` and `MONGODB_URL` are also read unprefixed, the
way a municipality points Kanalvakt at its own NATS cluster and MongoDB replica set.
"""

from __future__ import annotations

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KANALVAKT_", extra="ignore")

    nats_url: str = Field(
        "nats://127.0.0.1:4222",
        validation_alias=AliasChoices("KANALVAKT_NATS_URL", "NATS_URL"),
        description="NATS server(s), comma separated.",
    )
    mongodb_url: SecretStr = Field(
        SecretStr("mongodb://127.0.0.1:27017"),
        validation_alias=AliasChoices("KANALVAKT_MONGODB_URL", "MONGODB_URL"),
        description="MongoDB connection string (may hold credentials).",
    )
    db_prefix: str = Field("kanalvakt", description="Prefix of each service's database name.")
    http_host: str = Field("127.0.0.1", description="Address the HTTP edge listens on.")
    http_port: int = Field(0, description="Port of the HTTP edge (health, metrics, API).")
    log_json: bool | None = Field(None, description="JSON logs; default: JSON unless a terminal.")
    log_level: str = "INFO"
    max_deliver: int = Field(6, ge=2, description="Deliveries before a message is dead-lettered.")
    redelivery_backoff: list[float] = Field(
        [0.5, 2.0, 10.0, 30.0, 60.0],
        description="Seconds to wait before each redelivery after a failure.",
    )
    ack_wait_s: float = Field(
        30.0, gt=0, description="Seconds before a message a crashed replica held is delivered again."
    )
    dependency_backoff: list[float] = Field(
        [0.5, 1.0, 2.0, 5.0, 10.0, 15.0],
        min_length=1,
        description="Seconds between attempts while NATS, the database or another service is away; "
        "the last is the ceiling, repeated until it is back (such a message is never dead-lettered).",
    )
    shutdown_grace_s: float = Field(
        20.0, gt=1, description="Seconds a service has to stop on SIGTERM/Ctrl-C before it exits anyway."
    )
    stream_replicas: int = Field(1, ge=1, le=5, description="JetStream replicas (3 in production).")

    def database_name(self, service: str) -> str:
        return f"{self.db_prefix}_{service}"
