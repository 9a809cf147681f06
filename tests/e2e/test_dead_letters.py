"""A dead letter end to end: notify keeps it with the item it concerns; an administrator
lists and replays it with `python -m services.dashboard dead-letters`; the replay goes
through the publisher of the original event to the one consumer that failed (archive
archives the item; moderation, which handled the original, never sees the replay), and
replaying it again changes nothing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from shared.contracts import Author, Direction, ItemKind, Platform, PlatformEvent, utcnow
from devtools.servers import free_port
from devtools.supervisor import System
from tests.e2e.fault_campaign import (
    FAST_POLICY,
    MUNICIPALITY,
    PAGE_ID,
    archived,
    ask,
    publish_dead_letter,
    tagged,
    waited_at_least,
)
from tests.support import bus
from tests.support.polling import eventually
from tests.support.system import running_system

pytestmark = pytest.mark.timeout(600)
ADMIN = "driftadmin"


@pytest.fixture
def system(tmp_path: Path) -> Iterator[System]:
    with running_system(System(data_dir=tmp_path, extra_env=dict(FAST_POLICY)),
                        ["registry", "archive", "moderation", "notify", "ingest"]) as sut:
        yield sut


def _dashboard_cli(system: System, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = system.service_env("dashboard", free_port())  # the CLI serves nothing: any port
    return subprocess.run([sys.executable, "-m", "services.dashboard", *args], input=stdin, capture_output=True,
                          text=True, env=env, timeout=120)


async def test_an_administrator_replays_a_dead_letter_to_the_consumer_that_failed_once(system: System) -> None:
    created = _dashboard_cli(system, "create-admin", "--username", ADMIN, "--name", "Drift Admin",
                             "--municipality", MUNICIPALITY, "--password-stdin", stdin="ett-långt-lösenord-för-drift\n")
    assert created.returncode == 0, created.stderr
    event = PlatformEvent(
        event_id="ev-dl-1", municipality=MUNICIPALITY, platform=Platform.facebook, account_id=PAGE_ID,
        kind=ItemKind.comment, item_id="dl_1", author=Author(platform_id="a1", name="Åsa"),
        text="Hej! När töms soptunnorna?", received_at=utcnow(), direction=Direction.inkommen,
    )
    await publish_dead_letter(system, event, service="archive", consumer="archive-records",
                              headers={"correlation_id": "corr-dl"})

    # The system page's list: kept by notify with the item it concerns.
    letters = await eventually(lambda: ask(system, "q.notify.dead_letters", {"municipality": MUNICIPALITY}))
    [letter] = letters
    assert letter["service"] == "archive" and letter["subject"] == "social.received.facebook"
    assert letter["consumer"] == "archive-records"
    assert letter["concerns"]["item_id"] == "dl_1" and letter["concerns"]["item_event_id"] == "ev-dl-1"
    assert letter["original_headers"]["correlation_id"] == "corr-dl"
    listed = _dashboard_cli(system, "dead-letters", "list", "--by", ADMIN)
    assert listed.returncode == 0, listed.stderr
    assert letter["id"] in listed.stdout and "dl_1" in listed.stdout

    replayed = _dashboard_cli(system, "dead-letters", "replay", letter["id"], "--by", ADMIN)
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    print(f"\nreplay: {replayed.stdout.strip()}")
    records = await eventually(lambda: _has(archived(system), "dl_1"))
    assert records["dl_1"] == 1

    again = _dashboard_cli(system, "dead-letters", "replay", "--all", "--by", ADMIN)  # already replayed: none left
    assert again.returncode == 0 and again.stdout.startswith("0 "), again.stdout + again.stderr
    twice = _dashboard_cli(system, "dead-letters", "replay", letter["id"], "--by", ADMIN)  # by id: sent once more
    assert twice.returncode == 0, twice.stderr
    [after] = await eventually(lambda: _replayed(system, times=2))
    assert after["replayed_by"] == "Drift Admin"
    assert (await archived(system))["dl_1"] == 1  # idempotent: the second replay changed nothing
    # Addressed to archive only: moderation never handled the replayed item.
    assert "dl_1" not in await tagged(system)
    not_admin = _dashboard_cli(system, "dead-letters", "list", "--by", "nobody")
    assert not_admin.returncode == 2


async def _has(counts, item: str):  # type: ignore[no-untyped-def]
    found = await counts
    return found if item in found else None


async def _replayed(system: System, *, times: int) -> list[dict] | None:
    letters = await ask(system, "q.notify.dead_letters", {"municipality": MUNICIPALITY})
    return letters if letters and letters[0].get("replays") == times else None



async def test_a_dead_letter_arriving_while_the_database_is_away_waits_and_is_kept_once(system: System) -> None:
    event = PlatformEvent(
        event_id="ev-dl-2", municipality=MUNICIPALITY, platform=Platform.facebook, account_id=PAGE_ID,
        kind=ItemKind.comment, item_id="dl_2", author=Author(platform_id="a2"), text="Hej igen",
        received_at=utcnow(), direction=Direction.inkommen,
    )
    system.servers["mongodb"].kill()
    await publish_dead_letter(system, event, service="archive", consumer="archive-records", headers={})
    # notify holds it, retrying, far past its content-retry schedule (3 deliveries over 0.7 s)
    assert await eventually(lambda: waited_at_least(system, "notify", 5), attempts=600, pause=0.2)
    system.servers["mongodb"].start()
    letters = await eventually(lambda: ask(system, "q.notify.dead_letters", {"municipality": MUNICIPALITY}))
    assert [d["concerns"]["item_id"] for d in letters] == ["dl_2"]
    assert await _subjects_in_dlq(system) == {"dlq.archive": 1}  # no dead letter of the dead letter


async def _subjects_in_dlq(system: System) -> dict[str, int]:
    nc = await bus.connect(system.nats_url_as("dashboard"))
    try:
        info = await nc.jetstream().stream_info("DLQ", subjects_filter=">")
        return dict(info.state.subjects or {})
    finally:
        await nc.close()
