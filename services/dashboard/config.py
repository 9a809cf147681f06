"""The staff web UI's settings (prefix `KANALVAKT_`)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from shared.config import ServiceSettings
from shared.contracts.commands import Role
from shared.signed_requests import RequestSigner

# Ports of the embedded default (README); `KANALVAKT_SERVICE_URLS` overrides them.
DEFAULT_SERVICE_URLS = {
    "ingest": "http://127.0.0.1:8001",
    "moderation": "http://127.0.0.1:8002",
    "registry": "http://127.0.0.1:8003",
    "archive": "http://127.0.0.1:8004",
    "notify": "http://127.0.0.1:8005",
}


class DashboardSettings(ServiceSettings):
    http_port: int = 8000
    municipality: str = Field("knivsta", pattern=r"^[a-z][a-z0-9_-]{1,40}$",
                              description="Municipality of accounts created without one (first run, demo).")
    public_url: str = Field("", description="External base URL (for the OIDC redirect); default: from the request.")
    trusted_proxies: list[str] = Field(
        default_factory=list, description="Addresses or networks (CIDR) of your own reverse proxies: only a "
        "request from one of them has its X-Forwarded-For read (the login throttle's address).")
    session_idle_minutes: int = Field(30, ge=1, description="A session ends after this long without a request.")
    session_max_hours: int = Field(10, ge=1, description="A session ends this long after login, however active.")
    cookie_secure: bool = Field(True, description="Send the session cookie only over HTTPS (and localhost).")
    seed_demo: bool = Field(False, description="Create the demo staff accounts (make run).")
    demo_password: SecretStr = Field(SecretStr("demo-kanalvakt"), description="Password of every demo account.")
    login_free_attempts: int = Field(
        5, ge=1, description="Failed logins for one username before each further one doubles the wait (no lock).")
    login_max_delay_s: float = Field(60.0, gt=0, description="Longest wait a username's failed logins impose.")
    login_address_free_attempts: int = Field(20, ge=1, description="Failed logins from one address before it waits.")
    login_address_max_delay_s: float = Field(900.0, gt=0, description="Longest wait imposed on one address.")
    request_timeout: float = Field(3.0, gt=0, description="Seconds to wait for another service's answer.")
    command_signing_key: SecretStr = Field(
        SecretStr(""), description="Ed25519 private key (base64 of 32 bytes) signing every command and query; "
        "the services hold its public half (`COMMAND_VERIFY_KEY`). `make run` generates it into var/secrets.env.")
    service_urls: dict[str, str] = Field(default_factory=lambda: dict(DEFAULT_SERVICE_URLS),
                                         description="HTTP edge of each service, for its /readyz on the system page.")
    # OpenID Connect (e.g. Microsoft Entra ID): on when issuer and client id are set.
    oidc_issuer: str = Field("", description="Issuer URL; discovery at <issuer>/.well-known/openid-configuration.")
    oidc_client_id: str = ""
    oidc_client_secret: SecretStr = SecretStr("")
    oidc_label: str = Field("Logga in med organisationskonto", description="Text of the OIDC login button.")
    oidc_roles_claim: str = Field("roles", description="ID-token claim holding the user's roles (app roles in Entra).")
    oidc_default_roles: list[Role] = Field(default_factory=list,
                                           description="Roles given to an OIDC user whose token names none.")
    oidc_municipality_claim: str = Field("", description="Claim holding the municipality; empty: `municipality`.")

    def secret_settings(self, service: str) -> list[tuple[str, str | None]]:
        found = [("KANALVAKT_COMMAND_SIGNING_KEY", self.command_signing_key.get_secret_value() or None)]
        if self.oidc_enabled and self.oidc_client_secret.get_secret_value():  # none: a public client (PKCE)
            found.append(("KANALVAKT_OIDC_CLIENT_SECRET", self.oidc_client_secret.get_secret_value()))
        return found

    def request_signer(self) -> RequestSigner | None:
        """What signs every command and query; None only in demo mode without a key (then they are refused)."""
        key = self.command_signing_key.get_secret_value()
        return RequestSigner(key) if key else None

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id)
