from django import template

from reviews.forms import ReviewForm

register = template.Library()


@register.inclusion_tag("reviews/_review_form.html", takes_context=True)
def review_form(context, book, review):
    """The rate-and-review form for the member's own review (None for a first one). No queries."""
    return {
        "form": ReviewForm.for_review(review),
        "book": book,
        "review": review,
    }
