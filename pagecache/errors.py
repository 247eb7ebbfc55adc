"""What the page cache says when it is misused: loudly, so that no one's page reaches another."""


class PageNotStored(UserWarning):
    """A shared page came out in a form no one else may be given: a per-visitor part outside the holes.

    The tests turn it into a failure (pyproject.toml); in development it is printed once."""


class NestedChoice(ValueError):
    """A {% choice %} inside another choice's option, which would end the outer choice early."""
