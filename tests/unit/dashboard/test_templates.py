"""What the templates show for fields another service left empty, and to whom a form is shown."""

from __future__ import annotations

import re
from typing import Any

from services.dashboard.domain.permissions import Permission, allowed
from services.dashboard.pages.archive import search_fields
from services.dashboard.web import TEMPLATES
from shared.contracts.base import utcnow
from shared.contracts.commands import Role


def render(name: str, roles: set[Role], **values: Any) -> str:
    return TEMPLATES.get_template(name).render(
        user=None, csrf="t", nav=[], path="/arkiv", flash=None, now=utcnow(), municipality="knivsta",
        can=lambda p: allowed(roles, Permission(p)), oidc_enabled=False, oidc_label="", **values)


def main_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1])


RECORDS = {Role.registrar, Role.archivist}
# A LinkedIn comment without its author's name; a crisis broadcast on the website (no
# account, no author); a decision whose actor has no name.
LINKEDIN = {"id": "r1", "direction": "inkommen", "platform": "linkedin", "account_id": "acc-1",
            "author": {"name": None, "platform_id": None}, "published_at": None, "text": "Hej",
            "decisions": [{"at": "2026-11-30T10:00:00Z", "decision": "hide:done", "by": {"name": None},
                           "reason": None}]}
BROADCAST = {"id": "r2", "direction": "upprattad", "platform": "web", "account_id": None, "author": None,
             "published_at": None, "text": "Vattnet är tjänligt igen", "decisions": [{"decision": "hide", "by": None}]}
NOTHING = {"id": "r3", "direction": None, "platform": None, "account_id": None, "author": None, "text": None,
           "version": None, "content_sha256": None, "registration": None, "severity": None}


def test_a_record_with_empty_fields_never_shows_the_word_none() -> None:
    for r in (LINKEDIN, BROADCAST, NOTHING):
        text = main_text(render("record.html", RECORDS, r=r, error=None, record_id=r["id"]))
        assert "None" not in text, r["id"]
    linkedin = main_text(render("record.html", RECORDS, r=LINKEDIN, error=None, record_id="r1"))
    assert "Avsändare okänd" in " ".join(linkedin.split())
    broadcast = " ".join(main_text(render("record.html", RECORDS, r=BROADCAST, error=None, record_id="r2")).split())
    assert "Plattform / konto web / –" in broadcast


def test_search_results_with_empty_fields_never_show_the_word_none() -> None:
    html = render("archive.html", RECORDS, results=[LINKEDIN, BROADCAST, NOTHING], error=None, searched=True,
                  filters={"q": "x"}, next_cursor=None, holds=None, cullings=None, accounts=[], package=None)
    assert "None" not in main_text(html)


def test_the_disclosure_form_is_shown_only_to_those_who_may_disclose() -> None:
    def page(roles: set[Role]) -> str:
        return render("archive.html", roles, results=[LINKEDIN], error=None, searched=True, filters={"q": "x"},
                      next_cursor=None, holds=None, cullings=None, accounts=[], package=None)

    for roles in ({Role.registrar}, {Role.archivist}):
        assert 'action="/arkiv/utlamnande"' in page(roles) and 'name="record_ids"' in page(roles)
    # krisledare: head of communications reads the archive but may not disclose (403 on posting)
    crisis_lead = page({Role.crisis_team, Role.head_of_communications})
    assert 'action="/arkiv/utlamnande"' not in crisis_lead and 'name="record_ids"' not in crisis_lead
    assert "Lämna ut valda handlingar" not in crisis_lead and "Hej" in crisis_lead


def test_a_search_filter_that_cannot_be_used_is_named_not_dropped() -> None:
    cases = {"from_date=2026-13-45": ({"from_date": "2026-13-45"}, "”Från” (2026-13-45)"),
             "from_date=99999-01-01": ({"from_date": "99999-01-01"}, "”Från” (99999-01-01)"),
             "to_date=2026-02-30": ({"to_date": "2026-02-30"}, "”Till” (2026-02-30)"),
             "direction=bogus": ({"direction": "bogus"}, "Riktningen ”bogus”"),
             "cursor=garbage": ({"cursor": "garbage"}, "Sidmarkören (cursor)"),
             "from after to": ({"from_date": "2026-12-01", "to_date": "2026-11-30"}, "ligger efter")}
    for case, (filters, named) in cases.items():
        _, problems = search_fields(filters)
        assert len(problems) == 1 and named in problems[0], case
    fields, problems = search_fields({"q": "vatten", "direction": "inkommen", "from_date": "2026-11-01",
                                      "to_date": "2026-11-30"})
    assert problems == [] and fields["direction"] == "inkommen" and fields["date_from"].startswith("2026-11-01")


def test_an_empty_field_prints_nothing_in_any_template() -> None:
    # Jinja prints None as "None"; every template's output passes the environment's finalize.
    template = TEMPLATES.from_string("[{{ x }}|{{ y|urlq }}|{{ z|role_label }}]")
    assert template.render(x=None, y=None, z=None) == "[||–]"


def test_the_disclosure_names_an_unknown_sender_so() -> None:
    html = render("disclosure.html", RECORDS, ok=True, message="", records=[LINKEDIN, BROADCAST], previews={},
                  record_ids=["r1", "r2"])
    text = " ".join(main_text(html).split())
    assert "None" not in text and "– avsändare okänd" in text
