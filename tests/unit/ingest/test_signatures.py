"""Signatures and challenges, checked on the raw bytes exactly as each platform signs them."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from services.ingest.domain import (
    linkedin_challenge_response, linkedin_signature_valid, meta_signature_valid, web_signature_valid,
    websub_signature_valid, x_crc_response, x_signature_valid,
)
from tests.support.webhooks import meta_body, meta_comment, meta_signature, signed_headers

SWEDISH = "Hej! Varför är återvinningscentralen stängd på lördag? Åsa i Älvsjö"


def test_meta_signs_escaped_bytes_and_we_verify_those_bytes() -> None:
    body = meta_body(meta_comment(page_id="1", comment_id="c", text=SWEDISH))
    assert b"\\u00e5" in body and "å".encode() not in body  # Meta's escaping, as sent
    assert meta_signature_valid("s3cret", body, meta_signature("s3cret", body))
    # Re-serialised with the real characters, the same content no longer matches.
    reserialised = json.dumps(json.loads(body), ensure_ascii=False, separators=(",", ":")).encode()
    assert not meta_signature_valid("s3cret", reserialised, meta_signature("s3cret", body))


def test_meta_refuses_missing_wrong_and_other_algorithms() -> None:
    body = b'{"object":"page","entry":[]}'
    good = meta_signature("s3cret", body)
    assert not meta_signature_valid("s3cret", body, None)
    assert not meta_signature_valid("s3cret", body, "")
    assert not meta_signature_valid("other", body, good)
    assert not meta_signature_valid("s3cret", body, good.replace("sha256=", "sha1="))
    assert not meta_signature_valid("s3cret", body + b" ", good)


def test_x_crc_and_signature_are_base64_hmac_sha256() -> None:
    expected = base64.b64encode(hmac.new(b"consumer", b"token123", hashlib.sha256).digest()).decode()
    assert x_crc_response("consumer", "token123") == {"response_token": f"sha256={expected}"}
    body = json.dumps({"for_user_id": "1", "tweet_create_events": []}).encode()
    header = signed_headers("x", "consumer", body)["x-twitter-webhooks-signature"]
    assert x_signature_valid("consumer", body, header)
    assert not x_signature_valid("consumer", body, header.replace("sha256=", ""))
    assert not x_signature_valid("wrong", body, header)


def test_linkedin_challenge_and_signature_are_hex_hmac_sha256() -> None:
    answer = linkedin_challenge_response("client", "890e4665-4dfe-4ab1-b689-ed553bceeed0")
    assert answer["challengeCode"] == "890e4665-4dfe-4ab1-b689-ed553bceeed0"
    assert answer["challengeResponse"] == hmac.new(b"client", answer["challengeCode"].encode(),
                                                   hashlib.sha256).hexdigest()
    body = b'{"notifications":[]}'
    header = signed_headers("linkedin", "client", body)["X-LI-Signature"]
    assert linkedin_signature_valid("client", body, header)
    assert linkedin_signature_valid("client", body, "hmacsha256=" + header)
    assert not linkedin_signature_valid("client", body, None)
    assert not linkedin_signature_valid("client", body, header[:-1] + "0" if header[-1] != "0" else header[:-1] + "1")


def test_websub_signature_is_sha1_by_default_and_refuses_unknown_methods() -> None:
    body = "<feed>Ö</feed>".encode()
    header = signed_headers("youtube", "hub", body)["X-Hub-Signature"]
    assert header.startswith("sha1=") and websub_signature_valid("hub", body, header)
    sha256 = "sha256=" + hmac.new(b"hub", body, hashlib.sha256).hexdigest()
    assert websub_signature_valid("hub", body, sha256)
    assert not websub_signature_valid("hub", body, "md5=" + hashlib.md5(body).hexdigest())
    assert not websub_signature_valid("hub", body, "garbage")


def test_web_signature() -> None:
    body = b'{"site":"knivsta.se"}'
    assert web_signature_valid("w", body, signed_headers("web", "w", body)["X-Kanalvakt-Signature"])
    assert not web_signature_valid("w", body, "sha256=00")


def test_no_signature_is_valid_under_an_empty_secret() -> None:
    """An HMAC under an empty key is one anybody can compute: an unset secret accepts nothing."""
    hmac_module = hmac
    body = b'{"object": "page"}'
    forged = hmac_module.new(b"", body, hashlib.sha256).hexdigest()
    assert not meta_signature_valid("", body, f"sha256={forged}")
    assert meta_signature_valid("a-real-secret-value", body,
                                "sha256=" + hmac_module.new(b"a-real-secret-value", body, hashlib.sha256).hexdigest())
