"""Fixtures for cache tests: a real SQLCipher store in tmp_path and an event factory."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.protocol import events as ev
from desktop.secrets import CacheKey
from desktop.store import Store

ME = "alice"


class Log:
    """Makes relay-like events with increasing seqs (a stand-in for the relay's log)."""

    def __init__(self) -> None:
        self.seq = 0
        self.ts = 1_700_000_000_000

    def _next(self) -> dict:
        self.seq += 1
        self.ts += 1000
        return {"seq": self.seq, "ts": self.ts}

    def user(self, name: str, display: str, *, updated: bool = False) -> ev.EventBase:
        cls = ev.UserUpdated if updated else ev.UserCreated
        return cls(**self._next(), user=name, display_name=display)

    def channel(
        self, cid: str, name: str, members=(ME, "bob"), *, private=False, dm=False, topic=""
    ) -> ev.ChannelCreated:
        return ev.ChannelCreated(
            **self._next(), channel=cid, actor=members[0] if members else None, name=name,
            private=private, dm=dm, topic=topic, members=list(members),
        )

    def post(
        self, channel: str, text: str, *, author: str = "bob", thread: int | None = None, cid: str | None = None
    ) -> ev.MessagePosted:
        base = self._next()
        return ev.MessagePosted(
            **base, channel=channel, actor=author, msg=base["seq"], text=text, thread=thread, cid=cid
        )

    def edit(
        self, channel: str, msg: int, text: str, *, author: str = "bob", cid: str | None = None
    ) -> ev.MessageEdited:
        return ev.MessageEdited(**self._next(), channel=channel, actor=author, msg=msg, text=text, cid=cid)

    def delete(self, channel: str, msg: int, *, author: str = "bob") -> ev.MessageDeleted:
        return ev.MessageDeleted(**self._next(), channel=channel, actor=author, msg=msg)

    def react(self, channel: str, msg: int, emoji: str, *, user: str = "bob", remove: bool = False) -> ev.EventBase:
        cls = ev.ReactionRemoved if remove else ev.ReactionAdded
        return cls(**self._next(), channel=channel, actor=user, msg=msg, emoji=emoji)

    def pin(self, channel: str, msg: int, *, unpin: bool = False) -> ev.EventBase:
        cls = ev.MessageUnpinned if unpin else ev.MessagePinned
        return cls(**self._next(), channel=channel, actor="bob", msg=msg)

    def read(self, channel: str, upto: int, *, user: str = ME) -> ev.ReadMarked:
        return ev.ReadMarked(**self._next(), channel=channel, actor=user, upto=upto)

    def unread(self, channel: str, upto: int, *, user: str = ME) -> ev.ReadUnmarked:
        return ev.ReadUnmarked(**self._next(), channel=channel, actor=user, upto=upto)

    def member(self, channel: str, user: str, *, removed: bool = False) -> ev.EventBase:
        cls = ev.MemberRemoved if removed else ev.MemberAdded
        return cls(**self._next(), channel=channel, actor=user, user=user)

    def rename(self, channel: str, name: str) -> ev.ChannelRenamed:
        return ev.ChannelRenamed(**self._next(), channel=channel, actor=ME, name=name)

    def archive(self, channel: str) -> ev.ChannelArchived:
        return ev.ChannelArchived(**self._next(), channel=channel, actor=ME)

    def unknown(self, kind: str = "poll.created") -> ev.UnknownEvent:
        return ev.UnknownEvent(seq=self._next()["seq"], kind=kind)


@pytest.fixture
def log() -> Log:
    return Log()


@pytest.fixture
def key() -> CacheKey:
    return CacheKey.random()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "profile" / "cache.db"


@pytest.fixture
def store(db_path: Path, key: CacheKey) -> Iterator[Store]:
    s = Store.open(db_path, key)
    s.set_account("ws://relay.test", ME, "Alice")
    yield s
    s.close()


@pytest.fixture
def workspace(store: Store, log: Log) -> Store:
    """Users alice/bob/carol, #general (all three) and #random (alice, bob)."""
    store.apply_events(
        [
            log.user("alice", "Alice"),
            log.user("bob", "Bob"),
            log.user("carol", "Carol"),
            log.channel("C1", "general", members=("alice", "bob", "carol")),
            log.channel("C2", "random", members=("alice", "bob")),
        ],
        epoch="E1",
    )
    return store
