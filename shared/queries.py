"""Request/reply helpers: the shape of a query and of its answer. (Registry is asked
through its typed client, shared/clients/registry.py.)"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, Field
from pydantic_core import to_jsonable_python


class Query(BaseModel):
    """Every query is scoped to one municipality: staff never see another's data."""

    municipality: str = Field(..., pattern=r"^[a-z][a-z0-9_-]{1,40}$")
    limit: int = Field(50, ge=1, le=200)


def as_reply(doc: Mapping[str, Any]) -> dict[str, Any]:
    """A stored document as a JSON-safe reply: `_id` becomes `id`, datetimes ISO strings."""
    out = {("id" if k == "_id" else k): v for k, v in doc.items()}
    return to_jsonable_python(out, bytes_mode="utf8")


def as_replies(docs: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [as_reply(d) for d in docs]
