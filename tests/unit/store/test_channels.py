"""Channel list, DM titles, resolving references, members and users."""

from __future__ import annotations

from desktop.store import Store

from .conftest import ME, Log


def test_channels_sorted_with_dm_titles(workspace: Store, log: Log) -> None:
    workspace.apply_events([
        log.channel("D1", "alice+bob", members=(ME, "bob"), private=True, dm=True),
        log.channel("D2", "alice", members=(ME,), private=True, dm=True),
        log.channel("C0", "Announcements", members=("bob",)),
    ])
    rows = workspace.channels()
    assert [(c.id, c.title, c.dm) for c in rows] == [
        ("C0", "Announcements", False),
        ("C1", "general", False),
        ("C2", "random", False),
        ("D2", "Alice", True),  # a note-to-self DM is titled with my own name
        ("D1", "Bob", True),
    ]
    dm = workspace.channel("D1")
    assert (dm.dm_user, dm.private, dm.am_member) == ("bob", True, True)
    assert workspace.channel("C0").am_member is False


def test_dm_title_follows_display_name(workspace: Store, log: Log) -> None:
    workspace.apply_events([log.channel("D1", "alice+bob", members=(ME, "bob"), private=True, dm=True)])
    changes = workspace.apply_events([log.user("bob", "Bobby", updated=True)])
    assert changes.channel_list
    assert workspace.channel("D1").title == "Bobby"


def test_channel_by_ref(workspace: Store, log: Log) -> None:
    workspace.apply_events([
        log.channel("D1", "alice+bob", members=(ME, "bob"), private=True, dm=True),
        log.channel("D2", "alice+carol", members=(ME, "carol"), private=True, dm=True),
        log.channel("D3", "alice", members=(ME,), private=True, dm=True),
        log.channel("C8", "会议", members=(ME,)),
    ])
    assert workspace.channel_by_ref("general").id == "C1"
    assert workspace.channel_by_ref("#general").id == "C1"
    assert workspace.channel_by_ref("#GENERAL").id == "C1"
    assert workspace.channel_by_ref(" C2 ").id == "C2"
    assert workspace.channel_by_ref("#会议").id == "C8"
    assert workspace.channel_by_ref("@bob").id == "D1"
    assert workspace.channel_by_ref("@Carol").id == "D2"
    assert workspace.channel_by_ref(f"@{ME}").id == "D3"
    assert workspace.channel_by_ref("@dave") is None
    assert workspace.channel_by_ref("#nope") is None
    assert workspace.channel_by_ref("alice+bob") is None  # DMs are reached with @user


def test_members_and_users(workspace: Store) -> None:
    assert [(u.name, u.display_name) for u in workspace.members("C1")] == [
        ("alice", "Alice"), ("bob", "Bob"), ("carol", "Carol"),
    ]
    assert [u.name for u in workspace.users()] == ["alice", "bob", "carol"]
    assert workspace.members("nope") == []
