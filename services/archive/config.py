from pathlib import Path

from pydantic import Field, SecretStr

from shared.config import ServiceSettings


class ArchiveSettings(ServiceSettings):
    http_port: int = 8004
    signing_key: SecretStr | None = Field(
        None, description="Ed25519 private key (PEM or base64 of 32 bytes) signing the log's tree heads.")
    signing_key_file: Path = Field(Path("var/archive/signing.key"),
                                   description="Development only: a key generated here when none is set.")
    registration_webhooks: dict[str, str] = Field(
        default_factory=dict, description="Municipality → URL of its case-management system's registration webhook.")
    registration_webhook_secret: SecretStr | None = Field(
        None, description="HMAC-SHA256 key; the body's signature goes in `X-Kanalvakt-Signature: sha256=<hex>`.")
    public360_urls: dict[str, str] = Field(
        default_factory=dict, description="Municipality → Public 360 SIF RPC base "
        "(`https://<customer>.public360online.com/Biz/v2/api/call/SI.Data.RPC/SI.Data.RPC`), for packs that choose it.")
    public360_authkeys: dict[str, SecretStr] = Field(
        default_factory=dict, description="Municipality → SIF authkey (sent as the `authkey` query parameter).")
    registration_backoff: list[float] = Field([5, 30, 120, 600, 1800, 3600],
                                              description="Seconds before each retry of a registration request.")
    maintenance_interval: float = Field(2.0, description="Seconds between sequencer/outbox/reminder passes.")
    snapshot_pages: dict[str, str] = Field(
        default_factory=dict, description="`<municipality>/<account_id>` → public page URL to snapshot.")
    registry_timeout_s: float = Field(2.0, gt=0, description="How long to wait for registry's account addresses.")
    snapshot_render_timeout_s: float = Field(
        60.0, gt=0, le=120, description="Longest the snapshot worker's Chromium may take for each rendering "
        "(the whole answer then comes within the 5 minutes the worker's NATS user may answer in).")
    snapshot_max_bytes: int = Field(
        10 * 1024 * 1024, gt=0, le=12 * 1024 * 1024, description="Largest render kept (DOM, PNG and PDF together): "
        "the record holds it in one MongoDB document (16 MiB), the media as base64.")
    seed_demo: bool = Field(False, description="Demo data (make run): the packs' demo delivery values may stand in.")
    export_dir: Path = Field(Path("var/archive/exports"), description="Where dashboard-requested exports are written.")

    def secret_settings(self, service: str) -> list[tuple[str, str | None]]:
        found = super().secret_settings(service)
        if self.registration_webhooks:  # signs what the case-management system receives
            secret = self.registration_webhook_secret
            found.append(("KANALVAKT_REGISTRATION_WEBHOOK_SECRET", secret.get_secret_value() if secret else None))
        return found
