"""Notify's stores and the channels alerts go out on."""
