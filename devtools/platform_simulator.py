"""A local simulator of every platform's HTTP API: for tests, benchmarks and the
embedded default's exercise mode (`make run` points every connector at it, so a crisis
team can practise a broadcast and staff can try moderation without touching a real
account).

Real HTTP on 127.0.0.1 (a free port), served by uvicorn in a background thread, so it
works from sync and async tests alike. It speaks the documented request and response
shapes of the calls Kanalvakt makes: the outbound actions of every connector (Graph API
for Facebook and Instagram, X API v2, LinkedIn REST, YouTube Data API v3, Vimeo API,
the municipality's CMS webhook) and the polling APIs (YouTube `commentThreads` with
`pageToken`/`nextPageToken` and quota errors; Vimeo video comments with `paging.next`).

Usage::

    from devtools.platform_simulator import FakePlatforms

    with FakePlatforms() as fake:              # or: fake = FakePlatforms().start(); …; fake.stop()
        connectors = build_connectors(fake.connector_settings())
        await connectors["facebook"].hide("123_456", idempotency_key="k1")
        [req] = fake.requests_for("facebook", method="POST")
        assert req.form()["is_hidden"] == "true"

        fake.fail("x", times=2, status=503)     # the next two X calls answer 503
        fake.slow("linkedin", 0.5)              # every LinkedIn answer waits 0.5 s
        fake.add_youtube_comment(channel_id="UC1", video_id="v1", comment_id="c1", text="Hej!")
        fake.quota_exceeded(times=1)            # next commentThreads call: 403 quotaExceeded
        fake.state.pinned["123_789"]            # Facebook: is the Page's post pinned (True/False)
        fake.state.about["123"]                 # Facebook: the Page's description as last written
        fake.state.about["vimeo:456"]           # Vimeo: the user's bio as last written

`fake.base_urls` maps each platform to its base URL (what `ConnectorSettings` wants);
`fake.requests` lists every request received (`Recorded`: platform, method, path,
query, headers, body, `.json()`, `.form()`); `fake.reset()` clears requests, failures
and data. Every request must carry a bearer token (`fake.token`) where the real platform
demands one; the CMS webhook checks `X-Kanalvakt-Signature` against `fake.web_secret`.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import secrets
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, unquote

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

PLATFORMS = ("facebook", "instagram", "linkedin", "x", "youtube", "vimeo", "web")
# A 1x1 transparent PNG, served at /files/image.png for "image from URL" posts.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


@dataclass
class Recorded:
    platform: str
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.body.decode()))


@dataclass
class _Failure:
    platform: str
    remaining: int
    status: int
    path_contains: str | None
    retry_after: str | None
    body: dict[str, Any] | None


@dataclass
class _State:
    requests: list[Recorded] = field(default_factory=list)
    failures: list[_Failure] = field(default_factory=list)
    delays: dict[str, float] = field(default_factory=dict)
    quota_failures: int = 0
    youtube: list[dict[str, Any]] = field(default_factory=list)   # commentThread resources
    vimeo_videos: dict[str, list[str]] = field(default_factory=dict)  # user id → video ids
    vimeo_comments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # video id → comments
    vimeo_replies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # comment uri → replies
    hidden: dict[str, bool] = field(default_factory=dict)
    deleted: set[str] = field(default_factory=set)
    blocked: set[tuple[str, str]] = field(default_factory=set)
    moderation: dict[str, str] = field(default_factory=dict)
    pinned: dict[str, bool] = field(default_factory=dict)        # post id → pinned (Facebook Pages)
    about: dict[str, str] = field(default_factory=dict)          # page id (vimeo:<user>) → its about text
    web_results: dict[str, dict[str, Any]] = field(default_factory=dict)


def _iso(value: datetime | str) -> str:
    if isinstance(value, str):
        return value
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FakePlatforms:
    """The simulated platforms' server (see the module docstring)."""

    token = "fake-platform-token"

    def __init__(self, *, web_secret: str | None = None) -> None:
        # The deployment's own (`make run`: var/secrets.env, so what a tester signs with is
        # what ingest checks), else drawn per simulator: a published value would pass no
        # service's secret check.
        self.web_secret = web_secret or secrets.token_hex(16)
        self._lock = threading.Lock()
        self._state = _State()
        self._ids = itertools.count(1000)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> FakePlatforms:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        app = Starlette(routes=[Route("/{platform}/{rest:path}", self._handle,
                                      methods=["GET", "POST", "PUT", "DELETE", "PATCH"])])
        config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]}, daemon=True,
                                        name="fake-platforms")
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("fake platform server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        if self._server and self._thread:
            self._server.should_exit = True
            self._thread.join(timeout=10)

    def __enter__(self) -> FakePlatforms:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    async def __aenter__(self) -> FakePlatforms:
        return await asyncio.to_thread(self.start)

    async def __aexit__(self, *_: object) -> None:
        await asyncio.to_thread(self.stop)

    # -- what tests use ----------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_urls(self) -> dict[str, str]:
        return {
            "facebook": f"{self.url}/facebook/v21.0",
            "instagram": f"{self.url}/instagram/v21.0",
            "linkedin": f"{self.url}/linkedin",
            "x": f"{self.url}/x",
            "youtube": f"{self.url}/youtube",
            "vimeo": f"{self.url}/vimeo",
            "web": f"{self.url}/web",
        }

    @property
    def image_url(self) -> str:
        return f"{self.url}/files/image.png"

    def settings_env(self) -> dict[str, str]:
        """`KANALVAKT_*` variables pointing every connector and poller at this server."""
        env = {}
        for platform, url in self.base_urls.items():
            env[f"KANALVAKT_{platform.upper()}_API_URL"] = url
            env[f"KANALVAKT_{platform.upper()}_ACCESS_TOKEN"] = self.token
        env["KANALVAKT_YOUTUBE_API_KEY"] = "fake-api-key"
        env["KANALVAKT_WEB_SECRET"] = self.web_secret
        env["KANALVAKT_CONNECTOR_RETRY_BASE_DELAY_S"] = "0.01"
        return env

    def connector_settings(self, **overrides: Any) -> Any:
        from shared.connectors import ConnectorSettings

        values: dict[str, Any] = {}
        for platform, url in self.base_urls.items():
            values[f"{platform}_api_url"] = url
            values[f"{platform}_access_token"] = self.token
        values.update(youtube_api_key="fake-api-key", web_secret=self.web_secret, connector_retry_base_delay_s=0.01)
        values.update(overrides)
        return ConnectorSettings(**values)

    @property
    def requests(self) -> list[Recorded]:
        with self._lock:
            return list(self._state.requests)

    def requests_for(self, platform: str, *, method: str | None = None, path: str | None = None) -> list[Recorded]:
        """Requests to `platform`, optionally only one method and paths containing `path`."""
        return [r for r in self.requests if r.platform == platform and (method is None or r.method == method)
                and (path is None or path in r.path)]

    def fail(self, platform: str, *, times: int = 1, status: int = 503, path: str | None = None,
             retry_after: float | None = None, body: dict[str, Any] | None = None) -> None:
        """The next `times` requests to `platform` (path containing `path`) answer `status`."""
        with self._lock:
            self._state.failures.append(_Failure(platform, times, status, path,
                                                 None if retry_after is None else str(retry_after), body))

    def slow(self, platform: str, seconds: float) -> None:
        """Every answer from `platform` waits `seconds` first (0 to stop)."""
        with self._lock:
            self._state.delays[platform] = seconds

    def quota_exceeded(self, *, times: int = 1) -> None:
        """The next `times` YouTube reads answer 403 `quotaExceeded`, as the Data API does."""
        with self._lock:
            self._state.quota_failures += times

    def reset(self) -> None:
        with self._lock:
            self._state = _State()

    @property
    def state(self) -> _State:
        """What the actions did: `hidden`, `deleted`, `blocked`, `moderation` (read-only use)."""
        return self._state

    def add_youtube_comment(self, *, channel_id: str, video_id: str, comment_id: str, text: str,
                            author_name: str = "Åsa Öberg", author_channel_id: str = "UCauthor",
                            published_at: datetime | str | None = None, updated_at: datetime | str | None = None,
                            parent_id: str | None = None) -> None:
        """A comment on `channel_id`'s video: a new thread, or a reply in thread `parent_id`."""
        published = _iso(published_at or datetime.now(UTC))
        comment: dict[str, Any] = {
            "kind": "youtube#comment", "etag": f"e{comment_id}", "id": comment_id,
            "snippet": {
                "channelId": channel_id, "videoId": video_id, "textDisplay": text, "textOriginal": text,
                "authorDisplayName": author_name, "authorProfileImageUrl": "https://yt3.ggpht.com/a.jpg",
                "authorChannelUrl": f"http://www.youtube.com/channel/{author_channel_id}",
                "authorChannelId": {"value": author_channel_id}, "canRate": True, "viewerRating": "none",
                "likeCount": 0, "publishedAt": published, "updatedAt": _iso(updated_at or published),
            },
        }
        with self._lock:
            if parent_id:
                comment["snippet"]["parentId"] = parent_id
                thread = next(t for t in self._state.youtube if t["id"] == parent_id)
                thread.setdefault("replies", {"comments": []})["comments"].append(comment)
                thread["snippet"]["totalReplyCount"] += 1
                thread["_updated"] = comment["snippet"]["updatedAt"]
                return
            self._state.youtube.append({
                "kind": "youtube#commentThread", "etag": f"t{comment_id}", "id": comment_id,
                "snippet": {"channelId": channel_id, "videoId": video_id, "topLevelComment": comment,
                            "canReply": True, "totalReplyCount": 0, "isPublic": True},
                "_updated": comment["snippet"]["updatedAt"],
            })

    def add_vimeo_comment(self, *, user_id: str, video_id: str, comment_id: str, text: str,
                          author_name: str = "Åsa Öberg", author_id: str = "777",
                          created_on: datetime | str | None = None, parent_id: str | None = None) -> str:
        """A comment on `user_id`'s video (or a reply to comment `parent_id`); returns its URI."""
        uri = f"/videos/{video_id}/comments/{comment_id}"
        comment = {
            "uri": uri, "type": "comment", "text": text,
            "created_on": (_iso(created_on or datetime.now(UTC))).replace("Z", "+00:00"),
            "user": {"uri": f"/users/{author_id}", "name": author_name, "link": f"https://vimeo.com/user{author_id}"},
            "metadata": {"connections": {"replies": {"uri": f"{uri}/replies", "total": 0}}},
        }
        with self._lock:
            videos = self._state.vimeo_videos.setdefault(user_id, [])
            if video_id not in videos:
                videos.append(video_id)
            if parent_id:
                parent_uri = f"/videos/{video_id}/comments/{parent_id}"
                self._state.vimeo_replies.setdefault(parent_uri, []).append(comment)
                for top in self._state.vimeo_comments.get(video_id, []):
                    if top["uri"] == parent_uri:
                        top["metadata"]["connections"]["replies"]["total"] += 1
            else:
                self._state.vimeo_comments.setdefault(video_id, []).append(comment)
        return uri

    # -- the server --------------------------------------------------------------------
    def _next_id(self) -> str:
        return str(next(self._ids))

    async def _handle(self, request: Request) -> Response:
        platform = request.path_params["platform"]
        rest = "/" + request.path_params["rest"]
        body = await request.body()
        recorded = Recorded(platform, request.method, rest, dict(request.query_params),
                            {k.lower(): v for k, v in request.headers.items()}, body)
        with self._lock:
            if platform != "files":
                self._state.requests.append(recorded)
            delay = self._state.delays.get(platform, 0.0)
            failure = next((f for f in self._state.failures if f.platform == platform and f.remaining > 0
                            and (f.path_contains is None or f.path_contains in rest)), None)
            if failure:
                failure.remaining -= 1
        if delay:
            await asyncio.sleep(delay)
        if failure:
            headers = {"retry-after": failure.retry_after} if failure.retry_after else {}
            return JSONResponse(failure.body or {"error": {"message": "injected failure", "code": failure.status}},
                                status_code=failure.status, headers=headers)
        if platform == "files":
            return Response(PNG, media_type="image/png")
        handler = getattr(self, f"_{platform}", None)
        if handler is None:
            return JSONResponse({"error": f"unknown platform {platform}"}, status_code=404)
        if platform != "web" and not rest.startswith("/upload/") and not self._authorised(recorded):
            return self._unauthorised(platform)
        with self._lock:
            return handler(recorded)

    def _authorised(self, req: Recorded) -> bool:
        if req.headers.get("authorization") == f"Bearer {self.token}":
            return True
        return req.platform == "youtube" and req.method == "GET" and req.query.get("key") == "fake-api-key"

    @staticmethod
    def _unauthorised(platform: str) -> Response:
        if platform in ("facebook", "instagram"):
            return JSONResponse({"error": {"message": "Invalid OAuth access token.", "type": "OAuthException",
                                           "code": 190}}, status_code=400)
        return JSONResponse({"title": "Unauthorized", "status": 401, "detail": "Unauthorized"}, status_code=401)

    # Graph API (Facebook and Instagram share the shapes; only the verbs differ)
    def _graph(self, req: Recorded, *, instagram: bool) -> Response:
        parts = req.path.strip("/").split("/")[1:]  # drop the version
        form = req.form() if req.body else {}
        if req.method == "DELETE" and len(parts) == 1:
            self._state.deleted.add(parts[0])
            return JSONResponse({"success": True})
        if req.method == "GET" and len(parts) == 1:
            page = {"description": self._state.about[parts[0]]} if parts[0] in self._state.about else {}
            return JSONResponse({"id": parts[0], **page})
        if req.method != "POST":
            return self._graph_error(f"Unsupported {req.method} request.")
        if len(parts) == 1 and not instagram and "is_pinned" in form:
            self._state.pinned[parts[0]] = form["is_pinned"] == "true"
            return JSONResponse({"success": True})
        if len(parts) == 1 and not instagram and ("description" in form or "about" in form):
            self._state.about[parts[0]] = form.get("description", form.get("about", ""))
            return JSONResponse({"success": True})
        if len(parts) == 1:
            flag = "hide" if instagram else "is_hidden"
            if flag not in form:
                return self._graph_error(f"(#100) The parameter {flag} is required")
            self._state.hidden[parts[0]] = form[flag] == "true"
            return JSONResponse({"success": True})
        obj, edge = parts[0], parts[1]
        if edge in ("comments", "replies"):
            if not form.get("message") and not form.get("attachment_url"):
                return self._graph_error("(#100) The parameter message is required")
            return JSONResponse({"id": f"{obj}_{self._next_id()}"})
        if edge == "feed" and not instagram:
            if not form.get("message") and not form.get("link"):
                return self._graph_error("(#100) Either message or link must be provided")
            return JSONResponse({"id": f"{obj}_{self._next_id()}"})
        if edge == "photos" and not instagram:
            new = self._next_id()
            return JSONResponse({"id": new, "post_id": f"{obj}_{new}"})
        if edge == "blocked" and not instagram:
            user = form.get("user") or form.get("uid") or form.get("psid") or form.get("asid")
            if not user:
                return self._graph_error("(#100) The parameter user is required")
            self._state.blocked.add((obj, user))
            return JSONResponse({user: True})
        if edge == "media" and instagram:
            if "image_url" not in form:
                return self._graph_error("(#100) The parameter image_url is required")
            return JSONResponse({"id": f"container{self._next_id()}"})
        if edge == "media_publish" and instagram:
            if not form.get("creation_id", "").startswith("container"):
                return self._graph_error("(#100) The parameter creation_id is required")
            return JSONResponse({"id": self._next_id()})
        return self._graph_error(f"Unknown path components: /{edge}")

    @staticmethod
    def _graph_error(message: str) -> Response:
        return JSONResponse({"error": {"message": message, "type": "OAuthException", "code": 100}}, status_code=400)

    def _facebook(self, req: Recorded) -> Response:
        return self._graph(req, instagram=False)

    def _instagram(self, req: Recorded) -> Response:
        return self._graph(req, instagram=True)

    def _x(self, req: Recorded) -> Response:
        parts = req.path.strip("/").split("/")
        if parts[:2] == ["2", "tweets"] and len(parts) == 2 and req.method == "POST":
            body = req.json() or {}
            if not body.get("text") and not body.get("media"):
                return JSONResponse({"title": "Invalid Request", "detail": "text or media required",
                                     "type": "https://api.twitter.com/2/problems/invalid-request"}, status_code=400)
            new = self._next_id()
            return JSONResponse({"data": {"id": new, "text": body.get("text", ""),
                                          "edit_history_tweet_ids": [new]}}, status_code=201)
        if parts[:2] == ["2", "tweets"] and len(parts) == 3 and req.method == "DELETE":
            self._state.deleted.add(parts[2])
            return JSONResponse({"data": {"deleted": True}})
        if parts[:2] == ["2", "tweets"] and len(parts) == 4 and parts[3] == "hidden" and req.method == "PUT":
            hidden = bool((req.json() or {}).get("hidden"))
            self._state.hidden[parts[2]] = hidden
            return JSONResponse({"data": {"hidden": hidden}})
        if parts[:2] == ["2", "users"] and len(parts) == 4 and parts[3] == "blocking" and req.method == "POST":
            target = (req.json() or {}).get("target_user_id")
            self._state.blocked.add((parts[2], str(target)))
            return JSONResponse({"data": {"blocking": True}})
        if parts == ["2", "media", "upload"] and req.method == "POST":
            new = self._next_id()
            return JSONResponse({"data": {"id": new, "media_key": f"3_{new}"}})
        if parts == ["2", "media", "metadata"] and req.method == "POST":
            body = req.json() or {}
            return JSONResponse({"data": {"id": body.get("id"), "associated_metadata": body.get("metadata")}})
        return JSONResponse({"title": "Not Found Error", "detail": f"no route {req.method} {req.path}"},
                            status_code=404)

    def _linkedin(self, req: Recorded) -> Response:
        if req.path.startswith("/upload/"):
            return Response(status_code=201)
        if not req.headers.get("linkedin-version"):
            return JSONResponse({"status": 400, "code": "VERSION_MISSING",
                                 "message": "A version must be present. Please specify a version by adding the "
                                            "LinkedIn-Version header."}, status_code=400)
        path = unquote(req.path)
        if path == "/rest/posts" and req.method == "POST":
            body = req.json() or {}
            if not body.get("author") or "commentary" not in body:
                return JSONResponse({"status": 422, "message": "author and commentary are required"}, status_code=422)
            return Response(status_code=201, headers={"x-restli-id": f"urn:li:share:{self._next_id()}"})
        if path == "/rest/images" and req.query.get("action") == "initializeUpload" and req.method == "POST":
            new = self._next_id()
            return JSONResponse({"value": {"uploadUrlExpiresAt": 1_900_000_000_000,
                                           "uploadUrl": f"{self.url}/linkedin/upload/{new}",
                                           "image": f"urn:li:image:{new}"}})
        if path.startswith("/rest/socialActions/") and path.endswith("/comments") and req.method == "POST":
            target = path.removeprefix("/rest/socialActions/").removesuffix("/comments")
            new = self._next_id()
            body = req.json() or {}
            return JSONResponse({"actor": body.get("actor"), "object": target, "message": body.get("message"),
                                 "id": new, "$URN": f"urn:li:comment:({target},{new})"}, status_code=201)
        if req.method == "DELETE" and (path.startswith("/rest/posts/") or "/comments/" in path):
            self._state.deleted.add(path)
            return Response(status_code=204)
        return JSONResponse({"status": 404, "message": f"no route {req.method} {path}"}, status_code=404)

    def _youtube(self, req: Recorded) -> Response:
        if req.path == "/youtube/v3/commentThreads" and req.method == "GET":
            if self._state.quota_failures > 0:
                self._state.quota_failures -= 1
                return JSONResponse({"error": {"code": 403, "message": "The request cannot be completed because "
                                               "you have exceeded your <a href=\"/youtube/v3/getting-started"
                                               "#quota\">quota</a>.",
                                               "errors": [{"message": "quota exceeded", "domain": "youtube.quota",
                                                           "reason": "quotaExceeded"}]}}, status_code=403)
            channel = req.query.get("allThreadsRelatedToChannelId")
            if not channel:
                return JSONResponse({"error": {"code": 400, "message": "No filter selected.",
                                               "errors": [{"reason": "missingRequiredParameter"}]}}, status_code=400)
            threads = sorted((t for t in self._state.youtube if t["snippet"]["channelId"] == channel),
                             key=lambda t: t["_updated"], reverse=True)  # order=time: newest first
            size = min(int(req.query.get("maxResults", "20")), 100)
            start = int(req.query.get("pageToken") or 0)
            page = [{k: v for k, v in t.items() if k != "_updated"} for t in threads[start:start + size]]
            answer: dict[str, Any] = {"kind": "youtube#commentThreadListResponse", "etag": "x",
                                      "pageInfo": {"totalResults": len(page), "resultsPerPage": size},
                                      "items": page}
            if start + size < len(threads):
                answer["nextPageToken"] = str(start + size)
            return JSONResponse(json.loads(json.dumps(answer)))
        if req.path == "/youtube/v3/comments/setModerationStatus" and req.method == "POST":
            status = req.query.get("moderationStatus")
            if status not in ("heldForReview", "published", "rejected") or not req.query.get("id"):
                return JSONResponse({"error": {"code": 400, "message": "Invalid moderationStatus or id"}},
                                    status_code=400)
            for item in req.query["id"].split(","):
                self._state.moderation[item] = status
            return Response(status_code=204)
        if req.path == "/youtube/v3/comments" and req.method == "POST":
            snippet = (req.json() or {}).get("snippet", {})
            if not snippet.get("parentId") or not snippet.get("textOriginal"):
                return JSONResponse({"error": {"code": 400, "message": "parentId and textOriginal are required"}},
                                    status_code=400)
            return JSONResponse({"kind": "youtube#comment", "id": f"{snippet['parentId']}.{self._next_id()}",
                                 "snippet": snippet})
        if req.path == "/youtube/v3/commentThreads" and req.method == "POST":
            snippet = (req.json() or {}).get("snippet", {})
            return JSONResponse({"kind": "youtube#commentThread", "id": f"Ug{self._next_id()}", "snippet": snippet})
        return JSONResponse({"error": {"code": 404, "message": f"no route {req.method} {req.path}"}}, status_code=404)

    def _vimeo(self, req: Recorded) -> Response:
        parts = req.path.strip("/").split("/")
        per_page = min(int(req.query.get("per_page", "25")), 100)
        page_no = int(req.query.get("page", "1"))

        def paged(items: list[dict[str, Any]], base: str) -> Response:
            start = (page_no - 1) * per_page
            chunk = items[start:start + per_page]
            last = max(1, -(-len(items) // per_page))
            nxt = f"{base}?page={page_no + 1}&per_page={per_page}" if page_no < last else None
            return JSONResponse({"total": len(items), "page": page_no, "per_page": per_page, "data": chunk,
                                 "paging": {"next": nxt, "previous": None, "first": f"{base}?page=1",
                                            "last": f"{base}?page={last}"}})

        if req.method == "GET" and len(parts) == 3 and parts[0] == "users" and parts[2] == "videos":
            videos = [{"uri": f"/videos/{v}", "name": f"Video {v}"}
                      for v in reversed(self._state.vimeo_videos.get(parts[1], []))]
            return paged(videos, req.path)
        if req.method == "GET" and len(parts) == 3 and parts[0] == "videos" and parts[2] == "comments":
            comments = sorted(self._state.vimeo_comments.get(parts[1], []), key=lambda c: c["created_on"],
                              reverse=True)
            return paged(comments, req.path)
        if req.method == "GET" and len(parts) == 5 and parts[4] == "replies":
            return paged(self._state.vimeo_replies.get("/" + "/".join(parts[:4]), []), req.path)
        if req.method == "POST" and parts[0] == "videos" and parts[-1] in ("comments", "replies"):
            text = (req.json() or {}).get("text")
            if not text:
                return JSONResponse({"error": "text is required", "error_code": 2204}, status_code=400)
            video = parts[1]
            return JSONResponse({"uri": f"/videos/{video}/comments/{self._next_id()}", "type": "comment",
                                 "text": text}, status_code=201)
        if req.method == "PATCH" and len(parts) == 2 and parts[0] == "users":
            body = req.json() or {}
            if "bio" in body:
                self._state.about[f"vimeo:{parts[1]}"] = str(body["bio"])
            return JSONResponse({"uri": f"/users/{parts[1]}", "bio": body.get("bio")})
        if req.method == "DELETE" and parts[0] == "videos" and "comments" in parts:
            self._state.deleted.add(req.path)
            return Response(status_code=204)
        return JSONResponse({"error": f"no route {req.method} {req.path}"}, status_code=404)

    def _web(self, req: Recorded) -> Response:
        if req.path != "/actions" or req.method != "POST":
            return JSONResponse({"error": "not found"}, status_code=404)
        expected = "sha256=" + hmac.new(self.web_secret.encode(), req.body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, req.headers.get("x-kanalvakt-signature", "")):
            return JSONResponse({"error": "bad signature"}, status_code=401)
        body = req.json() or {}
        key = req.headers.get("idempotency-key", "")
        if key in self._state.web_results:
            return JSONResponse(self._state.web_results[key])
        action = body.get("action")
        if action in ("hide", "unhide"):
            self._state.hidden[body["item_id"]] = action == "hide"
        elif action == "delete":
            self._state.deleted.add(body["item_id"])
        elif action == "block":
            self._state.blocked.add((body["account_id"], body["author_id"]))
        result: dict[str, Any] = {"ok": True}
        if action in ("post", "reply"):
            result["id"] = f"web-{self._next_id()}"
        self._state.web_results[key] = result
        return JSONResponse(result)


PlatformSimulator = FakePlatforms
