"""On a real nats-server with the embedded default's grants: the snapshot worker's user
can answer the archive and do nothing else; nobody but the archive can ask it, and
nobody but the worker can answer."""

from __future__ import annotations

from pathlib import Path

import nats

from shared.config import nats_password_key
from shared.secrets_file import ensure_secrets
from tests.support.polling import eventually


async def connect_as(url: str, user: str, secrets_file: Path, *, inbox: bool = True) -> nats.NATS:
    password = ensure_secrets(secrets_file)[nats_password_key(user)]
    errors: list[Exception] = []

    async def on_error(exc: Exception) -> None:
        errors.append(exc)

    options = {"inbox_prefix": f"_INBOX_{user}".encode()} if inbox else {}
    nc = await nats.connect(f"nats://{user}:{password}@{url.rsplit('@', 1)[-1]}", error_cb=on_error,
                            allow_reconnect=False, max_reconnect_attempts=0, **options)
    nc.errors = errors  # type: ignore[attr-defined]
    return nc


def violations(nc: nats.NATS) -> str:
    return " ".join(str(e) for e in nc.errors).lower()  # type: ignore[attr-defined]


async def test_the_snapshot_user_can_answer_and_nothing_more(service_env, bus_secrets_file: Path) -> None:
    url = service_env["KANALVAKT_NATS_URL"]
    harness = await nats.connect(url)
    worker = await connect_as(url, "snapshot", bus_secrets_file, inbox=False)
    archive = await connect_as(url, "archive", bus_secrets_file)
    try:
        # Its one grant works: it takes the archive's request and answers on the archive's inbox.
        async def answer(msg) -> None:
            await msg.respond(b'{"ok": false, "error": "test"}')
        await worker.subscribe("q.snapshot.render", queue="snapshot", cb=answer)
        await worker.flush()
        reply = await archive.request("q.snapshot.render", b"{}", timeout=5)
        assert reply.data == b'{"ok": false, "error": "test"}'

        # Read nothing else: no queries, commands, events, other inboxes, JetStream.
        for subject in ("q.archive.records", "cmd.archive.snapshot", "social.received.>", "archive.>",
                        "_INBOX_archive.>", "$JS.API.>", ">"):
            await worker.subscribe(subject)
        # Publish nothing: no events, no questions, no JetStream API, not into the archive's inbox.
        harness_sub = await harness.subscribe(">")
        for subject in ("archive.record.stored", "social.received.facebook", "q.registry.accounts",
                        "cmd.moderation.remove", "$JS.API.INFO", "_INBOX_archive.forged", "dlq.snapshot"):
            await worker.publish(subject, b'{"forged": true}')
        await worker.flush()
        wanted = 7 + 7
        await eventually(lambda: len(worker.errors) >= wanted)  # type: ignore[attr-defined]
        text = violations(worker)
        for subject in ("q.archive.records", "social.received.>", "_inbox_archive.>", "$js.api.>",
                        "archive.record.stored", "q.registry.accounts", "$js.api.info", "_inbox_archive.forged"):
            assert f'"{subject}"' in text, (subject, text)
        assert text.count("permissions violation for subscription") == 7
        assert text.count("permissions violation for publish") == 7
        # Nothing it published reached anyone (the harness hears everything).
        forged = []
        while True:
            try:
                msg = await harness_sub.next_msg(timeout=0.5)
            except (TimeoutError, nats.errors.TimeoutError):
                break
            if b"forged" in msg.data:
                forged.append(msg.subject)
        assert forged == []
    finally:
        for nc in (harness, worker, archive):
            await nc.close()


async def test_only_the_archive_may_ask_and_only_the_worker_may_answer(service_env, bus_secrets_file: Path) -> None:
    url = service_env["KANALVAKT_NATS_URL"]
    dashboard = await connect_as(url, "dashboard", bus_secrets_file)
    notify = await connect_as(url, "notify", bus_secrets_file)
    try:
        # The dashboard may ask every service's queries (q.>), but not for renders.
        await dashboard.publish("q.snapshot.render", b'{"url": "http://10.0.0.5/"}')
        # No other service can stand in for the worker and feed the archive a page.
        await notify.subscribe("q.snapshot.render")
        await dashboard.flush()
        await notify.flush()
        await eventually(lambda: dashboard.errors and notify.errors)  # type: ignore[attr-defined]
        assert 'permissions violation for publish to "q.snapshot.render"' in violations(dashboard)
        assert 'permissions violation for subscription to "q.snapshot.render"' in violations(notify)
    finally:
        await dashboard.close()
        await notify.close()
