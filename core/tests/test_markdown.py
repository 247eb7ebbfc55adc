import time

import pytest

from core.markdown import render_markdown


def test_markdown_paragraphs_emphasis_links_quotes():
    html = render_markdown("Hello *world* and **bold**\n\n> quoted\n\n[a link](https://example.com)")
    assert html == (
        "<p>Hello <em>world</em> and <strong>bold</strong></p>\n<blockquote>\n<p>quoted</p>\n</blockquote>\n"
        '<p><a href="https://example.com" rel="nofollow ugc noopener noreferrer">a link</a></p>'
    )


def test_raw_html_is_shown_as_text_never_interpreted():
    assert render_markdown("<script>alert(1)</script> <b>x</b>") == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;x&lt;/b&gt;</p>"
    )
    assert render_markdown("<img src=x onerror=alert(1)>") == "<p>&lt;img src=x onerror=alert(1)&gt;</p>"


def test_dangerous_links_lose_their_target():
    """They stay as the text that was typed, never a link."""
    for target in ("javascript:alert(1)", "data:text/html,hi", "vbscript:x", "JaVaScRiPt:alert(1)"):
        html = render_markdown(f"[x]({target})")
        assert "<a" not in html and "href" not in html, target
    assert "<img" not in render_markdown("![alt](https://example.com/x.png)")


def test_inline_spoilers_hold_markdown_and_need_both_marks():
    assert render_markdown("a ||*b* c|| d") == (
        '<p>a <span class="inline-spoiler" tabindex="0" title="Spoiler: click to show"><em>b</em> c</span> d</p>'
    )
    assert render_markdown("a || b") == "<p>a || b</p>"
    assert render_markdown("||||") == "<p>||||</p>"


@pytest.mark.parametrize(
    "text",
    [
        "[" * 20_000,  # Python-Markdown took 22 s over 10,000 of these
        "![" * 10_000,
        "[a](" * 5_000,
        "*" * 20_000,
        "_a" * 10_000,
        "`" * 20_000,
        "<" * 20_000,
        "&" * 20_000,
        "||" * 10_000,
        "> " * 10_000,
        "- " * 10_000,
        "[*_`|" * 4_000,
    ],
)
def test_no_text_holds_the_renderer(text):
    """A member's text is rendered in time linear in its length: 20,000 characters well under a second."""
    started = time.process_time()
    render_markdown(text)
    assert time.process_time() - started < 1
