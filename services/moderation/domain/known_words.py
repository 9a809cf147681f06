"""Known words: a lexicon match inside a real word, surname or place name is no profanity.

Word lexicons match stems inside words (`kuk*`, `*hora`) because compounds carry insults
("kukhuvud", "byråkrathora"); that also matches "Kukkonen", "Kukkola", "pittoresk" and
"Thora". A match is dropped when the one word it covers is
- on the compiled list (`known_words.txt`: Debian's Swedish word list, Finnish and Swedish
  name and place lists, read by hand; see the file for sources), or
- a capitalised word shaped like a Finnish name: `Kukk-` (kukka, kukko) or a Finnish
  surname or place ending (-nen, -mäki, -niemi, -järvi, -koski, -vaara, -talo, -lahti…).
Finnish "mutta" (but) is dropped when the text has other Finnish function words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from .engine import CATEGORY, Hit
from .lexicon import MASKABLE

KNOWN_WORDS_FILE = Path(__file__).with_name("known_words.txt")
_WORD = re.compile(r"[\wåäöÅÄÖ]+(?:-[\wåäöÅÄÖ]+)*")
_FINNISH_NAME = re.compile(r"kukk\w*|\w{3,}(?:nen|sen|mäki|maki|niemi|järvi|jarvi|koski|vaara|talo|lahti|salo|joki|aho|"
                           r"oja|kangas|lehto|rinne|harju|vuori)")
# A place name made of a curse and a landscape word ("Helvetesfallet", "Fanbergsvägen") is a
# name when it is capitalised inside a sentence; at a sentence's start it may be a curse.
_PLACE_NAME = re.compile(r"\w{3,}(?:fallet|forsen|berget|backen|sjön|tjärnen|bäcken|dalen|viken|holmen|skogen|myren|"
                         r"gropen|grottan|"
                         r"kärret|udden|näset|gatan|vägen|stigen|torget|gränd|bron|ravinen|klyftan|hålan)")
_DANCE = re.compile(r"hora-?dans\w*")
# Finnish function words, or a word with Finnish long vowels ("tullaan", "hyvää", "tänään").
_FINNISH_TEXT = re.compile(r"(?<!\w)(?:ja|ei|on|että|kun|ole|olla|tai|myös|kiitos|kiitti|hei|moi|terve|niin|vaan|klo|"
                           r"kanssa|tervetuloa|"
                           r"muistakaa|ystävät|kaikki|kyllä|me|te|he|minä|sinä|hän|joo|sanoin|tulen|tule|olen|olet)(?!\w)|\w*(?:ää|yy|öö|aa|uu)n?\b")


@lru_cache(maxsize=1)
def known_words() -> frozenset[str]:
    lines = KNOWN_WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def _word_at(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole word (hyphenated parts included) around text[start:end]."""
    for m in _WORD.finditer(text, max(0, start - 40)):
        if m.start() <= start and end <= m.end():
            return m.span()
        if m.start() > start:
            break
    return start, end


# A surname after a first name ("Amra Kukić", "Tack Tina Pittman", "Ann-Sofie Hora"), a place
# after a preposition ("vid Kuksbo"): capitalised inside a sentence, it is a name, whatever
# it holds. The first name must itself be inside the sentence or a double name, so that a
# capitalised curse at a sentence's start ("Jävla Kuk") is not taken for a first name.
_FIRST_NAME_BEFORE = re.compile(r"(?:(?<=[a-zåäöé,] )[A-ZÅÄÖ][a-zåäöéü]+|[A-ZÅÄÖ][a-zåäöé]+-[A-ZÅÄÖ][a-zåäöé]+|"
                                r"(?<!\w)(?:[Ff]amiljen|[Ss]läkten|[Hh]err|[Ff]ru|[Bb]röderna|[Ss]ystrarna|"
                                r"[Mm]akarna)) $")
_PLACE_BEFORE = re.compile(r"(?<!\w)(?:vid|i|på|från|till|mot|nära|utanför|förbi|genom|bakom|runt|mellan|norr om|"
                           r"söder om|öster om|väster om) $")


def _is_name_in_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 40):start]
    return bool(_FIRST_NAME_BEFORE.search(before)
                or (_PLACE_BEFORE.search(before) and not re.search(r"[.!?:\n]\W*$|^\W*$", text[:start - 1])))


def is_known_word(text: str, span: tuple[int, int]) -> bool:
    """Whether the match at `span` lies inside one known, harmless word of `text`."""
    start, end = _word_at(text, *span)
    word = text[start:end]
    if " " in word or not word:
        return False
    lower = word.lower()
    words = known_words()
    if lower in words or lower.replace("-", "") in words or any(part in words for part in lower.split("-")):
        return True
    if word[0].isupper() and not word.isupper() and _FINNISH_NAME.fullmatch(lower):
        return True
    if (word[0].isupper() and start > 0 and not re.search(r"[.!?:\n]\W*$|^\W*$", text[:start])
            and _PLACE_NAME.fullmatch(lower)):
        return True
    if word[0].isupper() and not word.isupper() and _is_name_in_sentence(text, start):
        return True
    if _DANCE.fullmatch(lower):  # the hora, a circle dance ("Hora-dansarna")
        return True
    if lower == "mutta":
        return len(_FINNISH_TEXT.findall(text.lower())) >= 1
    return False


def drop_known_words(text: str, hits: list[Hit]) -> list[Hit]:
    """`hits` without word-lexicon spans that are known words; a hit left with no span goes."""
    out = []
    for hit in hits:
        if hit.kind != CATEGORY or hit.id not in MASKABLE:
            out.append(hit)
            continue
        spans = tuple(s for s in hit.spans if not is_known_word(text, s))
        if spans == hit.spans:
            out.append(hit)
        elif spans:
            out.append(Hit(hit.kind, hit.id, hit.rule_id, spans, hit.detail))
    return out
