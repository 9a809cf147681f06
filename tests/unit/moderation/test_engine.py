import pytest

from services.moderation.domain.engine import RulesClassifier, detect_personal_data, get_classifier, register_classifier
from services.moderation.domain.hits import Hit
from services.moderation.domain import classify
from shared.policy import load_pack

ENGINE = RulesClassifier()


def categories(text: str) -> set[str]:
    return {h.id for h in ENGINE.detect(text) if h.kind == "category"}


def intents(text: str) -> set[str]:
    return {h.id for h in ENGINE.detect(text) if h.kind == "intent"}


@pytest.mark.parametrize("text, expected", [
    ("Ni är ett gäng pucko-byråkrater", "personal_attack"),
    ("Jävlakommun", "profanity"),
    ("Byråkratjävlar allihop", "profanity"),
    ("j a v l a idioter", "personal_attack"),
    ("Jag ska d0da dig", "threat"),
    ("J a g  s k a  d ö d a  d i g", "threat"),
    ("Jag vet var du bor", "threat"),
    ("Invandrarna är ohyra", "hate_speech"),
    ("Tillbaka till spisen med dig", "sexism_harassment"),
    ("Se min onlyfans", "violence_pornography"),
    ("Bränn ner stadshuset", "incitement_crime"),
    ("Ladda ner hela filmen gratis här", "copyright"),
    ("Köp nu! 50% rabatt", "commercial"),
    ("Rösta på Moderaterna i höst!", "party_politics"),
    ("Min son är placerad i familjehem och soc lyssnar inte", "confidential"),
    ("Min granne Anna Svensson har cancer", "sensitive_personal_data"),
])
def test_violations_are_found(text: str, expected: str) -> None:
    assert expected in categories(text)


@pytest.mark.parametrize("text", [
    "Jag dog av skratt när jag såg filmen!",
    "Den här länken är död, död länk på sidan om parkering.",
    "Gå och rösta i valet på söndag!",
    "Jag är ett stort fan av biblioteket.",
    "Ring mig på 070-765 43 21 så berättar jag mer",
    "Gatlampan vid Storgatan 12 är trasig.",
    "Hur ansöker man om försörjningsstöd?",
    "Vi skrattade ihjäl oss på teatern.",
    "Hör gärna av er, vi vill få höra vad ni tycker.",
    "Soporna har inte hämtats på tre veckor",
])
def test_harmless_uses_are_not_flagged(text: str) -> None:
    assert categories(text) == set()


def test_every_hit_names_its_rule_and_original_spans() -> None:
    text = "Jag ska döda er alla, jävla kommun!"
    hits = [h for h in ENGINE.detect(text) if h.kind == "category"]
    assert {h.rule_id for h in hits} == {"threat.first_person_violence", "profanity.swear"}
    spans = {text[s:e] for h in hits for s, e in h.spans}
    assert spans == {"Jag ska döda", "jävla"}


def test_personnummer_is_validated_by_checksum_and_date() -> None:
    assert [h.rule_id for h in detect_personal_data("Hans nummer 19811218-9876")] == ["personal_data.personnummer"]
    assert detect_personal_data("Hans nummer 19811218-9875") == []  # wrong check digit
    assert detect_personal_data("Order 19811318-9876") == []        # month 13


def test_samordningsnummer_is_its_own_rule() -> None:
    hits = detect_personal_data("Samordningsnumret 701063-2391 hör till honom")
    assert [h.rule_id for h in hits] == ["personal_data.samordningsnummer"]


def test_third_party_contact_details_but_not_the_writers_own() -> None:
    third = detect_personal_data("Han bor på Storgatan 12 och hans mobil är 070-123 45 67, mejl kalle@example.com")
    assert {h.rule_id for h in third} == {"personal_data.home_address", "personal_data.phone_third_party",
                                          "personal_data.email_third_party"}
    assert detect_personal_data("Ring mig på 070-123 45 67 eller mejla mig på anna@example.com") == []


def test_intents() -> None:
    assert intents("När öppnar biblioteket?") == {"question"}
    assert intents("Jag har inte fått svar på min ansökan om bygglov") >= {"personal_matter", "complaint"}
    oos = [h for h in ENGINE.detect("När betalar Försäkringskassan ut föräldrapenningen?") if h.id == "out_of_scope"]
    assert oos and oos[0].detail["authority"] == "Försäkringskassan"


def test_a_rhetorical_insult_is_not_a_question_to_answer() -> None:
    assert "question" not in intents("Är ni helt korkade?")


class _Upper:
    name = "shouting"

    def detect(self, text: str) -> list[Hit]:
        return [Hit("category", "personal_attack", "shouting.caps", ((0, len(text)),))] if text.isupper() else []


def test_a_municipality_can_plug_in_its_own_classifier() -> None:
    register_classifier("shouting", _Upper)
    assert get_classifier("shouting").detect("NI ÄR")[0].rule_id == "shouting.caps"
    with pytest.raises(ValueError, match="unknown classifier"):
        get_classifier("nonexistent")


def test_a_models_span_over_a_rules_passage_is_the_rules_span() -> None:
    # The rule marks the passage precisely; a model's wider span around it would be the one a
    # request examination pre-marks ("personnummer 19811218-9876" instead of the number).
    pack = load_pack("eskilstuna").moderation
    texts = ["Min granne har personnummer 19811218-9876 och parkerar på min tomt vid Ängbyvägen.",
             "Du är en jävla idiot, Kalle", "Ring Lisa Holm på 070-123 45 67, hon bor på Storgatan 3"]
    for text in texts:
        hits = classify(text, pack).hits
        rules = {(h.id, s) for h in hits if h.kind == "category" and not h.rule_id.startswith("model.")
                 for s in h.spans}
        assert rules, text
        for h in hits:
            if h.kind == "category" and h.rule_id.startswith("model."):
                wider = [s for s in h.spans for c, r in rules if c == h.id and s[0] < r[1] and r[0] < s[1] and s != r]
                assert not wider, (text, h)
