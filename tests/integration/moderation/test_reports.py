"""A report that quotes someone else's threat is reviewed as a report: it is in the queue
with what it quoted, and it is not counted against the writer who reported it."""

from __future__ import annotations

from tests.integration.moderation.test_moderation_flow import MUNI, Bus, bus, comment, moderation, platforms  # noqa: F401
from tests.support.platforms import FakePlatforms


async def test_a_report_is_queued_as_a_report_and_not_held_against_its_writer(
        service_env: dict[str, str], platforms: FakePlatforms, bus: Bus) -> None:  # noqa: F811 - fixtures
    async with moderation(platforms):
        report = comment("PAGE1_r1", 'Någon skrev "jag ska skjuta rektorn imorgon" under förra inlägget. Ta bort det!',
                         author="reporter")
        threat = comment("PAGE1_r2", "Jag ska skjuta rektorn imorgon", author="troll")
        for event in (report, threat):
            await bus.publish("social.received.facebook", event)
        queue = await bus.reply_when("q.moderation.queue", {"municipality": MUNI}, lambda r: r and len(r) == 2)
        by_item = {q["item_id"]: q for q in queue}
        assert by_item["PAGE1_r1"]["intents"] == ["reports_content"]
        assert by_item["PAGE1_r1"]["categories"] == ["threat"]
        assert {a["action"] for a in by_item["PAGE1_r1"]["actions"] if "category" in a} == {"review"}
        assert all(a.get("reported") for a in by_item["PAGE1_r1"]["actions"] if "category" in a)
        assert "reports_content" not in by_item["PAGE1_r2"]["intents"]

        # the real threat's record is written after its verdict: wait for it, then nobody else may be there
        offenders = await bus.reply_when("q.moderation.offenders", {"municipality": MUNI},
                                         lambda r: any(o["author_id"] == "troll" for o in r or []))
        assert [(o["author_id"], o["count"]) for o in offenders] == [("troll", 1)]
