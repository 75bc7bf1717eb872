"""One running Beacon per profile: a second launch wakes the first and exits."""

from __future__ import annotations

import hashlib
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

logger = logging.getLogger(__name__)

PING = b"activate\n"
CONNECT_TIMEOUT_MS = 1000
WRITE_TIMEOUT_MS = 1000
LOCK_TIMEOUT_MS = 5000
LOCK_NAME = ".instance.lock"


def server_name(profile_dir: str | os.PathLike) -> str:
    """The local socket (named pipe) name for a profile.

    A hash of the resolved profile path and the OS user, so two profiles (or two
    users sharing a path) never meet. On Unix it lives in the user's private
    ``$XDG_RUNTIME_DIR`` when there is one, else Qt puts it in the temp directory.
    """
    path = os.path.normcase(str(Path(profile_dir).expanduser().resolve()))
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    digest = hashlib.sha256(f"{user}\0{path}".encode()).hexdigest()[:24]
    name = f"beacon-{digest}"
    if sys.platform != "win32":
        runtime = os.environ.get("XDG_RUNTIME_DIR", "")
        # sockaddr_un paths are limited to ~104-108 bytes.
        if runtime and os.path.isdir(runtime) and len(os.fsencode(runtime)) + len(name) + 8 < 100:
            return os.path.join(runtime, f"{name}.sock")
    return name


class SingleInstance(QObject):
    """Claims a profile for this process.

    ``claim()`` returns True when this is the first instance: it then listens and
    emits ``activated`` whenever a later launch pings it. It returns False when
    another instance answered: that one has been asked to raise its window and
    this process should exit.

    A socket left behind by a crashed instance is detected (nobody accepts the
    connection) and replaced (QLocalServer.removeServer where listening fails).
    Claims are serialized with a lock file in the
    profile directory, so two launches at the same moment cannot both win.

    Signals:
        activated(): another launch for the same profile wants the window shown.
    """

    activated = Signal()
    socket_options = QLocalServer.SocketOption.UserAccessOption  # only this OS user may connect

    def __init__(self, profile_dir: str | os.PathLike, parent: QObject | None = None):
        super().__init__(parent)
        self.profile_dir = Path(profile_dir)
        self.name = server_name(profile_dir)
        self._server: QLocalServer | None = None

    @property
    def is_primary(self) -> bool:
        return self._server is not None and self._server.isListening()

    def claim(self) -> bool:
        """True: we are the running instance. False: another one is, and was pinged."""
        if self.is_primary:
            return True
        try:
            self.profile_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            logger.warning("cannot create %s (%s)", self.profile_dir, exc)
        lock = QLockFile(str(self.profile_dir / LOCK_NAME))
        lock.setStaleLockTime(0)  # only a dead owner makes it stale, never age
        locked = lock.tryLock(LOCK_TIMEOUT_MS)
        if not locked and lock.error() == QLockFile.LockError.LockFailedError:
            # Another launch has been claiming for seconds: it wins, we ping it below.
            logger.warning("profile %s is being opened by another process", self.profile_dir)
        elif not locked:
            logger.warning("cannot lock %s (%s); claiming without it", self.profile_dir, lock.error().name)
        try:
            if self._ping():
                return False
            if not locked and lock.error() == QLockFile.LockError.LockFailedError:
                return False  # it has not listened yet, but it holds the claim
            return self._listen()
        finally:
            if locked:
                lock.unlock()

    def release(self) -> None:
        """Stop listening (at shutdown; also done when this object is destroyed)."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    def _ping(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            if socket.error() not in (
                QLocalSocket.LocalSocketError.ServerNotFoundError,
                QLocalSocket.LocalSocketError.ConnectionRefusedError,
            ):
                logger.info("no running instance answered (%s)", socket.errorString())
            return False
        socket.write(PING)
        socket.flush()
        if socket.bytesToWrite() > 0:
            socket.waitForBytesWritten(WRITE_TIMEOUT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(WRITE_TIMEOUT_MS)
        logger.info("Beacon is already running for %s: asked it to show its window", self.profile_dir)
        return True

    def _listen(self) -> bool:
        server = QLocalServer(self)
        server.setSocketOptions(self.socket_options)
        if not server.listen(self.name):
            # Nobody answered the ping, so whatever holds the name is a leftover of a
            # crashed instance (Unix leaves the socket file behind). With access
            # options Qt binds privately and renames over the name, so this is only
            # reached without them, or where a platform refuses anyway.
            logger.info("removing a stale instance socket %s (%s)", self.name, server.errorString())
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                logger.error("cannot listen on %s: %s; running without single-instance", self.name, server.errorString())
                server.deleteLater()
                return True  # better a second window than no window
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def _on_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            socket.setParent(self)
            buffer = bytearray()

            def read(socket=socket, buffer=buffer) -> None:
                buffer.extend(socket.readAll().data())
                if len(buffer) > 64:  # not one of ours
                    socket.abort()
                elif buffer.endswith(b"\n"):
                    if bytes(buffer) == PING:
                        self.activated.emit()
                    socket.disconnectFromServer()

            socket.readyRead.connect(read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                read()
