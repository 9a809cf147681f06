"""Shared pieces of the normalisers: the error they raise, safe accessors, the event builder."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from shared.contracts.social import MAX_TEXT
from shared.contracts import Author, Direction, ItemKind, MediaRef, Platform, PlatformEvent, deterministic_id

MAX_CHANGES = 1000  # Meta batches up to 1000 changes; others far fewer.


class InvalidPayload(ValueError):
    """The payload is not what the platform documents; the message says what is wrong."""


@dataclass
class Normalised:
    """What one delivery yields: its events, and the parts that could not be read (and why)."""

    events: list[PlatformEvent] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: int = 0  # parts the platform sends that are not items (read receipts, typing…)

    def take(self, where: str, read: Callable[..., PlatformEvent | None], part: Any, *args: Any) -> None:
        """One part of the delivery (an object): `read(part, *args)` gives its event, or None
        for a part that is not an item (a skip); an unreadable part is a problem said with
        where it was, and costs only itself, not the delivery."""
        try:
            event = read(obj(part, where), *args)
        except InvalidPayload as exc:
            self.problems.append(f"{where}: {exc}")
            return
        if event is None:
            self.skipped += 1
        else:
            self.events.append(event)


@dataclass(frozen=True)
class Context:
    municipality: str
    received_at: datetime
    delivery_id: str


def obj(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InvalidPayload(f"{where} must be a JSON object")
    return value


def items(value: Any, where: str, *, limit: int = MAX_CHANGES) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidPayload(f"{where} must be a list")
    if len(value) > limit:
        raise InvalidPayload(f"{where} has {len(value)} items; at most {limit} are accepted")
    return value


def text_of(value: Any, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidPayload(f"{where} must be a string")
    return value


def ident(value: Any, where: str) -> str:
    """A platform id: a non-empty string or an integer (never an object, never `{"$gt": ""}`)."""
    if isinstance(value, bool) or not isinstance(value, str | int) or str(value).strip() == "":
        raise InvalidPayload(f"{where} must be a non-empty id (string or number)")
    result = str(value)
    if len(result) > 256:
        raise InvalidPayload(f"{where} is longer than 256 characters")
    return result


def optional_ident(value: Any, where: str) -> str | None:
    return None if value is None or value == "" else ident(value, where)


def timestamp(value: Any, where: str = "time") -> datetime | None:
    """Unix seconds or milliseconds, ISO 8601, or X's `Wed Oct 10 20:19:24 +0000 2018`."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool):
            raise TypeError
        if isinstance(value, int | float) or (isinstance(value, str) and value.isdigit()):
            number = float(value)
            if number > 1e11:  # milliseconds
                number /= 1000
            return datetime.fromtimestamp(number, UTC)
        if isinstance(value, str):
            text = value.strip()
            if len(text) == 30 and text[3] == " " and text[-4:].isdigit():
                return datetime.strptime(text, "%a %b %d %H:%M:%S %z %Y").astimezone(UTC)
            text = text.replace("Z", "+00:00").replace("+0000", "+00:00")
            if "." in text:  # YouTube sends nanoseconds; Python reads up to microseconds
                head, _, tail = text.partition(".")
                digits = "".join(c for c in tail if c.isdigit())
                zone = tail[len(digits):]
                text = f"{head}.{digits[:6]}{zone}"
            parsed = datetime.fromisoformat(text)
            return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    except (TypeError, ValueError, OverflowError, OSError) as exc:
        raise InvalidPayload(f"{where}: unreadable time {str(value)[:40]!r}") from exc
    raise InvalidPayload(f"{where}: unreadable time {str(value)[:40]!r}")


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def profile_url(value: Any) -> str | None:
    return value if isinstance(value, str) and value.startswith(("https://", "http://")) and len(value) < 2000 else None


TEXT_CUT = "text_cut"


def build_event(
    ctx: Context, *, platform: Platform, account_id: str, kind: ItemKind, item_id: str, id_parts: tuple[Any, ...],
    author: Author, direction: Direction, raw: Mapping[str, Any], text: str = "", parent_id: str | None = None,
    thread_id: str | None = None, published_at: datetime | None = None, media: list[MediaRef] | None = None,
    links: list[str] | None = None,
) -> PlatformEvent:
    """A PlatformEvent whose id comes from the platform's own ids, so a re-delivery dedupes.
    A text longer than an event holds is cut and flagged, never refused: the item is still
    archived, its `raw` (the platform's own entry) with the whole text."""
    flags = [TEXT_CUT] if len(text) > MAX_TEXT else []
    try:
        return PlatformEvent(
            event_id=deterministic_id(platform, ctx.municipality, account_id, item_id, *id_parts),
            correlation_id=deterministic_id("delivery", ctx.delivery_id),
            occurred_at=published_at or ctx.received_at,
            municipality=ctx.municipality,
            platform=platform,
            account_id=account_id,
            kind=kind,
            item_id=item_id,
            parent_id=parent_id,
            thread_id=thread_id,
            author=author,
            text=text[:MAX_TEXT],
            flags=flags,
            media=media or [],
            links=links or [],
            published_at=published_at,
            received_at=ctx.received_at,
            direction=direction,
            raw=dict(raw),
            delivery_id=ctx.delivery_id,
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "item"
        raise InvalidPayload(f"{platform} item {item_id}: {where}: {first.get('msg')}") from exc


def direction_of(author_id: str | None, account_id: str) -> Direction:
    """Whatever the account itself writes is drawn up by the municipality (upprättad)."""
    return Direction.upprattad if author_id is not None and author_id == account_id else Direction.inkommen


MAX_DEPTH = 64  # no platform nests deeper than a dozen levels; MongoDB stops at 100
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKET = re.compile(r"[\[\]{}]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def json_depth(text: str) -> int:
    """How deep `text` nests, counted without parsing it (strings skipped)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_STRING.sub('""', text)):
        depth += 1 if match.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def storable_key(key: str) -> str:
    """A field name every MongoDB server stores: no leading `$`, no `.`, no NUL, not empty
    (MongoDB's own advice: the full-width look-alikes). The raw bytes keep the original."""
    if key == "":
        return "\u2205"  # ∅
    key = key.replace("\x00", "\u2400").replace(".", "\uff0e")  # ␀, ．
    return "\uff04" + key[1:] if key.startswith("$") else key  # ＄


def storable(value: Any, mended: list[bool] | None = None) -> Any:
    """`value` with every key storable and every lone surrogate (which no UTF-8 encoder
    writes) replaced by U+FFFD, so nothing ingest accepts is impossible to archive;
    `mended` gets an entry when something had to change."""
    if isinstance(value, str):
        fixed = _LONE_SURROGATE.sub("\ufffd", value)
        if mended is not None and fixed != value:
            mended.append(True)
        return fixed
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            name = storable_key(storable(key, mended))
            if mended is not None and name != key:
                mended.append(True)
            out[name] = storable(item, mended)
        return out
    if isinstance(value, list):
        return [storable(v, mended) for v in value]
    return value


MENDED = ("field names MongoDB cannot store were kept under look-alikes (＄ ． ␀ ∅), lone surrogates "
          "replaced by U+FFFD or integers beyond 64 bits kept as their digits; the raw delivery keeps the exact bytes")
INT64 = range(-(2**63), 2**63)


def _storable_int(mended: list[bool] | None) -> Callable[[str], int | str]:
    """The parser's integers, each one BSON can hold: one beyond 64 bits (a platform's id
    sent as a number, or a hostile 4,301-digit one that Python would refuse to convert at
    all) is kept as its digits, a string, so one field never stops a delivery being archived."""

    def parse(digits: str) -> int | str:
        if len(digits.lstrip("-")) <= 19 and (value := int(digits)) in INT64:  # 2**63 has 19 digits
            return value
        if mended is not None:
            mended.append(True)
        return digits

    return parse


def _not_json(constant: str) -> Any:
    raise InvalidPayload(f"body is not valid JSON: {constant} is not a JSON value")


def with_mending_noted(normalise: Callable[[Any, Context], Normalised]) -> Callable[[bytes, Context], Normalised]:
    """A JSON route's normaliser: parse (bounded, made storable), normalise, and say so
    among the delivery's problems when the body had to be mended (the system page shows them)."""

    def run(body: bytes, ctx: Context) -> Normalised:
        mended: list[bool] = []
        out = normalise(parse_json(body, mended), ctx)
        if mended:
            out.problems.append(MENDED)
        return out

    return run


def parse_json(body: bytes, mended: list[bool] | None = None) -> Any:
    """The body as JSON (keys and strings made storable), or InvalidPayload saying exactly
    where it breaks; nesting is bounded before the parser sees it."""
    import json

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidPayload(f"body is not UTF-8: {exc.reason} at byte {exc.start}") from exc
    if (depth := json_depth(text)) > MAX_DEPTH:
        raise InvalidPayload(f"body nests {depth} levels deep; at most {MAX_DEPTH} are accepted")
    try:
        return storable(json.loads(text, parse_int=_storable_int(mended), parse_constant=_not_json), mended)
    except json.JSONDecodeError as exc:
        raise InvalidPayload(f"body is not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
