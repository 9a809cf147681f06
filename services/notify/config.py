"""Notify's settings (environment, prefix `KANALVAKT_`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, SecretStr

from shared.config import ServiceSettings


class ChatWebhook(BaseModel):
    """An incoming-webhook URL of a chat channel: Slack-compatible (`{"text": …}`, also
    Mattermost/Rocket.Chat) or a Teams incoming webhook / Workflows URL (an Adaptive Card)."""

    url: SecretStr
    kind: Literal["slack", "teams"] = "slack"
    municipality: str | None = Field(None, description="Only this municipality's alerts; all when empty.")
    min_severity: str = Field("high", description="Only alerts at or above this severity go to chat.")


class NotifySettings(ServiceSettings):
    http_port: int = 8005
    public_base_url: str = Field("http://127.0.0.1:8005", description="Base URL the feed and banner are reached at.")
    municipalities: list[str] = Field(
        default_factory=list,
        description="Municipalities this deployment serves (system alerts go to each); empty = every pack.",
    )
    # e-mail
    smtp_host: str | None = Field(None, description="SMTP server for alert e-mail; none = e-mail off.")
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = Field(False, description="Upgrade with STARTTLS (port 587).")
    smtp_tls: bool = Field(False, description="Implicit TLS (port 465).")
    smtp_timeout: float = 10.0
    mail_from: str = "Kanalvakt <kanalvakt@localhost>"
    # chat
    chat_webhooks: list[ChatWebhook] = Field(default_factory=list)
    # recipients
    registry_timeout: float = Field(2.0, description="Seconds to wait for registry before falling back.")
    fallback_email: list[str] = Field(
        default_factory=list, description="Addresses used when registry names nobody and the pack has no fallback."
    )
    # service health
    service_urls: dict[str, str] = Field(
        default_factory=dict,
        description='Service name -> base URL whose /readyz is polled, e.g. {"archive": "http://127.0.0.1:8004"}.',
    )
    health_interval: float = Field(15.0, gt=0, description="Seconds between /readyz polls.")
    health_failures_before_alert: int = Field(3, ge=1, description="Consecutive failed polls before an alert.")
    # escalation
    escalation_interval: float = Field(30.0, gt=0, description="Seconds between checks for alerts to escalate.")
    # crisis broadcasts
    cms_webhook_url: SecretStr | None = Field(None, description="The website CMS's webhook for approved broadcasts.")
    cms_webhook_secret: SecretStr | None = Field(None, description="Shared secret; sent as an HMAC-SHA256 signature.")
    crisis_default_image_url: str | None = Field(
        None, description="Image used on image-only platforms (Instagram) when a broadcast has none."
    )
    crisis_default_image_alt: str = Field("Krisinformation från kommunen", description="Its alt text.")
    delivery_backoff: list[float] = Field(
        [1.0, 5.0, 30.0, 120.0, 600.0], description="Seconds before each delivery retry."
    )
    delivery_max_attempts: int = Field(6, ge=1)
    delivery_concurrency: int = Field(32, ge=1, description="Posts in flight at once.")
    delivery_write_concurrency: int = Field(
        2, ge=1, description="Receipt writes at once (FerretDB/SQLite serialises writes: more only queue up)."
    )
    delivery_sweep_interval: float = Field(1.0, gt=0, description="Seconds between looks for due retries.")
    delivery_lease_seconds: float = Field(
        60.0, gt=0, description="A claimed delivery is retried after this if its worker died."
    )
    ui_base_url: str = Field("http://127.0.0.1:8000", description="The staff web UI, for links in e-mail and chat.")

    def secret_settings(self, service: str) -> list[tuple[str, str | None]]:
        found = super().secret_settings(service)
        if self.cms_webhook_url:  # the website trusts what this secret signs
            secret = self.cms_webhook_secret
            found.append(("KANALVAKT_CMS_WEBHOOK_SECRET", secret.get_secret_value() if secret else None))
        return found
