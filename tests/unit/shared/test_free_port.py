"""free_port: a port handed out in one process is never handed out in another while the
first lives (the suite's workers and the services they start choose ports at once)."""

from __future__ import annotations

import subprocess
import sys

from shared.runtime import servers


def test_a_port_claimed_by_another_process_is_not_handed_out() -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from shared.runtime.servers import free_port; print(free_port(), flush=True); sys.stdin.read()"],
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
