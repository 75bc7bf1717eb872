"""Wires attention into a running BeaconApp (one call from the composition root)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel

from desktop.domain import notify
from desktop.ui.attention.controller import AttentionController, local_time
from desktop.ui.attention.widgets import DndBanner, SendLaterButton, StatusMenu
from desktop.ui.attention.widgets import pick_dnd_until


def digest_text(messages: int, mentions: int, channels: int) -> str:
    """"14 new messages, 2 mentions in 3 channels while you were away"."""
    parts = QCoreApplication.translate("Attention", "%n new message(s)", None, messages)
    if mentions:
        parts += QCoreApplication.translate("Attention", ", %n mention(s)", None, mentions)
    return parts + QCoreApplication.translate("Attention", " in %n channel(s) while you were away", None, channels)


class AttentionUi:
    """Holds the attention widgets of one app and keeps them current."""

    def __init__(self, app, controller: AttentionController):
        self.app, self.controller = app, controller
        window = app.window
        c = controller
        # Tray: its DND submenu now does something; the icon shows DND.
        app.tray.dnd_requested.connect(c.dnd_for)
        tray_menu = app.tray.dnd_menu()
        separator = next((a for a in tray_menu.actions() if a.isSeparator()), None)
        self.tray_pick = QAction(QCoreApplication.translate("Attention", "Until a chosen time…"), tray_menu)
        self.tray_pick.triggered.connect(lambda: pick_dnd_until(c, app.window))
        self.tray_forever = QAction(QCoreApplication.translate("Attention", "Until I turn it off"), tray_menu)
        self.tray_forever.triggered.connect(lambda: c.dnd_until(-1))
        tray_menu.insertActions(separator, [self.tray_pick, self.tray_forever])
        # Alerts: DND, "mentions only", urgent breakthrough, the digest.
        app.alerts.mentions_only = c.mentions_only
        app.alerts.breaks_through = c.breaks_through
        app.alerts.held = c.hold
        app.store_bridge.changed.connect(c.apply)
        app.link_bridge.state.connect(c.link_changed)
        c.dnd_changed.connect(self._dnd_changed)
        c.digest_ready.connect(self._digest)
        c.changed.connect(self._changed)
        # Window: the Status menu, the channel menu's "Mentions only", the composer.
        self.status_menu = StatusMenu(c, window)
        window.menuBar().addMenu(self.status_menu)
        window.channel_menu_extras.append(self._channel_menu)
        self.banner = DndBanner(window.composer)
        window.composer.layout().insertWidget(0, self.banner)
        self.banner.deliver_later.connect(self._deliver_when_dnd_ends)
        self.send_later = SendLaterButton(c, window.composer)
        window.composer.add_trailing(self.send_later)  # the right end of the composer's tool row
        self.dnd_label = QLabel(window)
        self.dnd_label.setAccessibleName(QCoreApplication.translate("Attention", "Do not disturb"))
        window.statusBar().addPermanentWidget(self.dnd_label)
        window.composer.sendable_changed.connect(self.send_later.setEnabled)  # off over the text limit
        self.send_later.chosen.connect(self._send_later)
        self.send_later.urgent.connect(self._send_urgent)
        window.channel_changed.connect(lambda _c: self.update_banner())
        if c.adopt_local_mutes(app.settings.muted):
            for channel in list(app.settings.muted):
                app.settings.set_muted(channel, False)
        self._dnd_changed(c.dnd)
        self.update_banner()

    def _dnd_changed(self, on: bool) -> None:
        self.app.alerts.dnd = on
        state = self.controller.state()
        if not on:
            label = None
        elif state.until == -1:
            label = QCoreApplication.translate("Attention", "Do not disturb is on")
        else:
            label = QCoreApplication.translate("Attention", "Do not disturb until %1").replace("%1", local_time(state.until))
        self.app.tray.set_dnd(label)
        self.dnd_label.setText(f"🔕 {label}" if label else "")
        self.dnd_label.setVisible(label is not None)

    def _digest(self, messages: int, mentions: int, channels: int) -> None:
        # The key messages (desktop.domain.digest) follow the counts; a click opens the first.
        top = self.controller.highlights
        body = " · ".join([digest_text(messages, mentions, channels), *(f"{l.author}: {l.text}" for _c, l in top)])
        self.app.notifier.notify(notify.Notification(
            title=QCoreApplication.translate("Attention", "While you were away"), body=body,
            channel=top[0][0] if top else "", msg=top[0][1].msg if top else 1, is_mention=mentions > 0,
        ))

    def _changed(self) -> None:
        self.app.window.channels.muted_changed()
        self._dnd_changed(self.controller.dnd)
        self.update_banner()
        for late in self.controller.late_ones():
            self.app.window.statusBar().showMessage(
                QCoreApplication.translate("Attention", "A scheduled message was sent late (you were offline at %1).").replace("%1", local_time(late.at)),
                10_000,
            )

    def _channel_menu(self, menu, channel_id: str) -> None:
        action = menu.addAction(QCoreApplication.translate("Attention", "Mentions only"))
        action.setCheckable(True)
        action.setChecked(self.controller.mentions_only(channel_id))
        action.toggled.connect(lambda on: self.controller.set_channel_mode(channel_id, "mentions" if on else "all"))

    def _dm_partner(self) -> tuple[str, str] | None:
        window = self.app.window
        row = window.store.channel(window.current) if window.current else None
        if row is None or not row.dm:
            return None
        me = window.me
        others = [u for u in window.store.members(row.id) if u.name != me]
        if not others:
            return None
        return others[0].name, others[0].display_name or others[0].name

    def update_banner(self) -> None:
        partner = self._dm_partner()
        if partner is None:
            self.banner.hide()
            return
        user, name = partner
        s = self.controller.status(user)
        until = self.controller.their_dnd_until(user)
        text = " ".join(p for p in (s.emoji, s.text) if p)
        if text and s.until:
            text += " " + QCoreApplication.translate("Attention", "(until %1)").replace("%1", local_time(s.until))
        self.banner.show_for(name, until)
        # The DM header: presence, status and DND under the person's name.
        where = {"online": QCoreApplication.translate("Attention", "online"),
                 "away": QCoreApplication.translate("Attention", "away"),
                 "offline": QCoreApplication.translate("Attention", "offline")}[s.presence]
        parts = [("● " if s.presence == "online" else "○ ") + where]
        if text:
            parts.append(text)
        if until is not None:
            parts.append("🔕 " + (QCoreApplication.translate("Attention", "do not disturb") if until == -1 else
                                 QCoreApplication.translate("Attention", "do not disturb until %1")
                                 .replace("%1", local_time(until))))
        topic = self.app.window.topic
        topic.setText("  ·  ".join(parts))
        topic.setVisible(True)

    def _send_later(self, at: int) -> None:
        window = self.app.window
        text = window.composer.text()
        if window.composer.too_long():
            return  # the composer's counter says why
        if window.current is None or not text.strip():
            window.statusBar().showMessage(QCoreApplication.translate("Attention", "Write a message first, then choose when to send it."), 5000)
            return
        self.controller.schedule(window.current, text, at)
        window.composer.set_text("")
        window.composer.draft_changed.emit("")
        window.statusBar().showMessage(QCoreApplication.translate("Attention", "Scheduled for %1.").replace("%1", local_time(at)), 5000)

    def _send_urgent(self) -> None:
        window = self.app.window
        text = window.composer.text()
        if window.composer.too_long():
            return  # the composer's counter says why
        if window.current is None or not text.strip():
            window.statusBar().showMessage(
                QCoreApplication.translate("Attention", "Write a message first, then choose when to send it."), 5000)
            return
        self.controller.post_urgent(window.current, text)
        window.composer.set_text("")
        window.composer.draft_changed.emit("")

    def _deliver_when_dnd_ends(self) -> None:
        window = self.app.window
        text = window.composer.text()
        if window.composer.too_long():
            return  # the composer's counter says why
        if window.current is None or not text.strip():
            window.statusBar().showMessage(QCoreApplication.translate("Attention", "Write a message first, then choose when to send it."), 5000)
            return
        self.controller.schedule(window.current, text, 0, until_dnd_ends=True)
        window.composer.set_text("")
        window.composer.draft_changed.emit("")
        window.statusBar().showMessage(QCoreApplication.translate("Attention", "It will be delivered when their do-not-disturb ends."), 5000)


def install(app) -> AttentionUi:
    return AttentionUi(app, app.attention)


