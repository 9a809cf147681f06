"""Registry's HTTP edge: the public pages the municipal website fetches.

- `/public/{municipality}/sociala-medier` (HTML) and `.json` (feed): the collected page
  of official channels;
- `/public/{municipality}/forteckning.csv|.json|.html`: the inventory (förteckning),
  optionally `?board=…&administration=…`.

Everything here is public information (no names of people), so the JSON is served with
`Access-Control-Allow-Origin: *` for a website that embeds it client-side."""

from __future__ import annotations

import functools
import json
import re
from datetime import datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from shared.policy import available_packs

from .app import views
from .app.policies import pack_for
from .app.publishing import render_inventory
from .deps import Deps
from .domain.inventory import inventory_csv

MUNICIPALITY = re.compile(r"^[a-z][a-z0-9_-]{1,40}$")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'"


class PublicJSON(JSONResponse):
    """A public feed: its times in the `+00:00` form the website has always been sent
    (the queries' replies say `Z`)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"),
                          default=_offset_time).encode("utf-8")


def _offset_time(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _headers(deps: Deps, *, cors: bool = False) -> dict[str, str]:
    out = {"Cache-Control": f"public, max-age={deps.settings.public_cache_s}", "X-Content-Type-Options": "nosniff",
           "Content-Security-Policy": CSP}
    if cors:
        out["Access-Control-Allow-Origin"] = "*"
    return out


def _municipality(request: Request) -> str | None:
    name = request.path_params["municipality"]
    return name if MUNICIPALITY.match(name) and name in available_packs() else None


def _unknown() -> Response:
    return PlainTextResponse("Okänd kommun.", status_code=404)


def _filter(request: Request, key: str) -> str | None:
    value = request.query_params.get(key)
    return value[:200] if value else None


async def link_page_html(request: Request, *, deps: Deps) -> Response:
    if not (municipality := _municipality(request)):
        return _unknown()
    page = await views.published_link_page(store=deps.store, decisions=deps.decisions, municipality=municipality)
    return HTMLResponse(page.html, headers=_headers(deps))


async def link_page_json(request: Request, *, deps: Deps) -> Response:
    if not (municipality := _municipality(request)):
        return _unknown()
    feed = await views.link_page(store=deps.store, decisions=deps.decisions, municipality=municipality)
    return PublicJSON(feed.model_dump(exclude={"html"}), headers=_headers(deps, cors=True))


async def inventory_doc(request: Request, *, deps: Deps) -> Response:
    if not (municipality := _municipality(request)):
        return _unknown()
    doc = await views.inventory(store=deps.store, municipality=municipality, board=_filter(request, "board"),
                                administration=_filter(request, "administration"))
    fmt = request.path_params["fmt"]
    if fmt == "json":
        return PublicJSON(doc.model_dump(), headers=_headers(deps, cors=True))
    if fmt == "csv":
        filename = f"forteckning-sociala-medier-{municipality}.csv"
        return Response(inventory_csv(doc.rows), media_type="text/csv; charset=utf-8",
                        headers=_headers(deps) | {"Content-Disposition": f'attachment; filename="{filename}"'})
    if fmt == "html":
        return HTMLResponse(render_inventory(doc, tz=pack_for(municipality).timezone), headers=_headers(deps))
    return PlainTextResponse("Okänt format: välj csv, json eller html.", status_code=404)


def public_routes(deps: Deps) -> list[Route]:
    return [
        Route("/public/{municipality}/sociala-medier", functools.partial(link_page_html, deps=deps), methods=["GET"]),
        Route("/public/{municipality}/sociala-medier.json", functools.partial(link_page_json, deps=deps),
              methods=["GET"]),
        Route("/public/{municipality}/forteckning.{fmt}", functools.partial(inventory_doc, deps=deps),
              methods=["GET"]),
    ]
