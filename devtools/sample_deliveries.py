"""Signed platform deliveries built the way the platforms build them: the demo data of
`make run` and the tests send these through the real webhook endpoints."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from typing import Any


def meta_body(payload: dict[str, Any]) -> bytes:
    """Meta escapes non-ASCII (ä as \\u00e4) and signs exactly those bytes."""
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode()


def meta_signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def meta_comment(*, page_id: str, comment_id: str, text: str, author_id: str = "555", author_name: str = "Åsa Öberg",
                 post_id: str | None = None, created_time: int = 1_763_700_000) -> dict[str, Any]:
    post_id = post_id or f"{page_id}_1"
    return {
        "object": "page",
        "entry": [{
            "id": page_id,
            "time": created_time,
            "changes": [{
                "field": "feed",
                "value": {
                    "item": "comment", "verb": "add", "comment_id": comment_id, "post_id": post_id,
                    "parent_id": post_id, "from": {"id": author_id, "name": author_name},
                    "message": text, "created_time": created_time,
                },
            }],
        }],
    }


# --- every platform (ingest's tests; the shapes are the platforms' documented ones) -----


def signed_headers(platform: str, secret: str, body: bytes) -> dict[str, str]:
    """Headers a platform sends with `body` signed by `secret`."""
    mac = hmac.new(secret.encode(), body, hashlib.sha256)
    if platform in ("meta", "facebook", "instagram"):
        return {"Content-Type": "application/json", "X-Hub-Signature-256": "sha256=" + mac.hexdigest()}
    if platform == "x":
        return {"Content-Type": "application/json",
                "x-twitter-webhooks-signature": "sha256=" + base64.b64encode(mac.digest()).decode()}
    if platform == "linkedin":
        return {"Content-Type": "application/json", "X-LI-Signature": mac.hexdigest()}
    if platform == "youtube":
        sha1 = hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
        return {"Content-Type": "application/atom+xml", "X-Hub-Signature": "sha1=" + sha1}
    if platform == "web":
        return {"Content-Type": "application/json", "X-Kanalvakt-Signature": "sha256=" + mac.hexdigest()}
    raise ValueError(platform)


def json_body(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":")).encode()


def meta_feed(page_id: str, values: list[dict[str, Any]], *, time: int = 1_763_700_000) -> dict[str, Any]:
    """A Page delivery with one `feed` change per value."""
    return {"object": "page", "entry": [{"id": page_id, "time": time,
                                          "changes": [{"field": "feed", "value": v} for v in values]}]}


def instagram_comment(*, account_id: str, comment_id: str, text: str, username: str = "asa.oberg",
                      from_id: str = "17841400000001", media_id: str = "17900000000001",
                      parent_id: str | None = None) -> dict[str, Any]:
    value: dict[str, Any] = {"id": comment_id, "text": text, "from": {"id": from_id, "username": username},
                             "media": {"id": media_id, "media_product_type": "FEED"}}
    if parent_id:
        value["parent_id"] = parent_id
    return {"object": "instagram", "entry": [{"id": account_id, "time": 1_763_700_000,
                                               "changes": [{"field": "comments", "value": value}]}]}


def meta_message(*, object_: str, account_id: str, sender_id: str, mid: str, text: str,
                 is_echo: bool = False) -> dict[str, Any]:
    recipient = sender_id if is_echo else account_id
    sender = account_id if is_echo else sender_id
    message: dict[str, Any] = {"mid": mid, "text": text}
    if is_echo:
        message["is_echo"] = True
    return {"object": object_, "entry": [{"id": account_id, "time": 1_763_700_000_000, "messaging": [
        {"sender": {"id": sender}, "recipient": {"id": recipient}, "timestamp": 1_763_700_000_000,
         "message": message}]}]}


def x_tweet(*, for_user_id: str, tweet_id: str, text: str, user_id: str = "2244994945", screen_name: str = "asaoberg",
            name: str = "Åsa Öberg", in_reply_to: str | None = None) -> dict[str, Any]:
    return {"for_user_id": for_user_id, "tweet_create_events": [{
        "created_at": "Fri Nov 21 08:00:00 +0000 2026", "id": int(tweet_id), "id_str": tweet_id, "text": text,
        "in_reply_to_status_id_str": in_reply_to, "user": {"id": int(user_id), "id_str": user_id, "name": name,
                                                            "screen_name": screen_name},
        "entities": {"urls": [], "user_mentions": []}, "timestamp_ms": "1763712000000"}]}


def linkedin_comment(*, org_id: str, notification_id: int, comment_id: str, text: str,
                     actor: str = "urn:li:person:a1b2c3", action: str = "COMMENT") -> dict[str, Any]:
    share = "urn:li:share:7000000000000000001"
    entity = f"urn:li:comment:(urn:li:activity:7000000000000000000,{comment_id})"
    return {"type": "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS", "notifications": [{
        "notificationId": notification_id, "action": action, "organizationalEntity": f"urn:li:organization:{org_id}",
        "sourcePost": share, "generatedActivity": entity, "lastModifiedAt": 1_763_712_000_000,
        "decoratedSourcePost": {"entity": share, "owner": f"urn:li:organization:{org_id}"},
        "decoratedGeneratedActivity": {"comment": {"entity": entity, "owner": actor, "text": text}},
    }]}


def youtube_feed(*, channel_id: str, video_id: str, title: str, published: str = "2026-11-21T08:00:00+00:00",
                 updated: str = "2026-11-21T08:00:10.123456789+00:00") -> bytes:
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:yt="http://www.youtube.com/xml/schemas/2015" xmlns="http://www.w3.org/2005/Atom">
 <link rel="hub" href="https://pubsubhubbub.appspot.com"/>
 <link rel="self" href="https://www.youtube.com/xml/feeds/videos.xml?channel_id={channel_id}"/>
 <title>YouTube video feed</title>
 <updated>{updated}</updated>
 <entry>
  <id>yt:video:{video_id}</id>
  <yt:videoId>{video_id}</yt:videoId>
  <yt:channelId>{channel_id}</yt:channelId>
  <title>{title}</title>
  <link rel="alternate" href="https://www.youtube.com/watch?v={video_id}"/>
  <author><name>Knivsta kommun</name><uri>https://www.youtube.com/channel/{channel_id}</uri></author>
  <published>{published}</published>
  <updated>{updated}</updated>
 </entry>
</feed>""".encode()


def web_comment(*, site: str, item_id: str, text: str, author: str = "Åsa", form: str = "tyck-till") -> dict[str, Any]:
    return {"site": site, "items": [{"id": item_id, "kind": "comment", "form": form, "text": text,
                                     "author": {"id": f"anon-{item_id}", "name": author},
                                     "submitted_at": "2026-11-21T09:00:00+01:00",
                                     "page_url": f"https://{site}/tyck-till"}]}
