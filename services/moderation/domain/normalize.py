"""Text normalisation for matching Swedish, with a map back to the original offsets.

Commenters dodge word lists: `j ä v l a`, `j4vla`, `jäääävla`, `javla` for `jävla`.
Matching runs on a normalised form (lower case, other diacritics folded, leetspeak inside
words, spaced single letters joined, runs of three or more of a letter cut to one, runs of
spaces to one) and every span found there is mapped back to the characters the writer
typed, so staff see exactly what matched. å, ä and ö stay in the text (folding them
would make "höra" the insult "hora" and "vår" the word "var"); instead a lexicon entry's
å/ä/ö also accepts a/a/o, so `jävla` matches `javla`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from collections.abc import Callable
from itertools import compress, product

_FOLD = str.maketrans({
    "à": "a", "á": "a", "â": "a", "æ": "ä", "ø": "ö", "ó": "o", "ò": "o",
    "é": "e", "è": "e", "ê": "e", "ë": "e", "ü": "u", "ú": "u", "í": "i", "ï": "i", "ç": "c",
    "’": "'", "´": "'", "`": "'", "–": "-", "—": "-", "\u00a0": " ",
})
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i",
                       "|": "i",
                       "€": "e"})
# A word that mixes letters with leet characters (`j4vl4`, `@sshole`, `id1ot`): digits
# alone (years, phone numbers) are left as they are.
_LEET_WORD = re.compile(r"(?<![\w@$|€])(?=[\w@$!|€]*[a-z])(?=[\w@$!|€]*[0-9@$!|€])[\w@$!|€]+")
# Three or more single letters separated by one of space . - _ * (`j ä v l a`); two
# spaces stay a word break (`j a g  s k a` is "jag ska").
_ROAD = re.compile(r"[a-z]{1,2}[0-9]{1,3}")
_SPACED = re.compile(r"(?<![a-zåäö0-9])(?:[a-zåäö][ .\-_*]){2,}[a-zåäö](?![a-zåäö0-9])")
_SEPARATOR = re.compile(r"[ .\-_*]")
# A letter written three or more times (`jäääävla`, `iiidiot`); doubles are Swedish spelling.
_RUN = re.compile(r"([a-zåäö])\1{2,}")
_SPACES = re.compile(r"\s{2,}")
# Spoken spellings of the object pronouns (`dej`, `mej`, `sej`) have the written form's
# length, so they are rewritten in place and every rule written with `dig` sees them.
_PRONOUNS = re.compile(r"(?<![a-zåäö])(?:dej|mej|sej)(?![a-zåäö])")
_PRONOUN_FORM = {"dej": "dig", "mej": "mig", "sej": "sig"}
# A word with letters masked by `*` or `#` (`j*vla`, `h#ra`, `f**n`): the engine tries
# vowels in the gaps against its word lexicons (`unmask` below).
MASKED = re.compile(r"(?<![a-zåäö*#])[a-zåäö]+[*#]{1,2}[a-zåäö]*(?:[*#][a-zåäö]+)?(?![a-zåäö])")
_VOWELS = "aäeioöuåy"
_TERM_CLASSES = {"å": "[åa]", "ä": "[äa]", "ö": "[öo]"}


@dataclass(frozen=True, slots=True)
class Normalized:
    text: str
    index: list[int]  # index[i] = offset in the original of normalised character i

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised range [start, end)."""
        return self.index[start], self.index[end - 1] + 1


def fold(text: str) -> str:
    """Lower case and fold diacritics, keeping the length (offsets stay valid)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # e.g. 'İ' lowers to two characters
        lowered = "".join(c.lower()[:1] or c for c in text)
    return lowered.translate(_FOLD)


def _unleet(text: str) -> str:
    if not any(c in text for c in "013457@$!|€"):
        return text
    return _LEET_WORD.sub(_unleet_word, text)


def _unleet_word(m: re.Match[str]) -> str:
    # Trailing "!" or "|" end a sentence ("rabatt!", "idiot!!"); they are not letters.
    word = m.group(0)
    core = word.rstrip("!|")
    if _ROAD.fullmatch(core):  # a road or a format ("E45", "rv70", "mp3"), not leetspeak
        return word
    return core.translate(_LEET) + word[len(core):]


@lru_cache(maxsize=256)  # the rules and the model read the same text, one after the other
def normalize(text: str) -> Normalized:
    s = _unleet(fold(text))
    n = len(s)
    keep = bytearray(b"\x01") * n
    for m in _SPACED.finditer(s):
        for sep in _SEPARATOR.finditer(m.group(0)):
            keep[m.start() + sep.start()] = 0
    for m in _RUN.finditer(s):
        for i in range(m.start() + 1, m.end()):
            keep[i] = 0
    for m in _SPACES.finditer(s):
        for i in range(m.start() + 1, m.end()):
            keep[i] = 0
    if "ej" in s:
        s = _PRONOUNS.sub(lambda m: _PRONOUN_FORM[m.group(0)], s)
    if all(keep):
        return Normalized(s, list(range(n)))
    return Normalized("".join(compress(s, keep)), list(compress(range(n), keep)))


def fold_term(term: str) -> str:
    """Regex source for a literal lexicon text: folded like the text, å/ä/ö also a/a/o."""
    return "".join(_TERM_CLASSES.get(c, c) for c in fold(term))


def unmask(norm: Normalized, is_word: Callable[[str], bool]) -> Normalized:
    """`norm` with each masked word (`j*vla`) filled with the first vowels that make it a
    word `is_word` knows; same length, so offsets still map to what the writer typed."""
    if "*" not in norm.text and "#" not in norm.text:
        return norm
    text = norm.text
    for m in MASKED.finditer(norm.text):
        word = m.group(0)
        gaps = [i for i, c in enumerate(word) if c in "*#"]
        if len(gaps) > 3:
            continue
        for filling in product(_VOWELS, repeat=len(gaps)):
            chars = list(word)
            for i, c in zip(gaps, filling, strict=True):
                chars[i] = c
            candidate = "".join(chars)
            if is_word(candidate):
                text = text[:m.start()] + candidate + text[m.end():]
                break
    return norm if text == norm.text else Normalized(text, norm.index)
