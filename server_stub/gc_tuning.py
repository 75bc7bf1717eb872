"""Garbage-collector settings for a serving relay (latency, not memory).

After start-up the relay holds a large, long-lived object graph (modules, codecs,
the hub, caches) that every full collection would walk again, and serving allocates
many short-lived objects (decoded frames) that would trigger a young collection
every 700 allocations. So, once it is serving: collect once, then gc.freeze() moves
everything alive into the permanent generation (never scanned again), and the young
generation threshold goes up so collections are rarer (each still short: frames die
young, so little survives to be walked twice). Reference counting frees almost all
of the relay's garbage anyway; the collector is only for cycles.

Only the relay's own process calls this (`beacon-relay serve`): it changes the whole
interpreter, so an embedded relay or a test must not.
"""

from __future__ import annotations

import gc

# Young-generation allocations between collections, then how many young collections
# per middle one, and middle per old one (CPython's defaults: 700, 10, 10).
THRESHOLDS = (20_000, 20, 20)


def tune_after_startup() -> tuple[int, int, int]:
    """Freeze what start-up left alive and raise the thresholds; returns the old ones."""
    old = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    return old
