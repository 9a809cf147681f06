"""Kanalvakt registry service."""
