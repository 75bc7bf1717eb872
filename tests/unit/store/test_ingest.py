"""Applying relay events: idempotence, threads, edits, deletes, reactions, pins, unread."""

from __future__ import annotations

import pytest

from desktop.errors import BugError
from desktop.store import Store

from .conftest import ME, Log


def _state(store: Store) -> tuple:
    """Everything a user could see, for comparing two caches."""
    channels = store.channels()
    messages = {c.id: store.messages(c.id, limit=None) for c in channels}
    threads = {m.id: store.thread(m.id) for ms in messages.values() for m in ms if m.reply_count}
    members = {c.id: store.members(c.id) for c in channels}
    return channels, messages, threads, members, store.users()


def _assert_counters_match_a_full_recount(store: Store) -> None:
    """The counters kept incrementally equal what a full recount gives."""
    with store._db.read() as conn:
        for channel, read_upto, unread, mentions, count in conn.execute(
            "SELECT id, read_upto, unread, mentions, msg_count FROM channels"
        ).fetchall():
            real = conn.execute(
                "SELECT count(*), coalesce(sum(id > ? AND deleted = 0 AND author != ?), 0),"
                " coalesce(sum(id > ? AND deleted = 0 AND author != ? AND mention), 0)"
                " FROM messages WHERE channel = ? AND thread IS NULL",
                (read_upto, ME, read_upto, ME, channel),
            ).fetchone()
            assert (count, unread, mentions) == real, channel
        for root, replies in conn.execute(
            "SELECT id, reply_count FROM messages WHERE thread IS NULL AND reply_count > 0"
        ).fetchall():
            real = conn.execute("SELECT count(*) FROM messages WHERE thread = ? AND deleted = 0", (root,)).fetchone()
            assert replies == real[0], root


def test_posts_appear_in_order_with_author_names(workspace: Store, log: Log) -> None:
    changes = workspace.apply_events([log.post("C1", "one"), log.post("C1", "two", author="carol")])
    rows = workspace.messages("C1")
    assert [(m.text, m.author, m.author_name) for m in rows] == [("one", "bob", "Bob"), ("two", "carol", "Carol")]
    assert changes.channels["C1"].appended == (rows[0].id, rows[1].id)
    assert changes.max_seq == log.seq
    assert workspace.cursor() == log.seq


def test_same_batch_twice_changes_nothing(workspace: Store, log: Log) -> None:
    root = log.post("C1", "root @alice")
    batch = [
        root,
        log.post("C1", "reply", thread=root.msg),
        log.react("C1", root.msg, "👍"),
        log.edit("C1", root.msg, "root edited @alice"),
        log.post("C2", "other"),
        log.read("C2", 1),
    ]
    workspace.apply_events(batch)
    before = _state(workspace)
    changes = workspace.apply_events(batch)
    assert not changes
    assert _state(workspace) == before
    assert workspace.channel("C1").unread == 1 and workspace.channel("C1").mentions == 1
    assert workspace.message(root.msg).reply_count == 1
    _assert_counters_match_a_full_recount(workspace)


def test_events_at_or_below_cursor_are_skipped_and_unknown_kinds_advance_it(workspace: Store, log: Log) -> None:
    first = log.post("C1", "first")
    workspace.apply_events([first])
    unknown = log.unknown()
    changes = workspace.apply_events([first, unknown])
    assert workspace.cursor() == unknown.seq
    assert changes.max_seq == unknown.seq
    assert workspace.count("C1") == 1


def test_epoch_is_checked(workspace: Store, log: Log) -> None:
    assert workspace.epoch() == "E1"
    with pytest.raises(BugError, match="reset_for_resync"):
        workspace.apply_events([log.post("C1", "x")], epoch="E2")
    workspace.apply_events([log.post("C1", "y")], epoch="E1")
    assert [m.text for m in workspace.messages("C1")] == ["y"]


def test_thread_replies_bump_root_and_stay_out_of_timeline(workspace: Store, log: Log) -> None:
    root = log.post("C1", "root")
    r1 = log.post("C1", "reply one", thread=root.msg, author="carol")
    r2 = log.post("C1", "reply two", thread=root.msg)
    workspace.apply_events([root])
    changes = workspace.apply_events([r1, r2])
    assert [m.id for m in workspace.messages("C1")] == [root.msg]
    row = workspace.message(root.msg)
    assert (row.reply_count, row.last_reply_ts) == (2, r2.ts)
    assert [m.text for m in workspace.thread(root.msg)] == ["root", "reply one", "reply two"]
    delta = changes.channels["C1"]
    assert delta.replies == {root.msg: (r1.msg, r2.msg)}
    assert delta.updated == (root.msg,) and delta.appended == ()
    assert workspace.count("C1") == 1


def test_edit_updates_text_search_and_edited_ts(workspace: Store, log: Log) -> None:
    msg = log.post("C1", "original wording")
    edit = log.edit("C1", msg.msg, "better wording")
    workspace.apply_events([msg])
    changes = workspace.apply_events([edit])
    row = workspace.message(msg.msg)
    assert (row.text, row.edited_ts) == ("better wording", edit.ts)
    assert changes.channels["C1"].updated == (msg.msg,)
    assert workspace.search("original") == []
    assert [h.message.id for h in workspace.search("better")] == [msg.msg]


def test_older_edit_arriving_late_does_not_win(workspace: Store, log: Log) -> None:
    msg = log.post("C1", "v0")
    old = log.edit("C1", msg.msg, "v1")
    new = log.edit("C1", msg.msg, "v2")
    workspace.apply_events([msg, new])
    workspace.apply_history("C1", [msg, old])
    assert workspace.message(msg.msg).text == "v2"


def test_delete_blanks_text_drops_reactions_pin_and_search(workspace: Store, log: Log) -> None:
    root = log.post("C1", "doomed message")
    reply = log.post("C1", "doomed reply", thread=root.msg)
    workspace.apply_events([root, reply, log.react("C1", root.msg, "🎉"), log.pin("C1", root.msg)])
    changes = workspace.apply_events([log.delete("C1", reply.msg), log.delete("C1", root.msg)])
    row = workspace.message(root.msg)
    assert (row.deleted, row.text, row.pinned, dict(row.reactions), row.reply_count) == (True, "", False, {}, 0)
    assert workspace.count("C1") == 1  # the row stays so timeline positions do not shift
    assert workspace.search("doomed") == []
    assert workspace.search("do") == []
    assert set(changes.channels["C1"].updated) == {root.msg, reply.msg}
    # Deleted is final: a late edit or reaction does not bring anything back.
    workspace.apply_events([log.edit("C1", root.msg, "zombie"), log.react("C1", root.msg, "👻")])
    row = workspace.message(root.msg)
    assert (row.text, dict(row.reactions)) == ("", {})


def test_reactions_are_per_user_and_ordered(workspace: Store, log: Log) -> None:
    msg = log.post("C1", "react to me")
    bob = log.react("C1", msg.msg, "👍", user="bob")
    workspace.apply_events([msg, bob, log.react("C1", msg.msg, "🎉", user="carol")])
    workspace.apply_events([log.react("C1", msg.msg, "👍", user="alice")])
    workspace.apply_history("C1", [bob])  # a replay adds no duplicate
    assert dict(workspace.message(msg.msg).reactions) == {"👍": ("bob", "alice"), "🎉": ("carol",)}
    changes = workspace.apply_events([log.react("C1", msg.msg, "🎉", user="carol", remove=True)])
    assert dict(workspace.message(msg.msg).reactions) == {"👍": ("bob", "alice")}
    assert changes.channels["C1"].updated == (msg.msg,)


def test_removed_reaction_is_not_resurrected_by_a_replayed_add(workspace: Store, log: Log) -> None:
    msg = log.post("C1", "m")
    add = log.react("C1", msg.msg, "👍")
    workspace.apply_events([msg, add, log.react("C1", msg.msg, "👍", remove=True)])
    workspace.apply_history("C1", [add])
    assert dict(workspace.message(msg.msg).reactions) == {}


def test_pin_and_unpin(workspace: Store, log: Log) -> None:
    msg = log.post("C1", "pin me")
    workspace.apply_events([msg, log.pin("C1", msg.msg)])
    assert workspace.message(msg.msg).pinned
    workspace.apply_events([log.pin("C1", msg.msg, unpin=True)])
    assert not workspace.message(msg.msg).pinned


def test_unread_counts_top_level_from_others_not_deleted(workspace: Store, log: Log) -> None:
    a = log.post("C1", "from bob")
    mine = log.post("C1", "from me", author=ME)
    b = log.post("C1", "hey @alice look", author="carol")
    reply = log.post("C1", "reply @alice", thread=a.msg)
    changes = workspace.apply_events([a, mine, b, reply])
    c1 = workspace.channel("C1")
    assert (c1.unread, c1.mentions, c1.last_msg_ts) == (2, 1, b.ts)
    assert "C1" in changes.counts
    assert workspace.message(b.msg).mentions_me and not workspace.message(a.msg).mentions_me
    workspace.apply_events([log.delete("C1", b.msg, author="carol")])
    assert (workspace.channel("C1").unread, workspace.channel("C1").mentions) == (1, 0)
    _assert_counters_match_a_full_recount(workspace)


def test_mentions_follow_edits(workspace: Store, log: Log) -> None:
    msg = log.post("C1", "plain")
    workspace.apply_events([msg, log.edit("C1", msg.msg, "now @ALICE, see this")])
    assert workspace.channel("C1").mentions == 1
    workspace.apply_events([log.edit("C1", msg.msg, "never mind")])
    assert (workspace.channel("C1").unread, workspace.channel("C1").mentions) == (1, 0)


@pytest.mark.parametrize(
    ("text", "mentions"),
    [
        ("@alice", True),
        ("hi @Alice.", True),
        ("(@alice)", True),
        ("@alice:看一下", True),
        ("@alicea", False),
        ("@alice.smith", False),
        ("@alice-bot", False),
        ("mail alice@alice.org", False),
        ("alice", False),
    ],
)
def test_mention_rules(workspace: Store, log: Log, text: str, mentions: bool) -> None:
    msg = log.post("C1", text)
    workspace.apply_events([msg])
    assert workspace.message(msg.msg).mentions_me is mentions


def test_read_marker_recounts_and_only_moves_forward(workspace: Store, log: Log) -> None:
    posts = [log.post("C1", f"m{i} @alice") for i in range(5)]
    workspace.apply_events(posts)
    changes = workspace.apply_events([log.read("C1", posts[2].msg)])
    c1 = workspace.channel("C1")
    assert (c1.read_upto, c1.unread, c1.mentions) == (posts[2].msg, 2, 2)
    assert "C1" in changes.counts
    workspace.apply_events([log.read("C1", posts[0].msg)])  # e.g. an older device
    assert workspace.channel("C1").read_upto == posts[2].msg
    workspace.apply_events([log.read("C1", posts[4].msg, user="bob")])  # not mine: ignored
    assert workspace.channel("C1").unread == 2
    _assert_counters_match_a_full_recount(workspace)


def test_channel_lifecycle_and_membership(workspace: Store, log: Log) -> None:
    changes = workspace.apply_events([log.channel("C3", "ops", members=("bob",), topic="on call")])
    c3 = workspace.channel("C3")
    assert (c3.name, c3.topic, c3.am_member) == ("ops", "on call", False)
    assert changes.channel_list
    workspace.apply_events([log.member("C3", ME)])
    assert workspace.channel("C3").am_member
    assert [u.name for u in workspace.members("C3")] == ["alice", "bob"]
    workspace.apply_events([log.rename("C3", "运维"), log.archive("C3")])
    c3 = workspace.channel("C3")
    assert (c3.name, c3.archived) == ("运维", True)
    workspace.apply_events([log.member("C3", ME, removed=True)])
    assert not workspace.channel("C3").am_member
    assert [u.name for u in workspace.members("C3")] == ["bob"]


def test_joining_marks_older_messages_read(workspace: Store, log: Log) -> None:
    created = log.channel("C9", "late-joined", members=("bob",), private=True)
    old = log.post("C9", "said before I joined")
    join = log.member("C9", ME)
    new = log.post("C9", "said after")
    # Live: only my join and what follows; the channel's past comes as history.
    workspace.apply_events([join, new])
    workspace.apply_history("C9", [created, old])
    c9 = workspace.channel("C9")
    assert (c9.name, c9.unread, c9.am_member) == ("late-joined", 1, True)
    assert [m.text for m in workspace.messages("C9")] == ["said before I joined", "said after"]


def test_private_channel_known_only_from_my_join_gets_a_placeholder(workspace: Store, log: Log) -> None:
    created = log.channel("C7", "secret-plans", members=("bob", "carol"), private=True)
    join = log.member("C7", ME)
    changes = workspace.apply_events([join])
    placeholder = workspace.channel("C7")
    assert changes.channel_list
    assert (placeholder.name, placeholder.am_member) == ("C7", True)
    workspace.apply_history("C7", [created])
    c7 = workspace.channel("C7")
    assert (c7.name, c7.private, c7.am_member) == ("secret-plans", True, True)
    # The older creation's member list does not undo my later join.
    assert {u.name for u in workspace.members("C7")} == {"alice", "bob", "carol"}


def test_users_created_and_updated(workspace: Store, log: Log) -> None:
    changes = workspace.apply_events([log.user("bob", "Robert", updated=True)])
    assert changes.users
    assert {u.name: u.display_name for u in workspace.users()}["bob"] == "Robert"


def test_history_page_newest_first_with_orphans_converges(workspace: Store, log: Log) -> None:
    """History pages arrive newest first: edits, reactions and replies before their
    message. The result must equal applying everything in order."""
    root = log.post("C1", "root text")
    reply = log.post("C1", "a reply", thread=root.msg)
    edit = log.edit("C1", root.msg, "root text edited")
    react = log.react("C1", root.msg, "👀")
    pin = log.pin("C1", root.msg)
    gone = log.post("C1", "will vanish")
    delete = log.delete("C1", gone.msg)
    later = log.post("C1", "live message")
    events = [root, reply, edit, react, pin, gone, delete]

    workspace.apply_events([later])
    workspace.apply_history("C1", events[4:])  # newer page first
    workspace.apply_history("C1", events[2:5])  # overlapping page
    changes = workspace.apply_history("C1", events[:3])  # oldest page last
    assert changes.channels["C1"].inserted == (root.msg,)

    root_row = workspace.message(root.msg)
    assert (root_row.text, root_row.pinned, root_row.reply_count) == ("root text edited", True, 1)
    assert dict(root_row.reactions) == {"👀": ("bob",)}
    assert workspace.message(gone.msg).deleted
    assert [m.id for m in workspace.messages("C1")] == [root.msg, gone.msg, later.msg]
    assert workspace.cursor() == later.seq  # history never moves the cursor
    _assert_counters_match_a_full_recount(workspace)
    with workspace._db.read() as conn:
        assert conn.execute("SELECT count(*) FROM orphans").fetchone()[0] == 0


def test_history_ignores_other_channels(workspace: Store, log: Log) -> None:
    workspace.apply_history("C1", [log.post("C2", "wrong channel")])
    assert workspace.count("C2") == 0


def test_set_account_later_recomputes_mentions(tmp_path, key) -> None:
    log = Log()
    with Store.open(tmp_path / "cache.db", key) as store:
        store.apply_events([log.channel("C1", "general"), log.post("C1", "ping @alice")])
        assert store.channel("C1").mentions == 0  # who "me" is was not known yet
        store.set_account("ws://relay.test", ME, "Alice")
        c1 = store.channel("C1")
        assert (c1.am_member, c1.unread, c1.mentions) == (True, 1, 1)


def test_replies_cached_before_their_root_are_counted(workspace: Store, log: Log) -> None:
    root = log.post("C1", "root")
    early = log.post("C1", "early reply", thread=root.msg)
    gone = log.post("C1", "deleted reply", thread=root.msg)
    later = log.post("C1", "later reply", thread=root.msg)
    deletion = log.delete("C1", gone.msg)
    workspace.apply_history("C1", [early, gone, later, deletion])  # newest page first
    assert workspace.message(root.msg) is None
    changes = workspace.apply_history("C1", [root])
    row = workspace.message(root.msg)
    assert (row.reply_count, row.last_reply_ts) == (2, later.ts)
    assert changes.channels["C1"].appended == (root.msg,)  # no top-level message was newer
    assert [m.text for m in workspace.thread(root.msg)] == ["root", "early reply", "", "later reply"]
    _assert_counters_match_a_full_recount(workspace)
