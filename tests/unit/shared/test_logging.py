import json

import structlog

from shared.logging import bind_message_context, clear_message_context, configure_logging


import pytest


@pytest.fixture(autouse=True)
def _restore_structlog():
    yield
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()


def test_json_lines_carry_service_and_message_ids(capsys) -> None:
    configure_logging(service="archive", json=True, level="INFO")
    log = structlog.get_logger()
    bind_message_context(correlation_id="corr-1", event_id="ev-1")
    log.info("record.stored", record_id="r1")
    clear_message_context()
    log.info("after.clear")
    lines = [json.loads(line) for line in capsys.readouterr().err.strip().splitlines()]
    assert lines[0]["event"] == "record.stored"
    assert lines[0]["service"] == "archive"
    assert lines[0]["correlation_id"] == "corr-1"
    assert lines[0]["event_id"] == "ev-1"
    assert lines[0]["record_id"] == "r1"
    assert "correlation_id" not in lines[1]
