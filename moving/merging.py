"""A merge of two books moves the members' import matches: a later import of the same library then
finds the kept book. A member who imported both keeps the later match."""

from django.db.models import Count

from catalogue.merging import merge_step

from .models import ImportedBook


@merge_step("moving.ImportedBook.book")
def move_import_matches(*, keep, gone, report):
    both = (
        ImportedBook.objects.filter(book__in=[keep, gone])
        .values("user")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("user", flat=True)
    )
    for user_id in list(both):
        older = (
            ImportedBook.objects.filter(book__in=[keep, gone], user_id=user_id).order_by("imported_at", "pk").first()
        )
        older.delete()
    report.count("import matches", ImportedBook.objects.filter(book=gone).update(book=keep))
