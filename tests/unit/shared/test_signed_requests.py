"""The dashboard's signature on commands and queries: what verifies and what does not."""

from __future__ import annotations

from shared.signed_requests import (
    SIGNATURE_HEADER, RequestSigner, RequestVerifier, generate_keypair, needs_signature,
)

PRIVATE, PUBLIC = generate_keypair()
BODY = b'{"actor": {"user_id": "u1"}, "municipality": "knivsta"}'


def test_a_signed_request_verifies_and_any_change_does_not() -> None:
    verifier = RequestVerifier(PUBLIC)
    headers = RequestSigner(PRIVATE).headers("cmd.notify.approve_broadcast", BODY, now=1000)
    assert verifier.problem("cmd.notify.approve_broadcast", BODY, headers, now=1000) is None
    assert verifier.problem("cmd.notify.approve_broadcast", BODY.replace(b"knivsta", b"pitea"), headers, now=1000)
    assert verifier.problem("cmd.moderation.remove", BODY, headers, now=1000)
    assert verifier.problem("cmd.notify.approve_broadcast", BODY, headers, now=1000 + 121) == \
        "signed 121 s ago (at most 120 s)"
    assert verifier.problem("cmd.notify.approve_broadcast", BODY, {}, now=1000) == "unsigned"


def test_another_key_does_not_verify_but_a_second_configured_key_does() -> None:
    other_private, other_public = generate_keypair()
    headers = RequestSigner(other_private).headers("q.archive.records", BODY, now=5)
    assert RequestVerifier(PUBLIC).problem("q.archive.records", BODY, headers, now=5) == "signature does not verify"
    assert RequestVerifier(f"{PUBLIC},{other_public}").problem("q.archive.records", BODY, headers, now=5) is None


def test_which_requests_need_the_dashboards_signature() -> None:
    assert needs_signature("cmd.registry.propose", None)
    assert needs_signature("q.archive.records", None)
    assert not needs_signature("q.registry.account_by_platform_id", None)  # a service's own look-up
    assert needs_signature("q.registry.account_by_platform_id", {SIGNATURE_HEADER: "x"})  # signed: checked
    assert not needs_signature("social.received.facebook", None)
