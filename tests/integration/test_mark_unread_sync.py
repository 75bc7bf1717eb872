"""'Mark unread' through a real relay: the marker goes back on every device of the user
(read.unmarked), and nobody else sees it. Two encrypted caches of alice's, real SyncEngine."""

from __future__ import annotations

from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from tests.client_kit import engine, open_profile, relay_visible
from tests.relay_client import WireClient


async def test_mark_unread_reaches_the_users_other_devices_only(relay, workspace, tmp_path):
    general = workspace.channels["general"]
    bob = await WireClient(relay.url, workspace.tokens["bob"]).connect()
    ids = [(await bob.post(general, f"update {i}")).msg for i in range(5)]
    laptop, phone = open_profile(tmp_path / "laptop"), open_profile(tmp_path / "phone")
    token = workspace.tokens["alice"]
    try:
        for store in (laptop, phone):
            assert (await engine(store, relay.url, token).sync_once()).caught_up
            assert store.channel(general).unread == 5
        laptop.enqueue(fr.MarkRead(id=new_client_id(), channel=general, upto=ids[-1]))
        await engine(laptop, relay.url, token).sync_once()
        await engine(phone, relay.url, token).sync_once()
        assert phone.channel(general).unread == 0

        laptop.enqueue(fr.MarkUnread(id=new_client_id(), msg=ids[2]))
        assert laptop.channel(general).unread == 3  # at once, before the relay has it
        await engine(laptop, relay.url, token).sync_once()
        assert laptop.pending_count() == 0  # acknowledged
        await engine(phone, relay.url, token).sync_once()
        row = phone.channel(general)
        assert (row.read_upto, row.unread) == (ids[2] - 1, 3)

        # Reading on the phone moves it forward again everywhere.
        phone.enqueue(fr.MarkRead(id=new_client_id(), channel=general, upto=ids[-1]))
        await engine(phone, relay.url, token).sync_once()
        await engine(laptop, relay.url, token).sync_once()
        assert laptop.channel(general).unread == 0
    finally:
        laptop.close()
        phone.close()
        await bob.close()
    kinds = lambda user: [e.kind for e in relay_visible(workspace.data, user)]  # noqa: E731
    assert kinds("alice").count("read.unmarked") == 1
    assert "read.unmarked" not in kinds("bob")
