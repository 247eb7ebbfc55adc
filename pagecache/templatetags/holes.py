from django import template

from pagecache.holes import marker

register = template.Library()


@register.simple_tag
def hole(name, *args):
    """Leave a hole for the visitor's own part of the page: {% hole "shelf_buttons" book.pk book.slug %}."""
    return marker(name, args)
