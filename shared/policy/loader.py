"""Load and validate policy packs; a broken pack is an error naming file, line and field."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .model import PolicyPack

PACK_DIR = Path(__file__).with_name("packs")


class PolicyError(ValueError):
    """A pack that cannot be used; `str()` says where and why."""


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers the line of every mapping key, for error messages."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    lines = {str(key_node.value): key_node.start_mark.line + 1 for key_node, _ in node.value}
    mapping["__lines__"] = lines
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__lines__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _line_of(tree: Any, loc: tuple[int | str, ...]) -> int | None:
    line = None
    node = tree
    for part in loc:
        if isinstance(node, dict):
            line = node.get("__lines__", {}).get(str(part), line)
            node = node.get(part) if part in node else None
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            break
    return line


def parse_pack(text: str, *, source: str) -> PolicyPack:
    try:
        tree = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        raise PolicyError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(tree, dict):
        raise PolicyError(f"{source}: a policy pack must be a mapping at the top level")
    try:
        pack = PolicyPack.model_validate(_strip_lines(tree))
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = ".".join(str(p) for p in error["loc"])
            line = _line_of(tree, error["loc"])
            where = f"{source}:{line}" if line else source
            problems.append(f"{where}: field '{field}': {error['msg']}")
        raise PolicyError("invalid policy pack\n" + "\n".join(problems)) from exc
    # A quote that is not in the document would let a default pose as policy.
    quotes = pack.provenance.check_quotes()
    if quotes:
        line = tree.get("__lines__", {}).get("provenance")
        where = f"{source}:{line}" if line else source
        raise PolicyError("invalid policy pack\n" + "\n".join(f"{where}: {q}" for q in quotes))
    return pack


def load_pack_file(path: Path) -> PolicyPack:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"{path}: cannot read policy pack: {exc.strerror}") from exc
    return parse_pack(text, source=str(path))


def available_packs(directory: Path = PACK_DIR) -> list[str]:
    """The packs in `directory`. Packs ship with the release and `load_pack` keeps each one
    loaded, so the directory is listed once, not once per item a service handles."""
    return list(_pack_names(directory))


@lru_cache(maxsize=8)
def _pack_names(directory: Path) -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in directory.glob("*.yaml")))


@lru_cache(maxsize=32)
def load_pack(name: str, directory: Path = PACK_DIR) -> PolicyPack:
    """Load a shipped (or configured) pack by name, e.g. `knivsta`."""
    if name not in available_packs(directory):
        raise PolicyError(f"no policy pack named {name!r} in {directory} "
                          f"(have: {', '.join(available_packs(directory))})")
    pack = load_pack_file(directory / f"{name}.yaml")
    if pack.name != name:
        raise PolicyError(f"{directory / (name + '.yaml')}: field 'name': is {pack.name!r}, expected {name!r}")
    return pack
