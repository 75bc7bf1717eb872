"""A relay running inside the app on its own thread (demo workspace and tests)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from server_stub import demo
from server_stub.db import DB_NAME
from server_stub.server import Relay

TOKENS_FILE = "demo-tokens.txt"


def prepare_demo(relay_dir: Path) -> dict[str, str]:
    """Seed the demo workspace once; later runs reuse it (and its history)."""
    tokens_path = relay_dir / TOKENS_FILE
    if (relay_dir / DB_NAME).exists() and tokens_path.exists():
        return dict(line.split("=", 1) for line in tokens_path.read_text("utf-8").split())
    relay_dir.mkdir(parents=True, exist_ok=True)
    tokens = demo.seed(relay_dir)
    tokens_path.write_text("".join(f"{u}={t}\n" for u, t in tokens.items()), "utf-8")
    tokens_path.chmod(0o600)
    return tokens


class EmbeddedRelay:
    """Serve `data_dir` on 127.0.0.1 from a background thread with its own loop,
    so the app's UI thread never waits on the relay's work."""

    def __init__(self, data_dir: Path, port: int = 0):
        self._relay = Relay(data_dir, "127.0.0.1", port)
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._main, name="embedded-relay", daemon=True)

    @property
    def url(self) -> str:
        return self._relay.url

    def start(self, timeout: float = 10.0) -> str:
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError("the embedded relay did not start in time")
        if self._error is not None:
            raise self._error
        return self.url

    def _main(self) -> None:
        asyncio.set_event_loop(self._loop)

        async def serve():
            self._stop = asyncio.Event()
            try:
                await self._relay.start()
            except BaseException as exc:
                self._error = exc
                self._ready.set()
                return
            self._ready.set()
            try:
                await self._stop.wait()
            finally:
                await self._relay.stop()

        self._loop.run_until_complete(serve())
        self._loop.close()

    def stop(self, timeout: float = 10.0) -> None:
        if self._stop is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)
