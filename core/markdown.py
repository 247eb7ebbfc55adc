"""Members' text to HTML: Markdown for paragraphs, emphasis, links and quotes, sanitised by nh3.

One renderer for every kind of member text (reviews, comments and, later, discussion posts).
Raw HTML typed by a member is shown as text, never interpreted; nh3 then keeps only the tags
and attributes below, whatever Markdown produced.
"""

import xml.etree.ElementTree as etree

import markdown
import nh3
from django.utils.safestring import mark_safe
from markdown.inlinepatterns import InlineProcessor

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "blockquote", "ul", "ol", "li", "code", "pre", "hr", "span"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"tabindex", "title"}}  # class: ALLOWED_CLASSES
ALLOWED_CLASSES = {"span": {"inline-spoiler"}}
INLINE_SPOILER = r"\|\|(.+?)\|\|"


class InlineSpoiler(InlineProcessor):
    """||text|| -> a span the stylesheet hides until it is clicked or focused (no JavaScript)."""

    def handleMatch(self, match, data):
        span = etree.Element("span", {"class": "inline-spoiler", "tabindex": "0", "title": "Spoiler: click to show"})
        span.text = match.group(1)
        return span, match.start(0), match.end(0)


URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"


def _markdown():
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")  # raw HTML blocks become text
    md.inlinePatterns.deregister("html")  # and so do inline tags
    md.inlinePatterns.register(InlineSpoiler(INLINE_SPOILER, md), "inline_spoiler", 175)
    return md


def render_markdown(text):
    """Safe HTML for a member's Markdown text."""
    html = _markdown().convert(text or "")
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            allowed_classes=ALLOWED_CLASSES,
            url_schemes=URL_SCHEMES,
            link_rel=LINK_REL,
        )
    )


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
