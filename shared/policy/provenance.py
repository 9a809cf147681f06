"""Where every pack value comes from: the municipality's document, a local decision, or
Kanalvakt's default.

A pack's `provenance` block maps dotted paths (a prefix covers everything under it) to
one origin, written compactly so a pack stays readable:

    provenance:
      document: eskilstuna.txt              # the source text, in shared/policy/sources/
      values:
        moderation.sla: "L74: inom fyra timmar om det är ett kommunövergripande konto"
        moderation.sla.holiday_mode.periods: "default: semestertider är Kanalvakts antagande"
        archive.culling_decisions.ringa-betydelse: "local: Kommunstyrelsen; 2024-03-11; KS 2024/12 § 40"

- `L<n>: quote` (or `L<n>-<m>:`) is **policy**: the quote must be in the document on those
  lines, checked on load, so a default can never pose as policy;
- `local: who; YYYY-MM-DD[; reference]` is a **local decision** written into the pack;
- `default: why` (or no entry at all) is a **default**, the product's choice.

Local decisions an administrator enters in the staff UI (`shared/policy/local.py`) are laid
over this at run time by the service that uses them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

SOURCE_DIR = Path(__file__).with_name("sources")

_POLICY = re.compile(r"^L(\d+)(?:-(\d+))?:\s*(\S.*)$")
_LOCAL = re.compile(r"^local:\s*([^;]+);\s*(\d{4}-\d{2}-\d{2})\s*(?:;\s*(.+))?$")
_DEFAULT = re.compile(r"^default:\s*(\S.*)$")


class Kind(StrEnum):
    policy = "policy"
    local_decision = "local_decision"
    default = "default"


KIND_LABELS = {Kind.policy: "Policy", Kind.local_decision: "Lokalt beslut", Kind.default: "Standardvärde"}


@dataclass(frozen=True)
class Origin:
    """One value's origin, as staff see it on the pack page."""

    kind: Kind
    line_from: int | None = None
    line_to: int | None = None
    quote: str | None = None
    decided_by: str | None = None
    decided_on: str | None = None
    reference: str | None = None
    note: str | None = None
    entered_by: str | None = None   # local decisions entered in the UI: who entered them

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]

    def describe(self) -> str:
        """One Swedish line: the quote and its line, who decided and when, or why a default."""
        if self.kind == Kind.policy:
            to = f"–{self.line_to}" if self.line_to and self.line_to != self.line_from else ""
            lines = f"rad {self.line_from}{to}"
            return f"{lines}: ”{self.quote}”"
        if self.kind == Kind.local_decision:
            parts = [f"beslutat av {self.decided_by}", f"den {self.decided_on}"]
            if self.reference:
                parts.append(f"({self.reference})")
            if self.entered_by:
                parts.append(f"inlagt av {self.entered_by}")
            return " ".join(parts)
        return self.note or "Kanalvakts standardvärde: kommunen har inte beslutat något annat"


DEFAULT = Origin(Kind.default)


def parse_origin(text: str) -> Origin:
    """`L74: quote`, `local: who; date[; reference]` or `default: why`; ValueError otherwise."""
    text = text.strip()
    if m := _POLICY.match(text):
        first = int(m.group(1))
        return Origin(Kind.policy, line_from=first, line_to=int(m.group(2) or first), quote=m.group(3).strip())
    if m := _LOCAL.match(text):
        date.fromisoformat(m.group(2))
        return Origin(Kind.local_decision, decided_by=m.group(1).strip(), decided_on=m.group(2),
                      reference=(m.group(3) or "").strip() or None)
    if m := _DEFAULT.match(text):
        return Origin(Kind.default, note=m.group(1).strip())
    raise ValueError(f"{text!r} is not an origin: write 'L<line>: quote', 'local: who; YYYY-MM-DD; reference' "
                     "or 'default: why'")


def normalise(text: str) -> str:
    """Compare quotes loosely: case, quotation marks, dashes and spacing do not matter."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\"'”“’‘«»*_`]", "", text)
    text = re.sub(r"[–—-]", "-", text)
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=16)
def source_lines(document: str) -> tuple[str, ...]:
    path = SOURCE_DIR / document
    return tuple(path.read_text(encoding="utf-8").splitlines())


class Provenance(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str | None = Field(None, pattern=r"^[a-z0-9_.-]+\.txt$",
                                 description="The municipality's document as text, in shared/policy/sources/.")
    values: dict[str, str] = Field(default_factory=dict, description="Dotted path (prefix) → origin.")

    @field_validator("values")
    @classmethod
    def _parse(cls, values: dict[str, str]) -> dict[str, str]:
        for path, text in values.items():
            if not re.fullmatch(r"[a-z_][a-z0-9_.*-]*", path):
                raise ValueError(f"{path!r} is not a dotted path")
            parse_origin(text)
        return values

    def check_quotes(self) -> list[str]:
        """Every policy quote must be on its lines of the document; the problems, in English."""
        problems = []
        policy = {p: o for p, t in self.values.items() if (o := parse_origin(t)).kind == Kind.policy}
        if policy and not self.document:
            return ["provenance.document is needed to quote the policy"]
        if not policy:
            return []
        try:
            lines = source_lines(self.document)
        except OSError as exc:
            return [f"provenance.document {self.document!r} cannot be read: {exc.strerror}"]
        for path, origin in policy.items():
            lo, hi = origin.line_from or 0, origin.line_to or 0
            if lo < 1 or hi > len(lines) or hi < lo:
                problems.append(f"provenance '{path}': line {lo}-{hi} is outside the document ({len(lines)} lines)")
                continue
            text = normalise(" ".join(lines[lo - 1:hi]))
            if normalise(origin.quote or "") not in text:
                problems.append(f"provenance '{path}': the quote is not on line {lo}-{hi} of {self.document}: "
                                f"{origin.quote!r}")
        return problems

    def origin_of(self, path: str) -> Origin:
        """The origin of the most specific entry covering `path` (`*` stands for any one
        segment: `moderation.categories.*.severity`); a default without one."""
        best, rank = None, (-1, 0)
        parts = path.split(".")
        for prefix in self.values:
            pattern = prefix.split(".")
            if len(pattern) > len(parts) or any(p not in ("*", q) for p, q in zip(pattern, parts, strict=False)):
                continue
            this = (len(pattern), -pattern.count("*"))
            if this > rank:
                best, rank = prefix, this
        return parse_origin(self.values[best]) if best else DEFAULT


# --- the pack's values as rows ----------------------------------------------------------

@dataclass(frozen=True)
class ValueRow:
    path: str
    value: Any
    origin: Origin


def flatten(tree: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Leaves of a dumped pack as (dotted path, value); list items with an `id` go by it."""
    if isinstance(tree, dict):
        out: list[tuple[str, Any]] = []
        for key, value in tree.items():
            out += flatten(value, f"{prefix}.{key}" if prefix else str(key))
        return out
    if isinstance(tree, list) and tree and all(isinstance(v, dict) for v in tree):
        out = []
        for i, value in enumerate(tree):
            out += flatten(value, f"{prefix}.{value.get('id', i)}")
        return out
    return [(prefix, tree)]


def value_rows(pack: Any, local: dict[str, Origin] | None = None) -> list[ValueRow]:
    """Every value of `pack` with its origin; `local` (path prefix → origin) wins over the pack."""
    tree = pack.model_dump(mode="json", exclude={"provenance"})
    local = local or {}
    rows = []
    for path, value in flatten(tree):
        covering = [p for p in local if path == p or path.startswith(p + ".")]
        origin = local[max(covering, key=len)] if covering else pack.provenance.origin_of(path)
        rows.append(ValueRow(path, value, origin))
    return rows


def is_decided(pack: Any, path: str, local: dict[str, Origin] | None = None) -> bool:
    """True when the municipality decided the value at `path` (policy or local decision)."""
    local = local or {}
    if any(path == p or path.startswith(p + ".") for p in local):
        return True
    return pack.provenance.origin_of(path).kind != Kind.default
