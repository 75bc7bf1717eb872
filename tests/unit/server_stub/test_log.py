"""The event log: sequence numbers, visibility per user, reading back."""

from __future__ import annotations

from desktop.protocol import codec
from desktop.protocol import events as ev
from desktop.protocol import frames as fr
from server_stub import commands
from server_stub import log as evlog


def _post(tx, actor, channel, text):
    return tx(commands.execute, actor, fr.Post(id=f"0192f0c2-aaaa-7bbb-8ccc-{abs(hash(text)) % 10**12:012d}",
                                                channel=channel, text=text))


def test_seqs_are_dense_and_bodies_are_the_wire_events(tx, conn):
    general, _ = tx(commands.create_channel, None, "general", private=False, members=["alice", "bob"])
    _post(tx, "alice", general, "one")
    _post(tx, "bob", general, "two")
    events = evlog.read_range(conn, 0, evlog.head(conn))
    assert [e.seq for e in events] == list(range(1, evlog.head(conn) + 1))
    decoded = [codec.decode_event(e.body) for e in events]
    assert [type(d).__struct_config__.tag for d in decoded] == [e.kind for e in events]
    assert [d.seq for d in decoded] == [e.seq for e in events]
    assert [d.text for d in decoded if isinstance(d, ev.MessagePosted)] == ["one", "two"]


def test_visibility_follows_current_membership(tx, conn):
    general, _ = tx(commands.create_channel, None, "general", private=False, members=["alice", "bob"])
    secret, _ = tx(commands.create_channel, None, "secret", private=True, members=["alice"])
    _post(tx, "alice", general, "public")
    _post(tx, "alice", secret, "private")
    tx(commands.execute, "alice", fr.MarkRead(id="0192f0c2-aaaa-7bbb-8ccc-000000000999", channel=general, upto=1))

    def kinds(user):
        return [codec.decode_event(b) for _s, b in evlog.iter_visible(conn, user)]

    alice = kinds("alice")
    bob = kinds("bob")
    dave = kinds("dave")
    # Everyone sees user.created and the public channel's creation; only members see the rest.
    assert sum(isinstance(e, ev.UserCreated) for e in dave) == 4
    assert [e.name for e in dave if isinstance(e, ev.ChannelCreated)] == ["general"]
    assert not [e for e in dave if isinstance(e, ev.MessagePosted)]
    assert [e.text for e in bob if isinstance(e, ev.MessagePosted)] == ["public"]
    assert [e.text for e in alice if isinstance(e, ev.MessagePosted)] == ["public", "private"]
    # A read marker is visible to its author only.
    assert [type(e) for e in alice].count(ev.ReadMarked) == 1
    assert ev.ReadMarked not in [type(e) for e in bob]
    # iter_visible pages correctly whatever the batch size.
    full = list(evlog.iter_visible(conn, "alice"))
    assert list(evlog.iter_visible(conn, "alice", batch=1)) == full
    assert list(evlog.iter_visible(conn, "alice", batch=2)) == full


def test_read_visible_bounds(tx, conn):
    general, _ = tx(commands.create_channel, None, "general", private=False, members=["alice"])
    seqs = [_post(tx, "alice", general, f"m{i}").seq for i in range(10)]
    rows = evlog.read_visible(conn, "alice", seqs[2], seqs[7], 3)
    assert [r[0] for r in rows] == seqs[3:6]
    assert evlog.read_visible(conn, "alice", seqs[-1], seqs[-1], 10) == []


def test_read_channel_before_pages_backwards_and_tolerates_huge_cursors(tx, conn):
    general, _ = tx(commands.create_channel, None, "general", private=False, members=["alice"])
    seqs = [_post(tx, "alice", general, f"m{i}").seq for i in range(10)]
    assert [r[0] for r in evlog.read_channel_before(conn, general, None, 3)] == seqs[-3:]
    assert [r[0] for r in evlog.read_channel_before(conn, general, seqs[5], 3)] == seqs[2:5]
    # Any int is a valid `before` on the wire; one past int64 must not raise OverflowError.
    for huge in (2**63, 2**64, 10**30):
        assert [r[0] for r in evlog.read_channel_before(conn, general, huge, 2)] == seqs[-2:]
