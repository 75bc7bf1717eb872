"""Shared files in the desktop app: attach, drop, paste, transfers, the files window."""
