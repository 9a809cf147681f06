"""structlog configuration: JSON off a terminal, key-value events, bound context."""

from __future__ import annotations

import logging
import sys

import structlog


def configure_logging(*, service: str, json: bool | None = None, level: str = "INFO") -> None:
    """Configure structlog once per process; `service` is bound to every line."""
    use_json = (not sys.stderr.isatty()) if json is None else json
    renderer = (
        structlog.processors.JSONRenderer()
        if use_json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    logging.basicConfig(stream=sys.stderr, level=level.upper(), format="%(message)s")
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )
    structlog.contextvars.bind_contextvars(service=service)


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)


def bind_message_context(*, correlation_id: str | None, event_id: str | None) -> None:
    """Bind the ids of the message being handled, for every log line until cleared."""
    structlog.contextvars.bind_contextvars(correlation_id=correlation_id, event_id=event_id)


def clear_message_context() -> None:
    structlog.contextvars.unbind_contextvars("correlation_id", "event_id")
