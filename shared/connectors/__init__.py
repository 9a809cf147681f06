"""Outbound platform connectors (hide, unhide, delete, reply, post, block).

Used by moderation (executing decisions) and notify (crisis broadcasts). The interface
is in `base.py`; one module per platform implements it (owned by the ingest team).
"""

from .base import ConnectorError, OutboundPost, PlatformConnector, PostResult

__all__ = ["ConnectorError", "OutboundPost", "PlatformConnector", "PostResult"]
