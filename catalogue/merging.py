"""What a merge does with every row that points at the row merged away.

Merging two books (authors, series) moves everything to the one kept. Each app knows its own rows and
its own rule for a member who has a row on both (two reviews, two shelf entries, two nominations in
one round), so each registers a step for the relations it owns:

    @merge_step("reviews.Review.book", "reviews.RatingHistogram.book")
    def move_reviews(*, keep, gone, report): ...

A step moves its rows from gone to keep, and says on report what it combined. The merge then checks
that no row points at gone any more before deleting it (nothing is lost to a cascade), and
catalogue.checks refuses to start a site where a relation to a book, edition, author or series has no
step: a new model pointing at a book must say what a merge does with it.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count

# {"app.Model.field": step}; the steps run in the order they were registered.
STEPS = {}
# The catalogue's own relations, which catalogue.services moves itself in its merges.
MOVED_BY_THE_CATALOGUE = {
    "books.Edition.book",
    "books.BookRedirect.book",
    "books.AuthorRedirect.author",
    "books.SeriesRedirect.series",
    "books.Book.authors",
    "books.Edition.translators",
    "books.Book.series",
    "catalogue.Flag.book",
    "catalogue.Flag.duplicate_of",
    "catalogue.PendingEdit.book",
    "catalogue.Merge.book",
    "catalogue.Merge.author",
    "catalogue.Merge.series",
}
MERGED_MODELS = ("books.Book", "books.Author", "books.Series")


# Told of an edition moved to another book, in its transaction: function(edition=, from_book=, to_book=).
# Apps whose rows name an edition of a book (a member's shelf entry, a club's pick) let go of it there:
# the row stays with its book, and its own figures (pages of, seconds of) still place it.
EDITION_MOVED = []


def on_edition_moved(function):
    EDITION_MOVED.append(function)
    return function


def merge_step(*relations):
    def register(function):
        for relation in relations:
            STEPS[relation] = function
        return function

    return register


@dataclass
class Report:
    """What a merge moved and combined: counts, and a sentence for each member whose rows on both it
    combined (shown in the kept book's history, and told to the member)."""

    moved: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    members: set = field(default_factory=set)  # ids of members whose own rows were combined

    def count(self, what, n):
        if n:
            self.moved[what] = self.moved.get(what, 0) + n

    def note(self, member_id, text):
        self.members.add(member_id)
        self.notes.append(text)

    def as_dict(self):
        return {"moved": self.moved, "notes": self.notes}


def is_history(model):
    """simple_history's copies keep rows as they were: a merge never rewrites what was recorded."""
    return model.__module__ == "simple_history.models" or model.__name__.startswith("Historical")


def relations_to(label):
    """{"app.Model.field": (model, field)} of every foreign key, one-to-one and many-to-many field
    pointing at the model named label, history apart."""
    target = apps.get_model(label)
    found = {}
    for model in apps.get_models(include_auto_created=True):
        if is_history(model) or (model._meta.auto_created and is_history(model._meta.auto_created)):
            continue
        for each in model._meta.get_fields():
            if each.is_relation and each.concrete and each.related_model is target:
                found[f"{model._meta.label}.{each.name}"] = (model, each)
    return found


def unhandled():
    """The relations to merged models that nothing moves: what catalogue.checks reports."""
    missing = []
    for label in MERGED_MODELS:
        for name, (model, _) in relations_to(label).items():
            if model._meta.auto_created:
                continue  # a many-to-many table: its field's model declares it
            if name not in STEPS and name not in MOVED_BY_THE_CATALOGUE:
                missing.append(name)
    return sorted(missing)


def on_both(rows, owner, *, keep, gone, field="book"):
    """The ids of the owners (members, rounds) with a row on keep and one on gone: where a step must choose."""
    both = (
        rows.filter(**{f"{field}__in": [keep, gone]})
        .values(owner)
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list(owner, flat=True)
    )
    return list(both)


def run_steps(*, keep, gone, report):
    """Each app's steps for the relations to keep's model, in the order they were registered."""
    label = keep._meta.label
    names = set(relations_to(label))
    done = set()
    for relation, step in STEPS.items():
        if relation in names and step not in done:
            done.add(step)
            step(keep=keep, gone=gone, report=report)


def left_behind(gone):
    """The relations that still have rows pointing at gone: must be none before it is deleted."""
    left = []
    for name, (model, each) in relations_to(gone._meta.label).items():
        if model._meta.auto_created:
            continue
        if model._default_manager.filter(**{each.name: gone}).exists():
            left.append(name)
    return left
