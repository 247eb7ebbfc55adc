"""Holes: the parts of a page that belong to one visitor, filled in on the way out.

A shared page (see pagecache.cache) is rendered once for everybody, as an anonymous visitor sees it.
Where a visitor's own state shows (the account menu, their shelf, their like on a review, their
unread posts), the template leaves a hole: `{% hole "review_actions" review.pk review.reviewer_id %}`
prints a marker, and HoleFillingMiddleware replaces every marker in a response with what this visitor
should see there. Each kind of hole is filled by one function, once per response, for all its
markers together: a page with thirty reviews asks the database about likes once, not thirty times.

Markers carry a nonce derived from SECRET_KEY, and their arguments are percent-encoded, so text
written by members can neither forge one nor end one early.
"""

import re
from urllib.parse import quote, unquote

from django.template import RequestContext
from django.template.loader import get_template
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe

FILLERS = {}
_NONCE = SimpleLazyObject(lambda: salted_hmac("pagecache.holes", "marker").hexdigest()[:16])


def filler(name):
    """Register fill(request, holes) for holes called name.

    holes is a list of argument tuples (strings); fill returns {arguments: html}. Missing keys
    leave the hole empty, which is what anonymous visitors mostly see.
    """

    def register(fill):
        FILLERS[name] = fill
        return fill

    return register


def marker(name, args):
    if name not in FILLERS:
        raise ValueError(f"No filler for the hole {name!r}: register one with pagecache.holes.filler.")
    # Percent-encoded, "-" too, so that no argument can hold ":", "-->" or anything but the marker's own.
    encoded = "".join(":" + quote(str(arg), safe="").replace("-", "%2D") for arg in args)
    return mark_safe(f"<!--hole:{_NONCE}:{name}{encoded}-->")


def _pattern():
    return re.compile(rf"<!--hole:{_NONCE}:(\w+)((?::[^:\s>-]*)*)-->")


def fill(request, html):
    """html with every hole filled for this request."""
    if f"<!--hole:{_NONCE}:" not in html:
        return html
    pattern = _pattern()
    wanted = {}
    for match in pattern.finditer(html):
        wanted.setdefault(match.group(1), {})[_args(match.group(2))] = None
    filled = {name: FILLERS[name](request, list(holes)) for name, holes in wanted.items()}
    return pattern.sub(lambda match: filled[match.group(1)].get(_args(match.group(2)), ""), html)


def _args(encoded):
    return tuple(unquote(arg) for arg in encoded.split(":")[1:])


def render_each(request, template_name, contexts):
    """One small template rendered for each of many holes, with one RequestContext: the context
    processors run once, not once per hole."""
    template = get_template(template_name).template
    context = RequestContext(request)
    with context.bind_template(template):
        rendered = []
        for extra in contexts:
            with context.push(extra):
                rendered.append(template.render(context))
    return rendered
