"""Each platform's way of signing a delivery and answering its subscription challenge.

Every check runs on the raw request bytes as received: Meta, for one, signs the body
with non-ASCII escaped (`\\u00e4` for ä), so re-serialised JSON would never match.
Comparisons are constant-time (`hmac.compare_digest`).
"""

from __future__ import annotations

import base64
import hashlib
import functools
import hmac
import json
import re
from collections.abc import Callable


def _secret_required(check: Callable[..., bool]) -> Callable[..., bool]:
    """No secret, no valid signature: an HMAC under an empty key is one anybody can make
    (a setting left empty is refused at start outside demo mode, shared/secret_checks.py)."""

    @functools.wraps(check)
    def guarded(secret: str | bytes, raw_body: bytes, header: str | None) -> bool:
        return bool(secret) and check(secret, raw_body, header)

    return guarded


def _hmac(secret: str | bytes, message: bytes, algorithm: str = "sha256") -> hmac.HMAC:
    key = secret.encode() if isinstance(secret, str) else secret
    return hmac.new(key, message, getattr(hashlib, algorithm))


def _matches(expected: str, given: str | None, prefix: str) -> bool:
    if not given or not given.startswith(prefix):
        return False
    return hmac.compare_digest(expected.encode(), given[len(prefix):].strip().encode())


@_secret_required
def meta_signature_valid(app_secret: str | bytes, raw_body: bytes, header: str | None) -> bool:
    """`X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`."""
    return _matches(_hmac(app_secret, raw_body).hexdigest(), header, "sha256=")


@_secret_required
def x_signature_valid(consumer_secret: str, raw_body: bytes, header: str | None) -> bool:
    """`x-twitter-webhooks-signature: sha256=<base64 HMAC-SHA256(consumer secret, raw body)>`."""
    return _matches(base64.b64encode(_hmac(consumer_secret, raw_body).digest()).decode(), header, "sha256=")


# The challenges are answered with an HMAC under the same secret that signs deliveries,
# so an answer to an arbitrary value would be a valid signature for it: a signing oracle
# (send a forged webhook body as the challenge, get its signature back). Only values of
# the shape the platform sends are answered. X's CRC token is an opaque base64/UUID-like
# string (X's examples: a UUID or base64 of ~48 characters); LinkedIn's challengeCode is
# "a randomly generated type-4 UUID". Neither is ever a JSON value: a value that is one
# (an object, or a bare 123456, true or null) is refused, so no answer is a signature of a
# body ingest would read (an object) or keep as a rejected delivery (anything else).
X_CRC_TOKEN = re.compile(r"^[A-Za-z0-9+/=_.-]{1,128}$")
LINKEDIN_CHALLENGE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _parses_as_body(value: str) -> bool:
    try:
        json.loads(value)
    except ValueError:
        return False
    return True


def x_crc_token_problem(crc_token: str | None) -> str | None:
    """Why X would never send this `crc_token` (then it is not answered), or None."""
    if not crc_token:
        return "crc_token is missing"
    if _parses_as_body(crc_token) or not X_CRC_TOKEN.match(crc_token):
        return "crc_token is not a token X sends (at most 128 characters of A-Z a-z 0-9 + / = _ . -)"
    return None


def linkedin_challenge_problem(challenge_code: str | None) -> str | None:
    """Why LinkedIn would never send this `challengeCode` (then it is not answered), or None."""
    if not challenge_code:
        return "challengeCode is missing"
    if _parses_as_body(challenge_code) or not LINKEDIN_CHALLENGE.match(challenge_code):
        return "challengeCode is not a UUID as LinkedIn sends"
    return None


def x_crc_response(consumer_secret: str, crc_token: str) -> dict[str, str]:
    """The answer to X's CRC GET: proves we hold the consumer secret."""
    if problem := x_crc_token_problem(crc_token):
        raise ValueError(problem)
    digest = _hmac(consumer_secret, crc_token.encode()).digest()
    return {"response_token": "sha256=" + base64.b64encode(digest).decode()}


@_secret_required
def linkedin_signature_valid(client_secret: str, raw_body: bytes, header: str | None) -> bool:
    """`X-LI-Signature`: hex HMAC-SHA256(client secret, raw body), optionally prefixed `hmacsha256=`."""
    if header and header.startswith("hmacsha256="):
        header = header.removeprefix("hmacsha256=")
    return _matches(_hmac(client_secret, raw_body).hexdigest(), header, "")


def linkedin_challenge_response(client_secret: str, challenge_code: str) -> dict[str, str]:
    """The answer to LinkedIn's validation GET."""
    if problem := linkedin_challenge_problem(challenge_code):
        raise ValueError(problem)
    return {"challengeCode": challenge_code,
            "challengeResponse": _hmac(client_secret, challenge_code.encode()).hexdigest()}


@_secret_required
def websub_signature_valid(hub_secret: str, raw_body: bytes, header: str | None) -> bool:
    """WebSub (YouTube): `X-Hub-Signature: sha1=<hex HMAC-SHA1(hub.secret, raw body)>`.

    The hub may also sign with sha256/sha384/sha512 (WebSub §8); those are accepted too."""
    if not header or "=" not in header:
        return False
    method, _, _ = header.partition("=")
    if method not in ("sha1", "sha256", "sha384", "sha512"):
        return False
    return _matches(_hmac(hub_secret, raw_body, method).hexdigest(), header, f"{method}=")


@_secret_required
def web_signature_valid(secret: str, raw_body: bytes, header: str | None) -> bool:
    """The municipality's own web: `X-Kanalvakt-Signature: sha256=<hex HMAC-SHA256(secret, body)>`."""
    return _matches(_hmac(secret, raw_body).hexdigest(), header, "sha256=")
