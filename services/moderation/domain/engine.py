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
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Protocol, runtime_checkable

from personnummer import personnummer

from . import lexicon as lx
from .normalize import Normalized, fold, fold_term, normalize, unmask

CATEGORY = "category"
INTENT = "intent"
SIGNAL = "signal"  # not a policy id: e.g. praise, used for routing feedback
MODEL_RULE_PREFIX = "model."  # rule ids of a trained model's hits (`model.threat`)

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Hit:
    kind: str            # category | intent | signal
    id: str              # category or intent id, e.g. `threat`, `question`
    rule_id: str         # e.g. `threat.first_person_violence`
    spans: tuple[Span, ...]
    detail: dict[str, str] = field(default_factory=dict, hash=False, compare=False)


@runtime_checkable
class Classifier(Protocol):
    """What every classifier offers. `detect` must be pure and thread-safe."""

    name: str

    def detect(self, text: str) -> list[Hit]: ...


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
_PHONE = re.compile(r"(?<![\w+])(?:\+46[\s-]?(?:\(0\)\s?)?|0)\d{1,3}(?:\s?-\s?|\s)?\d{2,4}(?:(?:\s?-\s?|\s)?\d{2,3}){1,3}(?![\d])")
# A phone number typed digit by digit ("0 7 0 - 6 6 1 2 3 4 5").
_SPACED_PHONE = re.compile(r"(?<![\w+])(?:\+\s?4\s?6|0)(?:\s?[-.]?\s?\d){7,11}(?![\w])")
# Digits typed one by one to slip past filters (`7 2 0 4 1 1 - 3 2 1 6`).
_SPACED_DIGITS = re.compile(r"(?<![\w])\d(?:[ .]\d){5,}(?:\s?[-+]\s?\d(?:[ .]?\d){3})?(?!\w)")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}")
# Written to dodge harvesters or filters: "per(at)gmail.com", "per [at] gmail punkt com".
_EMAIL_DODGED = re.compile(r"(?<![\w.+-])[\w.+-]+\s?[\(\[\{]\s?(?:at|snabel-?a)\s?[\)\]\}]\s?[\w-]+(?:\s?(?:\.|[\(\[]\s?(?:dot|punkt)\s?[\)\]]|\bpunkt\b)\s?[\w-]+)+", re.I)
_ADDRESS = re.compile(
    r"(?<!\w)[A-ZÅÄÖa-zåäö][a-zåäöé]+(?:gatan|vägen|gränd|gränden|torget|stigen|allén|backen|platsen|leden|slingan|gata|väg|plan)"
    r"\s+\d{1,4}(?:\s?[A-Za-z](?!\w))?(?:,?\s*(?:lgh|lägenhet)\s*\d+)?")
_OWN = re.compile(r"(?:\b(?:ring|nå|mejla|maila|kontakta|sms:a|smsa|skriv till|svara) (?:mig|oss)\b|\bmig på\b|\boss på\b|"
                  r"\b(?:mitt|vårt) (?:nummer|telefonnummer|mobilnummer|tel|tfn)\b|\b(?:min|vår) (?:mobil|telefon|mejl|mail|e-post|e-postadress|adress)\b|"
                  r"\b(?:jag|vi) (?:bor|nås)\b)")
_OFFICIAL_PHONE = re.compile(r"(?:växel|kontaktcenter|kundtjänst|servicecenter|kommunens|kommun(?:en)?s? (?:telefon|nummer)|telefontid|upplysning)", re.I)
_THIRD = re.compile(r"(?<!\w)" + fold_pattern(lx.THIRD_PARTY) + r"(?!\w)")
_RESIDENCE = re.compile(fold_pattern(lx.RESIDENCE_CUES))
# A first and last name ("Peter Nyström"), also at the start of a sentence; a greeting
# ("Hej Kommunen") is not one.
_NAME = re.compile(r"\b(?!(?:Hej|Hejsan|Tjena|Hallå|Tack|Kära|Snälla|Bästa|Hälsningar|Mvh)\b)[A-ZÅÄÖ][a-zåäöé]+ "
                   r"(?![A-ZÅÄÖ][a-zåäöé]*(?:erna|arna|orna|partiet|kommun|kassan|verket|regionen)\b)[A-ZÅÄÖ][a-zåäöé]+(?:s)?\b")
# The writer's family member named ("min dotter Elsa"): identifiable beyond the writer.
_FAMILY_NAMED = re.compile(r"\b(?:[Mm]in|[Mm]itt|[Mm]ina) (?:son|dotter|fru|man|sambo|mamma|pappa|bror|syster|barn|ex|kille|tjej) [A-ZÅÄÖ][a-zåäöé]+\b")
_ROLE = re.compile(r"(?<!\w)" + fold_pattern(lx.ROLE_NOUNS) + r"(?!\w)")
_OFFICIAL_EMAIL_LOCAL = {"kommun", "kommunen", "info", "kontakt", "registrator", "kundtjanst", "kontaktcenter", "servicecenter",
                         "webmaster", "kommunikation", "press", "dataskydd", "dataskyddsombud"}


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


_CALL_ME = re.compile(r"(?:(?:^|[.!?,]\s*)(?:ring|sms:a|smsa|messa)[:.]?\s*|\b(?:för|om) (?:offert|pris|prisförslag|bokning|beställning|mer info)[:.]?\s*)$")


def _own(raw_lower: str, start: int) -> bool:
    """The writer's own contact details ("ring mig på…", an ad's "Ring 070…"), not a third party's."""
    before = raw_lower[max(0, start - 40):start]
    if _OWN.search(before):
        return True
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
            if not personnummer.valid(candidate):
                continue
            coordination = personnummer.parse(candidate).is_coordination_number()
        except Exception:  # the package raises on input it cannot parse at all
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
    if pnr_spans:
        hits.append(Hit(CATEGORY, "personal_data", "personal_data.personnummer", tuple(pnr_spans)))
    if samordning:
        hits.append(Hit(CATEGORY, "personal_data", "personal_data.samordningsnummer", tuple(samordning)))
    lower = text.lower()
    phones = []
    for m in _PHONE.finditer(text):
        if any(_overlaps(m.span(), t) for t in taken) or not 8 <= len(_digits(m.group(0))) <= 12:
            continue
        if not _own(lower, m.start()) and not _OFFICIAL_PHONE.search(text[max(0, m.start() - 40):m.start()]):
            phones.append(m.span())
    for m in _SPACED_PHONE.finditer(text):
        if any(_overlaps(m.span(), t) for t in [*taken, *phones]) or len(re.findall(r"(?<!\d)\d(?!\d)", m.group(0))) < 4:
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
        if _RESIDENCE.search(before) and not _own(lower, m.start()):
            addresses.append(m.span())
    if addresses:
        hits.append(Hit(CATEGORY, "personal_data", "personal_data.home_address", tuple(addresses)))
    return hits


# --- the rules classifier -----------------------------------------------------------------

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


class RulesClassifier:
    """Swedish lexicons and phrase rules; every hit names its rule and spans."""

    name = "rules"

    def __init__(self) -> None:
        self.rules = [CompiledRule(r.rule_id, r.category, compile_terms(r.terms), compile_terms(r.unless))
                      for r in lx.RULES]
        # One scan for all art. 9 groups and one for all authorities: named groups say which.
        self.sensitive = _compile_groups(lx.SENSITIVE_TERMS)
        self.confidential_topic = compile_terms(lx.CONFIDENTIAL_TOPICS)
        self.confidential_specific = re.compile(fold_pattern(lx.CONFIDENTIAL_SPECIFIC))
        self.question = compile_terms(lx.QUESTION_CUES)
        self.complaint = compile_terms(lx.COMPLAINT_CUES)
        self.complaint_unless = compile_terms(lx.COMPLAINT_UNLESS)
        self.praise = compile_terms(lx.PRAISE_CUES)
        self.personal = compile_terms(lx.PERSONAL_MATTER_CUES)
        self.authorities = _compile_groups([(aid, terms) for aid, _, _, terms in lx.AUTHORITIES])
        self.authority_info = {aid: (name, url) for aid, name, url, _ in lx.AUTHORITIES}
        self.authority_unless = compile_terms(lx.AUTHORITY_UNLESS)
        # Single words of the word lexicons, to read a masked word (`j*vla`, `h#ra`).
        words = [t for r in lx.RULES if r.category in lx.MASKABLE for t in r.terms if not t.startswith("re:") and " " not in t]
        self._words = re.compile(r"(?:" + "|".join(term_regex(t) for t in words) + r")")
        self.first_person = re.compile(fold_pattern(r"(?<!\w)(?:jag|vi) (?:är|har|lider av|har fått|går på|tillhör)(?!\w)"))

    def detect(self, text: str) -> list[Hit]:
        norm = unmask(normalize(text), self._is_word)
        hits: list[Hit] = []
        for rule in self.rules:
            spans = _find(rule.pattern, norm, rule.unless)
            if spans:
                hits.append(Hit(CATEGORY, rule.category, rule.rule_id, tuple(norm.span(*s) for s in spans)))
        hate = [s for h in hits if h.id == "hate_speech" for s in h.spans]
        if hate:  # a group insult is hate speech; do not count it twice as a personal attack
            hits = [h for h in hits if h.id != "personal_attack" or not all(any(_overlaps(s, x) for x in hate) for s in h.spans)]
        hits += detect_personal_data(text)
        hits += self._sensitive(text, norm)
        hits += self._confidential(text, norm)
        hits += self._intents(text, norm, hits)
        return hits

    def _is_word(self, word: str) -> bool:
        return self._words.fullmatch(word) is not None

    def _third_party_near(self, text: str, norm: Normalized, start: int, end: int) -> bool:
        # The sentence's subject may be further back than a fixed window ("Hans Lindberg i
        # tekniska nämnden har … ligger inlagd på psyk"): look at the sentence as well.
        window = norm.text[max(0, start - 60):min(len(norm.text), end + 40)]
        sentence = self._sentence_around(norm.text, (start, end))
        if _THIRD.search(window) or _ROLE.search(window) or _THIRD.search(sentence) or _ROLE.search(sentence):
            return True
        o_start, o_end = norm.span(max(0, start - 60) or 0, max(start, 1)) if start else (0, 0)
        raw_window = text[max(0, o_start):norm.span(start, end)[1] + 40]
        raw_sentence = self._sentence_around(text, norm.span(start, end))
        return bool(_NAME.search(raw_window) or _FAMILY_NAMED.search(raw_window)
                    or _NAME.search(raw_sentence) or _FAMILY_NAMED.search(raw_sentence))

    def _sensitive(self, text: str, norm: Normalized) -> list[Hit]:
        by_group: dict[str, list[Span]] = {}
        for group, s in _find_groups(self.sensitive, norm):
            before = norm.text[max(0, s[0] - 25):s[0]]
            if self.first_person.search(before) and not _THIRD.search(before):
                continue  # the writer about themselves
            if self._third_party_near(text, norm, *s):
                by_group.setdefault(group, []).append(norm.span(*s))
        return [Hit(CATEGORY, "sensitive_personal_data", f"sensitive_personal_data.{group}", tuple(spans))
                for group, spans in by_group.items()]

    def _confidential(self, text: str, norm: Normalized) -> list[Hit]:
        spans = []
        for s in _find(self.confidential_topic, norm):
            sentence = self._sentence_around(norm.text, s)
            raw_sentence = self._sentence_around(text, norm.span(*s))
            if self.confidential_specific.search(sentence) or _NAME.search(raw_sentence):
                spans.append(norm.span(*s))
        return [Hit(CATEGORY, "confidential", "confidential.case_cue", tuple(spans))] if spans else []

    @staticmethod
    def _sentence_around(text: str, span: Span) -> str:
        start = max(text.rfind(c, 0, span[0]) for c in ".!?\n") + 1
        ends = [i for i in (text.find(c, span[1]) for c in ".!?\n") if i >= 0]
        return text[start:min(ends) if ends else len(text)]

    def _intents(self, text: str, norm: Normalized, category_hits: list[Hit]) -> list[Hit]:
        hits: list[Hit] = []
        attack_spans = [s for h in category_hits if h.id in ("personal_attack", "threat", "hate_speech", "sexism_harassment") for s in h.spans]
        questions = [m.span() for m in _SENTENCE.finditer(text) if "?" in m.group(0)]
        questions += [norm.span(*s) for s in _find(self.question, norm)]
        # A rhetorical question that is only an insult is not a question to answer.
        questions = [q for q in questions if not any(_overlaps(q, a) for a in attack_spans)]
        if questions:
            hits.append(Hit(INTENT, "question", "question.form", tuple(sorted(set(questions)))))
        if spans := _find(self.complaint, norm, self.complaint_unless):
            hits.append(Hit(INTENT, "complaint", "complaint.lexicon", tuple(norm.span(*s) for s in spans)))
        if spans := _find(self.personal, norm):
            hits.append(Hit(INTENT, "personal_matter", "personal_matter.own_case", tuple(norm.span(*s) for s in spans)))
        if hits:  # other authorities' matters only count when something is asked or raised
            found = _find_groups(self.authorities, norm, self.authority_unless)
            if found:
                aid = found[0][0]  # the first authority named
                name, url = self.authority_info[aid]
                spans = tuple(norm.span(*s) for g, s in found if g == aid)
                hits.append(Hit(INTENT, "out_of_scope", f"out_of_scope.{aid}", spans, {"authority": name, "url": url}))
        if spans := _find(self.praise, norm):
            hits.append(Hit(SIGNAL, "praise", "signal.praise", tuple(norm.span(*s) for s in spans)))
        return hits


# --- a pack's own words ---------------------------------------------------------------------

class PackLexicon:
    """The municipality's own words (`extra_terms`) and harmless uses (`harmless`)."""

    def __init__(self, extra_terms: dict[str, list[str]], harmless: list[str]) -> None:
        self.harmless = compile_terms(harmless)
        self.rules = [(category, compile_terms(terms)) for category, terms in extra_terms.items() if terms]

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


def pack_lexicon(policy: object) -> PackLexicon:
    """Compiled once per loaded pack (packs are immutable and cached by the loader)."""
    cached = _PACK_LEXICONS.get(id(policy))
    if cached is None or cached[0] is not policy:
        extra = {str(getattr(c, "value", c)): list(t) for c, t in getattr(policy, "extra_terms").items()}
        cached = (policy, PackLexicon(extra, list(getattr(policy, "harmless"))))
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
