"""The explainable rules engine and the pluggable classifier interface.

A classifier turns text into `Hit`s: a category or intent id, the rule that fired and
the spans (offsets into the text as written) that made it fire. The rules classifier
here is pure Python and regular expressions; a municipality can add another (say, a
model of its own) by naming a factory in the settings; hits of all classifiers are
merged and every one still says which rule produced it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from personnummer import personnummer

from . import lexicon as lx
from .anchors import PreCheck
from .hits import CATEGORY, INTENT, MODEL_RULE_PREFIX, SIGNAL, Classifier, Hit, Span
from .normalize import Normalized, fold, fold_term, normalize, unmask

# --- compiling the lexicon --------------------------------------------------------------

_SUFFIX = r"(?:a|e|en|et|er|erna|ar|arna|or|orna|na|n|t|s|as|es|ens|ets|ade|at|ad|ande|ns|ts|ar?s)?"


def fold_pattern(source: str) -> str:
    """Fold a regex written in ordinary Swedish, leaving escapes (`\\W`, `\\S`) alone."""
    out: list[str] = []
    i = 0
    while i < len(source):
        if source[i] == "\\" and i + 1 < len(source):
            out.append(source[i:i + 2])
            i += 2
            continue
        if source[i] == "[":  # a character class is copied as written
            j = source.index("]", i + 2) + 1
            out.append(source[i:j])
            i = j
            continue
        j = i
        while j < len(source) and source[j] not in "\\[":
            j += 1
        out.append(fold_term(source[i:j]))
        i = j
    return "".join(out)


def term_regex(term: str) -> str:
    if term.startswith("re:"):
        return fold_pattern(term[3:])
    parts: list[str] = []
    for word in term.split():
        if word == "~":
            parts.append(r"(?:\w+\W+){0,3}?")
            continue
        core = fold_term(re.escape(word.strip("*")))
        parts.append((r"\w*" if word.startswith("*") else "") + core + (r"\w*" if word.endswith("*") else _SUFFIX))
    return r"[\s\-]+".join(parts)


def compile_terms(terms: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = [term_regex(t) for t in terms]
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def _lexicon(terms: Iterable[str]) -> re.Pattern[str]:
    """`compile_terms` for a lexicon that is never empty (a rule's terms, a cue list)."""
    pattern = compile_terms(terms)
    assert pattern is not None, "an empty lexicon"
    return pattern


@dataclass(frozen=True)
class CompiledRule:
    rule_id: str
    category: str
    pattern: re.Pattern[str]
    unless: re.Pattern[str] | None


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _find(pattern: re.Pattern[str], norm: Normalized, unless: re.Pattern[str] | None = None) -> list[Span]:
    """Spans (in the normalised text) of `pattern`, minus those a harmless use overlaps."""
    found = [m.span() for m in pattern.finditer(norm.text) if m.end() > m.start()]
    if found and unless is not None:
        harmless = [m.span() for m in unless.finditer(norm.text)]
        found = [s for s in found if not any(_overlaps(s, h) for h in harmless)]
    return found


def _compile_groups(groups: Iterable[tuple[str, Iterable[str]]]) -> re.Pattern[str]:
    alternatives = [f"(?P<{gid}>" + "|".join(term_regex(t) for t in terms) + ")" for gid, terms in groups]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def _find_groups(pattern: re.Pattern[str], norm: Normalized,
                 unless: re.Pattern[str] | None = None) -> list[tuple[str, Span]]:
    found = [(m.lastgroup or "", m.span()) for m in pattern.finditer(norm.text) if m.end() > m.start()]
    if found and unless is not None:
        harmless = [m.span() for m in unless.finditer(norm.text)]
        found = [(g, s) for g, s in found if not any(_overlaps(s, h) for h in harmless)]
    return found


# --- personal data (on the text as written) ----------------------------------------------

_PNR = re.compile(r"(?<![\w+-])(?:19|20)?\d{6}[-+ ]?\d{4}(?!\d)")
_PHONE = re.compile(r"(?<![\w+])(?:\+46[\s-]?(?:\(0\)\s?)?|0)\d{1,3}(?:\s?-\s?|\s)?\d{2,4}(?:(?:\s?-\s?|"
                    r"\s)?\d{2,3}){1,3}(?![\d])")
# A phone number typed digit by digit ("0 7 0 - 6 6 1 2 3 4 5").
_SPACED_PHONE = re.compile(r"(?<![\w+])(?:\+\s?4\s?6|0)(?:\s?[-.]?\s?\d){7,11}(?![\w])")
# Digits typed one by one to slip past filters (`7 2 0 4 1 1 - 3 2 1 6`).
_SPACED_DIGITS = re.compile(r"(?<![\w])\d(?:[ .]\d){5,}(?:\s?[-+]\s?\d(?:[ .]?\d){3})?(?!\w)")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}")
# Written to dodge harvesters or filters: "per(at)gmail.com", "per [at] gmail punkt com".
_EMAIL_DODGED = re.compile(r"(?<![\w.+-])[\w.+-]+\s?[\(\[\{]\s?(?:at|snabel-?a)\s?[\)\]\}]\s?[\w-]+(?:\s?(?:\.|"
                           r"[\(\[]\s?(?:dot|punkt)\s?[\)\]]|\bpunkt\b)\s?[\w-]+)+", re.I)
_ADDRESS = re.compile(
    r"(?<!\w)[A-ZÅÄÖa-zåäö][a-zåäöé]+(?:gatan|vägen|gränd|gränden|torget|stigen|allén|backen|platsen|leden|slingan|gata|väg|plan)"
    r"\s+\d{1,4}(?:\s?[A-Za-z](?!\w))?(?:,?\s*(?:lgh|lägenhet)\s*\d+)?")
_OWN = re.compile(r"(?:\b(?:ring|nå|når|mejla|maila|kontakta|sms:a|smsa|skriv till|svara) (?:mig|oss)\b|\bmig på\b|"
                  r"\boss på\b|\bhöra? av (?:er|dig)(?: till (?:mig|oss))?\b|"
                  r"\b(?:bytt|nytt) (?:telefon|mobil)?nummer\b|"
                  r"\b(?:mitt|vårt) (?:nummer|telefonnummer|mobilnummer|tel|tfn)\b|\b(?:min|vår) (?:mobil|telefon|mejl|"
                  r"mail|e-post|e-postadress|adress)\b|"
                  r"\b(?:jag|vi) (?:bor|nås)\b|(?:^|[.!?]\s*)nås (?:på|via)\b)")
# "Jag heter Noor, 19 år, och nås på 072…": the writer in the sentence, then "nås på" their number
_OWN_REACHED = re.compile(r"\b(?:jag|vi|mitt namn är)\b[^.!?]{0,60}\bnås (?:på|via)\s*$|"
                          # "ni når mig som ansvarig för loppisen på 076…"
                          r"\b(?:når|nå|ring|kontakta|mejla|maila) (?:mig|oss)\b[^.!?]{0,50}$|"
                          # "jag heter Omar Saleh, tel 0762…": the writer introduced, then their number
                          r"\b(?:jag heter|mitt namn är)\b[^.!?]{0,60}\b(?:tel|tfn|telefon|mobil|mob|nr|nummer)"
                          r"\.?:?\s*$")
# A second contact after the writer's first ("nås på anna@… eller 0733…") is theirs too.
_OR_CONTACT = re.compile(r"(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\+?\d[\d -]{6,}\d)\s*(?:,|/|eller|och)\s*$")
_OFFICIAL_PHONE = re.compile(r"(?:växel|kontaktcenter|kundtjänst|servicecenter|kommunens|kommun(?:en)?s? (?:telefon|"
                             r"nummer)|telefontid|upplysning)", re.I)
_THIRD = re.compile(r"(?<!\w)" + fold_pattern(lx.THIRD_PARTY) + r"(?!\w)")
_RESIDENCE = re.compile(fold_pattern(lx.RESIDENCE_CUES))
# A first and last name ("Peter Nyström"), also at the start of a sentence; a greeting
# ("Hej Kommunen") is not one.
_NAME = re.compile(r"\b(?!(?:Hej|Hejsan|Tjena|Hallå|Tack|Kära|Snälla|Bästa|Hälsningar|Mvh)\b)[A-ZÅÄÖ][a-zåäöé]+ "
                   r"(?![A-ZÅÄÖ][a-zåäöé]*(?:erna|arna|orna|partiet|kommun|kassan|verket|regionen)\b)[A-ZÅÄÖ][a-zåäöé]+(?:s)?\b")
# The writer's family member named ("min dotter Elsa"): identifiable beyond the writer.
# A person's name right before a street and number; a business named so ("Pizzeria Roma,
# Västergatan 4") is an advert's address.
_BUSINESS = (r"(?:Pizzeria|Café|Cafe|Kafé|Restaurang|Bageri|Bageriet|Frisör|Salong|Hotell|Bar|Butik|Kiosk|Galleri|"
             r"Studio|Konditori|Konditoriet|Gym|Klinik|Tandläkare)")
_NAME_AT = re.compile(r"(?<![\w])(?!" + _BUSINESS + r"\b)" + _NAME.pattern + r"(?:,|\s+på)\s*$")
_FAMILY_NAMED = re.compile(r"\b(?:[Mm]in|[Mm]itt|[Mm]ina) (?:son|dotter|fru|man|sambo|mamma|pappa|bror|syster|barn|ex|"
                           r"kille|tjej) [A-ZÅÄÖ][a-zåäöé]+\b")
_ROLE = re.compile(r"(?<!\w)" + fold_pattern(lx.ROLE_NOUNS) + r"(?!\w)")
_OFFICIAL_EMAIL_LOCAL = {"kommun", "kommunen", "info", "kontakt", "registrator", "kundtjanst", "kontaktcenter",
                         "servicecenter",
                         "webmaster", "kommunikation", "press", "dataskydd", "dataskyddsombud"}


_OWN_PNR = re.compile(r"(?:\b(?:mitt|mina|vårt) (?:personnummer|personnr|pnr)\b|\bjag (?:heter|är född|"
                      r"har personnummer)\b|\b(?:jag|mig)\b[^.!?]{0,20}$)")


_PNR_CUE = re.compile(r"(?i:personnummer|personnr|pnr|p-nr|född)\w*\W{0,12}(?:är\W{0,3})?$|"
                      r"[A-ZÅÄÖ][a-zåäö]+ [A-ZÅÄÖ][a-zåäö]+,?\s$")


def _birth_date(number: str) -> bool:
    digits = _digits(number)[-10:]
    month, day = int(digits[2:4]), int(digits[4:6])
    return len(digits) == 10 and 1 <= month <= 12 and 1 <= day <= 31


def _fold_starts(name: str, term: str) -> bool:
    return fold(name).startswith(term[:6])


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


# (an advert's "Swisha 0736…" and "📞 0733…" are its own number too)
_CALL_ME = re.compile(r"(?:(?:^|[.!?,]\s*)(?:ring|sms:a|smsa|messa|swisha|swish|mejla|maila|e-posta)[:.]?\s*|"
                      r"\b(?:för|om) (?:offert|pris|prisförslag|bokning|beställning|mer info)[:.]?\s*|(?:📞|☎️?)\s*)$")


def _own(raw_lower: str, start: int) -> bool:
    """The writer's own contact details ("ring mig på…", an ad's "Ring 070…"), not a third party's."""
    before = raw_lower[max(0, start - 40):start]
    if _OWN.search(before) or _OWN_REACHED.search(raw_lower[max(0, start - 80):start]):
        return True
    if (chained := _OR_CONTACT.search(raw_lower[max(0, start - 60):start])) and chained.start() > 0:
        return _own(raw_lower, max(0, start - 60) + chained.start())
    # "Ring 070…" with no one else named just before it: the writer's own number.
    return bool(_CALL_ME.search(before)) and not _THIRD.search(fold(before[-25:]))


def detect_personal_data(text: str) -> list[Hit]:
    hits: list[Hit] = []
    taken: list[Span] = []
    pnr_spans: list[Span] = []
    samordning: list[Span] = []
    for m in _PNR.finditer(text):
        candidate = m.group(0).replace(" ", "")
        try:
            valid = personnummer.valid(candidate)
            coordination = valid and personnummer.parse(candidate).is_coordination_number()
        except Exception:  # noqa: BLE001 - the package raises on input it cannot parse at all
            continue
        # A number the text calls a personnummer, or that follows a name, exposes someone
        # even with a typo in its check digit: a real birth date is enough then.
        if not valid and not (_birth_date(candidate) and _PNR_CUE.search(text[max(0, m.start() - 40):m.start()])):
            continue
        (samordning if coordination else pnr_spans).append(m.span())
        taken.append(m.span())
    for m in _SPACED_DIGITS.finditer(text):
        if any(_overlaps(m.span(), t) for t in taken):
            continue
        candidate = re.sub(r"[ .]", "", m.group(0))
        try:
            if not personnummer.valid(candidate):
                continue
            coordination = personnummer.parse(candidate).is_coordination_number()
        except Exception:  # noqa: BLE001 - the package raises on input it cannot parse at all
            continue
        (samordning if coordination else pnr_spans).append(m.span())
        taken.append(m.span())
    lower = text.lower()
    # The writer's own number is tagged too (a public comment exposes it), under its own id.
    own_pnr = [sp for sp in pnr_spans if _OWN_PNR.search(lower[max(0, sp[0] - 60):sp[0]])]
    pnr_spans = [sp for sp in pnr_spans if sp not in own_pnr]
    if pnr_spans:
        hits.append(Hit(CATEGORY, "personal_data", "personal_data.personnummer", tuple(pnr_spans),
                        {"whose": "third_party"}))
    if own_pnr:
        hits.append(Hit(CATEGORY, "personal_data", "personal_data.personnummer.own", tuple(own_pnr), {"whose": "own"}))
    if samordning:
        hits.append(Hit(CATEGORY, "personal_data", "personal_data.samordningsnummer", tuple(samordning)))
    phones = []
    for m in _PHONE.finditer(text):
        if any(_overlaps(m.span(), t) for t in taken) or not 8 <= len(_digits(m.group(0))) <= 12:
            continue
        if not _own(lower, m.start()) and not _OFFICIAL_PHONE.search(text[max(0, m.start() - 40):m.start()]):
            phones.append(m.span())
    for m in _SPACED_PHONE.finditer(text):
        if (any(_overlaps(m.span(), t) for t in [*taken, *phones])
                or len(re.findall(r"(?<!\d)\d(?!\d)", m.group(0))) < 4):
            continue  # ordinary numbers are handled above; this is for digits typed one by one
        if 8 <= len(_digits(m.group(0))) <= 12 and not _own(lower, m.start()):
            phones.append(m.span())
    if phones:
        hits.append(Hit(CATEGORY, "personal_data", "personal_data.phone_third_party", tuple(phones)))
    emails = []
    for m in _EMAIL.finditer(text):
        local, _, domain = m.group(0).lower().partition("@")
        official = local in _OFFICIAL_EMAIL_LOCAL or "kommun" in domain or domain.endswith((".gov.se", "regeringen.se"))
        if not official and not _own(lower, m.start()):
            emails.append(m.span())
    for m in _EMAIL_DODGED.finditer(text):
        local = re.split(r"\s?[\(\[\{]", m.group(0).lower(), maxsplit=1)[0]
        if local not in _OFFICIAL_EMAIL_LOCAL and "kommun" not in m.group(0).lower() and not _own(lower, m.start()):
            emails.append(m.span())
    if emails:
        hits.append(Hit(CATEGORY, "personal_data", "personal_data.email_third_party", tuple(emails)))
    addresses = []
    for m in _ADDRESS.finditer(text):
        before = fold(text[max(0, m.start() - 50):m.start()])
        # A street and number alone is a place ("hål i vägen vid Storgatan 12"); it is
        # personal data when it says where someone lives.
        named = _NAME_AT.search(text[max(0, m.start() - 40):m.start()])
        # "…Svartedalsvägen 7, eller hur?": told to the one who lives there
        told = _YOURS_RIGHT.match(text, m.end())
        if (_RESIDENCE.search(before) or named or told) and not _own(lower, m.start()):
            addresses.append(m.span())
    if addresses:
        hits.append(Hit(CATEGORY, "personal_data", "personal_data.home_address", tuple(addresses)))
    # A car's plate with the name of its driver or owner in the same sentence.
    plates = [m.span() for m in _PLATE.finditer(text) if _NAME.search(text[max(0, m.start() - 80):m.end() + 80])]
    if plates:
        hits.append(Hit(CATEGORY, "personal_data", "personal_data.licence_plate", tuple(plates)))
    return hits


_CAPITALISED = re.compile(r"(?<!\w)[A-ZÅÄÖ][a-zåäöé]{2,}(?!\w)")
# Capitalised words that name no one: who an unnamed person is said to be, and sentence openers.
_NOT_A_NAME = frozenset({"hon", "han", "hen", "någon", "nån", "kvinnan", "mannen", "barnen", "barnet", "familjen",
                         "flickan", "pojken", "tjejen", "killen", "den", "det", "dom", "alla", "till", "hörde",
                         "visste", "lol", "hej", "kvinnojouren", "skyddat", "plan", "lgh", "trappuppgång"})
_PLACE_WORD = re.compile(r"(?:gatan|vägen|gränd|gränden|torget|stigen|allén|backen|platsen|leden|slingan|gata|väg|"
                         r"skolan|förskolan|huset)$")
_YOURS_RIGHT = re.compile(r"\s*,?\s*(?:eller hur|va|visst|right)\s*\?")


# A Swedish plate: three letters (no I, Q, V, Å, Ä, Ö) and two digits and a digit or letter.
_PLATE = re.compile(r"(?<![\w-])[A-HJ-PR-UW-Z]{3} ?\d{2}[A-HJ-PR-UW-Z0-9](?![\w-])")


_RHETORICAL = re.compile(fold_pattern(lx.RHETORICAL))
_PET = re.compile(r"(?<!\w)(?:katt|katten|hund|hunden|häst|hästen|kanin|kaninen|marsvin|marsvinet|valp|valpen|kisse|"
                  r"vovve)(?!\w)")
# The writer's own art. 9 data that is tagged: health (and sentences), which a public comment
# exposes for good; their own faith, origin or politics is expression, not a leak.
# The writer's unnamed relative as the subject of the term ("min mamma har demens", "vår son
# fick diagnosen"): by the labelling convention the writer's own matter, whoever else is named.
_UNNAMED_KIN = re.compile(fold_pattern(
    r"(?<!\w)(?:min|mitt|mina|vår|vårt|våra) (?:gamla |lilla |äldsta |yngsta )?(?:mamma|pappa|mor|far|mormor|morfar|"
    r"farmor|farfar|son|dotter|man|fru|sambo|"
    r"bror|syster|barn|make|maka|gubbe|tjej|kille) (?:har|hade|fick|har fått|lider av|är|blev|har nu|"
    r"har haft) (?:\w+ ){0,3}$"))
_OWN_TAGGED = frozenset({"health", "criminal_record"})
_KIN_AFTER = re.compile(r"\s(?:i (?:familjen|släkten|hushållet)|hemma hos (?:oss|mig))\b")
_ACCESS_CODE = re.compile(lx.ACCESS_CODE)
_ACCESS_CODE_BARE = re.compile(lx.ACCESS_CODE_BARE)
_ACCESS_CODE_USE = re.compile(lx.ACCESS_CODE_USE)
_ACCESS_TARGET = re.compile(lx.ACCESS_TARGET)
_ACCESS_UNLESS = re.compile(lx.ACCESS_UNLESS)
_PROTECTED_PLACE = re.compile(lx.PROTECTED_PLACE)
_PROTECTED_WHERE = re.compile(lx.PROTECTED_WHERE)
_SEXUAL_EMOJI = re.compile(lx.SEXUAL_EMOJI)
_STRONG_SEXUAL_EMOJI = re.compile(lx.STRONG_SEXUAL_EMOJI)
_EXPLICIT_SEXUAL_EMOJI = re.compile(lx.EXPLICIT_SEXUAL_EMOJI)
_PERSON_MENTION = re.compile(lx.PERSON_MENTION)
_FRUIT_WORDS = re.compile(lx.FRUIT_WORDS)
_PERSON_REMARK = re.compile(lx.PERSON_REMARK)
_SEXUAL_REMARK = re.compile(lx.SEXUAL_REMARK)
_REPORT_WROTE = re.compile(lx.REPORT_WROTE)
_REPORT_ASK = re.compile(lx.REPORT_ASK)
_REPORT_DIRECT = re.compile(lx.REPORT_DIRECT)
_REPORT_QUOTED_AT = re.compile(lx.REPORT_QUOTED_AT)
_REPORT_PLACED = re.compile(lx.REPORT_PLACED)
_REPORT_LOCATION = re.compile(lx.REPORT_LOCATION)
_REPORT_REMOVE = re.compile(lx.REPORT_REMOVE)
# Cheap first scans: the detectors above run only on text with one of their words.
_SECRET_WORDS = re.compile(r"kod|lösen|losen|inlogg|användarnamn|anvandarnamn|login|jour|skydd|boende|hvb|med \d{3}")
_SEXUAL_WORDS = re.compile(r"[🍑🍆💦👅🥵🍒🍈👄😏😈💋🤤]|tuttar|pattar|bröst|brost|rumpa|röv|läppar|lappar|"
                           r"lår|kurvor|göra med|"
                           r"nummer|snap|insta")
# (a cheap first scan: a report names the writing, the offence's place or a request to act)
_REPORT_WORDS = re.compile(r"skr[ei]v|kalla|posta|komment|lagt ut|la ut|lade ut|lagt upp|la upp|delade|spam|"
                           r"anmäl|anmal|ta bort|radera|rensa|moderera|dölja|står|star|lyder|citat|publicer|"
                           r"wrote|posted|remove|kvar|rapporter|flagg|fejk|falsk|tas bort|inlägg|bort|block|"
                           r"moderator|dölj|report")
# A quotation: "…", ”…”, '…', «…» (at least three characters inside).
_QUOTED = re.compile(r"[\"”“«'][^\"”“»']{3,}[\"”“»']")

# --- the rules classifier -----------------------------------------------------------------

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
# A question mark that asks: not one inside a link ("magnet:?xt=…", "sida.php?id=4").
_ASKS = re.compile(r"\?(?![\w=&%/])")
_LINK_MARK = re.compile(r"\?(?=[\w=&%/])")


def _asks(text: str, span: Span) -> bool:
    # one character past the sentence, so the mark's lookahead sees what follows it
    return _ASKS.search(text, span[0], min(len(text), span[1] + 1)) is not None


class RulesClassifier:
    """Swedish lexicons and phrase rules; every hit names its rule and spans."""

    name = "rules"

    def __init__(self, *, pre_check: bool = True) -> None:
        self.rules = [CompiledRule(r.rule_id, r.category, _lexicon(r.terms), compile_terms(r.unless))
                      for r in lx.RULES]

        # One scan for all art. 9 groups and one for all authorities: named groups say which.
        self.sensitive = _compile_groups(lx.SENSITIVE_TERMS)
        self.confidential_topic = _lexicon(lx.CONFIDENTIAL_TOPICS)
        self.confidential_specific = re.compile(fold_pattern(lx.CONFIDENTIAL_SPECIFIC))
        self.question = _lexicon(lx.QUESTION_CUES)
        self.complaint = _lexicon(lx.COMPLAINT_CUES)
        self.complaint_unless = _lexicon(lx.COMPLAINT_UNLESS)
        self.praise = _lexicon(lx.PRAISE_CUES)
        self.personal = _lexicon(lx.PERSONAL_MATTER_CUES)
        self.authorities = _compile_groups([(aid, terms) for aid, _, _, terms in lx.AUTHORITIES])
        self.authority_info = {aid: (name, url) for aid, name, url, _ in lx.AUTHORITIES}
        self.authority_unless = compile_terms(lx.AUTHORITY_UNLESS)
        # The lexicon scans a literal pre-check guards: the rules, then the cue lexicons.
        # `pre_check=False` runs every one on every text (to prove the check changes nothing).
        self._scanned = [rule.pattern for rule in self.rules] + [
            self.sensitive, self.confidential_topic, self.question, self.complaint, self.personal, self.authorities,
            self.praise]
        self._slot = {id(pattern): i for i, pattern in enumerate(self._scanned)}
        self._pre_check = PreCheck(self._scanned) if pre_check else None
        # Single words of the word lexicons, to read a masked word (`j*vla`, `h#ra`).
        words = [t for r in lx.RULES if r.category in lx.MASKABLE for t in r.terms
                 if not t.startswith("re:") and " " not in t]
        words.append("fan")  # written as a pattern above (no endings: "fans", "fanor" are no curse), masked as "f*n"
        self._words = re.compile(r"(?:" + "|".join(term_regex(t) for t in words) + r")")
        # The writer about themselves: "jag har epilepsi", "jag är själv opererad för", "som hiv-positiv har jag".
        self.first_person = re.compile(fold_pattern(
            # "ja har KOL": the spoken "jag" as many write it
            r"(?<!\w)(?:(?:jag|ja|vi) (?:är|har|var|hade|lider av|har fått|fick|blev|går på|tillhör|själv)(?!\w)|"
            r"(?:jag|ja|vi|min|mitt|mina) $)"))
        self.as_one = re.compile(fold_pattern(r"(?<!\w)som (?:\w+ ){0,2}$"))
        # "Som döv är det omöjligt …", "ärligt talat, som nån med svår depression …": a
        # sentence that opens with "som X" speaks of the writer, whoever the verb is.
        # "satt på kåken 2 år för misshandel, nu vill jag …": the term opens the sentence, the
        # writer is its subject left out, and names themselves after it.
        self.opens_sentence = re.compile(r"(?:^|[.!?]\s+)$")
        self.verb_first = re.compile(fold_pattern(r"(?:satt|sitter|suttit|avtjänade|avtjänat|avtjänar|dömdes|"
                                                  r"opererades|behandlades|"
                                                  r"vårdades|går|gick|har|hade|fick|blev|lider)(?!\w)"))
        self.i_later = re.compile(fold_pattern(r"(?<!\w)(?:jag|mig|mej|mitt|min|mina)(?!\w)"))
        self.as_one_opening = re.compile(fold_pattern(
            r"(?:^|[.!?]\s+|\b(?:talat|ärligt|faktiskt|men|och|hej|hejsan),?\s+)som (?:\w+ ){0,3}$"))
        # "Har precis fått beskedet om …": the writer, with the subject left out
        self.i_dropped = re.compile(fold_pattern(
            r"(?:^|[.!?]\s+)(?:har|hade|fick|har fått|blev|är) (?!(?:ni|du|han|hon|hen|vi|de|dom|man|någon|nån|det|den|"
            r"min|mitt|mina|hans|hennes)\b)(?:\w+ ){0,4}$"))
        self.i_after = re.compile(fold_pattern(r"^\W{0,2}(?:\w+ )?(?:har|är|kan|blir|får|fick|blev|vill|ska|måste|"
                                               r"tycker|undrar|skulle) (?:jag|vi)(?!\w)"))
        # Someone else between the writer and the term ("jag har en son med autism") makes it
        # that person's matter, not the writer's.
        self.someone_else = re.compile(fold_pattern(
            r"(?<!\w)(?:son|sonen|dotter|dottern|barn|barnet|fru|man|sambo|mamma|pappa|mor|far|bror|syster|granne|grannen|kollega|vän|kompis|elev|patient|brukare)\w*(?!\w)"))

    def detect(self, text: str) -> list[Hit]:
        norm = unmask(normalize(text), self._is_word)
        hits: list[Hit] = []
        possible = self._possible(norm.text)
        for i, rule in enumerate(self.rules):
            if i not in possible:
                continue  # none of the literals every match of this rule holds is in the text
            spans = _find(rule.pattern, norm, rule.unless)
            if spans:
                hits.append(Hit(CATEGORY, rule.category, rule.rule_id, tuple(norm.span(*s) for s in spans)))
        hate = [s for h in hits if h.id == "hate_speech" for s in h.spans]
        if hate:  # a group insult is hate speech; do not count it twice as a personal attack
            hits = [h for h in hits
                    if h.id != "personal_attack" or not all(any(_overlaps(s, x) for x in hate) for s in h.spans)]
        hits += detect_personal_data(text)
        hits += self._sensitive(text, norm, possible)
        hits += self._confidential(text, norm, possible)
        lower = fold(text)
        hits += self._secrets(text, lower)
        hits = self._unnamed_protected(text, hits)
        hits += self._sexual_remark(text, lower)
        hits += self._intents(text, norm, hits, lower, possible)
        return hits

    def _possible(self, normalised: str) -> set[int]:
        return self._pre_check.candidates(normalised) if self._pre_check else set(range(len(self._scanned)))

    def _may(self, pattern: re.Pattern[str] | None, possible: set[int]) -> bool:
        return pattern is not None and self._slot[id(pattern)] in possible

    def possible_rules(self, text: str) -> set[int]:
        """Indices of the rules whose regex runs on `text` (the others cannot match it)."""
        return {i for i in self._possible(unmask(normalize(text), self._is_word).text) if i < len(self.rules)}

    def _unnamed_protected(self, text: str, hits: list[Hit]) -> list[Hit]:
        """Where an unnamed person with protected identity lives ("hon med skyddad identitet … bor på
        Björkvägen 3") is the secret (`confidential`); with no name it is no one's personal data."""
        protected = [s for h in hits if h.rule_id == "confidential.protected_address" for s in h.spans]
        if not protected:
            return hits

        def unnamed_inside(span: Span) -> bool:
            sentence = self._sentence_around(text, span)
            names = [w for w in _CAPITALISED.findall(sentence)
                     if w.lower() not in _NOT_A_NAME and not _PLACE_WORD.search(w)]
            return any(_overlaps(span, p) for p in protected) and not names
        return [h for h in hits
                if not (h.rule_id == "personal_data.home_address" and all(map(unnamed_inside, h.spans)))]

    def _secrets(self, text: str, lower: str) -> list[Hit]:
        """A door code, alarm code or password posted in public, and where a protected home is."""
        hits: list[Hit] = []
        if not _SECRET_WORDS.search(lower):  # one cheap scan keeps the common case fast
            return hits
        # `value` is the code; ACCESS_CODE_USE names a number given without the word "kod" `bare`
        codes = [m.span(m.lastgroup or 0)
                 for pattern in (_ACCESS_CODE, _ACCESS_CODE_BARE, _ACCESS_CODE_USE) for m in pattern.finditer(lower)
                 if _ACCESS_TARGET.search(lower[max(0, m.start() - 30):m.start(m.lastgroup or 0)])]
        if codes and not _ACCESS_UNLESS.search(lower):
            hits.append(Hit(CATEGORY, "confidential", "confidential.access_code", tuple(codes)))
        places = []
        for m in _PROTECTED_PLACE.finditer(lower):
            if _PROTECTED_WHERE.search(text[m.end():m.end() + 60]):
                stop = re.search(r"[.!?\n,]|$", text[m.end():m.end() + 60])
                assert stop is not None  # "|$" always matches
                end = min(len(text), m.end() + stop.start())
                places.append((m.start(), end))
        if places:
            hits.append(Hit(CATEGORY, "confidential", "confidential.protected_address", tuple(places)))
        return hits

    @staticmethod
    def _sexual_remark(text: str, lower: str) -> list[Hit]:
        """A sexual remark about a person, often carried by an emoji after an ordinary question."""
        if not _SEXUAL_WORDS.search(lower):
            return []
        spans = [m.span() for m in _SEXUAL_REMARK.finditer(lower)]
        emoji = [m.span() for m in _SEXUAL_EMOJI.finditer(text)]
        if emoji:
            about = [m.span() for m in _PERSON_REMARK.finditer(lower)]
            strong = _STRONG_SEXUAL_EMOJI.search(text)
            if about and (strong or len(emoji) >= 2):
                spans += about + emoji
            elif ((strong and (_NAME.search(text) or _ROLE.search(lower))
                   and (about or len(_STRONG_SEXUAL_EMOJI.findall(text)) >= 2))
                  or (_EXPLICIT_SEXUAL_EMOJI.search(text) and _PERSON_MENTION.search(text)
                      and not _FRUIT_WORDS.search(lower))):
                spans += emoji
        if not spans:
            return []
        return [Hit(CATEGORY, "sexism_harassment", "sexism_harassment.sexual_remark", tuple(sorted(set(spans))))]

    def not_complaint(self, text: str) -> list[Span]:
        """Passages (as typed) where a complaint word is praise, an offer or about oneself."""
        norm = normalize(text)
        return [norm.span(*s) for s in _find(self.complaint_unless, norm)]

    def harmless_uses(self, text: str, categories: set[str]) -> dict[str, list[Span]]:
        """Passages (as typed) that the rules of `categories` read as harmless uses."""
        norm = normalize(text)
        out: dict[str, list[Span]] = {}
        for rule in self.rules:
            if rule.category in categories and rule.unless is not None:
                spans = [norm.span(*m.span()) for m in rule.unless.finditer(norm.text) if m.end() > m.start()]
                if spans:
                    out.setdefault(rule.category, []).extend(spans)
        return out

    def _is_word(self, word: str) -> bool:
        return self._words.fullmatch(word) is not None

    def _third_party_near(self, text: str, norm: Normalized, start: int, end: int) -> bool:
        # The sentence's subject may be further back than a fixed window ("Hans Lindberg i
        # tekniska nämnden har … ligger inlagd på psyk"): look at the sentence as well.
        window = norm.text[max(0, start - 60):min(len(norm.text), end + 40)]
        sentence = self._sentence_around(norm.text, (start, end))
        if _THIRD.search(window) or _ROLE.search(window) or _THIRD.search(sentence) or _ROLE.search(sentence):
            return True
        o_start, _o_end = norm.span(max(0, start - 60) or 0, max(start, 1)) if start else (0, 0)
        raw_window = text[max(0, o_start):norm.span(start, end)[1] + 40]
        raw_sentence = self._sentence_around(text, norm.span(start, end))
        return bool(_NAME.search(raw_window) or _FAMILY_NAMED.search(raw_window)
                    or _NAME.search(raw_sentence) or _FAMILY_NAMED.search(raw_sentence))

    def _sensitive(self, text: str, norm: Normalized, possible: set[int]) -> list[Hit]:
        by_group: dict[str, list[Span]] = {}
        own: dict[str, list[Span]] = {}
        for group, s in _find_groups(self.sensitive, norm) if self._may(self.sensitive, possible) else []:
            before = norm.text[max(0, s[0] - 40):s[0]]
            if _PET.search(norm.text[max(norm.text.rfind(c, 0, s[0]) for c in ".!?\n") + 1:s[0]]):
                continue  # "min katt har diabetes": an animal's health is nobody's personal data
            cue = None
            for cue in self.first_person.finditer(before):  # noqa: B007 - the last match is the one kept
                pass
            between = before[cue.end():] if cue is not None else ""
            as_one = bool((self.as_one.search(before) and self.i_after.search(norm.text[s[1]:s[1] + 30]))
                          or self.i_dropped.search(before) or self.as_one_opening.search(before)
                          or (self.opens_sentence.search(before) and self.verb_first.match(norm.text, s[0])
                          and self.i_later.search(norm.text[s[1]:s[1] + 100])))
            own_matter = as_one or (cue is not None and not _THIRD.search(between)
                                    and not self.someone_else.search(between))
            if own_matter and _KIN_AFTER.match(norm.text, s[1]):
                continue  # "vi har en rullstolsburen i familjen": an unnamed relative, the writer's own matter
            if not own_matter and _UNNAMED_KIN.search(before):
                # "min mamma har demens" (then a thank-you to named staff): the writer's own matter, no one identified
                continue
            if own_matter and group not in _OWN_TAGGED:
                continue  # the writer's own faith, origin or politics: theirs to say
            if own_matter:
                # The writer's own health (or faith…) in a public comment: tagged to protect
                # them, under its own rule id so the pack and the reviewer can tell it apart.
                own.setdefault(group, []).append(norm.span(*s))
            elif self._third_party_near(text, norm, *s):
                by_group.setdefault(group, []).append(norm.span(*s))
        return ([Hit(CATEGORY, "sensitive_personal_data", f"sensitive_personal_data.{group}", tuple(spans),
                     {"whose": "third_party"})
                 for group, spans in by_group.items()]
                + [Hit(CATEGORY, "sensitive_personal_data", f"sensitive_personal_data.{group}.own", tuple(spans),
                       {"whose": "own"})
                   for group, spans in own.items()])

    def _confidential(self, text: str, norm: Normalized, possible: set[int]) -> list[Hit]:
        spans = []
        for s in _find(self.confidential_topic, norm) if self._may(self.confidential_topic, possible) else []:
            sentence = self._sentence_around(norm.text, s)
            raw_sentence = self._sentence_around(text, norm.span(*s))
            # a named shelter or service ("Kvinnojouren Hopp") is no person's case
            names = [m for m in _NAME.finditer(raw_sentence) if not _fold_starts(m.group(0), norm.text[s[0]:s[1]])]
            if self.confidential_specific.search(sentence) or names:
                spans.append(norm.span(*s))
        return [Hit(CATEGORY, "confidential", "confidential.case_cue", tuple(spans))] if spans else []

    @staticmethod
    def _sentence_around(text: str, span: Span) -> str:
        start = max(text.rfind(c, 0, span[0]) for c in ".!?\n") + 1
        ends = [i for i in (text.find(c, span[1]) for c in ".!?\n") if i >= 0]
        return text[start:min(ends) if ends else len(text)]

    def _intents(self, text: str, norm: Normalized, category_hits: list[Hit], lower: str,
                 possible: set[int]) -> list[Hit]:
        def found(pattern: re.Pattern[str] | None, unless: re.Pattern[str] | None = None) -> list[Span]:
            return _find(pattern, norm, unless) if self._may(pattern, possible) else []  # type: ignore[arg-type]

        hits: list[Hit] = []
        attack_spans = [s for h in category_hits
                        if h.id in ("personal_attack", "threat", "hate_speech", "sexism_harassment") for s in h.spans]
        sentences = [(m.span(), m.group(0)) for m in _SENTENCE.finditer(text)]
        rhetorical = [span for span, sentence in sentences if _asks(text, span) and _RHETORICAL.search(fold(sentence))]
        if rhetorical:  # also tells `settle` to drop a model's question that rests on these alone
            hits.append(Hit(SIGNAL, "rhetorical", "question.rhetorical", tuple(rhetorical)))
        if links := [m.span() for m in _LINK_MARK.finditer(text)]:  # "magnet:?xt=…": `settle` drops a model's "?" there
            hits.append(Hit(SIGNAL, "link_mark", "question.link_mark", tuple(links)))
        questions = [span for span, sentence in sentences if _asks(text, span) and span not in rhetorical]
        questions += [norm.span(*s) for s in found(self.question)
                      if not _RHETORICAL.search(self._sentence_around(norm.text, s))]
        # A rhetorical question that is only an insult is not a question to answer.
        questions = [q for q in questions if not any(_overlaps(q, a) for a in attack_spans)]
        if questions:
            hits.append(Hit(INTENT, "question", "question.form", tuple(sorted(set(questions)))))
        reported = self._report(text, lower) if _REPORT_WORDS.search(lower) else ()
        # A report's own words judge the content it reports ("ett otrevligt svar", "det är inte
        # okej"), not the municipality's service (blind37/38 round: none of those reports over
        # the labelled sets is labelled a complaint by the rules' words).
        if not reported and (spans := found(self.complaint, self.complaint_unless)):
            hits.append(Hit(INTENT, "complaint", "complaint.lexicon", tuple(norm.span(*s) for s in spans)))
        if spans := found(self.personal):
            hits.append(Hit(INTENT, "personal_matter", "personal_matter.own_case", tuple(norm.span(*s) for s in spans)))
        if hits:  # other authorities' matters only count when something is asked or raised
            named = (_find_groups(self.authorities, norm, self.authority_unless)
                     if self._may(self.authorities, possible) else [])
            if named:
                aid = named[0][0]  # the first authority named
                name, url = self.authority_info[aid]
                named_spans = tuple(norm.span(*s) for g, s in named if g == aid)
                hits.append(Hit(INTENT, "out_of_scope", f"out_of_scope.{aid}", named_spans,
                                {"authority": name, "url": url}))
        if reported:
            hits.append(Hit(INTENT, "reports_content", "reports_content.quoted_or_asked", reported))
        if spans := found(self.praise):
            hits.append(Hit(SIGNAL, "praise", "signal.praise", tuple(norm.span(*s) for s in spans)))
        return hits

    @staticmethod
    def _report(text: str, lower: str) -> tuple[Span, ...]:
        """Someone else's content reported: who wrote it and a quote or a request to act on it."""
        direct = [m.span() for m in _REPORT_DIRECT.finditer(lower)]
        wrote = [m.span() for m in _REPORT_WROTE.finditer(lower)]
        placed = [m.span() for m in _REPORT_QUOTED_AT.finditer(lower)] + \
            [m.span() for m in _REPORT_PLACED.finditer(lower)]
        if (location := [m.span() for m in _REPORT_LOCATION.finditer(lower)]) and (
                removed := [m.span() for m in _REPORT_REMOVE.finditer(lower, location[0][1])]):
            direct += location[:1] + removed
        if wrote or placed:
            quoted = [m.span() for m in _QUOTED.finditer(text)]
            asked = [m.span() for m in _REPORT_ASK.finditer(lower)]
            if (wrote and (quoted or asked)) or (placed and asked):
                return tuple(sorted(set(direct + wrote + placed + asked)))
        return tuple(direct)


# --- settling what the classifiers said together ---------------------------------------------

# Items whose point is the violation (a threat, an advert, hate): a model's "complaint" on
# them is the anger it read, not a view on the municipality's service; the rules' own
# complaint words still count.
_NOT_A_COMPLAINT_WHEN = frozenset({"threat", "hate_speech", "sexism_harassment", "violence_pornography",
                                   "incitement_crime",
                                   "commercial", "copyright", "party_politics"})
_CANCELS = {"rhetorical": "question", "link_mark": "question"}


def _onto_rules(spans: tuple[Span, ...], rules: list[Span]) -> tuple[Span, ...]:
    """Each span that overlaps a rule's span replaced by the rule's spans it overlaps."""
    out: list[Span] = []
    for s in spans:
        over = [r for r in rules if _overlaps(s, r)]
        out.extend(over or [s])
    return tuple(sorted(set(out)))


def settle(text: str, hits: list[Hit]) -> list[Hit]:
    """Drop what a model says on passages the rules read as harmless: a category word in a
    harmless use ("skjuta upp mötet"), a rhetorical question, "skandalöst god"; and a
    model's complaint on an item that is mainly a threat, hate or an advert."""
    ruled = {h.id for h in hits if h.kind == CATEGORY and not h.rule_id.startswith(MODEL_RULE_PREFIX)}
    guessed = {h.id for h in hits if h.kind == CATEGORY and h.rule_id.startswith(MODEL_RULE_PREFIX)} - ruled
    if guessed:
        harmless = get_classifier("rules").harmless_uses(text, guessed)  # type: ignore[attr-defined]
        if harmless:
            # a model's guess that leans on a harmless use at all is not trusted without a rule
            hits = [h for h in hits if not (h.kind == CATEGORY and h.id in harmless
                                            and any(_overlaps(s, x) for s in h.spans for x in harmless[h.id]))]
    cancel: dict[str, list[Span]] = {}
    for h in hits:
        if h.kind == SIGNAL and h.id in _CANCELS:
            cancel.setdefault(_CANCELS[h.id], []).extend(h.spans)
    if any(h.kind == INTENT and h.id == "complaint" and h.rule_id.startswith(MODEL_RULE_PREFIX) for h in hits):
        # complaint words in praise or an offer ("skandalöst god", "Trasig cykel? Ta med den…")
        cancel.setdefault("complaint", []).extend(get_classifier("rules").not_complaint(text))  # type: ignore[attr-defined]
    # Where a rule marks a passage, a model's span of the same category over it gives it a
    # vaguer edge ("personnummer 19811218-9876" around the number the rule marks), and the
    # request examination would pre-mark the vaguer one: the model's hit stays (it agrees,
    # and says so), its span there becomes the rule's.
    rule_spans: dict[str, list[Span]] = {}
    for h in hits:
        if h.kind == CATEGORY and not h.rule_id.startswith(MODEL_RULE_PREFIX):
            rule_spans.setdefault(h.id, []).extend(h.spans)
    if rule_spans:
        hits = [replace(h, spans=_onto_rules(h.spans, rule_spans[h.id]))
                if h.kind == CATEGORY and h.rule_id.startswith(MODEL_RULE_PREFIX) and h.id in rule_spans else h
                for h in hits]
    severe = any(h.kind == CATEGORY and h.id in _NOT_A_COMPLAINT_WHEN for h in hits)
    out = []
    for h in hits:
        if h.kind == INTENT and h.rule_id.startswith(MODEL_RULE_PREFIX):
            if h.id == "complaint" and severe:
                continue
            harmless = cancel.get(h.id)
            if harmless and h.spans and all(any(_overlaps(s, x) for x in harmless) for s in h.spans):
                continue
        out.append(h)
    return out


# --- a pack's own words ---------------------------------------------------------------------

class PackLexicon:
    """The municipality's own words (`extra_terms`) and harmless uses (`harmless`)."""

    def __init__(self, extra_terms: dict[str, list[str]], harmless: list[str]) -> None:
        self.harmless = compile_terms(harmless)
        self.rules = [(category, _lexicon(terms)) for category, terms in extra_terms.items() if terms]

    def apply(self, text: str, hits: list[Hit]) -> list[Hit]:
        norm = normalize(text)
        harmless = [norm.span(*m.span()) for m in self.harmless.finditer(norm.text)] if self.harmless else []
        if harmless:  # a local harmless use cancels category spans it overlaps
            kept = []
            for hit in hits:
                if hit.kind != CATEGORY:
                    kept.append(hit)
                    continue
                spans = tuple(s for s in hit.spans if not any(_overlaps(s, h) for h in harmless))
                if spans:
                    kept.append(Hit(hit.kind, hit.id, hit.rule_id, spans, hit.detail))
            hits = kept
        for category, pattern in self.rules:
            spans = tuple(s for s in (norm.span(*x) for x in _find(pattern, norm))
                          if not any(_overlaps(s, h) for h in harmless))
            if spans:
                hits.append(Hit(CATEGORY, category, f"pack.{category}", spans))
        return hits


_PACK_LEXICONS: dict[int, tuple[object, PackLexicon]] = {}


def pack_lexicon(policy: Any) -> PackLexicon:  # a ModerationPolicy
    """Compiled once per loaded pack (packs are immutable and cached by the loader)."""
    cached = _PACK_LEXICONS.get(id(policy))
    if cached is None or cached[0] is not policy:
        extra = {str(getattr(c, "value", c)): list(t) for c, t in policy.extra_terms.items()}
        cached = (policy, PackLexicon(extra, list(policy.harmless)))
        _PACK_LEXICONS[id(policy)] = cached
    return cached[1]


# --- classifier registry ------------------------------------------------------------------

def _lexical() -> Classifier:
    from .lexical_model import LexicalModel  # numpy is loaded only when a pack asks for the model

    return LexicalModel()


_FACTORIES: dict[str, Callable[[], Classifier]] = {"rules": RulesClassifier, "lexical": _lexical}


def register_classifier(name: str, factory: Callable[[], Classifier]) -> None:
    """Make a classifier available to packs under `name` (e.g. a municipality's own model)."""
    _FACTORIES[name] = factory


@lru_cache(maxsize=16)
def get_classifier(name: str) -> Classifier:
    """A classifier by registered name, or by `package.module:factory` path."""
    if name in _FACTORIES:
        return _FACTORIES[name]()
    module_name, sep, attr = name.partition(":")
    if not sep:
        raise ValueError(f"unknown classifier {name!r} (have: {', '.join(sorted(_FACTORIES))}; or give module:factory)")
    classifier = getattr(importlib.import_module(module_name), attr)()
    if not isinstance(classifier, Classifier):
        raise TypeError(f"{name} does not implement Classifier (name, detect)")
    return classifier


def detect_all(text: str, classifiers: Iterable[str] = ("rules",)) -> list[Hit]:
    hits: list[Hit] = []
    for name in classifiers:
        hits.extend(get_classifier(name).detect(text))
    return hits
