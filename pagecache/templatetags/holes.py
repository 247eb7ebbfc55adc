from django import template
from django.utils.safestring import mark_safe

from pagecache import cards as card_cache
from pagecache.holes import choice_markers, hole_marker

register = template.Library()


@register.simple_tag
def hole(name, *args):
    """Leave a hole the visitor's part is rendered into: {% hole "account_nav" %}."""
    return hole_marker(name, args)


class ChoiceNode(template.Node):
    def __init__(self, name, args, options):
        self.name, self.args, self.options = name, args, options

    def render(self, context):
        options = {option: nodelist.render(context) for option, nodelist in self.options}
        return choice_markers(self.name.resolve(context), [arg.resolve(context) for arg in self.args], options)


@register.tag
def choice(parser, token):
    """Render every option once, for the filler to pick one per visitor:

    {% choice "viewer" post.author_id %}
      {% option "author" %}Edit{% endoption %}
      {% option "member" %}Report{% endoption %}
    {% endchoice %}
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% choice %} needs the name of its filler.")
    name, args = parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]]
    options = []
    while True:
        parser.parse(("option", "endchoice"))  # text between options is dropped
        token = parser.next_token()
        if token.contents == "endchoice":
            break
        option = token.split_contents()
        if len(option) != 2 or option[1][0] not in "\"'":
            raise template.TemplateSyntaxError('{% option %} takes a quoted name: {% option "member" %}.')
        options.append((option[1][1:-1], parser.parse(("endoption",))))
        parser.delete_first_token()
    return ChoiceNode(name, args, options)


class CardsNode(template.Node):
    def __init__(self, rows, name, keys, nodelist):
        self.rows, self.name, self.keys, self.nodelist = rows, name, keys, nodelist

    def render(self, context):
        def render_one(row):
            with context.push(**{self.name: row}):
                return self.nodelist.render(context)

        request = context.get("request")
        place = (self.origin.name, self.token.position)
        address = request.get_full_path() if request is not None else ""
        keys = [key.resolve(context) for key in self.keys]
        return mark_safe("".join(card_cache.render(self.rows.resolve(context) or (), render_one, place, address, keys)))


@register.tag
def cards(parser, token):
    """Each row's card, kept in the cache under what it shows (pagecache.cards):

    {% cards reviews as review %}{% include "reviews/_review.html" %}{% endcards %}
    {% cards posts as post key thread.is_locked %}...{% endcards %}
    """
    bits = token.split_contents()
    if len(bits) < 4 or bits[2] != "as" or (len(bits) > 4 and bits[4] != "key") or len(bits) == 5:
        raise template.TemplateSyntaxError("{% cards rows as row %} or {% cards rows as row key value... %}.")
    nodelist = parser.parse(("endcards",))
    parser.delete_first_token()
    keys = [parser.compile_filter(bit) for bit in bits[5:]]
    return CardsNode(parser.compile_filter(bits[1]), bits[3], keys, nodelist)
