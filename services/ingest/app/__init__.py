"""Ingest's use cases, one module a capability: accepting deliveries (and replaying the
spool), the registry annotation of accounts, the pollers, what staff see (status)."""
