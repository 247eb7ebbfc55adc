"""Members' text to HTML: Markdown for paragraphs, emphasis, links and quotes, sanitised by nh3.

One renderer for every kind of member text (reviews, comments and, later, discussion posts).
Raw HTML typed by a member is shown as text, never interpreted; nh3 then keeps only the tags
and attributes below, whatever Markdown produced.
"""

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {"p", "br", "em", "strong", "a", "blockquote", "ul", "ol", "li", "code", "pre", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener noreferrer"


def _markdown():
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")  # raw HTML blocks become text
    md.inlinePatterns.deregister("html")  # and so do inline tags
    return md


def render_markdown(text):
    """Safe HTML for a member's Markdown text."""
    html = _markdown().convert(text or "")
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel=LINK_REL,
        )
    )
