from desktop.domain.terminal import safe


def test_escapes_controls_newlines_and_bidi():
    out = safe("hi\x1b]0;pwned\x07\x1b[2J\r\nnext\x9b\x7f\u202e\u2066\u200f\u061c")
    assert "\x1b" not in out and "\x07" not in out and "\r" not in out and "\n" not in out
    assert "\x9b" not in out and "\x7f" not in out and "\u202e" not in out
    assert "<U+001B>" in out and "<U+202E>" in out and "\\n" in out


def test_plain_text_unchanged():
    assert safe("héllo wörld 📌") == "héllo wörld 📌"
