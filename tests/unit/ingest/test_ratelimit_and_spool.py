"""The per-source token bucket, the spool's file format, the poll-account setting."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from services.ingest.adapters.spool import Spool, SpoolEntry
from services.ingest.app.deliveries import delivery_id_for
from services.ingest.app.pollers import PolledAccount, parse_poll_accounts
from services.ingest.domain import Context, normalise_meta
from services.ingest.domain.ratelimit import RateLimiter
from tests.support.webhooks import json_body, meta_comment


def test_bucket_allows_a_burst_then_the_sustained_rate_per_source() -> None:
    limiter = RateLimiter(rate=2.0, burst=3)
    assert [limiter.allow("a", 0.0) for _ in range(4)] == [True, True, True, False]
    assert limiter.allow("b", 0.0)  # another source has its own bucket
    assert limiter.retry_after("a") == pytest.approx(0.5)
    assert limiter.allow("a", 0.5) and not limiter.allow("a", 0.5)
    assert all(limiter.allow("a", 100.0) for _ in range(3))  # refilled, but never above the burst
    assert not limiter.allow("a", 100.0)


def test_bucket_forgets_the_least_recent_sources_beyond_its_bound() -> None:
    limiter = RateLimiter(rate=1.0, burst=1, max_sources=2)
    limiter.allow("a", 0.0), limiter.allow("b", 0.0), limiter.allow("c", 0.0)
    assert limiter.allow("a", 0.0)  # a was forgotten, so it starts with a full bucket


async def test_spool_round_trip_keeps_bytes_and_events(tmp_path: Path) -> None:
    body = json_body(meta_comment(page_id="1", comment_id="c", text="Åsa skriver ö"))
    received = datetime(2026, 11, 21, 8, tzinfo=UTC)
    delivery = delivery_id_for("meta", "knivsta", body)
    events = normalise_meta(json.loads(body), Context("knivsta", received, delivery)).events
    spool = Spool(tmp_path / "spool")
    entry = SpoolEntry(delivery_id=delivery, municipality="knivsta", platform="meta", body=body,
                       content_type="application/json", received_at=received, events=events)
    await spool.write(entry)
    await spool.write(entry)  # a retry of the same delivery: still one file
    [path] = spool.pending()
    assert len(spool) == 1
    again = spool.read(path)
    assert again.body == body and again.events == events and again.received_at == received
    spool.remove(path)
    assert spool.pending() == [] and not list((tmp_path / "spool").glob(".*.tmp"))


def test_delivery_id_is_the_same_for_the_same_bytes_only() -> None:
    assert delivery_id_for("meta", "knivsta", b"{}") == delivery_id_for("meta", "knivsta", b"{}")
    assert delivery_id_for("meta", "knivsta", b"{}") != delivery_id_for("meta", "pitea", b"{}")
    assert delivery_id_for("meta", "knivsta", b"{}") != delivery_id_for("meta", "knivsta", b"{ }")


def test_poll_accounts_setting() -> None:
    assert parse_poll_accounts(["knivsta:youtube:UC1", "pitea:vimeo:123"]) == [
        PolledAccount("knivsta", "youtube", "UC1"), PolledAccount("pitea", "vimeo", "123")]
    with pytest.raises(ValueError, match="not polled"):
        parse_poll_accounts(["knivsta:facebook:1"])
