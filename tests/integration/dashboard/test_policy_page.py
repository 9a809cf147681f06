"""The pack page (/policy): every value with its origin, the missing decisions, and an
administrator recording a gallringsbeslut that the real archive keeps and culls by."""

from __future__ import annotations

from pathlib import Path

from services.archive.main import create_app as archive_app
from shared.contracts.commands import Role
from tests.integration.archive.helpers import settings as archive_settings
from tests.support.inprocess import running

from .conftest import audit_entries, csrf_of, dashboard, login


async def test_the_pack_page_shows_origins_and_records_a_gallringsbeslut(settings, make_user, tmp_path: Path) -> None:
    async with running(archive_app, archive_settings(tmp_path)), dashboard(settings) as (client, store):
        await make_user(store, "rut", [Role.archivist])
        await make_user(store, "kim", [Role.communicator])
        await login(client, "kim")
        page = (await client.get("/policy")).text
        # Knivsta L58 quoted as policy; the guessed fallback address shown as a default.
        assert "rad 58: ”Kommunstyrelsen ansvarar för Knivsta kommuns officiella kanaler i sociala medier”" in page
        assert "gissad adress; e-post skickas inte dit" in page
        assert "gallringsbeslut saknas: ”Regler för gallring i sociala medier" in page
        assert "Inga svarstider beslutade" in page
        assert 'action="/atgard/archive/record_decision"' not in page  # a communicator records nothing
        csrf = csrf_of((await client.get("/konto")).text)
        refused = await client.post("/atgard/archive/record_decision", data={"csrf": csrf, "key": "x"})
        assert refused.status_code == 403
        await client.post("/logout", data={"csrf": csrf})

        await login(client, "rut")
        page = (await client.get("/policy")).text
        assert 'action="/atgard/archive/record_decision"' in page
        csrf = csrf_of((await client.get("/konto")).text)
        form = {"csrf": csrf, "back": "/policy", "key": "gallringsbeslut.ks-sociala-medier",
                "decided_by": "Kommunstyrelsen", "decided_on": "2013-02-04", "reference": "KS-2013/12 § 9",
                "rules": ["borttaget-olagligt", "diariefort", "rutin"],
                "period_borttaget-olagligt": "60", "period_diariefort": "0", "period_rutin": ""}
        incomplete = await client.post("/atgard/archive/record_decision", data=form)
        assert incomplete.status_code == 303
        page = (await client.get("/policy")).text
        assert "Lokalt beslut: Beslutet passar inte policypaketet" in page or "Ogiltigt gallringsbeslut" in page
        assert "gallringsbeslut saknas: ”Regler för gallring" in page  # nothing was kept

        done = await client.post("/atgard/archive/record_decision", data={**form, "period_rutin": "24"})
        assert done.status_code == 303 and done.headers["location"] == "/policy"
        page = (await client.get("/policy")).text
        assert "Gallringsbeslut sparat (Kommunstyrelsen, 2013-02-04)" in page
        assert "gallringsbeslut saknas" not in page
        # The retention period now shows as the municipality's decision, with who entered it.
        row = page[page.index("archive.retention.rutin.after_months"):][:400]
        assert "<td>24</td>" in row and "Lokalt beslut" in row and "KS-2013/12 § 9" in row and "inlagt av Rut" in row
        entries = [e for e in await audit_entries(store) if e.action == "archive.record_decision"]
        recorded = sorted(e.outcome for e in entries if e.target == "gallringsbeslut.ks-sociala-medier")
        assert recorded == ["ok", "refused"]  # the incomplete one refused by archive, then the decision
        assert any(e.outcome == "refused" and e.name == "Kim" for e in entries)  # the communicator's attempt
