"""A site where a relation to a book, edition, author or series has no merge step does not start."""

from django.core import checks

from .merging import unhandled


@checks.register()
def every_relation_to_the_catalogue_merges(app_configs, **kwargs):
    return [
        checks.Error(
            f"{relation} points into the catalogue and no merge step moves it: a merge would delete its rows.",
            hint="Register a step with catalogue.merging.merge_step in the app that owns it.",
            id="catalogue.E001",
        )
        for relation in unhandled()
    ]
