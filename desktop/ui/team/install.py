"""Wires the team screens into a running BeaconApp: the Workspace menu, the sidebar's
"+" button, channel context menu entries, the members panel and profile cards."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMessageBox

from desktop.protocol import frames as fr
from desktop.protocol import team as tm
from desktop.store import team as st
from desktop.ui.team.add_people import AddPeopleDialog
from desktop.ui.team.browse import BrowseChannelsDialog
from desktop.ui.team.create_channel import CreateChannelDialog, name_problem
from desktop.ui.team.members_panel import MembersPanel
from desktop.ui.team.picker import candidates
from desktop.ui.team.profile_card import ProfileCard
from desktop.ui.team.relay import TeamRelay
from desktop.ui.team.sidebar_footer import SidebarFooter, install_under_sidebar
from desktop.ui.team.workspace import WorkspaceSettingsDialog
from desktop.ui.team.your_profile import YourProfileDialog


class TeamUi(QObject):
    """Holds the team screens of one app (`dialog`: the one opened last, for tests)."""

    def __init__(self, app):
        super().__init__(app)
        self.app = app
        window = app.window
        self.me = app.store.account().user or ""
        self.relay = TeamRelay(app.store, app.engine, app.store_bridge, window)
        self.relay.refused.connect(self._refused)
        self.relay.done.connect(self._done)
        self.dialog = None
        self.box: QMessageBox | None = None
        self._open_when_done: dict[str, str] = {}  # cid -> "#name" / "@user" to open once done
        self.panel = MembersPanel(app.store, self.relay, self.me, window)
        self.panel.add_requested.connect(self.show_add_people)
        self.panel.profile_requested.connect(self.show_profile)
        window.add_side_panel(self.panel)
        window.members_opener = self.show_members
        window.profile_opener = self.show_profile
        window.channel_changed.connect(self._channel_changed)
        window.channel_menu_extras.append(self._channel_menu)
        window.message_menu_extras.append(self._message_menu)
        self.footer = SidebarFooter(app.store, window)
        self.footer.create_requested.connect(self.show_create)
        self.footer.browse_requested.connect(self.show_browse)
        install_under_sidebar(window, self.footer)
        # The header's member count (desktop.ui.views.channel_header) calls window.members_opener.
        self.members_button = window.header.members
        app.store_bridge.changed.connect(self._changes)
        menu = window.menuBar().addMenu(self.tr("&Workspace"))
        menu.addAction(self.tr("Create channel…"), self.show_create)
        menu.addAction(self.tr("Browse channels…"), self.show_browse)
        menu.addSeparator()
        menu.addAction(self.tr("Members of this channel"), lambda: self.show_members(window.current))
        menu.addAction(self.tr("Add people to this channel…"), lambda: self.show_add_people(window.current))
        menu.addSeparator()
        menu.addAction(self.tr("Your profile…"), self.show_your_profile)
        menu.addAction(self.tr("Workspace settings…"), self.show_workspace)
        self.menu = menu
        for cid, what, reason in self.relay.adopt():  # refused after the last run closed
            self._refused(cid, what, reason)

    def close(self) -> None:
        """Before the cache closes: no timer or pending answer may read it afterwards."""
        self.relay.close()
        self.panel.shutdown()
        task = getattr(self.dialog, "task", None)
        if task is not None:
            task.cancel()

    # ---- outcomes -------------------------------------------------------------------

    def _refused(self, cid: str, what: str, reason: str) -> None:
        self._open_when_done.pop(cid, None)
        if cid in self.relay.quiet:  # an open screen shows it
            self.relay.unquiet(cid)
            return
        text = self.tr("Beacon could not %1: %2").replace("%1", what).replace("%2", reason)
        self.app.window.statusBar().showMessage(text, 10000)
        self.box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Refused by the relay"), text,
                               QMessageBox.StandardButton.Ok, self.app.window)
        self.box.open()

    def _done(self, cid: str) -> None:
        ref = self._open_when_done.pop(cid, None)
        if ref is not None:
            row = self.app.store.channel_by_ref(ref)
            if row is not None and row.am_member:
                self.app.window.open_channel(row.id)

    def _changes(self, changes) -> None:
        if self.relay.closed:
            return
        self.footer.apply_changes(changes)
        self.panel.apply_changes(changes)

    def _channel_changed(self, channel_id: str) -> None:
        if not self.panel.isHidden():
            self.panel.open_channel(channel_id)

    def _open(self, dialog):
        self.dialog = dialog
        dialog.show()
        if hasattr(dialog, "refresh"):
            dialog.refresh()
        return dialog

    # ---- channels -------------------------------------------------------------------

    def show_create(self) -> CreateChannelDialog:
        dialog = CreateChannelDialog(self.relay, candidates(self.app.store, self.me), self.app.window)
        dialog.created.connect(lambda name: self._done_open("#" + name))
        dialog.queued.connect(lambda name: self.app.window.statusBar().showMessage(
            self.tr("Offline: #%1 will be created when Beacon reconnects.").replace("%1", name), 8000))
        return self._open(dialog)

    def _done_open(self, ref: str) -> None:
        row = self.app.store.channel_by_ref(ref)
        if row is not None and row.am_member:
            self.app.window.open_channel(row.id)

    def show_browse(self) -> BrowseChannelsDialog:
        dialog = BrowseChannelsDialog(self.relay, self.app.window)
        dialog.joined.connect(self.app.window.open_channel)
        return self._open(dialog)

    def show_add_people(self, channel_id: str | None) -> AddPeopleDialog | None:
        row = self.app.store.channel(channel_id) if channel_id else None
        if row is None or row.dm:
            return None
        present = {m.name for m in self.app.store.members(row.id)}
        dialog = AddPeopleDialog(self.relay, row.id, row.name, candidates(self.app.store, self.me, present),
                                 self.app.window)
        return self._open(dialog)

    def show_members(self, channel_id: str | None) -> MembersPanel | None:
        if not channel_id:
            return None
        self.app.window.show_side_panel(self.panel)
        self.panel.open_channel(channel_id)
        return self.panel

    def _submit(self, cmd) -> str:
        return self.relay.submit(cmd)

    def leave(self, channel_id: str) -> str:
        return self._submit(fr.Leave(id=self.relay.new_id(), channel=channel_id))

    def archive(self, channel_id: str, archived: bool = True) -> str:
        return self._submit((fr.Archive if archived else tm.Unarchive)(id=self.relay.new_id(), channel=channel_id))

    def rename(self, channel_id: str, name: str) -> str | None:
        name = name.strip().lstrip("#")
        row = self.app.store.channel(channel_id)
        if not name or name_problem(name) or row is None or name == row.name:
            return None
        return self._submit(fr.Rename(id=self.relay.new_id(), channel=channel_id, name=name))

    def set_topic(self, channel_id: str, topic: str) -> str:
        return self._submit(tm.SetTopic(id=self.relay.new_id(), channel=channel_id, topic=topic.strip()[:250]))

    def _ask_text(self, title: str, label: str, value: str, then) -> QInputDialog:
        """A non-blocking text question (no nested event loop)."""
        dialog = QInputDialog(self.app.window)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(value)
        dialog.textValueSelected.connect(then)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _confirm(self, title: str, text: str, then) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, self.app.window)
        yes = box.addButton(title, QMessageBox.ButtonRole.AcceptRole)
        box.finished.connect(lambda _code: box.clickedButton() is yes and then())
        self.box = box
        box.open()
        return box

    def may_manage(self, channel_id: str) -> bool:
        """Whether to offer channel powers (the relay decides anyway): a manager of the
        channel, or an owner/admin; also when this cache does not know my role (a log
        written before user.created carried it), so the relay's answer says."""
        store = self.app.store
        role = st.person(store, self.me).role
        return role is None or role in ("owner", "admin") or self.me in st.managers(store, channel_id)

    def _channel_menu(self, menu, channel_id: str) -> None:
        row = self.app.store.channel(channel_id)
        if row is None:
            return
        menu.addSeparator()
        if row.dm:
            if row.dm_user:
                menu.addAction(self.tr("View profile"), lambda: self.show_profile(row.dm_user))
            return
        menu.addAction(self.tr("Members"), lambda: self.show_members(channel_id))
        if not self.may_manage(channel_id):
            pass  # channel powers are for its managers, owners and admins: not offered
        elif not row.archived:
            menu.addAction(self.tr("Add people…"), lambda: self.show_add_people(channel_id))
            menu.addAction(self.tr("Rename…"), lambda: self._ask_text(
                self.tr("Rename channel"), self.tr("New name for #%1").replace("%1", row.name), row.name,
                lambda text: self.rename(channel_id, text)))
            menu.addAction(self.tr("Set topic…"), lambda: self._ask_text(
                self.tr("Channel topic"), self.tr("Topic of #%1 (empty clears it)").replace("%1", row.name), row.topic,
                lambda text: self.set_topic(channel_id, text)))
            menu.addAction(self.tr("Archive"), lambda: self._confirm(
                self.tr("Archive"),
                self.tr("Archive #%1? Nobody can post in it until it is unarchived.").replace("%1", row.name),
                lambda: self.archive(channel_id)))
        else:
            menu.addAction(self.tr("Unarchive"), lambda: self.archive(channel_id, False))
        menu.addAction(self.tr("Leave"), lambda: self._confirm(
            self.tr("Leave"), self.tr("Leave #%1?").replace("%1", row.name), lambda: self.leave(channel_id)))
        menu.addSeparator()
        menu.addAction(self.tr("Create channel…"), self.show_create)
        menu.addAction(self.tr("Browse channels…"), self.show_browse)

    def _message_menu(self, menu, item) -> None:
        author = getattr(item, "author", None)
        if author:
            menu.addAction(self.tr("View profile of %1").replace("%1", item.author_name or author),
                           lambda: self.show_profile(author))

    # ---- people ---------------------------------------------------------------------

    def show_profile(self, user: str) -> ProfileCard:
        card = ProfileCard(self.app.store, self.relay, self.me, user, self.app.window)
        card.message_requested.connect(self.message)
        return self._open(card)

    def message(self, user: str) -> None:
        """Open the direct message with `user` (made by the relay if there is none yet)."""
        row = self.app.store.channel_by_ref("@" + user)
        if row is not None:
            self.app.window.open_channel(row.id)
            return
        cid = self._submit(fr.OpenDm(id=self.relay.new_id(), user=user))
        self._open_when_done[cid] = "@" + user
        self.app.window.statusBar().showMessage(
            self.tr("The conversation opens as soon as the relay confirms it."), 5000)

    def show_workspace(self) -> WorkspaceSettingsDialog:
        dialog = WorkspaceSettingsDialog(self.relay, self.me, self.app.window)
        dialog.invites.new_requested.connect(self.app.account_ui.show_invite)
        dialog.invites.channel_names = lambda: {c.id: c.name for c in self.app.store.channels()}
        return self._open(dialog)

    def show_your_profile(self) -> YourProfileDialog:
        account = self.app.store.account()
        dialog = YourProfileDialog(self.relay, self.me, account.display_name or self.me, self.app.window)
        dialog.password_requested.connect(self.app.account_ui.show_password)
        return self._open(dialog)


def install(app) -> TeamUi:
    return TeamUi(app)
