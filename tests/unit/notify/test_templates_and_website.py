from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

from services.notify.domain.checks import lix
from services.notify.domain.templates import BUILT_IN, render, templates_for, unfilled
from services.notify.domain.website import atom_feed, banner
from shared.contracts.notify import Broadcast
from shared.policy.sections.notify import CrisisTemplate

from .factories import broadcast

T0 = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def test_built_in_templates_cover_common_events_and_are_easy_to_read() -> None:
    ids = {t.id for t in BUILT_IN}
    assert {"water", "power", "weather", "school_closure", "all_clear"} <= ids
    for template in BUILT_IN:
        content = render(template, {})
        assert lix(f"{content.title}. {content.body}") <= 40, template.id
        assert content.short_text is None or len(content.short_text) <= 280


def test_render_fills_values_and_reports_what_is_missing() -> None:
    water = templates_for([])["water"]
    partial = render(water, {"omrade": "Alsike", "klart": "i kväll"})
    assert partial.title == "Inget vatten i Alsike"
    assert unfilled(partial) == ["vattenplats"]
    full = render(water, {"omrade": "Alsike", "klart": "i kväll", "vattenplats": "skolan"})
    assert unfilled(full) == []
    # Values are text, never format instructions.
    assert (
        render(water, {"omrade": "{klart.__class__}", "klart": "x", "vattenplats": "y"}).title
        == "Inget vatten i {klart.__class__}"
    )


def test_a_pack_template_overrides_a_built_in_one() -> None:
    own = CrisisTemplate(id="water", name="Vatten", title="Vattenläcka i {omrade}", body="Undvik {omrade}.")
    assert templates_for([own])["water"].title == "Vattenläcka i {omrade}"


def doc(
    id: str, *, kind: str = "alert", severity: str = "warning", thread: str | None = None, minutes: int = 0
) -> Broadcast:
    return broadcast(**{
        "_id": id,
        "kind": kind,
        "thread_id": thread or id,
        "approved_at": T0 + timedelta(minutes=minutes),
        "content": {
            "title": f"Titel {id}",
            "body": "Text.",
            "severity": severity,
            "links": [],
            "translations": [],
            "language": "sv",
        },
    })


def test_banner_shows_the_most_severe_active_event_and_not_ended_ones() -> None:
    latest = [
        doc("a", severity="warning", minutes=5),
        doc("b", severity="critical", minutes=1),
        doc("c-clear", kind="all_clear", severity="all_clear", thread="c", minutes=9),
    ]
    shown = banner(latest)
    assert shown["active"] is True
    assert shown["broadcast"]["id"] == "b" and [o["id"] for o in shown["others"]] == ["a"]
    assert banner([doc("c-clear", kind="all_clear", severity="all_clear", thread="c")])["active"] is False


def test_atom_feed_lists_newest_first_with_severity_in_the_title() -> None:
    xml = atom_feed(
        municipality="knivsta",
        municipality_name="Knivsta kommun",
        base_url="https://kanalvakt.example",
        docs=[doc("new", minutes=10), doc("old", severity="critical")],
        updated=T0,
    )
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ElementTree.fromstring(xml)
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert titles == ["Varning: Titel new", "Allvarlig händelse: Titel old"]
    assert root.findtext("a:title", namespaces=ns) == "Krisinformation från Knivsta kommun"
