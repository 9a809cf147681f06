"""Demo comments for `make run`: a morning's traffic on the demo municipality's Facebook
page, sent through ingest's real, signed webhook, so the moderation queue, the archive and
the alerts have something to show. The delivery is the same every time; ingest recognises
it as a platform retry, so starting again adds nothing twice."""

from __future__ import annotations

import httpx

from devtools.sample_deliveries import meta_body, meta_comment, meta_feed, meta_signature

DEMO_MUNICIPALITY = "knivsta"
DEMO_PAGE_ID = "100200300400"  # "Knivsta kommun" in services/registry/demo_accounts.json
DEMO_TIME = 1_763_712_000      # 2025-11-21 08:00 UTC: fixed, so the delivery never changes
# (comment id, author, text): a question, a complaint, a personal matter, another
# authority's matter, a threat with insults, a third party's details, an advert, praise.
DEMO_COMMENTS = [
    ("demo_c1", "Åsa Öberg", "Hej! När öppnar återvinningscentralen i Alsike på lördag?"),
    ("demo_c2", "Lars Nilsson", "Snöröjningen på Centralvägen är usel i år, tredje morgonen i rad utan plogbil."),
    ("demo_c3", "Fatima Ali",
     "Min ansökan om bygglov för altanen har legat i två månader. Vem kan svara på var den är?"),
    ("demo_c4", "Per Holm", "Hur gör jag för att ändra min sjukpenninggrundande inkomst hos Försäkringskassan?"),
    ("demo_c5", "Troll Trollsson", "Ni politiker är ena jävla idioter. Jag vet var ni bor, ni ska få ångra er."),
    ("demo_c6", "Ola Ek", "Grannen Stina Berg på Ängsvägen 4, tel 070-123 45 67, spelar hög musik varje natt."),
    ("demo_c7", "SolSäljarn AB", "Billiga solceller! 30 % rabatt hela veckan, skriv DM för offert 🌞"),
    ("demo_c8", "Maria Lind", "Tack för en fantastisk julmarknad på torget igår! 🎄"),
]


def demo_delivery(secret: str) -> tuple[bytes, dict[str, str]]:
    """One Meta delivery with every demo comment, and the headers that sign it."""
    values = [meta_comment(page_id=DEMO_PAGE_ID, comment_id=cid, text=text, author_id=f"demo-{n}",
                           author_name=author, created_time=DEMO_TIME + 60 * n)["entry"][0]["changes"][0]["value"]
              for n, (cid, author, text) in enumerate(DEMO_COMMENTS, start=1)]
    body = meta_body(meta_feed(DEMO_PAGE_ID, values, time=DEMO_TIME))
    return body, {"Content-Type": "application/json", "X-Hub-Signature-256": meta_signature(secret, body)}


def post_demo_comments(ingest_url: str, secret: str) -> str:
    """Send the demo delivery; a line for the banner, saying what happened."""
    body, headers = demo_delivery(secret)
    try:
        response = httpx.post(f"{ingest_url}/webhooks/{DEMO_MUNICIPALITY}/meta", content=body, headers=headers,
                              timeout=30)
    except httpx.HTTPError as exc:
        return f"  Demo comments could not be sent to ingest: {exc!r}"
    if response.status_code != 200:
        return f"  Demo comments were refused by ingest ({response.status_code}): {response.text[:200]}"
    return f"  Demo comments: {len(DEMO_COMMENTS)} on the Facebook page 'Knivsta kommun' (moderation queue, archive)."
