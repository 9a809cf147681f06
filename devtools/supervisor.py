"""`python -m devtools.supervisor`: the embedded default on one machine.

Starts nats-server and the MongoDB-wire server (nx-27017) (unless NATS_URL / MONGODB_URL name servers to use),
then every service and the staff web UI, waits until each is ready, prints the URLs,
restarts a service that dies, and on Ctrl-C stops the services first (each drains its
in-flight messages and acks them) and the servers last, so nothing accepted is lost.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from devtools.servers import ManagedProcess, ServerError, mongodb_server, free_port, http_ok, nats_server
from devtools.watch import Watch

# Start order: consumers before ingest, so nothing waits in the stream at first start;
# the snapshot worker (headless Chromium, no database) before the archive that asks it.
SERVICES: dict[str, int] = {
    "snapshot": 8006, "registry": 8003, "archive": 8004, "moderation": 8002, "notify": 8005, "ingest": 8001,
    "dashboard": 8000,
}
# Services with no database: they are not told where it is (services/snapshot/README.md).
NO_DATABASE = frozenset({"snapshot"})


@dataclass
class System:
    """The whole system as child processes; also what the end-to-end tests start."""

    data_dir: Path
    nats_url: str | None = None
    mongodb_url: str | None = None
    ports: dict[str, int] = field(default_factory=dict)
    extra_env: dict[str, str] = field(default_factory=dict)
    servers: dict[str, ManagedProcess] = field(default_factory=dict)
    services: dict[str, ManagedProcess] = field(default_factory=dict)

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "log"

    @property
    def secrets_path(self) -> Path:
        """Secrets generated at first start (mode 0600), one `KEY=value` a line (README)."""
        return self.data_dir / "secrets.env"

    def secret_env(self, name: str) -> dict[str, str]:
        """What of the generated secrets service `name` gets: its own NATS password, the
        dashboard's public key (the dashboard alone its private key), the platform secrets
        for ingest. A value already in the environment is the operator's and wins."""
        from shared.config import nats_password_key
        from shared.secrets_file import SIGNING_KEY, VERIFY_KEY, WEBHOOK_SECRETS, ensure_secrets

        secrets = ensure_secrets(self.secrets_path)
        # The snapshot worker takes no commands: it gets no key at all.
        keys = ([VERIFY_KEY] if name != "snapshot" else []) + ([SIGNING_KEY] if name == "dashboard" else []) + (
            list(WEBHOOK_SECRETS) if name == "ingest" else []) + (
            # the web connector signs what moderation and notify post to the municipality's web
            ["KANALVAKT_WEB_SECRET"] if name in ("moderation", "notify") else [])
        env = {k: secrets[k] for k in keys if k not in os.environ}
        if "nats" in self.servers:  # our own nats-server: the service's own user
            env.update({"KANALVAKT_NATS_USER": name, "KANALVAKT_NATS_PASSWORD": secrets[nats_password_key(name)]})
        return env

    def nats_url_as(self, user: str) -> str:
        """The embedded NATS URL with `user`'s credentials (tools and end-to-end tests)."""
        from shared.config import nats_password_key
        from shared.secrets_file import ensure_secrets

        assert self.nats_url
        password = ensure_secrets(self.secrets_path)[nats_password_key(user)]
        return self.nats_url.replace("nats://", f"nats://{user}:{password}@", 1)

    def start_servers(self) -> None:
        if not self.nats_url:
            proc, self.nats_url = nats_server(self.data_dir, port=self.ports.get("nats"), log_dir=self.log_dir)
            proc.start()
            self.servers["nats"] = proc
        if not self.mongodb_url:
            proc, self.mongodb_url = mongodb_server(self.data_dir, port=self.ports.get("mongodb"), log_dir=self.log_dir)
            proc.start()
            self.servers["mongodb"] = proc

    def service_env(self, name: str, port: int) -> dict[str, str]:
        assert self.nats_url and self.mongodb_url
        env = os.environ.copy()
        env.update({
            "KANALVAKT_NATS_URL": self.nats_url,
            "KANALVAKT_MONGODB_URL": self.mongodb_url,
            "KANALVAKT_HTTP_PORT": str(port),
            "KANALVAKT_LOG_JSON": "true",
            # Local state of a service (ingest's spool) lives beside the servers' data.
            "KANALVAKT_DATA_DIR": str(self.data_dir),
            # The staff web UI's system page reads each service's /readyz.
            "KANALVAKT_SERVICE_URLS": json.dumps({n: f"http://127.0.0.1:{p}" for n, p in self.ports.items()
                                                  if n in SERVICES and n != "dashboard"}),
        })
        env.update(self.secret_env(name))
        env.update(self.extra_env)
        if name in NO_DATABASE:
            for key in ("KANALVAKT_MONGODB_URL", "MONGODB_URL"):
                env.pop(key, None)
        return env

    def start_service(self, name: str) -> ManagedProcess:
        port = self.ports.setdefault(name, free_port())
        proc = ManagedProcess(
            name=name,
            args=[sys.executable, "-m", f"services.{name}"],
            ready=lambda: http_ok(f"http://127.0.0.1:{port}/readyz"),
            log_path=self.log_dir / f"{name}.log",
            env=self.service_env(name, port),
        )
        proc.start(timeout=60)
        self.services[name] = proc
        return proc

    def start(self, names: list[str] | None = None) -> None:
        self.start_servers()
        names = names or list(SERVICES)
        for name in names:  # every port known up front: services are told each other's URLs
            self.ports.setdefault(name, free_port())
        for name in names:
            self.start_service(name)

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name]}"

    def processes(self) -> list[tuple[str, ManagedProcess]]:
        """Everything started here, servers first (what the others need)."""
        return [*self.servers.items(), *self.services.items()]

    def stop(self) -> None:
        # Every service at once (each stops within its own grace period, whatever is
        # down), then the servers they needed.
        services = list(self.services.values())
        for proc in services:
            proc.terminate()
        for proc in services:
            proc.stop(signalled=True)
        for name in ("mongodb", "nats"):
            if name in self.servers:
                self.servers[name].stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("var"))
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo accounts and comments")
    parser.add_argument("--port-base", type=int, default=int(os.environ.get("KANALVAKT_PORT_BASE", 0)),
                        help="put the services on BASE+0…, NATS on BASE+10 and the database on BASE+11")
    args = parser.parse_args(argv)

    if args.port_base:
        ports = {name: args.port_base + i for i, name in enumerate(sorted(SERVICES))}
        ports.update({"nats": args.port_base + 10, "mongodb": args.port_base + 11})
    else:
        ports = dict(SERVICES)
        ports.update({"nats": int(os.environ.get("KANALVAKT_NATS_PORT", 4222)),
                      "mongodb": int(os.environ.get("KANALVAKT_MONGODB_PORT", 27017))})
    system = System(
        data_dir=args.data_dir.resolve(),
        nats_url=os.environ.get("NATS_URL") or os.environ.get("KANALVAKT_NATS_URL"),
        mongodb_url=os.environ.get("MONGODB_URL") or os.environ.get("KANALVAKT_MONGODB_URL"),
        ports=ports,
        extra_env={} if args.no_demo else {"KANALVAKT_SEED_DEMO": "true", "KANALVAKT_DEFAULT_POLICY": "knivsta"},
    )
    simulator = None
    if not args.no_demo and not os.environ.get("KANALVAKT_FACEBOOK_API_URL"):
        # Exercise mode: connectors post to a local platform simulator, never to real accounts.
        from devtools.platform_simulator import PlatformSimulator

        from shared.secrets_file import ensure_secrets

        # One web secret: the one README tells testers to sign the web form's webhook with.
        web_secret = os.environ.get("KANALVAKT_WEB_SECRET") or ensure_secrets(system.secrets_path)[
            "KANALVAKT_WEB_SECRET"]
        simulator = PlatformSimulator(web_secret=web_secret).start()
        system.extra_env.update(simulator.settings_env())
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        print(f"Kanalvakt: data in {system.data_dir}, logs in {system.log_dir}", flush=True)
        system.start()
    except ServerError as exc:
        print(f"Kanalvakt could not start: {exc}", file=sys.stderr)
        system.stop()
        return 1
    demo_comments = None
    if not args.no_demo:
        from devtools.demo_comments import post_demo_comments

        meta_secret = system.service_env("ingest", system.ports["ingest"])["KANALVAKT_META_APP_SECRET"]
        demo_comments = post_demo_comments(system.url("ingest"), meta_secret)
    print_banner(system, simulator_url=simulator.url if simulator else None, demo_comments=demo_comments)
    try:
        watch = Watch(system.processes, say=lambda line: print(line, flush=True))
        while not stopping:
            watch.tick()  # restarts whatever died, servers first, with growing pauses
            time.sleep(1)
    finally:
        print("\nKanalvakt: stopping services (draining in-flight messages), then servers…", flush=True)
        system.stop()
        if simulator:
            simulator.stop()
        print("Kanalvakt: stopped.", flush=True)
    return 0


def print_banner(system: System, *, simulator_url: str | None = None, demo_comments: str | None = None) -> None:
    if simulator_url:
        print(f"\nExercise mode: posts, hides and crisis broadcasts go to the platform simulator at {simulator_url}",
              flush=True)
    print(
        "\nKanalvakt is running (embedded default).\n"
        f"  Staff web UI:      {system.url('dashboard')}/\n"
        f"  Webhooks (ingest): {system.url('ingest')}/webhooks/<municipality>/<platform>\n"
        f"  NATS:              {system.nats_url}\n"
        f"  MongoDB (wire):    {system.mongodb_url}\n"
        "  Demo: municipality 'knivsta' with the Knivsta policy pack and three accounts.\n"
        "  Demo logins (password 'demo-kanalvakt'; only with demo data):\n"
        "    kommunikator (communicator, account administrator), krisledare and krisstab (crisis team:\n"
        "    one drafts, the other approves), arkivarie (registrar, archivist), kommunikationschef\n"
        "    (head of communications: the month at a glance, the reports), admin (system administrator).\n"
        + (f"{demo_comments}\n" if demo_comments else "")
        + f"  Secrets (webhook secrets, signing key, NATS passwords; mode 0600): {system.secrets_path}\n"
        + "  Stop with Ctrl-C.\n",
        flush=True,
    )


if __name__ == "__main__":
    sys.exit(main())
