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
    assert 'href="javascript' not in render_markdown("[x](javascript:alert(1))")
    assert "data:" not in render_markdown("[x](data:text/html,hi)")
    assert "<img" not in render_markdown("![alt](https://example.com/x.png)")
