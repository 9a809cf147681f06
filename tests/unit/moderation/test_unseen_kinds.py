"""The kinds of text issue 18 found failing on unseen sets: known words that look rude,
conditional and property threats, the writer's own data against a third person's, codes and
hidden addresses, sexual remarks carried by an emoji, reports of someone else's content,
rhetorical questions and complaint words used as praise. Each tag still names its rule."""

import pytest

from services.moderation.domain import classify
from services.moderation.domain.known_words import is_known_word, known_words
from shared.policy import load_pack

ESKILSTUNA = load_pack("eskilstuna").moderation


def _rules(text: str, category: str) -> set[str]:
    return {h.rule_id for h in classify(text, ESKILSTUNA).hits if h.id == category}


@pytest.mark.parametrize("text", [
    "Välkommen Liisa Kukkonen, ny bibliotekarie i Övertorneå!",
    "Vägen till Kukkolaforsen är öppen igen",
    "Så pittoreskt det blev vid kanalen",
    "Grattis Thora Lindgren på 90-årsdagen",
    "Släktträff för familjen Keskitalo i Folkets hus",
    "Kiitos kaikille, mutta ensi viikolla ei ole kerhoa",
])
def test_known_words_names_and_places_are_not_profanity(text: str) -> None:
    verdict = classify(text, ESKILSTUNA)
    assert not {"profanity", "sexism_harassment", "personal_attack"} & set(verdict.categories), verdict.hits


def test_the_profanity_itself_is_not_a_known_word() -> None:
    words = known_words()
    assert {"kukkonen", "pittoresk"} <= words and not {"kuk", "skit", "hora", "fitta", "idiot"} & words
    text = "din jävla kukhuvud, Kukkonen"
    assert not is_known_word(text, (10, 18)) and is_known_word(text, (20, 28))
    assert "profanity" in classify("vilket jävla kukhuvud du är", ESKILSTUNA).categories


@pytest.mark.parametrize("text, rule", [
    ("Får jag inte tillbaka bidraget så bränner jag ner hela kontoret", "threat.conditional"),
    ("nekar ni mig en gång till så ska handläggaren få sona för det", "threat.conditional"),
    ("Vore synd om villan brann en natt när ingen är hemma", "threat.property"),
    ("Skulle inte förvåna mig om kommunhuset börjar brinna snart", "threat.property"),
])
def test_conditional_and_property_threats_name_their_rule(text: str, rule: str) -> None:
    assert rule in _rules(text, "threat")


@pytest.mark.parametrize("text", [
    "Om det regnar så flyttar vi loppisen inomhus",
    "Ni ska få se vad fint det blir i parken!",
    "Om du vill så kan du skjuta upp mötet till fredag",
    "Hoppas ni får en riktigt skön sommar allihop",
])
def test_warm_wishes_and_plain_conditions_are_no_threat(text: str) -> None:
    assert "threat" not in classify(text, ESKILSTUNA).categories


def test_own_health_is_tagged_apart_from_a_third_persons() -> None:
    own = classify("Jag har epilepsi och undrar om simhallen har livvakt på morgonen?", ESKILSTUNA)
    third = classify("Grannen Göran har fått prostatacancer och orkar inte skotta", ESKILSTUNA)
    assert "sensitive_personal_data.health.own" in {h.rule_id for h in own.hits}
    assert [h.detail["whose"] for h in own.hits if h.id == "sensitive_personal_data" and "whose" in h.detail] == ["own"]
    assert "sensitive_personal_data.health" in {h.rule_id for h in third.hits}
    # an unnamed family member is the writer's own matter; a disease as a topic is nobody's data
    for clean in ("Min mamma har fått demens, vilken hjälp finns?", "Bra föreläsning om stroke i kväll",
                  "Jag är själv muslim och tyckte iftarmiddagen var fin"):
        assert "sensitive_personal_data" not in classify(clean, ESKILSTUNA).categories, clean


def test_the_writers_own_personnummer_is_tagged_as_their_own() -> None:
    assert "personal_data.personnummer.own" in _rules("mitt personnummer är 198403121239, kolla min ansökan",
                                                      "personal_data")
    assert "personal_data.personnummer" in _rules("Här är personnumret till han: 19790823-5521", "personal_data")


def test_door_codes_passwords_and_hidden_addresses_are_confidential() -> None:
    assert "confidential.access_code" in _rules("koden till personalingången på förskolan är 4471#", "confidential")
    assert "confidential.access_code" in _rules("Lösenordet till elevportalen är Vinter2025!", "confidential")
    assert "confidential.protected_address" in _rules("kvinnojouren ligger i det gula huset på Björkstigen 7",
                                                      "confidential")
    for clean in ("Jag har glömt lösenordet till e-tjänsten, hur får jag ett nytt?",
                  "Använd koden SOMMAR20 för 20% rabatt",
                  "Kvinnojouren har öppet dygnet runt, numret finns på hemsidan"):
        assert "confidential" not in classify(clean, ESKILSTUNA).categories, clean


def test_a_sexual_remark_carried_by_an_emoji_is_harassment() -> None:
    text = "När öppnar simhallen igen? Och kommer den söta livvakten tillbaka 😏🍑"
    verdict = classify(text, ESKILSTUNA)
    assert "sexism_harassment" in verdict.categories and "question" in verdict.intents
    hit = next(h for h in verdict.hits if h.rule_id == "sexism_harassment.sexual_remark")
    assert {text[s:e] for s, e in hit.spans} >= {"söta livvakten", "🍑"}
    assert "sexism_harassment" not in classify("Tack för en fantastisk konsert 🔥😍", ESKILSTUNA).categories


def test_a_report_quotes_the_offence_and_is_reviewed_not_held_against_the_writer() -> None:
    text = 'Någon skrev "jag ska skjuta rektorn imorgon" under förra inlägget. Ta bort det och polisanmäl!'
    verdict = classify(text, ESKILSTUNA)
    assert "threat" in verdict.categories and "reports_content" in verdict.intents
    assert all(a.action == "review" and a.reported for a in verdict.actions if a.category)
    assert verdict.auto_actions == []
    assert "reports_content" not in classify("Hon skrev ett fint tack till personalen", ESKILSTUNA).intents


@pytest.mark.parametrize("text", [
    "Visst är det underbart med årets första snö?",
    "Vad vore livet utan bibliotek? Tack för att ni finns",
    "Hur kul var inte skolavslutningen igår!",
    "Undrar du hur det gick på fullmäktige? Här är sammanfattningen",
])
def test_rhetorical_questions_are_not_questions(text: str) -> None:
    verdict = classify(text, ESKILSTUNA)
    assert "question" not in verdict.intents
    assert "?" not in text or any(h.rule_id == "question.rhetorical" for h in verdict.hits)


@pytest.mark.parametrize("text", [
    "Skandalöst god semla på konditoriet, måste testas",
    "Trasig cykel? Ta med den till cykelköket på onsdag",
    "Inget fel på snöröjningen hos oss i år, tack!",
])
def test_complaint_words_in_praise_or_offers_are_no_complaint(text: str) -> None:
    assert "complaint" not in classify(text, ESKILSTUNA).intents
    assert "complaint" in classify("Snöröjningen är usel, tredje gången i veckan", ESKILSTUNA).intents


# --- implied threats and incitement without a call-to-crime verb (leave-one-set-out misses) ---

@pytest.mark.parametrize("text, rule", [
    ("Gör ni om det där så ska handläggaren få åka ambulans hem", "threat.implied"),
    ("Skickar ni hit kontrollanten en gång till får ni tillbaka honom i en likpåse", "threat.implied"),
    ("Du borde vara rädd. Riktigt rädd", "threat.implied"),
    ("Politikerna i nämnden ska nog inte gå ensamma hem från mötet", "threat.implied"),
    ("Jag ska göra ditt liv till ett helvete", "threat.implied"),
    ("Jag har sparat namnen på alla politiker som röstade för nedläggningen. Vi ses, en efter en", "threat.implied"),
    ("Den där rektorn ska få se vad en dunk bensin kan göra", "threat.implied"),
    ("Det vore synd om något hände hans barn", "threat.implied"),
    ("Jag vet precis vilka bilar på parkeringen som går sönder först", "threat.implied"),
    ("Kommunalrådet borde nog skaffa brandförsäkring. Man vet aldrig", "threat.implied"),
    ("Förskolan kommer aldrig att öppnas i vårt område, oavsett vad som krävs", "threat.implied"),
    ("i will find you and hurt you, kommunen", "threat.english"),
    ("watch your back på stadshuset", "threat.english"),
    ("that janitor better watch out, we know his car", "threat.english"),
    ("Strö ut spik på nya cykelvägen i helgen", "incitement_crime.sabotage_and_supply"),
    ("Ring in ett falsklarm till brandkåren när festen börjar", "incitement_crime.sabotage_and_supply"),
    ("Häll socker i tanken på hjullastarna vid nya bygget", "incitement_crime.sabotage_and_supply"),
    ("Släpp ut luften ur däcken på kommunens bilar i natt", "incitement_crime.sabotage_and_supply"),
    ("Sälj gamla sömntabletter till högstadieungarna, de betalar", "incitement_crime.sabotage_and_supply"),
    ("Vill nån ha weed så hör av er på snap", "incitement_crime.sabotage_and_supply"),
    ("Låna ut ditt bankid till mig så får du 500", "incitement_crime.sabotage_and_supply"),
    ("Kör in efter stängning och dumpa däcken bakom containern", "incitement_crime.sabotage_and_supply"),
    ("Ta reda på var handläggaren bor och hälsa på", "incitement_crime.sabotage_and_supply"),
    # the kinds blind13/14 missed (2026-12-02)
    ("Stoppa bygget vid ån, annars smäller det", "threat.conditional"),
    ("Laddningen går av kl 16 i morgon. Utrym skolan om ni vill leva", "threat.conditional"),
    ("Rör ni min båt så går ingen av er härifrån helskinnad", "threat.conditional"),
    ("nån borde ge byggnadsnämndens ordförande ett ordentligt kok stryk", "threat.conditional"),
    ("stäng fritidsgården och se vad som händer med era nya lekplatser", "threat.conditional"),
    ("tänk om det small i rådhuset när fullmäktige sitter", "threat.conditional"),
    ("close the pool and someone is gonna get hurt", "threat.english"),
    ("Hon borde stå vid spisen i stället för att leda nämnden", "sexism_harassment.sexist"),
    ("ordföranden behöver nog ett rejält ligg", "sexism_harassment.sexist"),
    ("kvinnorna i laget tar bara platser från killar som kan spela", "sexism_harassment.sexist"),
    ("benet stack ut genom byxan på honom, vi skrattade ihjäl oss", "violence_pornography.gore"),
    ("Ljug om adressen när du söker skolplats, de kollar inte", "incitement_crime.sabotage_and_supply"),
    ("hyr ut garaget svart till grannen", "incitement_crime.sabotage_and_supply"),
    ("Bänd upp hänglåset på förrådet bakom skolan", "incitement_crime.sabotage_and_supply"),
    ("Kristdemokraternas kaffe på torget i dag, bli medlem direkt på plats", "party_politics.electioneering"),
    ("Glöm inte att personkryssa Karin på söndag", "party_politics.electioneering"),
])
def test_implied_threats_and_incitement_are_found_by_their_construction(text: str, rule: str) -> None:
    assert rule in _rules(text, rule.split(".")[0]), classify(text, ESKILSTUNA).hits


@pytest.mark.parametrize("text", [
    "Barn ska inte gå ensamma hem i mörkret, följ dem gärna",
    "Någon kommer att hamna på akuten om ni inte sandar trottoaren",
    "Det vore synd om något hände med budgeten för fritidsgården",
    "Ni behöver inte vara rädda för vaccinet",
    "Man vet aldrig när det börjar brinna, testa brandvarnaren idag",
    "Hej, jag har skrivit ner namnen på alla som anmält sig till loppisen, vi ses på lördag",
    "Kom in en i taget, tack",
    "Rektorn borde vara rädd om sina elever",
    "I will vote for you in September",
    "Ge inte alkohol till ungdomar i sommar",
    "Man ska inte dumpa sopor i skogen",
    "Någon har dumpat däcken i skogen vid Norrby",
    "Släpp ut lite luft ur däcken när du cyklar på grus",
    "Sälj inte alkohol till minderåriga, det är olagligt",
    "Behöver någon gräs till kaninerna? Har massor efter klippningen",
    "Någon ringde in ett falsklarm till skolan i går, vet ni vem?",
    "Vi ska slå ett slag för biblioteket i budgeten",
    "Ni ska få se, vi kommer att vinna priset som årets friluftskommun",
    "Alla laddade inför kvällens match? Vi ska krossa Sandviken!",
    "Det är olagligt att köpa ut till minderåriga, prata med dina tonåringar",
])
def test_the_same_words_in_warnings_predictions_and_reports_are_no_threat_or_incitement(text: str) -> None:
    assert not {"threat", "incitement_crime"} & {h.id for h in classify(text, ESKILSTUNA).hits
                                                   if h.kind == "category" and not h.rule_id.startswith("model.")}


def test_watch_out_for_me_is_a_threat_and_watch_out_for_the_ice_is_care() -> None:
    assert "threat" in {h.id for h in classify("Passa dig för mig, Olle på miljökontoret", ESKILSTUNA).hits
                        if not h.rule_id.startswith("model.")}
    assert not [h for h in classify("Akta er för halkan på bron i morse", ESKILSTUNA).hits
                if h.id == "threat" and not h.rule_id.startswith("model.")]


# --- kinds blind13/blind14 missed (fresh sentences of the same construction, not the sets' items) ---



@pytest.mark.parametrize("text, category", [
    ("Fyrverkerierna går kl 24 på torget, välkomna", "threat"),
    ("Ingen gick hem hungrig från skolans julbord", "threat"),
    ("Vi ska ge gräsmattan en omgång till med klipparen", "threat"),
    ("Ljug inte om inkomsten när du söker bidrag, det kontrolleras", "incitement_crime"),
    ("Köp en svart jacka till vintern, syns bra med reflex", "incitement_crime"),
    ("Benet stack ut efter olyckan och han opererades i natt", "violence_pornography"),
    ("Kvinnor i ledningen har gjort kommunen bättre", "sexism_harassment"),
])
def test_the_same_words_harmlessly_are_not_those_categories(text: str, category: str) -> None:
    assert category not in _rules(text, category), classify(text, ESKILSTUNA).hits


def test_an_unnamed_relatives_illness_stays_the_writers_matter_when_staff_are_thanked() -> None:
    text = "Min pappa har Parkinson och hemtjänsten har skött honom fint, tack Birgitta"
    assert "sensitive_personal_data" not in {h.id for h in classify(text, ESKILSTUNA).hits
                                             if not h.rule_id.startswith("model.")}
    named = "Grannen Birgitta Holm har Parkinson"
    assert "sensitive_personal_data" in {h.id for h in classify(named, ESKILSTUNA).hits
                                         if not h.rule_id.startswith("model.")}


def test_a_curse_compound_place_name_inside_a_sentence_is_no_profanity() -> None:
    assert "profanity" not in {h.id for h in classify("Vi vandrade till Helvetesforsen i lördags", ESKILSTUNA).hits}
    assert "profanity" in {h.id for h in classify("Helvetesvägen var det, full av hål", ESKILSTUNA).hits}


# --- kinds blind15/blind16 missed (fresh sentences of the same construction, not the sets' items) ---

def _rule_ids(text: str) -> set[str]:
    return {h.rule_id for h in classify(text, ESKILSTUNA).hits if not h.rule_id.startswith("model.")}


FOUND_BLIND15_16 = [
    ("Dörrkoden till fritidsgården i Björkå är 5-5-1-2, sprid gärna", "confidential.access_code"),
    ("grindkoden på förskolan e 7734 om nån hämtar sent", "confidential.access_code"),
    ("saatana vilken kö det var på återvinningen idag", "profanity.swear"),
    ("perkeleen lumi, plogen har inte kommit än", "profanity.swear"),
    ("Hur bokar man tennisbanan? Och spelar Sara i receptionen också 🍆👅", "sexism_harassment.sexual_remark"),
    ("tack för svaret @sanna_kundtjanst 🍑😏", "sexism_harassment.sexual_remark"),
    ("We're throwing a rock through the library window tonight", "threat.english"),
    ("keep cutting our bus line and see what happens", "threat.english"),
    ("Skjut alla somalier som kommer hit", "threat.against_group"),
    ("varenda jude i stan borde gasas", "threat.against_group"),
]


OWN_BLIND15_16 = [
    "Som döv önskar jag textning på fullmäktiges sändningar",
    "ärligt talat, som någon med migrän är lysrören i biblioteket en plåga",
    "Jag har celiaki, finns det glutenfritt på seniorlunchen?",
    "avtjänade mitt straff förra året, nu söker jag jobb inom parken",
]


HARMLESS_BLIND15_16 = [
    ("Koden e enkel: kom i tid och var snäll", "confidential"),
    ("Nu finns persikor 🍑 och meloner 🍈 på torget i Hallsta", "sexism_harassment"),
    ("Vi åker till Hallsta och plockar 🍒 på lördag", "sexism_harassment"),
    ("Keep calm and see what happens on Friday", "threat"),
    ("I'll be waiting for your reply about the permit", "threat"),
    ("Molotovcocktails användes vid upploppen i Frankrike, läste jag", "threat"),
    ("Alla invandrare borde få lära sig svenska snabbare", "threat"),
    ("Cancer är en hemsk sjukdom, jag önskar alla drabbade styrka", "sensitive_personal_data"),
    ("Depression drabbar många unga, vad gör kommunen åt det?", "sensitive_personal_data"),
    ("Paskaljevic heter jag och undrar om bygglovet", "profanity"),
]


# --- kinds blind17/blind18 missed (fresh sentences of the same construction, not the sets' items) ---

FOUND_BLIND17_18 = [
    ("vore trist om de dyra nya rutorna på simhallen gick sönder en natt", "threat.property"),
    ("ni i nämnden får gärna ha ögonen öppna på nätterna", "threat.veiled"),
    ("se dig om över axeln när du går hem ikväll", "threat.veiled"),
    ("rör han min bil igen så slår jag honom", "threat.first_person_violence"),
    ("den första som kliver på min mark ska få titta in i hagelbössan", "threat.first_person_violence"),
    ("vi kommer hitta den där läraren och hennes familj", "threat.first_person_violence"),
    ("stänger ni hallen blir det bråk, vi kommer och river hela stället", "threat.conditional"),
    ("nån i tråden uppmanar folk att gå dit och slå sönder kamerorna", "incitement_crime.call_to_crime"),
    ("han säljer cigg till 13-åringar vid busshållplatsen", "incitement_crime.call_to_crime"),
    ("kör crossen utan regplåt i skogen, ingen bryr sig", "incitement_crime.call_to_crime"),
    ("hela skolpersonalen kan stänga av larmet med 1234.", "confidential.access_code"),
    ("jag filmade hela föreställningen på stadsteatern, länk i bio", "copyright.piracy"),
    ("har skannat hela kursboken, hämta den här", "copyright.piracy"),
    ("lägg din röst på Centerpartiet i höst", "party_politics.electioneering"),
    ("hörde hur det knakade när han föll, så najs", "violence_pornography.gore"),
    ("wtf kommunen, var är plogbilen", "profanity.swear"),
]


OWN_BLIND17_18 = [
    "Ja har astma och undrar om det finns pollenfilter i förskolans ventilation?",
    "har suttit i häktet en gång för länge sedan, kan jag jobba som vikarie?",
]


HARMLESS_BLIND17_18 = [
    ("Nya förskolan öppnas med 120 platser i augusti", "confidential"),
    ("Ha ögonen öppna för älgar på väg 68 i skymningen", "threat"),
    ("Sover ni gott om nätterna efter att ha stängt skolan?", "threat"),
    ("Vi ska hitta en lösning för dig och din familj", "threat"),
    ("Glas går sönder lätt i kylan, skydda rutorna med filtar", "threat"),
    ("Kör inte moped utan hjälm, det är farligt", "incitement_crime"),
    ("Ungdomsrådet uppmanar alla att rösta i skolvalet", "incitement_crime"),
    ("Receptet finns på biblioteket, hämta det utan avgift", "incitement_crime"),
    ("Vi la upp hela programmet för kulturnatten på hemsidan", "copyright"),
    ("Skicka nudes till ingen, prata med oss om du blivit utsatt", "violence_pornography"),
]


# --- kinds blind19–22 missed (fresh sentences of the same construction, not the sets' items) ---

FOUND_BLIND19_22 = [
    ("Vi vet att du fortfarande bor på Lövvägen, nämndordförande", "threat.veiled"),
    ("Dina ungar går väl på Centralskolan? Bra att veta.", "threat.veiled"),
    ("Har en hagelbössa hemma och tålamodet tar slut, bara så ni vet", "threat.veiled"),
    ("den som gjorde det borde bindas fast vid ett träd", "violence_pornography.gore"),
    ("kör hem full efter festen, ingen kontrollerar ändå", "incitement_crime.call_to_crime"),
    ("spraya ner alla väggarna på stationen i natt", "incitement_crime.call_to_crime"),
    ("Strunta i evakueringen, stanna hemma och vakta huset", "incitement_crime.call_to_crime"),
    ("fakturera kommunen för fler timmar, ingen märker något", "incitement_crime.call_to_crime"),
    ("Lägg ut hemadresserna till nämnden så att folk kan hälsa på", "incitement_crime.call_to_crime"),
    ("Valsedlar finns i entrén, rösta på oss i september", "party_politics.electioneering"),
    ("Rörmokare Ek AB, fri offert i hela länet", "commercial.sales"),
    ("Klistrar in hela krönikan från lokaltidningen här", "copyright.piracy"),
    ("alla ljudböckerna som mp3 i min drive", "copyright.piracy"),
    ("någon har lagt ut namn och adress till min syster här", "personal_data.reported"),
    ("Världen styrs av judarna, vakna", "hate_speech.group_dehumanising"),
    ("kurwa, bussen kom inte igen", "profanity.swear"),
]


HARMLESS_BLIND19_22 = [
    ("Tack till Mirela Kukić för en fin skolavslutning", "profanity"),
    ("Fint reportage om Jenny Hora och hennes hästar", "profanity"),
    ("Vi åkte förbi Kuksbo på väg till stranden", "profanity"),
    ("Kör inte hem full efter julfesten, ta taxi", "incitement_crime"),
    ("Vi vet inte var ni bor, skriv adressen i ansökan", "threat"),
    ("Offerten från entreprenören var för dyr enligt nämnden", "commercial"),
    ("Rösta i ungdomsvalet, valsedlarna finns i skolan", "party_politics"),
    ("Artikeln om badhuset finns på kommunens hemsida", "copyright"),
    ("Kanalen styrs av föreningen som äger slussen", "hate_speech"),
    ("Min mamma har fått beslut om hemtjänst, när börjar den?", "confidential"),
]


# --- kinds blind23/24 missed (fresh sentences of the same construction, not the sets' items) ---

FOUND_BLIND23_24 = [
    ("Vi har skrivit upp namnen på hela nämnden, glöm inte det", "threat.veiled"),
    ("Stäng inte vårt bibliotek. Det är inget hot, bara en varning.", "threat.veiled"),
    ("Rådhuset skulle se bättre ut som en askhög, kanske i natt", "threat.veiled"),
    ("Era döttrar går på Ekbacken va? Bara en observation.", "threat.veiled"),
    ("Jag kommer slå sönder alla rutor på kontoret om ni nekar mig", "threat.property"),
    ("Dags att hänga politikerna i närmaste lyktstolpe", "threat.first_person_violence"),
    ("tapan sinut jos koulu suljetaan", "threat.other_languages"),
    ("Världsbanken och judiska bankirer ligger bakom allt", "hate_speech.group_dehumanising"),
    ("Stadsdelen ska förbli vit, stoppa invasionen", "hate_speech.group_dehumanising"),
    ("Ring in ett bombhot mot gymnasiet på måndag", "incitement_crime.call_to_crime"),
    ("lim i låsen på fritidsgården i natt", "incitement_crime.call_to_crime"),
    ("Skriv till rektorns barn på snap så de får veta", "incitement_crime.call_to_crime"),
    ("Kika gärna på vår hemsida, vi på Takgruppen AB fixar sånt", "commercial.sales"),
    ("Ditt konto kommer att stängas inom 48 timmar, verifiera här", "commercial.sales"),
    ("Tog en bild från en fotografs instagram och gjorde affischer", "copyright.piracy"),
    ("Medborgarlistan håller torgmöte på lördag, välkomna", "party_politics.electioneering"),
    ("Kalle Berg, din fega råtta, svara nu", "personal_attack.directed"),
]


HARMLESS_BLIND23_24 = [
    ("Vi kommer krossa varenda motståndare i cupen i helgen!", "threat"),
    ("Jag har sparat namnen på alla som vill ha julkort, kom ihåg att hämta", "threat"),
    ("Vi lottar inte ut något, akta er för falska konton", "commercial"),
    ("Ta med din mask till vaccinationen", "personal_attack"),
    ("Arabiska kurser för nybörjare startar i januari", "hate_speech"),
    ("Fjällräven riskerar att dö ut om ingen gör något", "hate_speech"),
    ("Ring 112 om det brinner, annars 114 14", "incitement_crime"),
]


@pytest.mark.parametrize("text", [
    "Någon har lagt upp en länk till en piratfilm under ert inlägg, ta bort den",
    "Kommentaren lyder: \"alla politiker borde skjutas\". Den måste tas bort.",
    "Jag vill anmäla en kommentar som hånar min son under bilden från cupen",
    "Det står 'ni ska få se vad som händer' längre ner i tråden. Hur kan det stå kvar?",
    "Someone wrote 'go back where you came from' under your post, please remove it",
])
def test_reports_without_the_old_verbs_are_reports(text: str) -> None:
    assert "reports_content" in classify(text, ESKILSTUNA).intents, classify(text, ESKILSTUNA).hits


@pytest.mark.parametrize("text", [
    "Det står i kallelsen att mötet börjar kl 18",
    "Någon har lagt upp fina bilder från luciatåget, tack!",
    "Kommentaren från rektorn var klok, jag håller med",
    "Varför står det \"stängt för renovering\" på lekplatsen sedan i våras?",
])
def test_mentions_of_what_others_wrote_are_no_report(text: str) -> None:
    assert "reports_content" not in classify(text, ESKILSTUNA).intents, classify(text, ESKILSTUNA).hits


# --- kinds blind25/26 missed (fresh sentences of the same construction, not the sets' items) ---

FOUND_BLIND25_26 = [
    ("Akta dig när du går hem från jobbet, vi vet vilka ni är", "threat.veiled"),
    ("Vi tänker hälsa på ordföranden hemma om de lägger ner klubben. Han vet vad det betyder.", "threat.veiled"),
    ("Ich weiß, wo du wohnst, und ich komme morgen", "threat.other_languages"),
    ("Funktionshindrade tar bara plats i simhallen, släng ut dem", "hate_speech.group_dehumanising"),
    ("Det är (((bankerna))) som styr festivalen", "hate_speech.group_dehumanising"),
    ("du är så snygg att jag vill träffa dig privat i kväll, Lena", "sexism_harassment.sexist"),
    ("Fixa ett läkarintyg från en kompis så får du förtur till bostad", "incitement_crime.call_to_crime"),
    ("man smiter in gratis via nödutgången på konserten", "incitement_crime.call_to_crime"),
    ("Första lektionen gratis hos Simskolan Delfinen!", "commercial.sales"),
    ("Jag gör din deklaration för 500 kr, skriv till mig privat", "commercial.sales"),
    ("Spelade in hela föredraget i aulan, länken finns i min profil", "copyright.piracy"),
    ("Vi i KD Norrby bjuder in till valmöte på torsdag", "party_politics.electioneering"),
    ("Verdammt, der Bus ist schon weg", "profanity.swear"),
]


def test_a_plate_with_a_drivers_name_is_personal_data_and_a_plate_alone_is_not() -> None:
    assert "personal_data.licence_plate" in _rule_ids("Bilen ABC 12D med Lisa Berg bakom ratten körde på min cykel")
    assert "personal_data.licence_plate" not in _rule_ids("En bil med registreringsnummer ABC 12D står felparkerad")


HARMLESS_BLIND25_26 = [
    ("Familjen Kuksson har den finaste trädgården i byn", "profanity"),
    ("Vem ska jag ringa om grannen kör berusad varje fredag?", "incitement_crime"),
    ("Får jag ha ett valmöte för föreningen i min trädgård?", "party_politics"),
    ("Han lärde mig skära halsen av laxen när vi fiskade", "threat"),
    ("Akta er för halkan när ni går hem ikväll", "threat"),
]


FOUND_BLIND27_28 = [
    ("Nu är det vår tur att ge igen, och det blir inte med ett mejl.", "threat.veiled"),
    ("Akta dig för att visa dig på byamötet igen, vi är många som minns vad du gjorde", "threat.veiled"),
    ("Ni ska få leva i ständig rädsla efter det här beslutet", "threat.veiled"),
    ("Vi står och väntar på rektorn utanför hennes villa ikväll", "threat.veiled"),
    ("Plocka ner Socialdemokraternas valaffischer i natt, ingen bryr sig", "incitement_crime.sabotage_and_supply"),
    ("Spreja LÖGNARE på ordförandens garageport, då fattar han", "incitement_crime.sabotage_and_supply"),
    ("Sjukskriv er alla samtidigt på måndag så stannar förvaltningen", "incitement_crime.sabotage_and_supply"),
    ("Ta med er hem datorer och skärmar innan kontoret stänger", "incitement_crime.sabotage_and_supply"),
    ("Logga in på ekonomiportalen och betala ut en bonus", "incitement_crime.sabotage_and_supply"),
    ("Ställ era sopsäckar i affärens containrar bakom lastkajen", "incitement_crime.sabotage_and_supply"),
    ("Kablarna i gamla ställverket är gratis pengar", "incitement_crime.sabotage_and_supply"),
    ("Plågade grannens kattunge i går, den lät så roligt", "violence_pornography.gore"),
    ("Mannen hade ruttnat i lägenheten, så coolt, har bilder om någon vill", "violence_pornography.gore"),
    ("Funkisarna på dagliga verksamheten är bara en belastning för oss som betalar", "hate_speech.group_dehumanising"),
]

HARMLESS_BLIND27_28 = [
    ("Korruptionen i världen minskar enligt den nya rapporten", "personal_attack"),
    ("Nås på 070-123 45 67 om ni vill boka en visning av lokalen", "personal_data"),
    ("Sätt upp era valaffischer på de anvisade tavlorna, inte på lyktstolparna", "incitement_crime"),
    ("Vi väntade på bussen utanför skolan i en halvtimme", "threat"),
]


FOUND_BLIND29_30 = [
    ("Nästa gång ni glömmer tömma vårt kärl sprejar jag ner hela sopbilen", "threat.conditional"),
    ("Stänger ni simhallen så tar vi hand om de skyldiga själva", "threat.conditional"),
    ("Fritidschefen har tagit emot mutor av städfirman, alla vet det", "personal_attack.directed"),
    ("Rektorn har förskingrat pengar från skolresan", "personal_attack.directed"),
    ("Här kommer frågorna till nationella provet i svenska, fick dem av en kompis", "confidential.leaked_document"),
    ("Anbuden för skolmaten ligger på 12,5 miljoner och 13 miljoner", "confidential.leaked_document"),
    ("Förhören är klara och den misstänkte är grannens son", "confidential.leaked_document"),
    ("Bifogar minnesanteckningarna från elevhälsomötet om min klasskompis", "confidential.leaked_document"),
    ("Hela kapitlet ur hennes nya bok finns här nedanför", "copyright.piracy"),
    ("Det är fullt med spam om kryptovaluta under alla inlägg", "commercial.sales"),
    ("Någon har postat hans mobilnummer under bilden, ta bort", "personal_data.reported"),
    ("Kryssa inte personer, rösta på lista 2 i höst!", "party_politics.electioneering"),
    ("Bänd upp förråden i källaren, cyklarna rostar ändå", "incitement_crime.sabotage_and_supply"),
    ("lets steal the laptops from the library lol", "incitement_crime.sabotage_and_supply"),
    ("Visa en skärmdump av en biljett så märker föraren inget", "incitement_crime.sabotage_and_supply"),
    ("Träffar ni busschauffören, spöa honom", "incitement_crime.sabotage_and_supply"),
]

HARMLESS_BLIND29_30 = [
    ("Förundersökningen om branden är nedlagd enligt polisen", "confidential"),
    ("Alla anbud ska vara inne senast den 3 mars", "confidential"),
    ("Läraren berättade om hur mutor fungerade under medeltiden", "personal_attack"),
    ("Nästa gång vi kommer till biblioteket tar vi med oss fikat", "threat"),
    ("Vi har lagt ut adressen till föreningens möte på hemsidan", "personal_data"),
]


FOUND_BLIND31_32 = [
    ("if you close the pool again i swear i will burn the whole place", "threat.english"),
    ("Bara en påminnelse: folk har råkat illa ut för mindre", "threat.veiled"),
    ("Din son tränar väl i sporthallen på onsdagar?", "threat.veiled"),
    ("Koppla in er i elskåpet vid parkeringen, ingen märker något", "incitement_crime.sabotage_and_supply"),
    ("Såga ner lindarna i natt innan bygget börjar", "incitement_crime.sabotage_and_supply"),
    ("Lägg en femhundring i ett kuvert till handläggaren så får du bygglovet", "incitement_crime.sabotage_and_supply"),
    ("Rösta två gånger, först förtidsröst och sen på valdagen", "incitement_crime.sabotage_and_supply"),
    ("Ockupera sammanträdet på torsdag så blir det inget beslut", "incitement_crime.sabotage_and_supply"),
    ("Ekonomichefen har stoppat pengarna i egen ficka", "personal_attack.directed"),
    ("Räddningschefen var berusad på jobbet under branden", "personal_attack.directed"),
    ("Läckt mejl från kommundirektören: de ska sälja hamnen", "confidential.leaked_document"),
    ("Från den slutna beredningen: beslutet är redan fattat", "confidential.leaked_document"),
    ("Anbuden på nya skolan har kommit in: 90 Mkr och 95 Mkr", "confidential.leaked_document"),
    ("Alla somalier ska kastas i sjön, skrev någon här", "hate_speech.group_dehumanising"),
    ("Sjätte dagen jag skriver till dig, Emma, varför svarar du inte", "sexism_harassment.harassment"),
    ("Video på rådjuret som blev överkört, så blodigt haha", "violence_pornography.gore"),
    ("Någon postar valpropaganda under varje inlägg om stormen", "party_politics.electioneering"),
]

HARMLESS_BLIND31_32 = [
    ("Tycker ni ska skjuta upp beslutet till hösten", "incitement_crime"),
    ("Anbuden ska ha kommit in senast fredag, står det i annonsen", "confidential"),
    ("Din dotter var jätteduktig på uppvisningen i lördags!", "threat"),
    ("Jag väntade vid busshållplatsen där linje 4 stannar", "sexism_harassment"),
]


FOUND_BLIND33_34 = [
    # Finnish "I know where you live"; told to stay away from a place; fetched and taught a lesson
    ("Tiedämme missä te asutte, muistakaa se", "threat.other_languages"),
    ("Tiedän missä hän asuu ja milloin hän lähtee töihin", "threat.other_languages"),
    ("Han som anmälde mopederna ska nog hålla sig borta från torget i sommar", "threat.implied"),
    ("Vi borde plocka upp grannen efter jobbet och lära honom en läxa", "threat.implied"),
    ("Handläggaren förtjänar en kula för det beslutet", "threat.first_person_violence"),
    # hate: monkeys on a picture of people, coded slurs, a trait pinned on a group
    ("Nya laget i korpen på fotot 🦍🦍🍌", "hate_speech.coded_emoji"),
    ("Sommarens nya elever 🐵🐒", "hate_speech.coded_emoji"),
    ("Parken var fin innan kulturberikarna flyttade in", "hate_speech.slur"),
    ("Bussen full av hijabkärringar igen", "hate_speech.slur"),
    ("typiskt somalier att aldrig komma i tid", "hate_speech.group_dehumanising"),
    # attacks: a vermin to someone's face, clowns after a role
    ("Svara nu Bergström din kackerlacka!", "personal_attack.directed"),
    ("Ordföranden i nämnden har inte läst ärendet 🤡🤡", "personal_attack.directed"),
    # sexism: women unable at a skill, pictures of staff undressed, a come-on to someone in a photo
    ("Kvotera inte in tjejer som inte kan parkera en buss", "sexism_harassment.sexist"),
    ("Smygfota tjejerna i omklädningsrummet och lägg upp det", "sexism_harassment.harassment"),
    ("Brunetten i gula jackan på fotot från loppet, dm:a mig ikväll", "sexism_harassment.harassment"),
    ("Har ni fler bilder från dansen? Hoppas snyggingen längst fram är med 👅", "sexism_harassment.sexual_remark"),
    # incitement as a tip: a stream hacked, "you know what to do" after an address, weed grown
    # where nobody checks, Finnish black work, alcohol bought for kids
    ("Kapa skolans hemsida under skoldagen och lägg upp memes", "incitement_crime.sabotage_and_supply"),
    ("Killen bor på Ängsvägen 4, ni vet vad ni ska göra", "incitement_crime.sabotage_and_supply"),
    ("Odla cannabis i växthuset vid koloniområdet, ingen kollar", "incitement_crime.sabotage_and_supply"),
    ("just grow some weed behind the sports hall, nobody cares", "incitement_crime.sabotage_and_supply"),
    ("Tehdään pimeitä keikkoja, kukaan ei kysy", "incitement_crime.sabotage_and_supply"),
    ("Handla ut åt glina vid skateparken, de betalar bra", "incitement_crime.sabotage_and_supply"),
    # a full name right before a street and number; a drunk said of someone; a disabled group
    ("Kalle Nyström, Granvägen 9, är den som klottrar på garagen", "personal_data.home_address"),
    ("Margit Lund på Ekbacken 2 har inte fått sin mat idag", "personal_data.home_address"),
    ("Nya vaktmästaren på skolan, han är en känd alkis", "personal_attack.directed"),
    ("Funkisar ska inte få bo i vårt område", "hate_speech.group_dehumanising"),
    # gore in English with a laugh
    ("check the clip, dude got his head kicked in behind the mall lol", "violence_pornography.gore"),
]

OWN_BLIND33_34 = [
    "Har brutit armen och kan inte skotta själv, jag undrar om det finns hjälp att få?",
    "Dömdes till fyra månaders fängelse för misshandel 2015 och har skött mig sedan dess. Kan jag söka jobb hos er?",
]

REPORTS_BLIND33_34 = [
    "I tråden om badet skrev en användare 'alla lärare är pedofiler'. Ta bort det.",
    "Rapporterar: \"hon borde skjutas\" under livesändningen",
    "Flaggar kontot som lägger ut falska vinster under varje inlägg",
    "Ta bort kommentaren från 'Nils88' under bilden från lucia",
    "Inlägget från Gunnar om skolkuratorn borde tas bort, det är rena lögner",
    "Det ligger en bild i kommentarerna på en elev som gråter. Radera den snälla.",
    "Det finns ett falskt konto som utger sig för att vara biblioteket",
]

RHETORICAL_BLIND33_34 = [
    "Visste du att biblioteket har över 40 000 ljudböcker? Låna gratis!",
    "Är det bara jag som längtar till våren? 🌷",
    "Vem behöver Medelhavet när man har Vättern? ☀️",
    "Missade ni konserten? Hela inspelningen finns på vår sida",
    "Vill du också bli läxhjälpare? Anmäl dig i receptionen",
]

HARMLESS_BLIND33_34 = [
    ("Aporna på Kolmården var roliga idag 🐒🐒🍌", "hate_speech"),
    ("Temafest på fritids: djungelkväll med ballonger 🐵🐒", "hate_speech"),
    ("Musiken berikar verkligen vår stad", "hate_speech"),
    ("Det är typiskt svenskt att prata om vädret", "hate_speech"),
    ("Din råtta har rymt ur buren igen, mormor ringde", "personal_attack"),
    ("Ta på din mask i väntrummet, tack", "personal_attack"),
    ("Slå ihjäl varenda mygga du ser i sommar 😄", "threat"),
    ("Laget förtjänar en medalj efter säsongen", "threat"),
    ("Vi borde hämta barnen tidigt och lära dem cykla", "threat"),
    ("Svenskar förtjänar att dö ut? Nej, tvärtom", "threat"),
    ("Tjejer som inte kan simma får gratis lektioner i sommar", "sexism_harassment"),
    ("Hacka löken fint och stek den i smör", "incitement_crime"),
    ("Det är olagligt att köpa ut åt minderåriga", "incitement_crime"),
    ("Ladda ner vår app gratis och boka tvättid", "copyright"),
    ("Jag röstar på Centerpartiet men håller med er om cykelbanan", "party_politics"),
    ("Rapporterar kontot som spammar porrlänkar i kommentarerna", "violence_pornography"),
    ("Regler som är rent ut sagt idiotiska borde ändras", "personal_attack"),
    ("Parkeringsreglerna är helt ärligt korkade, ingen fattar skyltarna", "personal_attack"),
    ("Varning: ett konto som liknar kommunens lurar pensionärer att swisha en avgift", "commercial"),
    ("Pizzeria Napoli, Kungsgatan 8, öppnar igen på fredag", "personal_data"),
    ("Jag var alkis i tio år och är nykter nu", "personal_attack"),
    ("Rullstolsburna ska ha fri entré till badet", "hate_speech"),
    ("Vi har en diabetiker i familjen, finns det sockerfritt på kalaset?", "sensitive_personal_data"),
    ("Hon bröt armen på honom i slagsmålet, sa polisen", "sensitive_personal_data"),
    ("Blood everywhere after the tomato fight at the festival 🍅", "violence_pornography"),
]

FOUND_BLIND35_36 = [
    # threats: a routine known, watch out on the way home, a lynching looked forward to, torches, a weapon for each
    ("Vi vet vilken buss din dotter tar till gymnasiet, Maria.", "threat.veiled"),
    ("Jag vet när hon slutar på förvaltningen och vilken väg hon cyklar", "threat.veiled"),
    ("Passa dig på promenaden hem i kväll, Henrik. Vi har inte glömt.", "threat.veiled"),
    ("Tänk om nämndens ordförande dinglar i ett träd nästa vår", "threat.veiled"),
    ("Vi åker hem till honom med tillhyggen efter mötet", "threat.veiled"),
    ("Politikerna som röstade ja borde få smaka på ett basebollträ", "threat.veiled"),
    ("Har köpt patroner, en till varje ledamot i styrelsen", "threat.veiled"),
    ("Waan ku dili doonaa haddii aad sii wado", "threat.other_languages"),
    # hate: a group deserving a crime, a mosque to burn, coded slogans and numbers, parasites from a region
    ("Somalier förtjänar att bli misshandlade allihop", "hate_speech.group_dehumanising"),
    ("Någon borde sätta eld på synagogan i natt", "hate_speech.coded"),
    ("Centrum är lilla Kabul nu #remigration", "hate_speech.coded"),
    ("Vi säger nej till islamiseringen av våra förskolor", "hate_speech.coded"),
    ("Fler snyltare från arabländerna ska hit nu igen", "hate_speech.coded"),
    # sexism: sent home to the children, too emotional for money, staff called hot with a come-on
    ("Tjejerna i räddningstjänsten borde stanna hemma och ta hand om barnen", "sexism_harassment.sexist"),
    ("Kvinnorna i styrelsen är för emotionella för siffror, låt männen bestämma", "sexism_harassment.sexist"),
    ("Damerna i kassan på badhuset är så sexiga 🍑 vill nån ligga med mig", "sexism_harassment.sexist"),
    # violence: a body's ruin relished; nudes sent
    ("Vill se blodet spruta ut över torget, så härligt det blir 😍", "violence_pornography.gore"),
    ("Skickar nudes till den som gillar inlägget 💦", "violence_pornography.pornography"),
    # incitement: a code for free entry, poaching, a number shared to harass, a show filmed and uploaded,
    # riding without paying, a contract bought under the counter
    ("Lösenordet till gymmets dörr är 8812, så kommer ni in gratis på natten", "incitement_crime.tip"),
    ("Ta båten och tjuvfiska vid bryggan innan tillsynen vaknar", "incitement_crime.tip"),
    ("Sprid rektorns telefonnummer så alla kan ringa och säga vad de tycker", "incitement_crime.tip"),
    ("Filma hela föreställningen och ladda upp den på TikTok", "incitement_crime.tip"),
    ("Åk pendeln utan biljett, ingen kontrollerar på helgen", "incitement_crime.tip"),
    ("Hyr ett förstahandskontrakt svart, det går fortare", "incitement_crime.tip"),
    # a street told to its resident; a shelter at an address; a party's own event; school support for a named pupil
    ("Vi ses snart. Lingongatan 12, eller hur?", "personal_data.home_address"),
    ("Tjejjouren håller till i gamla bankhuset vid Stationsgatan 3", "confidential.protected_address"),
    ("Välkomna till Liberalernas grillkväll i parken på lördag!", "party_politics.electioneering"),
    ("Fyfan vilken kö det var till tippen", "profanity.swear"),
    ("Fritidsledaren Sami är tydligen jude, visste ni det?", "sensitive_personal_data.religion"),
    ("Ni på bygglovskontoret kan dra åt helvete allihop", "personal_attack.directed"),
    # harm hinted at: a firebomb someone should throw, the writer wrecking a thing after a condition, a visit at
    # home, things that will happen, the one who comes carried out, "dead if", a shed not left standing, brakes
    ("Någon borde slänga en brandbomb genom fönstret på miljökontoret", "threat.hinted"),
    ("Stänger ni simhallen så krossar jag hela entrén", "threat.hinted"),
    ("Vi ska sätta eld på era bilar om skolan läggs ner", "threat.hinted"),
    ("Planchefen ska få ett besök i natt, det lovar jag", "threat.hinted"),
    ("Nekar ni bygglovet en gång till så kommer det att hända grejer", "threat.hinted"),
    ("Alla som kommer för att riva stugan får bäras ut därifrån", "threat.hinted"),
    ("Vaktmästarn är död om han låser cykelrummet igen", "threat.hinted"),
    ("Grannen som klagade ska inte räkna med att hans garage står kvar", "threat.hinted"),
    ("Hoppas bromsarna på din nya Tesla håller, Mikael 😉", "threat.hinted"),
    ("Vi har skrivit upp namnen och vet var kommunalrådet tränar", "threat.hinted"),
    ("Kolla över axeln nästa gång du lämnar stadshuset", "threat.hinted"),
    # hate: a group called mad or perverse, barred further on, not at home here, breeding like rats, ruining all
    ("Homosexuella är perversa allihop, det vet alla", "hate_speech.group_dehumanising"),
    ("Romer har ingen respekt och ska aldrig få bo i våra hus", "hate_speech.group_dehumanising"),
    ("Judar hör inte hemma i vår stad", "hate_speech.group_dehumanising"),
    ("Flyktingarna förstör området, alla vet det", "hate_speech.group_dehumanising"),
    # incitement: an order, then nobody checks; spray or fireworks brought along to use
    ("Parkera på handikapplatsen vid simhallen, vakterna kollar aldrig", "incitement_crime.tip"),
    ("Sno grenarna från kommunens upplag, ingen märker något", "incitement_crime.tip"),
    ("Ta med sprejfärg på lördag och måla över skylten vid rondellen", "incitement_crime.tip"),
    # fetched, a car to check, white powder, thrown into the lake, told not to walk alone, a pity if she fell
    ("Stänger ni dagiset kommer vi och hämtar förvaltningschefen själva", "threat.hinted"),
    ("Bygglovshandläggaren borde titta under bilen varje morgon nu", "threat.hinted"),
    ("Säg åt vaktmästaren att han inte ska gå ensam hem efter stängning", "threat.hinted"),
    ("Vore trist om din fru ramlade i trappan, Stefan", "threat.hinted"),
    ("Det här kommer ni att få ångra i fullmäktige", "threat.hinted"),
    ("Inspektören som kom hit får en slägga i ryggen nästa gång", "threat.hinted"),
    # sexism implied: a job got by looks, what to wear, tears, coffee and gossip, a private viewing, hidden cameras
    ("Nya ekonomichefen fick säkert tjänsten för att hon är så ung och blond", "sexism_harassment.implied"),
    ("Tjejerna i simlaget borde träna i bikini, då kommer publiken", "sexism_harassment.implied"),
    ("Kvinnliga poliser klarar inte en fyllekväll på stan", "sexism_harassment.implied"),
    ("Tjejerna på växeln borde hålla sig till fika och skvaller", "sexism_harassment.implied"),
    ("Vill ha en privat genomgång med den söta bibliotekarien 😏", "sexism_harassment.implied"),
    ("Säljer klipp tagna med dold kamera i tjejernas omklädningsrum, swish", "sexism_harassment.implied"),
    # faith and medication of a named or role-named person; more orders and tools; an address spread, a door rung
    ("Kassören Farid är ju sunnimuslim, därför stoppade han julfesten", "sensitive_personal_data.religion"),
    ("Handledaren Petra tar antidepressiva, det vet alla på enheten", "sensitive_personal_data.health"),
    ("Ta med ägg på fredag och kasta på rektorns bil", "incitement_crime.tip"),
    ("Ta reda på hennes adress och sprid den här i tråden", "incitement_crime.tip"),
    ("Knacka på hos honom varje natt tills han ger med sig", "incitement_crime.tip"),
    ("Stämpla in åt varandra, chefen kollar aldrig", "incitement_crime.tip"),
]

HARMLESS_BLIND35_36 = [
    ("Jag vet inte var han jobbar nu, någon som vet?", "threat"),
    ("Akta er på vägen hem ikväll, det är blixthalt på bron", "threat"),
    ("Tänk när julgranen hänger full med kulor igen 🎄", "threat"),
    ("Vi kommer med facklor till fackeltåget på lördag", "threat"),
    ("Koden till wifi står i receptionen, så kan ni surfa gratis", "incitement_crime"),
    ("Han tjuvfiskade i fredningsområdet och fick böter, bra att tillsynen var där", "incitement_crime"),
    ("Barn under sju år får åka buss utan biljett", "incitement_crime"),
    ("Vilket fjantigt påhitt med nya skyltarna, men okej", "personal_attack"),
    ("Kriminellt goda kanelbullar på Ekbackens café", "personal_attack"),
    ("Mahadsanid! Tack för tolkhjälpen på biblioteket", "personal_attack"),
    ("Filmade hela dansuppvisningen, länk i bio för föräldrarna", "commercial"),
    ("Min granne Greta röstar på KD och är ändå världens snällaste", "party_politics"),
    ("Hon med skyddad identitet som flyttat in i vårt hus bor på Ekgatan 5, alla vet", "personal_data"),
    ("Festivalen är lilla Paris en helg om året", "hate_speech"),
    ("Bussbolaget kan dra åt helvete, tredje gången i veckan bussen inte kommer", "personal_attack"),
    ("Dra åt helvete med era nya p-avgifter vid stationen", "personal_attack"),
    ("Skolan ska få besök hemma av en författare i vår", "threat"),
    ("Det var dödens om man missade bussen förr", "threat"),
    ("Kolla bromsarna innan ni cyklar till skolan", "threat"),
    ("Slänger ni en kula glass i soporna så kommer getingarna", "threat"),
    ("Flyktingar hör inte hemma i tältläger, de ska ha riktiga bostäder", "hate_speech"),
    ("Transpersoner ska inte få sämre vård än andra", "hate_speech"),
    ("Ta med fyrverkerier till tippen efter nyår så tar vi hand om dem", "incitement_crime"),
    ("Parkera på anvisad plats, vakterna är där varje dag", "incitement_crime"),
    ("Vi kommer och hämtar er med buss vid stationen kl 9", "threat"),
    ("Vore synd om du missade konserten på lördag", "threat"),
    ("Hon fick jobbet för att hon är den mest erfarna sökande", "sexism_harassment"),
    ("Tjejerna i laget gick i bikini på stranden efter matchen", "sexism_harassment"),
    ("Någon har satt en dold kamera i tjejernas omklädningsrum, polisen är kontaktad", "sexism_harassment"),
    # false flags over every labelled set: residents and associations, a spam link reported, criticism of things,
    # intensifiers, food, a clown show, a past vote, records burst, waiting times that "kill"
    ("Vi på Björkstigen har inte fått soporna hämtade på två veckor", "commercial"),
    ("Vi på scoutkåren säljer korv vid badet, pengarna går till lägret", "commercial"),
    ("Varför ligger porrlänken kvar i tråden? Radera den", "violence_pornography"),
    ("Anmäler kontot med kryptoreklam under varje inlägg", "commercial"),
    ("Det var helt korkat att stänga återvinningen i juli", "personal_attack"),
    ("Vem har gjort den här idiotiska skylten vid infarten?", "personal_attack"),
    ("Förslaget om att flytta biblioteket till industriområdet är totalt hjärndött", "personal_attack"),
    ("Parkeringsavgiften är kriminellt hög vid lasarettet", "personal_attack"),
    ("Soppan på äldreboendet var ljummen och äcklig idag", "personal_attack"),
    ("Clownshowen på torget var succé bland barnen", "personal_attack"),
    ("Jag röstade på Liberalerna i förra kommunvalet, men nu vet jag inte", "party_politics"),
    ("Nu ska vi spränga publikrekordet på julmarknaden!", "threat"),
    ("Byråkratin i bygglovsärenden dödar landsbygden", "threat"),
    ("Jag är själv religiös och tycker julkonserten i kyrkan är fin", "sensitive_personal_data"),
    ("Ta med ägg och mjöl till bakdagen på fritids", "incitement_crime"),
    ("Knacka på hos grannen och fråga om hjälp med snöskottningen", "incitement_crime"),
    ("Sonen har fått placering på en förskola långt hemifrån, kan vi byta?", "confidential"),
]

OWN_CONTACT_BLIND35_36 = [
    "Ni når mig som kontaktperson för kören på 0702-556 677",
    "Har bytt nummer till 0733-221 100, uppdatera gärna i ärendet",
    "Hör av er på 070-445 66 77 om ni behöver skjuts till vallokalen",
    "Jag leder föreningen och svarar gärna på frågor, mejla anna.lind@exempel.se",
    "Jag heter Lena Berg och har bilder från loppisen. Nå mig på lena.berg@exempel.se eller 0701-223 344",
    "Hej, jag heter Ali Rahimi, tel 0736-118 220, och söker jobb som badvakt",
]




@pytest.mark.parametrize("text", REPORTS_BLIND33_34)
def test_reports_with_the_writer_after_the_verb_or_pointed_at_are_reports(text: str) -> None:
    assert "reports_content" in classify(text, ESKILSTUNA).intents, classify(text, ESKILSTUNA).hits


@pytest.mark.parametrize("text", RHETORICAL_BLIND33_34)
def test_teasers_are_no_question_and_say_so(text: str) -> None:
    verdict = classify(text, ESKILSTUNA)
    assert "question" not in verdict.intents and any(h.rule_id == "question.rhetorical" for h in verdict.hits)


@pytest.mark.parametrize("text", [
    "Här är länken: https://kommun.se/sida.php?id=42&lang=sv",
    "Magnetlänken är magnet:?xt=urn:btih:abc123, ingen fråga",
])
def test_a_question_mark_inside_a_link_is_no_question(text: str) -> None:
    assert "question" not in classify(text, ESKILSTUNA).intents, classify(text, ESKILSTUNA).hits


@pytest.mark.parametrize("text", [
    "Om nån undrar: simhallen öppnar igen på måndag",
    "För er som undrade så är bommen vid Ekvägen lagad",
])
def test_an_answer_to_those_who_wonder_is_no_question(text: str) -> None:
    assert "question" not in classify(text, ESKILSTUNA).intents, classify(text, ESKILSTUNA).hits


def test_an_adverts_own_swish_or_phone_and_the_writers_own_number_are_not_a_third_partys() -> None:
    for text in ("Säljer rabarber 40 kr knippet. Swisha 0701-223 344 och hämta vid grinden",
                 "Vi fixar dina fönster! 📞 0722-119 900",
                 "Jag heter Amir, söker sommarjobb och nås på 073-441 22 10"):
        assert "personal_data" not in {h.id for h in classify(text, ESKILSTUNA).hits
                                       if not h.rule_id.startswith("model.")}, text
    assert "personal_data" in classify("Ring grannen Bosse 0702-334 455, han vet", ESKILSTUNA).categories


def test_förbannade_before_an_insult_is_the_curse_and_alone_is_anger() -> None:
    assert "profanity" in classify("ni är ena förbannade pucko allihop", ESKILSTUNA).categories
    assert "profanity" not in classify("Jag är förbannad på att bussen aldrig kommer", ESKILSTUNA).categories


# --- one test per kind over every round's cases ----------------------------------------

@pytest.mark.parametrize("text, rule", FOUND_BLIND15_16 + FOUND_BLIND17_18 + FOUND_BLIND19_22 + FOUND_BLIND23_24
                         + FOUND_BLIND25_26 + FOUND_BLIND27_28 + FOUND_BLIND29_30
                         + FOUND_BLIND31_32 + FOUND_BLIND33_34 + FOUND_BLIND35_36)
def test_the_kinds_the_blind_sets_missed_are_found_by_their_construction(text: str, rule: str) -> None:
    assert rule in _rule_ids(text), classify(text, ESKILSTUNA).hits


@pytest.mark.parametrize("text", OWN_BLIND15_16 + OWN_BLIND17_18 + OWN_BLIND33_34)
def test_the_writers_own_condition_or_sentence_is_tagged_as_their_own(text: str) -> None:
    assert any(r.startswith("sensitive_personal_data.") and r.endswith(".own") for r in _rule_ids(text)), (
        classify(text, ESKILSTUNA).hits)


@pytest.mark.parametrize("text, category", HARMLESS_BLIND15_16 + HARMLESS_BLIND17_18 + HARMLESS_BLIND19_22
                         + HARMLESS_BLIND23_24 + HARMLESS_BLIND25_26 + HARMLESS_BLIND27_28
                         + HARMLESS_BLIND29_30 + HARMLESS_BLIND31_32 + HARMLESS_BLIND33_34 + HARMLESS_BLIND35_36)
def test_the_same_words_harmlessly_are_not_those_categories_by_any_rule(text: str, category: str) -> None:
    # the rules (and the known-word filter that follows them); the model's guesses are measured, not pinned
    verdict = classify(text, ESKILSTUNA)
    assert category not in {h.id for h in verdict.hits if not h.rule_id.startswith("model.")}, verdict.hits


@pytest.mark.parametrize("text", OWN_CONTACT_BLIND35_36)
def test_the_writer_introduced_and_a_second_contact_after_their_first_are_their_own(text: str) -> None:
    assert not any(r.startswith("personal_data.") for r in _rule_ids(text)), classify(text, ESKILSTUNA).hits


def test_a_bot_pointed_at_is_a_report() -> None:
    assert "reports_content" in classify("Det finns ett fejkkonto som spammar lånelänkar under varje inlägg",
                                         ESKILSTUNA).intents


# --- blind37/38 round: fresh sentences for the kinds these sets and the labelled sets still missed ---------

FOUND_BLIND37_38 = [
    # threats: a warning closing a message, a visit that "won't be nice", the writer's fist after a condition,
    # teeth lost or bagged, an ambulance ride as the outcome, officials without bodyguards
    ("Stryker ni busslinjen till byn så får ni skylla er själva. Du är varnad, Berit.", "threat.hinted"),
    ("Lägger ni ner fritidsgården åker jag ner till stadshuset, och då blir det inte trevligt", "threat.hinted"),
    ("Ringer hon från soc en gång till så slår jag henne på truten", "threat.hinted"),
    ("Den som repade min bil ska bli av med tänderna", "threat.hinted"),
    ("Nekar ni bygglovet igen så kommer handläggaren att behöva nya tänder", "threat.hinted"),
    ("Ta med en påse till tänderna när du kommer till stämman, Kjell", "threat.hinted"),
    ("Stänger ni vägen så kommer plogföraren åka ambulans härifrån", "threat.hinted"),
    ("Nämndens ledamöter har inga livvakter, det är bra att veta", "threat.hinted"),
    ("Passa på nu när du kan gå till jobbet utan livvakt, Göran", "threat.hinted"),
    # arson urged on an office, a can of petrol brought, the writer's tractor or gun after a condition, a gun at home
    # with patience running out, someone seen to it that they regret
    ("Nån borde sätta eld på bygglovskontoret innan nästa möte", "threat.hinted"),
    ("Drar ni in färdtjänsten kommer vi dit med bensinflaskor", "threat.hinted"),
    ("Parkerar han på min gård igen så kör jag över honom", "threat.hinted"),
    ("Jag har ett gevär i garderoben och mitt tålamod tar slut nu", "threat.hinted"),
    ("Stryks bussen ser jag själv till att nämndens ordförande får ångra det", "threat.hinted"),
]

HARMLESS_BLIND37_38 = [
    ("Ni har blivit varnade för halkan på bron i morgon bitti", "threat"),
    ("Vi kommer till midsommarfesten, och då blir det inte trevligt väder enligt SMHI", "threat"),
    ("Vi slår dem på hemmaplan nästa gång, heja laget!", "threat"),
    ("Mormor kommer att behöva nya tänder, vad kostar tandvården?", "threat"),
    ("Blir du sjuk så får du åka ambulans till Sunderbyn", "threat"),
    ("Simhallen har öppet utan livvakt på morgonen, simma på egen risk", "threat"),
    ("Någon borde tända eld på brasan i vindskyddet innan vi kommer", "threat"),
    ("Jag har ett gevär till älgjakten och licens sedan tio år", "threat"),
    ("Vi kommer dit med bussen och cyklarna på lördag", "threat"),
]


@pytest.mark.parametrize("text, rule", FOUND_BLIND37_38)
def test_the_kinds_blind37_38_and_the_labelled_sets_missed_are_found_by_their_construction(text: str,
                                                                                          rule: str) -> None:
    assert rule in _rule_ids(text), classify(text, ESKILSTUNA).hits


@pytest.mark.parametrize("text, category", HARMLESS_BLIND37_38)
def test_the_same_words_harmlessly_are_not_those_categories_by_any_rule_blind37_38(text: str, category: str) -> None:
    verdict = classify(text, ESKILSTUNA)
    assert category not in {h.id for h in verdict.hits if not h.rule_id.startswith("model.")}, verdict.hits

# complaint only for the writer's own dissatisfaction with the municipality: not another's complaining, not a
# report's words about the content, not a teaser's trouble, not a wait on another authority's decision
NOT_COMPLAINT_BLIND37_38 = [
    "Hon i receptionen klagar på allt, det vet hela skolan",
    "Ni som klagar på gatubelysningen borde flytta till stan",
    "De städar snabbt och klagar aldrig, bästa firman",
    "Hennes nummer står på anslagstavlan om nån vill klaga på bokningen",
    "Någon skrev en riktigt otrevlig kommentar om fritidsledarna under inlägget, ta bort den",
    "Trött på novembermörkret? Kulturhuset har ljusfest på lördag, kom förbi!",
    "Hur länge brukar Försäkringskassan ta? Min svärfar har väntat i sex veckor",
]
STILL_COMPLAINT_BLIND37_38 = [
    "Jag har klagat tre gånger på snöröjningen och inget händer",
    "Vi klagar igen: soporna har inte hämtats på två veckor",
    "Hemtjänsten har väntat i veckor på att ni ska fixa nyckelskåpet, oacceptabelt",
]


def _rules_complaint(text: str) -> bool:
    return any(h.rule_id == "complaint.lexicon" for h in classify(text, ESKILSTUNA).hits)


@pytest.mark.parametrize("text", NOT_COMPLAINT_BLIND37_38)
def test_anothers_complaining_a_reports_words_a_teaser_and_another_authoritys_wait_are_no_complaint(text: str) -> None:
    assert not _rules_complaint(text), classify(text, ESKILSTUNA).hits


@pytest.mark.parametrize("text", STILL_COMPLAINT_BLIND37_38)
def test_the_writers_own_complaint_stays_one(text: str) -> None:
    assert _rules_complaint(text), classify(text, ESKILSTUNA).hits

# reports: content pointed at where it stands and asked away after, a comment named by its quote, one already
# reported or flagged, who wrote it named as "killen som skrev"
REPORTS_BLIND37_38 = [
    "Titta i kommentarsfältet under bilden från skolavslutningen och radera det som står om rektorn",
    "Kommentaren 'alla på soc är pedofiler' står fortfarande kvar, ta bort!",
    "Jag har flaggat ett inlägg om vaktmästaren, hoppas ni plockar bort det",
    "Tjejen som skrev om min son under fotbollsinlägget borde blockeras",
]
NO_REPORT_BLIND37_38 = [
    "Anmäl dig i kommentarerna till höstens stickcafé!",
    "Hela sändningen från fullmäktige ligger kvar här i tråden 👇",
    "Länken i inlägget fungerar inte, men anmälan finns på startsidan",
    "Ta bort skylten vid badet, den står i vägen för barnvagnarna",
]


@pytest.mark.parametrize("text", REPORTS_BLIND37_38)
def test_content_pointed_at_and_asked_away_is_a_report(text: str) -> None:
    assert "reports_content" in classify(text, ESKILSTUNA).intents, classify(text, ESKILSTUNA).hits


@pytest.mark.parametrize("text", NO_REPORT_BLIND37_38)
def test_a_place_in_the_comments_without_a_request_to_remove_is_no_report(text: str) -> None:
    assert "reports_content" not in classify(text, ESKILSTUNA).intents, classify(text, ESKILSTUNA).hits

# violence relished after someone else's injury is told; the writer's own sex told in a public comment
GORE_AND_SEX_BLIND37_38 = [
    ("Gubben låg och ryckte på perrongen efter smällen, har kollat klippet 20 gånger", "violence_pornography.gore"),
    ("När tåget körde över mannen lät det som när man klyver ved, skitfett", "violence_pornography.gore"),
    ("Snubben fick huvudet nedtrampat utanför Konsum, bästa underhållningen i år 😂🩸", "violence_pornography.gore"),
    ("Jag och min kille hade sex i omklädningsrummet på badet igår 💦", "violence_pornography.pornography"),
    ("Minns ni när vi knullade bakom scenen på festivalen? 🍆", "violence_pornography.pornography"),
]
NO_GORE_OR_SEX_BLIND37_38 = [
    "Killen låg och blödde på torget, polisen kom snabbt. Hemskt 😢",
    "Grannen blev överkörd i våras, vi saknar honom om och om igen",
    "Vi hade sex lektioner i veckan på SFI, nu bara tre",
    "Jag och min fru har sex barnbarn som går på Kuoksu skola",
]


@pytest.mark.parametrize("text, rule", GORE_AND_SEX_BLIND37_38)
def test_an_injury_relished_and_ones_own_sex_told_are_violence_or_pornography(text: str, rule: str) -> None:
    assert rule in _rule_ids(text), classify(text, ESKILSTUNA).hits


@pytest.mark.parametrize("text", NO_GORE_OR_SEX_BLIND37_38)
def test_an_injury_mourned_and_the_number_six_are_neither(text: str) -> None:
    verdict = classify(text, ESKILSTUNA)
    by_rules = {h.id for h in verdict.hits if not h.rule_id.startswith("model.")}
    assert "violence_pornography" not in by_rules, verdict.hits


@pytest.mark.parametrize("text", ["Somalipacket vid centrum borde flytta härifrån",
                                  "Hela polack-packet jobbar svart på bygget"])
def test_a_group_compounded_with_pack_is_hate(text: str) -> None:
    assert "hate_speech.slur" in _rule_ids(text), classify(text, ESKILSTUNA).hits


@pytest.mark.parametrize("text", ["Köpte ett sexpack läsk till grillkvällen",
                                  "Flatpack-möblerna till fritidsgården kom idag",
                                  "Vi packade transportlådorna till loppisen"])
def test_pack_in_other_words_is_no_hate(text: str) -> None:
    assert "hate_speech" not in {h.id for h in classify(text, ESKILSTUNA).hits if not h.rule_id.startswith("model.")}


def test_the_writers_own_photo_used_by_the_municipality_is_no_piracy_and_someone_elses_upload_is() -> None:
    for text in ("Fotot i ert inlägg är min, ni på kulturförvaltningen har inte frågat mig",
                 "Kommunens Facebook har lagt upp min bild från älvdalen utan att fråga, vem ansvarar?"):
        by_rules = {h.id for h in classify(text, ESKILSTUNA).hits if not h.rule_id.startswith("model.")}
        assert "copyright" not in by_rules, text
    assert "copyright.piracy" in _rule_ids("Han har lagt upp bilderna från fotografens utställning utan att fråga")
