"""Logging to the platform's log directory, rotated, with secrets scrubbed on the way out.

One call at startup (GUI and CLI alike)::

    from desktop import logsetup
    log_file = logsetup.setup(verbose=args.verbose)   # None if only stderr could be used

What goes where:

- ``<user_log_dir>/beacon.log`` (Linux ``~/.local/state/Beacon/log``, macOS
  ``~/Library/Logs/Beacon``, Windows ``%LOCALAPPDATA%\\Beacon\\Logs``; ``BEACON_LOG_DIR``
  overrides): INFO and up (DEBUG with ``verbose``), 1 MB a file, 5 old files kept,
  readable by this OS user only.
- stderr: WARNING and up (INFO with ``verbose``) when a stream is given.

What never goes there: message bodies, tokens and cache keys. Beacon's own code logs
ids, counts and states, never texts; on top of that every record is scrubbed (token-like
runs of 40+ URL-safe characters, ``x'…'`` keys, ``token=`` parameters) and the
``websockets`` logger, which dumps whole frames at DEBUG, is held at INFO.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
import threading
from pathlib import Path
from typing import TextIO

import platformdirs

from desktop.domain.terminal import safe

APP_NAME = "Beacon"
LOG_FILE = "beacon.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
ENV_LOG_DIR = "BEACON_LOG_DIR"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Loggers that print payloads at DEBUG: never below INFO, whatever --verbose says.
CHATTY = ("websockets", "websockets.client", "websockets.server", "asyncio")

REDACTED = "[redacted]"
_SECRETS = (
    # Relay tokens (token_urlsafe(32) = 43 chars), raw cache keys (64 hex), passphrase-free keys.
    re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40,}(?![A-Za-z0-9_-])"),
    re.compile(r"x'[0-9A-Fa-f]+'"),
    re.compile(r"(?i)((?:access_)?token|passphrase|password|key)([=:]\s*)\S+"),
    re.compile(r"(?i)(bearer\s+)\S+"),
)

_lock = threading.Lock()
_installed: list[logging.Handler] = []


def log_dir() -> Path:
    """Where Beacon's log files go on this platform (BEACON_LOG_DIR overrides)."""
    override = os.environ.get(ENV_LOG_DIR)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def scrub(text: str) -> str:
    """`text` with anything that looks like a token, key or passphrase replaced."""
    for pattern in _SECRETS:
        if pattern.groups == 2:
            text = pattern.sub(lambda m: m.group(1) + m.group(2) + REDACTED, text)
        elif pattern.groups == 1:
            text = pattern.sub(lambda m: m.group(1) + REDACTED, text)
        else:
            text = pattern.sub(REDACTED, text)
    return text


class ScrubbingFormatter(logging.Formatter):
    """Formats as usual (tracebacks included), then scrubs the whole line."""

    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


class TerminalFormatter(ScrubbingFormatter):
    """Scrubbed, and each line itself also goes through terminal.safe(), so a relay's error
    text or a name in a log line cannot drive the terminal it is read on (tracebacks keep
    their lines)."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802
        return safe(super().formatMessage(record))


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file created 0600: logs name channels and people."""

    def _open(self):
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return os.fdopen(fd, self.mode, encoding=self.encoding, errors=self.errors)


def setup(
    *,
    verbose: bool = False,
    directory: Path | None = None,
    stream: TextIO | None = sys.stderr,
    max_bytes: int = MAX_BYTES,
    backups: int = BACKUPS,
) -> Path | None:
    """Configure the root logger; return the log file, or None if it cannot be written.

    Calling again replaces what an earlier call installed (handlers of others stay).
    A log directory that cannot be created never stops Beacon: it logs to `stream`
    only and says so once.
    """
    root = logging.getLogger()
    with _lock:
        for handler in _installed:
            root.removeHandler(handler)
            handler.close()
        _installed.clear()
        root.setLevel(logging.DEBUG if verbose else logging.INFO)
        formatter = TerminalFormatter(FORMAT)  # the file is read on terminals too (tail -f)
        log_file: Path | None = None
        problem = ""
        target = directory if directory is not None else log_dir()
        try:
            target.mkdir(parents=True, exist_ok=True, mode=0o700)
            log_file = target / LOG_FILE
            handler: logging.Handler = _PrivateRotatingFileHandler(
                log_file, maxBytes=max_bytes, backupCount=backups, encoding="utf-8"
            )
            handler.setFormatter(formatter)
            handler.setLevel(logging.DEBUG if verbose else logging.INFO)
            _add(root, handler)
        except OSError as exc:
            log_file = None
            problem = f"cannot write logs to {target} ({exc.strerror or exc}); logging to the console only"
        if stream is not None:
            console = logging.StreamHandler(stream)
            console.setFormatter(formatter)
            console.setLevel(logging.INFO if verbose else logging.WARNING)
            _add(root, console)
        for name in CHATTY:
            logging.getLogger(name).setLevel(logging.INFO if name == "asyncio" else logging.WARNING)
    if problem:
        logging.getLogger(__name__).warning("%s", problem)
    _hook_uncaught()
    return log_file


def _add(root: logging.Logger, handler: logging.Handler) -> None:
    root.addHandler(handler)
    _installed.append(handler)


def _hook_uncaught() -> None:
    """Uncaught exceptions (ours: BugError and worse) reach the log with their traceback."""
    logger = logging.getLogger("beacon.uncaught")
    previous = sys.excepthook
    if getattr(previous, "_beacon", False):
        return

    def excepthook(kind, value, tb):
        if not issubclass(kind, KeyboardInterrupt):
            logger.critical("uncaught exception", exc_info=(kind, value, tb))
        previous(kind, value, tb)

    excepthook._beacon = True  # type: ignore[attr-defined]
    sys.excepthook = excepthook

    previous_thread_hook = threading.excepthook
    if getattr(previous_thread_hook, "_beacon", False):
        return

    def thread_hook(args):
        if args.exc_type is not SystemExit:
            logger.critical(
                "uncaught exception in thread %s", getattr(args.thread, "name", "?"),
                exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
            )
        previous_thread_hook(args)

    thread_hook._beacon = True  # type: ignore[attr-defined]
    threading.excepthook = thread_hook


def shutdown() -> None:
    """Flush and close what `setup` installed (tests; the end of a run)."""
    root = logging.getLogger()
    with _lock:
        for handler in _installed:
            root.removeHandler(handler)
            handler.close()
        _installed.clear()
