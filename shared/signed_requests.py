"""Commands and queries from the staff web UI carry a signature the services check.

The bus alone cannot say who sent a message: a command's actor (`user_id`, `roles`,
`municipality`) is only text in its body. So the dashboard, which authenticated the
person, signs every `cmd.*` and `q.*` request it sends with an Ed25519 key only it
holds (`KANALVAKT_COMMAND_SIGNING_KEY`); every service verifies it with the public key
(`KANALVAKT_COMMAND_VERIFY_KEY`) before a handler sees the message, and refuses and
logs what does not verify. A service holding the public key cannot sign, so a
compromised service cannot act as staff at another.

The signature covers the subject, the time of signing and the exact body bytes
(`kanalvakt-request-v1`), so it cannot be moved to another command, another service or
another municipality, and is only good for `MAX_AGE_S` (a captured request cannot be
replayed later). Queries services ask each other (`SERVICE_QUERIES`) carry no user: the
bus's per-service permissions say who may ask them.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from faststream import BaseMiddleware

from .contracts.commands import CommandResult
from .logging import get_logger
from .metrics import REQUESTS_REFUSED

log = get_logger(__name__)

SIGNATURE_HEADER = "Kanalvakt-Signature"
SIGNED_AT_HEADER = "Kanalvakt-Signed-At"
DOMAIN = b"kanalvakt-request-v1\n"
MAX_AGE_S = 120.0

# Queries one service asks another, never on a person's behalf. Who may publish them
# is the bus's business (shared/runtime/nats_auth.py); every other query needs the
# dashboard's signature.
SERVICE_QUERIES = frozenset({
    "q.registry.account_by_platform_id",  # ingest, moderation
    "q.registry.accounts",                # ingest's pollers, archive's snapshot pages
    "q.registry.account",                 # archive's snapshot pages
    "q.registry.responsible",             # notify
    "q.registry.crisis_channels",         # notify
    "q.registry.local_decisions",         # archive (the GDPR contact in disclosures)
    "q.snapshot.render",                  # archive (only it may ask: nats_auth.py)
})


class UnreadableKey(ValueError):
    """A key setting that cannot be read; the message names the setting."""


def _message(subject: str, signed_at: str, body: bytes) -> bytes:
    return DOMAIN + subject.encode() + b"\n" + signed_at.encode() + b"\n" + body


def generate_keypair() -> tuple[str, str]:
    """(private, public), each base64 of the 32 raw bytes."""
    key = Ed25519PrivateKey.generate()
    private = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(private).decode(), base64.b64encode(public).decode()


def _raw32(text: str, setting: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except ValueError as exc:
        raise UnreadableKey(f"{setting} is not base64") from exc
    if len(raw) != 32:
        raise UnreadableKey(f"{setting} must be base64 of 32 bytes (an Ed25519 key), not {len(raw)} bytes")
    return raw


class RequestSigner:
    """The dashboard's half: headers that make a request verifiable."""

    def __init__(self, private_key_b64: str, *, setting: str = "KANALVAKT_COMMAND_SIGNING_KEY") -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(_raw32(private_key_b64, setting))

    def headers(self, subject: str, body: bytes, *, now: float | None = None) -> dict[str, str]:
        signed_at = str(int(now if now is not None else time.time()))
        signature = self._key.sign(_message(subject, signed_at, body))
        return {SIGNED_AT_HEADER: signed_at, SIGNATURE_HEADER: base64.b64encode(signature).decode()}


class RequestVerifier:
    """A service's half. Several public keys may be given (comma separated) while the
    dashboard's key is being replaced."""

    def __init__(self, public_keys_b64: str, *, setting: str = "KANALVAKT_COMMAND_VERIFY_KEY") -> None:
        parts = [p for p in public_keys_b64.split(",") if p.strip()]
        if not parts:
            raise UnreadableKey(f"{setting} is empty")
        self._keys = [Ed25519PublicKey.from_public_bytes(_raw32(p, setting)) for p in parts]

    def problem(self, subject: str, body: bytes, headers: Mapping[str, str] | None,
                *, now: float | None = None) -> str | None:
        """None when the request is signed by the dashboard, else why not (for the log)."""
        headers = headers or {}
        signature, signed_at = headers.get(SIGNATURE_HEADER), headers.get(SIGNED_AT_HEADER)
        if not signature or not signed_at:
            return "unsigned"
        if not signed_at.isdigit():
            return "unreadable signing time"
        age = (now if now is not None else time.time()) - int(signed_at)
        if abs(age) > MAX_AGE_S:
            return f"signed {int(age)} s ago (at most {int(MAX_AGE_S)} s)"
        try:
            raw = base64.b64decode(signature, validate=True)
        except ValueError:
            return "signature is not base64"
        message = _message(subject, signed_at, body)
        for key in self._keys:
            try:
                key.verify(raw, message)
                return None
            except InvalidSignature:
                continue
        return "signature does not verify"


def alert_stream_subject(municipality: str) -> str:
    """What the dashboard signs to open notify's live alert stream (HTTP, not the bus):
    the stream is for the staff web UI only, never for whoever can reach notify's port."""
    return f"http:GET /alerts/stream?municipality={municipality}"


def refusal(subject: str) -> dict[str, Any]:
    """What a refused request is answered with (Swedish: staff may see it)."""
    if subject.startswith("cmd."):
        return CommandResult(ok=False, message="Kommandot avvisades: avsändaren kunde inte verifieras.").model_dump(
            mode="json")
    return {"error": "Frågan avvisades: avsändaren kunde inte verifieras."}


def needs_signature(subject: str, headers: Mapping[str, str] | None) -> bool:
    if subject.startswith("cmd."):
        return True
    if subject.startswith("q."):
        # A service's own question may come unsigned; a signed one is still checked.
        return subject not in SERVICE_QUERIES or SIGNATURE_HEADER in (headers or {})
    return False


class SignedRequestMiddleware(BaseMiddleware):
    """Installed on every service's broker: a `cmd.*` or `q.*` request whose signature
    does not verify never reaches its handler; it is answered with a refusal and logged."""

    def __init__(self, msg: Any, /, *, context: Any, service: str, verifier: RequestVerifier | None) -> None:
        super().__init__(msg, context=context)
        self.service = service
        self.verifier = verifier

    async def consume_scope(self, call_next: Any, msg: Any) -> Any:
        raw = msg.raw_message
        if isinstance(raw, list):
            return await call_next(msg)  # a JetStream batch (shared/broker.batch_subscriber): events, never requests
        subject = raw.subject
        headers = raw.headers
        if not needs_signature(subject, headers):
            return await call_next(msg)
        problem = ("no verify key configured (KANALVAKT_COMMAND_VERIFY_KEY)" if self.verifier is None
                   else self.verifier.problem(subject, raw.data or b"", headers))
        if problem is None:
            return await call_next(msg)
        REQUESTS_REFUSED.labels(self.service, subject.split(".", 1)[0]).inc()
        log.warning("request.refused", subject=subject, reason=problem, size=len(raw.data or b""))
        return refusal(subject)
