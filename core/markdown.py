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
from django.utils.html import escape, strip_tags
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


LEAD_CHARACTERS = 700
# The end of a top-level block in rendered HTML: where a long text may be cut.
_BLOCK_END = re.compile(r"(?:(?<=</p>)|(?<=</ul>)|(?<=</ol>)|(?<=</pre>)|(?<=<hr>)|(?<=</blockquote>))\n")


def paragraphs_as_html(text):
    """Plain text (imported reviews, descriptions, bios from sources) as escaped HTML paragraphs."""
    paragraphs = [part.strip() for part in (text or "").split("\n\n") if part.strip()]
    return mark_safe("\n".join(f"<p>{escape(part).replace(chr(10), '<br>')}</p>" for part in paragraphs))


def lead_and_rest(html, limit=LEAD_CHARACTERS):
    """(lead, rest) of rendered HTML, cut between top-level blocks once the lead holds about limit
    characters of text, so that a long text shows its start and a "…more" (no JavaScript); (html, "")
    when it is short, or when what would be left is a mere line."""
    blocks = _BLOCK_END.split(html or "")
    length = 0
    for at, block in enumerate(blocks[:-1]):
        length += len(strip_tags(block))
        if length >= limit and len(strip_tags("".join(blocks[at + 1 :]))) > limit // 4:
            return mark_safe("\n".join(blocks[: at + 1])), mark_safe("\n".join(blocks[at + 1 :]))
    return mark_safe(html or ""), ""


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
