from django.db import models
from django.db.models import Count, F, FloatField, Q, Value
from django.db.models.functions import Cast, Coalesce, NullIf

STARS = (5, 4, 3, 2, 1)


class SlugManager(models.Manager):
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

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Series(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "series"

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class BookQuerySet(models.QuerySet):
    def with_rating_stats(self):
        """Annotate the combined rating histogram, total and average, computed in the database.

        Each star's count is the source's histogram (reviews.RatingHistogram, reached through its
        reverse relation so this lower app imports nothing from reviews) plus members' own ratings.
        Imported community reviews carry no rating of their own: the source histogram counts them.
        Annotates ratings_5 ... ratings_1, rating_count and rating_average (None when unrated).
        """
        member_rating = Q(reviews__source="member", reviews__rating__isnull=False)
        per_star = {
            f"ratings_{star}": Coalesce(F(f"source_histogram__stars_{star}"), Value(0))
            + Count("reviews", filter=member_rating & Q(reviews__rating=star))
            for star in STARS
        }
        total = sum((F(name) for name in per_star), Value(0))
        weighted = sum((F(f"ratings_{star}") * star for star in STARS), Value(0))
        return self.annotate(**per_star).annotate(
            rating_count=total,
            rating_average=Cast(weighted, FloatField()) / NullIf(Cast(total, FloatField()), 0.0),
        )

    def for_listing(self):
        return self.select_related("series").prefetch_related("authors")


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
    # Figures from the source page; members' own shelves add to these.
    source_currently_reading_count = models.PositiveIntegerField(default=0)
    source_want_to_read_count = models.PositiveIntegerField(default=0)
    source_review_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Reviews the source says it has (it shows 30 per page)."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = BookManager()

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["series", "series_position"], name="book_series_order"),
            models.Index(fields=["-created_at"], name="book_recent"),
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

    def natural_key(self):
        return (self.slug,)

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
    def series_line(self):
        """'The Siege #2', as the book page shows it."""
        if not self.series_id:
            return ""
        if self.series_position is None:
            return self.series.name
        return f"{self.series.name} #{self.series_position_display}"
