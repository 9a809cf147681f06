"""The test harness on the bus: a NATS client that signs its commands and queries the
way the dashboard does, so a test can drive a service directly and the service's own
signature check stays on (shared/signed_requests.py).

It reads the session's signing key from `KANALVAKT_COMMAND_SIGNING_KEY`, which the
`service_env` fixture sets; `nats.connect` stays the way to send something unsigned.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import nats
from nats.aio.client import Client

from shared.config import nats_password_key
from shared.runtime.nats_auth import inbox_prefix
from shared.runtime.servers import ManagedProcess, nats_server, nats_users
from shared.secrets_file import BUS_USERS, SIGNING_KEY, VERIFY_KEY, ensure_secrets
from shared.signed_requests import RequestSigner

# The test harness plays the services a test does not start (a registry stub, a reader
# of the streams): the only user with no permission limits, and only on the tests' own
# servers. Services started by a test connect as themselves, with their permissions.
HARNESS = "harness"


def authenticated_nats(data_dir: Path, secrets_file: Path) -> tuple[ManagedProcess, str]:
    """A nats-server with the embedded default's users and permissions, plus the harness;
    the URL carries the harness's credentials (services use their own instead)."""
    secrets = ensure_secrets(secrets_file, users=(*BUS_USERS, HARNESS))
    proc, url = nats_server(data_dir, users=nats_users(secrets, (*BUS_USERS, HARNESS)), superusers=(HARNESS,))
    return proc, url.replace("nats://", f"nats://{HARNESS}:{secrets[nats_password_key(HARNESS)]}@", 1)


def service_secrets_env(secrets_file: Path) -> dict[str, str]:
    """What services built in-process need: where their NATS passwords are, the
    dashboard's signing key and its public half."""
    secrets = ensure_secrets(secrets_file, users=(*BUS_USERS, HARNESS))
    return {"KANALVAKT_NATS_CREDENTIALS_FILE": str(secrets_file),
            SIGNING_KEY: secrets[SIGNING_KEY], VERIFY_KEY: secrets[VERIFY_KEY]}


class SigningClient(Client):
    """nats-py's client; `request` on `cmd.*` / `q.*` carries the dashboard's signature."""

    signer: RequestSigner | None = None

    async def request(self, subject: str, payload: bytes = b"", timeout: float = 0.5, old_style: bool = False,
                      headers: dict[str, Any] | None = None) -> Any:
        if self.signer and subject.startswith(("cmd.", "q.")):
            headers = {**(headers or {}), **self.signer.headers(subject, payload)}
        return await super().request(subject, payload, timeout=timeout, old_style=old_style, headers=headers)


def dashboard_headers(subject: str, body: bytes = b"") -> dict[str, str]:
    """The signature headers the dashboard would send for `subject` (the session's key)."""
    return RequestSigner(os.environ[SIGNING_KEY]).headers(subject, body)


async def connect(url: str, *, signing_key: str | None = None, **options: Any) -> SigningClient:
    """Connect like `nats.connect`; requests are signed with `signing_key` (default: the session's)."""
    client = SigningClient()
    key = signing_key or os.environ.get(SIGNING_KEY)
    client.signer = RequestSigner(key) if key else None
    user = urlsplit(url.split(",")[0]).username
    if user and user != HARNESS:  # a service's user may only read replies on its own inbox prefix
        options.setdefault("inbox_prefix", inbox_prefix(user))
    await client.connect(url, **options)
    return client


__all__ = ["HARNESS", "SigningClient", "authenticated_nats", "connect", "nats", "service_secrets_env"]
