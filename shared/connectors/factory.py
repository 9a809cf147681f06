"""Settings and the factory for the outbound connectors.

    settings = ConnectorSettings()                 # reads KANALVAKT_* from the environment
    connectors = build_connectors(settings)       # {"facebook": …, "instagram": …, "x": …, …}
    await connectors["facebook"].hide(comment_id, idempotency_key=decision_id)
    await connectors.aclose()                      # closes the shared HTTP client

Tokens: one default token per platform, and optional per-account tokens
(`KANALVAKT_FACEBOOK_ACCOUNT_TOKENS='{"<page-id>": "<page token>"}'`), because Meta
and LinkedIn issue a token per page/organisation.
"""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from .base import PlatformConnector
from .http import HttpPlatform, IdempotencyStore, MemoryIdempotencyStore, RetryPolicy
from .linkedin import LinkedInConnector
from .meta import FacebookConnector, InstagramConnector
from .vimeo import VimeoConnector
from .web import WebConnector
from .x import XConnector
from .youtube import YouTubeConnector

PLATFORMS = ("facebook", "instagram", "linkedin", "x", "youtube", "vimeo", "web")
_NO_SECRET = SecretStr("")


class ConnectorSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KANALVAKT_", extra="ignore")

    facebook_api_url: str = Field("https://graph.facebook.com/v21.0", description="Graph API base (with version).")
    facebook_access_token: SecretStr = Field(_NO_SECRET, description="Default Page access token.")
    facebook_account_tokens: dict[str, SecretStr] = Field(default_factory=dict, description="Page id → Page token.")
    instagram_api_url: str = Field("https://graph.facebook.com/v21.0", description="Graph API base for Instagram.")
    instagram_access_token: SecretStr = Field(_NO_SECRET, description="Default token for Instagram accounts.")
    instagram_account_tokens: dict[str, SecretStr] = Field(default_factory=dict)
    x_api_url: str = Field("https://api.x.com", description="X API base (v2 paths below it).")
    x_access_token: SecretStr = Field(_NO_SECRET, description="OAuth 2.0 user-context token of the account.")
    x_account_tokens: dict[str, SecretStr] = Field(default_factory=dict, description="X user id → token.")
    linkedin_api_url: str = Field("https://api.linkedin.com", description="LinkedIn REST base.")
    linkedin_access_token: SecretStr = Field(_NO_SECRET)
    linkedin_account_tokens: dict[str, SecretStr] = Field(default_factory=dict, description="Organisation id → token.")
    youtube_api_url: str = Field("https://www.googleapis.com", description="Google APIs base (/youtube/v3 below).")
    youtube_access_token: SecretStr = Field(_NO_SECRET, description="OAuth token of the channel (moderation).")
    youtube_account_tokens: dict[str, SecretStr] = Field(default_factory=dict)
    youtube_api_key: SecretStr = Field(_NO_SECRET, description="API key for reading public comments (polling).")
    vimeo_api_url: str = Field("https://api.vimeo.com", description="Vimeo API base.")
    vimeo_access_token: SecretStr = Field(_NO_SECRET)
    vimeo_account_tokens: dict[str, SecretStr] = Field(default_factory=dict)
    web_api_url: str = Field("http://127.0.0.1:8080/kanalvakt", description="The municipality's CMS webhook base.")
    web_access_token: SecretStr = Field(_NO_SECRET, description="Bearer token the CMS expects, if any.")
    web_secret: SecretStr = Field(_NO_SECRET, description="HMAC secret shared with the CMS (none: nothing is sent).")
    connector_timeout_s: float = Field(10.0, gt=0, description="Timeout of one platform request.")
    connector_retry_attempts: int = Field(4, ge=1, le=10, description="Attempts on 429/5xx/connect errors.")
    connector_retry_base_delay_s: float = Field(0.5, ge=0, description="First backoff; doubles each attempt.")

    def base_url(self, platform: str) -> str:
        return str(getattr(self, f"{platform}_api_url"))

    def token(self, platform: str) -> str:
        return getattr(self, f"{platform}_access_token").get_secret_value()

    def account_tokens(self, platform: str) -> dict[str, str]:
        tokens = getattr(self, f"{platform}_account_tokens", {})
        return {account: secret.get_secret_value() for account, secret in tokens.items()}


class Connectors(dict[str, PlatformConnector]):
    """The connectors by platform name, sharing one HTTP client (close it with `aclose`)."""

    def __init__(self, connectors: dict[str, Any], client: httpx.AsyncClient) -> None:
        super().__init__(connectors)
        self.client = client

    async def aclose(self) -> None:
        await self.client.aclose()


def build_connectors(
    settings: ConnectorSettings, *, idempotency: IdempotencyStore | None = None,
    client: httpx.AsyncClient | None = None,
) -> Connectors:
    """One connector per platform, keyed `facebook`, `instagram`, `linkedin`, `x`, `youtube`, `vimeo`, `web`."""
    client = client or httpx.AsyncClient(timeout=settings.connector_timeout_s,
                                         headers={"User-Agent": "Kanalvakt/0.1 (+https://kanalvakt.se)"})
    store = idempotency or MemoryIdempotencyStore()
    retry = RetryPolicy(attempts=settings.connector_retry_attempts, base_delay=settings.connector_retry_base_delay_s)

    def api(platform: str) -> HttpPlatform:
        return HttpPlatform(platform=platform, base_url=settings.base_url(platform), client=client,
                            retry=retry, idempotency=store)

    def auth(platform: str) -> dict[str, Any]:
        return {"token": settings.token(platform), "account_tokens": settings.account_tokens(platform)}

    connectors: dict[str, Any] = {
        "facebook": FacebookConnector(api("facebook"), **auth("facebook")),
        "instagram": InstagramConnector(api("instagram"), **auth("instagram")),
        "linkedin": LinkedInConnector(api("linkedin"), **auth("linkedin")),
        "x": XConnector(api("x"), **auth("x")),
        "youtube": YouTubeConnector(api("youtube"), **auth("youtube")),
        "vimeo": VimeoConnector(api("vimeo"), **auth("vimeo")),
        "web": WebConnector(api("web"), secret=settings.web_secret.get_secret_value(), token=settings.token("web")),
    }
    return Connectors(connectors, client)
