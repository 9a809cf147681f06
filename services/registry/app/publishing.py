"""Rendering of the public pages: the collected link page and the printable inventory.
Every value is escaped (names and addresses are typed by staff, and a URL is checked to be
http(s) before it is ever stored)."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from jinja2 import Environment, FileSystemLoader, select_autoescape

from shared.contracts.registry import Inventory, LinkPage

TEMPLATES = Path(__file__).parents[1] / "templates"


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                       trim_blocks=True, lstrip_blocks=True)


@lru_cache(maxsize=1)
def _style() -> str:
    return (TEMPLATES / "_style.css").read_text(encoding="utf-8")


def _local(value: datetime, tz: str) -> str:
    return value.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def render_link_page(feed: LinkPage, *, tz: str = "Europe/Stockholm") -> str:
    return _env().get_template("link_page.html").render(feed=feed, style=_style(),
                                                        updated=_local(feed.updated_at, tz))


def render_inventory(doc: Inventory, *, tz: str = "Europe/Stockholm") -> str:
    return _env().get_template("inventory.html").render(doc=doc, style=_style(),
                                                        generated=_local(doc.generated_at, tz))
