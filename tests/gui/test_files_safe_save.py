"""The app's Save as and paste-an-image never write through a planted link and never
replace a file without asking (real encrypted cache; the file is already held, so no relay)."""

from __future__ import annotations

import asyncio
import datetime as dt
import stat
import tempfile
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from desktop.ui.application import BeaconApp
from desktop.ui.files import window as files_window
from desktop.ui.files.install import AttachDialog
from tests.unit.filecache.test_filecache_budget import fill

DATA = b"quarterly numbers " * 400


def _app(qtbot, tmp_path) -> BeaconApp:
    store, _files, _cache = fill(tmp_path / "profile", [("C1", DATA, "report.pdf")])
    store.set_account("ws://127.0.0.1:1", "alice", "Alice")
    app = BeaconApp(store, "ws://127.0.0.1:1", "token")
    qtbot.addWidget(app.window)
    return app


def test_save_as_asks_before_replacing_a_link_and_never_writes_through_it(qtbot, qloop, tmp_path, monkeypatch):
    app = _app(qtbot, tmp_path)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(files_window.QMessageBox, "question", staticmethod(question))
    victim = tmp_path / "home" / ".bashrc"
    victim.parent.mkdir()
    victim.write_bytes(b"# mine\n")
    out = tmp_path / "Documents"
    out.mkdir()

    async def scenario():
        win = app.files_ui.window
        row = app.files_ui.controller.files.file(10)
        # A dangling link where the file would go: it is "there", so the user is asked.
        (out / "report.pdf").symlink_to(tmp_path / "home" / ".profile")
        assert await win.save_file(row, out / "report.pdf") is None
        assert len(asked) == 1 and "report.pdf" in asked[0]
        assert (out / "report.pdf").is_symlink() and not (tmp_path / "home" / ".profile").exists()
        (out / "report.pdf").unlink()

        # A link at the temporary name the save used to write through, and one at the
        # target to a real file; the user agrees to replace: the link goes, its target stays.
        (out / ".report.pdf.beacon-part").symlink_to(victim)
        (out / "report.pdf").symlink_to(victim)
        answer[0] = QMessageBox.StandardButton.Yes
        saved = await win.save_file(row, out / "report.pdf")
        assert len(asked) == 2
        assert saved == out / "report.pdf" and not saved.is_symlink() and saved.read_bytes() == DATA
        assert victim.read_bytes() == b"# mine\n"

        # Through the dialog: it must not ask about replacing too (we do, once, links included).
        options = []

        def dialog(*args, **kwargs):
            options.append(kwargs.get("options"))
            return str(out / "report.pdf"), ""

        monkeypatch.setattr(files_window.QFileDialog, "getSaveFileName", staticmethod(dialog))
        win.show_channel(None)
        win.table.selectRow(0)
        assert await win.save_selected() == out / "report.pdf"
        assert options == [files_window.QFileDialog.Option.DontConfirmOverwrite] and len(asked) == 3
        await app.shutdown()

    with qloop:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 30))


def test_pasted_image_is_a_new_file_never_written_through_a_link(qtbot, qloop, tmp_path, monkeypatch):
    app = _app(qtbot, tmp_path)
    dialogs = []
    monkeypatch.setattr(AttachDialog, "open", lambda self: dialogs.append(self))
    victim = tmp_path / "home" / "notes.txt"
    victim.parent.mkdir()
    victim.write_bytes(b"my notes")
    paste_dir = Path(tempfile.mkdtemp(prefix="beacon-paste-"))
    app.files_ui._paste_dir = paste_dir
    # Links at every name a paste in the next few seconds would take.
    now = dt.datetime.now()
    for s in range(5):
        name = (now + dt.timedelta(seconds=s)).strftime("Pasted image %Y-%m-%d %H%M%S.png")
        (paste_dir / name).symlink_to(victim)

    async def scenario():
        app.window.open_channel("C1")
        img = QImage(20, 10, QImage.Format.Format_RGB32)
        img.fill(0xFF8800)
        app.files_ui.paste_image(img)
        assert len(dialogs) == 1
        assert victim.read_bytes() == b"my notes"
        made = [p for p in paste_dir.iterdir() if not p.is_symlink()]
        assert len(made) == 1 and made[0].read_bytes().startswith(b"\x89PNG")
        assert stat.S_IMODE(made[0].stat().st_mode) == 0o600
        await app.shutdown()
        assert not paste_dir.exists()

    with qloop:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 30))


def test_open_of_a_damaged_cached_copy_says_so(qtbot, qloop, tmp_path):
    app = _app(qtbot, tmp_path)
    controller = app.files_ui.controller
    row = controller.files.file(10)
    blob = controller.cache.path(row.sha256)
    data = bytearray(blob.read_bytes())
    data[len(data) // 2] ^= 0x01  # one flipped bit in the encrypted copy
    blob.write_bytes(bytes(data))
    said: list[str] = []
    controller.failed.connect(said.append)

    async def scenario():
        assert await app.files_ui.window.open_file(row) is None
        assert len(said) == 1 and said[0].startswith("Could not open report.pdf")
        await app.shutdown()

    with qloop:
        qloop.run_until_complete(asyncio.wait_for(scenario(), 30))
