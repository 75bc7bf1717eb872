"""Files in the app: attach -> progress -> shared -> the other app's files window
(filter, search, keep offline, open into a private temp folder, save as, jump)."""

from __future__ import annotations

import asyncio
import stat

import pytest
from PySide6.QtCore import QMimeData, QUrl
from PySide6.QtGui import QDesktopServices, QImage

from desktop.embedded_relay import EmbeddedRelay
from desktop.net.retry import Backoff
from desktop.net.state import Link
from desktop.ui.application import BeaconApp
from desktop.ui.files.install import AttachDialog
from server_stub import admin
from tests.gui.app_kit import until
from tests.client_kit import free_port, open_profile
from tests.integration.test_files_transfer import make_file



def test_share_browse_open_save(qtbot, qloop, tmp_path, monkeypatch):
    data = tmp_path / "relay"
    tokens = {u: admin.add_user(data, u, u.title()) for u in ("alice", "bob")}
    general = admin.add_channel(data, "general", members=["alice", "bob"])
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()
    opened: list[str] = []
    # No desktop session here to hand files to: record what would be opened.
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda u: opened.append(u.toLocalFile()) or True))

    def make(user: str) -> BeaconApp:
        store = open_profile(tmp_path / user)
        store.set_account(url, user, user.title())
        store.set_token(tokens[user])
        app = BeaconApp(store, url, tokens[user])
        app.engine.backoff = Backoff(base=0.05, cap=0.3)
        qtbot.addWidget(app.window)
        return app

    doc = make_file(tmp_path / "Roadmap 2026.pdf", 2_000_000)
    img = QImage(64, 48, QImage.Format.Format_RGB32)
    img.fill(0x3366CC)
    png = tmp_path / "screenshot.png"
    img.save(str(png))

    async def scenario():
        alice, bob = make("alice"), make("bob")
        try:
            await body(alice, bob)
        finally:  # also when an assertion fails: a live app left behind crashes a later test
            await alice.shutdown()
            await bob.shutdown()

    async def body(alice, bob):
        alice.start()
        bob.start()
        await until(lambda: alice.engine.state.link is Link.ONLINE and bob.engine.state.link is Link.ONLINE, what="online")
        for app in (alice, bob):
            app.window.open_channel(general)

        # Dropping files onto the window asks for a caption first.
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(doc)), QUrl.fromLocalFile(str(png))])
        dialogs = []
        monkeypatch.setattr(AttachDialog, "open", lambda self: dialogs.append(self))
        from PySide6.QtCore import QPointF, Qt
        from PySide6.QtGui import QDropEvent
        drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                          Qt.KeyboardModifier.NoModifier)
        alice.files_ui._filter.eventFilter(alice.window, drop)
        assert len(dialogs) == 1
        dialogs[0].caption.setText("plans and a screenshot")
        seen_progress = []
        alice.files_ui.controller.transfers_changed.connect(
            lambda: seen_progress.extend(t.done for t in alice.files_ui.controller.transfers.values()))
        dialogs[0].accept()
        await until(lambda: len(bob.files_ui.controller.files.files()) == 2, what="bob sees both files")
        # The strip hides when alice's own share is acked, which can come after bob sees it.
        await until(lambda: alice.files_ui.strip.isHidden(), what="alice's transfers strip hides")
        assert seen_progress

        # Timeline: a card under the file's message; images get a local, encrypted thumbnail.
        cards = bob.files_ui.cards
        rows = {r.name: r for r in bob.files_ui.controller.files.files()}
        doc_msg = bob.store.message(rows["Roadmap 2026.pdf"].msg)
        assert cards.size(doc_msg, 800).height() == 52
        shot = rows["screenshot.png"]
        # Bob never opened it: painting the card fetches it for the preview (the timeline may
        # already have asked, so whether it is held at this moment depends on timing).
        await until(lambda: cards._thumb(shot) is not None, what="thumbnail")
        assert bob.files_ui.controller.cache.has(shot.sha256)
        thumb_file = bob.files_ui.controller.cache.thumb_path(shot.sha256)
        assert thumb_file.exists() and b"PNG" not in thumb_file.read_bytes()
        assert cards.size(bob.store.message(shot.msg), 800) == cards._thumb(shot).size()

        win = bob.files_ui.window
        win.show_channel(general)
        assert win.model.rowCount() == 2
        win.kind.setCurrentIndex(win.kind.findData("image"))
        assert [r.name for r in win.model.rows] == ["screenshot.png"]
        win.kind.setCurrentIndex(0)
        win.search.setText("roadmap")
        assert [r.name for r in win.model.rows] == ["Roadmap 2026.pdf"]
        assert win.model.data(win.model.index(0, 3)) == "Alice"
        win.table.selectRow(0)

        # Open: downloaded into the encrypted cache, decrypted into a private folder.
        path = await win.open_selected()
        assert opened == [str(path)] and path.read_bytes() == doc.read_bytes()
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        win.reload()
        assert win.model.rows[0].cached

        # Keep offline, then save as (asks before replacing).
        win.table.selectRow(0)
        win.keep_button.click()
        assert bob.files_ui.controller.files.file(win.model.rows[0].id).pinned
        out = tmp_path / "out"
        out.mkdir()
        saved = await win.save_selected(str(out / "../out/Roadmap 2026.pdf"))
        assert saved == out / "Roadmap 2026.pdf" and saved.read_bytes() == doc.read_bytes()

        # Jump to the message the file came with.
        jumped = []
        win.jump.connect(lambda c, m: jumped.append((c, m)))
        win.jump_button.click()
        assert jumped == [(general, win.model.rows[0].msg)]

    try:
        with qloop:
            qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    finally:
        relay.stop()


def test_paste_image_and_resume_pending_upload(qtbot, qloop, tmp_path, monkeypatch):
    data = tmp_path / "relay"
    token = admin.add_user(data, "alice", "Alice")
    general = admin.add_channel(data, "general", members=["alice"])
    relay = EmbeddedRelay(data, free_port())
    url = relay.start()

    async def scenario():
        store = open_profile(tmp_path / "alice")
        store.set_account(url, "alice", "Alice")
        store.set_token(token)
        # An upload recorded before a crash: its file still exists, so it resumes and is shared.
        from desktop.store.files import FileStore, PendingUpload
        left = make_file(tmp_path / "left over.bin", 700_000)
        FileStore(store).add_upload(PendingUpload("0190f0f0-aaaa-7bbb-8ccc-000000000001", general, str(left),
                                                  None, left.stat().st_size, left.name, "application/octet-stream", "from before"))
        app = BeaconApp(store, url, token)
        app.engine.backoff = Backoff(base=0.05, cap=0.3)
        qtbot.addWidget(app.window)
        try:
            await body(app, store, left)
        except BaseException:
            await app.shutdown()  # a live app left behind crashes a later test
            raise

    async def body(app, store, left):
        from desktop.store.files import FileStore

        app.start()
        await until(lambda: app.engine.state.link is Link.ONLINE, what="online")
        app.window.open_channel(general)
        await until(lambda: any(r.name == "left over.bin" for r in app.files_ui.controller.files.files()),
                    what="resumed upload shared")
        assert FileStore(store).uploads() == []

        dialogs = []
        monkeypatch.setattr(AttachDialog, "open", lambda self: dialogs.append(self))
        img = QImage(20, 10, QImage.Format.Format_RGB32)
        img.fill(0xFF8800)
        app.files_ui.paste_image(img)
        assert len(dialogs) == 1
        pasted = app.files_ui._paste_dir
        png = next(pasted.iterdir())
        assert stat.S_IMODE(pasted.stat().st_mode) == 0o700 and stat.S_IMODE(png.stat().st_mode) == 0o600
        dialogs[0].accept()
        await until(lambda: any(r.name == png.name for r in app.files_ui.controller.files.files()), what="pasted image shared")
        await app.shutdown()
        assert not pasted.exists()

    try:
        with qloop:
            qloop.run_until_complete(asyncio.wait_for(scenario(), 60))
    finally:
        relay.stop()
