"""What every connector shares: one httpx client, retries with backoff, idempotency.

Retry rule: a request is retried on 429 and 5xx answers and on errors that prove the
request never reached the platform (connect errors). A read timeout is retried only for
actions that are idempotent on the platform (hide, unhide, delete, block): for a post or
reply a timed-out request may already have been published, so it is reported instead of
repeated. `Retry-After` is honoured (capped) on 429/503.

Idempotency: every action carries a key; the result of a successful action is
remembered under it (`IdempotencyStore`), so calling again with the same key returns
the first result without a second request. The default store is in memory; a service
that must survive restarts passes its own (e.g. MongoDB-backed) store.
"""

from __future__ import annotations

import asyncio
import random
import time
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any, Protocol

import httpx

from shared.logging import get_logger

from .base import ConnectorError

log = get_logger(__name__)


class IdempotencyStore(Protocol):
    async def get(self, key: str) -> dict[str, Any] | None: ...
    async def put(self, key: str, result: dict[str, Any]) -> None: ...


class MemoryIdempotencyStore:
    """Key → result of the first successful call, bounded (oldest forgotten first)."""

    def __init__(self, max_entries: int = 50_000) -> None:
        self._results: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._max = max_entries

    async def get(self, key: str) -> dict[str, Any] | None:
        return self._results.get(key)

    async def put(self, key: str, result: dict[str, Any]) -> None:
        self._results[key] = result
        self._results.move_to_end(key)
        while len(self._results) > self._max:
            self._results.popitem(last=False)


@dataclass
class RetryPolicy:
    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_delay)
        backoff = self.base_delay * (2 ** (attempt - 1))
        return min(backoff * (0.5 + random.random() / 2), self.max_delay)  # jitter: replicas do not retry in step


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        try:
            return max(0.0, (parsedate_to_datetime(value).timestamp() - time.time()))
        except (TypeError, ValueError):
            return None


def _describe(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        return str(error.get("message") or error)[:300]
    if isinstance(body, dict) and (body.get("detail") or body.get("title") or body.get("message")):
        return str(body.get("detail") or body.get("title") or body.get("message"))[:300]
    return str(body)[:300]


@dataclass
class HttpPlatform:
    """One platform's HTTP API: base URL, auth, retries and the idempotency memory."""

    platform: str
    base_url: str
    client: httpx.AsyncClient
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    idempotency: IdempotencyStore = field(default_factory=MemoryIdempotencyStore)
    # One lock per key while someone uses it (weak: forgotten once no call holds it).
    _locks: weakref.WeakValueDictionary[str, asyncio.Lock] = field(default_factory=weakref.WeakValueDictionary)

    async def request(
        self, method: str, path: str, *, token: str | None = None, idempotent: bool,
        headers: dict[str, str] | None = None, ok: tuple[int, ...] = (200, 201, 202, 204), **kwargs: Any,
    ) -> httpx.Response:
        url = path if path.startswith("http") else self.base_url.rstrip("/") + "/" + path.lstrip("/")
        all_headers = dict(headers or {})
        if token:
            all_headers["Authorization"] = f"Bearer {token}"
        attempt = 0
        while True:
            attempt += 1
            try:
                response = await self.client.request(method, url, headers=all_headers, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                error, retry_after, status = f"could not reach {self.platform}: {exc!r}", None, None
            except httpx.TimeoutException as exc:
                if not idempotent:
                    raise ConnectorError(
                        f"{self.platform} did not answer in time; the action may or may not have been done",
                        retryable=False,
                    ) from exc
                error, retry_after, status = f"{self.platform} timed out: {exc!r}", None, None
            except httpx.HTTPError as exc:
                raise ConnectorError(f"{self.platform} request failed: {exc!r}", retryable=True) from exc
            else:
                if response.status_code in ok:
                    return response
                status = response.status_code
                if status != 429 and status < 500:
                    raise ConnectorError(
                        f"{self.platform} refused {method} {path}: {status} {_describe(response)}",
                        retryable=False, status=status,
                    )
                error, retry_after = f"{self.platform} answered {status}: {_describe(response)}", _retry_after(response)
            if attempt >= self.retry.attempts:
                raise ConnectorError(error, retryable=True, status=status)
            delay = self.retry.delay(attempt, retry_after)
            log.warning("connector.retry", platform=self.platform, method=method, path=path,
                        attempt=attempt, status=status, delay_s=round(delay, 3))
            await asyncio.sleep(delay)

    async def once(self, key: str, action: Callable[[], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
        """Run `action` at most once successfully per idempotency key."""
        if not key:
            raise ConnectorError("an idempotency key is required", retryable=False)
        lock = self._locks.get(key)
        if lock is None:
            lock = self._locks[key] = asyncio.Lock()
        async with lock:  # the same key twice at once: the second waits and reuses the result
            if (known := await self.idempotency.get(f"{self.platform}:{key}")) is not None:
                return known
            result = await action()
            await self.idempotency.put(f"{self.platform}:{key}", result)
            return result


def unsupported(platform: str, action: str) -> ConnectorError:
    return ConnectorError(f"{platform} has no API to {action}; do it by hand on the platform", retryable=False)


@dataclass
class TokenConnector:
    """A connector that calls one platform's API with the configured token: an account's own
    token where one is configured for it (`account_tokens`), else the platform's."""

    api: HttpPlatform
    token: str = ""
    account_tokens: dict[str, str] = field(default_factory=dict)

    def _token(self, account_id: str | None = None) -> str:
        return self.account_tokens.get(account_id or "", self.token)
