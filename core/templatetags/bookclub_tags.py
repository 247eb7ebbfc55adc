import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.markdown import lead_and_rest

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the <script> element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data):
    """A schema.org JSON-LD <script> element for data."""
    payload = json.dumps(data, ensure_ascii=False, sort_keys=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.inclusion_tag("_stars.html")
def stars(rating):
    """Filled and empty stars for a 1-5 rating, with a text equivalent for screen readers."""
    rating = int(rating or 0)
    return {"rating": rating, "filled": "★" * rating, "empty": "☆" * (5 - rating)}


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current URL with ?page=number, keeping the other query parameters."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def sort_url(context, sort):
    query = context["request"].GET.copy()
    query["sort"] = sort
    query.pop("page", None)
    return "?" + query.urlencode()


@register.simple_tag(takes_context=True)
def canonical(context, path, page=1):
    """<link rel="canonical"> for path on this site (page 2 on: ?page=N), as search engines want it."""
    url = context["request"].build_absolute_uri(path)
    if page and int(page) > 1:
        url += f"?page={int(page)}"
    return format_html('<link rel="canonical" href="{}">', url)


@register.filter
def colon(value, arg):
    """ "review"|colon:12 is "review:12": a key made of several parts (pagecache.mine)."""
    return f"{value}:{arg}"


@register.filter
def lead(html):
    """(lead, rest) of a long text's HTML (core.markdown.lead_and_rest): see _more.html."""
    return lead_and_rest(html)


@register.simple_tag(takes_context=True)
def query_url(context, **changes):
    """The current URL's query string with some parameters set, or removed (None)."""
    query = context["request"].GET.copy()
    for name, value in changes.items():
        if value is None or value == "":
            query.pop(name, None)
        else:
            query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"
