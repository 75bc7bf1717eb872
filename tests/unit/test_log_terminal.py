"""Log lines (console and file) cannot drive the terminal: relay-supplied text in them is made visible."""

from __future__ import annotations

import io
import logging

from desktop import logsetup


def test_console_log_lines_escape_control_and_bidi_characters(tmp_path):
    stream = io.StringIO()
    logsetup.setup(directory=tmp_path / "logs", stream=stream)
    try:
        log = logging.getLogger("beacon.test")
        log.warning("relay error: %s %s", "internal", "disk \x1b]0;pwned\x07 full\r\u202eevil")
        try:
            raise ValueError("boom")
        except ValueError:
            log.error("with a traceback \x1b[2J", exc_info=True)
    finally:
        logsetup.shutdown()
    out = stream.getvalue()
    assert "disk <U+001B>]0;pwned<U+0007> full<U+000D><U+202E>evil" in out
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out
    assert "with a traceback <U+001B>[2J\nTraceback (most recent call last):\n" in out  # its lines kept
    # The log file is read on terminals too (tail -f): the same there.
    logged = (tmp_path / "logs" / "beacon.log").read_text("utf-8")
    assert "disk <U+001B>]0;pwned" in logged and "\x1b" not in logged
