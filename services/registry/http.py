"""Registry's HTTP edge: the public pages the municipal website fetches.

- `/public/{municipality}/sociala-medier` (HTML) and `.json` (feed): the collected page
  of official channels;
- `/public/{municipality}/forteckning.csv|.json|.html`: the inventory (förteckning),
  optionally `?board=…&administration=…`.

Everything here is public information (no names of people), so the JSON is served with
`Access-Control-Allow-Origin: *` for a website that embeds it client-side."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from shared.policy import available_packs

from .adapters.store import AccountStore
from .app import views
from .app.policies import pack_for
from .app.publishing import render_inventory
from .config import RegistrySettings
from .domain.inventory import inventory_csv

MUNICIPALITY = re.compile(r"^[a-z][a-z0-9_-]{1,40}$")
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'"


def public_routes(*, settings: RegistrySettings, store: AccountStore) -> list[Route]:
    def headers(*, cors: bool = False) -> dict[str, str]:
        out = {"Cache-Control": f"public, max-age={settings.public_cache_s}", "X-Content-Type-Options": "nosniff",
               "Content-Security-Policy": CSP}
        if cors:
            out["Access-Control-Allow-Origin"] = "*"
        return out

    def municipality_of(request: Request) -> str | None:
        name = request.path_params["municipality"]
        return name if MUNICIPALITY.match(name) and name in available_packs() else None

    def unknown() -> Response:
        return PlainTextResponse("Okänd kommun.", status_code=404)

    def filter_param(request: Request, key: str) -> str | None:
        value = request.query_params.get(key)
        return value[:200] if value else None

    async def link_page_html(request: Request) -> Response:
        if not (municipality := municipality_of(request)):
            return unknown()
        page = await views.published_link_page(store=store, municipality=municipality)
        return HTMLResponse(page.html, headers=headers())

    async def link_page_json(request: Request) -> Response:
        if not (municipality := municipality_of(request)):
            return unknown()
        feed = await views.link_page(store=store, municipality=municipality)
        return JSONResponse(feed.model_dump(mode="json", exclude={"html"}), headers=headers(cors=True))

    async def inventory_doc(request: Request) -> Response:
        if not (municipality := municipality_of(request)):
            return unknown()
        doc = await views.inventory(store=store, municipality=municipality,
                                      board=filter_param(request, "board"),
                                      administration=filter_param(request, "administration"))
        fmt = request.path_params["fmt"]
        if fmt == "json":
            return JSONResponse(doc.model_dump(mode="json"), headers=headers(cors=True))
        if fmt == "csv":
            filename = f"forteckning-sociala-medier-{municipality}.csv"
            return Response(inventory_csv(doc.rows), media_type="text/csv; charset=utf-8",
                            headers=headers() | {"Content-Disposition": f'attachment; filename="{filename}"'})
        if fmt == "html":
            return HTMLResponse(render_inventory(doc, tz=pack_for(municipality).timezone), headers=headers())
        return PlainTextResponse("Okänt format: välj csv, json eller html.", status_code=404)

    return [
        Route("/public/{municipality}/sociala-medier", link_page_html, methods=["GET"]),
        Route("/public/{municipality}/sociala-medier.json", link_page_json, methods=["GET"]),
        Route("/public/{municipality}/forteckning.{fmt}", inventory_doc, methods=["GET"]),
    ]
