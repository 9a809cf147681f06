"""Outbound platform connectors (hide, unhide, delete, reply, post, block).

Used by moderation (executing decisions) and notify (crisis broadcasts). The interface
is in `base.py`; one module per platform implements it; `factory.build_connectors`
builds them all from `ConnectorSettings` (owned by the ingest team).
"""

from .base import ConnectorError, OutboundPost, PinsPosts, PlatformConnector, PostResult, WritesAbout
from .factory import PLATFORMS, ConnectorSettings, Connectors, build_connectors
from .http import IdempotencyStore, MemoryIdempotencyStore

__all__ = [
    "PLATFORMS", "ConnectorError", "ConnectorSettings", "Connectors", "IdempotencyStore", "MemoryIdempotencyStore",
    "OutboundPost", "PinsPosts", "PlatformConnector", "PostResult", "WritesAbout", "build_connectors",
]
