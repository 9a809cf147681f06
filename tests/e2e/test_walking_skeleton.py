"""A signed Facebook comment goes in at the front door; a record, a verdict and an
alert come out, once, however often the platform delivers it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from devtools.supervisor import System
from tests.support.webhooks import meta_body, meta_comment, meta_signature
from tests.support.polling import eventually
from tests.support.system import ask as signed_ask
from tests.support.system import running_system

SECRET = "e2e-meta-secret"
PAGE = "100200300400"


@pytest.fixture(scope="module")
def system(servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    sut = System(
        data_dir=tmp_path_factory.mktemp("system"),
        nats_url=servers.nats_url,
        mongodb_url=servers.mongodb_url,
        extra_env={"KANALVAKT_META_APP_SECRET": SECRET, "KANALVAKT_DB_PREFIX": "e2e_skeleton",
                   "KANALVAKT_SEED_DEMO": "true"},
    )
    with running_system(sut) as started:
        yield started


async def ask(system: System, service: str, what: str, query: dict[str, Any]) -> Any:
    return await signed_ask(system, f"q.{service}.{what}", query)



def post_comment(system: System, payload: dict[str, Any], secret: str = SECRET) -> httpx.Response:
    body = meta_body(payload)
    return httpx.post(
        f"{system.url('ingest')}/webhooks/knivsta/meta",
        content=body,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": meta_signature(secret, body)},
    )


async def test_signed_comment_is_archived_tagged_and_alerted_once(system: System) -> None:
    text = "Jag ska döda er alla, jävla kommun! Mitt personnummer är 19811218-9876, ring mig på 070-1234567"
    payload = meta_comment(page_id=PAGE, comment_id="PAGE_1_c1", text=text)

    first = post_comment(system, payload)
    second = post_comment(system, payload)  # Meta retries: same delivery again
    assert first.status_code == 200, first.text
    assert second.status_code == 200, second.text

    q = {"municipality": "knivsta"}
    records = await eventually(lambda: ask(system, "archive", "records", q | {"item_id": "PAGE_1_c1"}))
    verdicts = await eventually(lambda: ask(system, "moderation", "verdicts", q))
    alerts = await eventually(lambda: ask(system, "notify", "alerts", q))
    # Give any duplicate a chance to show up before counting.
    await asyncio.sleep(1.0)
    records = await ask(system, "archive", "records", q | {"item_id": "PAGE_1_c1"})
    verdicts = await ask(system, "moderation", "verdicts", q)
    alerts = await ask(system, "notify", "alerts", q)

    assert len(records) == 1
    record = records[0]
    assert record["direction"] == "inkommen"
    assert record["author"] == {"platform_id": "555", "name": "Åsa Öberg", "profile_url": None}
    assert record["text"] == text
    assert record["raw"]["comment_id"] == "PAGE_1_c1"

    assert len(verdicts) == 1
    categories = {tag["category"] for tag in verdicts[0]["tags"]}
    assert {"profanity", "personal_data", "threat"} <= categories
    pnr_spans = [s["text"] for t in verdicts[0]["tags"] if t["category"] == "personal_data" for s in t["spans"]]
    assert "19811218-9876" in pnr_spans

    assert len(alerts) == 1
    assert alerts[0]["rule"] == "severe_content"
    assert alerts[0]["account_id"] == PAGE


async def test_page_reply_is_upprattad_and_not_alerted(system: System) -> None:
    payload = meta_comment(page_id=PAGE, comment_id="PAGE_1_c2", text="Tack för frågan! Biblioteket öppnar 10.",
                           author_id=PAGE, author_name="Knivsta kommun")
    assert post_comment(system, payload).status_code == 200
    q = {"municipality": "knivsta", "item_id": "PAGE_1_c2"}
    records = await eventually(lambda: ask(system, "archive", "records", q))
    assert [r["direction"] for r in records] == ["upprattad"]


def test_forged_signature_is_refused_and_not_echoed(system: System) -> None:
    payload = meta_comment(page_id=PAGE, comment_id="forged", text="<script>alert(1)</script>")
    response = post_comment(system, payload, secret="not-the-secret")
    assert response.status_code == 401
    assert "script" not in response.text
