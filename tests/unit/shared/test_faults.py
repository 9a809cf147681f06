"""Which failures are an outage (retried until the dependency is back) and which are the
message's own (retried a few times, then dead-lettered)."""

from __future__ import annotations

import pytest
from nats.errors import ConnectionClosedError, NoRespondersError
from nats.errors import TimeoutError as NatsTimeout
from pydantic import BaseModel, ValidationError
from pymongo.errors import (AutoReconnect, DuplicateKeyError, NetworkTimeout, OperationFailure,
                            ServerSelectionTimeoutError)

from shared.clients.registry import RegistryUnavailable
from shared.faults import DependencyUnavailable, is_infrastructure_fault


class _M(BaseModel):
    n: int


def _validation_error() -> ValidationError:
    try:
        _M.model_validate({"n": "x"})
    except ValidationError as exc:
        return exc
    raise AssertionError


@pytest.mark.parametrize("exc", [
    ServerSelectionTimeoutError("no server"), AutoReconnect("reset"), NetworkTimeout("slow"),
    NoRespondersError(), NatsTimeout(), ConnectionClosedError(), TimeoutError(), ConnectionRefusedError(),
    DependencyUnavailable("registry"), RegistryUnavailable("registry did not answer"),
])
def test_outages(exc: BaseException) -> None:
    assert is_infrastructure_fault(exc)


@pytest.mark.parametrize("exc", [
    KeyError("x"), ValueError("bad"), _validation_error(), DuplicateKeyError("dup"), OperationFailure("bad query"),
])
def test_content_failures(exc: BaseException) -> None:
    assert not is_infrastructure_fault(exc)


def test_a_wrapped_outage_is_still_an_outage_and_an_unrelated_context_is_not() -> None:
    try:
        try:
            raise NoRespondersError()
        except NoRespondersError as inner:
            raise RuntimeError("lookup failed") from inner
    except RuntimeError as exc:
        assert is_infrastructure_fault(exc)
    try:
        try:
            raise NoRespondersError()
        except NoRespondersError:
            raise KeyError("a bug while handling it")  # noqa: B904 - implicit context on purpose
    except KeyError as exc:
        assert not is_infrastructure_fault(exc)
    assert is_infrastructure_fault(ExceptionGroup("tasks", [KeyError("x"), AutoReconnect("reset")]))
