from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from books.models import LISTINGS, STARS, Book
from core.markdown import hide_spoilers, paragraphs_as_html, render_on_save
from pagecache.tags import Computed, Shown, TaggedQuerySet


class ReviewQuerySet(TaggedQuerySet):
    def by_members(self):
        return self.filter(source=Review.Source.MEMBER)

    def community(self):
        return self.filter(source=Review.Source.COMMUNITY)

    def blog(self):
        return self.visible().filter(source=Review.Source.BLOG)

    def listed(self):
        """What the book page lists as reviews: members' and imported community reviews with text.

        A rating alone counts in the histogram but is not a review; blog reviews have their own section.
        """
        return self.visible().filter(source__in=[Review.Source.MEMBER, Review.Source.COMMUNITY]).exclude(body="")

    def visible(self):
        return self.filter(is_hidden=False)

    def for_display(self, recent_comments=True):
        """With what a listed review shows: reviewer, blog copy, likes, comment count and, in lists,
        the last three comments (a review's own page shows its whole thread instead). The same for
        every reader: whether this reader liked it fills a hole (reviews.holes)."""
        reviews = self.select_related("reviewer").prefetch_related("copies").with_engagement()
        if recent_comments:
            recent = (
                ReviewComment.objects.filter(is_hidden=False)
                .select_related("author")
                .order_by("-created_at", "-pk")[:RECENT_COMMENTS]
            )
            reviews = reviews.prefetch_related(Prefetch("comments", queryset=recent, to_attr="recent_comments"))
        return reviews

    def with_engagement(self):
        """comment_count, a subquery so that no join multiplies it (like_count is stored)."""
        counted = ReviewComment.objects.filter(review=OuterRef("pk"), is_hidden=False).order_by().values("review")
        return self.annotate(comment_count=Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), Value(0)))

    def most_liked(self):
        """Most liked first: an index scan within a book (review_most_liked)."""
        return self.order_by("-like_count", "-created_at", "-pk")

    def rated(self, stars):
        return self.filter(rating=stars)

    def oldest_first(self):
        return self.order_by(models.F("reviewed_on").asc(nulls_last=True), "created_at", "pk")

    def recent(self):
        """The most recent dated reviews across the site, newest first: an index scan (review_latest)."""
        return self.listed().filter(reviewed_on__isnull=False).order_by("-reviewed_on", "-created_at", "-pk")

    def newest_first(self):
        return self.order_by(models.F("reviewed_on").desc(nulls_last=True), "-created_at", "-pk")


RECENT_COMMENTS = 3


class ReviewManager(models.Manager.from_queryset(ReviewQuerySet)):
    def get_by_natural_key(self, import_key):
        return self.get(import_key=import_key)


class Review(models.Model):
    """A rating and/or review of a book by a member, or one imported from a source."""

    class Source(models.TextChoices):
        MEMBER = "member", "Member"
        COMMUNITY = "community", "Imported community review"
        BLOG = "blog", "Blog review"

    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="reviews",
        help_text="Empty for a blog review whose author the source does not name.",
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.MEMBER)
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=[(star, f"{star} star{'s' if star > 1 else ''}") for star in reversed(STARS)]
    )
    body = models.TextField(blank=True, max_length=10_000)
    # Members' Markdown, rendered and sanitised on every save, whoever saves (a member, a moderator in
    # the admin); empty for imports, whose plain-text paragraphs the templates show as they are.
    body_html = models.TextField(blank=True, editable=False)
    is_spoiler = models.BooleanField(default=False, help_text="Kept collapsed until the reader opens it.")
    spoils_earlier = models.BooleanField(
        default=False, help_text="Spoils the earlier books of its series: folded for those who have not read them."
    )
    # Kept by reviews.services.like_toggle, in the transaction of each like: the book page sorts by it.
    like_count = models.PositiveIntegerField(default=0, editable=False)
    is_hidden = models.BooleanField(default=False, help_text="Hidden by moderators: gone from every public page.")
    reviewed_on = models.DateField(
        null=True, blank=True, default=timezone.localdate, help_text="Empty when the source gives no date."
    )

    # Blog reviews: where they come from.
    blog_title = models.CharField(max_length=300, blank=True)
    blog_site = models.CharField(max_length=200, blank=True)
    blog_url = models.URLField(max_length=500, blank=True)
    same_as = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
        help_text="The community review this blog review repeats; pages show the text once.",
    )

    # Stable identity of an imported review, so re-loading fixtures updates instead of duplicating.
    import_key = models.CharField(max_length=200, unique=True, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewManager()
    # Its book's page (and so the book's figures, its series' and authors' pages through the book),
    # the listings (the latest reviews on the home page), its reviewer's profile; and its book's list of
    # reviews only when it is in it (listed, or the blog copy of one): a rating alone changes the
    # figures, not the thirty reviews of a page (bookclub.views.book_page).
    page_tags = Shown(
        LISTINGS,
        book="book__slug",
        member="reviewer__username",
        reviews=Computed(
            lambda slug, is_hidden, source, body, same_as: (
                slug if Review.in_review_list(is_hidden=is_hidden, source=source, body=body, same_as=same_as) else None
            ),
            "book__slug",
            "is_hidden",
            "source",
            "body",
            "same_as",
        ),
    )

    class Meta:
        ordering = ["-reviewed_on", "-created_at"]
        indexes = [
            models.Index(fields=["book", "source", "-reviewed_on"], name="review_book_newest"),
            models.Index(fields=["book", "-like_count", "-created_at"], name="review_most_liked"),
            # A member's reviews, newest first: their profile, and the home feed of those who follow them.
            models.Index(fields=["reviewer", "-created_at"], name="review_by_reviewer"),
            # ReviewQuerySet.recent(): the home page's latest reviews among a million.
            models.Index(
                F("reviewed_on").desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="review_latest",
                condition=Q(is_hidden=False, source__in=["member", "community"], reviewed_on__isnull=False)
                & ~Q(body=""),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="review_rating_1_to_5",
                violation_error_message="A rating is from 1 to 5 stars.",
            ),
            models.UniqueConstraint(
                fields=["book", "reviewer"],
                condition=Q(source="member"),
                name="one_member_review_per_book",
                violation_error_message="You have already reviewed this book.",
            ),
            models.CheckConstraint(
                condition=~Q(source="member") | Q(reviewer__isnull=False),
                name="member_review_has_reviewer",
            ),
            models.CheckConstraint(
                condition=Q(source="member") | Q(import_key__isnull=False),
                name="imported_review_has_import_key",
            ),
        ]

    def __str__(self):
        who = self.reviewer.name if self.reviewer_id else (self.blog_site or "unknown reviewer")
        return f"{self.book} by {who}"

    def save(self, *args, **kwargs):
        render_on_save(self, kwargs, rendered=self.source == self.Source.MEMBER)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("reviews:detail", args=[self.pk])

    @staticmethod
    def in_review_list(*, is_hidden, source, body, same_as):
        """Whether a row with these values shows in its book's list of reviews: listed (ReviewQuerySet.listed,
        the same rule in SQL), or a blog copy of a listed review, which its card mentions."""
        listed = not is_hidden and source in (Review.Source.MEMBER, Review.Source.COMMUNITY) and body != ""
        return listed or same_as is not None

    @classmethod
    def from_db(cls, db, field_names, values):
        review = super().from_db(db, field_names, values)
        # The book as loaded: moving a review to another book (the admin) changes both books' figures.
        review.loaded_book_id = review.__dict__.get("book_id")
        return review

    def natural_key(self):
        return (self.import_key,)

    natural_key.dependencies = ["books.book", "accounts.user"]

    @property
    def anchor(self):
        return f"review-{self.pk}"

    @property
    def paragraphs(self):
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    @property
    def body_as_html(self):
        """The review as HTML: members' rendered Markdown, or imported plain text in paragraphs."""
        return self.body_html or paragraphs_as_html(self.body)

    @property
    def has_spoilers(self):
        """Whether the review carries any spoiler warning (its own, or its series'): teasers, feeds and
        structured data then leave its text out."""
        return self.is_spoiler or self.spoils_earlier

    @property
    def plain_text(self):
        """The review as plain text, for teasers and structured data: members' Markdown as it reads, not
        as it is typed, and inline spoilers left out."""
        return strip_tags(hide_spoilers(self.body_html)) if self.body_html else self.body


class ReviewLike(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_likes")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaggedQuerySet.as_manager()
    page_tags = Shown(book="review__book__slug", reviews="review__book__slug")  # the like count under the review

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="like_a_review_once")]

    def __str__(self):
        return f"{self.user} likes {self.review}"


class ReviewComment(models.Model):
    """A short reply under a review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_comments")
    body = models.TextField(max_length=2_000)
    body_html = models.TextField(blank=True, editable=False)  # Markdown rendered and sanitised on every save
    is_hidden = models.BooleanField(default=False, help_text="Hidden by moderators.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TaggedQuerySet.as_manager()
    page_tags = Shown(book="review__book__slug", reviews="review__book__slug")  # the latest comments under it

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["review", "created_at"], name="comment_thread_order")]

    def __str__(self):
        return f"{self.author} on {self.review}"

    def save(self, *args, **kwargs):
        render_on_save(self, kwargs)
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        return f"comment-{self.pk}"


class RatingHistogramManager(models.Manager):
    def get_by_natural_key(self, book_slug):
        return self.get(book__slug=book_slug)


class RatingHistogram(models.Model):
    """A book's rating counts per star as the source page shows them.

    Members' own ratings are Review rows; reviews.ratings stores the sum of both on the book.
    """

    book = models.OneToOneField(Book, on_delete=models.CASCADE, related_name="source_histogram")
    source = models.CharField(max_length=50, default="goodreads")
    stars_5 = models.PositiveIntegerField("5 stars", default=0)
    stars_4 = models.PositiveIntegerField("4 stars", default=0)
    stars_3 = models.PositiveIntegerField("3 stars", default=0)
    stars_2 = models.PositiveIntegerField("2 stars", default=0)
    stars_1 = models.PositiveIntegerField("1 star", default=0)

    objects = RatingHistogramManager()

    def __str__(self):
        return f"{self.book} ({self.source}: {self.total} ratings)"

    def natural_key(self):
        return self.book.natural_key()

    natural_key.dependencies = ["books.book"]

    @property
    def counts(self):
        return {star: getattr(self, f"stars_{star}") for star in STARS}

    @property
    def total(self):
        return sum(self.counts.values())
