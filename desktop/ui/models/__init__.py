"""Qt item models that adapt the cache for views (they hold windows, not history)."""
