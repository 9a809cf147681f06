"""A NATS client that signs its commands and queries the way the dashboard does: for
tools, benchmarks and tests that drive a service directly while the service's own
signature check stays on (shared/signed_requests.py).

The key comes from `KANALVAKT_COMMAND_SIGNING_KEY` unless given; `servers_for` and the
test fixtures set it for the servers they start.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from nats.aio.client import Client

from shared.secrets_file import SIGNING_KEY
from shared.signed_requests import RequestSigner
from shared.runtime.nats_auth import inbox_prefix

# The tools' and tests' user on their own servers: no permission limits. make run has none.
HARNESS = "harness"


class SigningClient(Client):
    """nats-py's client; `request` on `cmd.*` / `q.*` carries the dashboard's signature."""

    signer: RequestSigner | None = None

    async def request(self, subject: str, payload: bytes = b"", timeout: float = 0.5, old_style: bool = False,
                      headers: dict[str, Any] | None = None) -> Any:
        if self.signer and subject.startswith(("cmd.", "q.")):
            headers = {**(headers or {}), **self.signer.headers(subject, payload)}
        return await super().request(subject, payload, timeout=timeout, old_style=old_style, headers=headers)


async def connect(url: str, *, signing_key: str | None = None, **options: Any) -> SigningClient:
    """Connect like `nats.connect`; requests are signed with `signing_key` (default: the environment's)."""
    client = SigningClient()
    key = signing_key or os.environ.get(SIGNING_KEY)
    client.signer = RequestSigner(key) if key else None
    user = urlsplit(url.split(",")[0]).username
    if user and user != HARNESS:  # a service's user may only read replies on its own inbox prefix
        options.setdefault("inbox_prefix", inbox_prefix(user))
    await client.connect(url, **options)
    return client
