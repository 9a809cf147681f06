"""Pure rules of the worker: which resolved addresses it opens, a page's title."""

from __future__ import annotations

from html.parser import HTMLParser

from shared.snapshots import address_problem


def resolved_problem(host: str, addresses: list[str]) -> str | None:
    """Why a host whose name resolved to `addresses` is not opened: every address must be
    public (one private answer among public ones is how DNS rebinding starts)."""
    if not addresses:
        return f"{host} does not resolve"
    for address in addresses:
        if problem := address_problem(address):
            return f"{host} resolves to {address}: {problem}"
    return None


class _Title(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.done = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag == "title" and not self.done:
            self.inside = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self.inside:
            self.inside, self.done = False, True

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text.append(data)


def title_of(html: str) -> str | None:
    """The document's first `<title>`, whitespace folded, at most 300 characters."""
    parser = _Title()
    parser.feed(html[:2_000_000])
    title = " ".join("".join(parser.text).split())
    return title[:300] or None
