"""The about text notify writes (Eskilstuna L68): the rules, the link page where it fits."""

from __future__ import annotations

from datetime import UTC, datetime

from services.notify.app.about import about_text
from services.notify.domain.website import banner

from .factories import broadcast

RULES = "Här får du inte publicera hot, reklam eller personuppgifter. Sådant tas bort."
LINK = "https://www.eskilstuna.se/sociala-medier"


def test_the_rules_go_in_whole_with_the_link_page_where_they_fit() -> None:
    assert about_text(RULES, LINK, 5000) == f"{RULES}\n\nAlla kommunens konton och reglerna: {LINK}"
    assert about_text(RULES, None, 5000) == RULES
    assert about_text(RULES, LINK, len(RULES)) == RULES  # no room for the link: the rules alone


def test_too_long_rules_give_way_to_the_link_page_that_carries_them() -> None:
    text = about_text(RULES, LINK, 70)
    assert text == f"Regler för att skriva här: {LINK}" and len(text) <= 70
    assert about_text(RULES, LINK, 30) == RULES[:30]  # never a cut link


def test_a_withdrawn_holiday_notice_leaves_the_website_banner() -> None:
    notice = broadcast(_id="h1", kind="alert", content={"title": "Längre svarstider", "body": "…", "severity": "info"},
                       approved_at=datetime(2026, 7, 1, 8, tzinfo=UTC))
    assert banner([notice])["active"] is True
    assert banner([notice.model_copy(update={"withdrawn_at": datetime(2026, 8, 10, 8, tzinfo=UTC)})])["active"] is False
