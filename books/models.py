from contextlib import contextmanager

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.markdown import paragraphs_as_html
from core.text import normalise
from pagecache.tags import Shown, TaggedQuerySet

from .languages import language_name, validate_language

STARS = (5, 4, 3, 2, 1)
# A book's stored rating figures (reviews.ratings keeps them): never edited, so never in its history.
RATING_FIGURES = (*(f"ratings_{star}" for star in STARS), "rating_count", "rating_average")
# The tag of the pages that list books with their figures: home, the catalogue, search results.
LISTINGS = "listings"
# What search finds (books.search): books, authors and series as they read, not their figures.
SEARCH = "search"
# Best average first, unrated books (no average: 0) last. An expression, not NULLS LAST, so that the
# book_best_rated index has the same shape on PostgreSQL and SQLite, and sorting is an index scan.
BEST_RATED_ORDER = (Coalesce("rating_average", Value(0.0)).desc(), F("rating_count").desc(), "title")


# Each model's history recorder (django-simple-history lets go of it once the model is ready): kept, so
# that a change of a row and of its many-to-many rows is one record (one_history_record).
RECORDERS = {}


class History(HistoricalRecords):
    def contribute_to_class(self, cls, name):
        RECORDERS[cls] = self
        super().contribute_to_class(cls, name)


@contextmanager
def one_history_record(instance, history_type="~"):
    """The saves and many-to-many changes of instance made inside are recorded as one change, when they
    are all done (an edit of a book's title and authors is one line of its history, not three); nothing
    is recorded if they fail."""
    instance.skip_history_when_saving = True
    try:
        yield instance
    finally:
        del instance.skip_history_when_saving
    RECORDERS[type(instance)].create_historical_record(instance, history_type)


class SlugManager(models.Manager.from_queryset(TaggedQuerySet)):
    """Natural keys by slug, so fixtures load idempotently without fixed primary keys."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Author(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    # The name as matching reads it (books.signals keeps it): "Gabriel García Márquez" is found by
    # "gabriel garcia marquez" when a member adds a book or a library is imported.
    name_key = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    bio = models.TextField(blank=True)
    source_book_count = models.PositiveIntegerField(
        null=True, blank=True, help_text="Number of books the source lists for this author."
    )
    source_follower_count = models.PositiveIntegerField(null=True, blank=True, help_text="Followers on the source.")
    openlibrary_id = models.CharField(
        "Open Library author", max_length=20, blank=True, help_text="OL23919A: the author's key in Open Library."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SlugManager()
    # The pages that show an author: theirs, their books' (about the author), their series', the
    # listings (bylines), and the books whose editions they translated; a new name or address shows everywhere.
    page_tags = Shown(
        LISTINGS,
        author="slug",
        book=("books__slug", "translations__book__slug"),
        series="books__series__slug",
        site_when_changed=("name", "slug"),
        when_changed={SEARCH: ("name",)},
        unshown=("openlibrary_id", "name_key"),
    )
    history = History(
        excluded_fields=["name_key", "source_book_count", "source_follower_count", "created_at", "updated_at"]
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["openlibrary_id"], condition=~Q(openlibrary_id=""), name="author_openlibrary_id_unique"
            ),
        ]

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
    history = History(excluded_fields=["created_at", "updated_at"])

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

    def to_write(self, book):
        """The book a member's write goes to, its row locked for the write's transaction: a merge of it
        waits for the write, and a write waits for a merge, then goes to the book it was merged into.
        Book.DoesNotExist when it is gone for good."""
        locked = self.select_for_update(no_key=True)
        found = locked.filter(pk=book.pk).first()
        if found is None:
            moved = BookRedirect.objects.filter(old_id=book.pk).order_by("-pk").first()
            if moved is None:
                raise Book.DoesNotExist(f"No book {book.pk}: deleted.")
            found = locked.get(pk=moved.book_id)
        return found


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
    first_published = models.DateField(null=True, blank=True)
    first_published_precision = models.CharField(
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text="How much of the date the source gave: 'First published 2010' is a year.",
    )
    original_language = models.CharField(
        max_length=8, blank=True, validators=[validate_language], help_text="The language it was written in."
    )
    # The edition whose facts the book's page shows first (pages, format, ISBN); its cover is the book's
    # unless a librarian chose another. Kept by books.services: the first edition added, until changed.
    main_edition = models.ForeignKey(
        "Edition", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    cover = models.ImageField(upload_to="covers/", blank=True, help_text="The cover shown for the book.")
    openlibrary_id = models.CharField(
        "Open Library work", max_length=20, blank=True, help_text="OL45804W: the work's key in Open Library's data."
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="books_added"
    )
    # The title as imports match it (books.signals keeps it, loaddata included): no accents, case or
    # punctuation, so "Les Misérables!" finds "Les Miserables".
    title_key = models.CharField(max_length=300, blank=True, db_index=True, editable=False)
    needs_review = models.BooleanField(
        "not yet checked",
        default=False,
        help_text="Added by a member or a library import: a librarian should check it. Unchecked books stay out "
        "of the sitemap.",
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
        unshown=("search_vector", "title_key", "openlibrary_id"),
    )
    history = History(
        m2m_fields=[authors],
        excluded_fields=[
            "search_vector",
            "title_key",
            *RATING_FIGURES,
            "source_currently_reading_count",
            "source_want_to_read_count",
            "source_review_count",
            "created_at",
            "updated_at",
        ],
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
            models.UniqueConstraint(
                fields=["openlibrary_id"], condition=~Q(openlibrary_id=""), name="book_openlibrary_id_unique"
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

    @property
    def language_name(self):
        return language_name(self.original_language)


class Format(models.TextChoices):
    HARDCOVER = "hardcover", "Hardcover"
    PAPERBACK = "paperback", "Paperback"
    EBOOK = "ebook", "E-book"
    AUDIOBOOK = "audiobook", "Audiobook"
    OTHER = "other", "Other"


# How sources name formats ("Kindle Edition", "Mass Market Paperback", "Audio CD"): the first word
# that a name holds decides.
FORMAT_WORDS = [
    (("audio", "audible", "mp3"), Format.AUDIOBOOK),
    (("kindle", "ebook", "e-book", "nook", "epub", "digital"), Format.EBOOK),
    (("paperback", "softcover", "mass market", "trade paper"), Format.PAPERBACK),
    (("hardcover", "hardback", "hard cover", "library binding"), Format.HARDCOVER),
]


def format_of(text):
    """The Format a source's name of a format means ("Kindle Edition": e-book), "" when it names none."""
    lowered = (text or "").casefold()
    if not lowered.strip():
        return ""
    return next((value for words, value in FORMAT_WORDS if any(word in lowered for word in words)), Format.OTHER)


class EditionQuerySet(TaggedQuerySet):
    def in_order(self):
        """Newest publication first, then the order they were added: how a book's editions are listed."""
        return self.order_by(F("published_on").desc(nulls_last=True), "pk")

    def for_listing(self):
        return self.prefetch_related("translators")

    def first_for_page(self, book, limit=None):
        """The book's main edition, then the others newest first: what its page lists (one query, and
        one for the translators), each knowing its book without asking."""
        main_first = Case(When(pk=book.main_edition_id, then=Value(0)), default=Value(1))
        editions = list(
            self.filter(book=book)
            .for_listing()
            .order_by(main_first, F("published_on").desc(nulls_last=True), "pk")[:limit]
        )
        for edition in editions:
            edition.book = book
        return editions

    def counted_for_book(self):
        """How many editions the book of each row has: an annotation (a subquery per row)."""
        counted = self.model.objects.filter(book=OuterRef("pk")).order_by().values("book").annotate(n=Count("pk"))
        return Coalesce(Subquery(counted.values("n")), Value(0))


class EditionManager(models.Manager.from_queryset(EditionQuerySet)):
    def get_by_natural_key(self, import_key):
        return self.get(import_key=import_key)


class Edition(models.Model):
    """One published form of a book: a hardcover, a paperback, an e-book, an audiobook, a translation.

    Ratings, reviews, shelves, threads and clubs belong to the book (as Goodreads combines editions);
    a member may say which edition they read, and their progress counts in its pages, chapters or time.
    """

    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="editions")
    title = models.CharField(
        max_length=300, blank=True, help_text="Its own title where it differs from the book's (a translation)."
    )
    format = models.CharField(max_length=12, choices=Format.choices, blank=True)
    format_detail = models.CharField(
        max_length=100, blank=True, help_text="As the publisher names it: Kindle Edition, Mass Market Paperback..."
    )
    # Stored as ISBN-13 (books.isbn makes any ISBN one); the ISBN-10 it had, where there was one.
    isbn13 = models.CharField("ISBN-13", max_length=13, blank=True)
    isbn10 = models.CharField("ISBN-10", max_length=10, blank=True, db_index=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField("publication date", null=True, blank=True)
    published_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    language = models.CharField(max_length=8, blank=True, validators=[validate_language])
    pages = models.PositiveIntegerField(null=True, blank=True)
    audio_seconds = models.PositiveIntegerField("audio length", null=True, blank=True, help_text="In seconds.")
    chapters = models.PositiveIntegerField("number of chapters", null=True, blank=True)
    cover = models.ImageField(upload_to="covers/", blank=True)
    translators = models.ManyToManyField(Author, blank=True, related_name="translations")
    openlibrary_id = models.CharField("Open Library edition", max_length=20, blank=True)
    # Where a fixture's edition came from ("goodreads:the-betrayal"): its natural key, so that loading
    # the fixture again updates the edition instead of adding another.
    import_key = models.CharField(max_length=200, blank=True, editable=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="editions_added"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EditionManager()
    # Its book's pages (facts, the list of editions); search finds a book by any edition's ISBN or title.
    page_tags = Shown(book="book__slug", when_changed={SEARCH: ("isbn13", "isbn10", "title", "book")})
    history = History(m2m_fields=[translators], excluded_fields=["import_key", "created_at", "updated_at"])

    class Meta:
        constraints = [
            # Two members adding the same ISBN at once make one edition: the second is told where it is.
            models.UniqueConstraint(fields=["isbn13"], condition=~Q(isbn13=""), name="edition_isbn13_unique"),
            models.UniqueConstraint(
                fields=["openlibrary_id"], condition=~Q(openlibrary_id=""), name="edition_openlibrary_id_unique"
            ),
            models.UniqueConstraint(fields=["import_key"], condition=~Q(import_key=""), name="edition_import_key"),
            models.CheckConstraint(condition=Q(pages__isnull=True) | Q(pages__gte=1), name="edition_pages_positive"),
            models.CheckConstraint(
                condition=Q(audio_seconds__isnull=True) | Q(audio_seconds__gte=1), name="edition_audio_positive"
            ),
            models.CheckConstraint(
                condition=Q(chapters__isnull=True) | Q(chapters__gte=1), name="edition_chapters_positive"
            ),
        ]
        indexes = [models.Index(fields=["book", "published_on"], name="editions_of_book")]

    def __str__(self):
        return f"{self.display_title} ({self.summary})" if self.summary else self.display_title

    def get_absolute_url(self):
        return f"{reverse('books:editions', args=[self.book.slug])}#edition-{self.pk}"

    def natural_key(self):
        return (self.import_key,)

    @property
    def display_title(self):
        return self.title or self.book.title

    @property
    def format_label(self):
        """ "Kindle Edition" where the publisher named it, else "E-book"; "" when unknown."""
        return self.format_detail or (self.get_format_display() if self.format else "")

    @property
    def is_audio(self):
        return self.format == Format.AUDIOBOOK or (self.audio_seconds is not None and not self.pages)

    @property
    def length_label(self):
        """ "330 pages", "10 h 5 min", or "" (what a reader measures their progress in)."""
        if self.pages and not self.is_audio:
            return f"{self.pages:,} page{'s' if self.pages != 1 else ''}"
        if self.audio_seconds:
            return duration_label(self.audio_seconds)
        if self.pages:
            return f"{self.pages:,} page{'s' if self.pages != 1 else ''}"
        return ""

    @property
    def summary(self):
        """ "Hardcover, 330 pages, English": what tells editions apart in a list."""
        parts = [self.format_label, self.length_label, language_name(self.language)]
        if self.published_on:
            parts.append(str(self.published_on.year))
        return ", ".join(part for part in parts if part)

    @property
    def published_display(self):
        if self.published_on is None:
            return ""
        formats = {DatePrecision.DAY: "%B %-d, %Y", DatePrecision.MONTH: "%B %Y", DatePrecision.YEAR: "%Y"}
        return self.published_on.strftime(formats[self.published_precision])

    @property
    def language_name(self):
        return language_name(self.language)

    def chapter_end_pages(self, numbers):
        """{chapter: the page it ends at} of these chapters, where this edition's ends are known."""
        if not numbers:
            return {}
        ends = self.chapter_ends.filter(number__in=numbers, page__isnull=False).values_list("number", "page")
        return dict(ends)

    def chapter_end_estimate(self, number):
        """Where chapter number probably ends, if chapters were all as long: a page, or None."""
        if not self.pages or not self.chapters or number > self.chapters:
            return None
        return max(1, round(number * self.pages / self.chapters))

    @property
    def isbn13_display(self):
        from .isbn import hyphenated

        return hyphenated(self.isbn13)


def duration_label(seconds):
    """ "10 h 5 min", "45 min", "1 h": an audiobook's length or a listener's place in it."""
    hours, rest = divmod(int(seconds), 3600)
    minutes = rest // 60
    if hours and minutes:
        return f"{hours} h {minutes} min"
    if hours:
        return f"{hours} h"
    return f"{minutes} min"


class EditionChapter(models.Model):
    """Where a chapter ends in one edition: at a page, or at a time of its audio. Asked when a club's
    schedule names a chapter, kept once known, so that a reader of any edition can be placed against
    a milestone or a spoiler marker given as a chapter (shelves.progress)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="chapter_ends")
    number = models.PositiveIntegerField()
    page = models.PositiveIntegerField(null=True, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)

    objects = TaggedQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="one_end_per_chapter"),
            models.CheckConstraint(
                condition=Q(page__isnull=False) | Q(seconds__isnull=False), name="chapter_end_is_somewhere"
            ),
        ]

    def __str__(self):
        where = f"page {self.page}" if self.page is not None else duration_label(self.seconds or 0)
        return f"Chapter {self.number} of {self.edition} ends at {where}"


class Redirect(models.Model):
    """An address that answers 301 to another row for ever: left by a merge (the merged row's slug, and
    its id for the history it had)."""

    slug = models.SlugField(max_length=320, unique=True)
    old_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True, help_text="The merged row's id.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.slug} → {self.target}"


class BookRedirect(Redirect):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="redirects")

    objects = TaggedQuerySet.as_manager()

    @property
    def target(self):
        return self.book


class AuthorRedirect(Redirect):
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="redirects")

    objects = TaggedQuerySet.as_manager()

    @property
    def target(self):
        return self.author


class SeriesRedirect(Redirect):
    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="redirects")

    objects = TaggedQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "series redirects"

    @property
    def target(self):
        return self.series
