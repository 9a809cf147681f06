"""Structural WCAG 2.1 AA checks on the public page and the printable inventory:
language, one h1, no skipped heading levels, unique ids, every link and table header with
text, tables with captions and scoped headers."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from services.registry.app.publishing import render_inventory, render_link_page
from services.registry.domain.inventory import inventory_document, link_feed
from shared.contracts.commands import Role

from .support import T0, policy
from .test_follow_up_and_inventory import live


class Audit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = None
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.links: list[str] = []
        self.captions = self.tables = 0
        self.unscoped_th = 0
        self._link: list[str] | None = None
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(int(tag[1]))
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a":
            self._link = []
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "th" and "scope" not in a:
            self.unscoped_th += 1
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.links.append("".join(self._link).strip())
            self._link = None
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._link is not None:
            self._link.append(data)
        if self._in_title:
            self.title += data


def audit(html: str) -> Audit:
    parser = Audit()
    parser.feed(html)
    assert parser.lang == "sv"
    assert parser.title.strip()
    assert parser.headings[0] == 1 and parser.headings.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(parser.headings, parser.headings[1:], strict=False))
    assert len(parser.ids) == len(set(parser.ids))
    assert parser.links and all(parser.links)
    assert parser.captions == parser.tables and parser.unscoped_th == 0
    return parser


@pytest.mark.parametrize(("pack", "local", "wide"), [
    ("nybro", Role.head_of_administration, Role.head_of_administration),
    ("pitea", Role.responsible_manager, Role.responsible_manager),
    ("eskilstuna", Role.board_delegate, Role.head_of_communications),
])
def test_public_pages_are_structurally_accessible(pack: str, local: Role, wide: Role) -> None:
    accounts = [live(pack, local, account_id="acc-1"), live(pack, wide, account_id="acc-2", tier="municipality_wide")]
    feed = link_feed(accounts, policy(pack), municipality=pack, municipality_name="Kommunen", now=T0)
    page = audit(render_link_page(feed))
    assert page.headings[:3] == [1, 2, 2]
    doc = inventory_document(accounts, policy(pack), municipality=pack, municipality_name="Kommunen", now=T0)
    inventory = audit(render_inventory(doc))
    assert inventory.tables >= 1
