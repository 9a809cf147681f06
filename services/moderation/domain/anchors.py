"""Literal pre-checks for the rules: which rules can match a text at all.

Most texts match few of the lexicon's rules, yet each rule's regex walks the whole text. A
rule's anchors are literal strings of which every match must contain one (read from the
compiled pattern: the required literal runs of each alternative, with small character
classes such as `[åa]` spelled out). One Aho-Corasick pass over the text finds the anchors
present, and only the rules they belong to (and the few without anchors) run their regex.
The pre-check only ever skips a rule that could not have matched: the result is the same.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import product
from re import _constants as sre  # type: ignore[attr-defined]  # the stdlib's own parser of re
from re import _parser as sre_parse  # type: ignore[attr-defined]

import ahocorasick

MIN_ANCHOR = 3  # shorter literals are in nearly every text: no use as a pre-check
_MAX_VARIANTS = 16  # spelled-out classes and groups per run ("[åa]" twice is four strings)
_SMALL_CLASS = 4


def _class_chars(av: list[tuple[object, object]]) -> list[str] | None:
    """The characters of a small class of plain literals (`[åa]`), else None."""
    chars = [chr(v) for op, v in av if op is sre.LITERAL]  # type: ignore[arg-type]
    if len(chars) != len(av) or not 1 <= len(chars) <= _SMALL_CLASS:
        return None
    return chars


def _literal(items: Sequence[tuple[object, object]]) -> str | None:
    """The text of a sequence of plain literals, else None."""
    if not all(op is sre.LITERAL for op, _ in items):
        return None
    return "".join(chr(v) for _, v in items)  # type: ignore[arg-type]


def _spelled_out(op: object, av: object) -> list[str] | None:
    """The strings a small group of plain alternatives stands for (`(?:j|ij|ji)`), else None."""
    if op is sre.SUBPATTERN:
        inner = av[-1]  # type: ignore[index]
        if len(inner) == 1:
            return _spelled_out(*inner[0])
        text = _literal(inner)
        return None if text is None else [text]
    if op is sre.BRANCH:
        texts = [_literal(a) for a in av[1]]  # type: ignore[index]
        if all(t is not None for t in texts) and len(texts) <= _MAX_VARIANTS:
            return texts  # type: ignore[return-value]
    if op is sre.IN:
        return _class_chars(av)  # type: ignore[arg-type]
    return None


def _best(candidates: list[set[str]]) -> set[str] | None:
    # the most selective: the longest shortest anchor, then the fewest strings
    usable = [c for c in candidates if c and min(map(_weight, c)) >= MIN_ANCHOR]
    if not usable:
        return None
    return max(usable, key=lambda c: (not any(_common(a) for a in c), min(map(_weight, c)), -len(c)))


# Words in most comments, and pieces of them ("kola" is in "skolan"): an anchor among them
# lets its rule run on most texts, so another literal of the same rule is preferred.
_COMMON = ("ska", "skall", "för", "for", "till", "inte", "int", "kommer", "alla", "hela", "hon", "han", "vill",
           "ingen", "borde", "har", "jag", "det", "med", "som", "och", "att", "är", "ar", "kan", "man", "vara",
           "utan", "kväll", "kvall", "behöver", "behover", "skolan", "skola", "kommunen", "kommun", "sverige",
           "från", "fran", "efter", "bara", "även", "också", "ocksa", "någon", "nagon", "något", "nagot",
           "när", "nar", "vad", "varför", "varfor", "finns", "tack", "själv", "sjalv", "ert", "era", "våra",
           "vara", "eller", "inom", "under", "över", "over", "hemma", "gratis")


def _common(anchor: str) -> bool:
    letters = anchor.strip()
    return any(letters in word for word in _COMMON)


def _weight(anchor: str) -> int:
    # " det " is a literal of its rule but in most texts: the letters count, not the spaces;
    # an emoji ("🔞") is rare enough alone
    letters = anchor.strip()
    return max(len(letters), MIN_ANCHOR) if any(ord(c) > 0x2000 for c in letters) else len(letters)


def _anchors(items: Sequence[tuple[object, object]]) -> set[str] | None:
    """Strings of which any match of this sequence contains one, or None."""
    candidates: list[set[str]] = []
    run: list[str] = [""]

    def flush() -> None:
        nonlocal run
        if run != [""]:
            candidates.append(set(run))
        run = [""]

    for op, av in items:
        if op is sre.LITERAL:
            run = [r + chr(av) for r in run]  # type: ignore[arg-type]
            continue
        if (texts := _spelled_out(op, av)) is not None and all(texts):
            if len(run) * len(texts) > _MAX_VARIANTS:
                flush()
            run = [r + t for r, t in product(run, texts)]
            continue
        flush()
        found: set[str] | None = None
        if op is sre.SUBPATTERN:
            found = _anchors(av[-1])  # type: ignore[index]
        elif op is sre.BRANCH:
            alternatives = [_anchors(a) for a in av[1]]  # type: ignore[index]
            if all(a is not None for a in alternatives):
                found = set().union(*alternatives)  # type: ignore[arg-type]
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:  # type: ignore[index]
            found = _anchors(av[2])  # type: ignore[index]
        if found:
            candidates.append(found)
        # anything else (a class, an optional part, a look-around) is not a required literal
    flush()
    return _best(candidates)


def anchors(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The anchors of a compiled pattern, or None when no literal is required."""
    if pattern.flags & re.IGNORECASE:
        return None
    found = _anchors(sre_parse.parse(pattern.pattern, pattern.flags))
    return frozenset(found) if found else None


class PreCheck:
    """For a list of patterns: which of them can match a given text."""

    def __init__(self, patterns: Iterable[re.Pattern[str]]) -> None:
        self.always: set[int] = set()
        owners: dict[str, set[int]] = {}
        for i, pattern in enumerate(patterns):
            found = anchors(pattern)
            if found is None:
                self.always.add(i)
                continue
            for anchor in found:
                owners.setdefault(anchor, set()).add(i)
        self._automaton = ahocorasick.Automaton()
        for anchor, indices in owners.items():
            self._automaton.add_word(anchor, frozenset(indices))
        if owners:
            self._automaton.make_automaton()
        self._empty = not owners

    def candidates(self, text: str) -> set[int]:
        """Indices of the patterns that may match `text` (a superset of those that do)."""
        found = set(self.always)
        if not self._empty:
            for _, indices in self._automaton.iter(text):
                found |= indices
        return found
