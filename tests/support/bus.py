"""The test harness on the bus: a NATS client that signs its commands and queries the
way the dashboard does, so a test can drive a service directly and the service's own
signature check stays on (shared/signed_requests.py).

It reads the session's signing key from `KANALVAKT_COMMAND_SIGNING_KEY`, which the
`service_env` fixture sets; `nats.connect` stays the way to send something unsigned.
"""

from __future__ import annotations

import os
from pathlib import Path

import nats

from devtools.bus_client import HARNESS, SigningClient, connect
from devtools.servers import ManagedProcess, harness_nats
from shared.secrets_file import BUS_USERS, SIGNING_KEY, VERIFY_KEY, ensure_secrets
from shared.signed_requests import RequestSigner

# The harness (HARNESS) plays the services a test does not start (a registry stub, a
# reader of the streams): the only user with no permission limits, and only on the
# tests' own servers. Services started by a test connect as themselves.


def authenticated_nats(data_dir: Path, secrets_file: Path) -> tuple[ManagedProcess, str]:
    """A nats-server with the embedded default's users and permissions, plus the harness;
    the URL carries the harness's credentials (services use their own instead)."""
    return harness_nats(data_dir, secrets_file)


def service_secrets_env(secrets_file: Path) -> dict[str, str]:
    """What services built in-process need: where their NATS passwords are, the
    dashboard's signing key and its public half."""
    secrets = ensure_secrets(secrets_file, users=(*BUS_USERS, HARNESS))
    return {"KANALVAKT_NATS_CREDENTIALS_FILE": str(secrets_file),
            SIGNING_KEY: secrets[SIGNING_KEY], VERIFY_KEY: secrets[VERIFY_KEY]}


def dashboard_headers(subject: str, body: bytes = b"") -> dict[str, str]:
    """The signature headers the dashboard would send for `subject` (the session's key)."""
    return RequestSigner(os.environ[SIGNING_KEY]).headers(subject, body)


__all__ = ["HARNESS", "SigningClient", "authenticated_nats", "connect", "nats", "service_secrets_env"]
