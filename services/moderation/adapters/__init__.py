"""Moderation's adapters: its own database (`store`)."""
