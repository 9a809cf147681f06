"""Property tests: any valid payload normalises; anything else is refused with a reason, never a crash."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.ingest.domain import (
    Context, InvalidPayload, Normalised, normalise_comment_threads, normalise_linkedin, normalise_meta,
    normalise_vimeo_comments, normalise_web, normalise_websub, normalise_x,
)
from shared.contracts import Direction, ItemKind

CTX = Context(municipality="knivsta", received_at=datetime(2026, 11, 21, 8, tzinfo=UTC), delivery_id="d1")
# Kept small so the unit tier stays fast; CI runs them on every push, so coverage accumulates.
PROPS = settings(max_examples=int(os.environ.get("KANALVAKT_HYPOTHESIS_EXAMPLES", "40")), deadline=None,
                 suppress_health_check=[HealthCheck.too_slow])

swedish = st.text(alphabet=st.sampled_from(list("abcåäöÅÄÖé xyz!?.,\n😍\u00ad\"\\<>&")), max_size=120)
ids = st.integers(min_value=0, max_value=10**18).map(str)
json_leaf = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20)
any_json = st.recursive(json_leaf, lambda inner: st.lists(inner, max_size=4)
                        | st.dictionaries(st.text(max_size=12), inner, max_size=5), max_leaves=25)


def refused_or_normalised(call) -> Normalised | None:
    try:
        result = call()
    except InvalidPayload as exc:
        assert str(exc), "a refusal must say why"
        return None
    assert isinstance(result, Normalised)
    assert all(p for p in result.problems)
    return result


feed_change = st.fixed_dictionaries({
    "item": st.sampled_from(["comment", "status", "post", "photo", "video"]),
    "verb": st.sampled_from(["add", "edited", "remove", "hide", "unhide"]),
    "comment_id": ids, "post_id": ids, "from": st.fixed_dictionaries({"id": ids, "name": swedish}),
    "message": swedish, "created_time": st.integers(min_value=1_000_000_000, max_value=2_000_000_000),
})


@PROPS
@given(page=ids, changes=st.lists(feed_change, min_size=1, max_size=20))
def test_any_valid_meta_feed_delivery_normalises_one_event_per_change(page: str, changes: list[dict]) -> None:
    payload = {"object": "page", "entry": [{"id": page, "time": 1, "changes": [
        {"field": "feed", "value": c} for c in changes]}]}
    result = normalise_meta(payload, CTX)
    assert result.problems == [] and len(result.events) == len(changes)
    for event, change in zip(result.events, changes, strict=True):
        assert event.text == change["message"]
        assert event.direction is (Direction.upprattad if change["from"]["id"] == page else Direction.inkommen)
        assert event.kind in ItemKind
    assert [e.event_id for e in normalise_meta(payload, CTX).events] == [e.event_id for e in result.events]


tweet = st.fixed_dictionaries({
    "id_str": ids, "text": swedish, "user": st.fixed_dictionaries({"id_str": ids, "name": swedish,
                                                               "screen_name": st.text(alphabet="abc_", min_size=1,
                                                                                      max_size=15)}),
    "created_at": st.just("Fri Nov 21 08:00:00 +0000 2026"),
    "in_reply_to_status_id_str": st.none() | ids,
})


@PROPS
@given(account=ids, tweets=st.lists(tweet, min_size=1, max_size=10))
def test_any_valid_x_delivery_normalises(account: str, tweets: list[dict]) -> None:
    result = normalise_x({"for_user_id": account, "tweet_create_events": tweets}, CTX)
    assert len(result.events) == len(tweets) and not result.problems
    assert {e.kind for e in result.events} <= {ItemKind.post, ItemKind.reply, ItemKind.mention}


note = st.fixed_dictionaries({
    "notificationId": st.integers(min_value=1, max_value=2**53),
    "action": st.sampled_from(["COMMENT", "ADMIN_COMMENT", "LIKE", "COMMENT_EDIT", "COMMENT_DELETE", "SHARE_MENTION"]),
    "organizationalEntity": ids.map(lambda i: f"urn:li:organization:{i}"),
    "sourcePost": ids.map(lambda i: f"urn:li:share:{i}"),
    "generatedActivity": ids.map(lambda i: f"urn:li:comment:(x,{i})"),
    "lastModifiedAt": st.integers(min_value=1_500_000_000_000, max_value=1_900_000_000_000),
    "decoratedGeneratedActivity": st.fixed_dictionaries({"comment": st.fixed_dictionaries({
        "text": swedish, "owner": ids.map(lambda i: f"urn:li:person:{i}")})}),
})


@PROPS
@given(notes=st.lists(note, min_size=1, max_size=10))
def test_any_valid_linkedin_push_normalises(notes: list[dict]) -> None:
    result = normalise_linkedin({"notifications": notes}, CTX)
    assert len(result.events) == len(notes) and not result.problems


web_item = st.fixed_dictionaries({"id": ids, "text": swedish, "kind": st.sampled_from(["comment", "post", "reply"]),
                                  "author": st.fixed_dictionaries({"id": ids, "name": swedish})})


@PROPS
@given(items=st.lists(web_item, min_size=1, max_size=10))
def test_any_valid_web_delivery_normalises(items: list[dict]) -> None:
    result = normalise_web({"site": "knivsta.se", "items": items}, CTX)
    assert [e.text for e in result.events] == [i["text"] for i in items]


@PROPS
@given(payload=any_json)
def test_arbitrary_json_never_crashes_any_normaliser(payload: Any) -> None:
    for call in (lambda: normalise_meta(payload, CTX), lambda: normalise_x(payload, CTX),
                 lambda: normalise_linkedin(payload, CTX), lambda: normalise_web(payload, CTX),
                 lambda: normalise_comment_threads(payload, "UC1", CTX),
                 lambda: normalise_vimeo_comments(payload, "1", CTX)):
        refused_or_normalised(call)


@PROPS
@given(change=feed_change, key=st.sampled_from(["item", "verb", "comment_id", "post_id", "from", "message",
                                                 "created_time"]), junk=any_json)
def test_a_valid_meta_change_with_one_field_replaced_by_junk_is_read_or_refused(change: dict, key: str,
                                                                                 junk: Any) -> None:
    broken = dict(change, **{key: junk})
    payload = {"object": "page", "entry": [{"id": "1", "changes": [{"field": "feed", "value": broken}]}]}
    result = refused_or_normalised(lambda: normalise_meta(payload, CTX))
    assert result is not None  # a bad change is reported, the delivery itself still reads
    assert len(result.events) + len(result.problems) + result.skipped == 1


@PROPS
@given(tweet_value=tweet, key=st.sampled_from(["id_str", "text", "user", "created_at", "in_reply_to_status_id_str"]),
       junk=any_json)
def test_a_valid_tweet_with_junk_is_read_or_refused(tweet_value: dict, key: str, junk: Any) -> None:
    broken = dict(tweet_value, **{key: junk})
    result = refused_or_normalised(lambda: normalise_x({"for_user_id": "1", "tweet_create_events": [broken]}, CTX))
    assert result is not None and len(result.events) + len(result.problems) == 1


@PROPS
@given(body=st.binary(max_size=400) | st.text(max_size=200).map(str.encode))
def test_arbitrary_bytes_never_crash_the_websub_reader(body: bytes) -> None:
    refused_or_normalised(lambda: normalise_websub(body, CTX))


iso_times = st.datetimes(min_value=datetime(2010, 1, 1), max_value=datetime(2035, 1, 1)).map(
    lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"))
yt_comment = st.fixed_dictionaries({
    "id": ids, "snippet": st.fixed_dictionaries({
        "textOriginal": swedish, "authorDisplayName": swedish, "publishedAt": iso_times,
        "authorChannelId": st.fixed_dictionaries({"value": ids}), "videoId": ids})})


@PROPS
@given(comments=st.lists(yt_comment, min_size=1, max_size=10, unique_by=lambda c: c["id"]))
def test_any_valid_comment_threads_page_normalises(comments: list[dict]) -> None:
    page = {"items": [{"id": c["id"], "snippet": {"topLevelComment": c}} for c in comments]}
    result = normalise_comment_threads(page, "UC1", CTX)
    assert [e.item_id for e in result.events] == [c["id"] for c in comments] and not result.problems


vimeo_comment = st.fixed_dictionaries({
    "uri": st.tuples(ids, ids).map(lambda t: f"/videos/{t[0]}/comments/{t[1]}"), "text": swedish,
    "created_on": iso_times, "user": st.fixed_dictionaries({"uri": ids.map(lambda i: f"/users/{i}"), "name": swedish})})


@PROPS
@given(comments=st.lists(vimeo_comment, min_size=1, max_size=10))
def test_any_valid_vimeo_page_normalises(comments: list[dict]) -> None:
    result = normalise_vimeo_comments({"data": comments}, "1", CTX)
    assert len(result.events) == len(comments) and not result.problems
