"""Archive's query contracts: a reply read from a stored document is that document as JSON
(`_id` as `id`, ISO datetimes, no field the document lacks), and the typed client sends the
query's contract and returns the reply's (a fake broker, no NATS)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError
from pydantic_core import to_jsonable_python

from shared.clients.archive import ArchiveClient, ArchiveRefused
from shared.contracts.archive import CullingRun, RecordDetail, RecordView, SearchQuery, SearchResult
from shared.contracts.queries import QueryError

M = "knivsta"
AT = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def stored_record(**fields: Any) -> dict[str, Any]:
    """A record as app/records.record_doc writes it (less the search fields the queries project away)."""
    return {"_id": "r1", "municipality": M, "source": "social", "platform": "facebook", "account_id": "p1",
            "item_id": "c1", "thread_id": "t1", "parent_id": "t1", "kind": "comment", "direction": "inkommen",
            "published_at": AT, "received_at": AT, "flags": [], "account_registered": True, "item_event_ids": ["e1"],
            "version_events": [{"event_id": "e1", "version": 1}], "delivery_id": None,
            "author": {"platform_id": "555", "name": "Åsa", "profile_url": None}, "text": "Hej", "media": [],
            "links": [], "raw": {"id": "c1"}, "archived_at": AT, "sort_at": AT, "version": 1, "content_sha256": "ab",
            "tags": [], "categories": ["complaint"], "intents": [], "decisions": [], "events": [], "holds": [],
            "registration": {"status": "not_required"}, "culled": None, "deleted_on_platform": None, **fields}


def as_json(doc: dict[str, Any]) -> Any:
    """What the queries sent before their replies were typed: the document, `_id` as `id`."""
    return to_jsonable_python({("id" if k == "_id" else k): v for k, v in doc.items()})


def test_a_record_reply_is_the_stored_document() -> None:
    doc = stored_record()
    reply = TypeAdapter(list[RecordView])
    assert json.loads(reply.dump_json(reply.validate_python([doc]))) == [as_json(doc)]


def test_a_field_the_document_lacks_stays_out_of_the_reply() -> None:
    doc = {k: v for k, v in stored_record().items() if k not in ("sort_at", "raw")}
    out = json.loads(RecordView.model_validate(doc).model_dump_json())
    assert "sort_at" not in out and "raw" not in out and out == as_json(doc)
    registration = json.loads(RecordView.model_validate(stored_record()).model_dump_json())["registration"]
    assert registration == {"status": "not_required"}


def test_a_culling_run_as_listed_gives_its_count_not_its_protocol() -> None:
    stored = {"_id": "run1", "municipality": M, "started_at": AT, "by": {"user_id": "u", "name": "Eva"},
              "dry_run": False, "status": "completed", "entries": [{"record_id": "r1", "rule_id": "x",
                                                                    "decision": "d"}],
              "held_skipped": 1, "decisions": {}, "missing_decisions": {}, "blocked": 0, "finished_at": AT,
              "count": 1}
    run = CullingRun.model_validate(stored)
    listed = run.model_copy(update={"entries": None, "count": len(run.entries or [])})
    assert json.loads(listed.model_dump_json()) == as_json({**stored, "entries": None})


def test_a_malformed_page_token_is_refused_by_the_contract() -> None:
    with pytest.raises(ValidationError, match="ogiltig page_token"):
        SearchQuery.model_validate({"municipality": M, "page_token": "not a token"})
    token = SearchQuery.encode_token(AT, "r1")
    assert SearchQuery(municipality=M, page_token=token).decode_token() == (AT, "r1")


class FakeBroker:
    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.asked: list[tuple[str, dict[str, Any]]] = []

    async def request(self, message: bytes, subject: str, headers: dict[str, str] | None = None,
                      timeout: float = 0.5) -> SimpleNamespace:
        self.asked.append((subject, json.loads(message)))
        return SimpleNamespace(body=self.answer)


async def test_the_client_sends_the_query_and_returns_the_typed_reply() -> None:
    reply = {"records": [as_json(stored_record())], "next_page_token": None}
    broker = FakeBroker(json.dumps(reply).encode())
    found = await ArchiveClient(broker, timeout=0.1).search(SearchQuery(municipality=M, text="hej", limit=5))
    assert isinstance(found, SearchResult) and found.records[0].id == "r1" and found.records[0].text == "Hej"
    assert json.loads(found.model_dump_json()) == reply
    assert broker.asked == [("q.archive.search", {"municipality": M, "text": "hej", "limit": 5})]


async def test_an_unknown_record_is_none_and_a_refusal_is_archive_refused() -> None:
    assert await ArchiveClient(FakeBroker(b"null"), timeout=0.1).record(M, "r9") is None
    detail = RecordDetail.model_validate({**stored_record(), "versions": [],
                                          "log": {"tree_head": None, "leaves": [], "pending": 1}})
    assert (await ArchiveClient(FakeBroker(detail.model_dump_json().encode()), timeout=0.1).record(M, "r1")) == detail
    refusing = ArchiveClient(FakeBroker(QueryError(error="okänt trädhuvud").model_dump_json().encode()), timeout=0.1)
    with pytest.raises(ArchiveRefused, match="okänt trädhuvud"):
        await refusing.tree_head(M)
