"""Kanalvakt archive service."""
