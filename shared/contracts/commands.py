"""What every command from the staff web UI carries (who acts, in which role, and why), and
what its answer carries: `CommandResult`, its data the command's own model."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from .base import Contract, MunicipalityId


class Role(StrEnum):
    """Roles from the five policies; assignable per account or unit."""

    administrator = "administrator"                    # account administrator (L, P)
    substitute = "substitute"                          # ersättare (P, N)
    responsible_editor = "responsible_editor"          # ansvarig redaktör (E)
    communicator = "communicator"
    communications_strategist = "communications_strategist"  # kommunikationsstrateg (E)
    head_of_communications = "head_of_communications"  # kommunikationschef / kommunikationsdirektör (E, L)
    head_of_unit = "head_of_unit"                      # verksamhetschef (K)
    head_of_administration = "head_of_administration"  # förvaltningschef (N)
    responsible_manager = "responsible_manager"        # ansvarig chef (P)
    board_delegate = "board_delegate"                  # nämnd eller dess delegat (E)
    registrar = "registrar"                            # registrator
    archivist = "archivist"                            # arkivarie
    crisis_team = "crisis_team"                        # krisledning
    system_administrator = "system_administrator"


class Actor(Contract):
    """The person behind a command, as the dashboard authenticated them."""

    user_id: str = Field(..., min_length=1, description="Stable id of the staff member.")
    name: str = Field(..., description="Display name, for audit trails.")
    municipality: MunicipalityId
    roles: list[Role] = Field(default_factory=list, description="Roles held (scoped by the dashboard).")
    units: list[str] = Field(default_factory=list, description="Units/accounts the roles apply to; empty = all.")


# What a command's answer carries besides ok, message and id: the command's own model
# (shared/contracts/<service>.py). Covariant, so a use case answering one outcome of
# several (a decision or a block) is typed as the union.
DataT = TypeVar("DataT", covariant=True)


class CommandResult(Contract, Generic[DataT]):
    """The answer to a command: accepted, or refused with a reason staff can read (Swedish).
    A caller reads `data` as the command's model: `CommandResult[SipExported]`."""

    ok: bool
    message: str = ""
    id: str | None = Field(None, description="Id of what the command created or changed.")
    data: DataT | None = Field(None, description="What the command did, as its own model; none when refused.")


class Outcome(Contract):
    """Base of a command's `data` whose fields each say what one part of the command did
    (a decision's platform action, its reply…): a field without a value, a part that did
    not happen, stays out of the JSON, so the answer names only what happened."""

    @model_serializer(mode="wrap")
    def _what_happened(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = handler(self)
        return {k: v for k, v in data.items() if v is not None} if isinstance(data, dict) else data


class Refusal(Exception):
    """A use case refuses a command; `message` tells staff why (in Swedish). Raised by
    pure domain code; `shared.commands.command_subscriber` turns it into the answer."""

    def __init__(self, message: str, *, id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.id = id
