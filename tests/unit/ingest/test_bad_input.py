"""Bad input, decided without I/O: how deep a body nests, which field names and strings
must be mended so the archive can store them, which address a request comes from, and
which challenge values a platform really sends."""

from __future__ import annotations

import json

import pytest

from services.ingest.domain import InvalidPayload
from services.ingest.domain.common import json_depth, parse_json, storable_key
from services.ingest.domain.ratelimit import client_address, trusted_networks
from services.ingest.domain.signatures import linkedin_challenge_problem, x_crc_token_problem


def test_depth_is_counted_outside_strings() -> None:
    assert json_depth('{"a": [1, {"b": []}]}') == 4
    assert json_depth('{"a": "[[[[{{{{"}') == 1
    assert json_depth('["\\"]]]", [[]]]') == 3


def test_a_deep_body_is_refused_before_parsing() -> None:
    with pytest.raises(InvalidPayload, match="65 levels"):
        parse_json(b"[" * 65 + b"]" * 65)
    assert parse_json(b"[" * 64 + b"]" * 64)


@pytest.mark.parametrize(("key", "stored"), [
    ("$where", "＄where"), ("", "∅"), ("a.b", "a．b"), ("nul\x00", "nul␀"), ("plain", "plain"), ("a$b", "a$b"),
])
def test_field_names_become_storable(key: str, stored: str) -> None:
    assert storable_key(key) == stored


def test_mending_is_reported_and_lone_surrogates_replaced() -> None:
    mended: list[bool] = []
    value = parse_json(json.dumps({"$gt": ["\ud800"]}).encode(), mended)
    assert value == {"＄gt": ["\ufffd"]} and mended
    clean: list[bool] = []
    assert parse_json(b'{"a": "\\u00e4"}', clean) == {"a": "ä"} and not clean


def test_integers_beyond_64_bits_are_kept_as_their_digits() -> None:
    """BSON holds 64-bit integers: one beyond (an id sent as a number, or 4,301 digits that
    Python itself refuses to convert) would fail the archive's whole write."""
    mended: list[bool] = []
    huge = "9" * 4301
    body = f'{{"a": 9223372036854775808, "b": -9223372036854775809, "c": {huge}, "d": [1, -5]}}'.encode()
    assert parse_json(body, mended) == {"a": "9223372036854775808", "b": "-9223372036854775809", "c": huge,
                                        "d": [1, -5]}
    assert mended
    edges: list[bool] = []
    assert parse_json(b"[9223372036854775807, -9223372036854775808]", edges) == [2**63 - 1, -(2**63)]
    assert not edges


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_json_constants_are_refused(constant: str) -> None:
    with pytest.raises(InvalidPayload, match=f"{constant} is not a JSON value"):
        parse_json(f'{{"a": {constant}}}'.encode())


def test_forwarded_for_is_read_only_from_trusted_proxies_right_to_left() -> None:
    proxies = trusted_networks(["10.0.0.0/8", "127.0.0.1"])
    assert client_address("192.0.2.1", ["203.0.113.5"], proxies) == "192.0.2.1"
    assert client_address("10.1.1.1", ["1.2.3.4, 203.0.113.5"], proxies) == "203.0.113.5"
    assert client_address("10.1.1.1", ["203.0.113.5, 10.2.2.2"], proxies) == "203.0.113.5"
    assert client_address("10.1.1.1", [], proxies) == "10.1.1.1"
    assert client_address("10.1.1.1", ["not-an-ip"], proxies) == "not-an-ip"


@pytest.mark.parametrize("token", ["9b4507b3-9040-4669-9ca3-6b94edb50553", "NjM4MjIzNjQ1", "a_b-c.d=/+"])
def test_x_crc_tokens_as_x_sends_them_are_answered(token: str) -> None:
    assert x_crc_token_problem(token) is None


@pytest.mark.parametrize("token", ['{"for_user_id":"1"}', "[1]", "123456", "1", "true", "null", "1e5", "a b",
                                   "x" * 129, "", None, "å"])
def test_anything_else_is_no_crc_token(token: str | None) -> None:
    assert x_crc_token_problem(token)


def test_linkedin_challenge_is_a_uuid() -> None:
    assert linkedin_challenge_problem("890E4665-4dfe-4ab1-b689-ed553bceeed0") is None
    for bad in ("c0de", '{"notifications":[]}', "890e4665-4dfe-4ab1-b689-ed553bceeed0x", None):
        assert linkedin_challenge_problem(bad)
