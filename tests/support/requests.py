"""A broker's `request` for a typed client under test (shared/clients/), no NATS."""

from __future__ import annotations

import json
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any


class FakeRequester:
    """Answers each request with `answer`, or with `answer(subject, body)` when it is a
    function: bytes as they are, an exception raised, any other value as its JSON.
    `asked` keeps each request's subject and decoded body, `headers` what it carried."""

    def __init__(self, answer: Any | Callable[[str, Any], Any]) -> None:
        self.answer = answer
        self.asked: list[tuple[str, Any]] = []
        self.headers: list[dict[str, str] | None] = []

    async def request(self, message: bytes, subject: str, headers: dict[str, str] | None = None,
                      timeout: float = 0.5) -> SimpleNamespace:
        body = json.loads(message)
        self.asked.append((subject, body))
        self.headers.append(headers)
        reply = self.answer(subject, body) if callable(self.answer) else self.answer
        if isinstance(reply, BaseException):
            raise reply
        return SimpleNamespace(body=reply if isinstance(reply, bytes) else json.dumps(reply).encode())
