from pathlib import Path

import pytest

from shared.policy import PolicyError, load_pack
from shared.policy.loader import parse_pack
from shared.policy.sections.moderation import CATEGORY_IDS, Decision, ItemAction

PACKS = ["knivsta", "pitea", "eskilstuna", "lidkoping", "nybro"]


@pytest.mark.parametrize("name", PACKS)
def test_every_pack_encodes_every_category_with_a_source(name: str) -> None:
    policy = load_pack(name).moderation
    assert set(policy.categories) == set(CATEGORY_IDS)
    assert all(rule.source for rule in policy.categories.values())
    assert policy.permissions is not None and set(policy.permissions.decide) == set(Decision)
    assert policy.sla is not None and policy.sla.holiday_mode is not None
    assert policy.routing is not None and policy.templates is not None


def test_packs_differ_where_the_documents_differ() -> None:
    knivsta, pitea, eskilstuna = (load_pack(n).moderation for n in ("knivsta", "pitea", "eskilstuna"))
    assert knivsta.categories["party_politics"].forbidden  # "inte ett forum för partipolitik"
    assert not eskilstuna.categories["party_politics"].forbidden
    assert pitea.categories["profanity"].forbidden and not knivsta.categories["profanity"].forbidden
    assert eskilstuna.categories["sensitive_personal_data"].forbidden
    assert eskilstuna.categories["threat"].police_report  # "ska polisanmälas"
    assert load_pack("lidkoping").moderation.categories["confidential"].registration


def test_eskilstuna_targets_and_two_person_block() -> None:
    policy = load_pack("eskilstuna").moderation
    assert policy.sla.municipality_wide.first_feedback.working_hours == 4
    assert policy.sla.local.first_feedback.working_days == 1
    assert policy.sla.local.answer.working_days == 2
    assert [r.value for r in policy.permissions.block_consult] == ["communications_strategist"]
    assert (policy.office_hours.start.hour, policy.office_hours.end.hour) == (8, 17)


def test_only_reversible_automatic_actions() -> None:
    for name in PACKS:
        for auto in load_pack(name).moderation.auto_actions:
            assert auto.action == ItemAction.hide


def _pack_with(moderation_yaml: str) -> str:
    return ("name: test\nmunicipality: Testkommun\nsource:\n  title: Test\n" + moderation_yaml)


def test_a_broken_moderation_block_names_file_line_field_and_reason() -> None:
    text = _pack_with("moderation:\n  auto_actions:\n    - category: threat\n      action: remove\n")
    with pytest.raises(PolicyError) as err:
        parse_pack(text, source="test.yaml")
    message = str(err.value)
    assert "test.yaml:6" in message and "moderation.auto_actions.0" in message and "reversible" in message


def test_a_classifier_name_that_cannot_be_one_is_refused_where_it_is_written() -> None:
    text = _pack_with("moderation:\n  classifiers:\n    - rules\n    - import os; os.system('x')\n")
    with pytest.raises(PolicyError) as err:
        parse_pack(text, source="test.yaml")
    message = str(err.value)
    assert "test.yaml:6" in message and "moderation.classifiers" in message and "is not a classifier" in message


def test_an_unknown_category_is_an_error() -> None:
    text = _pack_with("moderation:\n  categories:\n    swearing:\n      forbidden: true\n      action: hide\n"
                      "      severity: low\n")
    with pytest.raises(PolicyError, match=r"test.yaml:7: field 'moderation.categories.swearing"):
        parse_pack(text, source="test.yaml")


def test_shipped_pack_files_exist() -> None:
    packs = Path(__file__).resolve().parents[3] / "shared" / "policy" / "packs"
    assert {p.stem for p in packs.glob("*.yaml")} >= set(PACKS)


def test_a_pack_adds_its_own_words_and_harmless_uses() -> None:
    from services.moderation.domain import classify
    from shared.policy.sections.moderation import ModerationPolicy

    policy = ModerationPolicy(extra_terms={"personal_attack": ["knasboll*"],
                                           "party_politics": ["re:kryssa nummer \\d+"]},
                              harmless=["Helvetesfallet"], classifiers=["rules"])  # the pack's words, not the model's
    verdict = classify("Knasbollarna i nämnden, kryssa nummer 3! Vi ses vid Helvetesfallet.", policy)
    assert verdict.categories == ["personal_attack", "party_politics"]
    assert {h.rule_id for h in verdict.hits if h.kind == "category"} == {"pack.personal_attack", "pack.party_politics"}
    # without the pack's word (at a sentence's start, where known words do not count a capital as a name)
    assert classify("Helvetesfallet, vi ses där.", ModerationPolicy()).categories == ["profanity"]


def test_a_broken_regex_in_a_pack_fails_on_load() -> None:
    text = _pack_with("moderation:\n  extra_terms:\n    profanity: ['re:(unclosed']\n")
    with pytest.raises(PolicyError, match="not a valid regular expression"):
        parse_pack(text, source="test.yaml")


def test_nybros_categories_act_on_comments_as_its_document_lists_them() -> None:
    # Nybro L97-105: "Kommentarer får inte innehålla ... svordomar eller obscena ord ... kommersiella
    # budskap eller reklam"; Eskilstuna lists no profanity and keeps it (shown for information).
    from services.moderation.domain import classify

    swearing = "Vilken jävla skitkommun, fan vad ni är dåliga på att ploga."
    nybro = classify(swearing, load_pack("nybro").moderation)
    eskilstuna = classify(swearing, load_pack("eskilstuna").moderation)
    assert "profanity" in nybro.categories and "profanity" in eskilstuna.categories
    nybro_action = next(a for a in nybro.actions if a.category == "profanity")
    assert nybro_action.forbidden and nybro.recommended_action != "keep"
    assert not any(a.category == "profanity" and a.forbidden for a in eskilstuna.actions)
    advert = classify("Köp billiga solglasögon nu! 70% rabatt, klicka på länken www.billigt-shop.example",
                      load_pack("nybro").moderation)
    assert "commercial" in advert.categories
    assert next(a for a in advert.actions if a.category == "commercial").forbidden
    assert not any(a.police_report for a in nybro.actions + advert.actions)  # Nybro has no police rule
