"""Prometheus metrics shared by every service (each process has its own registry)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

MESSAGES_HANDLED = Counter("kanalvakt_messages_handled_total", "Messages handled", ["service"])
MESSAGES_FAILED = Counter("kanalvakt_messages_failed_total", "Handler failures (retried)", ["service"])
MESSAGES_DEAD_LETTERED = Counter(
    "kanalvakt_messages_dead_lettered_total", "Messages sent to the dead-letter subject", ["service"]
)
MESSAGES_WAITING = Gauge(
    "kanalvakt_messages_waiting_for_dependency", "Messages held while NATS, the database or a service is away",
    ["service"],
)
REQUESTS_REFUSED = Counter(
    "kanalvakt_requests_refused_total", "Commands and queries refused because the sender's signature did not verify",
    ["service", "kind"],
)
DB_COMMANDS = Counter(
    "kanalvakt_db_commands_total", "Database commands sent, by command and collection (the cost of a handler)",
    ["command", "collection"],
)
DB_COMMAND_SECONDS = Counter(
    "kanalvakt_db_command_seconds_total", "Time spent waiting for database commands, by command and collection",
    ["command", "collection"],
)
