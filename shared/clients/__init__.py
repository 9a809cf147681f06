"""Typed clients of the services others query: one per service, used by every caller."""
