"""Fixtures for ingest's integration tests: settings against the test's own NATS and
database, the fake platforms, and a reader of what reached the SOCIAL stream."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nats
import pytest

from services.ingest.config import IngestSettings
from tests.support.platforms import FakePlatforms

# Long enough to pass ingest's secret check (shared/secret_checks.py), none published.
SECRETS = {
    "meta_app_secret": "it-meta-secret-0123456789", "meta_verify_token": "it-verify-token-0123456789",
    "x_consumer_secret": "it-x-secret-0123456789", "linkedin_client_secret": "it-li-secret-0123456789",
    "youtube_hub_secret": "it-hub-secret-0123456789", "web_secret": "it-web-secret-0123456789",
}


@pytest.fixture(scope="module")
def fake() -> Iterator[FakePlatforms]:
    with FakePlatforms() as server:
        yield server


@pytest.fixture
def ingest_settings(service_env: dict[str, str], tmp_path: Path, fake: FakePlatforms) -> IngestSettings:
    fake.reset()
    return IngestSettings(
        **SECRETS, data_dir=tmp_path, poll_enabled=False, spool_replay_interval_s=0.2, publish_timeout_s=2.0,
        registry_timeout_s=0.3, connectors=fake.connector_settings(),
    )


async def stream_messages(nats_url: str, subject: str = "social.received.>", *, expect: int = 0,
                          attempts: int = 50) -> list[dict[str, Any]]:
    """Every message on `subject` in the SOCIAL stream (waits, bounded, until `expect` are there)."""
    nc = await nats.connect(nats_url)
    try:
        js = nc.jetstream()
        found: list[dict[str, Any]] = []
        for _ in range(attempts):
            sub = await js.subscribe(subject, ordered_consumer=True)
            found = []
            try:
                while True:
                    msg = await sub.next_msg(timeout=0.3)
                    found.append({"subject": msg.subject, "headers": msg.headers or {},
                                  "event": json.loads(msg.data)})
            except (TimeoutError, nats.errors.TimeoutError):
                pass
            finally:
                await sub.unsubscribe()
            if len(found) >= expect:
                break
            await asyncio.sleep(0.1)
        return found
    finally:
        await nc.close()
