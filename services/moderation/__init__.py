"""Kanalvakt moderation service."""
