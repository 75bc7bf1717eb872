"""`beacon self-check`: prove an installation works, headless, without touching the user's data.

In a temporary directory it starts a relay on 127.0.0.1 (port 0), creates an encrypted
profile (passphrase key; the OS keychain is not touched), signs in, sends a message
through the outbox, syncs it back, searches it (Chinese too), checks the cache file is
really encrypted and that a wrong key is refused, reopens it offline, then runs the Qt
side (`beacon-gui --self-check`) in a child process offscreen, where a broken Qt aborts
only the child. One line per check; exit 0 when every check passed.

`beacon self-check --profile DIR` checks that profile's cache instead (selfcheck_cache):
its write-ahead log, every page, its outbox; it offers `beacon resync` when damaged.

Wiring into desktop/cli/__init__.py (before the profile is opened):

    from desktop import selfcheck
    selfcheck.add_parser(sub)                      # in _parser()
    if args.command == "self-check":               # in main(), before open_store(...)
        return selfcheck.main(args)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from desktop import __version__

SQLITE_HEADER = b"SQLite format 3\x00"
GUI_TIMEOUT_S = 120


class CheckFailed(Exception):
    """One check did not hold; the message says what was expected."""


def add_parser(sub: argparse._SubParsersAction) -> argparse.ArgumentParser:
    s = sub.add_parser("self-check", help="check this installation (temporary profile and relay on loopback)")
    s.add_argument("--no-gui", action="store_true", help="skip the Qt check (no Qt libraries on this machine)")
    s.add_argument("--keep", action="store_true", help=argparse.SUPPRESS)  # keep the temp dir for debugging
    s.add_argument("--profile", dest="check_profile", metavar="DIR",
                   help="check this profile's cache for damage instead (log, every page, outbox)")
    return s


def resources_dir() -> Path:
    """Where desktop.ui finds resources/ (it sits next to the desktop package)."""
    import desktop

    return Path(desktop.__file__).resolve().parents[1] / "resources"


def gui_command() -> list[str]:
    """How to run `beacon-gui --self-check` for this installation."""
    if getattr(sys, "frozen", False):
        # The console executable (`beacon`) dispatches `gui`; its stdout reaches us on every OS.
        return [sys.executable, "gui", "--self-check"]
    return [sys.executable, "-m", "desktop", "gui", "--self-check"]


class _Report:
    def __init__(self, out):
        self.out = out
        self.failed = 0

    def check(self, what: str, fn: Callable[[], str | None]):
        started = time.perf_counter()
        try:
            detail = fn()
        except Exception as exc:  # a self-check reports every failure and goes on
            self.failed += 1
            print(f"FAIL {what}: {type(exc).__name__}: {exc}", file=self.out, flush=True)
            return False
        self._ok(what, detail, started)
        return True

    async def acheck(self, what: str, fn) -> bool:
        started = time.perf_counter()
        try:
            detail = await fn()
        except Exception as exc:
            self.failed += 1
            print(f"FAIL {what}: {type(exc).__name__}: {exc}", file=self.out, flush=True)
            return False
        self._ok(what, detail, started)
        return True

    def _ok(self, what: str, detail: str | None, started: float) -> None:
        ms = (time.perf_counter() - started) * 1000
        print(f"ok   {what}{': ' + detail if detail else ''} ({ms:.0f} ms)", file=self.out, flush=True)


def _expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


async def _core(work: Path, report: _Report) -> None:
    from keyring.backends import fail

    from desktop.errors import WrongKeyError
    from desktop.net.sync import SyncEngine
    from desktop.profile import CACHE_FILE, open_store
    from desktop.protocol import frames as fr
    from desktop.protocol.ids import new_client_id
    from server_stub import admin
    from server_stub.server import Relay

    relay_dir, profile_dir = work / "relay", work / "profile"
    passphrase = secrets.token_urlsafe(18)
    nonce = secrets.token_hex(4)
    text = f"self-check {nonce} 自检消息"
    state: dict = {}

    def make_relay():
        state["token"] = admin.add_user(relay_dir, "selfcheck", "Self Check")
        state["channel"] = admin.add_channel(relay_dir, "selfcheck", members=["selfcheck"])
        return f"data in {relay_dir}"

    def open_profile(key: str):
        # env={}: a BEACON_PASSPHRASE in the caller's environment must not replace the
        # check's own passphrases (it made the wrong-passphrase check open the cache).
        return open_store(
            profile_dir, passphrase_provider=lambda _r, _n: key, keyring_backend=fail.Keyring(), env={}
        )

    if not report.check("relay data", make_relay):
        return
    relay = Relay(relay_dir, "127.0.0.1", 0)

    async def start_relay() -> str:
        await relay.start()
        return relay.url

    async def create_cache() -> str:
        state["store"] = await asyncio.to_thread(open_profile, passphrase)
        return str(profile_dir / CACHE_FILE)

    try:
        if not await report.acheck("relay on loopback", start_relay):
            return
        if not await report.acheck("encrypted cache created", create_cache):
            return
        store = state["store"]
        try:
            engine = SyncEngine(store, relay.url, state["token"], open_timeout=10.0,
                                client_name=f"beacon-self-check/{__version__}")

            async def login() -> str:
                await engine.sync_once()
                store.set_token(state["token"])
                account = store.account()
                _expect(account.user == "selfcheck", f"signed in as {account.user!r}, expected 'selfcheck'")
                _expect(store.channel_by_ref("selfcheck") is not None, "the channel did not reach the cache")
                return f"signed in as {account.user}"

            async def send() -> str:
                store.enqueue(fr.Post(id=new_client_id(), channel=state["channel"], text=text))
                result = await engine.sync_once()
                _expect(result.sent == 1 and not result.failed, f"sent {result.sent}, refused {result.failed}")
                got = [m.text for m in store.messages(state["channel"], limit=5)]
                _expect(text in got, "the sent message did not come back from the relay")
                return "outbox -> relay -> cache"

            for what, step in (("sign in", login), ("send and sync", send)):
                if not await report.acheck(what, step):
                    return

            def search() -> str:
                for query in (nonce, "自检"):
                    hits = store.search(query, limit=5)
                    _expect(any(h.message.text == text for h in hits), f"full-text search for {query!r} missed it")
                return "latin and CJK"

            report.check("offline search", search)
        finally:
            store.close()
    finally:
        await relay.stop()

    def encrypted() -> str:
        with open(profile_dir / CACHE_FILE, "rb") as fh:
            head = fh.read(16)
        _expect(len(head) == 16 and head != SQLITE_HEADER, "cache.db starts with a plain SQLite header")
        try:
            open_profile(passphrase + "-wrong").close()
        except WrongKeyError:
            return "no plaintext header; a wrong passphrase is refused"
        raise CheckFailed("a wrong passphrase opened the cache")

    def reopen() -> str:
        store = open_profile(passphrase)
        try:
            _expect(any(m.text == text for m in store.messages(state["channel"], limit=5)),
                    "the message is gone after reopening")
        finally:
            store.close()
        return "relay stopped; the message is still readable"

    report.check("cache is encrypted", encrypted)
    report.check("reopen offline", reopen)


def _resources() -> str:
    base = resources_dir()
    wanted = [base / "icons" / "beacon.svg", base / "translations" / "beacon_zh_CN.qm",
              base / "fonts" / "NotoColorEmoji.ttf", base / "emoji" / "emoji.json"]
    missing = [str(p) for p in wanted if not p.is_file()]
    _expect(not missing, f"missing: {', '.join(missing)}")
    return str(base)


def _keyring() -> str:
    """Informational: which keychain this installation would use (none on a bare server)."""
    import keyring

    from desktop import secrets as beacon_secrets

    backend = keyring.get_keyring()
    usable = beacon_secrets.keyring_usable(backend)
    return f"{type(backend).__module__}.{type(backend).__name__}" + ("" if usable else " (none usable: a passphrase will be asked)")


def _gui() -> str:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(gui_command(), env=env, capture_output=True, text=True, timeout=GUI_TIMEOUT_S)
    lines = [l for l in proc.stdout.splitlines() if l.strip()]
    if proc.returncode != 0:
        tail = (lines + proc.stderr.strip().splitlines())[-4:]
        raise CheckFailed(f"exit {proc.returncode}: " + " | ".join(tail))
    ok = [l for l in lines if l.startswith("ok")]
    return ok[-1].split(": ", 1)[-1] if ok else "passed"


def run(*, gui: bool = True, keep: bool = False, out=None) -> int:
    out = out or sys.stdout
    report = _Report(out)
    print(f"beacon {__version__} self-check ({'frozen' if getattr(sys, 'frozen', False) else sys.executable})", file=out)
    report.check("resources", _resources)
    report.check("keychain", _keyring)
    work = Path(tempfile.mkdtemp(prefix="beacon-self-check-"))
    try:
        asyncio.run(_core(work, report))
    finally:
        if keep:
            print(f"kept {work}", file=out)
        else:
            import shutil

            shutil.rmtree(work, ignore_errors=True)
    if gui:
        report.check("Qt (offscreen, child process)", _gui)
    print("self-check passed" if not report.failed else f"self-check FAILED: {report.failed} check(s)", file=out, flush=True)
    return 0 if not report.failed else 1


def main(args: argparse.Namespace) -> int:
    if getattr(args, "check_profile", None):
        from desktop.selfcheck_cache import run_profile

        return run_profile(Path(args.check_profile).expanduser(), _Report(sys.stdout))
    return run(gui=not getattr(args, "no_gui", False), keep=getattr(args, "keep", False))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="beacon self-check")
    add_parser(parser.add_subparsers(dest="command"))
    sys.exit(main(parser.parse_args(["self-check", *sys.argv[1:]])))
