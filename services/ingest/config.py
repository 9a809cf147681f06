"""Ingest's settings (env prefix `KANALVAKT_`; secrets are SecretStr, never logged)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr

from shared.config import ServiceSettings
from shared.connectors import ConnectorSettings
from shared.policy.loader import available_packs

# Secret names a municipality may override in `webhook_secrets`.
SECRET_NAMES = ("meta_app_secret", "meta_verify_token", "x_consumer_secret", "linkedin_client_secret",
                "youtube_hub_secret", "web_secret")


class IngestSettings(ServiceSettings):
    http_port: int = 8001
    # Platform secrets (defaults for every municipality; see `webhook_secrets`).
    meta_app_secret: SecretStr = Field(SecretStr(""), description="Meta app secret (signs webhooks).")
    meta_verify_token: SecretStr = Field(SecretStr(""), description="Token Meta echoes when subscribing.")
    x_consumer_secret: SecretStr = Field(SecretStr(""), description="X app consumer secret (CRC, signatures).")
    linkedin_client_secret: SecretStr = Field(SecretStr(""), description="LinkedIn app client secret.")
    youtube_hub_secret: SecretStr = Field(SecretStr(""), description="hub.secret of the WebSub subscription.")
    web_secret: SecretStr = Field(SecretStr(""), description="HMAC secret shared with the municipality's web.")
    webhook_secrets: dict[str, dict[str, SecretStr]] = Field(
        default_factory=dict,
        description='Per-municipality overrides, e.g. {"knivsta": {"meta_app_secret": "…", "web_secret": "…"}}.',
    )
    municipalities: list[str] = Field(
        default_factory=list, description="Municipalities served; empty: every municipality with a policy pack.")
    # Limits.
    max_body_bytes: int = Field(1024 * 1024, description="Largest webhook body accepted (413 above).")
    body_read_timeout_s: float = Field(10.0, gt=0, description="Time a client has to send the whole body (408 after).")
    rate_limit_per_s: float = Field(
        20.0, gt=0, description="Sustained requests a second from one source address to one platform route "
        "(429 above); well below what one replica handles (66-86/s over HTTP in the probe, ~320/s in "
        "`python -m devtools.bench ingest`), so the limit engages first.")
    rate_limit_burst: float = Field(40.0, ge=1, description="Burst allowed from one source to one route.")
    trusted_proxies: list[str] = Field(
        default_factory=list, description="Addresses or networks (CIDR) of your own reverse proxies: only a "
        "request from one of them has its X-Forwarded-For read (right to left, up to the first address that "
        "is not a trusted proxy).")
    # Durability.
    data_dir: Path = Field(Path("var"), description="Where ingest keeps local state (the spool).")
    spool_dir: Path | None = Field(None, description="Deliveries awaiting NATS; default <data_dir>/ingest-spool.")
    spool_replay_interval_s: float = Field(2.0, gt=0, description="How often the spool is retried.")
    publish_timeout_s: float = Field(5.0, gt=0, description="How long to wait for JetStream's acks.")
    publish_max_in_flight: int = Field(512, ge=1, description="Async publishes awaiting an ack at most.")
    registry_timeout_s: float = Field(0.5, gt=0, description="How long to wait for registry's account lookup.")
    registry_cache_s: float = Field(60.0, ge=0, description="How long a registry answer is reused.")
    # Polling (YouTube comments, Vimeo comments).
    poll_enabled: bool = Field(True, description="Run the YouTube and Vimeo pollers.")
    poll_interval_s: float = Field(120.0, gt=0, description="Seconds between two polls of one account.")
    poll_accounts: list[str] = Field(
        default_factory=list,
        description='Accounts to poll besides those registry lists: "<municipality>:<youtube|vimeo>:<id>".')
    poll_max_pages: int = Field(10, ge=1, description="Pages read per account and poll.")
    quota_backoff_s: float = Field(900.0, gt=0, description="First pause after a quota error (doubles, max 24 h).")
    connectors: ConnectorSettings = Field(default_factory=ConnectorSettings,
                                          description="Platform API base URLs and tokens (polling).")

    def secret_settings(self, service: str) -> list[tuple[str, str | None]]:
        found = super().secret_settings(service)
        found += [(f"KANALVAKT_{name.upper()}", getattr(self, name).get_secret_value()) for name in SECRET_NAMES]
        for municipality, overrides in self.webhook_secrets.items():
            found += [(f"KANALVAKT_WEBHOOK_SECRETS[{municipality}][{name}]",
                       value.get_secret_value() if isinstance(value, SecretStr) else str(value))
                      for name, value in overrides.items()]
        return found

    def secret(self, municipality: str, name: str) -> str:
        """The municipality's own secret if set, else the deployment's."""
        value = self.webhook_secrets.get(municipality, {}).get(name) or getattr(self, name)
        return value.get_secret_value() if isinstance(value, SecretStr) else str(value)

    def served_municipalities(self) -> list[str]:
        """The configured list, else every municipality that has a policy pack."""
        return list(self.municipalities) or available_packs()

    @property
    def spool_path(self) -> Path:
        return self.spool_dir or self.data_dir / "ingest-spool"
