"""What every query (`q.<service>.<what>`, NATS request/reply) shares: its scope and the
one error reply. Each service's queries and replies are in shared/contracts/<service>.py;
callers ask through shared/clients/<service>.py, services answer with
`shared.queries.query_subscriber`."""

from __future__ import annotations

from pydantic import Field

from .base import Contract, MunicipalityId


class QueryError(Contract):
    """The one answer to a query that could not be answered (malformed, refused)."""

    error: str = Field(..., description="Why, in Swedish, for staff.")


class MunicipalityQuery(Contract):
    """Every query is scoped to one municipality: staff never see another's data."""

    municipality: MunicipalityId
    limit: int = Field(50, ge=1, le=200)
