"""Every subject name in one place: `<service>.<noun>.<verb-past>` for events,
`q.<service>.<what>` for request/reply queries, `dlq.<service>` for dead letters."""

from __future__ import annotations

# ingest
SOCIAL_RECEIVED = "social.received.{platform}"
SOCIAL_RECEIVED_ALL = "social.received.>"
SOCIAL_OUTBOUND_ALL = "social.outbound.>"
# a raw delivery as kept (ingest's own: its consumer writes the deliveries collection)
INGEST_DELIVERY = "ingest.delivery.{platform}"
INGEST_DELIVERY_ALL = "ingest.delivery.>"

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


def ingest_delivery(platform: str) -> str:
    return INGEST_DELIVERY.format(platform=platform)


def dlq(service: str) -> str:
    return DLQ.format(service=service)


def query(service: str, what: str) -> str:
    return QUERY.format(service=service, what=what)

# commands from the dashboard (core NATS request/reply: the answer says accepted or why not;
# the service then publishes the resulting events on JetStream)
COMMAND = "cmd.{service}.{what}"


def command(service: str, what: str) -> str:
    return COMMAND.format(service=service, what=what)


# notify (alerts and crisis broadcasts; payloads in shared/contracts/notify.py)
NOTIFY_ALERT_ACKNOWLEDGED = "notify.alert.acknowledged"
NOTIFY_ALERT_ESCALATED = "notify.alert.escalated"
NOTIFY_ALERT_RESOLVED = "notify.alert.resolved"
NOTIFY_ALERT_ALL = "notify.alert.>"
NOTIFY_BROADCAST_DRAFTED = "notify.broadcast.drafted"
NOTIFY_BROADCAST_REVISED = "notify.broadcast.revised"
NOTIFY_BROADCAST_APPROVED = "notify.broadcast.approved"
NOTIFY_BROADCAST_CANCELLED = "notify.broadcast.cancelled"
NOTIFY_BROADCAST_ALL = "notify.broadcast.>"
NOTIFY_DELIVERY = "notify.delivery.{state}"  # queued, sent, confirmed, retrying, failed, cancelled
NOTIFY_DELIVERY_ALL = "notify.delivery.>"


def notify_delivery(state: str) -> str:
    return NOTIFY_DELIVERY.format(state=state)


# registry (payloads in shared/contracts/registry.py; verbs listed on AccountChanged)
REGISTRY_ACCOUNT_ALL = "registry.account.>"
REGISTRY_CLOSE_RECOMMENDED = "registry.account.close_recommended"


def registry_account(verb: str) -> str:
    return REGISTRY_ACCOUNT.format(verb=verb)

# archive (payloads in shared/contracts/archive.py; queries q.archive.*, commands cmd.archive.*)
ARCHIVE_SNAPSHOT_DUE = "archive.snapshot.due"
ARCHIVE_REQUEST_DECIDED = "archive.request.decided"  # a request for allmän handling was decided
ARCHIVE_REQUEST_AT_RISK = "archive.request.at_risk"  # a request for allmän handling near or past its due time

# snapshot worker (headless Chromium, no database): the archive asks it to render a page
# (request and chunked answer: shared/snapshots.py)
SNAPSHOT_RENDER = "q.snapshot.render"

# moderation (payloads in shared/contracts/moderation.py; queries q.moderation.*, commands cmd.moderation.*)
MODERATION_ACTION_WAITING = "moderation.action.waiting"
MODERATION_ACTION_EXECUTED = "moderation.action.executed"
MODERATION_ACTION_FAILED = "moderation.action.failed"
MODERATION_SLA = "moderation.sla.{state}"
MODERATION_SLA_ALL = "moderation.sla.>"
MODERATION_FEEDBACK_ROUTED = "moderation.feedback.routed"
MODERATION_HOLIDAY_CHANGED = "moderation.holiday.changed"


def moderation_action(state: str) -> str:
    return MODERATION_ACTION.format(action=state)


def moderation_sla(state: str) -> str:
    return MODERATION_SLA.format(state=state)


MODERATION_SLA_AT_RISK = "moderation.sla.at_risk"
MODERATION_SLA_BREACHED = "moderation.sla.breached"
MODERATION_SLA_MET = "moderation.sla.met"
