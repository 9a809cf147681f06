"""free_port: a port handed out in one process is never handed out in another while the
first lives (the suite's workers and the services they start choose ports at once)."""

from __future__ import annotations

import subprocess
import sys

from devtools import servers


def test_a_port_claimed_by_another_process_is_not_handed_out() -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from devtools.servers import free_port; print(free_port(), flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        taken = int(holder.stdout.readline())
        assert not servers._claim(taken)
        assert servers.free_port() != taken
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    # The claim ends with its process, however it ends.
    assert servers._claim(taken)


def test_one_process_never_gets_the_same_port_twice() -> None:
    ports = [servers.free_port() for _ in range(50)]
    assert len(set(ports)) == 50


def test_a_probe_that_reads_back_its_own_request_means_not_ready() -> None:
    """A readiness probe connected to itself (source port = the unbound target port) reads
    its own request as the answer: that is "not ready", not a crash of the supervisor."""
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def echo() -> None:  # what a self-connected socket does: the request comes back
        conn, _ = listener.accept()
        with conn:
            conn.sendall(conn.recv(4096))

    threading.Thread(target=echo, daemon=True).start()
    try:
        assert servers.http_ok(f"http://127.0.0.1:{port}/readyz") is False
    finally:
        listener.close()
