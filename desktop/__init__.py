"""Beacon desktop client: offline-first, encrypted-at-rest collaboration."""

__version__ = "0.1.0"
