"""The registry blocks of the five packs encode what each municipality's document says."""

from __future__ import annotations

import pytest

from shared.contracts.commands import Role
from shared.contracts.registry import AccountTier
from shared.contracts.social import Platform
from shared.policy import PolicyError
from shared.policy.loader import parse_pack

from .support import policy

W, L = AccountTier.municipality_wide, AccountTier.local


def test_eskilstuna_has_five_criteria_for_municipality_wide_and_seven_for_local() -> None:
    p = policy("eskilstuna")
    wide, local = p.decisions[W], p.decisions[L]
    assert [c.id for c in wide.criteria] == ["penetration", "resources", "content", "engagement_level", "technical"]
    assert len(local.criteria) == 7
    texts = [c.text for c in local.criteria]
    assert "Finns ett väl definierat mål och syfte?" in texts
    assert any("minst en gång i veckan" in t for t in texts)
    assert any("plan för att hantera en eventuell kris" in t for t in texts)
    assert wide.approver_roles == [Role.head_of_communications]
    assert wide.report_to == "kommunstyrelsen"
    assert local.approver_roles == [Role.board_delegate]
    assert local.consult_role is Role.communications_strategist and not local.consult_required
    assert p.requirements[L].responsible_editor and p.requirements[L].crisis_plan
    assert p.activity.min_posts_per_week == 1


def test_lidkoping_approved_platforms_two_admins_and_credentials_reported() -> None:
    p = policy("lidkoping")
    assert p.approved_platforms == [Platform.facebook, Platform.instagram, Platform.linkedin, Platform.youtube,
                                    Platform.vimeo]
    assert p.requirements[L].min_administrators == 2
    assert p.requirements[L].routines_document and p.requirements[L].credentials_reported
    assert p.credentials_reported_to == "kommunikationsavdelningen"
    ids = [c.id for c in p.decisions[L].criteria]
    assert "existing_channels_insufficient" in ids and "terms_accepted" in ids
    assert p.decisions[L].approver_roles == [Role.head_of_communications]
    assert p.activity.recommend_close_on_low_activity


def test_knivsta_municipality_wide_accounts_are_kommunstyrelsens() -> None:
    # Knivsta L58: "Kommunstyrelsen ansvarar för Knivsta kommuns officiella kanaler";
    # L56: a unit's head decides its own.
    assert policy("knivsta").decisions[W].approver_roles == [Role.board_delegate]
    assert policy("knivsta").decisions[W].decided_by.startswith("Kommunstyrelsen")
    assert policy("knivsta").decisions[L].approver_roles == [Role.head_of_unit]


@pytest.mark.parametrize(("pack", "role"), [("nybro", Role.head_of_administration),
                                            ("pitea", Role.responsible_manager)])
def test_who_decides(pack: str, role: Role) -> None:
    p = policy(pack)
    assert p.decisions[W].approver_roles == [role]
    assert p.decisions[L].approver_roles == [role]


def test_substitutes_required_in_pitea_and_nybro_only() -> None:
    assert policy("pitea").requirements[L].min_substitutes == 1
    assert policy("nybro").requirements[L].min_substitutes == 1
    assert policy("knivsta").requirements[L].min_substitutes == 0


def test_nybro_lists_council_parties_and_pitea_its_page() -> None:
    # Nybro L119: the parties of Nybro's council, entered by informationsenheten; never national sites as a guess.
    assert policy("nybro").link_page.council_parties == []
    assert str(policy("pitea").link_page.url) == "https://www.pitea.se/socialamedier"


def test_a_pack_missing_a_tier_is_an_error_naming_the_field() -> None:
    text = """name: knivsta
municipality: Knivsta kommun
source: {title: T}
registry:
  decisions:
    local:
      approver_roles: [head_of_unit]
      decided_by: Verksamhetschefen
"""
    with pytest.raises(PolicyError, match="registry"):
        parse_pack(text, source="x.yaml")


def test_an_unknown_role_is_an_error() -> None:
    text = """name: knivsta
municipality: Knivsta kommun
source: {title: T}
registry:
  manager_roles: [kung]
"""
    with pytest.raises(PolicyError, match=r"x.yaml:5"):
        parse_pack(text, source="x.yaml")
