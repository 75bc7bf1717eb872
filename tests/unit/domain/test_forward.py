"""The text of a forwarded message (desktop.domain.forward)."""

from __future__ import annotations

from desktop.domain.forward import escape, forwarded_text

LINK = "beacon://message/C1/42"


def test_quote_has_the_comment_the_author_the_place_and_a_link_back():
    text = forwarded_text("Release is at 15:00.\n\nBring laptops.", author="李伟", where="#general",
                          link=LINK, comment="FYI team")
    assert text == (
        "FYI team\n\n"
        "> **李伟** in \\#general:\\\n"
        "> Release is at 15:00.\n"
        ">\n"
        "> Bring laptops.\n"
        ">\n"
        "> [View original](beacon://message/C1/42)"
    )


def test_translated_heading_and_no_comment():
    text = forwarded_text("好的", author="Bob", where="产品讨论", link=LINK, heading="%1 在 %2：", view="查看原消息")
    assert text.splitlines() == ["> **Bob** 在 产品讨论：\\", "> 好的", ">", "> [查看原消息](beacon://message/C1/42)"]


def test_names_cannot_become_markup_or_links():
    evil = "[click](https://evil.example) **x**\n# heading"
    assert escape(evil) == r"\[click\]\(https://evil\.example\) \*\*x\*\* \# heading"
    text = forwarded_text("hi", author=evil, where="#a_b", link=LINK)
    head = text.splitlines()[0]
    assert "](https://evil" not in head and r"\#a\_b" in head and "\n" not in head


def test_long_messages_are_cut_to_the_protocol_limit():
    original = "\n".join(f"line {i} " + "x" * 200 for i in range(200))  # ~41,000 characters
    text = forwarded_text(original, author="Bob", where="#general", link=LINK, comment="c" * 20_000, limit=16_000)
    assert len(text) <= 16_000
    assert text.endswith("> [View original](beacon://message/C1/42)")
    assert "…" in text and text.startswith("c" * 8_000)  # the comment keeps at most half
    assert all(line.startswith(">") for line in text.split("\n\n", 1)[1].splitlines())


def test_every_line_of_the_original_stays_inside_the_quote():
    original = "```\ncode\n```\n- item\n> already quoted"
    body = forwarded_text(original, author="a", where="#b", link=LINK).splitlines()[1:-2]
    assert body == ["> ```", "> code", "> ```", "> - item", "> > already quoted"]
