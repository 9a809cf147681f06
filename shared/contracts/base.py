"""The envelope every message carries, and helpers for deterministic ids."""

from __future__ import annotations

import functools
import hashlib
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer


def _require_aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("datetime must be timezone-aware (UTC on the wire)")
    return value.astimezone(UTC)


AwareDatetime = Annotated[datetime, AfterValidator(_require_aware)]

MunicipalityId = Annotated[
    str,
    Field(
        pattern=r"^[a-z][a-z0-9_-]{1,40}$",
        description="Municipality (policy pack) the message belongs to, e.g. `knivsta`.",
        examples=["knivsta"],
    ),
]


def utcnow() -> datetime:
    return datetime.now(UTC)


def deterministic_id(*parts: object) -> str:
    """A stable id from the parts, so a redelivered or re-sent input yields the same id."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return digest[:32]


def new_id() -> str:
    return uuid.uuid4().hex


class Contract(BaseModel):
    """Base of every wire model: immutable, tolerant of fields added by newer versions."""

    model_config = ConfigDict(frozen=True, extra="ignore", populate_by_name=True)


class StoredShape(Contract):
    """A document a service keeps, as its queries reply it: a field the document lacks
    stays out of the reply (no `null` where there was nothing), so the JSON is the stored
    shape (under a field's alias too)."""

    @model_serializer(mode="wrap")
    def _as_stored(self, handler: SerializerFunctionWrapHandler) -> Any:
        # Run for every model in every dump (each record the archive writes): the fields'
        # keys are looked up once per class, and the dumped dict (made for this call) is
        # trimmed in place.
        data = handler(self)
        absent = type(self).__pydantic_fields__.keys() - self.__pydantic_fields_set__
        if not isinstance(data, dict) or not absent:
            return data
        keys = _dumped_keys(type(self))
        for name in absent:
            for key in keys[name]:
                data.pop(key, None)
        return data


@functools.cache
def _dumped_keys(model: type[BaseModel]) -> dict[str, tuple[str, ...]]:
    """Each field's keys in a dump: its name, and its alias if it has one."""
    return {name: (name, field.alias) if field.alias else (name,) for name, field in model.__pydantic_fields__.items()}


class Envelope(Contract):
    """Fields every event and command carries."""

    schema_version: int = Field(1, description="Version of this message's schema.")
    event_id: str = Field(
        default_factory=new_id,
        min_length=1,
        max_length=128,
        description="Unique id of this message; deterministic where the input allows, "
        "and used as `Nats-Msg-Id` so JetStream drops duplicates.",
    )
    correlation_id: str = Field(
        default_factory=new_id,
        min_length=1,
        max_length=128,
        description="Id shared by every message caused by the same original input.",
    )
    occurred_at: AwareDatetime = Field(
        default_factory=utcnow, description="When the fact happened (UTC, timezone-aware)."
    )
    municipality: MunicipalityId
