from django import template

from books.languages import language_datalist

register = template.Library()


@register.simple_tag
def language_names():
    """The page's list of language names, which its language fields offer as a member types."""
    return language_datalist()
