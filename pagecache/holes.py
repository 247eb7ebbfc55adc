"""Holes: the parts of a page that belong to one visitor, filled in on the way out.

A shared page (see pagecache.cache) is rendered once for everybody, as an anonymous visitor sees it.
Where a visitor's own state shows, the template leaves a hole, and HoleFillingMiddleware fills every
hole of a response for this visitor. Two kinds:

- `{% hole "account_nav" %}`: the filler renders what goes there (the member's name, their review).
- `{% choice "like_button" review.pk review.reviewer_id %}{% option "like" %}...{% endoption %}
  {% option "liked" %}...{% endoption %}{% endchoice %}`: every option is rendered once, with the
  shared page; the filler only names the option this visitor gets (or none). A page of thirty reviews
  then costs a visitor one look at the reviews they liked (accounts.cache.member_rows) and no
  rendering at all.

Each kind of hole is filled by one function, once per response, for all its holes together.
Markers carry a nonce derived from SECRET_KEY, and their arguments are percent-encoded, so text
written by members can neither forge one nor end one early. Options may hold plain holes (the CSRF
token of a form), never other choices: a choice inside an option would end the outer one early and
hand its remaining options to everybody, so rendering one raises. What a filler renders may hold
holes of its own (a member's own review, with its form's CSRF token): they are filled in turn.

A member's own rows (what they liked, shelved, read) are picked by the one generic filler in
pagecache.mine; the fillers here and in the apps render what is not one of a few states.
"""

import functools
import re
from urllib.parse import quote, unquote

from django.contrib.messages import get_messages
from django.middleware.csrf import get_token
from django.template import RequestContext
from django.template.loader import get_template, render_to_string
from django.utils.crypto import salted_hmac
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .errors import NestedChoice

FILLERS = {}
_NONCE = SimpleLazyObject(lambda: salted_hmac("pagecache.holes", "marker").hexdigest()[:16])
_ARGS = r"((?::[^:\s>-]*)*)"


CHECKS = {}
# How many times fill() goes over what fillers rendered, for the holes in it.
_DEPTH = 3


def filler(name, check=None):
    """Register fill(request, holes) for the holes or choices called name.

    holes is a list of argument tuples (strings). For a hole, fill returns {arguments: html}; for a
    choice, {arguments: option name}. Missing keys leave the hole empty. check(arguments), if given,
    is called as each marker is rendered and raises on arguments the filler cannot answer.
    """

    def register(fill):
        FILLERS[name] = fill
        if check is not None:
            CHECKS[name] = check
        return fill

    return register


def nonce():
    return str(_NONCE)


def _encode(name, args):
    if name not in FILLERS:
        raise ValueError(f"No filler for the hole {name!r}: register one with pagecache.holes.filler.")
    if name in CHECKS:
        CHECKS[name](tuple(str(arg) for arg in args))
    # Percent-encoded, "-" too, so that no argument can hold ":", "-->" or anything but the marker's own.
    return name + "".join(":" + quote(str(arg), safe="").replace("-", "%2D") for arg in args)


def hole_marker(name, args):
    return mark_safe(f"<!--hole:{_NONCE}:{_encode(name, args)}-->")


def choice_markers(name, args, options):
    """The markers around a choice's rendered options ({name: html})."""
    inner = f"<!--choice:{_NONCE}:"
    for option, html in options.items():
        if inner in html:
            raise NestedChoice(
                f"A choice ({html[html.index(inner) + len(inner) :].split('-->')[0]}) inside option {option!r} of "
                f"the choice {name!r}: a choice's options may hold holes, never other choices."
            )
    body = "".join(f"<!--option:{_NONCE}:{option}-->{html}" for option, html in options.items())
    return mark_safe(f"<!--choice:{_NONCE}:{_encode(name, args)}-->{body}<!--/choice:{_NONCE}-->")


@functools.cache
def _markers(nonce):
    # Kind, name (an option's too) and arguments of every marker: one pass of re.split over the page.
    return re.compile(rf"<!--(hole|choice|option|/choice):{nonce}(?::(\w+){_ARGS})?-->")


def fill(request, html):
    """html with every choice and hole filled for this request.

    The page is split at its markers once; choices are settled first (one filler call per kind), then
    the holes left in what stays (the options not picked are never asked about).
    """
    for _ in range(_DEPTH):
        if f":{_NONCE}:" not in html:
            return html
        pieces = _markers(str(_NONCE)).split(html)
        parts = _parse(pieces)
        _settle(request, parts, Choice)
        parts = [piece for part in parts for piece in (part.picked if isinstance(part, Choice) else (part,))]
        _settle(request, parts, Hole)
        html = "".join(part if isinstance(part, str) else part.picked for part in parts)
    return html


class Hole:
    __slots__ = ("args", "name", "picked")

    def __init__(self, name, args):
        self.name, self.args, self.picked = name, args, ""


class Choice(Hole):
    __slots__ = ("options",)

    def __init__(self, name, args):
        super().__init__(name, args)
        self.picked, self.options = (), {}


def _parse(pieces):
    """re.split's pieces (text, then kind, name, arguments and text again for each marker) as a list
    of text, Hole and Choice, each Choice with {option: [text and holes]}."""
    parts, choice, option = [pieces[0]], None, None
    for at in range(1, len(pieces), 4):
        kind, name, encoded, text = pieces[at : at + 4]
        if kind == "choice":
            choice = Choice(name, _args(encoded))
            parts.append(choice)
            option = None  # text before the first option is dropped, as the tag drops it
        elif kind == "option" and choice is not None:
            option = choice.options.setdefault(name, [])
        elif kind == "/choice":
            choice = option = None
        # Where what follows goes: the page, the option being read, or nowhere (before a first option).
        into = parts if choice is None else option if option is not None else []
        if kind == "hole":
            into.append(Hole(name, _args(encoded)))
        into.append(text)
    return parts


def _settle(request, parts, kind):
    """Ask each filler once for all the parts of this kind it fills, and keep what it answers."""
    wanted = {}
    for part in parts:
        if type(part) is kind:
            wanted.setdefault(part.name, {})[part.args] = None
    filled = {name: FILLERS[name](request, list(found)) for name, found in wanted.items()}
    for part in parts:
        if type(part) is kind:
            answer = filled[part.name].get(part.args)
            if kind is Choice:
                part.picked = part.options.get(answer, ()) if answer is not None else ()
            else:
                part.picked = answer or ""


@functools.lru_cache(maxsize=4096)
def _args(encoded):
    return tuple(unquote(arg) for arg in (encoded or "").split(":")[1:])


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


def csrf_token(request):
    """This visitor's CSRF token, masked once a request: every form of the page may share it, and
    masking a fresh one costs as much as filling all the page's choices."""
    if not hasattr(request, "pagecache_csrf_token"):
        request.pagecache_csrf_token = get_token(request)
    return request.pagecache_csrf_token


@filler("csrf")
def csrf(request, holes):
    """The CSRF token field of a form in a shared page: this visitor's token."""
    return dict.fromkeys(
        holes, format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', csrf_token(request))
    )


@filler("viewer")
def viewer(request, holes):
    """Who is looking: "visitor", "member", or "author" when the first argument is their own id."""
    if not request.user.is_authenticated:
        return dict.fromkeys(holes, "visitor")
    me = str(request.user.pk)
    return {args: "author" if args and args[0] == me else "member" for args in holes}


@filler("staff")
def staff(request, holes):
    return dict.fromkeys(holes, "staff") if request.user.is_staff else {}


@filler("messages")
def messages(request, holes):
    """This visitor's flash messages ("Your review is saved"), read once shown."""
    shown = list(get_messages(request))
    if not shown:
        return {}
    return dict.fromkeys(holes, render_to_string("_messages.html", {"messages": shown}, request))
