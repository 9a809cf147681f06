"""The broker factory and the subscription policy every service shares.

FastStream's NATS default rejects (drops) a message whose handler raises. Here a
failure is one of two kinds (`shared.faults`):

- the infrastructure's (NATS, the database or another service away): the message is
  retried in place until the dependency is back (`shared.outage`), never dead-lettered,
  whatever `max_deliver` says;
- not there yet for this message alone (`NotYet`): nacked with the same pauses, so a
  batch fetched with it goes on;
- the message's own: it is nacked with a growing delay, and after `max_deliver` attempts
  (or at once, for a message that can never be handled) copied to `dlq.<service>` with
  the reason and its origin (`shared.dead_letters`) and then terminated, so nothing is
  silently lost and nothing blocks the stream forever.
"""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from faststream import AckPolicy, BaseMiddleware, Context
from faststream.exceptions import HandlerException, NackMessage, RejectMessage
from faststream.nats import JStream, NatsBroker, NatsUserPassword, PullSub
from faststream.nats.security import NatsSecurity
from nats.js.api import AckPolicy as JsAckPolicy
from nats.js.api import ConsumerConfig, DeliverPolicy
from nats.js.errors import BadRequestError, NotFoundError
from pydantic import BaseModel, ValidationError

from . import subjects
from .config import BusSettings
from .contracts.base import Envelope
from .dead_letters import dead_letter_headers, meant_for_another
from .faults import DependencyUnavailable, NotYet, is_infrastructure_fault
from .runtime.nats_auth import inbox_prefix
from .signed_requests import RequestVerifier, SignedRequestMiddleware
from .logging import bind_message_context, clear_message_context, get_logger
from .metrics import MESSAGES_DEAD_LETTERED, MESSAGES_FAILED, MESSAGES_HANDLED
from .outage import DependencyWait, Stopping
from .streams import ensure_streams, stream_for

log = get_logger(__name__)


class PoisonMessage(Exception):
    """Raised by a handler for a message that no retry can fix: dead-letter it now."""


class MessagePolicy:
    """What happens to one JetStream message whose handler fails (the module's docstring):
    used by `DeadLetterMiddleware` for a message handled alone and by `batch_subscriber`
    for each message of a batch, so both follow the same rules."""

    def __init__(self, *, service: str, settings: BusSettings, stopping: Stopping) -> None:
        self.service = service
        self.settings = settings
        self.stopping = stopping

    async def run(self, raw: Any, call: Callable[[], Awaitable[Any]]) -> Any:
        """`call()` until it returns, waiting out outages of what it depends on; a content
        failure is raised (the caller applies `content_failure`), and `NackMessage` when
        the service stops while waiting (redelivered after the restart)."""
        wait: DependencyWait | None = None
        handled = False
        try:
            while True:
                try:
                    result = await call()
                except HandlerException:
                    raise
                except NotYet as exc:
                    raise self._later(raw, exc) from exc
                except Exception as exc:
                    if isinstance(exc, PoisonMessage) or not is_infrastructure_fault(exc):
                        raise
                    # Not the message's fault: the same message will succeed once the
                    # dependency is back. Retried here, so it never counts towards max_deliver.
                    wait = wait or DependencyWait(
                        raw=raw, service=self.service, backoff=self.settings.dependency_backoff,
                        heartbeat_s=min(5.0, self.settings.ack_wait_s / 3), stopping=self.stopping,
                    )
                    if not await wait.pause(exc):
                        raise NackMessage() from exc
                else:
                    handled = True
                    MESSAGES_HANDLED.labels(self.service).inc()
                    return result
        finally:
            if wait is not None:
                wait.close(handled=handled)

    def _later(self, raw: Any, exc: NotYet) -> NackMessage:
        backoff = self.settings.dependency_backoff
        delay = backoff[min(raw.metadata.num_delivered - 1, len(backoff) - 1)]
        log.info("message.not_yet", subject=raw.subject, delivered=raw.metadata.num_delivered, delay_s=delay,
                 reason=str(exc))
        return NackMessage(delay=delay)

    async def content_failure(self, broker: Any, raw: Any, exc: Exception) -> HandlerException:
        """The message itself failed: redeliver with backoff, dead-letter after the last try."""
        MESSAGES_FAILED.labels(self.service).inc()
        subject, delivered = raw.subject, raw.metadata.num_delivered
        poison = isinstance(exc, (PoisonMessage, ValidationError, json.JSONDecodeError))
        if poison or delivered >= self.settings.max_deliver:
            if subject.startswith("dlq."):
                # Never a dead letter of a dead letter: it stays in the DLQ stream, and the
                # log says why it could not be kept.
                log.error("dead_letter.not_kept", subject=subject, delivered=delivered, error=repr(exc))
                return RejectMessage()
            headers = dead_letter_headers(service=self.service, raw=raw, error=exc, delivered=delivered)
            await broker.publish(raw.data, subjects.dlq(self.service), headers=headers, stream="DLQ")
            MESSAGES_DEAD_LETTERED.labels(self.service).inc()
            log.error("message.dead_lettered", subject=subject, delivered=delivered, error=repr(exc))
            return RejectMessage()
        backoff = self.settings.redelivery_backoff
        delay = backoff[min(delivered - 1, len(backoff) - 1)]
        log.warning("message.retry", subject=subject, delivered=delivered, delay_s=delay, error=repr(exc))
        return NackMessage(delay=delay)


class DeadLetterMiddleware(BaseMiddleware):
    """Wait out outages, retry content failures with backoff, then dead-letter
    (`MessagePolicy`). Installed on every service's broker."""

    def __init__(self, msg: Any, /, *, context: Any, policy: MessagePolicy) -> None:
        super().__init__(msg, context=context)
        self.policy = policy

    async def consume_scope(self, call_next: Any, msg: Any) -> Any:
        if isinstance(msg.raw_message, list):
            return await call_next(msg)  # a batch: `batch_subscriber` applies the policy to each message
        headers = msg.headers or {}
        bind_message_context(
            correlation_id=headers.get("correlation_id") or msg.correlation_id,
            event_id=headers.get("Nats-Msg-Id"),
        )
        try:
            metadata = _js_metadata(msg)
            if metadata is None:  # core NATS request (query, command): nothing to redeliver
                return await call_next(msg)
            if meant_for_another(headers, metadata.consumer):
                return None  # a replay for another consumer of this subject: acked unread
            try:
                return await self.policy.run(msg.raw_message, lambda: call_next(msg))
            except HandlerException:
                raise
            except Exception as exc:
                raise await self.policy.content_failure(self.context.get("broker"), msg.raw_message, exc) from exc
        finally:
            clear_message_context()


def _js_metadata(msg: Any) -> Any:
    try:
        return msg.raw_message.metadata
    except Exception:  # noqa: BLE001 - nats.errors.NotJSMessageError: a core NATS message
        return None


def _without_userinfo(url: str) -> str:
    """`nats://user:pw@host:4222` → `nats://host:4222`: the service's own credentials
    win over any written into the URL (FastStream refuses both at once)."""
    scheme, sep, rest = url.rpartition("://")
    return f"{scheme}{sep}{rest.rsplit('@', 1)[-1]}"


def _security(settings: BusSettings, user: str, password: str | None) -> NatsSecurity | None:
    """The service's user and password, over TLS verified against the cluster's CA when one is set."""
    tls = ssl.create_default_context(cafile=str(settings.nats_tls_ca_file)) if settings.nats_tls_ca_file else None
    if password is not None:
        return NatsUserPassword(user, password, ssl_context=tls)
    return NatsSecurity(ssl_context=tls) if tls else None


def make_broker(settings: BusSettings, *, service: str, stopping: Stopping | None = None) -> NatsBroker:
    """A broker that reconnects forever, waits out outages and retries/dead-letters
    failed messages; `stopping` ends those waits when the process is asked to stop."""
    stopping = stopping or Stopping()

    policy = MessagePolicy(service=service, settings=settings, stopping=stopping)

    def middleware(msg: Any, /, *, context: Any) -> DeadLetterMiddleware:
        return DeadLetterMiddleware(msg, context=context, policy=policy)

    verifier = RequestVerifier(settings.command_verify_key) if settings.command_verify_key else None

    def signed_requests(msg: Any, /, *, context: Any) -> SignedRequestMiddleware:
        return SignedRequestMiddleware(msg, context=context, service=service, verifier=verifier)

    user, password = settings.nats_credentials(service)
    servers = [s.strip() for s in settings.nats_url.split(",")]
    if password is not None:
        servers = [_without_userinfo(s) for s in servers]
    return NatsBroker(
        servers=servers,
        name=f"kanalvakt-{service}",
        # The service's own user (its permissions: shared/runtime/nats_auth.py); these
        # win over credentials written into the URL.
        security=_security(settings, user, password),
        inbox_prefix=inbox_prefix(user) if password is not None else "_INBOX",
        max_reconnect_attempts=-1,
        reconnect_time_wait=0.5,  # type: ignore[arg-type]  # FastStream says int; nats-py waits float seconds
        # Outermost first: a request whose signature fails is answered with a refusal
        # before any handler runs (and is never retried).
        middlewares=[middleware, signed_requests],
        # In-flight handlers get most of the grace period to finish and ack; the rest is
        # for draining the connection (bounded too) before the process must be gone.
        graceful_timeout=max(1.0, settings.shutdown_grace_s * 0.5),
        drain_timeout=max(1, int(settings.shutdown_grace_s * 0.2)),
        # FastStream's per-message "Received/Processed" lines are debug noise; our
        # middleware logs retries and dead letters with ids bound.
        log_level=logging.DEBUG,
    )


async def declare_streams(broker: NatsBroker, settings: BusSettings) -> None:
    await ensure_streams(broker.connection.jetstream(), replicas=settings.stream_replicas)


async def update_consumers(broker: NatsBroker) -> None:
    """Give each existing durable consumer the settings declared now: nats-py reuses a
    consumer an older release created as it is (with that release's delivery limit)."""
    js = broker.connection.jetstream()
    for subscriber in broker.subscribers:
        config, stream = getattr(subscriber, "config", None), getattr(subscriber, "stream", None)
        if not isinstance(config, ConsumerConfig) or not config.durable_name or stream is None:
            continue
        try:
            current = (await js.consumer_info(stream.name, config.durable_name)).config
        except NotFoundError:
            continue  # created as declared when the subscriber starts
        if (current.max_deliver, current.ack_wait) != (config.max_deliver, config.ack_wait):
            try:
                await js.add_consumer(stream.name, config)  # same durable: the server updates it
            except BadRequestError as exc:  # a setting the server cannot change in place: keep it running
                log.warning("consumer.not_updated", consumer=config.durable_name, error=str(exc))
                continue
            log.info("consumer.updated", consumer=config.durable_name, max_deliver=config.max_deliver)


def durable_subscriber(
    broker: NatsBroker,
    subject: str,
    *,
    service: str,
    name: str,
    settings: BusSettings,
    description: str | None = None,
    in_stream_order: bool = False,
) -> Callable[..., Any]:
    """A durable pull consumer shared by all replicas of `service`: each message is
    handled by one replica, acked only after the handler returned (after its writes).

    `in_stream_order`: the server hands out the next message only once the last one is
    acked, whichever replica holds it, so a projection's counters have a single writer
    and a redelivery is always of the message last applied. (Without it, FastStream
    handles the up to 32 messages of one fetch concurrently, in a task group: their
    order within a batch is not kept.)"""
    user, password = settings.nats_credentials(service)
    return broker.subscriber(
        subject,
        stream=JStream(stream_for(subject), declare=False),
        durable=f"{service}-{name}",
        pull_sub=PullSub(batch_size=1 if in_stream_order else max(32, settings.consumer_concurrency), timeout=1.0),
        # Concurrent handling within a replica (FastStream's ConcurrentPullStreamSubscriber):
        # each message is still acked only after its own handler returned.
        max_workers=1 if in_stream_order else settings.consumer_concurrency,
        # Pull requests are answered on an inbox: the service's own (its NATS user may
        # subscribe to nothing else), not FastStream's default `_INBOX.`.
        inbox_prefix=f"{inbox_prefix(user)}.".encode() if password is not None else b"_INBOX.",
        config=_consumer_config(f"{service}-{name}", subject, settings, in_stream_order=in_stream_order),
        ack_policy=AckPolicy.NACK_ON_ERROR,
        description=description,
    )


def _consumer_config(durable: str, subject: str, settings: BusSettings, *, in_stream_order: bool = False
                     ) -> ConsumerConfig:
    return ConsumerConfig(
        durable_name=durable,
        ack_policy=JsAckPolicy.EXPLICIT,
        deliver_policy=DeliverPolicy.ALL,
        ack_wait=settings.ack_wait_s,
        # No limit at the server: past it a message would be dropped silently (no
        # dead letter). The middleware is the limit: a content failure is
        # dead-lettered at `max_deliver`; an outage never counts, but a message
        # fetched and still queued behind the busy handlers is not kept in
        # progress, so a long outage can expire its ack wait and redeliver it.
        max_deliver=-1,
        filter_subject=subject,
        max_ack_pending=1 if in_stream_order else None,
    )


async def _undecoded(msg: Any) -> None:
    # A batch's messages are decoded one by one in `batch_subscriber`, so that one that is
    # not JSON (or not the contract) is that message's failure, not the batch's.
    return None


def batch_subscriber(
    broker: NatsBroker,
    subject: str,
    handler: Callable[[Any], Awaitable[Any]],
    model: type[BaseModel],
    *,
    service: str,
    name: str,
    settings: BusSettings,
    stopping: Stopping,
    description: str | None = None,
    batch_size: int = 64,
    max_wait_s: float = 1.0,
) -> None:
    """A durable pull consumer like `durable_subscriber` whose messages come in batches:
    up to `batch_size` per fetch, waiting at most `max_wait_s` for a batch to fill (issue 13:
    one FastStream dispatch per batch instead of one per message, and a batch's writes meet
    in one group commit, shared/group_commit.py).

    Each message of a batch is still its own: decoded into `model`, handled by `handler`
    (the batch's messages concurrently), acked only after its handler returned, and under
    `MessagePolicy` alone: an outage waited out, a content failure retried or dead-lettered
    without touching the others. For a consumer whose lag does not hold anyone up (a
    count, a store of what is already durable), as a batch may wait `max_wait_s` to fill."""
    policy = MessagePolicy(service=service, settings=settings, stopping=stopping)

    async def one(raw: Any) -> None:
        headers = raw.headers or {}
        bind_message_context(correlation_id=headers.get("correlation_id"), event_id=headers.get("Nats-Msg-Id"))
        try:
            if meant_for_another(headers, raw.metadata.consumer):
                await raw.ack()  # a replay for another consumer of this subject: acked unread
                return
            try:
                await policy.run(raw, lambda: handler(model.model_validate_json(raw.data)))
            except NackMessage as nack:  # not yet, or stopping while waiting: redelivered
                await raw.nak(delay=nack.extra_options.get("delay"))
                return
            except Exception as exc:  # noqa: BLE001 - any content failure is this message's, settled below
                outcome = await policy.content_failure(broker, raw, exc)
                if isinstance(outcome, NackMessage):
                    await raw.nak(delay=outcome.extra_options.get("delay"))
                else:
                    await raw.term()
                return
            await raw.ack()
        finally:
            clear_message_context()

    async def consume(body: Any, message: Annotated[Any, Context("message")]) -> None:
        # each message in its own task (its own log context); none raises
        await asyncio.gather(*(one(raw) for raw in message.raw_message))

    # What the AsyncAPI document shows (devtools/asyncapi.py): a batch of the contract;
    # `_undecoded` gives None, which this still admits, so nothing is validated twice. The
    # document names a message by its function: the consumer's own name, one per batch consumer.
    consume.__annotations__["body"] = list[model] | None  # type: ignore[valid-type]
    consume.__name__ = consume.__qualname__ = f"{service}_{name}_batch"

    user, password = settings.nats_credentials(service)
    broker.subscriber(
        subject,
        stream=JStream(stream_for(subject), declare=False),
        durable=f"{service}-{name}",
        pull_sub=PullSub(batch_size=batch_size, batch=True, timeout=max_wait_s),
        inbox_prefix=f"{inbox_prefix(user)}.".encode() if password is not None else b"_INBOX.",
        config=_consumer_config(f"{service}-{name}", subject, settings),
        decoder=_undecoded,
        ack_policy=AckPolicy.MANUAL,  # each message settled above
        description=description,
    )(consume)


def msg_headers(event: Envelope) -> dict[str, str]:
    """Headers for publishing `event`: JetStream de-duplicates on `Nats-Msg-Id`."""
    return {"Nats-Msg-Id": event.event_id, "correlation_id": event.correlation_id}


class PublishAckUnreadable(DependencyUnavailable):
    """JetStream's ack to a publish could not be read, several times in a row."""


# nats-py reads JetStream's ack with json.loads and, now and then, is handed an empty
# reply (nats-io/nats.py#639, open for 2.14, the version pinned here; CI met it once,
# on a command's publish, and the command went unanswered). Whether the stream kept the message is then
# unknown, and publishing it again is safe: its Nats-Msg-Id makes a kept one a duplicate.
PUBLISH_ATTEMPTS = 3


async def publish_event(broker: NatsBroker, event: Envelope, subject: str, *, timeout: float = 5.0) -> Any:
    """Publish to JetStream and wait for its ack (raises if it does not come)."""
    unreadable: json.JSONDecodeError | None = None
    for attempt in range(1, PUBLISH_ATTEMPTS + 1):
        try:
            return await broker.publish(
                event,
                subject,
                headers=msg_headers(event),
                correlation_id=event.correlation_id,
                stream=stream_for(subject),
                timeout=timeout,
            )
        except json.JSONDecodeError as exc:
            log.warning("publish.ack_unreadable", subject=subject, event_id=event.event_id, attempt=attempt)
            unreadable = exc
    raise PublishAckUnreadable(f"JetStream's ack on {subject} could not be read ({PUBLISH_ATTEMPTS} attempts)"
                               ) from unreadable
