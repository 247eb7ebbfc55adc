"""Holes and choices: markers nobody can forge, arguments that survive any text, one filler call per kind."""

import pytest
from django.template import TemplateSyntaxError, engines
from django.test import RequestFactory

from pagecache import holes

pytestmark = pytest.mark.django_db
calls = []


@holes.filler("test_echo")
def echo(request, found):
    calls.append(found)
    return {args: "[" + "|".join(args) + "]" for args in found}


@holes.filler("test_pick")
def pick(request, found):
    return {args: args[0] for args in found}


def render(source, **context):
    return engines["django"].from_string("{% load holes %}" + source).render(context)


def visitor_request():
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    return request


def test_arguments_of_any_text_round_trip():
    calls.clear()
    awkward = 'a-b:c --> <!--hole: "q" 42'
    html = render('<p>{% hole "test_echo" 1 text %}</p><p>{% hole "test_echo" 1 text %}</p>', text=awkward)
    assert html.count("-->") == 2 and html.count("<!--") == 2  # the text cannot end a marker early
    filled = holes.fill(visitor_request(), html)
    assert filled == f"<p>[1|{awkward}]</p><p>[1|{awkward}]</p>"
    assert calls == [[("1", awkward)]]  # once per kind, each distinct hole once


def test_choices_keep_only_the_picked_option_and_fill_holes_inside_it():
    source = (
        '{% choice "test_pick" which %}{% option "a" %}A{% hole "test_echo" "in-a" %}{% endoption %}'
        '{% option "b" %}B{% endoption %}{% endchoice %}'
    )
    assert holes.fill(visitor_request(), render(source, which="a")) == "A[in-a]"
    assert holes.fill(visitor_request(), render(source, which="b")) == "B"
    assert holes.fill(visitor_request(), render(source, which="c")) == ""


def test_many_choices_cost_one_call_and_options_not_picked_are_never_asked_about():
    calls.clear()
    source = (
        '<ul>{% for which in picks %}<li>{% choice "test_pick" which %}'
        '{% option "a" %}A{% hole "test_echo" "in-a" %}{% endoption %}'
        '{% option "b" %}B{% hole "test_echo" "in-b" %}{% endoption %}{% endchoice %}</li>{% endfor %}</ul>'
    )
    html = render(source, picks=["a", "b", "a", "x"])
    assert holes.fill(visitor_request(), html) == "<ul><li>A[in-a]</li><li>B[in-b]</li><li>A[in-a]</li><li></li></ul>"
    assert calls == [[("in-a",), ("in-b",)]]
    calls.clear()
    holes.fill(visitor_request(), render(source, picks=["b"]))
    assert calls == [[("in-b",)]]


def test_text_that_looks_like_a_marker_stays_text():
    forged = "<!--hole:0000000000000000:test_echo:1-->"
    html = render("{{ text }}|{{ raw|safe }}", text=forged, raw=forged)
    assert holes.fill(visitor_request(), html) == html  # escaped, and the nonce is wrong anyway


def test_unknown_holes_and_bad_choices_fail_loudly():
    with pytest.raises(ValueError, match="No filler for the hole 'nope'"):
        render('{% hole "nope" %}')
    with pytest.raises(TemplateSyntaxError, match="quoted name"):
        render('{% choice "test_pick" %}{% option a %}{% endoption %}{% endchoice %}')
