"""accept_delivery and replay_spool with stand-ins for MongoDB and NATS (the real ones
are in tests/integration/ingest): what is kept where when either is down."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from pymongo.errors import ServerSelectionTimeoutError

from services.ingest.adapters.publisher import BusUnavailable
from services.ingest.adapters.spool import Spool
from services.ingest.app.deliveries import Unavailable, accept_delivery, replay_spool
from services.ingest.config import IngestSettings
from services.ingest.deps import Deps
from services.ingest.domain import normalise_meta
from services.ingest.domain.common import parse_json
from tests.support.webhooks import json_body, meta_comment

NOW = datetime(2026, 11, 21, 8, tzinfo=UTC)


class Store:
    def __init__(self) -> None:
        self.down = False
        self.raw: dict[str, bytes] = {}
        self.status: dict[str, str] = {}
        self.published: set[str] = set()

    def _check(self) -> None:
        if self.down:
            raise ServerSelectionTimeoutError("no MongoDB")

    async def save_raw(self, delivery):
        self._check()
        self.raw.setdefault(delivery.delivery_id, delivery.body)

    async def mark(self, delivery_id, status, **_):
        self._check()
        self.status[delivery_id] = status

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

    async def publish_all(self, events):
        if not self.connected:
            raise BusUnavailable("not connected to NATS")
        for event in events:
            self.sent[event.event_id] = self.sent.get(event.event_id, 0) + 1
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
    assert len(ingest.spool) == 1 and len(ingest.store.raw) == 1  # raw kept first, in MongoDB
    assert await replay_spool(deps=ingest) == 0  # still down: nothing lost, nothing done
    ingest.publisher.connected = True
    assert await replay_spool(deps=ingest) == 1
    assert len(ingest.spool) == 0 and list(ingest.publisher.sent.values()) == [1]
    assert list(ingest.store.status.values()) == ["published"]


async def test_mongodb_down_spools_raw_and_replay_stores_it(ingest: Deps) -> None:
    ingest.store.down = True
    with pytest.raises(Unavailable, match="database"):
        await deliver(ingest, "c2")
    assert ingest.publisher.sent == {} and len(ingest.spool) == 1
    assert await replay_spool(deps=ingest) == 0  # the database is still down: the file stays
    ingest.store.down = False
    assert await replay_spool(deps=ingest) == 1
    assert len(ingest.store.raw) == 1 and len(ingest.publisher.sent) == 1


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
