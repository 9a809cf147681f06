"""Kanalvakt notify service."""
