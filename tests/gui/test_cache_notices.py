"""The app checks its cache in the background after start and offers a rebuild when a
page is damaged; a damaged -wal found at open is reported with where the files went."""

from __future__ import annotations

import asyncio
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop.errors import CacheRepairedError
from desktop.store import Store, rebuild
from desktop.ui.cache_notices import CacheCheck, repaired_box
from tests.gui.app_kit import make_store

PAGE = 4096


def damaged_store(tmp_path: Path) -> Store:
    store, _ = make_store(tmp_path, messages=50)
    key = store.test_key
    with store._db.read() as conn:
        (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'tasks'").fetchone()
    store.close()
    cache = tmp_path / "cache.db"
    data = bytearray(cache.read_bytes())
    data[(root - 1) * PAGE + 800] ^= 0x02
    cache.write_bytes(bytes(data))
    return Store.open(cache, key)


async def _checked(check: CacheCheck) -> list:
    done = asyncio.get_running_loop().create_future()
    check.finished.connect(lambda problems: done.done() or done.set_result(problems))
    check.start()
    return await asyncio.wait_for(done, 30)


def test_a_damaged_page_is_found_in_the_background_and_a_rebuild_offered(qapp, qloop, tmp_path):
    store = damaged_store(tmp_path)
    window = QWidget()
    try:
        check = CacheCheck(store, window)
        problems = qloop.run_until_complete(_checked(check))
        assert problems and "HMAC" in problems[0]
        box = check.box
        assert box is not None and box.isVisible() and box.windowTitle() == "The cache is damaged"
        (rebuild_button,) = [b for b in box.buttons() if b.text() == "Rebuild at next start"]
        assert not rebuild.requested(tmp_path)
        rebuild_button.click()
        qapp.processEvents()
        assert rebuild.requested(tmp_path)
        assert check.box is not box and check.box.isVisible()  # "quit and start again"
        qloop.run_until_complete(check.stop())
    finally:
        store.close()
        window.close()


def test_an_intact_cache_shows_nothing(qapp, qloop, tmp_path):
    store, _ = make_store(tmp_path, messages=50)
    window = QWidget()
    try:
        check = CacheCheck(store, window)
        assert qloop.run_until_complete(_checked(check)) == []
        assert check.box is None
    finally:
        store.close()


def test_stop_interrupts_a_running_check_and_waits_for_its_thread(qapp, qloop, tmp_path):
    # At shutdown the cache closes next: no worker may still be inside SQLite then.
    store, _ = make_store(tmp_path, messages=20_000)
    window = QWidget()
    try:
        check = CacheCheck(store, window)

        async def start_then_stop():
            check.start()
            await asyncio.sleep(0.01)  # the check is running in its thread now
            await check.stop()

        qloop.run_until_complete(start_then_stop())
        assert check._thread_job is not None and check._thread_job.done()
        assert check.box is None  # an interrupted check is not reported as damage
    finally:
        store.close()


def test_the_repaired_notice_names_the_folder(qapp, tmp_path):
    exc = CacheRepairedError("The cache was damaged (…).", tmp_path / "damaged-20260101T000000Z")
    box = repaired_box(None, exc)
    assert str(tmp_path / "damaged-20260101T000000Z") in box.text()
    assert box.icon() == QMessageBox.Icon.Warning


def test_unlock_reports_a_damaged_log_then_opens(qapp, qloop, tmp_path, monkeypatch):
    import shutil

    from PySide6.QtWidgets import QApplication

    from desktop.protocol import frames
    from desktop.protocol.ids import new_client_id
    from desktop.ui.application import unlock
    from tests.client_kit import PASSPHRASE, open_profile

    monkeypatch.setenv("BEACON_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    live = open_profile(tmp_path / "live")
    live.set_account("ws://127.0.0.1:1", "me", "Me")
    live.enqueue(frames.Post(id=new_client_id(), channel="C1", text="queued"))
    live.set_draft("C1", "typing")
    shutil.copytree(tmp_path / "live", tmp_path / "crashed")  # as a kill -9 leaves it
    live.close()
    wal = tmp_path / "crashed" / "cache.db-wal"
    data = bytearray(wal.read_bytes())
    data[-100] ^= 0x01
    wal.write_bytes(bytes(data))

    seen = []

    async def answer_boxes():
        while True:
            await asyncio.sleep(0.05)
            for w in QApplication.topLevelWidgets():
                if isinstance(w, QMessageBox) and w.isVisible():
                    seen.append(w.text())
                    w.accept()

    async def run():
        clicker = asyncio.ensure_future(answer_boxes())
        try:
            return await asyncio.wait_for(unlock(tmp_path / "crashed"), 30)
        finally:
            clicker.cancel()

    quits = qapp.quitOnLastWindowClosed()
    qapp.setQuitOnLastWindowClosed(False)  # as the app runs (desktop.ui.application.run)
    try:
        store = qloop.run_until_complete(run())
    finally:
        qapp.setQuitOnLastWindowClosed(quits)
    try:
        assert len(seen) == 1 and "damaged-" in seen[0]
        assert [i.frame.text for i in store.outbox()] == ["queued"]
    finally:
        store.close()
