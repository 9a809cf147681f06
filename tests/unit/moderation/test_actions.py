"""The archive-first invariant in the use cases, with an in-memory store and a fake
connector (the real path runs in tests/integration/moderation)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from services.moderation.app import actions
from services.moderation.deps import Deps
from shared.connectors import ConnectorError
from shared.contracts import RecordPreserved
from shared.contracts.moderation import DecisionRecord, PlatformAction, Preservation


class FakeConnector:
    platform = "facebook"

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.fail_next: ConnectorError | None = None

    async def _act(self, what: str, target: str) -> None:
        if self.fail_next:
            error, self.fail_next = self.fail_next, None
            raise error
        self.calls.append((what, target))

    async def hide(self, item_id: str, *, idempotency_key: str) -> None:
        await self._act("hide", item_id)

    async def unhide(self, item_id: str, *, idempotency_key: str) -> None:
        await self._act("unhide", item_id)

    async def delete(self, item_id: str, *, idempotency_key: str) -> None:
        await self._act("delete", item_id)

    async def block(self, account_id: str, author_id: str, *, idempotency_key: str) -> None:
        await self._act("block", f"{account_id}/{author_id}")


class MemoryStore:
    """The part of ModerationStore the action use cases touch, with the same semantics."""

    def __init__(self) -> None:
        self._actions: dict[str, PlatformAction] = {}
        self._preserved: dict[str, Preservation] = {}

    async def save_action(self, action: PlatformAction) -> None:
        self._actions.setdefault(action.id, action)

    async def get_action(self, action_id: str) -> PlatformAction | None:
        return self._actions.get(action_id)

    async def claim_action(self, action_id: str) -> PlatformAction | None:
        doc = self._actions.get(action_id)
        if not doc or doc.state != "waiting":
            return None
        self._actions[action_id] = doc.model_copy(update={"state": "executing", "attempts": doc.attempts + 1,
                                                          "claimed_at": datetime.now(UTC)})
        return self._actions[action_id]

    async def finish_action(self, action_id: str, *, state: str, record_id: str | None = None,
                            error: str | None = None) -> None:
        doc = self._actions[action_id]
        if doc.state == "executing":
            self._actions[action_id] = doc.model_copy(update={"state": state, "record_id": record_id, "error": error})

    async def retry_action_later(self, action_id: str, *, error: str) -> None:
        doc = self._actions[action_id]
        if doc.state == "executing":
            self._actions[action_id] = doc.model_copy(update={"state": "waiting", "error": error})

    async def release_stale(self, *, older_than: timedelta) -> int:
        return 0

    async def mark_preserved(self, municipality: str, platform: str, item_id: str, record_id: str,
                             at: datetime) -> None:
        key = f"{municipality}:{platform}:{item_id}"
        self._preserved.setdefault(key, Preservation(id=key, municipality=municipality, platform=platform,
                                                     item_id=item_id, record_id=record_id, preserved_at=at))

    async def preserved_record(self, municipality: str, platform: str, item_id: str) -> Preservation | None:
        return self._preserved.get(f"{municipality}:{platform}:{item_id}")

    async def actions_for_item(self, municipality: str, platform: str, item_id: str, state: str | None = None) -> list:
        return [a for a in self._actions.values() if a.item_id == item_id and (state is None or a.state == state)]

    async def waiting_actions_for_item(self, municipality: str, platform: str, item_id: str) -> list:
        return await self.actions_for_item(municipality, platform, item_id, "waiting")

    async def actions_in_state(self, state: str, *, limit: int = 200) -> list:
        return [a for a in self._actions.values() if a.state == state]


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, Any]]:
    sent: list[tuple[str, Any]] = []

    async def fake_publish(broker: Any, event: Any, subject: str, **_: Any) -> None:
        sent.append((subject, event))

    monkeypatch.setattr(actions, "publish_event", fake_publish)
    return sent


def _deps(connector: FakeConnector) -> Deps:
    return Deps(store=MemoryStore(), broker=None, connectors={"facebook": connector})  # type: ignore[arg-type]


DECISION = DecisionRecord(id="d1", municipality="eskilstuna", item_event_id="e1", platform="facebook",
                          account_id="PAGE", item_id="PAGE_c1", decision="remove", reason="Olaga hot",
                          at=datetime.now(UTC), actor_id="u1")
PRESERVED = RecordPreserved(municipality="eskilstuna", record_id="rec-1", platform="facebook", item_id="PAGE_c1")


async def test_removal_waits_for_preservation_then_runs_exactly_once(published: list) -> None:
    connector = FakeConnector()
    deps = _deps(connector)
    state = await actions.request_action(deps=deps, decision=DECISION, action="remove", author_id="u9",
                                         correlation_id="c")
    assert state == "waiting" and connector.calls == []
    assert [s for s, _ in published] == ["moderation.action.waiting"]
    assert await actions.retry_waiting(deps=deps) == 0 and connector.calls == []  # the tick does not cheat

    assert await actions.on_preserved(deps=deps, event=PRESERVED) == 1
    assert await actions.on_preserved(deps=deps, event=PRESERVED) == 0  # redelivered receipt
    assert await actions.request_action(deps=deps, decision=DECISION, action="remove", author_id="u9",
                                        correlation_id="c") == "executed"  # the same decision again
    assert connector.calls == [("delete", "PAGE_c1")]
    executed = [e for s, e in published if s == "moderation.action.executed"]
    assert len(executed) == 1 and executed[0].record_id == "rec-1"


async def test_a_retryable_platform_error_waits_for_the_next_tick(published: list) -> None:
    connector = FakeConnector()
    deps = _deps(connector)
    await actions.on_preserved(deps=deps, event=PRESERVED)
    connector.fail_next = ConnectorError("503", retryable=True, status=503)
    assert await actions.request_action(deps=deps, decision=DECISION, action="hide", author_id=None,
                                        correlation_id="c") == "waiting"
    assert await actions.retry_waiting(deps=deps) == 1
    assert connector.calls == [("hide", "PAGE_c1")]


async def test_a_permanent_platform_error_is_reported(published: list) -> None:
    connector = FakeConnector()
    deps = _deps(connector)
    await actions.on_preserved(deps=deps, event=PRESERVED)
    connector.fail_next = ConnectorError("comment does not exist", retryable=False, status=400)
    assert await actions.request_action(deps=deps, decision=DECISION, action="remove", author_id=None,
                                        correlation_id="c") == "failed"
    [failed] = [e for s, e in published if s == "moderation.action.failed"]
    assert failed.error == "comment does not exist"


async def test_unhide_restores_without_waiting(published: list) -> None:
    connector = FakeConnector()
    deps = _deps(connector)
    assert await actions.request_action(deps=deps, decision=DECISION.model_copy(update={"id": "d2"}), action="unhide",
                                        author_id=None, correlation_id="c") == "executed"
    assert connector.calls == [("unhide", "PAGE_c1")]


async def test_the_tick_leaves_a_fresh_action_to_its_requester_then_takes_it(published: list) -> None:
    # The tick taking an untried action in the moment it was recorded left the person who
    # decided with "executing" instead of the outcome; after the grace a requester that
    # died before trying is covered.
    connector = FakeConnector()
    deps = _deps(connector)
    await actions.on_preserved(deps=deps, event=PRESERVED)
    action = PlatformAction(id="a1", decision_id="d1", municipality="eskilstuna", item_event_id="e1",
                            platform="facebook", account_id="PAGE", item_id="PAGE_c1", action="hide",
                            state="waiting", attempts=0, created_at=datetime.now(UTC), correlation_id="c")
    await deps.store.save_action(action)
    assert await actions.retry_waiting(deps=deps) == 0 and connector.calls == []
    later = dataclasses.replace(deps, now=lambda: datetime.now(UTC) + actions.FIRST_TRY_GRACE + timedelta(seconds=1))
    assert await actions.retry_waiting(deps=later) == 1
    assert connector.calls == [("hide", "PAGE_c1")]
