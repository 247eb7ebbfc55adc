from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

from books.models import Book
from core.markdown import render_on_save
from pagecache.cache import SITE, remember
from pagecache.tags import Computed, Shown, TaggedQuerySet, tag
from shelves.progress import Point

POSTS_PER_PAGE = 20
# The tag of the page that lists the latest threads of every book.
DISCUSSIONS = "discussions"


class ThreadQuerySet(TaggedQuerySet):
    def on_boards(self):
        """Threads of the books' public boards: the only ones site-wide lists (the latest threads, feeds,
        the home feed, the sitemap) may show. A club's threads are listed by the club alone."""
        return self.filter(club__isnull=True)

    def for_board(self):
        """Pinned first, then the most recent activity; with what a board row shows. The same for every
        reader: a member's unread count fills a hole (discussions.holes)."""
        return self.select_related("starter", "last_post__author").order_by("-is_pinned", "-last_post_at", "-pk")

    def cached_row(self, pk):
        """The thread's row (None if there is none), from the cache until its page changes: what a
        member's view of a thread reads before the shared page (where they are, how many pages)."""
        return remember(f"discussions:thread:{pk}", [SITE, tag("thread", pk)], lambda: self.filter(pk=pk).first())


class Thread(models.Model):
    # A book's board, or a club's (then book is the book it discusses, if any). Who may read a club's
    # thread is the clubs app's rule (discussions.access).
    book = models.ForeignKey(Book, null=True, blank=True, on_delete=models.CASCADE, related_name="threads")
    club = models.ForeignKey("clubs.Club", null=True, blank=True, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=150)
    starter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="threads_started")
    spoiler_note = models.CharField(
        max_length=100, blank=True, help_text='Spoilers up to a point, e.g. "up to chapter 12".'
    )
    spoils_earlier = models.BooleanField(
        default=False, help_text="Spoils the earlier books of its series: folded for those who have not read them."
    )
    is_pinned = models.BooleanField(default=False)
    is_locked = models.BooleanField(default=False, help_text="A locked thread takes no new replies.")
    # Closed to a reader until their progress in the book passes this point (a club's milestone thread
    # opens at the end of the milestone before it).
    opens_at_page = models.PositiveIntegerField(null=True, blank=True)
    opens_at_pages = models.PositiveIntegerField(
        null=True, blank=True, help_text="The length of the edition opens_at_page is counted in."
    )
    opens_at_chapter = models.PositiveIntegerField(null=True, blank=True)
    opens_at_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    # Kept by discussions.services in the same transaction as the post that changes them.
    post_count = models.PositiveIntegerField(default=0)
    hidden_post_count = models.PositiveIntegerField(default=0)  # kept by moderation.services
    last_post = models.ForeignKey("Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_post_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ThreadQuerySet.as_manager()
    # Its own pages, its book's page and board, and the list of the latest threads everywhere.
    page_tags = Shown(DISCUSSIONS, thread="pk", book="book__slug", club="club__slug")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(book__isnull=False) | Q(club__isnull=False), name="thread_on_a_board_or_in_a_club"
            )
        ]
        indexes = [
            models.Index(fields=["book", "-is_pinned", "-last_post_at"], name="board_order"),
            # A member's threads, newest first: the home feed of those who follow them.
            models.Index(fields=["starter", "-created_at"], name="threads_by_starter"),
            # Every book's threads by latest activity: /discussions/.
            models.Index(fields=["-last_post_at", "-id"], name="threads_latest"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("discussions:thread", args=[self.pk, self.slug])

    @property
    def opens_at(self):
        return Point(
            page=self.opens_at_page,
            pages=self.opens_at_pages,
            chapter=self.opens_at_chapter,
            percent=self.opens_at_percent,
        )

    @property
    def slug(self):
        return slugify(self.title)[:80] or "thread"

    @property
    def visible_post_count(self):
        return self.post_count - self.hidden_post_count

    @property
    def reply_count(self):
        """Replies readers can see: posts hidden by moderators are not counted."""
        return max(self.post_count - self.hidden_post_count - 1, 0)

    @property
    def page_count(self):
        return max((self.post_count - 1) // POSTS_PER_PAGE + 1, 1)


class PostQuerySet(TaggedQuerySet):
    def quotable(self, thread, pk):
        """The post of thread that pk names, if a reader may quote it (not deleted, not hidden), else
        None: whatever pk holds, a number or not."""
        try:
            pk = int(pk)
        except (TypeError, ValueError):
            return None
        if not 0 < pk < 2**63:
            return None
        return self.select_related("author").filter(pk=pk, thread=thread, is_deleted=False, is_hidden=False).first()


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    # 1 for the opening post, then 2, 3...: pages are number ranges, so page 100 reads like page 1.
    number = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts")
    body = models.TextField(max_length=20_000)
    body_html = models.TextField(blank=True, editable=False)  # made from body on every save
    quoted = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_deleted = models.BooleanField(default=False, help_text="Deleted by its author: a stub keeps its place.")
    is_hidden = models.BooleanField(default=False, help_text="Hidden by moderators: a stub keeps its place.")
    # "Spoilers up to chapter 20": collapsed for readers whose progress in the book is short of it.
    spoils_to_page = models.PositiveIntegerField(null=True, blank=True)
    spoils_to_pages = models.PositiveIntegerField(
        null=True, blank=True, help_text="The length of the edition spoils_to_page is counted in."
    )
    spoils_to_chapter = models.PositiveIntegerField(null=True, blank=True)

    objects = PostQuerySet.as_manager()
    # Its thread's pages (the board's figures come from the thread's row), and the posts of the one page
    # it is on (discussions.views.thread_page): a reply leaves the posts of the other pages as they were.
    page_tags = Shown(
        thread="thread_id",
        thread_page=Computed(lambda thread, number: f"{thread}:{page_of(number)}", "thread_id", "number"),
    )

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["thread", "number"], name="post_number_in_thread")]

    def __str__(self):
        return f"#{self.number} in {self.thread}"

    def save(self, *args, **kwargs):
        render_on_save(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("discussions:post", args=[self.pk])

    @property
    def anchor(self):
        return f"post-{self.number}"

    @property
    def spoils_to(self):
        return Point(page=self.spoils_to_page, pages=self.spoils_to_pages, chapter=self.spoils_to_chapter)

    @property
    def page(self):
        return page_of(self.number)


def page_of(number):
    """The page of its thread that the post with this number is on."""
    return (number - 1) // POSTS_PER_PAGE + 1


class ThreadVisit(models.Model):
    """How far a member has read a thread, and whether they follow it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_visits")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="visits")
    last_read_number = models.PositiveIntegerField(default=0)
    is_following = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    # Shown on no shared page: a member's own rows (bookclub/mine.py), which update() keeps right.
    objects = TaggedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "thread"], name="one_visit_record")]
        indexes = [
            models.Index(fields=["user", "is_following"], name="followed_threads", condition=Q(is_following=True))
        ]

    def __str__(self):
        return f"{self.user} read {self.thread} to #{self.last_read_number}"
