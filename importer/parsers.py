"""Parsers for the source documents the fixtures are built from.

Two formats:

* a Goodreads-style book page saved as text (`parse_book_page`): series line, title,
  description, facts, author, rating histogram and community reviews;
* one blog review saved as text (`parse_blog_review`): an optional title line and the body,
  without the blog's page furniture.

These are parsers for a format, not for one page: every field is located by its shape, page
chrome is dropped wherever it appears, and anything malformed raises SourceError naming the
file, the line and what was expected. Nothing here touches the database.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation


class SourceError(Exception):
    """A source document does not have the expected shape."""

    def __init__(self, path, line, message):
        self.path = str(path)
        self.line = line
        self.message = message
        super().__init__(f"{self.path}:{line}: {message}" if line else f"{self.path}: {message}")


# --- Small shared pieces -------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

# A count as the source writes it: 2395, 1,024, 15.2k, 1.2m.
COUNT = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?[kKmM]|\d+"
_COUNT_RE = re.compile(rf"^(?:{COUNT})$")


def parse_count(text):
    """'1,024' -> 1024, '15.2k' -> 15200, '2395' -> 2395. Raises ValueError otherwise."""
    text = text.strip()
    if not _COUNT_RE.match(text):
        raise ValueError(f"not a count: {text!r}")
    multiplier = {"k": 1000, "m": 1_000_000}.get(text[-1].lower(), 1)
    number = text[:-1] if multiplier > 1 else text.replace(",", "")
    try:
        return int(Decimal(number) * multiplier)
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise ValueError(f"not a count: {text!r}") from exc


_DATE_RE = re.compile(r"^(?P<month>[A-Za-z]+)\.? (?P<day>\d{1,2}), (?P<year>\d{4})$")
_MONTH_YEAR_RE = re.compile(r"^(?P<month>[A-Za-z]+)\.? (?P<year>\d{4})$")
_YEAR_RE = re.compile(r"^(?P<year>\d{4})$")


def parse_date(text):
    """'January 16, 2022' or 'Jan 16, 2022' -> date. Returns None when it is not such a date.

    Month names are matched here rather than with strptime's %B, which follows the locale.
    """
    match = _DATE_RE.match(text.strip())
    if not match or match["month"].lower() not in _MONTHS:
        return None
    try:
        return date(int(match["year"]), _MONTHS[match["month"].lower()], int(match["day"]))
    except ValueError:
        return None


def parse_partial_date(text):
    """A publication date as precise as given: returns (date, 'day' | 'month' | 'year') or None."""
    text = text.strip()
    full = parse_date(text)
    if full:
        return full, "day"
    match = _MONTH_YEAR_RE.match(text)
    if match and match["month"].lower() in _MONTHS:
        return date(int(match["year"]), _MONTHS[match["month"].lower()], 1), "month"
    match = _YEAR_RE.match(text)
    if match:
        return date(int(match["year"]), 1, 1), "year"
    return None


def join_paragraphs(lines):
    """Lines to text: blank-line runs become one paragraph break, single newlines are kept."""
    text = "\n".join(line.rstrip() for line in lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def stable_id(text, length=8):
    """A short deterministic id for names that give no usable slug."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]


@dataclass
class Line:
    number: int  # 1-based, as an editor shows it
    text: str


# Saved web pages are full of no-break and thin spaces ("Author\u00a01 book"); zero-width ones vanish.
_SPACES_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def numbered_lines(text):
    """The document's lines, numbered from 1, with every kind of space run made one plain space."""
    text = _ZERO_WIDTH_RE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return [Line(number, _SPACES_RE.sub(" ", raw).strip()) for number, raw in enumerate(text.split("\n"), start=1)]


# --- The book page -------------------------------------------------------------------------

# Buttons, headings and links of the page around the content; never part of any text.
PAGE_CHROME = frozenset(
    {
        "Jump to ratings and reviews",
        "Rate this book",
        "Want to read",
        "Currently reading",
        "Buy on Amazon",
        "Show more",
        "Show less",
        "...more",
        "…more",
        "Ratings & Reviews",
        "What do you think?",
        "Friends & Following",
        "Create a free account to discover what your friends think of this book!",
        "Community Reviews",
        "Search review text",
        "Filters",
        "Follow",
        "Like",
        "Comment",
        "Show full review",
        "Join the discussion",
        "Can't find what you're looking for?",
        "Get help and learn more about the design.",
    }
)
_CHROME_PATTERNS = (
    re.compile(r"^\d[\d,]* (?:likes?|comments?)$"),
    re.compile(r"^Displaying \d[\d,]* - \d[\d,]* of \d[\d,]* reviews?$"),
)
# Headings that end the reviews: what follows is the page's footer.
_FOOTER = frozenset(
    {
        "Join the discussion",
        "Can't find what you're looking for?",
        "Get help and learn more about the design.",
        "Readers also enjoyed",
        "Lists & Shelves",
    }
)
# Headings between the author's bio and the histogram.
_RATINGS_HEADINGS = frozenset({"Ratings & Reviews", "What do you think?", "Friends & Following", "Community Reviews"})

_SERIES_RE = re.compile(r"^(?P<name>.+?) #(?P<position>\d+(?:\.\d+)?)(?:\s*-\s*\d+(?:\.\d+)?)?$")
_PAGES_RE = re.compile(r"^(?P<pages>\d[\d,]*) pages?(?:, (?P<format>.+))?$")
_FORMATS = frozenset(
    {
        "Hardcover",
        "Paperback",
        "Mass Market Paperback",
        "Kindle Edition",
        "ebook",
        "Nook",
        "Audiobook",
        "Audio CD",
        "Audible Audio",
        "Library Binding",
        "Board book",
        "Unknown Binding",
    }
)
_PUBLISHED_RE = re.compile(r"^(?:First published|Published) (?P<date>.+?)(?: by (?P<publisher>.+))?$")
_CURRENTLY_READING_RE = re.compile(rf"^(?P<count>{COUNT}) (?:people are|person is) currently reading$")
_WANT_TO_READ_RE = re.compile(rf"^(?P<count>{COUNT}) (?:people want|person wants) to read$")
_AUTHOR_STATS_RE = re.compile(rf"^(?:(?P<books>{COUNT}) books?)?(?:(?P<followers>{COUNT}) followers?)?$")
_REVIEWER_STATS_RE = re.compile(
    rf"^(?:Author (?P<books>{COUNT}) books?)?"
    rf"(?:(?P<reviews>{COUNT}) reviews?)?"
    rf"(?:(?P<followers>{COUNT}) followers?)?$"
)
_PROFILE_IMAGE_RE = re.compile(r"^Profile Image for (?P<name>.+)\.$")
_STAR_LABEL_RE = re.compile(r"^(?P<stars>[1-5]) stars?$")
_STAR_COUNT_RE = re.compile(rf"^(?P<count>{COUNT})(?: \((?P<percent><?\d+(?:\.\d+)?)%\))?$")
_DISPLAYING_RE = re.compile(r"^Displaying \d[\d,]* - \d[\d,]* of (?P<total>\d[\d,]*) reviews?$")
SPOILER_MARKER = "This entire review has been hidden because of spoilers."


def is_chrome(text):
    text = text.strip()
    return text in PAGE_CHROME or any(pattern.match(text) for pattern in _CHROME_PATTERNS)


@dataclass
class ReviewerStats:
    reviews: int | None = None
    followers: int | None = None
    books: int | None = None  # "Author of N books"


@dataclass
class CommunityReview:
    reviewer_name: str | None  # None: the page shows no name (an anonymous reviewer)
    stats: ReviewerStats
    reviewed_on: date
    body: str
    is_spoiler: bool
    line: int


@dataclass
class AuthorInfo:
    name: str
    book_count: int | None
    follower_count: int | None
    bio: str


@dataclass
class BookPage:
    title: str
    series_name: str | None = None
    series_position: Decimal | None = None
    description: str = ""
    pages: int | None = None
    format: str = ""
    first_published: date | None = None
    first_published_precision: str = "day"
    currently_reading: int = 0
    want_to_read: int = 0
    author: AuthorInfo | None = None
    histogram: dict[int, int] = field(default_factory=dict)
    review_total: int | None = None  # "Displaying 1 - 30 of 344 reviews"
    reviews: list[CommunityReview] = field(default_factory=list)

    @property
    def rating_count(self):
        return sum(self.histogram.values())


def _reviewer_stats(match):
    def count(group):
        return parse_count(match[group]) if match[group] else None

    return ReviewerStats(reviews=count("reviews"), followers=count("followers"), books=count("books"))


def _is_stats_line(text, regex):
    return bool(text) and bool(regex.match(text))


class _BookPageParser:
    def __init__(self, text, path):
        self.path = path
        self.lines = numbered_lines(text)

    def error(self, line, message):
        raise SourceError(self.path, line.number if isinstance(line, Line) else line, message)

    def find(self, predicate, start=0, stop=None):
        """Index of the first line from start (up to stop) whose text satisfies predicate."""
        stop = len(self.lines) if stop is None else stop
        for index in range(start, stop):
            if predicate(self.lines[index].text.strip()):
                return index
        return None

    def content(self, start, stop):
        """The lines between start and stop without page chrome."""
        return [line for line in self.lines[start:stop] if not is_chrome(line.text)]

    # The page, top to bottom.

    def parse(self):
        body_start, page = self.parse_header()
        author_at = self.find(lambda t: t in {"About the author", "About the authors"}, body_start)
        if author_at is None:
            self.error(len(self.lines), "expected an 'About the author' section, found none")
        self.parse_description_and_facts(page, body_start, author_at)
        histogram_at = self.find(lambda t: bool(_STAR_LABEL_RE.match(t)), author_at + 1)
        if histogram_at is None:
            self.error(
                len(self.lines),
                "expected the rating histogram ('5 stars' followed by a count like '886 (31%)'), found none",
            )
        page.author = self.parse_author(author_at, histogram_at)
        reviews_at = self.parse_histogram(page, histogram_at)
        self.parse_reviews(page, reviews_at)
        return page

    def parse_header(self):
        """Series line (optional) and title, before the 'Rate this book' under the title."""
        first = self.find(lambda t: bool(t) and not is_chrome(t))
        if first is None:
            self.error(1, "expected a book title, found an empty page")
        end = self.find(lambda t: t == "Rate this book", first)
        if end is None:
            self.error(self.lines[first], "expected 'Rate this book' after the title, found none")
        header = [line for line in self.content(first, end) if line.text.strip()]
        if not header:
            self.error(self.lines[first], "expected a book title")
        if len(header) > 2:
            self.error(header[2], "expected a series line and a title before 'Rate this book', found more lines")
        title_line = header[-1]
        if _PAGES_RE.match(title_line.text.strip()) or _PUBLISHED_RE.match(title_line.text.strip()):
            self.error(title_line, f"expected a book title, found {title_line.text.strip()!r}")
        page = BookPage(title=title_line.text.strip())
        if len(header) == 2:
            match = _SERIES_RE.match(header[0].text.strip())
            if not match:
                self.error(header[0], f"expected a series line like 'The Siege #2', found {header[0].text.strip()!r}")
            page.series_name = match["name"].strip()
            page.series_position = Decimal(match["position"])
        return end + 1, page

    def parse_description_and_facts(self, page, start, stop):
        def is_fact(text):
            return (
                any(regex.match(text) for regex in (_PAGES_RE, _PUBLISHED_RE, _CURRENTLY_READING_RE, _WANT_TO_READ_RE))
                or text in _FORMATS
                or text == "Genres"
            )

        facts_at = self.find(is_fact, start, stop)
        facts_at = stop if facts_at is None else facts_at
        page.description = join_paragraphs(line.text for line in self.content(start, facts_at))
        for line in self.content(facts_at, stop):
            text = line.text.strip()
            if match := _PAGES_RE.match(text):
                page.pages = parse_count(match["pages"])
                page.format = (match["format"] or "").strip()
            elif text in _FORMATS:
                page.format = text
            elif match := _PUBLISHED_RE.match(text):
                parsed = parse_partial_date(match["date"])
                if parsed is None:
                    self.error(
                        line, f"expected a date like 'January 1, 2010' after 'First published', found {match['date']!r}"
                    )
                page.first_published, page.first_published_precision = parsed
            elif match := _CURRENTLY_READING_RE.match(text):
                page.currently_reading = parse_count(match["count"])
            elif match := _WANT_TO_READ_RE.match(text):
                page.want_to_read = parse_count(match["count"])
            # Anything else here (genres, edition details) is not kept.

    def parse_author(self, start, stop):
        """'About the author', the name, the stats line ('117 books955 followers') and the bio."""
        lines = [line for line in self.content(start + 1, stop) if line.text.strip()]
        if lines and _PROFILE_IMAGE_RE.match(lines[0].text.strip()):
            lines = lines[1:]  # some saved pages carry the portrait's alt text before the name
        if not lines or _is_stats_line(lines[0].text.strip(), _AUTHOR_STATS_RE):
            self.error(self.lines[start], "expected the author's name after 'About the author'")
        name_line = lines[0]
        book_count = follower_count = None
        bio_from = name_line.number  # index of the line after the name
        if len(lines) > 1 and (match := _AUTHOR_STATS_RE.match(lines[1].text.strip())) and lines[1].text.strip():
            book_count = parse_count(match["books"]) if match["books"] else None
            follower_count = parse_count(match["followers"]) if match["followers"] else None
            bio_from = lines[1].number
        bio_stop = self.find(lambda t: t in _RATINGS_HEADINGS, bio_from, stop)
        bio_stop = stop if bio_stop is None else bio_stop
        bio = join_paragraphs(line.text for line in self.content(bio_from, bio_stop))
        return AuthorInfo(name=name_line.text.strip(), book_count=book_count, follower_count=follower_count, bio=bio)

    def parse_histogram(self, page, start):
        """'5 stars' / '886 (31%)' ... '1 star' / '20 (<1%)'. Returns the index after it."""
        index = start
        for stars in (5, 4, 3, 2, 1):
            label_at = self.find(lambda t: bool(t), index)
            label = self.lines[label_at] if label_at is not None else self.lines[-1]
            match = _STAR_LABEL_RE.match(label.text.strip()) if label_at is not None else None
            if not match or int(match["stars"]) != stars:
                expected = f"{stars} stars" if stars > 1 else "1 star"
                self.error(label, f"expected the histogram line {expected!r}, found {label.text.strip()!r}")
            count_at = self.find(lambda t: bool(t), label_at + 1)
            count_line = self.lines[count_at] if count_at is not None else label
            match = _STAR_COUNT_RE.match(count_line.text.strip()) if count_at is not None else None
            if not match:
                self.error(
                    count_line,
                    f"expected the number of {stars}-star ratings like '886 (31%)', found {count_line.text.strip()!r}",
                )
            page.histogram[stars] = parse_count(match["count"])
            index = count_at + 1
        return index

    def review_start(self, index):
        """If a review starts at index: (name or None, stats, date index). Else None."""
        text = self.lines[index].text.strip()
        if match := _PROFILE_IMAGE_RE.match(text):
            after = self.find(lambda t: bool(t), index + 1)
            stats = ReviewerStats()
            date_at = after
            if after is not None and (stats_match := _REVIEWER_STATS_RE.match(self.lines[after].text.strip())):
                stats = _reviewer_stats(stats_match)
                date_at = self.find(lambda t: bool(t), after + 1)
            if date_at is None or parse_date(self.lines[date_at].text) is None:
                where = self.lines[date_at] if date_at is not None else self.lines[index]
                found = where.text.strip() if date_at is not None else "the end of the page"
                self.error(
                    where, f"expected the date of {match['name']}'s review like 'January 16, 2022', found {found!r}"
                )
            return match["name"].strip(), stats, date_at
        if _is_stats_line(text, _REVIEWER_STATS_RE):
            date_at = self.find(lambda t: bool(t), index + 1)
            if date_at is not None and parse_date(self.lines[date_at].text) is not None:
                return None, _reviewer_stats(_REVIEWER_STATS_RE.match(text)), date_at
        return None

    def parse_reviews(self, page, start):
        index = self.find(lambda t: bool(t) and t not in _RATINGS_HEADINGS, start)
        if index is not None and (match := _DISPLAYING_RE.match(self.lines[index].text.strip())):
            page.review_total = parse_count(match["total"])
            index += 1
        current = None  # (name, stats, date, first body index, line)
        body_lines = []

        def finish():
            if current is None:
                return
            name, stats, reviewed_on, line_number = current
            spoiler = any(line.text.strip() == SPOILER_MARKER for line in body_lines)
            kept = [
                line.text for line in body_lines if line.text.strip() != SPOILER_MARKER and not is_chrome(line.text)
            ]
            page.reviews.append(
                CommunityReview(
                    reviewer_name=name,
                    stats=stats,
                    reviewed_on=reviewed_on,
                    body=join_paragraphs(kept),
                    is_spoiler=spoiler,
                    line=line_number,
                )
            )

        while index is not None and index < len(self.lines):
            line = self.lines[index]
            text = line.text.strip()
            if text in _FOOTER or (current is not None and _DISPLAYING_RE.match(text)):
                break
            start_info = self.review_start(index)
            if start_info:
                finish()
                name, stats, date_at = start_info
                current = (name, stats, parse_date(self.lines[date_at].text), line.number)
                body_lines = []
                index = date_at + 1
                continue
            if current is None:
                if text and not is_chrome(text):
                    self.error(
                        line,
                        "expected a review (a 'Profile Image for NAME.' line, or reviewer stats and a date), "
                        f"found {text!r}",
                    )
            else:
                body_lines.append(line)
            index += 1
        finish()


def parse_book_page(text, path="<page>"):
    """Parse a Goodreads-style book page saved as text into a BookPage."""
    return _BookPageParser(text, path).parse()


# --- Blog reviews --------------------------------------------------------------------------

# The first line of a blog's furniture after the review: it and everything below it go.
_BLOG_FURNITURE = (
    re.compile(r"^leave a reply$", re.I),
    re.compile(r"^leave a comment$", re.I),
    re.compile(r"^popular posts$", re.I),
    re.compile(r"^scroll to top$", re.I),
    re.compile(r"^for further reviews visit\b", re.I),
    re.compile(r"^share this:?$", re.I),
    re.compile(r"^like this:?$", re.I),
    re.compile(r"^related posts?$", re.I),
    re.compile(r"^post navigation$", re.I),
)
# An image caption on its own line: "(The notorious Lubyanka prison in Moscow)".
_CAPTION_RE = re.compile(r"^\([^()]*\)$")
_TITLE_MAX_LENGTH = 120
# A line ending like a sentence is the start of the text, not a title.
_SENTENCE_END = frozenset('.!?;:,\u2026"\u201d\u2019)')


@dataclass
class BlogReview:
    title: str
    body: str


def _looks_like_title(line):
    text = line.strip()
    return 0 < len(text) <= _TITLE_MAX_LENGTH and not _CAPTION_RE.match(text) and text[-1] not in _SENTENCE_END


def parse_blog_review(text, path="<blog>", title=None):
    """Parse one blog review. `title`, when the manifest gives it, overrides the guess."""
    lines = numbered_lines(text)
    end = next(
        (i for i, line in enumerate(lines) if any(p.match(line.text.strip()) for p in _BLOG_FURNITURE)),
        len(lines),
    )
    kept = [line for line in lines[:end] if not _CAPTION_RE.match(line.text.strip())]
    non_blank = [i for i, line in enumerate(kept) if line.text.strip()]
    if not non_blank:
        raise SourceError(path, 1, "expected the text of a review, found none")
    first = kept[non_blank[0]]
    followed_by_blank = non_blank[0] + 1 < len(kept) and not kept[non_blank[0] + 1].text.strip()
    if title is not None:
        if first.text.strip().casefold() == title.strip().casefold():
            kept = kept[non_blank[0] + 1 :]
    elif len(non_blank) > 1 and followed_by_blank and _looks_like_title(first.text):
        title = first.text.strip()
        kept = kept[non_blank[0] + 1 :]
    body = join_paragraphs(line.text for line in kept)
    if not body:
        raise SourceError(path, first.number, "expected the text of a review after its title, found none")
    return BlogReview(title=(title or "").strip(), body=body)
