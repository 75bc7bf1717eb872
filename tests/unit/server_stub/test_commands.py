"""Authorization and validation rules of client commands, run through an Appender."""

from __future__ import annotations

import itertools

import pytest

from desktop.protocol import frames as fr
from desktop.protocol.errors import ErrorCode
from server_stub import commands
from server_stub import log as evlog

_ids = itertools.count(1)


def cid() -> str:
    return f"0192f0c2-aaaa-7bbb-8ccc-{next(_ids):012d}"


@pytest.fixture
def run(tx):
    """run(actor, FrameType, **fields) -> Ack, or raises Rejected."""

    def go(actor, frame_type, **fields):
        return tx(commands.execute, actor, frame_type(id=cid(), **fields))

    return go


@pytest.fixture
def chans(tx):
    general, _ = tx(commands.create_channel, None, "general", private=False, members=["alice", "bob"])
    secret, _ = tx(commands.create_channel, None, "secret", private=True, members=["alice", "bob"])
    return {"general": general, "secret": secret}


def rejected(code: ErrorCode, fn, *args, **kwargs) -> commands.Rejected:
    with pytest.raises(commands.Rejected) as info:
        fn(*args, **kwargs)
    assert info.value.code is code, info.value.message
    return info.value


def head(conn) -> int:
    return evlog.head(conn)


def test_member_posts_and_gets_message_id_equal_to_seq(run, chans, conn):
    ack = run("alice", fr.Post, channel=chans["general"], text="hi")
    assert ack.seq == ack.msg == head(conn)
    assert ack.channel == chans["general"]


def test_non_member_cannot_post_read_or_see_messages(run, chans, conn):
    before = head(conn)
    rejected(ErrorCode.NOT_MEMBER, run, "carol", fr.Post, channel=chans["general"], text="x")
    rejected(ErrorCode.NOT_MEMBER, run, "carol", fr.MarkRead, channel=chans["secret"], upto=1)
    msg = run("alice", fr.Post, channel=chans["secret"], text="secret").msg
    # A message in a channel carol cannot see is "not found", not "forbidden":
    # the relay does not confirm that it exists.
    for frame_type, extra in [(fr.Edit, {"text": "x"}), (fr.Delete, {}), (fr.React, {"emoji": "👍"}), (fr.Pin, {})]:
        rejected(ErrorCode.NOT_FOUND, run, "carol", frame_type, msg=msg, **extra)
    assert run("carol", fr.Join, channel=chans["general"]).seq
    rejected(ErrorCode.NOT_FOUND, run, "carol", fr.Post, channel=chans["general"], text="x", thread=msg)
    assert head(conn) == before + 2  # only alice's post and carol's join were written


def test_unknown_channel_and_message_are_not_found(run, chans):
    rejected(ErrorCode.NOT_FOUND, run, "alice", fr.Post, channel="Cnope", text="x")
    rejected(ErrorCode.NOT_FOUND, run, "alice", fr.Edit, msg=999_999, text="x")
    rejected(ErrorCode.NOT_FOUND, run, "alice", fr.Join, channel="Cnope")


def test_message_ids_beyond_sqlite_integers_are_not_found(run, chans):
    # msgspec accepts arbitrarily large ints; SQLite stops at 2**63-1.
    for msg in (2**63, 2**64, 10**30):
        rejected(ErrorCode.NOT_FOUND, run, "alice", fr.Edit, msg=msg, text="x")
        rejected(ErrorCode.NOT_FOUND, run, "alice", fr.Post, channel=chans["general"], text="x", thread=msg)


def test_only_the_author_edits_or_deletes(run, chans):
    msg = run("alice", fr.Post, channel=chans["general"], text="mine").msg
    rejected(ErrorCode.FORBIDDEN, run, "bob", fr.Edit, msg=msg, text="yours")
    rejected(ErrorCode.FORBIDDEN, run, "bob", fr.Delete, msg=msg)
    assert run("alice", fr.Edit, msg=msg, text="still mine").seq
    assert run("alice", fr.Delete, msg=msg).seq
    # Deleting again is a no-op ack; editing a deleted message is not found.
    assert run("alice", fr.Delete, msg=msg).seq is None
    rejected(ErrorCode.NOT_FOUND, run, "alice", fr.Edit, msg=msg, text="back")
    rejected(ErrorCode.NOT_FOUND, run, "bob", fr.React, msg=msg, emoji="👍")


def test_empty_text_is_invalid(run, chans):
    for text in ("", "   ", "\n\t"):
        rejected(ErrorCode.INVALID, run, "alice", fr.Post, channel=chans["general"], text=text)


def test_thread_rules(run, chans, tx):
    root = run("alice", fr.Post, channel=chans["general"], text="root").msg
    reply = run("bob", fr.Post, channel=chans["general"], text="r1", thread=root)
    nested = run("alice", fr.Post, channel=chans["general"], text="r2", thread=reply.msg)
    rows = tx.conn.execute("SELECT id, thread FROM messages WHERE id IN (?, ?)", (reply.msg, nested.msg)).fetchall()
    assert dict(rows) == {reply.msg: root, nested.msg: root}  # a reply to a reply joins the root's thread
    rejected(ErrorCode.INVALID, run, "alice", fr.Post, channel=chans["secret"], text="x", thread=root)


def test_archived_channel_is_read_only(run, chans):
    msg = run("alice", fr.Post, channel=chans["general"], text="before").msg
    rejected(ErrorCode.FORBIDDEN, run, "bob", fr.Archive, channel=chans["general"])  # not a manager
    assert run("alice", fr.Archive, channel=chans["general"]).seq  # the owner manages admin-made channels
    assert run("alice", fr.Archive, channel=chans["general"]).seq is None  # already archived
    rejected(ErrorCode.ARCHIVED, run, "alice", fr.Post, channel=chans["general"], text="after")
    rejected(ErrorCode.ARCHIVED, run, "alice", fr.Edit, msg=msg, text="after")
    rejected(ErrorCode.ARCHIVED, run, "alice", fr.Rename, channel=chans["general"], name="other")
    rejected(ErrorCode.ARCHIVED, run, "carol", fr.Join, channel=chans["general"])
    # Reading state still moves: read markers and leaving work.
    assert run("alice", fr.MarkRead, channel=chans["general"], upto=msg).seq
    assert run("alice", fr.MarkUnread, msg=msg).seq
    assert run("bob", fr.Leave, channel=chans["general"]).seq


def test_private_channels_are_joined_by_invitation_only(run, chans):
    rejected(ErrorCode.FORBIDDEN, run, "carol", fr.Join, channel=chans["secret"])
    assert run("carol", fr.Join, channel=chans["general"]).seq
    assert run("carol", fr.Join, channel=chans["general"]).seq is None  # already a member
    # A manager may invite (a plain member may not); then the invitee can post.
    rejected(ErrorCode.NOT_MEMBER, run, "carol", fr.AddMember, channel=chans["secret"], user="dave")
    rejected(ErrorCode.FORBIDDEN, run, "bob", fr.AddMember, channel=chans["secret"], user="carol")
    assert run("alice", fr.AddMember, channel=chans["secret"], user="carol").seq
    assert run("carol", fr.Post, channel=chans["secret"], text="thanks").seq
    rejected(ErrorCode.NOT_FOUND, run, "alice", fr.AddMember, channel=chans["secret"], user="nobody")


def test_only_the_creator_removes_others(run, tx):
    ch = run("alice", fr.CreateChannel, name="team", members=["bob", "carol"]).channel
    rejected(ErrorCode.FORBIDDEN, run, "bob", fr.RemoveMember, channel=ch, user="carol")
    assert run("alice", fr.RemoveMember, channel=ch, user="carol").seq
    assert run("alice", fr.RemoveMember, channel=ch, user="carol").seq is None
    assert run("bob", fr.RemoveMember, channel=ch, user="bob").seq  # removing yourself is leaving
    rejected(ErrorCode.NOT_MEMBER, run, "bob", fr.Post, channel=ch, text="x")


def test_channel_names_are_unique_case_insensitively(run, chans):
    rejected(ErrorCode.CONFLICT, run, "alice", fr.CreateChannel, name="GENERAL")
    other = run("alice", fr.CreateChannel, name="other").channel
    rejected(ErrorCode.CONFLICT, run, "alice", fr.Rename, channel=other, name="General")
    assert run("alice", fr.Rename, channel=other, name="Other").seq  # its own name, new case
    rejected(ErrorCode.NOT_FOUND, run, "alice", fr.CreateChannel, name="x", members=["nobody"])


def test_direct_messages(run):
    first = run("alice", fr.OpenDm, user="bob")
    again = run("bob", fr.OpenDm, user="alice")
    assert first.seq and again.seq is None and first.channel == again.channel
    dm = first.channel
    rejected(ErrorCode.FORBIDDEN, run, "alice", fr.Rename, channel=dm, name="x")
    rejected(ErrorCode.FORBIDDEN, run, "alice", fr.Archive, channel=dm)
    rejected(ErrorCode.FORBIDDEN, run, "alice", fr.AddMember, channel=dm, user="carol")
    rejected(ErrorCode.FORBIDDEN, run, "carol", fr.Join, channel=dm)
    rejected(ErrorCode.NOT_FOUND, run, "alice", fr.OpenDm, user="nobody")
    # A DM's name does not block a channel of that name.
    assert run("alice", fr.CreateChannel, name="alice+bob").seq
    self_dm = run("alice", fr.OpenDm, user="alice")
    assert self_dm.seq and self_dm.channel != dm


def test_reactions_and_pins_are_idempotent(run, chans, conn):
    msg = run("alice", fr.Post, channel=chans["general"], text="x").msg
    assert run("bob", fr.React, msg=msg, emoji="👍").seq
    n = head(conn)
    assert run("bob", fr.React, msg=msg, emoji="👍").seq is None
    assert run("bob", fr.Unreact, msg=msg, emoji="🎉").seq is None
    assert head(conn) == n  # no event for a no-op
    assert run("bob", fr.Unreact, msg=msg, emoji="👍").seq
    assert run("bob", fr.Pin, msg=msg).seq
    assert run("alice", fr.Pin, msg=msg).seq is None
    assert run("alice", fr.Unpin, msg=msg).seq


def test_mark_read_is_clamped_to_the_head_and_only_moves_forward(run, chans, conn):
    run("alice", fr.Post, channel=chans["general"], text="x")
    ack = run("alice", fr.MarkRead, channel=chans["general"], upto=10**12)
    row = conn.execute("SELECT upto FROM read_markers WHERE user='alice'").fetchone()
    assert row[0] == ack.seq - 1  # not beyond what existed
    assert run("alice", fr.MarkRead, channel=chans["general"], upto=1).seq is None


def _marker(conn, user: str, channel: str):
    row = conn.execute("SELECT upto FROM read_markers WHERE user = ? AND channel = ?", (user, channel)).fetchone()
    return row[0] if row else None


def test_mark_unread_moves_the_marker_back_to_just_before_the_message(run, chans, conn):
    general = chans["general"]
    first, second, third = (run("bob", fr.Post, channel=general, text=t).msg for t in ("a", "b", "c"))
    run("alice", fr.MarkRead, channel=general, upto=third)
    ack = run("alice", fr.MarkUnread, msg=second)
    assert ack.seq and ack.msg == second and ack.channel == general
    assert _marker(conn, "alice", general) == second - 1
    event = conn.execute("SELECT kind, scope_user, scope_channel, body FROM events WHERE seq = ?", (ack.seq,)).fetchone()
    assert event[:3] == ("read.unmarked", "alice", None)  # alice's devices only
    assert f'"upto":{second - 1}'.encode() in bytes(event[3])
    # Already unread from there (or from earlier): nothing to do, no event.
    n = head(conn)
    assert run("alice", fr.MarkUnread, msg=third).seq is None
    assert run("alice", fr.MarkUnread, msg=second).seq is None
    assert head(conn) == n and _marker(conn, "alice", general) == second - 1
    # Further back still moves; mark_read moves it forward again as usual; bob is untouched.
    assert run("alice", fr.MarkUnread, msg=first).seq
    assert _marker(conn, "alice", general) == first - 1
    assert run("alice", fr.MarkRead, channel=general, upto=third).seq
    assert _marker(conn, "alice", general) == third
    assert _marker(conn, "bob", general) is None


def test_mark_unread_without_a_marker_is_a_no_op_and_hides_other_channels(run, chans, conn):
    msg = run("bob", fr.Post, channel=chans["secret"], text="s").msg
    assert run("alice", fr.MarkUnread, msg=msg).seq is None  # nothing read yet
    rejected(ErrorCode.NOT_FOUND, run, "carol", fr.MarkUnread, msg=msg)  # not a member: "no message"
    rejected(ErrorCode.NOT_FOUND, run, "alice", fr.MarkUnread, msg=10**6)
    rejected(ErrorCode.NOT_FOUND, run, "alice", fr.MarkUnread, msg=2**63)


def test_rejected_command_leaves_no_trace(conn, chans):
    """The writer's savepoint pattern: an event appended before the refusal is undone."""
    conn.execute("BEGIN IMMEDIATE")
    app = evlog.Appender(conn)
    start = app.peek_seq()
    conn.execute("SAVEPOINT cmd")
    commands.execute(app, "alice", fr.Post(id=cid(), channel=chans["general"], text="kept"))
    mark = len(app.appended)
    conn.execute("SAVEPOINT cmd2")
    app.append(__import__("desktop.protocol.events", fromlist=["x"]).ChannelArchived,
               scope_channel=None, scope_user=None, channel=chans["general"])
    conn.execute("ROLLBACK TO cmd2")
    conn.execute("RELEASE cmd2")
    app.rollback_to(mark)
    assert app.peek_seq() == start + 1
    nxt = commands.execute(app, "alice", fr.Post(id=cid(), channel=chans["general"], text="next"))
    conn.execute("RELEASE cmd")
    conn.execute("COMMIT")
    assert nxt.seq == start + 1  # no hole in the sequence
    assert [e.seq for e in app.appended] == [start, start + 1]
