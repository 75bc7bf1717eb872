"""What one committed write changed, in the shape Qt models need to update by range."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True, slots=True)
class ChannelChanges:
    """Message changes in one channel.

    appended: new top-level ids newer than every top-level message cached before
        (live and catch-up), ascending: one beginInsertRows at the end.
    inserted: new top-level ids older than the newest cached one (history backfill),
        ascending: insert by position or reload the window.
    updated: ids of cached messages (top-level or replies) whose row changed: edits,
        deletions, reactions, pins, reply counts. Ascending, for dataChanged by range.
    replies: thread root id -> new reply ids, ascending (for an open thread view).
    """

    appended: tuple[int, ...] = ()
    inserted: tuple[int, ...] = ()
    updated: tuple[int, ...] = ()
    replies: Mapping[int, tuple[int, ...]] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Changes:
    """Everything one write transaction changed; passed to subscribers after commit.

    channel_list: channels were created, renamed, archived, joined or left, or their
        members changed: reload the channel list.
    counts: channels whose unread/mentions/last_msg_ts/read_upto changed.
    pending: channels whose pending posts (outbox) changed.
    reset: the cache was emptied for a resync: reload everything.
    """

    channels: Mapping[str, ChannelChanges] = field(default_factory=lambda: MappingProxyType({}))
    channel_list: bool = False
    counts: frozenset[str] = frozenset()
    users: bool = False
    outbox: bool = False
    pending: frozenset[str] = frozenset()
    max_seq: int | None = None
    reset: bool = False
    # Feature name -> ids it changed (e.g. "tasks" -> task ids), for feature views.
    features: Mapping[str, frozenset] = field(default_factory=lambda: MappingProxyType({}))

    def __bool__(self) -> bool:
        return bool(
            self.channels or self.channel_list or self.counts or self.users or self.outbox
            or self.pending or self.reset or self.features
        )


class ChangeLog:
    """Collects changes while a transaction runs; freeze() makes the Changes value."""

    def __init__(self) -> None:
        self._appended: dict[str, list[int]] = {}
        self._inserted: dict[str, list[int]] = {}
        self._updated: dict[str, set[int]] = {}
        self._replies: dict[str, dict[int, list[int]]] = {}
        self.channel_list = False
        self.counts: set[str] = set()
        self.users = False
        self.outbox = False
        self.pending: set[str] = set()
        self.max_seq: int | None = None
        self.reset = False
        self.features: dict[str, set] = {}

    def feature(self, name: str, *ids) -> None:
        """Record that a feature's items changed (ids may be empty: "reload")."""
        self.features.setdefault(name, set()).update(ids)

    def appended(self, channel: str, msg: int) -> None:
        self._appended.setdefault(channel, []).append(msg)

    def inserted(self, channel: str, msg: int) -> None:
        self._inserted.setdefault(channel, []).append(msg)

    def updated(self, channel: str, msg: int) -> None:
        self._updated.setdefault(channel, set()).add(msg)

    def reply(self, channel: str, root: int, msg: int) -> None:
        self._replies.setdefault(channel, {}).setdefault(root, []).append(msg)

    def freeze(self) -> Changes:
        names = set(self._appended) | set(self._inserted) | set(self._updated) | set(self._replies)
        channels = {}
        for name in names:
            fresh = set(self._appended.get(name, ())) | set(self._inserted.get(name, ()))
            fresh.update(i for ids in self._replies.get(name, {}).values() for i in ids)
            channels[name] = ChannelChanges(
                appended=tuple(sorted(self._appended.get(name, ()))),
                inserted=tuple(sorted(self._inserted.get(name, ()))),
                # A row created in this transaction is reported as new, not also as updated.
                updated=tuple(sorted(self._updated.get(name, set()) - fresh)),
                replies=MappingProxyType(
                    {root: tuple(sorted(ids)) for root, ids in self._replies.get(name, {}).items()}
                ),
            )
        return Changes(
            channels=MappingProxyType(channels),
            channel_list=self.channel_list,
            counts=frozenset(self.counts),
            users=self.users,
            outbox=self.outbox,
            pending=frozenset(self.pending),
            max_seq=self.max_seq,
            reset=self.reset,
            features=MappingProxyType({k: frozenset(v) for k, v in self.features.items()}),
        )
