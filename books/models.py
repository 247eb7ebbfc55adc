from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from core.markdown import paragraphs_as_html
from core.text import normalise
from pagecache.tags import Shown, TaggedQuerySet

STARS = (5, 4, 3, 2, 1)
# The tag of the pages that list books with their figures: home, the catalogue, search results.
LISTINGS = "listings"
# What search finds (books.search): books, authors and series as they read, not their figures.
SEARCH = "search"
# Best average first, unrated books (no average: 0) last. An expression, not NULLS LAST, so that the
# book_best_rated index has the same shape on PostgreSQL and SQLite, and sorting is an index scan.
BEST_RATED_ORDER = (Coalesce("rating_average", Value(0.0)).desc(), F("rating_count").desc(), "title")


class SlugManager(models.Manager.from_queryset(TaggedQuerySet)):
    """Natural keys by slug, so fixtures load idempotently without fixed primary keys."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    bio = models.TextField(blank=True)
    source_book_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Number of books the source lists for this author."
    )
    source_follower_count = models.PositiveIntegerField(null=True, blank=True, help_text="Followers on the source.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SlugManager()
    # The pages that show an author: theirs, their books' (about the author), their series', the
    # listings (bylines); a new name or address shows everywhere.
    page_tags = Shown(
        LISTINGS,
        author="slug",
        book="books__slug",
        series="books__series__slug",
        site_when_changed=("name", "slug"),
        when_changed={SEARCH: ("name",)},
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("books:author_detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def bio_paragraphs(self):
        return [p.strip() for p in self.bio.split("\n\n") if p.strip()]

    @property
    def bio_as_html(self):
        return paragraphs_as_html(self.bio)


# The books a series card names (templates/books/_series_card.html).
SERIES_CARD_BOOKS = 5


class SeriesQuerySet(TaggedQuerySet):
    def with_book_count(self):
        """Each series' number of books, counted for the rows asked for only (a subquery per row, after
        any LIMIT), not for every series before choosing some."""
        counted = Book.objects.filter(series=OuterRef("pk")).order_by().values("series").annotate(n=Count("pk"))
        return self.annotate(book_count=Coalesce(Subquery(counted.values("n")), Value(0)))

    def for_cards(self):
        """What a series card shows: the count and the first books in reading order, no more (one query
        for the books of all the cards, a window per series, however long each series is)."""
        first_books = Book.objects.in_reading_order().only("pk", "title", "slug", "series", "series_position")
        return self.with_book_count().prefetch_related(
            Prefetch("books", queryset=first_books[:SERIES_CARD_BOOKS], to_attr="first_books")
        )


class SeriesManager(SlugManager.from_queryset(SeriesQuerySet)):
    pass


class Series(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SeriesManager()
    page_tags = Shown(
        LISTINGS,
        series="slug",
        book="books__slug",
        author="books__authors__slug",
        site_when_changed=("name", "slug"),
        when_changed={SEARCH: ("name",)},
    )

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "series"
        indexes = [models.Index(fields=["name"], include=["id"], name="series_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("books:series_detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class BookQuerySet(TaggedQuerySet):
    def for_listing(self):
        return self.select_related("series").prefetch_related("authors")

    def in_reading_order(self):
        # Positions are numbers, so 1, 1.5, 2, 10; books without a position come last.
        return self.order_by(F("series_position").asc(nulls_last=True), "title")

    def top_rated(self):
        """Rated books, best average first: an index scan (book_best_rated), however many books there are."""
        return self.filter(rating_count__gt=0).order_by(*BEST_RATED_ORDER)

    def recently_added(self):
        return self.order_by("-created_at", "title")


class BookManager(SlugManager.from_queryset(BookQuerySet)):
    pass


class Book(models.Model):
    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=320, unique=True)
    authors = models.ManyToManyField(Author, related_name="books")
    series = models.ForeignKey(Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="books")
    # A number, not text, so the database sorts 1, 1.5, 2, 10 in reading order.
    series_position = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Place in the series: 1, 2, 1.5 for a novella between them.",
    )
    description = models.TextField(blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    format = models.CharField(max_length=100, blank=True, help_text="Hardcover, Paperback, Kindle Edition...")
    first_published = models.DateField(null=True, blank=True)
    first_published_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the date the source gave: 'First published 2010' is a year.",
    )
    cover = models.ImageField(upload_to="covers/", blank=True)
    isbn13 = models.CharField("ISBN-13", max_length=13, blank=True, db_index=True)
    isbn10 = models.CharField("ISBN-10", max_length=10, blank=True, db_index=True)
    # The title as imports match it (books.signals keeps it, loaddata included): no accents, case or
    # punctuation, so "Les Misérables!" finds "Les Miserables".
    title_key = models.CharField(max_length=300, blank=True, db_index=True, editable=False)
    needs_review = models.BooleanField(
        default=False, help_text="Added by a member's library import: a librarian should check it, then untick this."
    )
    # Figures from the source page; members' own shelves add to these.
    source_currently_reading_count = models.PositiveIntegerField(default=0)
    source_want_to_read_count = models.PositiveIntegerField(default=0)
    source_review_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Reviews the source says it has (it shows 30 per page)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Weighted title/authors/series/description, kept by books.signals; GIN-indexed on PostgreSQL
    # (migration 0002). Unused on SQLite, where search falls back to icontains.
    search_vector = SearchVectorField(null=True, editable=False)
    # Rating figures: the source's histogram plus members' visible ratings. Stored, not aggregated on
    # every read, so that listings show and sort by them at a million reviews; reviews.ratings
    # recomputes them in the transaction of every write that changes them.
    ratings_5 = models.PositiveIntegerField(default=0, editable=False)
    ratings_4 = models.PositiveIntegerField(default=0, editable=False)
    ratings_3 = models.PositiveIntegerField(default=0, editable=False)
    ratings_2 = models.PositiveIntegerField(default=0, editable=False)
    ratings_1 = models.PositiveIntegerField(default=0, editable=False)
    rating_count = models.PositiveIntegerField(default=0, editable=False)
    rating_average = models.FloatField(null=True, blank=True, editable=False, help_text="Empty when unrated.")

    objects = BookManager()
    # The pages that show a book: its own and its board, its series' and authors', the listings; its
    # title and address show on every page that mentions it. The search vector shows nowhere.
    page_tags = Shown(
        LISTINGS,
        book="slug",
        series="series__slug",
        author="authors__slug",
        site_when_changed=("title", "slug"),
        # Which books a search finds: what it reads (the vector on PostgreSQL, the text on SQLite).
        when_changed={SEARCH: ("title", "description", "series", "search_vector")},
        unshown=("search_vector", "title_key", "needs_review"),
    )

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["series", "series_position"], name="book_series_order"),
            models.Index(fields=["-created_at"], name="book_recent"),
            # The catalogue's three orders, covering (INCLUDE, on PostgreSQL) what books.pagination needs
            # to count and skip to a deep page without reading the table.
            models.Index(fields=["title"], include=["id"], name="book_title"),
            models.Index(*BEST_RATED_ORDER, include=["id", "rating_average"], name="book_best_rated"),
            models.Index(F("rating_count").desc(), "title", include=["id"], name="book_most_rated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(series__isnull=False) | Q(series_position__isnull=True),
                name="book_position_needs_series",
                violation_error_message="A position in a series needs a series.",
            ),
            models.CheckConstraint(
                condition=Q(series_position__isnull=True) | Q(series_position__gte=0),
                name="book_position_not_negative",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # The search vector is the database's to compute (books.signals): a full save of a row leaves it
        # alone rather than writing back what this instance read, or nothing when it was made here.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.attname not in deferred and field.name != "search_vector"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("book", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @staticmethod
    def make_title_key(title):
        return normalise(title)[:300]

    @property
    def series_position_display(self):
        """'2' for 2.00, '1.5' for 1.50: how readers write positions."""
        if self.series_position is None:
            return ""
        return format(self.series_position.normalize(), "f")

    @property
    def first_published_display(self):
        """'January 1, 2010', 'March 2010' or '2010', as precise as the source was."""
        if self.first_published is None:
            return ""
        formats = {DatePrecision.DAY: "%B %-d, %Y", DatePrecision.MONTH: "%B %Y", DatePrecision.YEAR: "%Y"}
        return self.first_published.strftime(formats[self.first_published_precision])

    @property
    def description_paragraphs(self):
        return [p.strip() for p in self.description.split("\n\n") if p.strip()]

    @property
    def description_as_html(self):
        return paragraphs_as_html(self.description)

    def rating_rows(self):
        """The histogram, 5 stars to 1: dicts of stars, count and percent."""
        total = self.rating_count or 0
        rows = []
        for star in STARS:
            count = getattr(self, f"ratings_{star}")
            percent = 100 * count / total if total else 0
            # Floored, as the source shows them: 84 of 2,834 is "2%", 20 of 2,834 is "<1%".
            label = "<1" if 0 < percent < 1 else str(int(percent))
            rows.append(
                {
                    "stars": star,
                    "count": count,
                    "percent": percent,
                    "percent_label": label,
                    # Formatted here, not by a localising filter: it is an SVG width out of 100.
                    "bar_width": f"{percent:.1f}",
                }
            )
        return rows

    def series_neighbours(self):
        """The books just before and after this one in its series (two queries), or Nones."""
        if not self.series_id or self.series_position is None:
            return None, None
        siblings = Book.objects.filter(series_id=self.series_id).exclude(pk=self.pk)
        previous = siblings.filter(series_position__lt=self.series_position).order_by("-series_position", "-title")
        following = siblings.filter(series_position__gt=self.series_position).order_by("series_position", "title")
        return previous.first(), following.first()

    @property
    def series_line(self):
        """'The Siege #2', as the book page shows it."""
        if not self.series_id:
            return ""
        if self.series_position is None:
            return self.series.name
        return f"{self.series.name} #{self.series_position_display}"
