"""A three-node NATS cluster on loopback, as production runs it (deploy/production/nats):
JetStream on every node, routes authenticated, the services' users and permissions on
each node. For the tests and benchmarks that show nothing is lost when a node dies.
"""

from __future__ import annotations

import functools
import json
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from shared.runtime.nats_auth import nats_config
from devtools.servers import ManagedProcess, free_port, http_ok, nats_server_binary


@dataclass
class NatsCluster:
    data_dir: Path
    users: dict[str, str]
    size: int = 3
    superusers: tuple[str, ...] = ()
    nodes: list[ManagedProcess] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Every node, comma separated (the services' KANALVAKT_NATS_URL)."""
        return ",".join(f"nats://127.0.0.1:{port}" for port in self.ports)

    def start(self) -> None:
        self.ports = [free_port() for _ in range(self.size)]
        cluster_ports = [free_port() for _ in range(self.size)]
        monitors = [free_port() for _ in range(self.size)]
        route_user, route_password = "route", secrets.token_urlsafe(24)
        for i in range(self.size):
            node_dir = self.data_dir / f"nats-{i + 1}"
            node_dir.mkdir(parents=True, exist_ok=True)
            routes = [f"nats://{route_user}:{route_password}@127.0.0.1:{p}" for j, p in enumerate(cluster_ports)
                      if j != i]
            config = node_dir / "nats.conf"
            config.touch(mode=0o600)
            config.chmod(0o600)
            config.write_text(
                nats_config(users=self.users, port=self.ports[i], monitor_port=monitors[i], store_dir=node_dir,
                            server_name=f"kanalvakt-{i + 1}", superusers=self.superusers)
                + "cluster: " + json.dumps({
                    "name": "kanalvakt", "listen": f"127.0.0.1:{cluster_ports[i]}", "routes": routes,
                    "authorization": {"user": route_user, "password": route_password}}) + "\n")
            monitor = monitors[i]
            self.nodes.append(ManagedProcess(
                name=f"nats-{i + 1}", args=[str(nats_server_binary()), "--config", str(config)],
                # Plain /healthz: ready only once JetStream has its meta leader, so a
                # stream with three replicas can be created.
                ready=functools.partial(http_ok, f"http://127.0.0.1:{monitor}/healthz"),
                log_path=self.data_dir / "log" / f"nats-{i + 1}.log"))
        for node in self.nodes:  # all spawned first: each waits for the others' routes
            node.spawn()
        for node in self.nodes:
            node.wait_ready(timeout=90)

    def stop(self) -> None:
        for node in reversed(self.nodes):
            node.stop()
