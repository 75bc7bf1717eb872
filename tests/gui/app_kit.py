"""Helpers for GUI tests: a cache filled with events, and a qasync loop."""

from __future__ import annotations

import asyncio
import itertools
import time
from pathlib import Path

from desktop.protocol import events as ev
from desktop.secrets import CacheKey
from desktop.store import Store

ME = "me"
NOW = int(time.time() * 1000)


class Seeder:
    """Applies events to a store with increasing seqs, like the relay would."""

    def __init__(self, store: Store):
        self.store = store
        self.seq = itertools.count(store.cursor() + 1)
        self.ts = NOW - 10 * 24 * 3600 * 1000

    def apply(self, event_type, **fields) -> int:
        seq = next(self.seq)
        self.ts += 60_000
        if event_type is ev.MessagePosted:
            fields.setdefault("msg", seq)
        self.store.apply_events([event_type(seq=seq, ts=fields.pop("ts", self.ts), **fields)])
        return seq

    def post(self, channel: str, text: str, author: str = "bob", **fields) -> int:
        return self.apply(ev.MessagePosted, actor=author, channel=channel, text=text, **fields)


def make_store(path: Path, *, messages: int = 0, key: CacheKey | None = None) -> tuple[Store, Seeder]:
    key = key or CacheKey.random()
    store = Store.open(path / "cache.db", key)
    store.test_key = key  # lets a test reopen the same cache (a "restart")
    store.set_account("ws://127.0.0.1:1", ME, "Me")
    seeder = Seeder(store)
    for user, name in [(ME, "Me"), ("bob", "Bob"), ("li", "李伟")]:
        seeder.apply(ev.UserCreated, user=user, display_name=name)
    seeder.apply(ev.ChannelCreated, actor="bob", channel="C1", name="general", members=[ME, "bob", "li"])
    seeder.apply(ev.ChannelCreated, actor="li", channel="C2", name="产品讨论", members=[ME, "li"])
    seeder.apply(ev.ChannelCreated, actor="li", channel="D1", name="li+me", private=True, dm=True, members=[ME, "li"])
    events = []
    for i in range(messages):
        seq = next(seeder.seq)
        seeder.ts += 60_000
        events.append(ev.MessagePosted(seq=seq, ts=seeder.ts, actor="bob" if i % 3 else "li", channel="C1", msg=seq, text=f"message {i}"))
        if len(events) == 1000:
            store.apply_events(events)
            events = []
    if events:
        store.apply_events(events)
    return store, seeder


async def until(cond, timeout: float = 15.0, what: str = "condition") -> None:
    """Poll `cond` on the running loop until it holds (AssertionError after `timeout`)."""
    for _ in range(int(timeout / 0.02)):
        if cond():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def shut_down(app) -> None:
    """Shut a BeaconApp down on a plain event loop (its timers stop, the cache closes)."""
    import asyncio

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(app.shutdown())
    finally:
        loop.close()
