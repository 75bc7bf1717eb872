"""Hostile message text renders as text; links open only http(s), only after asking."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMessageBox

from desktop.ui.markdown import link_is_safe, render
from desktop.ui.views.links import open_link


def test_html_is_shown_as_text_not_interpreted(qapp):
    doc = render('<img src=x onerror="alert(1)"> <script>alert(2)</script> <b>bold?</b>')
    text = doc.toPlainText()
    assert '<img src=x onerror="alert(1)">' in text
    assert "<script>alert(2)</script>" in text
    assert "<b>bold?</b>" in text


def test_no_resource_is_ever_loaded(qapp):
    doc = render("![secret](file:///etc/passwd) ![tracker](https://evil.example/pixel.png)")
    text = doc.toPlainText()
    assert "[image: file:///etc/passwd]" in text and "[image: https://evil.example/pixel.png]" in text
    assert "\ufffc" not in text  # no image object left in the document


def _has_image(doc) -> bool:
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            if it.fragment().charFormat().isImageFormat():
                return True
            it += 1
        block = block.next()
    return False


def test_every_way_of_writing_an_image_is_caught(qapp):
    """render() walks a document for images only when its text has "![": the other
    spellings (entities, HTML, escapes) must not make one either."""
    caught = ["![a](file:///x)", "![a][r]\n\n[r]: file:///x", "![r]\n\n[r]: file:///x", "**![a](file:///x)**"]
    for text in caught:
        doc = render(text)
        assert not _has_image(doc) and "[image: file:///x]" in doc.toPlainText(), text
    for text in ["&#33;[a](file:///x)", "&excl;[a](file:///x)", "<img src='file:///x'>", "!\\[a](file:///x)",
                 "![a](file:///x)".replace("!", "!\u200b"), "[![a](file:///x)](https://e.example)"[1:]]:
        assert not _has_image(render(text)), text


def test_bidi_override_is_made_visible(qapp):
    doc = render("invoice\u202egpj.exe")
    assert doc.toPlainText() == "invoice⟨U+202E⟩gpj.exe"


def test_markdown_still_works(qapp):
    doc = render("**bold** and `code` and [site](https://example.com)")
    assert doc.toPlainText() == "bold and code and site"
    assert 'href="https://example.com"' in doc.toHtml()


def test_only_http_links_are_safe():
    for bad in ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,hi", "beacon://x", "smb://host/share", "https://"]:
        assert not link_is_safe(QUrl(bad)), bad
    assert link_is_safe(QUrl("https://example.com/a?b=c"))


def test_dangerous_links_are_refused_without_opening(qtbot, monkeypatch):
    warned, opened = [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    for bad in ["javascript:alert(1)", "file:///etc/passwd"]:
        assert open_link(None, QUrl(bad), confirm=lambda *a: True, opener=opened.append) is False
    assert opened == [] and len(warned) == 2 and "javascript:alert(1)" in warned[0]


def test_web_links_open_only_after_the_user_sees_the_real_target(qtbot):
    asked, opened = [], []
    url = QUrl("https://example.com/login?next=%2Fhome")

    def confirm(title, text):
        asked.append(text)
        return False

    assert open_link(None, url, confirm=confirm, opener=opened.append) is False
    assert "https://example.com/login?next=%2Fhome" in asked[0] and opened == []
    assert open_link(None, url, confirm=lambda *a: True, opener=opened.append) is True
    assert opened == [url]
