"""Spans pre-marked for redaction before disclosure (utlämnande).

Personnummer are found with the `personnummer` library (checksum-validated, so a phone
number is not mistaken for one); spans the moderation tags mark as confidential or
sensitive personal data come from the record's tags. Staff add their own spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from personnummer import personnummer

from shared.contracts.archive import RecordTag

# Candidates: 10 or 12 digits with an optional -/+ before the last four.
_CANDIDATE = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+]?\d{4}(?!\d)")
BLACK = "█"


def personnummer_spans(text: str) -> list[dict[str, Any]]:
    spans = []
    for m in _CANDIDATE.finditer(text):
        if personnummer.valid(m.group()):
            spans.append({"start": m.start(), "end": m.end(), "reason": "personnummer"})
    return spans


def tag_spans(tags: Iterable[RecordTag], categories: Iterable[str], text_length: int) -> list[dict[str, Any]]:
    wanted = set(categories)
    spans = []
    for tag in tags:
        if tag.category not in wanted:
            continue
        for span in tag.spans:
            if 0 <= span.start < span.end <= text_length:
                spans.append({"start": span.start, "end": span.end, "reason": tag.category})
    return spans


def merge(spans: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Overlapping spans become one (reasons joined), in text order."""
    out: list[dict[str, Any]] = []
    for span in sorted(spans, key=lambda s: (s["start"], s["end"])):
        if out and span["start"] <= out[-1]["end"]:
            last = out[-1]
            last["end"] = max(last["end"], span["end"])
            if span["reason"] not in last["reason"].split(","):
                last["reason"] += "," + span["reason"]
        else:
            out.append(dict(span))
    return out


def premarked(text: str, tags: Iterable[RecordTag], categories: Iterable[str]) -> list[dict[str, Any]]:
    return merge([*personnummer_spans(text), *tag_spans(tags, categories, len(text))])


def apply(text: str, spans: Iterable[dict[str, Any]]) -> str:
    """The text with every span blacked out (same length, so offsets stay meaningful)."""
    chars = list(text)
    for span in merge(spans):
        for i in range(span["start"], min(span["end"], len(chars))):
            if not chars[i].isspace():
                chars[i] = BLACK
    return "".join(chars)
