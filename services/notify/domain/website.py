"""What the municipality's website reads: an Atom feed of approved broadcasts and a
JSON crisis banner (the newest message of the newest event still in progress)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from feedgen.feed import FeedGenerator

from shared.contracts.notify import Broadcast

SEVERITY_SV = {"info": "Information", "warning": "Varning", "critical": "Allvarlig händelse", "all_clear": "Faran över"}


def public_broadcast(doc: Broadcast) -> dict[str, Any]:
    """The public view of an approved broadcast: content and times, no staff names."""
    content = doc.content.model_dump(mode="json")
    return {
        "id": doc.id,
        "event_id": doc.thread,
        "kind": str(doc.kind),
        "severity": content["severity"],
        "severity_label": SEVERITY_SV.get(content["severity"], content["severity"]),
        "title": content["title"],
        "body": content["body"],
        "language": content.get("language", "sv"),
        "translations": content.get("translations", []),
        "links": content.get("links", []),
        "image": (
            {"url": content["image_url"], "alt": content.get("image_alt_text")} if content.get("image_url") else None
        ),
        "published_at": _iso(doc.approved_at),
    }


def banner(latest: list[Broadcast]) -> dict[str, Any]:
    """`latest`: newest approved broadcast of each event. Active events are those whose
    newest message is not an all-clear; the banner shows the most severe, newest first."""
    # A withdrawn holiday notice (holiday mode ended) is history, not news.
    active = [public_broadcast(d) for d in latest if d.kind != "all_clear" and not d.withdrawn_at]
    rank = {"critical": 0, "warning": 1, "info": 2}
    active.sort(key=lambda b: (rank.get(b["severity"], 3), -(_ts(b["published_at"]))))
    return {"active": bool(active), "broadcast": active[0] if active else None, "others": active[1:]}


def atom_feed(
    *, municipality: str, municipality_name: str, base_url: str, docs: list[Broadcast], updated: datetime | None
) -> bytes:
    fg = FeedGenerator()
    feed_url = f"{base_url.rstrip('/')}/crisis/{municipality}/feed.atom"
    fg.id(feed_url)
    fg.title(f"Krisinformation från {municipality_name}")
    fg.author({"name": municipality_name})
    fg.link(href=feed_url, rel="self")
    fg.language("sv")
    fg.subtitle("Viktig information till allmänheten vid samhällsstörningar och extraordinära händelser.")
    if updated:
        fg.updated(updated)
    for doc in reversed(docs):  # feedgen prepends: oldest first in, newest first out
        pub = public_broadcast(doc)
        entry = fg.add_entry()
        entry.id(f"urn:kanalvakt:{municipality}:broadcast:{pub['id']}")
        entry.title(f"{pub['severity_label']}: {pub['title']}")
        entry.content(pub["body"], type="text")
        entry.published(doc.approved_at)
        entry.updated(doc.updated_at or doc.approved_at)
        entry.category(term=pub["kind"])
        for link in pub["links"]:
            entry.link(href=str(link["url"]), rel="related", title=link.get("label") or None)
    return fg.atom_str(pretty=True)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _ts(value: str | None) -> float:
    return datetime.fromisoformat(value).timestamp() if value else 0.0
