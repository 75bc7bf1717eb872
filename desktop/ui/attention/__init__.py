"""Do-not-disturb, work status and "send later" in the desktop app."""
