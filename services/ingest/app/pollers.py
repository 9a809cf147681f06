"""Polling where the platform pushes nothing useful: YouTube comments (Data API
`commentThreads`) and Vimeo comments.

Each account has a cursor in MongoDB: the newest comment time seen (`watermark`), the
page token where an unfinished walk resumes, and the quota backoff. A poll walks the
newest-first pages until it reaches comments at or below the watermark (or the page
limit), publishes through the same path as webhooks (raw page kept first), and never
publishes an item version twice: each published event id is remembered in
`published`, on top of JetStream's duplicate window. A quota error (YouTube 403
`quotaExceeded`/`rateLimitExceeded`, any 429) pauses that account, doubling up to 24 h.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import httpx

from shared.clients.registry import RegistryClient, RegistryUnavailable
from shared.contracts import PlatformEvent, utcnow
from shared.contracts.ingest import PollerCursor
from shared.contracts.registry import AccountsQuery
from shared.logging import get_logger

from ..adapters.store import CursorChange
from ..deps import Deps
from ..domain import Context, InvalidPayload, Normalised, normalise_comment_threads, normalise_vimeo_comments
from ..domain.common import parse_json
from ..metrics import POLLS
from .deliveries import Unavailable, accept_delivery

log = get_logger(__name__)
MAX_BACKOFF = timedelta(hours=24)
VIMEO_ACCEPT = "application/vnd.vimeo.*+json;version=3.4"


class QuotaExceeded(Exception):
    pass


class PollFailed(Exception):
    pass


@dataclass(frozen=True)
class PolledAccount:
    municipality: str
    platform: str   # youtube | vimeo
    account_id: str

    @property
    def key(self) -> str:
        return f"{self.platform}:{self.municipality}:{self.account_id}"


def parse_poll_accounts(values: list[str]) -> list[PolledAccount]:
    out = []
    for value in values:
        municipality, platform, account = value.split(":", 2)
        if platform not in ("youtube", "vimeo"):
            raise ValueError(f"poll_accounts: {platform!r} is not polled (youtube, vimeo)")
        out.append(PolledAccount(municipality, platform, account))
    return out


def _newest(events: list[PlatformEvent]) -> datetime | None:
    times = [e.published_at for e in events if e.published_at]
    return max(times) if times else None


def _seen_key(event: PlatformEvent) -> str:
    return f"poll:{event.event_id}"


class Poller:
    """Polls one platform's accounts; `poll(account)` is one round for one account."""

    platform = ""

    def __init__(self, *, deps: Deps, client: httpx.AsyncClient) -> None:
        self.deps = deps
        self.settings = deps.settings
        self.client = client
        self.connectors = deps.settings.connectors

    async def _get(self, url: str, *, params: dict[str, Any] | None = None,
                   headers: dict[str, str] | None = None) -> httpx.Response:
        try:
            response = await self.client.get(url, params=params, headers=headers)
        except httpx.HTTPError as exc:
            raise PollFailed(f"{self.platform} unreachable: {exc!r}") from exc
        if response.status_code == 429 or (response.status_code == 403 and _quota_reason(response)):
            raise QuotaExceeded(_quota_reason(response) or "rate limited")
        if response.status_code != 200:
            raise PollFailed(f"{self.platform} answered {response.status_code}: {response.text[:200]}")
        return response

    async def _publish_page(self, account: PolledAccount, body: bytes,
                            normalise: Callable[[Context], Normalised]) -> tuple[list[PlatformEvent], int]:
        """The page goes through the webhook path: raw kept, events published once.

        Returns every item on the page, and how many of them were new (published now)."""
        result: list[PlatformEvent] = []

        def run(ctx: Context) -> Normalised:
            normalised = normalise(ctx)
            result.extend(normalised.events)
            return normalised

        accepted = await accept_delivery(
            deps=self.deps, platform=self.platform, municipality=account.municipality, body=body,
            content_type="application/json", received_at=utcnow(), source="poll", normalise=run,
            dedupe_key=_seen_key)
        return result, accepted.published

    async def poll(self, account: PolledAccount) -> int:
        """One round for one account; returns how many items were new."""
        cursor = await self.deps.store.cursor(account.key)
        until = cursor.backoff_until
        if until and until > utcnow():
            return 0
        try:
            new = await self._walk(account, cursor)
        except QuotaExceeded as exc:
            errors = cursor.quota_errors + 1
            pause = min(timedelta(seconds=self.settings.quota_backoff_s * 2 ** (errors - 1)), MAX_BACKOFF)
            await self.deps.store.save_cursor(account.key, CursorChange(
                quota_errors=errors, backoff_until=utcnow() + pause, last_error=str(exc)[:200]))
            POLLS.labels(self.platform, "quota").inc()
            log.warning("poll.quota_exceeded", platform=self.platform, account=account.account_id,
                        pause_s=pause.total_seconds(), errors=errors)
            return 0
        except (PollFailed, Unavailable, InvalidPayload) as exc:
            await self.deps.store.save_cursor(account.key, CursorChange(last_error=str(exc)[:200]))
            POLLS.labels(self.platform, "failed").inc()
            log.warning("poll.failed", platform=self.platform, account=account.account_id, error=str(exc)[:200])
            return 0
        POLLS.labels(self.platform, "ok").inc()
        return new

    async def _walk(self, account: PolledAccount, cursor: PollerCursor) -> int:
        raise NotImplementedError


def _quota_reason(response: httpx.Response) -> str | None:
    try:
        errors = response.json().get("error", {}).get("errors", [])
    except (ValueError, AttributeError):
        return None
    for error in errors if isinstance(errors, list) else []:
        if isinstance(error, dict) and error.get("reason") in ("quotaExceeded", "rateLimitExceeded",
                                                               "dailyLimitExceeded", "userRateLimitExceeded"):
            return str(error["reason"])
    return None


class YouTubePoller(Poller):
    platform = "youtube"

    async def _walk(self, account: PolledAccount, cursor: PollerCursor) -> int:
        url = self.connectors.youtube_api_url.rstrip("/") + "/youtube/v3/commentThreads"
        watermark = cursor.watermark
        walk_max = cursor.walk_max or watermark
        page_token = cursor.page_token
        resuming = page_token is not None
        params: dict[str, Any] = {"part": "snippet,replies", "allThreadsRelatedToChannelId": account.account_id,
                                  "maxResults": 100, "order": "time", "textFormat": "plainText"}
        key = self.connectors.youtube_api_key.get_secret_value()
        token = self.connectors.youtube_access_token.get_secret_value()
        headers = {"Authorization": f"Bearer {token}"} if token and not key else None
        if key:
            params["key"] = key
        new = 0
        for _ in range(self.settings.poll_max_pages):
            if page_token:
                params["pageToken"] = page_token
            response = await self._get(url, params=params, headers=headers)
            events, published = await self._publish_page(
                account, response.content,
                lambda ctx: normalise_comment_threads(parse_json(response.content), account.account_id, ctx))  # noqa: B023
            new += published
            newest = _newest(events)
            if newest and (walk_max is None or newest > walk_max):
                walk_max = newest
            page_token = response.json().get("nextPageToken")
            reached_known = watermark is not None and not resuming and all(
                e.published_at and e.published_at <= watermark for e in events)
            if not page_token or reached_known:
                page_token = None
                break
            # Save progress page by page: a crash resumes here rather than from the top.
            await self.deps.store.save_cursor(account.key, CursorChange(page_token=page_token, walk_max=walk_max))
        done = page_token is None
        await self.deps.store.save_cursor(account.key, CursorChange(
            page_token=page_token, walk_max=None if done else walk_max,
            watermark=walk_max if done else watermark, quota_errors=0, backoff_until=None, last_error=None,
            last_polled_at=utcnow()))
        return new


class VimeoPoller(Poller):
    platform = "vimeo"

    async def _walk(self, account: PolledAccount, cursor: PollerCursor) -> int:
        base = self.connectors.vimeo_api_url.rstrip("/")
        token = self.connectors.vimeo_access_token.get_secret_value()
        headers = {"Accept": VIMEO_ACCEPT} | ({"Authorization": f"Bearer {token}"} if token else {})
        watermarks: dict[str, datetime] = dict(cursor.videos)
        videos = await self._get(f"{base}/users/{account.account_id}/videos",
                                 params={"per_page": 25, "sort": "date", "direction": "desc", "fields": "uri"},
                                 headers=headers)
        new = 0
        for video in videos.json().get("data", []):
            uri = str(video.get("uri", ""))
            if not uri.startswith("/videos/"):
                continue
            video_id = uri.rsplit("/", 1)[-1]
            watermark = watermarks.get(video_id)
            newest = watermark
            path: str | None = f"{uri}/comments?per_page=100&sort=date&direction=desc"
            for _ in range(self.settings.poll_max_pages):
                if path is None:
                    break
                page = await self._get(base + path, headers=headers)
                body = page.json()
                events, published = await self._publish_page(
                    account, page.content, lambda ctx: normalise_vimeo_comments(parse_json(page.content),  # noqa: B023
                                                                                account.account_id, ctx))
                new += published
                for comment in body.get("data", []):
                    replies = (comment.get("metadata", {}).get("connections", {}).get("replies", {}))
                    if replies.get("total", 0) > 0 and isinstance(comment.get("uri"), str):
                        new += await self._replies(account, base, comment["uri"], headers)
                page_newest = _newest(events)
                if page_newest and (newest is None or page_newest > newest):
                    newest = page_newest
                if watermark is not None and all(e.published_at and e.published_at <= watermark for e in events):
                    break
                path = (body.get("paging") or {}).get("next")
            if newest:
                watermarks[video_id] = newest
        await self.deps.store.save_cursor(account.key, CursorChange(
            videos=watermarks, quota_errors=0, backoff_until=None, last_error=None, last_polled_at=utcnow()))
        return new

    async def _replies(self, account: PolledAccount, base: str, comment_uri: str, headers: dict[str, str]) -> int:
        page = await self._get(f"{base}{comment_uri}/replies", params={"per_page": 100}, headers=headers)
        _, published = await self._publish_page(
            account, page.content,
            lambda ctx: normalise_vimeo_comments(parse_json(page.content), account.account_id, ctx,
                                                 parent_uri=comment_uri))
        return published


class Pollers:
    """Poll each account (registry's and configured): a round is `run_once`, run every
    `poll_interval_s` as a background job."""

    def __init__(self, *, deps: Deps, registry: RegistryClient) -> None:
        self.settings = settings = deps.settings
        self.registry = registry
        self.client = httpx.AsyncClient(timeout=settings.connectors.connector_timeout_s,
                                        headers={"User-Agent": "Kanalvakt/0.1"})
        self.pollers: dict[str, Poller] = {"youtube": YouTubePoller(deps=deps, client=self.client),
                                           "vimeo": VimeoPoller(deps=deps, client=self.client)}
        self.static = parse_poll_accounts(settings.poll_accounts)

    async def accounts(self) -> list[PolledAccount]:
        found = {a.key: a for a in self.static}
        for municipality in self.settings.served_municipalities():
            try:
                accounts = await self.registry.accounts(AccountsQuery(municipality=municipality, limit=200),
                                                        timeout=self.settings.registry_timeout_s * 4)
            except RegistryUnavailable as exc:  # poll the configured accounts, try again next round
                log.warning("poll.registry_unanswered", municipality=municipality, error=str(exc))
                continue
            for doc in accounts:
                if doc.platform in self.pollers and doc.state != "closed":
                    account = PolledAccount(municipality, str(doc.platform), doc.platform_account_id)
                    found[account.key] = account
        return list(found.values())

    async def run_once(self) -> int:
        new = 0
        for account in await self.accounts():
            new += await self.pollers[account.platform].poll(account)
        return new

    async def aclose(self) -> None:
        await self.client.aclose()
