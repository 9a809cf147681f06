"""Pollers against the fake YouTube and Vimeo APIs: pages followed by token, cursors
kept, quota errors back off, and no item is ever published twice."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta


from services.ingest.config import IngestSettings
from services.ingest.main import create_app
from tests.support import bus
from tests.support.inprocess import running
from tests.support.platforms import FakePlatforms

from .conftest import stream_messages
from tests.support.polling import eventually

T0 = datetime(2026, 11, 20, 8, tzinfo=UTC)



async def status(nats_url: str) -> dict:
    nc = await bus.connect(nats_url)
    try:
        reply = await nc.request("q.ingest.status", json.dumps({"municipality": "knivsta"}).encode(), timeout=3)
        return json.loads(reply.data)
    finally:
        await nc.close()


async def test_youtube_comments_are_paged_published_once_and_quota_backs_off(
    ingest_settings: IngestSettings, fake: FakePlatforms, service_env,
) -> None:
    nats_url = service_env["KANALVAKT_NATS_URL"]
    for i in range(120):  # more than one page of 100
        fake.add_youtube_comment(channel_id="UC1", video_id="v1", comment_id=f"yt{i}", text=f"Kommentar {i} åäö",
                                 published_at=T0 + timedelta(minutes=i))
    fake.add_youtube_comment(channel_id="UC1", video_id="v1", comment_id="yt0.r1", text="Tack!",
                             author_channel_id="UC1", parent_id="yt0", published_at=T0 + timedelta(hours=5))
    settings = ingest_settings.model_copy(update={
        "poll_enabled": True, "poll_interval_s": 0.2, "poll_accounts": ["knivsta:youtube:UC1", "knivsta:vimeo:u1"],
        "quota_backoff_s": 3600.0})
    async with running(create_app, settings):
        found = await stream_messages(nats_url, "social.received.youtube", expect=121)
        assert len(found) == 121
        pages = [r for r in fake.requests_for("youtube", path="commentThreads")]
        assert any(r.query.get("pageToken") == "100" for r in pages)
        assert all(r.query["key"] == "fake-api-key" and r.query["allThreadsRelatedToChannelId"] == "UC1" for r in pages)
        reply = next(m["event"] for m in found if m["event"]["item_id"] == "yt0.r1")
        assert reply["direction"] == "upprattad" and reply["kind"] == "reply"

        # Later rounds find nothing new: nothing is published again.
        rounds = len(pages)
        await eventually(lambda: _more_requests(fake, "youtube", rounds + 3))
        assert len(await stream_messages(nats_url, "social.received.youtube")) == 121

        # A new comment is published; then a quota error pauses the channel.
        fake.add_youtube_comment(channel_id="UC1", video_id="v1", comment_id="ytnew", text="Ny fråga",
                                 published_at=T0 + timedelta(days=1))
        assert len(await stream_messages(nats_url, "social.received.youtube", expect=122)) == 122
        fake.quota_exceeded(times=1)
        paused = await eventually(lambda: _quota_paused(nats_url))
        assert paused["quota_errors"] == 1 and paused["backoff_until"]
        calls = len(fake.requests_for("youtube", path="commentThreads"))
        vimeo_calls = len(fake.requests_for("vimeo"))
        await eventually(lambda: _more_requests(fake, "vimeo", vimeo_calls + 6))  # several rounds pass
        assert len(fake.requests_for("youtube", path="commentThreads")) == calls  # the paused channel is not asked
    events = await stream_messages(nats_url, "social.received.youtube")
    assert len({m["event"]["event_id"] for m in events}) == len(events) == 122


async def test_vimeo_comments_and_replies_are_published_once(ingest_settings: IngestSettings, fake: FakePlatforms,
                                                             service_env) -> None:
    nats_url = service_env["KANALVAKT_NATS_URL"]
    fake.add_vimeo_comment(user_id="u1", video_id="501", comment_id="1", text="Bra film!", created_on=T0)
    fake.add_vimeo_comment(user_id="u1", video_id="501", comment_id="2", text="Var spelades den in?",
                           created_on=T0 + timedelta(minutes=1))
    fake.add_vimeo_comment(user_id="u1", video_id="501", comment_id="3", text="I Knivsta!", author_id="u1",
                           parent_id="2", created_on=T0 + timedelta(minutes=2))
    settings = ingest_settings.model_copy(update={"poll_enabled": True, "poll_interval_s": 0.2,
                                                  "poll_accounts": ["knivsta:vimeo:u1"]})
    async with running(create_app, settings):
        found = await stream_messages(nats_url, "social.received.vimeo", expect=3)
        by_item = {m["event"]["item_id"]: m["event"] for m in found}
        assert by_item["/videos/501/comments/3"]["kind"] == "reply"
        assert by_item["/videos/501/comments/3"]["direction"] == "upprattad"
        assert by_item["/videos/501/comments/1"]["direction"] == "inkommen"
        before = len(fake.requests_for("vimeo"))
        await eventually(lambda: _more_requests(fake, "vimeo", before + 8))
        fake.add_vimeo_comment(user_id="u1", video_id="501", comment_id="4", text="Fler sådana!",
                               created_on=T0 + timedelta(hours=1))
        assert len(await stream_messages(nats_url, "social.received.vimeo", expect=4)) == 4
        cursors = (await status(nats_url))["pollers"]
        assert any(c["id"] == "vimeo:knivsta:u1" and c["videos"]["501"] for c in cursors)
    assert len(await stream_messages(nats_url, "social.received.vimeo")) == 4


async def _more_requests(fake: FakePlatforms, platform: str, at_least: int) -> bool:
    return len(fake.requests_for(platform)) >= at_least


async def _quota_paused(nats_url: str) -> dict | None:
    for cursor in (await status(nats_url))["pollers"]:
        if cursor["id"] == "youtube:knivsta:UC1" and cursor.get("quota_errors"):
            return cursor
    return None
