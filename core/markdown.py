"""Members' text to HTML: CommonMark (markdown-it-py) for paragraphs, emphasis, links, lists and
quotes, then sanitised by nh3.

One renderer for every kind of member text (reviews, comments, posts, bios). Its time is linear in
its input, so no text a member types can hold a worker (Python-Markdown's inline links were about
quadratic on unmatched brackets: 10,000 of them took 22 s). Raw HTML typed by a member is shown as
text, never interpreted; images are not rendered; nh3 then keeps only the tags and attributes below,
whatever the parser produced. ||Inline spoilers|| become a span the stylesheet hides until it is
clicked or focused (no JavaScript).
"""

import re

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "blockquote", "ul", "ol", "li", "code", "pre", "hr", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "span": {"tabindex", "title"}}
ALLOWED_CLASSES = {"span": {"inline-spoiler"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"
SPOILER_MARK = "||"
SPOILER_TITLE = "Spoiler: click to show"


def _inline_spoiler(state, silent):
    """||text|| (text parsed as inline Markdown too), up to the next || on the same paragraph."""
    start = state.pos
    if not state.src.startswith(SPOILER_MARK, start):
        return False
    end = state.src.find(SPOILER_MARK, start + 2, state.posMax)
    if end == -1 or end == start + 2:
        return False
    if not silent:
        opening = state.push("spoiler_open", "span", 1)
        opening.attrs = {"class": "inline-spoiler", "tabindex": "0", "title": SPOILER_TITLE}
        outer_max, state.pos, state.posMax = state.posMax, start + 2, end
        state.md.inline.tokenize(state)
        state.posMax = outer_max
        state.push("spoiler_close", "span", -1)
    state.pos = end + 2
    return True


def _parser():
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.inline.ruler.before("emphasis", "inline_spoiler", _inline_spoiler)
    md.inline.add_terminator_char("|")  # so that plain text stops where a spoiler may start
    return md


_MARKDOWN = _parser()


def render_markdown(text):
    """Safe HTML for a member's Markdown text."""
    html = _MARKDOWN.render(text or "")
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            allowed_classes=ALLOWED_CLASSES,
            url_schemes=URL_SCHEMES,
            link_rel=LINK_REL,
        ).strip()
    )


_SPOILER_SPAN = re.compile(r'<span class="inline-spoiler"[^>]*>.*?</span>', re.DOTALL)
HIDDEN_SPOILER = "[spoiler]"


def hide_spoilers(html):
    """Rendered HTML with each inline spoiler's text taken out: for feeds, structured data and teasers,
    where no reader chose to open it."""
    return mark_safe(_SPOILER_SPAN.sub(HIDDEN_SPOILER, html)) if html else html


def render_on_save(row, save_kwargs, rendered=True, source="body", html="body_html"):
    """Make row's HTML from its Markdown as it is saved (call it from save()), so that every write
    path, a member's form or a moderator's admin, shows the same text. save_kwargs: save()'s own."""
    update_fields = save_kwargs.get("update_fields")
    if update_fields is not None and source not in update_fields:
        return
    text = getattr(row, source)
    setattr(row, html, render_markdown(text) if rendered and text else "")
    if update_fields is not None:
        save_kwargs["update_fields"] = {*update_fields, html}
