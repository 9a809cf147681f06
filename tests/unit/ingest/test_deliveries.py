"""accept_delivery and replay_spool with stand-ins for MongoDB and NATS (the real ones
are in tests/integration/ingest): what is kept where when either is down."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pymongo.errors import ServerSelectionTimeoutError

from services.ingest.adapters.publisher import BusUnavailable
from services.ingest.adapters.spool import Spool, SpoolEntry
from services.ingest.app.deliveries import Unavailable, accept_delivery, delivery_id_for, replay_spool
from services.ingest.config import IngestSettings
from services.ingest.deps import Deps
from services.ingest.domain import InvalidPayload, normalise_meta
from services.ingest.domain.common import parse_json
from tests.support.webhooks import json_body, meta_comment

NOW = datetime(2026, 11, 21, 8, tzinfo=UTC)


class Store:
    def __init__(self) -> None:
        self.down = False
        self.published: set[str] = set()

    def _check(self) -> None:
        if self.down:
            raise ServerSelectionTimeoutError("no MongoDB")

    async def already_published(self, keys):
        self._check()
        return set(keys) & self.published

    async def remember_published(self, keys, **_):
        self._check()
        self.published |= set(keys)


class Publisher:
    def __init__(self) -> None:
        self.connected = True
        self.sent: dict[str, int] = {}
        self.kept: list = []  # the raw deliveries as published to the INGEST stream

    async def publish_all(self, events, *, kept=None):
        if not self.connected:
            raise BusUnavailable("not connected to NATS")
        for event in events:
            self.sent[event.event_id] = self.sent.get(event.event_id, 0) + 1
        if kept is not None:
            self.kept.append(kept)
        return 0


class Accounts:
    async def annotate(self, events):
        return list(events)


@pytest.fixture
def ingest(tmp_path: Path) -> Deps:
    return Deps(settings=IngestSettings(), store=Store(), publisher=Publisher(), accounts=Accounts(),
                spool=Spool(tmp_path / "spool"))


async def deliver(ingest: Deps, comment_id: str):
    body = json_body(meta_comment(page_id="1", comment_id=comment_id, text="Hej åäö"))
    return await accept_delivery(deps=ingest, platform="meta", municipality="knivsta", body=body,
                                 content_type="application/json", received_at=NOW, source="127.0.0.1",
                                 normalise=lambda ctx: normalise_meta(parse_json(body), ctx))


async def test_nats_down_spools_and_replay_publishes_once(ingest: Deps) -> None:
    ingest.publisher.connected = False
    with pytest.raises(Unavailable):
        await deliver(ingest, "c1")
    assert len(ingest.spool) == 1 and ingest.publisher.kept == []  # the raw body is on local disk
    assert await replay_spool(deps=ingest) == 0  # still down: nothing lost, nothing done
    ingest.publisher.connected = True
    assert await replay_spool(deps=ingest) == 1
    assert len(ingest.spool) == 0 and list(ingest.publisher.sent.values()) == [1]
    [kept] = ingest.publisher.kept
    assert (kept.status, kept.published, kept.attempt) == ("published", 1, NOW.isoformat())
    assert kept.delivery_id == delivery_id_for("meta", "knivsta", kept.body)  # the very bytes received


async def test_mongodb_down_does_not_hold_a_delivery_up(ingest: Deps) -> None:
    # The raw delivery is kept on the INGEST stream; ingest's consumer writes it to the
    # store when the database is back (tests/integration/ingest/test_webhooks.py).
    ingest.store.down = True
    accepted = await deliver(ingest, "c2")
    assert accepted.published == 1 and len(ingest.publisher.sent) == 1 and len(ingest.spool) == 0
    assert [k.delivery_id for k in ingest.publisher.kept] == [accepted.delivery_id]


async def test_a_rejected_delivery_is_kept_with_its_reason_even_while_nats_is_down(ingest: Deps) -> None:
    def refuse(ctx):
        raise InvalidPayload("no entry in the body")
    ingest.publisher.connected = False
    with pytest.raises(InvalidPayload):
        await accept_delivery(deps=ingest, platform="meta", municipality="knivsta", body=b'{"object": "page"}',
                              content_type="application/json", received_at=NOW, source=None, normalise=refuse)
    assert len(ingest.spool) == 1
    ingest.publisher.connected = True
    assert await replay_spool(deps=ingest) == 1
    [kept] = ingest.publisher.kept
    assert (kept.status, kept.reason, kept.published) == ("rejected", "no entry in the body", None)
    assert ingest.publisher.sent == {}


def test_a_file_spooled_by_an_older_release_is_read_as_a_published_delivery() -> None:
    old = {"delivery_id": "d1", "municipality": "knivsta", "platform": "meta", "body": "e30=",
           "content_type": "application/json", "received_at": NOW.isoformat(), "source": None,
           "raw_saved": True, "events": [], "dedupe_keys": [], "problems": []}
    entry = SpoolEntry.model_validate_json(json.dumps(old))
    assert (entry.status, entry.attempt, entry.body) == ("published", NOW.isoformat(), b"{}")


async def test_an_unreadable_spool_file_is_set_aside_not_deleted(ingest: Deps) -> None:
    ingest.spool.path.mkdir(parents=True)
    (ingest.spool.path / "broken.json").write_text("{not json")
    assert await replay_spool(deps=ingest) == 0
    assert (ingest.spool.path / "broken.unreadable").exists() and len(ingest.spool) == 0


async def test_a_full_disk_while_nats_is_down_is_still_a_503(ingest: Deps, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    ingest.spool.path = tmp_path / "file" / "spool"  # cannot be created
    ingest.publisher.connected = False
    with pytest.raises(Unavailable, match="spool not writable"):
        await deliver(ingest, "c3")
