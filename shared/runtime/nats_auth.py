"""Who may do what on the bus: one NATS user per service, allowed what it consumes and
publishes and nothing more (ARCHITECTURE "Trust").

- only the dashboard publishes `cmd.*` and (with ingest, moderation and notify for their
  registry look-ups) `q.*`; only ingest publishes `social.received.*`; each service
  publishes its own events and its own dead letters;
- each service subscribes to its own queries and commands, and reads through JetStream's
  API only the streams it consumes (`$JS.API.CONSUMER.*` and `$JS.ACK.*` per stream);
- replies go back on the asker's own inbox prefix (`_INBOX_<user>`, `allow_responses`),
  so no service can read another's answers;
- the snapshot worker (headless Chromium, which opens external pages) may publish nothing
  but its answers to the requests it got (`deny: [">"]` plus `allow_responses`, up to
  `SNAPSHOT_REPLIES` messages each: a render is sent in chunks), has no JetStream API and
  no inbox, and only the archive may ask it (the dashboard's `q.>` excepts `q.snapshot.>`);
  so the archive trusts a render because only the snapshot user can have answered it.

The same table writes the embedded default's `nats.conf` and is checked against
deploy/production/nats/accounts.conf by tests/unit/shared/test_nats_auth.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

JS_MANAGE = ("$JS.API.INFO", "$JS.API.STREAM.NAMES", "$JS.API.STREAM.LIST", "$JS.API.STREAM.INFO.*",
             # every service declares the streams at start (shared/streams.py)
             "$JS.API.STREAM.CREATE.*", "$JS.API.STREAM.UPDATE.*")


def _consumes(*streams: str) -> tuple[str, ...]:
    """JetStream API subjects to run durable pull consumers on `streams` and ack them."""
    out: list[str] = []
    for s in streams:
        out += [f"$JS.API.CONSUMER.*.{s}", f"$JS.API.CONSUMER.*.{s}.>", f"$JS.API.CONSUMER.DURABLE.CREATE.{s}.>",
                f"$JS.API.CONSUMER.MSG.NEXT.{s}.>", f"$JS.ACK.{s}.>"]
    return tuple(out)


def inbox_prefix(user: str) -> str:
    return f"_INBOX_{user}"


# Above NATS's 1 MiB default: a raw delivery kept on the INGEST stream is ingest's largest
# body (1 MiB) base64-encoded in its JSON (deploy/production/nats/*.conf say the same).
MAX_PAYLOAD = "4MB"

# Messages the snapshot worker may send back per request: the manifest and the render's
# chunks (shared/snapshots.py; 10 MiB is 11 of them even at NATS's 1 MiB default max_payload).
SNAPSHOT_REPLIES = 64
SNAPSHOT_REPLY_EXPIRES = "5m"  # a render's own timeout is far below it


@dataclass(frozen=True)
class Grant:
    publish: tuple[str, ...]
    subscribe: tuple[str, ...]
    publish_deny: tuple[str, ...] = ()
    # A service that asks no questions and keeps no streams (the snapshot worker) gets
    # neither JetStream's API nor an inbox of its own.
    jetstream: bool = True
    inbox: bool = True
    responses: int = 1

    def for_user(self, user: str) -> dict:
        publish: dict = {"allow": [*self.publish, *(JS_MANAGE if self.jetstream else ())]}
        if not publish["allow"]:
            # NATS reads an empty allow list as "anything": say "nothing" explicitly.
            publish = {"deny": [">"]}
        elif self.publish_deny:
            publish["deny"] = list(self.publish_deny)
        subscribe = [*self.subscribe, *((f"{inbox_prefix(user)}.>",) if self.inbox else ())]
        responses: bool | dict = True if self.responses == 1 else {"max": self.responses,
                                                                   "expires": SNAPSHOT_REPLY_EXPIRES}
        return {"publish": publish, "subscribe": {"allow": subscribe}, "allow_responses": responses}


GRANTS: dict[str, Grant] = {
    "ingest": Grant(
        # ingest.delivery.>: each raw delivery kept on its own stream, written to its store by its consumer
        publish=("social.received.>", "ingest.delivery.>", "dlq.ingest", "q.registry.account_by_platform_id",
                 "q.registry.accounts", *_consumes("INGEST")),
        # replay_dead_letter: ingest re-sends its own social.received.* for a dead letter (shared/replay.py)
        subscribe=("q.ingest.>", "cmd.ingest.replay_dead_letter")),
    "moderation": Grant(
        publish=("moderation.>", "dlq.moderation", "q.registry.account_by_platform_id",
                 *_consumes("SOCIAL", "ARCHIVE")),
        subscribe=("q.moderation.>", "cmd.moderation.>")),
    "registry": Grant(
        publish=("registry.>", "dlq.registry", *_consumes("SOCIAL")),
        subscribe=("q.registry.>", "cmd.registry.>")),
    "archive": Grant(
        # local_decisions: the GDPR contact the municipality entered for the link page, named in disclosures
        publish=("archive.>", "dlq.archive", "q.registry.account", "q.registry.accounts", "q.registry.local_decisions",
                 "q.snapshot.render",
                 *_consumes("SOCIAL", "MODERATION", "NOTIFY")),
        subscribe=("q.archive.>", "cmd.archive.>")),
    "notify": Grant(
        # accounts: the holiday notice goes to every active account, not only the crisis channels
        publish=("notify.>", "dlq.notify", "q.registry.responsible", "q.registry.crisis_channels",
                 "q.registry.accounts",
                 *_consumes("MODERATION", "REGISTRY", "NOTIFY", "ARCHIVE", "DLQ")),
        # notify.> on core NATS: the live alert stream it serves to the dashboard
        subscribe=("q.notify.>", "cmd.notify.>", "notify.>")),
    "dashboard": Grant(
        # its reporting projection (services/dashboard/router.py) consumes every service's events
        publish=("cmd.>", "q.>", "dlq.dashboard",
                 *_consumes("SOCIAL", "MODERATION", "ARCHIVE", "NOTIFY", "REGISTRY")),
        publish_deny=("q.snapshot.>",),  # the archive alone asks for renders
        subscribe=("notify.>",)),  # live updates of the alerts page (services/dashboard/router.py)
    # No database, no streams, nothing to publish but its answers (services/snapshot/README.md).
    "snapshot": Grant(publish=(), subscribe=("q.snapshot.render",), jetstream=False, inbox=False,
                      responses=SNAPSHOT_REPLIES),
}


def nats_config(*, users: dict[str, str], port: int, monitor_port: int, store_dir: Path,
                server_name: str = "kanalvakt-embedded", superusers: tuple[str, ...] = ()) -> str:
    """An embedded nats-server's config: loopback only, JetStream, every service its user.

    `superusers` (the test harness) get no permission limits; make run has none."""
    entries = []
    for user, password in sorted(users.items()):
        entry: dict = {"user": user, "password": password}
        if user in GRANTS:
            entry["permissions"] = GRANTS[user].for_user(user)
        elif user not in superusers:
            continue
        entries.append(entry)
    # nats.conf accepts JSON values, so json.dumps quotes every subject and password safely.
    return "\n".join([
        f"server_name: {json.dumps(server_name)}",
        f'listen: "127.0.0.1:{port:d}"',
        f'http: "127.0.0.1:{monitor_port:d}"',
        f"jetstream: {{ store_dir: {json.dumps(str(store_dir))} }}",
        # A raw delivery (up to ingest's 1 MiB body, base64 in its JSON) is one message.
        f"max_payload: {MAX_PAYLOAD}",
        f"authorization: {{ users: {json.dumps(entries, indent=1)} }}",
        "",
    ])


def deploy_authorization() -> str:
    """deploy/production/nats/authorization.conf: the same grants for the cluster, each
    password read from the server's environment (`$NATS_PASSWORD_<USER>`, set-up writes
    them: deploy/production/setup.sh). Regenerate with `python -m shared.runtime.nats_auth`."""
    users = []
    for user, grant in GRANTS.items():
        permissions = json.dumps(grant.for_user(user), indent=2).replace("\n", "\n    ")
        users.append(f"  {{ user: {user}, password: $NATS_PASSWORD_{user.upper()},\n    permissions: {permissions} }}")
    return ("# Generated from shared/runtime/nats_auth.py (python -m shared.runtime.nats_auth); do not edit.\n"
            "authorization {\n users: [\n" + ",\n".join(users) + "\n ]\n}\n")


if __name__ == "__main__":
    print(deploy_authorization(), end="")
