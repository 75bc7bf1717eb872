"""How the team screens talk to the relay.

Queries (browse, members, people, audit) need the relay now: `query()` returns the
answer or raises `Unavailable` with a plain sentence (unreachable, or the relay's
refusal in its own words). Commands go through the outbox like every change
(offline they wait); `submit()` returns the command id and `CommandWatch` reports,
once, when the cache reflects it (`done`) or the relay refused it (`refused`, its
reason). A refused team command is discarded once reported: the user saw why.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop import __version__
from desktop.net import signin as net_signin
from desktop.net.query import ask
from desktop.net.retry import classify
from desktop.net.state import Link
from desktop.protocol import frames as fr
from desktop.protocol.ids import new_client_id
from desktop.ui.team.describe import describe

_ALL = ("pending", "sending", "acked", "failed")


class Unavailable(Exception):
    """A query could not be answered: the message is one plain sentence for the user."""


class TeamRelay(QObject):
    """Signals:
        done(str cid): the command's effect is in the cache.
        refused(str cid, str what, str reason): the relay refused it (reason in its words).
    """

    done = Signal(str)
    refused = Signal(str, str, str)

    def __init__(self, store, engine, store_bridge, parent=None):
        super().__init__(parent)
        self.store, self.engine = store, engine
        self.watched: dict[str, str] = {}  # cid -> what it does, in words
        self.quiet: set[str] = set()  # cids whose outcome an open screen shows itself
        self.closed = False  # set before the cache closes: nothing reads it any more
        store_bridge.changed.connect(self._changes)

    # ---- queries --------------------------------------------------------------

    def online(self) -> bool:
        return self.engine.state.link in (Link.ONLINE, Link.CATCHING_UP)

    def _where(self) -> tuple[str, str]:
        return self.store.account().relay_url or "", self.store.token() or ""

    def close(self) -> None:
        self.closed = True
        self.watched.clear()

    async def query(self, query: fr.Command):
        if self.closed:
            raise Unavailable(self.tr("Beacon is closing."))
        url, token = self._where()
        account = self.store.account()
        try:
            answer = await ask(url, token, query, cursor=account.cursor or None, epoch=account.epoch,
                               timeout=8.0, client_name=f"beacon/{__version__}")
        except Exception as exc:  # classify() re-raises anything that is our bug
            raise Unavailable(self.tr("This needs the relay, which cannot be reached: %1")
                              .replace("%1", classify(exc).reason)) from None
        if self.closed:
            raise Unavailable(self.tr("Beacon is closing."))
        if isinstance(answer, fr.Error):
            raise Unavailable(self.tr("The relay refused: %1").replace("%1", answer.message))
        return answer

    async def signin(self, request):
        """A request to the relay's /signin endpoint (invitations) with this device's token."""
        if self.closed:
            raise Unavailable(self.tr("Beacon is closing."))
        url, token = self._where()
        try:
            answer = await net_signin.call(url, request, token=token)
        except net_signin.SigninRefused as exc:
            raise Unavailable(self.tr("The relay refused: %1").replace("%1", str(exc))) from None
        except net_signin.Unreachable as exc:
            raise Unavailable(self.tr("This needs the relay, which cannot be reached: %1")
                              .replace("%1", str(exc))) from None
        if self.closed:
            raise Unavailable(self.tr("Beacon is closing."))
        return answer

    # ---- commands -------------------------------------------------------------

    def submit(self, cmd: fr.Command, what: str | None = None, *, quiet: bool = False) -> str:
        """Queue `cmd`; `what` names it in a refusal ("create #design"; default: describe()).
        quiet: the caller shows the outcome itself (until it calls `unquiet`)."""
        what = what or describe(self.store, cmd) or ""
        item = self.store.enqueue(cmd)
        self.watched[item.cid] = what
        if quiet:
            self.quiet.add(item.cid)
        self.engine.outbox_changed()
        return item.cid

    def adopt(self) -> list[tuple[str, str, str]]:
        """At start: watch the team commands a previous run queued (sent since, or still
        offline); refusals that arrived after it closed are returned (cid, what, reason)
        and let go. Direct-message requests are the window's, not adopted."""
        refused = []
        for item in self.store.outbox(_ALL):
            what = None if isinstance(item.frame, fr.OpenDm) else describe(self.store, item.frame)
            if what is None:
                continue
            if item.state == "failed":
                self.store.discard(item.cid)
                refused.append((item.cid, what, item.error or item.error_code or ""))
            else:
                self.watched[item.cid] = what
        return refused

    def unquiet(self, cid: str | None) -> None:
        self.quiet.discard(cid)

    @staticmethod
    def new_id() -> str:
        return new_client_id()

    def _changes(self, changes) -> None:
        if self.closed or not self.watched or not (changes.outbox or changes.reset):
            return
        items = {i.cid: i for i in self.store.outbox(_ALL)}
        for cid in list(self.watched):
            item = items.get(cid)
            if item is None:
                self.watched.pop(cid)
                self.done.emit(cid)
            elif item.state == "failed":
                what = self.watched.pop(cid)
                self.store.discard(cid)
                self.refused.emit(cid, what, item.error or item.error_code or "")
