"""Kanalvakt ingest service."""
