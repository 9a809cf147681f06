"""Kanalvakt dashboard service."""
