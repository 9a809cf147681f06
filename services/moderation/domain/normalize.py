"""Text normalisation for matching Swedish, with a map back to the original offsets.

Commenters dodge word lists: `j ä v l a`, `j4vla`, `jäääävla`, `javla` for `jävla`.
Matching runs on a normalised form (lower case, other diacritics folded, leetspeak inside
words, spaced single letters joined, runs of three or more of a letter cut to one, runs of
spaces to one) and every span found there is mapped back to the characters the writer
typed, so staff see exactly what matched. å, ä and ö stay in the text (folding them
would make "höra" the insult "hora" and "vår" the word "var"); instead a lexicon entry's
å/ä/ö also accepts a/a/o, so `jävla` matches `javla`.

Before all that, `canonical` undoes what Unicode lets a writer hide: compatibility forms
(full-width `ｊａｇ`, circled letters) and decomposed `a` + U+0308 for `ä` (NFKC), invisible
format characters inside or between letters (U+200B, U+00AD, U+2060, U+FEFF, bidi
controls) and Cyrillic or Greek look-alikes inside a Latin word (`jаvla` with a Cyrillic
а). The engine classifies the canonical text and maps every span back to what was written.
"""

from __future__ import annotations

import re
import unicodedata
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


# Look-alikes of Latin letters from Cyrillic and Greek, read as Latin only inside a word that
# also has Latin letters (a Ukrainian or Greek word on its own stays as it is).
_LOOK_ALIKE = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "к": "k", "м": "m", "т": "t", "н": "h", "в": "b", "ӧ": "ö", "ӓ": "ä", "ё": "ë", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "Ӧ": "Ö", "Ӓ": "Ä",
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})
_MIXED_WORD = re.compile(r"(?=[^\W\d_]*[A-Za-zåäöÅÄÖ])(?=[^\W\d_]*[\u0370-\u03ff\u0400-\u052f])[^\W\d_]+")
_SUSPECT = re.compile(r"[\u0370-\u03ff\u0400-\u052f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")
# Kept as written: the ellipsis is typography, not a disguise, and NFKC would make it three
# characters ("...") the model reads as nothing.
_KEEP = frozenset("…")


@dataclass(frozen=True, slots=True)
class Canonical:
    """`text` as the engine reads it; `starts`/`ends` give each character's original range
    (one character can come from several, `a` + U+0308, or give several, `ﬁ`)."""

    text: str
    starts: tuple[int, ...] | None  # None: the text is the original
    ends: tuple[int, ...] | None
    length: int  # of the original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the canonical range [start, end)."""
        if self.starts is None or self.ends is None:
            return start, end
        if start >= end:  # an empty range: the point before `start`
            at = self.starts[start] if start < len(self.starts) else self.length
            return at, at
        return self.starts[start], self.ends[end - 1]


def _invisible(text: str, i: int) -> bool:
    """A format character (U+200B, U+00AD, bidi controls…), except a joiner that builds an
    emoji sequence (👩‍👩‍👧: symbols on both sides)."""
    c = text[i]
    if unicodedata.category(c) != "Cf":
        return False
    if c == "\u200d" and 0 < i < len(text) - 1:
        return not (unicodedata.category(text[i - 1])[0] == "S" or unicodedata.category(text[i + 1])[0] == "S"
                    or text[i - 1] == "\ufe0f")
    return True


def _clusters(text: str) -> list[tuple[int, int, str]]:
    """Visible characters with the combining marks that follow them: (start, end, chars)."""
    out: list[tuple[int, int, str]] = []
    for i, c in enumerate(text):
        if _invisible(text, i):  # a span over characters around it still covers it
            continue
        if out and unicodedata.combining(c):  # also over a hidden character (`a`, U+200B, U+0308)
            start, _, chars = out[-1]
            out[-1] = (start, i + 1, chars + c)
        else:
            out.append((i, i + 1, c))
    return out


def _read_as_latin(pieces: list[str]) -> list[str]:
    """`pieces` (each a cluster's canonical form) with look-alike letters inside a Latin word
    read as Latin, each piece composed again (Cyrillic а + ring above is `å`)."""
    text = "".join(pieces)
    owner = [i for i, piece in enumerate(pieces) for _ in piece]  # piece of each character
    mixed = sorted({owner[j] for m in _MIXED_WORD.finditer(text) for j in range(m.start(), m.end())})
    for i in mixed:
        pieces[i] = unicodedata.normalize("NFKC", pieces[i].translate(_LOOK_ALIKE))
    return pieces


@lru_cache(maxsize=256)
def canonical(text: str) -> Canonical:
    """`text` in NFKC, without invisible format characters, with look-alike letters inside a
    Latin word read as Latin; each character mapped to the original characters it came from."""
    if text.isascii() or (_SUSPECT.search(text) is None and unicodedata.is_normalized("NFKC", text)):
        return Canonical(text, None, None, len(text))
    clusters = _clusters(text)
    pieces = [cluster if cluster in _KEEP else unicodedata.normalize("NFKC", cluster) for _, _, cluster in clusters]
    pieces = _read_as_latin(pieces)
    canon = "".join(pieces)
    if canon == text:
        return Canonical(text, None, None, len(text))
    starts = tuple(start for (start, _, _), piece in zip(clusters, pieces, strict=True) for _ in piece)
    ends = tuple(end for (_, end, _), piece in zip(clusters, pieces, strict=True) for _ in piece)
    return Canonical(canon, starts, ends, len(text))


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
