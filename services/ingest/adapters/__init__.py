"""Ingest's adapters: the MongoDB store, the local spool, the JetStream publisher."""
