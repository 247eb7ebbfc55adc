"""Fill the rating figures books now store (books 0003) from the histograms and members' ratings.

The count is reviews.ratings' written again on purpose: a migration must keep working with the
historical models however that module changes later.
"""

from django.db import migrations
from django.db.models import Count

STARS = (5, 4, 3, 2, 1)


def fill(apps, schema_editor):
    Book = apps.get_model("books", "Book")
    RatingHistogram = apps.get_model("reviews", "RatingHistogram")
    Review = apps.get_model("reviews", "Review")
    counts = {pk: dict.fromkeys(STARS, 0) for pk in Book.objects.values_list("pk", flat=True)}
    for row in RatingHistogram.objects.values("book_id", *(f"stars_{star}" for star in STARS)):
        for star in STARS:
            counts[row["book_id"]][star] += row[f"stars_{star}"]
    member_ratings = (
        Review.objects.filter(source="member", is_hidden=False, rating__isnull=False)
        .values("book_id", "rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in member_ratings:
        counts[row["book_id"]][row["rating"]] += row["n"]
    books = []
    for pk, per_star in counts.items():
        total = sum(per_star.values())
        book = Book(pk=pk, rating_count=total)
        book.rating_average = sum(star * n for star, n in per_star.items()) / total if total else None
        for star, n in per_star.items():
            setattr(book, f"ratings_{star}", n)
        books.append(book)
    fields = [*(f"ratings_{star}" for star in STARS), "rating_count", "rating_average"]
    Book.objects.bulk_update(books, fields, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("books", "0003_book_rating_figures"),
        ("reviews", "0004_moderation_hiding"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
