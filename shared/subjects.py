"""Every subject name in one place: `<service>.<noun>.<verb-past>` for events,
`q.<service>.<what>` for request/reply queries, `dlq.<service>` for dead letters."""

from __future__ import annotations

# ingest
SOCIAL_RECEIVED = "social.received.{platform}"
SOCIAL_RECEIVED_ALL = "social.received.>"
SOCIAL_OUTBOUND_ALL = "social.outbound.>"

# moderation
MODERATION_TAGGED = "moderation.item.tagged"
MODERATION_DECIDED = "moderation.item.decided"
MODERATION_ACTION = "moderation.action.{action}"
MODERATION_ALL = "moderation.>"

# registry
REGISTRY_ACCOUNT = "registry.account.{verb}"
REGISTRY_REVIEW_DUE = "registry.review.due"
REGISTRY_ALL = "registry.>"

# archive
ARCHIVE_STORED = "archive.record.stored"
ARCHIVE_PRESERVED = "archive.record.preserved"
ARCHIVE_REGISTERED = "archive.record.registered"
ARCHIVE_CULLED = "archive.record.culled"
ARCHIVE_ALL = "archive.>"

# notify
NOTIFY_ALERT_RAISED = "notify.alert.raised"
NOTIFY_ALERT = "notify.alert.{verb}"
NOTIFY_BROADCAST = "notify.broadcast.{verb}"
NOTIFY_ALL = "notify.>"

# dead letters
DLQ = "dlq.{service}"
DLQ_ALL = "dlq.>"

# queries (core NATS request/reply, not stored)
QUERY = "q.{service}.{what}"


def social_received(platform: str) -> str:
    return SOCIAL_RECEIVED.format(platform=platform)


def dlq(service: str) -> str:
    return DLQ.format(service=service)


def query(service: str, what: str) -> str:
    return QUERY.format(service=service, what=what)

# commands from the dashboard (core NATS request/reply: the answer says accepted or why not;
# the service then publishes the resulting events on JetStream)
COMMAND = "cmd.{service}.{what}"


def command(service: str, what: str) -> str:
    return COMMAND.format(service=service, what=what)
