"""Archive search: a filter that cannot be used is named on the page, never silently dropped."""

from __future__ import annotations

from shared.contracts.commands import Role

from .conftest import dashboard, login


async def test_an_invalid_search_filter_is_named_with_status_400(settings, make_user) -> None:
    async with dashboard(settings) as (client, store):
        await make_user(store, "rut", [Role.registrar])
        await login(client, "rut")
        cases = {"from_date=2026-13-45": "Datumet i ”Från” (2026-13-45) finns inte",
                 "from_date=99999-01-01": "Datumet i ”Från” (99999-01-01) finns inte",
                 "q=vatten&direction=bogus": "Riktningen ”bogus” finns inte",
                 "page_token=garbage": "Sidmarkören (page_token) är ogiltig",
                 "q=vatten&cursor=garbage": "Sidmarkören (cursor) är ogiltig"}
        for query, message in cases.items():
            page = await client.get(f"/arkiv?{query}")
            assert page.status_code == 400, query
            assert message in page.text and 'role="alert"' in page.text, query
            assert "Träffar (" not in page.text, query  # no results shown as if filtered
