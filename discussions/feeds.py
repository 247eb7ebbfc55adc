from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from books.models import Book
from core.markdown import hide_spoilers
from core.text import strip_control

from .models import Thread

FEED_ITEMS = 30


class BoardFeed(Feed):
    """The newest threads on a book's board."""

    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Book, slug=slug)

    def title(self, book):
        return strip_control(f"Discussions of {book.title} on Bookclub")

    def link(self, book):
        return reverse("discussions:board", args=[book.slug])

    def subtitle(self, book):
        return strip_control(f"New threads about {book.title}.")

    def items(self, book):
        return book.threads.on_boards().select_related("starter").order_by("-created_at", "-pk")[:FEED_ITEMS]

    def item_title(self, thread):
        return strip_control(thread.title)

    def item_description(self, thread):
        note = f" (spoilers up to {thread.spoiler_note})" if thread.spoiler_note else ""
        return strip_control(f"Started by {thread.starter.name}{note}.")

    def item_author_name(self, thread):
        return strip_control(thread.starter.name)

    def item_pubdate(self, thread):
        return thread.created_at


class ThreadFeed(Feed):
    """The newest posts in a thread (deleted ones leave no item)."""

    feed_type = Atom1Feed

    def get_object(self, request, pk, slug):
        # A club's threads have no feed: a feed reader is nobody's session, and cannot fold spoilers.
        return get_object_or_404(Thread.objects.on_boards(), pk=pk)

    def title(self, thread):
        return strip_control(f"{thread.title}: a Bookclub discussion")

    def link(self, thread):
        return thread.get_absolute_url()

    def items(self, thread):
        posts = thread.posts.filter(is_deleted=False, is_hidden=False)
        return posts.select_related("author").order_by("-number")[:FEED_ITEMS]

    def item_title(self, post):
        return strip_control(f"#{post.number} by {post.author.name}")

    def item_description(self, post):
        """The post with its inline spoilers left out: a feed reader cannot keep them folded."""
        if post.spoils_to:
            return f"Spoilers up to {post.spoils_to.label()}: open the post to read it."
        return strip_control(hide_spoilers(post.body_html))

    def item_link(self, post):
        return post.get_absolute_url()

    def item_author_name(self, post):
        return strip_control(post.author.name)

    def item_pubdate(self, post):
        return post.created_at

    def item_updateddate(self, post):
        return post.edited_at or post.created_at
