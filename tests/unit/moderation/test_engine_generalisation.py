"""Detection fixes found by a blind evaluation set (eval/blind2.jsonl): each test states
the general mechanism with fresh sentences, not the blind items themselves."""

import pytest

from services.moderation.domain.engine import RulesClassifier, detect_personal_data
from services.moderation.domain.normalize import normalize, unmask
from services.moderation.eval import SETS, load
from shared.policy.sections.moderation import CATEGORY_IDS, INTENT_IDS

ENGINE = RulesClassifier()


def categories(text: str) -> set[str]:
    return {h.id for h in ENGINE.detect(text) if h.kind == "category"}


def intents(text: str) -> set[str]:
    return {h.id for h in ENGINE.detect(text) if h.kind == "intent"}


# --- normalisation ------------------------------------------------------------------------

def test_masked_letters_are_read_back_to_a_known_word_keeping_offsets() -> None:
    norm = unmask(normalize("din h#ra och f*n"), lambda w: w in {"hora", "fan"})
    assert norm.text == "din hora och fan"
    assert norm.span(4, 8) == (4, 8)
    assert unmask(normalize("k*k"), lambda w: False).text == "k*k"  # nothing known: left as typed


def test_spoken_pronouns_and_sentence_final_exclamation_marks() -> None:
    assert normalize("jag hittar dej").text == "jag hittar dig"
    assert normalize("Köp nu!").text == "köp nu!"          # "!" ends the sentence, it is not an "i"
    assert normalize("1d10t!").text == "idiot!"


@pytest.mark.parametrize("text, expected, span", [
    ("Vi ska bränna ner hela j*vla rådhuset", "profanity", "j*vla"),
    ("Du är en h#ra", "profanity", "h#ra"),
])
def test_masked_words_are_found_with_the_span_as_typed(text: str, expected: str, span: str) -> None:
    hits = [h for h in ENGINE.detect(text) if h.id == expected]
    assert hits and span in {text[s:e] for h in hits for s, e in h.spans}


# --- categories ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Era träskallar på förvaltningen fattar noll", "personal_attack"),
    ("Politikern är en idjot", "personal_attack"),
    ("Svinjävlar allihop i nämnden", "personal_attack"),
    ("Den där kärringen i kassan borde få sparken", "personal_attack"),
    ("Ordföranden borde skjutas", "threat"),
    ("Om ni stänger badet igen så smäller det", "threat"),
    ("Ni kommer att ångra er, tro mig", "threat"),
    ("Jag spöar dig nästa gång", "threat"),
    ("Hoppas han dör", "threat"),
    ("Jag krossar din jävla bil", "threat"),
    ("Vi vet vilken förskola hans barn går på", "threat"),
    ("Kineser är ohyra", "hate_speech"),
    ("Polackjävlar överallt", "hate_speech"),
    ("Judarna kontrollerar media", "hate_speech"),
    ("Turkarna är en skam, skicka hem dom", "hate_speech"),
    ("Hon blev chef för att hon låg med kommundirektören", "sexism_harassment"),
    ("Typiskt kvinnor att inte kunna backa", "sexism_harassment"),
    ("Ska du ligga med mig ikväll?", "sexism_harassment"),
    ("Klippet där mannen blir ihjälslagen finns på min sida", "violence_pornography"),
    ("Videon från skjutningen i centrum, se själva", "violence_pornography"),
    ("Skär sönder däcken på deras bilar", "incitement_crime"),
    ("Vi borde bryta oss in på kontoret i natt", "incitement_crime"),
    ("Köp falska läkarintyg av mig", "incitement_crime"),
    ("Vi kaklar ditt badrum, svart eller vitt", "incitement_crime"),
    ("Jag har skannat hela kursboken, maila så får du den", "copyright"),
    ("La upp hans foton på min sida utan tillstånd", "copyright"),
    ("Hela ljudboken finns här helt gratis", "copyright"),
    ("Vi på Kalles Måleri ger dig ett bra pris i vår", "commercial"),
    ("Använd koden SOMMAR så blir det billigare", "commercial"),
    ("Gratis presentkort till de 50 första som delar", "commercial"),
    ("Säljer barnvagn, 300 kr, pm vid intresse", "commercial"),
    ("Billiga klockor på www.klockor-rea.xyz", "commercial"),
    ("Rösta KD i höst", "party_politics"),
    ("En röst på Centerpartiet är en röst för landsbygden", "party_politics"),
    ("Rösta rödgrönt i september!", "party_politics"),
    ("Välkommen till vår valstuga på torget", "party_politics"),
    ("Moderaterna måste bort från makten", "party_politics"),
    ("Ring hennes mobil 070 - 555 12 34", "personal_data"),
    ("Mejla honom på per(at)example punkt com", "personal_data"),
    ("Hans personnummer: 8 1 1 2 1 8 - 9 8 7 6", "personal_data"),
    ("Idrottsläraren på skolan är sjukskriven för depression", "sensitive_personal_data"),
    ("Min son Oskar har autism och behöver hjälp", "sensitive_personal_data"),
    ("Vaktmästaren är med i Kommunal", "sensitive_personal_data"),
    ("Kalle Ek på boendet har fått ett nytt LSS-beslut", "confidential"),
    ("Skolan gjorde en anmälan om misstänkt vanvård av barnen i familjen", "confidential"),
])
def test_general_forms_are_detected(text: str, expected: str) -> None:
    assert expected in categories(text)


@pytest.mark.parametrize("text", [
    "Det fanns inga lediga tider",                     # "fan" + "ns" is not a curse
    "Provet i matte var svårt, men grov grus hjälper på isen",  # "röv" must not fold into "prov"/"grov"
    "Kommunen borde döda getingarna vid lekplatsen",
    "Frosten kommer att döda alla våra tomater",
    "Ett korkat förslag att flytta biblioteket",       # criticism of a thing, not of a person
    "Pratar ni om porr och nätsäkerhet på föräldramötet?",
    "Kvinnor ska ha samma lön som män",
    "Tjejer ska få lika många istider som killarna",
    "Jag blir så förbannad när folk slänger skräp",
    "Hur anmäler jag svartjobb?",
    "Skolans elevhälsa behöver fler kuratorer",
    "Min mamma har demens och personalen på boendet är fantastisk",
    "Kryssa gärna i rutan för nyhetsbrev",
    "Varför säljer ni tomten för en krona?",
    "Vi på Hembygdsföreningen undrar om lokalen är ledig",
    "Ring 016-710 10 00 och fråga kontaktcenter",
])
def test_harmless_uses_are_not_flagged(text: str) -> None:
    assert categories(text) == set()


@pytest.mark.parametrize("text, expected", [
    ("Nämndsekreteraren är en fet gris", "personal_attack"),
    ("Vilka lallare ni är på tekniska", "personal_attack"),
    ("Jag tar med mig yxan till nästa möte", "threat"),
    ("Ge mig bygglovet annars vet jag inte vad jag gör", "threat"),
    ("Vi har koll på dig", "threat"),
    ("Afghaner stjäl allt som inte är fastskruvat", "hate_speech"),
    ("Somalier borde inte få bo i vårt område", "hate_speech"),
    ("Kvinnor har inget i styrelser att göra", "sexism_harassment"),
    ("Hon har väl pms idag", "sexism_harassment"),
    ("Klippet där vakten sparkar ihjäl en man", "violence_pornography"),
    ("Kasta ägg på rådhuset i kväll", "incitement_crime"),
    ("Vi ses i stan. Sätt fyr på containrarna vid stationen", "incitement_crime"),
    ("Fejka sjukintyg, det märks aldrig", "incitement_crime"),
    ("Hela albumet finns som mp3 på min drive", "copyright"),
    ("Nu har vi öppnat vårt nya café vid ån, tre bullar för 50 kr", "commercial"),
    ("Du har vunnit en resa, klicka här för att hämta priset", "commercial"),
    ("Heja Kristdemokraterna!", "party_politics"),
    ("Rösta inte på Moderaterna", "party_politics"),
    ("ring henne: 0 7 3 - 1 2 3 4 5 6 7", "personal_data"),
    ("Per Lund i nämnden har tydligen blivit sjukskriven för utbrändhet efter sommaren", "sensitive_personal_data"),
    ("Socialsekreteraren utreder pappan till Alva i min klass", "confidential"),
])
def test_general_forms_found_by_the_second_blind_set(text: str, expected: str) -> None:
    assert expected in categories(text)


@pytest.mark.parametrize("text", [
    "Tänd ljusen i kväll för de som inte är med oss längre",
    "Min sons placering på förskolan blev inte den vi önskade",
    "Kvinnor ska inte behöva vara rädda i parken",
    "Vi har koll på läget, tack för att ni informerar",
])
def test_harmless_uses_found_by_the_second_blind_set(text: str) -> None:
    assert categories(text) == set()


def test_an_ads_own_phone_number_is_not_a_third_partys() -> None:
    assert detect_personal_data("Målare sökes? Ring för offert 070-123 45 67") == []
    assert "personal_matter" not in intents("Datorn dog mitt i ansökan")
    assert detect_personal_data("Bästa priset på däck i stan! Ring 0701234567") == []
    assert detect_personal_data("Ring hans bror istället, 070-123 45 67") != []


# --- intents ---------------------------------------------------------------------------------

def test_question_without_a_question_mark_and_street_names_are_not_authorities() -> None:
    assert "question" in intents("Kan man hyra bastun på fredagar")
    assert "out_of_scope" not in intents("När asfalteras Lasarettsgatan?")
    assert "out_of_scope" in intents("Hur får jag ett utdrag ur belastningsregistret?")
    assert "out_of_scope" in intents("När svarar Länsstyrelsen om skyddsjakten?")
    assert "complaint" in intents("Bemötandet i receptionen var under all kritik")


# --- the blind sets load ------------------------------------------------------------------------

@pytest.mark.parametrize("name, size", [("blind2", 200), ("blind3", 150), ("blind4", 150), ("blind7", 190)])
def test_blind_sets_load_with_known_ids_and_a_clean_share(name: str, size: int) -> None:
    items = load(SETS[name])
    assert len(items) >= size
    assert len({i.id for i in items}) == len(items)
    assert {c for i in items for c in i.categories} == set(CATEGORY_IDS)
    # reports_content came after these sets were written (issue 18); blind7 on has it
    assert {x for i in items for x in i.intents} >= set(INTENT_IDS) - {"reports_content"}
    assert sum(not i.categories for i in items) >= 0.4 * len(items)
