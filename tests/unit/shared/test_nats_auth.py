"""The bus permissions (shared/runtime/nats_auth.py) keep up with what each service
really subscribes to and publishes: a new subscriber without a grant would fail only
at run time, with a permissions violation in the log."""

from __future__ import annotations

import importlib

import pytest

from shared.runtime.nats_auth import GRANTS

SERVICES = ("ingest", "moderation", "registry", "archive", "notify", "dashboard", "snapshot")


def matches(pattern: str, subject: str) -> bool:
    """NATS subject matching: `*` one token, `>` the rest (one or more tokens)."""
    p, s = pattern.split("."), subject.split(".")
    for i, token in enumerate(p):
        if token == ">":
            return len(s) > i
        if i >= len(s) or (token != "*" and token != s[i]):
            return False
    return len(p) == len(s)


def covered(patterns: tuple[str, ...], subject: str) -> bool:
    """`subject` (itself possibly a wildcard) lies within one of `patterns`."""
    concrete = subject.replace(">", "x.y").replace("*", "x")
    return any(matches(p, concrete) for p in patterns)


def broker_of(service: str):
    _, app = importlib.import_module(f"services.{service}.main").create_app()
    return app.state.runtime.broker


@pytest.mark.parametrize("service", SERVICES)
def test_every_subscriber_and_publisher_of_a_service_is_granted(service: str) -> None:
    grant = GRANTS[service]
    broker = broker_of(service)
    for sub in broker.subscribers:
        subject = sub.subject.broker_address
        stream = getattr(sub, "stream", None)
        if stream is not None:  # a JetStream consumer: the stream's consumer API and acks
            assert f"$JS.ACK.{stream.name}.>" in grant.publish, f"{service} consumes {stream.name} ungranted"
        else:
            assert covered(grant.subscribe, subject), f"{service} subscribes to {subject} ungranted"
    for pub in broker.publishers:
        subject = pub.subject.broker_address
        assert covered(grant.publish, subject), f"{service} publishes {subject} ungranted"


def test_only_the_dashboard_may_command_and_only_ingest_may_say_what_was_received() -> None:
    for service, grant in GRANTS.items():
        assert covered(grant.publish, "cmd.moderation.remove") == (service == "dashboard")
        assert covered(grant.publish, "social.received.facebook") == (service == "ingest")


def test_subject_matching_follows_nats() -> None:
    assert matches("a.>", "a.b.c") and not matches("a.>", "a")
    assert matches("a.*.c", "a.b.c") and not matches("a.*", "a.b.c")


def test_the_clusters_authorization_file_is_the_grant_table() -> None:
    from pathlib import Path

    from shared.runtime.nats_auth import deploy_authorization

    committed = Path(__file__).parents[3] / "deploy" / "production" / "nats" / "authorization.conf"
    assert committed.read_text() == deploy_authorization(), (
        "run: python -m shared.runtime.nats_auth > " + str(committed))
