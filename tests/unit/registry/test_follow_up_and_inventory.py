"""Compliance gaps, activity flags, the inventory and the public page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import ValidationError

from services.registry.app.publishing import render_inventory, render_link_page
from services.registry.domain import lifecycle
from services.registry.domain.activity import ActivitySummary, activity_flags
from services.registry.domain.inventory import inventory_csv, inventory_document, link_feed
from services.registry.domain.requirements import compliance_gaps, review_status
from shared.contracts.commands import Role
from shared.contracts.registry import AccountByPlatformId, AssignResponsibilities, ProposeAccount
from shared.contracts.registry import AccountState as S
from shared.policy.sections.registry import Party

from .support import T0, actor, assessed, complete_responsibilities, policy


def live(municipality: str, approver: Role, **kw):
    p = policy(municipality)
    account = assessed(municipality, approver, **kw)
    lifecycle.approve(actor=actor(municipality, approver), policy=p, account=account, reason="Ok",
                      consulted="Info", now=T0)
    complete_responsibilities(account)
    lifecycle.activate(actor=actor(municipality, approver), policy=p, account=account,
                       confirmations={c.id: True for c in p.activation_checklist}, reason="", now=T0)
    return account


def codes(gaps) -> set[str]:
    return {g.code for g in gaps}


def test_compliance_lists_missing_substitute_and_overdue_review() -> None:
    p = policy("nybro")
    account = live("nybro", Role.head_of_administration)
    lifecycle.update(actor=actor("nybro", Role.head_of_administration), policy=p, account=account,
                     changes={"responsibilities": {"substitutes": []}}, reason="Ersättaren slutade", now=T0)
    assert account.history[-1].details.gaps == ["no_substitute"]
    assert codes(compliance_gaps(account, p, T0)) == {"no_substitute"}
    due = account.next_review_at
    assert review_status(account, p, due) == "due"
    late = due + timedelta(days=p.review_grace_days + 1)
    assert codes(compliance_gaps(account, p, late)) == {"no_substitute", "review_overdue"}


def test_closed_and_rejected_accounts_have_no_gaps() -> None:
    account = live("knivsta", Role.head_of_unit)
    account.state = S.closed
    assert compliance_gaps(account, policy("knivsta"), T0 + timedelta(days=999)) == []


def test_eskilstuna_flags_a_week_without_an_own_post() -> None:
    account = live("eskilstuna", Role.board_delegate)
    rules = policy("eskilstuna").activity
    now = T0 + timedelta(days=30)
    quiet = ActivitySummary(posts_last_7_days=0, last_outbound_post_at=T0 + timedelta(days=10))
    busy = ActivitySummary(posts_last_7_days=2)
    flags = activity_flags(account, quiet, rules, now)
    assert codes(flags) == {"weekly_update_missing"}
    assert "2026-03-12" in flags[0].message
    assert activity_flags(account, busy, rules, now) == []
    assert activity_flags(account, quiet, rules, T0 + timedelta(days=3)) == []  # before the grace period ends


def test_lidkoping_flags_low_activity_over_its_window() -> None:
    account = live("lidkoping", Role.head_of_communications)
    rules = policy("lidkoping").activity
    now = T0 + timedelta(days=120)
    low = ActivitySummary(posts_in_low_activity_window=1)
    ok = ActivitySummary(posts_in_low_activity_window=rules.low_activity_min_posts)
    assert codes(activity_flags(account, low, rules, now)) == {"low_activity"}
    assert activity_flags(account, ok, rules, now) == []


def inventory_accounts():
    a = live("eskilstuna", Role.board_delegate, account_id="acc-a")
    b = live("eskilstuna", Role.board_delegate, account_id="acc-b")
    b.name = "=HYPERLINK(\"http://evil\")"
    lifecycle.apply_changes(b, {"responsibilities": {"board": "Barn- och utbildningsnämnden"}}, T0)
    c = assessed("eskilstuna", Role.board_delegate, account_id="acc-c")  # not official yet
    return [a, b, c]


def test_inventory_has_eskilstunas_four_fields_per_board_and_no_people() -> None:
    doc = inventory_document(inventory_accounts(), policy("eskilstuna"), municipality="eskilstuna",
                             municipality_name="Eskilstuna kommun", now=T0)
    assert [c.heading for c in doc.columns][:4] == ["Socialt medium", "Officiell adress", "Verksamhet",
                                                    "Ansvarig funktion"]
    assert [row["account_id"] for row in doc.rows] == ["acc-b", "acc-a"]
    assert [g.board for g in doc.groups] == ["Barn- och utbildningsnämnden", "Kultur- och fritidsnämnden"]
    assert doc.reported_to == "kommunstyrelseförvaltningen"
    assert "Admin0" not in str(doc) and "Redaktör" not in str(doc)
    csv_text = inventory_csv(doc.rows)
    assert csv_text.startswith("\ufeffSocialt medium;Officiell adress;Verksamhet;Ansvarig funktion;")
    assert "'=HYPERLINK" in csv_text
    html = render_inventory(doc)
    assert '<html lang="sv">' in html and "<th scope=\"col\">Socialt medium</th>" in html
    assert "Nämnd: Barn- och utbildningsnämnden" in html and "=HYPERLINK(&#34;" in html


def test_link_page_is_accessible_escaped_and_lists_nybros_parties() -> None:
    account = live("nybro", Role.head_of_administration)
    account.name = "<script>alert(1)</script>"
    pending = assessed("nybro", Role.head_of_administration, account_id="acc-2")
    # The parties in Nybro's council are informationsenheten's to enter (L119); here one is.
    rules = policy("nybro")
    rules = rules.model_copy(update={"link_page": rules.link_page.model_copy(update={"council_parties": [
        Party(name="Moderaterna", url="https://moderaterna.se")]})})
    feed = link_feed([account, pending], rules, municipality="nybro", municipality_name="Nybro kommun",
                     now=T0)
    assert [c.account_id for c in feed.channels] == ["acc-1"]
    assert {p.name for p in feed.council_parties} == {"Moderaterna"}
    html = render_link_page(feed)
    assert '<html lang="sv">' in html and "<h1>Nybro kommun i sociala medier</h1>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "på Facebook</a>" in html
    assert "<h2 id=\"rubrik-partier\">Partiernas webbplatser</h2>" in html
    assert '<a href="https://moderaterna.se/">Moderaterna</a>' in html
    assert "Kommunens webbplats: <a href=\"https://www.nybro.se/\">www.nybro.se</a>" in html
    assert "2026-03-02 10:00" in html  # Swedish local time


def test_hostile_values_and_unknown_fields_are_refused() -> None:
    with pytest.raises(ValidationError):
        AccountByPlatformId.model_validate({"municipality": "knivsta", "platform": "facebook",
                                            "platform_account_id": {"$gt": ""}})
    who = actor("lidkoping", Role.head_of_communications).model_dump()
    with pytest.raises(ValidationError, match="password"):
        AssignResponsibilities.model_validate({"actor": who, "account_id": "acc-1",
                                               "responsibilities": {"password": "hemligt"}})
    with pytest.raises(ValidationError, match="municipality"):
        ProposeAccount.model_validate({"actor": who, "municipality": "knivsta", "platform": "facebook",
                                       "name": "x", "tier": "local"})


def test_eskilstunas_link_page_tells_the_rules_of_conduct() -> None:
    # L68: "Kommunen har skyldighet att informera användarna om uppföranderegler".
    account = live("eskilstuna", Role.board_delegate)
    html = render_link_page(link_feed(
        [account], policy("eskilstuna"), municipality="eskilstuna", municipality_name="Eskilstuna kommun", now=T0))
    assert '<h2 id="rubrik-regler">Uppföranderegler</h2>' in html
    assert "känsliga personuppgifter, sekretessbelagda uppgifter eller reklam" in html
    knivsta = render_link_page(link_feed(
        [live("knivsta", Role.head_of_unit)], policy("knivsta"), municipality="knivsta",
        municipality_name="Knivsta kommun", now=T0))
    assert "Uppföranderegler" not in knivsta and "Personuppgift" not in knivsta


def test_lidkopings_link_page_names_the_controller_board_of_each_channel() -> None:
    # L79: "Det är varje enskild nämnd som är ytterst ansvarig"; the GDPR contact (L77) once entered.
    account = live("lidkoping", Role.head_of_communications)
    rules = policy("lidkoping")
    feed = link_feed([account], rules, municipality="lidkoping", municipality_name="Lidköpings kommun", now=T0)
    html = render_link_page(feed)
    assert "Personuppgiftsansvarig för varje konto är den nämnd som driver det." in html
    assert "Personuppgiftsansvarig: Kultur- och fritidsnämnden" in html
    assert "Frågor om personuppgifter" not in html  # no contact entered: none invented
    rules = rules.model_copy(update={"link_page": rules.link_page.model_copy(
        update={"gdpr_contact": "dataskydd@lidkoping.se"})})
    html = render_link_page(link_feed(
        [account], rules, municipality="lidkoping", municipality_name="Lidköpings kommun", now=T0))
    assert "Frågor om personuppgifter: dataskydd@lidkoping.se" in html


def test_knivstas_link_page_collects_every_official_channel() -> None:
    # Knivsta L86: "Alla kommunens kanaler på sociala medier ska kunna nås via samlad länkning på www.knivsta.se."
    wide = live("knivsta", Role.head_of_unit, account_id="acc-w")
    wide.tier = wide.tier.__class__("municipality_wide")
    local = live("knivsta", Role.head_of_unit, account_id="acc-l")
    closed = live("knivsta", Role.head_of_unit, account_id="acc-c")
    closed.state = S.closed
    feed = link_feed([local, wide, closed], policy("knivsta"), municipality="knivsta",
                     municipality_name="Knivsta kommun", now=T0)
    assert [c.account_id for c in feed.channels] == ["acc-w", "acc-l"]  # municipality-wide first, closed out
    html = render_link_page(feed)
    assert "<h1>Knivsta kommun i sociala medier</h1>" in html
    assert html.index("Kommunens gemensamma kanaler") < html.index("Verksamheternas kanaler")
    assert 'Kommunens webbplats: <a href="https://www.knivsta.se/">www.knivsta.se</a>' in html
    assert "rubrik-partier" not in html  # Knivsta's page lists no parties (that right is Nybro's, L119)
