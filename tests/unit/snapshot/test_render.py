"""A browser the worker started never outlives its rendering: timed out or cancelled (the
worker stopping), the Chromium process is killed and reaped."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from services.snapshot.adapters.chromium import RenderError, _run
from tests.support.polling import eventually


def hanging_browser(tmp_path: Path) -> tuple[Path, Path]:
    pid_file = tmp_path / "pid"
    script = tmp_path / "chromium"
    script.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 300\n")
    script.chmod(0o755)
    return script, pid_file


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


async def test_a_browser_that_hangs_is_killed_at_the_timeout(tmp_path: Path) -> None:
    script, pid_file = hanging_browser(tmp_path)
    with pytest.raises(RenderError, match="timed out"):
        await _run(str(script), tmp_path / "profile", "--dump-dom", "https://example.com/", timeout=1.0)
    assert gone(int(pid_file.read_text()))


async def test_a_browser_is_killed_when_the_worker_stops_mid_render(tmp_path: Path) -> None:
    script, pid_file = hanging_browser(tmp_path)
    task = asyncio.create_task(_run(str(script), tmp_path / "profile", "https://example.com/", timeout=300))
    assert await eventually(lambda: pid_file.exists() and pid_file.read_text().strip())
    pid = int(pid_file.read_text())
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert gone(pid)
