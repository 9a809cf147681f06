"""Every outbound connector against the local fake platforms: documented requests,
retries on 429/5xx, and idempotency keys that never let a retry post twice."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shared.connectors import ConnectorError, OutboundPost, PlatformConnector, build_connectors
from tests.support.platforms import FakePlatforms


@pytest.fixture
async def connectors(fake: FakePlatforms) -> AsyncIterator[dict[str, PlatformConnector]]:
    fake.reset()
    built = build_connectors(fake.connector_settings())
    yield built
    await built.aclose()


def post(account: str, key: str, **kw) -> OutboundPost:
    return OutboundPost(account_id=account, text=kw.pop("text", "Välkommen till öppet hus på biblioteket!"),
                        idempotency_key=key, **kw)


async def test_facebook_actions_follow_the_graph_api(connectors, fake: FakePlatforms) -> None:
    fb = connectors["facebook"]
    await fb.hide("100_1_2", idempotency_key="h1")
    await fb.unhide("100_1_2", idempotency_key="u1")
    await fb.delete("100_1_3", idempotency_key="d1")
    await fb.block("100", "555", idempotency_key="b1")
    text = await fb.post(post("100", "p1", link="https://knivsta.se"))
    image = await fb.post(post("100", "p2", image_url=fake.image_url, image_alt_text="Biblioteket i Knivsta"))
    answer = await fb.reply(post("100", "r1", reply_to="100_1_2", text="Tack för din fråga!"))

    reqs = fake.requests_for("facebook")
    assert [(r.method, r.path) for r in reqs] == [
        ("POST", "/v21.0/100_1_2"), ("POST", "/v21.0/100_1_2"), ("DELETE", "/v21.0/100_1_3"),
        ("POST", "/v21.0/100/blocked"), ("POST", "/v21.0/100/feed"), ("POST", "/v21.0/100/photos"),
        ("POST", "/v21.0/100_1_2/comments"),
    ]
    assert reqs[0].form() == {"is_hidden": "true"} and reqs[1].form() == {"is_hidden": "false"}
    assert reqs[3].form() == {"user": "555"}
    assert reqs[4].form()["message"] == "Välkommen till öppet hus på biblioteket!"
    assert reqs[4].form()["link"] == "https://knivsta.se"
    assert reqs[5].form()["alt_text_custom"] == "Biblioteket i Knivsta"
    assert reqs[6].form()["message"] == "Tack för din fråga!"
    assert all(r.headers["authorization"] == f"Bearer {fake.token}" for r in reqs)
    assert text.platform_post_id.startswith("100_") and image.platform_post_id.startswith("100_")
    assert answer.platform_post_id.startswith("100_1_2_")
    assert fake.state.hidden["100_1_2"] is False and ("100", "555") in fake.state.blocked


async def test_instagram_posts_in_two_steps_and_cannot_block(connectors, fake: FakePlatforms) -> None:
    ig = connectors["instagram"]
    result = await ig.post(post("1784", "p1", image_url=fake.image_url, image_alt_text="Ett foto"))
    await ig.hide("c9", idempotency_key="h1")
    await ig.reply(post("1784", "r1", reply_to="c9"))
    paths = [r.path for r in fake.requests_for("instagram")]
    assert paths == ["/v21.0/1784/media", "/v21.0/1784/media_publish", "/v21.0/c9", "/v21.0/c9/replies"]
    assert fake.requests_for("instagram")[0].form()["alt_text"] == "Ett foto"
    assert result.platform_post_id
    with pytest.raises(ConnectorError) as refused:
        await ig.block("1784", "555", idempotency_key="b1")
    assert refused.value.retryable is False
    with pytest.raises(ConnectorError, match="image"):
        await ig.post(post("1784", "p2"))


async def test_x_uses_v2_tweets_hidden_replies_and_blocking(connectors, fake: FakePlatforms) -> None:
    x = connectors["x"]
    reply = await x.reply(post("42", "r1", reply_to="9001", text="Hej! Vi svarar i DM."))
    await x.hide("9002", idempotency_key="h1")
    await x.delete("9003", idempotency_key="d1")
    await x.block("42", "666", idempotency_key="b1")
    await x.post(post("42", "p1", image_url=fake.image_url, image_alt_text="Karta över Knivsta"))
    reqs = fake.requests_for("x")
    assert reqs[0].path == "/2/tweets" and reqs[0].json()["reply"] == {"in_reply_to_tweet_id": "9001"}
    assert (reqs[1].method, reqs[1].path, reqs[1].json()) == ("PUT", "/2/tweets/9002/hidden", {"hidden": True})
    assert (reqs[2].method, reqs[2].path) == ("DELETE", "/2/tweets/9003")
    assert reqs[3].path == "/2/users/42/blocking" and reqs[3].json() == {"target_user_id": "666"}
    assert [r.path for r in reqs[4:]] == ["/2/media/upload", "/2/media/metadata", "/2/tweets"]
    assert reqs[5].json()["metadata"]["alt_text"]["text"] == "Karta över Knivsta"
    assert reqs[6].json()["media"]["media_ids"] == [reqs[5].json()["id"]]
    assert reply.url and reply.platform_post_id in reply.url


async def test_linkedin_posts_comments_and_deletes(connectors, fake: FakePlatforms) -> None:
    li = connectors["linkedin"]
    created = await li.post(post("2414183", "p1", link="https://knivsta.se/nyheter"))
    comment = await li.reply(post("2414183", "r1", reply_to="urn:li:share:77"))
    await li.delete(comment.platform_post_id, idempotency_key="d1")
    await li.post(post("2414183", "p2", image_url=fake.image_url, image_alt_text="Kommunhuset"))
    reqs = fake.requests_for("linkedin")
    assert reqs[0].path == "/rest/posts" and reqs[0].json()["author"] == "urn:li:organization:2414183"
    assert reqs[0].json()["content"]["article"]["source"] == "https://knivsta.se/nyheter"
    assert reqs[0].headers["linkedin-version"] and reqs[0].headers["x-restli-protocol-version"] == "2.0.0"
    assert created.platform_post_id.startswith("urn:li:share:")
    assert reqs[1].json()["object"] == "urn:li:share:77"
    assert reqs[2].method == "DELETE" and "comments" in reqs[2].path
    assert reqs[-1].json()["content"]["media"]["altText"] == "Kommunhuset"
    with pytest.raises(ConnectorError):
        await li.hide("urn:li:share:1", idempotency_key="h1")


async def test_youtube_moderates_with_set_moderation_status(connectors, fake: FakePlatforms) -> None:
    yt = connectors["youtube"]
    await yt.hide("Ugc1", idempotency_key="h1")
    await yt.delete("Ugc2", idempotency_key="d1")
    reply = await yt.reply(post("UC1", "r1", reply_to="Ugc1"))
    assert fake.state.moderation == {"Ugc1": "heldForReview", "Ugc2": "rejected"}
    assert fake.requests_for("youtube", path="/comments")[-1].json()["snippet"]["parentId"] == "Ugc1"
    assert reply.platform_post_id.startswith("Ugc1.")


async def test_vimeo_and_web(connectors, fake: FakePlatforms) -> None:
    vimeo, web = connectors["vimeo"], connectors["web"]
    reply = await vimeo.reply(post("u1", "r1", reply_to="/videos/5/comments/6"))
    await vimeo.delete("/videos/5/comments/6", idempotency_key="d1")
    assert reply.platform_post_id.startswith("/videos/5/comments/")
    assert [r.path for r in fake.requests_for("vimeo")] == ["/videos/5/comments/6/replies", "/videos/5/comments/6"]
    await web.hide("tyck-till-17", idempotency_key="w1")
    created = await web.post(post("knivsta.se", "w2"))
    assert fake.state.hidden["tyck-till-17"] is True and created.platform_post_id.startswith("web-")


async def test_retries_on_5xx_and_429_then_succeeds(connectors, fake: FakePlatforms) -> None:
    fake.fail("x", times=2, status=503)
    fake.fail("facebook", times=1, status=429, retry_after=0)
    await connectors["x"].delete("1", idempotency_key="d1")
    await connectors["facebook"].hide("1_2", idempotency_key="h1")
    assert len(fake.requests_for("x")) == 3 and len(fake.requests_for("facebook")) == 2


async def test_gives_up_retryable_after_the_last_attempt(connectors, fake: FakePlatforms) -> None:
    fake.fail("linkedin", times=10, status=502)
    with pytest.raises(ConnectorError) as failed:
        await connectors["linkedin"].post(post("1", "p1"))
    assert failed.value.retryable and failed.value.status == 502
    assert len(fake.requests_for("linkedin")) == 4


async def test_client_errors_are_not_retried(connectors, fake: FakePlatforms) -> None:
    fake.fail("facebook", times=1, status=400, body={"error": {"message": "(#100) Invalid parameter"}})
    with pytest.raises(ConnectorError, match="Invalid parameter") as refused:
        await connectors["facebook"].delete("1_2", idempotency_key="d1")
    assert refused.value.retryable is False and len(fake.requests_for("facebook")) == 1


async def test_same_idempotency_key_never_posts_twice(connectors, fake: FakePlatforms) -> None:
    import asyncio

    x = connectors["x"]
    first, second = await asyncio.gather(x.post(post("42", "same-key")), x.post(post("42", "same-key")))
    third = await x.post(post("42", "same-key"))
    assert first == second == third
    assert len(fake.requests_for("x", method="POST", path="/2/tweets")) == 1
    await x.post(post("42", "other-key"))
    assert len(fake.requests_for("x", method="POST", path="/2/tweets")) == 2


async def test_a_failed_action_can_be_retried_with_the_same_key(connectors, fake: FakePlatforms) -> None:
    fake.fail("facebook", times=4, status=500)
    with pytest.raises(ConnectorError):
        await connectors["facebook"].post(post("100", "k"))
    result = await connectors["facebook"].post(post("100", "k"))
    assert result.platform_post_id.startswith("100_")
    assert len(fake.requests_for("facebook", path="/feed")) == 5


async def test_a_post_that_times_out_is_not_repeated_but_a_hide_is(fake: FakePlatforms) -> None:
    fake.reset()
    connectors = build_connectors(fake.connector_settings(connector_timeout_s=0.3))
    try:
        fake.slow("facebook", 1.0)
        with pytest.raises(ConnectorError, match="may or may not") as unknown:
            await connectors["facebook"].post(post("100", "slow-post"))
        assert unknown.value.retryable is False
        assert len(fake.requests_for("facebook", path="/feed")) == 1  # never sent twice
        with pytest.raises(ConnectorError) as gave_up:
            await connectors["facebook"].hide("1_2", idempotency_key="slow-hide")
        assert gave_up.value.retryable is True
        assert len(fake.requests_for("facebook", path="/1_2")) == 4  # idempotent: retried
    finally:
        fake.slow("facebook", 0)
        await connectors.aclose()
