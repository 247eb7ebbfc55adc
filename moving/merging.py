"""A merge of two books moves the members' import matches: a later import of the same library then
finds the kept book. A member who imported both keeps the later match."""

from catalogue.merging import merge_step, on_both

from .models import ImportedBook


@merge_step("moving.ImportedBook.book")
def move_import_matches(*, keep, gone, report):
    for user_id in on_both(ImportedBook.objects.all(), "user", keep=keep, gone=gone):
        older = (
            ImportedBook.objects.filter(book__in=[keep, gone], user_id=user_id).order_by("imported_at", "pk").first()
        )
        older.delete()
    report.count("import matches", ImportedBook.objects.filter(book=gone).update(book=keep))
