"""Settings shared by every service; each service subclasses `ServiceSettings` (the snapshot
worker, which has no database, `BusSettings`).

Built in the composition root only (never at import time), from the environment with
the prefix `KANALVAKT_`. `NATS_URL` and `MONGODB_URL` are also read unprefixed, the
way a municipality points Kanalvakt at its own NATS cluster and MongoDB replica set.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class BusSettings(BaseSettings):
    """What a process on the bus needs: NATS, its HTTP edge, the message policy. A service
    that must never reach a database (the snapshot worker) builds on this alone."""

    model_config = SettingsConfigDict(env_prefix="KANALVAKT_", extra="ignore")

    nats_url: str = Field(
        "nats://127.0.0.1:4222",
        validation_alias=AliasChoices("KANALVAKT_NATS_URL", "NATS_URL"),
        description="NATS server(s), comma separated.",
    )
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
    consumer_concurrency: int = Field(
        32, ge=1, le=256, description="Messages each durable consumer of a replica handles at once: a handler "
        "waits on database and JetStream round trips, so one at a time would leave the machine idle, and the "
        "writes of handlers running together go to the database as one command (shared/group_commit.py). "
        "Safe because every store write is atomic and idempotent, as with several replicas.")
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
    # Who this service is on the bus (shared/runtime/nats_auth.py gives each its permissions).
    nats_user: str = Field("", description="NATS user; default: the service's name.")
    nats_password: SecretStr | None = Field(None, description="NATS password of `nats_user`.")
    nats_credentials_file: Path | None = Field(
        None, description="File of `KANALVAKT_NATS_PASSWORD_<USER>=…` lines written at set-up (embedded "
        "default, tests); read when `nats_password` is not set.")
    nats_tls_ca_file: Path | None = Field(
        None, description="CA certificate of the NATS cluster (deploy/): connect with TLS and verify the servers.")
    command_verify_key: str = Field(
        "", description="The dashboard's Ed25519 public key(s), base64, comma separated: commands and queries "
        "signed with another key are refused (shared/signed_requests.py).")
    demo_mode: bool = Field(
        False, validation_alias=AliasChoices("KANALVAKT_DEMO_MODE", "KANALVAKT_SEED_DEMO"),
        description="Demo/exercise mode: the published development secrets are accepted. Never in production.")

    def secret_settings(self, service: str) -> list[tuple[str, str | None]]:
        """(setting, value) of every secret this service needs (checked by shared/secret_checks.py)."""
        if service == "dashboard":
            return []  # it signs; the others verify
        return [("KANALVAKT_COMMAND_VERIFY_KEY", self.command_verify_key or None)]

    def refuse_public_secrets(self, service: str) -> None:
        """Raise `InsecureSettings` naming each secret that is empty, short or published (not in demo mode)."""
        from .secret_checks import findings, refuse_public_secrets

        refuse_public_secrets(service, findings(self.secret_settings(service)), demo_mode=self.demo_mode)

    def nats_credentials(self, service: str) -> tuple[str, str | None]:
        """(user, password) this service connects to NATS with."""
        user = self.nats_user or service
        if self.nats_password is not None:
            return user, self.nats_password.get_secret_value()
        if self.nats_credentials_file is not None:
            from .secrets_file import read_env_file

            found = read_env_file(self.nats_credentials_file).get(nats_password_key(user))
            return user, found
        return user, None


def nats_password_key(user: str) -> str:
    """The line of a credentials file holding `user`'s NATS password."""
    return f"KANALVAKT_NATS_PASSWORD_{user.upper()}"


class ServiceSettings(BusSettings):
    """Every service that owns a database (all but the snapshot worker)."""

    mongodb_url: SecretStr = Field(
        SecretStr("mongodb://127.0.0.1:27017"),
        validation_alias=AliasChoices("KANALVAKT_MONGODB_URL", "MONGODB_URL"),
        description="MongoDB connection string (may hold credentials).",
    )
    db_prefix: str = Field("kanalvakt", description="Prefix of each service's database name.")

    def database_name(self, service: str) -> str:
        return f"{self.db_prefix}_{service}"
