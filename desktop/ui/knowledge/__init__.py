"""Team knowledge in the app: catch-up digests, the solution library, "who knows"."""
