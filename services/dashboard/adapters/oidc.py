"""OpenID Connect login (e.g. Microsoft Entra ID): authorization code flow with PKCE
through Authlib, ID token verified with joserfc against the provider's published keys."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet

from shared.contracts.commands import Role

from ..config import DashboardSettings


class OidcError(Exception):
    """Login through the provider failed; the message is for staff (Swedish)."""


@dataclass
class OidcClient:
    settings: DashboardSettings
    _metadata: dict[str, Any] | None = None
    _keys: KeySet | None = None
    _fetched: float = 0.0
    transport: httpx.AsyncBaseTransport | None = field(default=None, repr=False)  # tests: an in-process provider

    def _http(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=self.transport, timeout=10.0)

    async def metadata(self) -> dict[str, Any]:
        # Discovery and keys are cached for an hour; keys are refetched when a token
        # names a key we do not have (the provider rotated them).
        if self._metadata is None or time.monotonic() - self._fetched > 3600:
            url = self.settings.oidc_issuer.rstrip("/") + "/.well-known/openid-configuration"
            async with self._http() as http:
                response = await http.get(url)
            if response.status_code != 200:
                raise OidcError("Inloggningstjänsten svarar inte just nu.")
            self._metadata = response.json()
            self._keys = None
            self._fetched = time.monotonic()
        return self._metadata

    async def keys(self, refresh: bool = False) -> KeySet:
        if self._keys is None or refresh:
            meta = await self.metadata()
            async with self._http() as http:
                response = await http.get(meta["jwks_uri"])
            self._keys = KeySet.import_key_set(response.json())
        return self._keys

    def _client(self, redirect_uri: str) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.settings.oidc_client_id,
            client_secret=self.settings.oidc_client_secret.get_secret_value() or None,
            scope="openid profile email", redirect_uri=redirect_uri, code_challenge_method="S256",
            transport=self.transport,
        )

    async def start(self, redirect_uri: str) -> tuple[str, str, str, str]:
        """The provider URL to send the browser to, with the state, nonce and PKCE verifier to keep."""
        meta = await self.metadata()
        nonce, verifier = secrets.token_urlsafe(24), secrets.token_urlsafe(48)
        async with self._client(redirect_uri) as client:
            url, state = client.create_authorization_url(meta["authorization_endpoint"], nonce=nonce,
                                                         code_verifier=verifier)
        return url, state, nonce, verifier

    async def finish(self, *, redirect_uri: str, code: str, verifier: str, nonce: str) -> dict[str, Any]:
        """Exchange the code and return the verified ID token's claims."""
        meta = await self.metadata()
        async with self._client(redirect_uri) as client:
            try:
                token = await client.fetch_token(meta["token_endpoint"], code=code, code_verifier=verifier)
            except Exception as exc:
                raise OidcError("Inloggningstjänsten godtog inte inloggningen.") from exc
        id_token = token.get("id_token")
        if not id_token:
            raise OidcError("Inloggningstjänsten skickade ingen identitet.")
        return await self.verify(id_token, nonce=nonce)

    async def verify(self, id_token: str, *, nonce: str) -> dict[str, Any]:
        meta = await self.metadata()
        algorithms = meta.get("id_token_signing_alg_values_supported") or ["RS256"]
        algorithms = [a for a in algorithms if a != "none"]
        try:
            try:
                decoded = jwt.decode(id_token, await self.keys(), algorithms=algorithms)
            except (ValueError, JoseError):
                decoded = jwt.decode(id_token, await self.keys(refresh=True), algorithms=algorithms)
            registry = jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": meta.get("issuer", self.settings.oidc_issuer)},
                aud={"essential": True, "value": self.settings.oidc_client_id},
                sub={"essential": True},
                exp={"essential": True},
                nonce={"essential": True, "value": nonce},
                leeway=60,
            )
            registry.validate(decoded.claims)
        except (ValueError, JoseError) as exc:
            raise OidcError("Identiteten från inloggningstjänsten kunde inte verifieras.") from exc
        return dict(decoded.claims)


def roles_from_claims(claims: dict[str, Any], settings: DashboardSettings) -> list[Role]:
    raw = claims.get(settings.oidc_roles_claim) or []
    if isinstance(raw, str):
        raw = [raw]
    known = {r.value for r in Role}
    roles = [Role(r) for r in raw if isinstance(r, str) and r in known]
    return roles or list(settings.oidc_default_roles)
