"""Registry's client: typed replies, its cache, its pause after a timeout, refusals and
silence as `RegistryUnavailable` (a fake broker, no NATS)."""

from __future__ import annotations

import json
from typing import Any

import nats.errors
import pytest

from shared.clients.registry import RegistryClient, RegistryRefused, RegistryUnavailable
from shared.contracts.queries import QueryError
from shared.contracts.registry import (
    AccountsQuery,
    AccountState,
    AccountView,
    Responsible,
    ResponsibleQuery,
)
from shared.faults import DependencyUnavailable, is_infrastructure_fault
from tests.support.requests import FakeRequester

M = "knivsta"


def view(**fields: Any) -> AccountView:
    return AccountView.model_validate({"account_id": "knivsta-fb-kommun", "municipality": M, "platform": "facebook",
                                       "platform_account_id": "100", "name": "Knivsta kommun",
                                       "tier": "municipality_wide", "state": "active", **fields})


def client(broker: FakeRequester, **kwargs: Any) -> RegistryClient:
    return RegistryClient(broker, timeout=0.1, **kwargs)


async def test_account_by_platform_id_is_typed_and_cached() -> None:
    broker = FakeRequester(lambda subject, body: view().model_dump_json().encode())
    registry = client(broker, cache_s=60)
    first = await registry.account_by_platform_id(M, "facebook", "100")
    again = await registry.account_by_platform_id(M, "facebook", "100")
    assert isinstance(first, AccountView) and first == again and first.account_id == "knivsta-fb-kommun"
    assert broker.asked == [("q.registry.account_by_platform_id",
                             {"municipality": M, "platform": "facebook", "platform_account_id": "100"})]


async def test_a_cache_of_zero_seconds_asks_every_time() -> None:
    broker = FakeRequester(lambda subject, body: b"null")
    registry = client(broker, cache_s=0)
    assert await registry.account_by_platform_id(M, "facebook", "100") is None
    assert await registry.account_by_platform_id(M, "facebook", "100") is None
    assert len(broker.asked) == 2


async def test_null_is_none_and_is_cached_too() -> None:
    broker = FakeRequester(lambda subject, body: b"null")
    registry = client(broker, cache_s=60)
    assert await registry.account_by_platform_id(M, "facebook", "nope") is None
    assert await registry.account_by_platform_id(M, "facebook", "nope") is None
    assert len(broker.asked) == 1


@pytest.mark.parametrize("failure", [nats.errors.NoRespondersError(), ConnectionError("refused")])
async def test_no_registry_is_unavailable_and_asked_again_at_once(failure: Exception) -> None:
    broker = FakeRequester(lambda subject, body: failure)
    registry = client(broker)
    for _ in range(2):
        with pytest.raises(RegistryUnavailable) as raised:
            await registry.account_by_platform_id(M, "facebook", "100")
        assert isinstance(raised.value, DependencyUnavailable) and is_infrastructure_fault(raised.value)
    assert len(broker.asked) == 2  # nothing cached, no pause: NATS says at once that nobody answers


async def test_after_a_timeout_registry_is_not_asked_again_for_the_pause() -> None:
    broker = FakeRequester(lambda subject, body: nats.errors.TimeoutError())
    registry = client(broker, unanswered_pause_s=60)
    with pytest.raises(RegistryUnavailable):
        await registry.account_by_platform_id(M, "facebook", "100")
    with pytest.raises(RegistryUnavailable):
        await registry.crisis_channels(M)  # any query: it is registry that hangs
    assert len(broker.asked) == 1


async def test_an_error_reply_is_a_refusal() -> None:
    broker = FakeRequester(lambda subject, body: QueryError(error="Ogiltig fråga: unit").model_dump_json().encode())
    registry = client(broker)
    with pytest.raises(RegistryRefused) as raised:
        await registry.responsible(ResponsibleQuery(municipality=M, unit="Kommunikation"))
    assert raised.value.reply.error == "Ogiltig fråga: unit" and raised.value.what == "responsible"
    assert isinstance(raised.value, RegistryUnavailable)


async def test_a_request_registry_would_refuse_is_refused_without_asking() -> None:
    broker = FakeRequester(lambda subject, body: b"null")
    registry = client(broker)
    with pytest.raises(RegistryRefused) as raised:
        await registry.account_by_platform_id(M, "facebook", "")
    assert raised.value.reply.error.startswith("Ogiltig fråga")
    with pytest.raises(RegistryRefused):
        await registry.account(M, "Not A Registry Id")
    assert broker.asked == []


@pytest.mark.parametrize("body", [b"{not json", b'[{"account_id": "x"}]', b'{"unexpected": true}'])
async def test_a_reply_that_is_not_the_contract_is_unavailable(body: bytes) -> None:
    broker = FakeRequester(lambda subject, _: body)
    registry = client(broker)
    with pytest.raises(RegistryUnavailable) as raised:
        await registry.accounts(AccountsQuery(municipality=M))
    assert not isinstance(raised.value, RegistryRefused)


async def test_queries_send_only_what_the_caller_set() -> None:
    broker = FakeRequester(lambda subject, body: json.dumps([view().model_dump(mode="json")]).encode())
    registry = client(broker)
    found = await registry.accounts(AccountsQuery(municipality=M, states=[AccountState.active], limit=200))
    assert [a.state for a in found] == ["active"]
    assert broker.asked[0] == ("q.registry.accounts", {"municipality": M, "states": ["active"], "limit": 200})


async def test_responsible_is_typed() -> None:
    answer = {"account_id": "knivsta-fb-kommun", "people": [{"name": "Anna", "email": "anna@knivsta.se",
                                                             "role": "administrator", "roles": ["administrator"]}]}
    broker = FakeRequester(lambda subject, body: json.dumps(answer).encode())
    found = await client(broker).responsible(ResponsibleQuery(municipality=M, account_id="knivsta-fb-kommun"))
    assert isinstance(found, Responsible) and [p.email for p in found.people] == ["anna@knivsta.se"]


async def test_a_signer_signs_the_exact_bytes_sent() -> None:
    signed: list[tuple[str, bytes]] = []

    def sign(subject: str, body: bytes) -> dict[str, str]:
        signed.append((subject, body))
        return {"Kanalvakt-Signature": "sig"}

    broker = FakeRequester(lambda subject, body: b"[]")
    assert await client(broker, sign=sign).compliance(M) == []
    assert signed == [("q.registry.compliance", b'{"municipality":"knivsta"}')]
    assert broker.headers[0] == {"Kanalvakt-Signature": "sig"}
