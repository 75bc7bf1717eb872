"""The app's attention state: DND on or off (synced settings + relay clock), the away
digest, and every attention action as an outbox command."""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication

from desktop.domain import dnd, notify
from desktop.domain.digest import highlights as digest_highlights
from desktop.net.state import Link
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.store import attention as att
from desktop.store import knowledge

REFRESH_MS = 15_000  # how often DND's clock-driven edges are looked for
HEARTBEAT_MS = 60_000  # presence: the relay holds us online for 150 s per heartbeat
IDLE_AWAY_MS = 5 * 60_000  # no use of the app for this long: "away"


def local_time(ms: int) -> str:
    """`ms` as the user's local clock shows it, with the zone made explicit."""
    when = dt.datetime.fromtimestamp(ms / 1000, dnd.local_zone())
    today = dt.datetime.now(dnd.local_zone()).date()
    if when.date() == today:
        return when.strftime("%H:%M")
    if when.date() - today < dt.timedelta(days=7):
        return when.strftime("%a %H:%M")
    return when.strftime("%Y-%m-%d %H:%M")


class AttentionController(QObject):
    """Signals:
        dnd_changed(bool): DND turned on or off (by the clock, the tray, another device).
        changed(): settings, statuses or scheduled messages changed in the cache.
        digest_ready(int, int, int): DND ended: messages, mentions, channels held back.
    """

    dnd_changed = Signal(bool)
    changed = Signal()
    digest_ready = Signal(int, int, int)

    def __init__(self, store, actions, engine=None, parent=None, *, clock=None):
        super().__init__(parent)
        self.store, self.actions, self.engine = store, actions, engine
        self._clock = clock or (lambda: int(time.time() * 1000))
        self.digest = dnd.AwayDigest()
        self.highlights: list = []  # (channel, digest.Line) named in the last away digest
        self._dnd = False
        self._late_seen: set[str] = set()
        self._timer = QTimer(self, interval=REFRESH_MS)
        self._timer.timeout.connect(lambda: self._on_timer(self.refresh))
        self._timer.start()
        self._settings = att.dnd_settings(store)
        self._last_active = self._clock()
        self._sent_presence: str | None = None
        self._heartbeat = QTimer(self, interval=HEARTBEAT_MS)
        self._heartbeat.timeout.connect(lambda: self._on_timer(self.heartbeat))
        self._heartbeat.start()
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._app_state)
        self.refresh()

    def shutdown(self) -> None:
        """Before the cache closes: stop every timer that reads it."""
        self._timer.stop()
        self._heartbeat.stop()

    def _on_timer(self, fn) -> None:
        if getattr(self.store._db, "_closed", False):  # closed without shutdown() (tests)
            self.shutdown()
            return
        fn()

    # ---- time ---------------------------------------------------------------

    def relay_now(self) -> int:
        """Now by the relay's clock (the authority for schedules)."""
        if self.engine is not None and getattr(self.engine, "user", None):
            offset = self.engine.server_offset_ms
        else:
            offset = att.clock_offset(self.store) or 0
        return self._clock() + offset

    # ---- DND ----------------------------------------------------------------

    @property
    def settings(self) -> dnd.DndSettings:
        return self._settings

    def state(self) -> dnd.DndState:
        return dnd.dnd_state(self._settings, self.relay_now())

    @property
    def dnd(self) -> bool:
        return self._dnd

    def refresh(self) -> None:
        self._settings = att.dnd_settings(self.store)
        on = self.state().active
        if on == self._dnd:
            return
        self._dnd = on
        if not on and self.digest:
            self.highlights = digest_highlights(knowledge.held_items(self.store, self.digest.msgs))
            self.digest_ready.emit(*self.digest.summary())
        if not on:
            self.digest = dnd.AwayDigest()
        self.dnd_changed.emit(on)

    def _set(self, settings: dnd.DndSettings) -> None:
        self.actions._enqueue(fr.SetDnd(id=new_client_id(), settings=settings))
        self.refresh()
        self.changed.emit()

    def dnd_for(self, minutes: int) -> None:
        """The tray's and status menu's choices: minutes from now, or -1 to turn it off."""
        if minutes < 0:
            self.dnd_until(None)
        else:
            self.dnd_until(self.relay_now() + minutes * 60_000)

    def dnd_until(self, until: int | None) -> None:
        """Manual DND until `until` (relay ms), dnd.FOREVER, or off (None)."""
        self._set(dnd.manual_dnd(self._settings, until))

    def set_working_hours(self, enabled: bool, tz: str, hours: list[str]) -> None:
        fields = {f: getattr(self._settings, f) for f in self._settings.__struct_fields__}
        self._set(dnd.DndSettings(**{**fields, "schedule": enabled, "tz": tz, "hours": hours}))

    def set_urgent(self, allow: bool, senders: list[str]) -> None:
        fields = {f: getattr(self._settings, f) for f in self._settings.__struct_fields__}
        self._set(dnd.DndSettings(**{**fields, "allow_urgent": allow, "urgent_from": senders}))

    def channel_mode(self, channel: str) -> str:
        return self._settings.channels.get(channel, "all")

    def is_muted(self, channel: str) -> bool:
        return self.channel_mode(channel) == "mute"

    def mentions_only(self, channel: str) -> bool:
        return self.channel_mode(channel) == "mentions"

    def set_channel_mode(self, channel: str, mode: str) -> None:
        self._set(dnd.with_channel_mode(self._settings, channel, mode))

    def set_muted(self, channel: str, muted: bool) -> None:
        self.set_channel_mode(channel, "mute" if muted else "all")

    def adopt_local_mutes(self, muted: set[str]) -> bool:
        """Carry the old per-device mutes into the synced settings, once."""
        if not muted or self._settings.channels:
            return False
        settings = self._settings
        for channel in sorted(muted):
            settings = dnd.with_channel_mode(settings, channel, "mute")
        self._set(settings)
        return True

    # ---- presence -----------------------------------------------------------

    def _app_state(self, state) -> None:
        if not self._timer.isActive():
            return  # shut down
        if state == Qt.ApplicationState.ApplicationActive:
            self._last_active = self._clock()
            if self._sent_presence == "away":
                self.heartbeat()

    def presence_state(self) -> str:
        app = QGuiApplication.instance()
        if app is not None and app.applicationState() == Qt.ApplicationState.ApplicationActive:
            self._last_active = self._clock()
        return "active" if self._clock() - self._last_active < IDLE_AWAY_MS else "away"

    def heartbeat(self) -> bool:
        """Tell the relay we are here (online or away); only while connected, and never
        more than one waiting in the outbox (a stale heartbeat is worthless)."""
        if self.engine is None or self.engine.state.link is not Link.ONLINE:
            return False
        if any(isinstance(i.frame, fr.SetPresence) for i in self.store.outbox(("pending", "sending"))):
            return False
        state = self.presence_state()
        self.actions._enqueue(fr.SetPresence(id=new_client_id(), state=state))
        self._sent_presence = state
        return True

    def link_changed(self, state) -> None:
        if state.link is Link.OFFLINE:
            # A heartbeat that did not go out is stale: never send it later, never
            # count it as something "waiting to send".
            for item in self.store.outbox(("pending",)):
                if isinstance(item.frame, fr.SetPresence):
                    self.store.discard(item.cid)
        if state.link is Link.ONLINE:
            if self.engine is not None:
                att.set_clock_offset(self.store, self.engine.server_offset_ms)
            self.heartbeat()
            self.refresh()

    # ---- alerts hooks ---------------------------------------------------------

    def breaks_through(self, msg: int, author: str) -> bool:
        return dnd.breaks_through(urgent=att.is_urgent(self.store, msg), sender=author, settings=self._settings)

    def hold(self, shown: notify.Notification) -> None:
        """A notification DND held back: counted for the digest."""
        self.digest.add(shown.channel, mention=shown.is_mention, msg=shown.msg)

    # ---- status -----------------------------------------------------------------

    def set_status(self, emoji: str, text: str, until: int | None) -> None:
        self.actions._enqueue(fr.SetStatus(id=new_client_id(), emoji=emoji, text=text, until=until))

    def status(self, user: str) -> att.Status:
        return att.status(self.store, user)

    def their_dnd_until(self, user: str) -> int | None:
        """When `user`'s DND ends (FOREVER: until turned off), or None if they are not in DND."""
        s = att.status(self.store, user)
        if s.dnd_until is None:
            return None
        if s.dnd_until != dnd.FOREVER and s.dnd_until <= self.relay_now():
            return None
        return s.dnd_until

    # ---- scheduled messages -----------------------------------------------------

    def schedule(self, channel: str, text: str, at: int, *, thread: int | None = None,
                 until_dnd_ends: bool = False, urgent: bool = False) -> str | None:
        if not text.strip():
            return None
        cmd = fr.Schedule(id=new_client_id(), channel=channel, text=text, at=at, thread=thread,
                          until_dnd_ends=until_dnd_ends, urgent=urgent)
        self.actions._enqueue(cmd)
        self.changed.emit()
        return cmd.id

    def post_urgent(self, channel: str, text: str, thread: int | None = None) -> None:
        if text.strip():
            self.actions._enqueue(fr.PostUrgent(id=new_client_id(), channel=channel, text=text, thread=thread))

    def scheduled(self) -> list[att.Scheduled]:
        return att.scheduled(self.store, ("queued", "pending", "failed"))

    def cancel(self, sched: str) -> None:
        self._queued_or(sched, lambda: fr.ScheduleCancel(id=new_client_id(), sched=sched))

    def send_now(self, sched: str) -> None:
        self._queued_or(sched, lambda: fr.ScheduleSendNow(id=new_client_id(), sched=sched))

    def reschedule(self, sched: str, at: int, text: str | None = None) -> None:
        self.actions._enqueue(fr.ScheduleEdit(id=new_client_id(), sched=sched, at=at, text=text))
        self.changed.emit()

    def _queued_or(self, sched: str, make) -> None:
        item = next((i for i in self.store.outbox(("pending", "failed")) if i.cid == sched), None)
        if item is not None and isinstance(make(), fr.ScheduleCancel):
            self.actions.discard(sched)  # never reached the relay: just drop it
        else:
            self.actions._enqueue(make())
        self.changed.emit()

    def late_ones(self) -> list[att.Scheduled]:
        """Scheduled messages sent late (queued offline past their time), each reported once."""
        fresh = [s for s in att.scheduled(self.store, ("sent",)) if s.late and s.sched not in self._late_seen]
        self._late_seen.update(s.sched for s in fresh)
        return fresh

    def apply(self, changes) -> None:
        if "attention" in changes.features or changes.pending:
            self.refresh()
            self.changed.emit()
