"""Wires team knowledge into a running BeaconApp: the Knowledge menu and message menu entries."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence

from desktop.domain import digest as dg
from desktop.domain import experts as dx
from desktop.domain.keywords import suggest_tags
from desktop.protocol import library as lib
from desktop.protocol.ids import new_client_id
from desktop.store import knowledge as sk
from desktop.store import library as sl
from desktop.ui.knowledge.dialogs import DigestDialog, ExpertsDialog, LibraryDialog, SaveDialog


class KnowledgeUi:
    """Holds the knowledge dialogs of one app."""

    def __init__(self, app):
        self.app = app
        window = app.window
        menu = window.menuBar().addMenu(QCoreApplication.translate("KnowledgeUi", "&Knowledge"))
        self.menu = menu
        catch = menu.addAction(QCoreApplication.translate("KnowledgeUi", "Catch up on this channel"), self.digest_channel)
        catch.setShortcut(QKeySequence("Ctrl+Shift+D"))
        library = menu.addAction(QCoreApplication.translate("KnowledgeUi", "Library"), self.show_library)
        library.setShortcut(QKeySequence("Ctrl+Shift+L"))
        menu.addAction(QCoreApplication.translate("KnowledgeUi", "Who knows…"), self.show_experts)
        window.message_menu_extras.append(self._message_menu)
        self.dialog = None  # the open one (kept referenced; tests look at it)

    def _open(self, dialog):
        self.dialog = dialog
        dialog.show()
        return dialog

    def digest_channel(self, thread: int | None = None):
        channel = self.app.window.current
        if not channel:
            return None
        row = self.app.store.channel(channel)
        if row is None or not row.am_member:
            return None
        result = dg.build(sk.digest_items(self.app.store, channel, thread=thread))
        title = row.title if thread is None else QCoreApplication.translate("KnowledgeUi", "thread in %1").replace("%1", row.title)
        return self._open(DigestDialog(title, channel, result, self.app.window.jump_to, self.app.window))

    def show_library(self):
        store = self.app.store
        return self._open(LibraryDialog(
            lambda: sl.entries(store), lambda q: sl.find(store, q),
            lambda: {c.id: c.name for c in store.channels()}, self.open_entry, self.app.window,
        ))

    def open_entry(self, row) -> None:
        if row is None:
            return
        if not row.pending:
            self.app.actions._enqueue(lib.LibraryReuse(id=new_client_id(), entry=row.id, how="opened"))
        if row.msg is not None and not row.source_deleted:
            self.app.window.jump_to(row.channel, row.msg)

    def show_experts(self):
        store = self.app.store

        def ask(query: str):
            return dx.rank(sk.expert_evidence(store, query), opted_out=sk.opted_out(store), names=sk.names(store))

        return self._open(ExpertsDialog(ask, self.app.window.jump_to, self.app.window))

    def save_message(self, item, *, thread: bool = False):
        store = self.app.store
        first = (item.text or "").strip().splitlines()
        text = item.text or ""
        dialog = SaveDialog(first[0][:200] if first else "", lambda: suggest_tags(text, sl.tag_counts(store)), self.app.window)
        dialog.accepted.connect(lambda: self.app.actions._enqueue(
            sl.save_command(item.channel, msg=item.id, thread=thread, **dialog.values())))
        return self._open(dialog)

    def _message_menu(self, menu, item) -> None:
        menu.addSeparator()
        menu.addAction(QCoreApplication.translate("KnowledgeUi", "Save to library…"), lambda: self.save_message(item))
        if item.thread is None and item.reply_count:
            menu.addAction(QCoreApplication.translate("KnowledgeUi", "Save thread to library…"), lambda: self.save_message(item, thread=True))
            menu.addAction(QCoreApplication.translate("KnowledgeUi", "Catch up on this thread"), lambda: self.digest_channel(thread=item.id))

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()


def install(app) -> KnowledgeUi:
    return KnowledgeUi(app)
