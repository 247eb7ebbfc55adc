"""Turn parsed source documents into one ordinary Django fixture.

Objects carry natural keys (slugs, usernames, import keys) instead of primary keys, so
`loaddata` on a database that already holds them updates rows instead of duplicating them.
The output depends only on the sources: same sources, byte-identical file.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from django.utils.text import slugify

from books.models import format_of

from .manifest import load_manifest
from .parsers import SourceError, parse_blog_review, parse_book_page, stable_id

# Usernames of imported identities end in "@<source>"; members cannot sign up with an "@".
COMMUNITY_SUFFIX = "@goodreads"
BLOG_SUFFIX = "@blog"
SLUG_MAX_LENGTH = 200
# Share of a blog review's five-word phrases found in a community review to call them one review.
SAME_REVIEW_THRESHOLD = 0.8


@dataclass
class Summary:
    books: int = 0
    authors: int = 0
    series: int = 0
    reviews: int = 0
    reviewers: int = 0
    blog_reviews: int = 0
    ratings: int = 0

    def line(self):
        return (
            f"books={self.books} authors={self.authors} series={self.series} reviews={self.reviews} "
            f"reviewers={self.reviewers} blog_reviews={self.blog_reviews} ratings={self.ratings}"
        )


@dataclass
class Fixture:
    objects: list[dict]
    summary: Summary

    def dumps(self):
        return json.dumps(self.objects, indent=2, ensure_ascii=False) + "\n"


class Slugs:
    """Unique slugs in order of first use: 'the-siege', then 'the-siege-2'."""

    def __init__(self):
        self.taken = set()

    def make(self, text, max_length=SLUG_MAX_LENGTH):
        base = slugify(text)[:max_length].strip("-") or f"x-{stable_id(text)}"
        slug, n = base, 2
        while slug in self.taken:
            slug, n = f"{base}-{n}", n + 1
        self.taken.add(slug)
        return slug


def _words(text):
    return re.findall(r"\w+", text.casefold())


def same_review_score(blog_body, review_body, size=5):
    """How much of the blog review's text is in the review: share of its five-word phrases."""
    blog_words, review_words = _words(blog_body), _words(review_body)
    blog_phrases = {tuple(blog_words[i : i + size]) for i in range(len(blog_words) - size + 1)}
    review_phrases = {tuple(review_words[i : i + size]) for i in range(len(review_words) - size + 1)}
    if not blog_phrases or not review_phrases:
        return 0.0
    return len(blog_phrases & review_phrases) / min(len(blog_phrases), len(review_phrases))


def _timestamp(day):
    return datetime.combine(day, time(0), tzinfo=UTC).isoformat().replace("+00:00", "Z")


@dataclass
class _Identity:
    username: str
    name: str
    source: str
    anonymous: bool
    stats: object
    first_seen: object  # date of their first review, used as the join date


@dataclass
class _Builder:
    manifest: object
    author_slugs: Slugs = field(default_factory=Slugs)
    series_slugs: Slugs = field(default_factory=Slugs)
    book_slugs: Slugs = field(default_factory=Slugs)
    usernames: dict = field(default_factory=lambda: {"goodreads": Slugs(), "blog": Slugs()})
    authors: dict = field(default_factory=dict)  # name -> (slug, AuthorInfo)
    series: dict = field(default_factory=dict)  # name -> slug
    books: list = field(default_factory=list)  # (slug, BookPage, SourceEntry)
    identities: dict = field(default_factory=dict)  # (source, name or unique key) -> _Identity
    community: list = field(default_factory=list)  # (book slug, review, identity, import key)
    blogs: list = field(default_factory=list)  # dicts of fields

    def build(self):
        pages = [(entry, self._parse_page(entry)) for entry in self.manifest.sources if entry.kind == "goodreads"]
        for entry, page in pages:
            self._add_book(entry, page)
        for entry in self.manifest.sources:
            if entry.kind == "blog":
                self._add_blog(entry)
        return Fixture(objects=self._objects(), summary=self._summary())

    # Parsing and collecting.

    def _parse_page(self, entry):
        return parse_book_page(entry.path.read_text(encoding="utf-8"), entry.path.name)

    def _add_book(self, entry, page):
        author_name = page.author.name
        for _slug, other, other_entry in self.books:
            if other.title.casefold() == page.title.casefold() and other.author.name == author_name:
                raise SourceError(
                    self.manifest.path,
                    entry.line_of("file"),
                    f"{entry.path.name} defines {page.title!r} by {author_name}, "
                    f"already defined by {other_entry.path.name}",
                )
        if author_name not in self.authors:
            self.authors[author_name] = (self.author_slugs.make(author_name), page.author)
        if page.series_name and page.series_name not in self.series:
            self.series[page.series_name] = self.series_slugs.make(page.series_name)
        slug = self.book_slugs.make(page.title)
        self.books.append((slug, page, entry))

        keys = Counter()
        anonymous = 0
        for review in page.reviews:
            if review.reviewer_name is None:
                anonymous += 1  # one identity each: nothing says two of them are one person
                identity = self._identity("goodreads", None, review, f"anonymous-{slug}-{anonymous}")
            else:
                identity = self._identity("goodreads", review.reviewer_name, review)
            base_key = f"goodreads:{slug}:{identity.username}"
            keys[base_key] += 1
            import_key = base_key if keys[base_key] == 1 else f"{base_key}:{keys[base_key]}"
            self.community.append((slug, review, identity, import_key))

    def _identity(self, source, name, review, username=None):
        key = (source, name if name is not None else username)
        if key not in self.identities:
            suffix = COMMUNITY_SUFFIX if source == "goodreads" else BLOG_SUFFIX
            handle = self.usernames[source].make(name or username, max_length=150 - len(suffix))
            self.identities[key] = _Identity(
                username=handle + suffix,
                name=name or "",
                source=source,
                anonymous=name is None,
                stats=getattr(review, "stats", None),
                first_seen=getattr(review, "reviewed_on", None),
            )
        identity = self.identities[key]
        reviewed_on = getattr(review, "reviewed_on", None)
        if reviewed_on and (identity.first_seen is None or reviewed_on < identity.first_seen):
            identity.first_seen = reviewed_on
        return identity

    def _add_blog(self, entry):
        matches = [
            (slug, page) for slug, page, _ in self.books if page.title.casefold() == entry.book.strip().casefold()
        ]
        if not matches:
            titles = ", ".join(repr(page.title) for _, page, _ in self.books) or "none"
            raise SourceError(
                self.manifest.path,
                entry.line_of("book"),
                f"{entry.path.name} reviews {entry.book!r}, which no goodreads source in this manifest "
                f"defines (books: {titles})",
            )
        if len(matches) > 1:
            raise SourceError(
                self.manifest.path, entry.line_of("book"), f"{entry.book!r} names more than one book in this manifest"
            )
        book_slug, _ = matches[0]
        import_key = f"blog:{book_slug}:{entry.path.stem}"
        if any(blog["import_key"] == import_key for blog in self.blogs):
            raise SourceError(
                self.manifest.path, entry.line_of("file"), f"{entry.path.name} is listed twice for {entry.book!r}"
            )
        review = parse_blog_review(entry.path.read_text(encoding="utf-8"), entry.path.name, title=entry.title)
        candidates = [
            (same_review_score(review.body, community.body), key, identity)
            for slug, community, identity, key in self.community
            if slug == book_slug
        ]
        best = max(candidates, key=lambda c: c[0], default=(0.0, None, None))
        same_as = identity = None
        if best[0] >= SAME_REVIEW_THRESHOLD:
            _, same_as, identity = best  # the same review: the same person wrote it
        elif entry.author:
            identity = self._identity("blog", entry.author.strip(), None)
        self.blogs.append(
            {
                "book": book_slug,
                "reviewer": identity,
                "title": review.title,
                "body": review.body,
                "site": entry.site,
                "url": entry.url,
                "date": entry.date,
                "same_as": same_as,
                "import_key": import_key,
            }
        )

    # Output.

    def _imported_at(self):
        if self.manifest.imported_on:
            return _timestamp(self.manifest.imported_on)
        dates = [review.reviewed_on for _, review, _, _ in self.community]
        dates += [blog["date"] for blog in self.blogs if blog["date"]]
        dates += [page.first_published for _, page, _ in self.books if page.first_published]
        return _timestamp(max(dates)) if dates else "2000-01-01T00:00:00Z"

    def _objects(self):
        stamp = self._imported_at()
        objects = []
        for slug, info in sorted(self.authors.values(), key=lambda pair: pair[0]):
            objects.append(
                {
                    "model": "books.author",
                    "fields": {
                        "name": info.name,
                        "slug": slug,
                        "bio": info.bio,
                        "source_book_count": info.book_count,
                        "source_follower_count": info.follower_count,
                        "created_at": stamp,
                        "updated_at": stamp,
                    },
                }
            )
        for name, slug in sorted(self.series.items(), key=lambda pair: pair[1]):
            objects.append(
                {
                    "model": "books.series",
                    "fields": {"name": name, "slug": slug, "description": "", "created_at": stamp, "updated_at": stamp},
                }
            )
        for identity in sorted(self.identities.values(), key=lambda i: i.username):
            stats = identity.stats
            joined = identity.first_seen
            objects.append(
                {
                    "model": "accounts.user",
                    "fields": {
                        "username": identity.username,
                        # "!" is Django's unusable password: no password can ever match it.
                        "password": "!",
                        "display_name": identity.name,
                        "is_active": False,
                        "is_imported": True,
                        "imported_from": identity.source,
                        "is_anonymous_reviewer": identity.anonymous,
                        "source_review_count": stats.reviews if stats else None,
                        "source_follower_count": stats.followers if stats else None,
                        "source_book_count": stats.books if stats else None,
                        "date_joined": _timestamp(joined) if joined else stamp,
                    },
                }
            )
        for slug, page, _ in self.books:
            author_slug = self.authors[page.author.name][0]
            objects.append(
                {
                    "model": "books.book",
                    "fields": {
                        "title": page.title,
                        "slug": slug,
                        "authors": [[author_slug]],
                        "series": [self.series[page.series_name]] if page.series_name else None,
                        "series_position": str(page.series_position) if page.series_position is not None else None,
                        "description": page.description,
                        "main_edition": [f"goodreads:{slug}"],
                        "first_published": page.first_published.isoformat() if page.first_published else None,
                        "first_published_precision": page.first_published_precision,
                        "source_currently_reading_count": page.currently_reading,
                        "source_want_to_read_count": page.want_to_read,
                        "source_review_count": page.review_total,
                        "created_at": stamp,
                        "updated_at": stamp,
                    },
                }
            )
            # The page describes one edition ("330 pages, Hardcover"): the book's first, and main, one.
            objects.append(
                {
                    "model": "books.edition",
                    "fields": {
                        "book": [slug],
                        "import_key": f"goodreads:{slug}",
                        "format": format_of(page.format),
                        "format_detail": page.format,
                        "pages": page.pages,
                        "created_at": stamp,
                        "updated_at": stamp,
                    },
                }
            )
            objects.append(
                {
                    "model": "reviews.ratinghistogram",
                    "fields": {
                        "book": [slug],
                        "source": "goodreads",
                        **{f"stars_{stars}": page.histogram[stars] for stars in (5, 4, 3, 2, 1)},
                    },
                }
            )
        for book_slug, review, identity, import_key in self.community:
            objects.append(
                self._review(
                    book_slug,
                    identity,
                    source="community",
                    body=review.body,
                    is_spoiler=review.is_spoiler,
                    reviewed_on=review.reviewed_on,
                    import_key=import_key,
                    stamp=stamp,
                )
            )
        for blog in self.blogs:
            objects.append(
                self._review(
                    blog["book"],
                    blog["reviewer"],
                    source="blog",
                    body=blog["body"],
                    is_spoiler=False,
                    reviewed_on=blog["date"],
                    import_key=blog["import_key"],
                    stamp=stamp,
                    blog_title=blog["title"],
                    blog_site=blog["site"],
                    blog_url=blog["url"],
                    same_as=[blog["same_as"]] if blog["same_as"] else None,
                )
            )
        return objects

    @staticmethod
    def _review(book_slug, identity, *, source, body, is_spoiler, reviewed_on, import_key, stamp, **extra):
        fields = {
            "book": [book_slug],
            "reviewer": [identity.username] if identity else None,
            "source": source,
            "rating": None,
            "body": body,
            "is_spoiler": is_spoiler,
            "reviewed_on": reviewed_on.isoformat() if reviewed_on else None,
            "blog_title": extra.get("blog_title", ""),
            "blog_site": extra.get("blog_site", ""),
            "blog_url": extra.get("blog_url", ""),
            "same_as": extra.get("same_as"),
            "import_key": import_key,
            "created_at": stamp,
            "updated_at": stamp,
        }
        return {"model": "reviews.review", "fields": fields}

    def _summary(self):
        return Summary(
            books=len(self.books),
            authors=len(self.authors),
            series=len(self.series),
            reviews=len(self.community),
            reviewers=len(self.identities),
            blog_reviews=len(self.blogs),
            ratings=sum(page.rating_count for _, page, _ in self.books),
        )


def build_fixture(manifest_path):
    """Read the manifest and its documents; return the Fixture. Raises SourceError."""
    return _Builder(load_manifest(manifest_path)).build()
