"""Every book's edition fields (the seed's "330 pages, Hardcover", an import's ISBNs) become its first
edition, which becomes its main edition; the book keeps its cover. Nothing else changes: every count,
page and address stays as it was."""

from django.db import migrations

# As books.models.format_of read source names of formats when this ran.
FORMAT_WORDS = [
    (("audio", "audible", "mp3"), "audiobook"),
    (("kindle", "ebook", "e-book", "nook", "epub", "digital"), "ebook"),
    (("paperback", "softcover", "mass market", "trade paper"), "paperback"),
    (("hardcover", "hardback", "hard cover", "library binding"), "hardcover"),
]


def format_of(text):
    lowered = (text or "").casefold()
    if not lowered.strip():
        return ""
    return next((value for words, value in FORMAT_WORDS if any(word in lowered for word in words)), "other")


def make_first_editions(apps, schema_editor):
    Book = apps.get_model("books", "Book")
    Edition = apps.get_model("books", "Edition")
    seen_isbns = set()
    batch = []

    def flush():
        Edition.objects.bulk_create(batch)
        for edition in Edition.objects.filter(book_id__in=[e.book_id for e in batch]).only("pk", "book_id"):
            Book.objects.filter(pk=edition.book_id).update(main_edition_id=edition.pk)
        batch.clear()

    books = Book.objects.order_by("pk").values(
        "pk", "slug", "pages", "format", "isbn13", "isbn10", "cover", "source_review_count"
    )
    for book in books.iterator(chunk_size=2000):
        isbn13 = book["isbn13"] or ""
        # One edition per ISBN: a second book carrying the same number keeps its edition without it.
        if isbn13 in seen_isbns:
            isbn13 = ""
        seen_isbns.add(isbn13)
        batch.append(
            Edition(
                book_id=book["pk"],
                format=format_of(book["format"]),
                format_detail=book["format"] or "",
                isbn13=isbn13,
                isbn10=book["isbn10"] or "",
                pages=book["pages"] or None,
                cover=book["cover"] or "",
                # A book from a source page (the seed fixture) names its edition so that loading the
                # fixture again finds it.
                import_key=f"goodreads:{book['slug']}" if book["source_review_count"] is not None else "",
            )
        )
        if len(batch) >= 2000:
            flush()
    if batch:
        flush()


def put_edition_fields_back(apps, schema_editor):
    Book = apps.get_model("books", "Book")
    for book in Book.objects.exclude(main_edition=None).select_related("main_edition"):
        edition = book.main_edition
        Book.objects.filter(pk=book.pk).update(
            pages=edition.pages,
            format=edition.format_detail,
            isbn13=edition.isbn13,
            isbn10=edition.isbn10,
        )


class Migration(migrations.Migration):
    dependencies = [("books", "0007_editions")]

    operations = [migrations.RunPython(make_first_editions, put_edition_fields_back)]
