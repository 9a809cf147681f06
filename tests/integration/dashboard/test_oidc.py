"""OpenID Connect login against a small OpenID provider run in the test: discovery,
redirect with PKCE, callback, code exchange and a locally signed ID token."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from urllib.parse import parse_qs, urlparse

import httpx
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from services.dashboard.adapters.oidc import OidcClient
from shared.contracts.commands import Role

from .conftest import dashboard

ISSUER = "https://idp.test"
CLIENT_ID = "kanalvakt-dashboard"
SECRET = "client-secret-0123456789"


class Provider:
    """Issues codes for what the browser was sent to authorize, and ID tokens for codes."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, dict] = {}
        self.claims: dict = {"sub": "entra-oid-123", "name": "Elin Entra", "preferred_username": "elin@knivsta.se",
                             "roles": ["crisis_team", "unknown_role"]}
        self.nonce_override: str | None = None

        async def discovery(_: Request) -> JSONResponse:
            return JSONResponse({"issuer": ISSUER, "authorization_endpoint": f"{ISSUER}/authorize",
                                 "token_endpoint": f"{ISSUER}/token", "jwks_uri": f"{ISSUER}/jwks",
                                 "id_token_signing_alg_values_supported": ["RS256"]})

        async def jwks(_: Request) -> JSONResponse:
            return JSONResponse(KeySet([self.key]).as_dict(private=False))

        async def token(request: Request) -> JSONResponse:
            form = await request.form()
            grant = self.codes.pop(str(form.get("code")), None)
            auth = request.headers.get("authorization", "")
            client_ok = auth == "Basic " + base64.b64encode(f"{CLIENT_ID}:{SECRET}".encode()).decode()
            if grant is None or not client_ok or form.get("redirect_uri") != grant["redirect_uri"]:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            challenge = base64.urlsafe_b64encode(hashlib.sha256(str(form.get("code_verifier")).encode()).digest())
            if challenge.rstrip(b"=").decode() != grant["code_challenge"]:
                return JSONResponse({"error": "invalid_grant", "error_description": "pkce"}, status_code=400)
            now = int(time.time())
            claims = {"iss": ISSUER, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                      "nonce": self.nonce_override or grant["nonce"], **self.claims}
            id_token = jwt.encode({"alg": "RS256", "kid": "k1"}, claims, self.key)
            return JSONResponse({"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": id_token})

        self.app = Starlette(routes=[Route("/.well-known/openid-configuration", discovery), Route("/jwks", jwks),
                                     Route("/token", token, methods=["POST"])])

    def authorize(self, url: str) -> tuple[str, str]:
        """What the provider does when the browser arrives: check the request, issue a code."""
        parsed = urlparse(url)
        assert f"{parsed.scheme}://{parsed.netloc}{parsed.path}" == f"{ISSUER}/authorize"
        q = {k: v[0] for k, v in parse_qs(parsed.query).items()}
        assert q["client_id"] == CLIENT_ID and q["response_type"] == "code" and "openid" in q["scope"].split()
        assert q["code_challenge_method"] == "S256" and q["nonce"] and q["state"]
        code = secrets.token_urlsafe(16)
        self.codes[code] = q
        return code, q["state"]


def oidc_settings(settings):
    settings.oidc_issuer, settings.oidc_client_id = ISSUER, CLIENT_ID
    settings.oidc_client_secret = __import__("pydantic").SecretStr(SECRET)
    return settings


async def test_oidc_login_creates_the_user_with_roles_from_the_token(settings) -> None:
    provider = Provider()
    oidc = OidcClient(oidc_settings(settings), transport=httpx.ASGITransport(app=provider.app))
    async with dashboard(settings, oidc=oidc) as (client, store):
        login_page = await client.get("/login")
        assert "Logga in med organisationskonto" in login_page.text
        start = await client.get("/login/oidc")
        assert start.status_code == 302
        code, state = provider.authorize(start.headers["location"])
        assert parse_qs(urlparse(start.headers["location"]).query)["redirect_uri"] == [
            "https://dashboard.test/login/oidc/callback"]
        done = await client.get("/login/oidc/callback", params={"code": code, "state": state})
        assert done.status_code == 303, done.text
        user = await store.user_by_subject(ISSUER, "entra-oid-123")
        assert user and user.name == "Elin Entra" and user.roles == [Role.crisis_team]
        assert user.password_hash is None  # no local password for an organisation account
        page = await client.get("/kris")
        assert page.status_code == 200 and "Elin Entra" in page.text


async def test_oidc_refuses_a_forged_state_and_a_wrong_nonce(settings) -> None:
    provider = Provider()
    oidc = OidcClient(oidc_settings(settings), transport=httpx.ASGITransport(app=provider.app))
    async with dashboard(settings, oidc=oidc) as (client, store):
        start = await client.get("/login/oidc")
        code, _ = provider.authorize(start.headers["location"])
        forged = await client.get("/login/oidc/callback", params={"code": code, "state": "angriparens"})
        assert forged.status_code == 400
        start = await client.get("/login/oidc")
        code, state = provider.authorize(start.headers["location"])
        provider.nonce_override = "replayed-token-nonce"
        replay = await client.get("/login/oidc/callback", params={"code": code, "state": state})
        assert replay.status_code == 401 and "kunde inte verifieras" in replay.text
        assert await store.user_by_subject(ISSUER, "entra-oid-123") is None
        assert (await client.get("/kris")).status_code == 303
