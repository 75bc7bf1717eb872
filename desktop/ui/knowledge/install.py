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
from desktop.store import team as st
from desktop.store.files import FileStore
from desktop.ui.knowledge.dialogs import DigestDialog, ExpertsDialog, SaveDialog
from desktop.ui.knowledge.library_view import LibraryDialog

ADMIN_ROLES = ("owner", "admin")


class _Source:
    """What the library window reads, from the cache."""

    def __init__(self, store):
        self.store = store

    def entries(self, **filters):
        return sl.entries(self.store, **filters)

    def find(self, query):
        return sl.find(self.store, query)

    def channel_names(self):
        return {c.id: c.name for c in self.store.channels()}

    def user_names(self):
        return {u.name: u.display_name for u in self.store.users()}

    def tag_counts(self):
        return sl.tag_counts(self.store)

    def _admin(self) -> bool:
        return st.person(self.store, self.store.account().user).role in ADMIN_ROLES

    def can_change(self, row) -> bool:
        return row.author == self.store.account().user or self._admin()

    def can_publish(self) -> bool:
        return self._admin()

    def source_text(self, row) -> str:
        if row.file is not None:
            found = next((f for f in FileStore(self.store).files(row.channel) if f.id == row.file), None)
            return QCoreApplication.translate("KnowledgeUi", "Source: file %1").replace("%1", found.name if found else f"#{row.file}")
        if row.msg is None:
            return ""
        message = self.store.message(row.msg)
        if row.source_deleted or (message is not None and message.deleted):
            return QCoreApplication.translate("KnowledgeUi", "Source: deleted (the entry keeps its title, summary and tags)")
        if message is None or not message.text:
            return QCoreApplication.translate("KnowledgeUi", "Source: a message in a channel you are not in")
        text = " ".join(message.text.split())
        return QCoreApplication.translate("KnowledgeUi", "Source: %1: %2").replace("%1", message.author_name).replace(
            "%2", text[:300] + ("…" if len(text) > 300 else ""))


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
        self.library = None  # the library window while open
        files_ui = getattr(app, "files_ui", None)
        if files_ui is not None:
            files_ui.window.set_library_saver(self.save_file)
        app.store_bridge.changed.connect(self._changed)

    def _changed(self, changes) -> None:
        if self.library is not None and self.library.isVisible() and (
                "library" in changes.features or changes.reset or changes.pending):
            self.library.refresh()

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
        if self.library is None:
            self.library = LibraryDialog(_Source(self.app.store), self, self.app.window)
        else:
            self.library.refresh()
        self.library.show()
        self.library.raise_()
        self.dialog = self.library
        return self.library

    # ---- the library window's actions -------------------------------------------------

    def open(self, row) -> None:
        self.open_entry(row)

    def edit(self, row):
        dialog = SaveDialog("", None, self.library or self.app.window, entry=row)
        dialog.accepted.connect(lambda: dialog.changes() and self.app.actions._enqueue(
            sl.edit_command(row.id, **dialog.changes())))
        return self._open(dialog)

    def publish(self, row, on: bool) -> None:
        self.app.actions._enqueue(sl.publish_command(row.id, on))

    def remove(self, row) -> None:
        self.app.actions._enqueue(lib.LibraryRemove(id=new_client_id(), entry=row.id))

    def save_file(self, row):
        """Save a shared file (a FileRow of the Files window) to the library."""
        store = self.app.store
        text = " ".join([row.name, row.caption or ""])
        dialog = SaveDialog(row.name[:200], lambda: suggest_tags(text, sl.tag_counts(store)),
                            self.app.files_ui.window if getattr(self.app, "files_ui", None) else self.app.window)
        dialog.accepted.connect(lambda: self.app.actions._enqueue(
            sl.save_command(row.channel, file=row.id, **dialog.values())))
        return self._open(dialog)

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
        for dialog in (self.dialog, self.library):
            if dialog is not None:
                dialog.close()


def install(app) -> KnowledgeUi:
    return KnowledgeUi(app)
