from django.contrib.messages import get_messages
from django.template.loader import render_to_string

from .holes import filler


@filler("messages")
def messages(request, holes):
    """This visitor's flash messages ("Your review is saved"), read once shown."""
    shown = list(get_messages(request))
    if not shown:
        return {}
    return dict.fromkeys(holes, render_to_string("_messages.html", {"messages": shown}, request))
