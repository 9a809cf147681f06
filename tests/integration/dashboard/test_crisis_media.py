"""An image on a crisis broadcast from the staff UI's forms (Eskilstuna L82): the consent
boxes are asked where the pack requires them, notify refuses approval while one is
missing and names it, and the revised draft with every confirmation goes out."""

from __future__ import annotations

import re

from shared.contracts.commands import Role
from services.notify.config import NotifySettings
from services.notify.main import create_app as notify_app
from tests.support.inprocess import running

from .conftest import csrf_of, dashboard, login

IMAGE = "https://www.eskilstuna.se/bilder/oversvamning-torshalla.jpg"
TEXT = {"title": "Översvämning i Torshälla", "kind": "alert", "then": "broadcast", "severity": "warning",
        "body": "Ån har svämmat över vid Holmen. Gå inte nära vattnet. Vi skriver mer här när vi vet mer.",
        "short_text": "Översvämning vid Holmen i Torshälla. Gå inte nära vattnet."}
ALL = ["creator_permission", "identifiable_people", "guardians_for_children"]


async def _post(client, path: str, form: dict) -> str:
    csrf = csrf_of((await client.get("/konto")).text)
    answer = await client.post(path, data={"csrf": csrf, "back": "/kris", **form})
    assert answer.status_code == 303, answer.text[:500]
    return answer.headers["location"]


async def test_an_image_needs_every_consent_the_pack_asks_before_it_is_approved(settings, make_user) -> None:
    notify = NotifySettings(municipalities=["eskilstuna", "knivsta"], delivery_sweep_interval=0.05)
    async with running(notify_app, notify), dashboard(settings) as (client, store):
        await make_user(store, "ebba", [Role.crisis_team], municipality="eskilstuna")
        await make_user(store, "erik", [Role.crisis_team], municipality="eskilstuna")
        await make_user(store, "kim", [Role.crisis_team], municipality="knivsta")

        await login(client, "ebba")
        form = (await client.get("/kris")).text
        assert 'name="image_url"' in form and 'name="image_alt_text"' in form
        assert form.count('name="consent"') == 3 and "Upphovspersonen (t.ex. fotografen) har gett tillstånd" in form
        where = await _post(client, "/atgard/notify/draft_broadcast", {
            **TEXT, "request_id": "r-1", "image_url": IMAGE, "image_alt_text": "Vatten över gångvägen vid Holmen.",
            "consent": ["creator_permission"]})
        assert re.fullmatch(r"/kris/[^/]+", where)
        page = (await client.get(where)).text
        assert ("Fel: Bilden kan inte publiceras utan bekräftelse av samtycke från igenkännbara personer, "
                "vårdnadshavares samtycke för barn.") in page
        assert "Upphovspersonen (t.ex. fotografen) har gett tillstånd till publiceringen: bekräftat" in page
        assert "Igenkännbara personer på bilden har samtyckt (eller ingen är igenkännbar): inte bekräftat" in page
        revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
        await client.post("/logout", data={"csrf": csrf_of(page)})

        await login(client, "erik")
        broadcast_id = where.rsplit("/", 1)[1]
        await _post(client, "/atgard/notify/approve_broadcast", {"broadcast_id": broadcast_id, "revision": revision,
                                                                 "accept_warnings": "true"})
        page = (await client.get(where)).text
        assert "Utkastet har fel som måste rättas först: Bilden kan inte publiceras utan bekräftelse" in page
        assert "Utkast – väntar på godkännande" in page
        await client.post("/logout", data={"csrf": csrf_of(page)})

        # The writer confirms the rest; the second person approves.
        await login(client, "ebba")
        await _post(client, "/atgard/notify/revise_broadcast", {
            **TEXT, "broadcast_id": broadcast_id, "image_url": IMAGE,
            "image_alt_text": "Vatten över gångvägen vid Holmen.", "consent": ALL})
        page = (await client.get(where)).text
        assert "Bilden kan inte publiceras" not in page and page.count(": bekräftat") == 3
        assert page.count('name="consent" value=') == 3 and page.count(" checked>") >= 3  # the form keeps them
        await client.post("/logout", data={"csrf": csrf_of(page)})
        await login(client, "erik")
        page = (await client.get(where)).text
        revision = re.search(r'name="revision" value="(\d+)"', page).group(1)
        await _post(client, "/atgard/notify/approve_broadcast", {"broadcast_id": broadcast_id, "revision": revision,
                                                                 "accept_warnings": "true"})
        assert "Godkänt och skickat" in (await client.get(where)).text
        await client.post("/logout", data={"csrf": csrf_of(page)})

        # Knivsta's pack asks no consent: no boxes, and an image with alt text passes.
        await login(client, "kim")
        form = (await client.get("/kris")).text
        assert 'name="image_url"' in form and 'name="consent"' not in form
        where = await _post(client, "/atgard/notify/draft_broadcast", {
            **TEXT, "title": "Vattenläcka i Alsike", "request_id": "r-2", "image_url": IMAGE,
            "image_alt_text": "Karta över Alsike."})
        page = (await client.get(where)).text
        assert "Bilden kan inte publiceras" not in page and "Bild: " in page
