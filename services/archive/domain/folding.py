"""Search terms: Swedish-aware folding and word prefixes, for an ordinary multikey index.

Neither `$text` nor text indexes exist on FerretDB v1, so every record carries `terms`:
each folded word and its prefixes (2..PREFIX_MAX characters). A query word of up to
PREFIX_MAX characters is then one exact index lookup; a longer one looks up its first
PREFIX_MAX characters and is confirmed against the full words (`words`).
"""

from __future__ import annotations

import re
import unicodedata

PREFIX_MIN = 2
PREFIX_MAX = 12
MAX_WORDS = 2000  # a 100 000-character text must not make a 100 000-entry index key list

# Letters NFKD does not decompose; Swedish staff type "ae"/"a" for æ and "o" for ø.
_SPECIAL = str.maketrans({"æ": "a", "ø": "o", "ß": "ss", "đ": "d", "ł": "l", "þ": "th", "ð": "d", "œ": "oe"})
_WORD = re.compile(r"[0-9a-z]+")


def fold(text: str) -> str:
    """Lower case, diacritics off (å→a, ä→a, ö→o, é→e, ü→u): what staff may type either way."""
    lowered = unicodedata.normalize("NFKC", text).casefold().translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Folded words in order of first appearance, without repeats."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(text)):
        if word not in seen:
            seen[word] = None
            if len(seen) >= MAX_WORDS:
                break
    return list(seen)


def index_terms(*texts: str | None) -> tuple[list[str], list[str]]:
    """(`terms`, `words`) for a record: every word's prefixes, and the full words."""
    all_words: dict[str, None] = {}
    for text in texts:
        for word in words(text or ""):
            all_words[word] = None
    terms: dict[str, None] = {}
    for word in all_words:
        if len(word) < PREFIX_MIN:
            terms[word] = None
            continue
        for end in range(PREFIX_MIN, min(len(word), PREFIX_MAX) + 1):
            terms[word[:end]] = None
    return list(terms), list(all_words)


def query_terms(text: str) -> list[tuple[str, str | None]]:
    """For each query word: (the indexed term to look up, a full-word prefix to confirm or None)."""
    out: list[tuple[str, str | None]] = []
    for word in words(text):
        if len(word) <= PREFIX_MAX:
            out.append((word, None))
        else:
            out.append((word[:PREFIX_MAX], word))
    return out
