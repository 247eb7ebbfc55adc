"""The book-page parser, field by field: on the seed page, on a made-up page of the same shape,
and on small pages built here to hit each edge case and each error."""

from datetime import date
from decimal import Decimal

import pytest

from importer.parsers import (
    PAGE_CHROME,
    SourceError,
    parse_book_page,
    parse_count,
    parse_date,
    parse_partial_date,
)

HISTOGRAM = ["5 stars", "3 (60%)", "4 stars", "1 (20%)", "3 stars", "1 (20%)", "2 stars", "0 (0%)", "1 star", "0 (0%)"]
REVIEW = ["Profile Image for Ada.", "12 reviews3 followers", "May 1, 2020", "A fine book."]


def page(
    header=("Saga #3", "A Title"),
    description=("A description.",),
    facts=None,
    author=None,
    histogram=None,
    reviews=None,
    footer=("Join the discussion",),
):
    """A minimal page of the seed's shape; each section can be replaced."""
    facts = (
        [
            "100 pages, Paperback",
            "",
            "First published June 1, 2001",
            "",
            "5 people are currently reading",
            "6 people want to read",
        ]
        if facts is None
        else facts
    )
    author = ["About the author", "", "Ann Author", "", "4 books5 followers", "A bio."] if author is None else author
    lines = ["Jump to ratings and reviews", "Rate this book", ""]
    for line in header:
        lines += [line, ""]
    lines += [
        "Rate this book",
        *description,
        "",
        *facts,
        "",
        *author,
        "",
        "Ratings & Reviews",
        "",
        "Community Reviews",
        "",
        *(HISTOGRAM if histogram is None else histogram),
        "Displaying 1 - 1 of 1 reviews",
        *(REVIEW if reviews is None else reviews),
        *footer,
    ]
    return "\n".join(lines) + "\n"


def line_of(text, needle):
    return next(number for number, line in enumerate(text.splitlines(), start=1) if line == needle)


# --- Helpers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2395", 2395),
        ("1,024", 1024),
        ("15.2k", 15200),
        ("38.1K", 38100),
        ("1.2m", 1_200_000),
        ("1,024,331", 1_024_331),
        ("0", 0),
        ("7k", 7000),
    ],
)
def test_parse_count(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["", "12,34", "1.5", "k", "twelve", "1,0000", "-3"])
def test_parse_count_rejects_what_is_not_a_count(text):
    with pytest.raises(ValueError):
        parse_count(text)


def test_parse_date_full_and_abbreviated_months():
    assert parse_date("January 16, 2022") == date(2022, 1, 16)
    assert parse_date("Sept 9, 2019") == date(2019, 9, 9)
    assert parse_date("Mar. 3, 2021") == date(2021, 3, 3)
    assert parse_date("February 30, 2021") is None
    assert parse_date("Smarch 1, 2021") is None
    assert parse_date("8/10") is None


def test_parse_partial_date_keeps_its_precision():
    assert parse_partial_date("January 1, 2010") == (date(2010, 1, 1), "day")
    assert parse_partial_date("September 2015") == (date(2015, 9, 1), "month")
    assert parse_partial_date("2001") == (date(2001, 1, 1), "year")
    assert parse_partial_date("sometime") is None


# --- The seed page ------------------------------------------------------------------------


def test_seed_header(seed_page):
    assert seed_page.title == "The Betrayal"
    assert seed_page.series_name == "The Siege"
    assert seed_page.series_position == Decimal("2")


def test_seed_description_is_the_blurb_without_chrome(seed_page):
    assert seed_page.description.startswith("A riveting and emotionally absorbing portrait of post-war Soviet Russia")
    assert seed_page.description.endswith("an evocative tale of a love that will not be silenced.")
    assert seed_page.description.count("\n\n") == 3  # four paragraphs
    assert "Rate this book" not in seed_page.description


def test_seed_facts(seed_page):
    assert (seed_page.pages, seed_page.format) == (330, "Hardcover")
    assert (seed_page.first_published, seed_page.first_published_precision) == (date(2010, 1, 1), "day")
    assert (seed_page.currently_reading, seed_page.want_to_read) == (238, 2395)
    assert seed_page.review_total == 344


def test_seed_author(seed_page):
    author = seed_page.author
    assert author.name == "Helen Dunmore"
    assert (author.book_count, author.follower_count) == (117, 955)
    assert author.bio.startswith("I was born in December 1952, in Yorkshire")
    assert author.bio.endswith("who lived during the last years of the Republic,")
    assert "Ratings & Reviews" not in author.bio


def test_seed_histogram(seed_page):
    assert seed_page.histogram == {5: 886, 4: 1305, 3: 539, 2: 84, 1: 20}
    assert seed_page.rating_count == 2834


def test_seed_reviews_named_and_anonymous(seed_page):
    reviews = seed_page.reviews
    assert len(reviews) == 28
    names = [review.reviewer_name for review in reviews]
    assert names[:3] == ["Sara", "Emma", "Kate Quinn"]
    assert "Steven Z." in names  # "Profile Image for Steven Z.." keeps the name's own dot
    assert "Gumble's Yard - Golden Reviewer" in names and "Jennifer (JC-S)" in names
    assert names.count(None) == 5
    assert len(set(names) - {None}) == 23


@pytest.mark.parametrize(
    ("name", "reviews", "followers", "books"),
    [
        ("Sara", None, 893, 1),
        ("Emma", 1006, 1185, None),
        ("Kate Quinn", None, 38100, 29),
        ("Anne", 2173, None, None),
        ("Lucinda Clarke", None, 156, 26),
    ],
)
def test_seed_reviewer_stats_glued_together(seed_page, name, reviews, followers, books):
    review = next(r for r in seed_page.reviews if r.reviewer_name == name)
    assert (review.stats.reviews, review.stats.followers, review.stats.books) == (reviews, followers, books)


def test_seed_anonymous_reviewer_stats_and_dates(seed_page):
    anonymous = [r for r in seed_page.reviews if r.reviewer_name is None]
    assert [(r.stats.reviews, r.stats.followers) for r in anonymous] == [
        (462, 3),
        (1120, 15),
        (5, 1),
        (114, 1),
        (78, 1),
    ]
    assert anonymous[2].reviewed_on == date(2023, 12, 11)
    assert anonymous[2].body == "Not what i expected - terrifying. The tension got worse as i read on. Excellent"


def test_seed_review_dates_and_lines(seed_page):
    sara = seed_page.reviews[0]
    assert sara.reviewed_on == date(2022, 1, 16)
    assert sara.line == 69
    assert seed_page.reviews[-1].reviewed_on == date(2021, 7, 16)


def test_seed_review_bodies_keep_paragraphs(seed_page):
    sara = seed_page.reviews[0]
    assert sara.body.startswith("Having just completed my reading of The Siege")
    assert sara.body.endswith("it is miraculous that anyone dreamed to survive it.")
    assert sara.body.count("\n\n") == 6  # seven paragraphs; the trailing blank lines are gone
    eight_out_of_ten = next(r for r in seed_page.reviews if r.body.endswith("8/10"))
    assert eight_out_of_ten.reviewer_name is None


def test_seed_spoiler_marker(seed_page):
    spoilers = [r for r in seed_page.reviews if r.is_spoiler]
    assert [r.reviewer_name for r in spoilers] == ["Laura"]
    assert "hidden because of spoilers" not in spoilers[0].body
    assert spoilers[0].body.endswith("has sold over 100,000 copies.")


def test_seed_chrome_never_in_any_text(seed_page):
    texts = [seed_page.title, seed_page.description, seed_page.author.bio] + [r.body for r in seed_page.reviews]
    for text in texts:
        for chrome in [*PAGE_CHROME, "Displaying 1 - 30 of 344 reviews", "Profile Image for"]:
            assert chrome not in text.splitlines(), chrome
    assert not any("Join the discussion" in r.body for r in seed_page.reviews)
    assert not any("Displaying" in r.body for r in seed_page.reviews)


# --- A made-up page of the same shape -----------------------------------------------------


def test_other_page_header_and_facts(lantern_page):
    assert lantern_page.title == 'The Lantern-Keeper\'s "Last" Winter'
    assert (lantern_page.series_name, lantern_page.series_position) == ("The Saltmarsh Chronicles", Decimal("10"))
    assert (lantern_page.pages, lantern_page.format) == (1204, "Kindle Edition")
    assert lantern_page.first_published == date(1998, 3, 5)
    assert (lantern_page.currently_reading, lantern_page.want_to_read) == (15200, 1_024_331)
    assert lantern_page.review_total == 12345


def test_other_page_description_drops_more_links(lantern_page):
    assert lantern_page.description.startswith("When the lighthouse at Ébrevage goes dark")
    assert "...more" not in lantern_page.description
    assert lantern_page.description.endswith('"Nobody keeps a lantern for themselves," her grandmother used to say.')


def test_other_page_author_with_accents_and_big_counts(lantern_page):
    author = lantern_page.author
    assert author.name == "Zoë O'Connell-Ibáñez"
    assert (author.book_count, author.follower_count) == (2110, 1_200_000)
    assert author.bio == (
        "Zoë O'Connell-Ibáñez grew up between Galway and Valencia.\n\n"
        "She writes about coasts, weather and the people who stay."
    )


def test_other_page_histogram_with_big_counts(lantern_page):
    assert lantern_page.histogram == {5: 1_204_551, 4: 698_003, 3: 300_112, 2: 90_000, 1: 7}


def test_other_page_reviews(lantern_page):
    reviews = lantern_page.reviews
    assert [r.reviewer_name for r in reviews] == [
        'Renée "Bookworm" Dubois',
        "José Álvarez",
        "Ana María O'Neill, Jr.",
        "Emma",
        None,
        "李小龍",
        None,
    ]
    renee, jose, ana, _, anonymous, no_stats, _ = reviews
    assert (renee.stats.books, renee.stats.reviews, renee.stats.followers) == (3, None, None)
    assert renee.is_spoiler and renee.reviewed_on == date(2024, 2, 29)
    assert (
        renee.body == "The keeper dies in chapter twelve, and I am still not over it.\n\nThe ending made me cry twice."
    )
    assert (jose.stats.reviews, jose.stats.followers, jose.reviewed_on) == (1, 1, date(2021, 3, 3))
    assert (ana.stats.reviews, ana.stats.followers) == (12500, 2100)
    assert ana.body == "First line of a review with a line break\ninside the same paragraph.\n\nSecond paragraph."
    assert (anonymous.stats.reviews, anonymous.stats.followers) == (27, None)
    assert (no_stats.stats.reviews, no_stats.stats.followers, no_stats.stats.books) == (None, None, None)


def test_page_without_series_line():
    parsed = parse_book_page(page(header=("Catch #22 Is Not A Series",)))
    assert parsed.title == "Catch #22 Is Not A Series"
    assert parsed.series_name is None and parsed.series_position is None


@pytest.mark.parametrize(
    ("line", "position"),
    [("Saga #1", "1"), ("Saga #1.5", "1.5"), ("Saga #10", "10"), ("The #1 Saga #0.5", "0.5"), ("Saga #1-3", "1")],
)
def test_series_positions(line, position):
    parsed = parse_book_page(page(header=(line, "Title")))
    assert parsed.series_position == Decimal(position)
    assert parsed.series_name == line.rsplit(" #", 1)[0]


def test_minimal_page_every_field():
    parsed = parse_book_page(page())
    assert (parsed.title, parsed.series_name, parsed.series_position) == ("A Title", "Saga", Decimal(3))
    assert (parsed.pages, parsed.format, parsed.first_published) == (100, "Paperback", date(2001, 6, 1))
    assert (parsed.currently_reading, parsed.want_to_read) == (5, 6)
    assert (parsed.author.name, parsed.author.book_count, parsed.author.follower_count) == ("Ann Author", 4, 5)
    assert parsed.author.bio == "A bio."
    assert parsed.histogram == {5: 3, 4: 1, 3: 1, 2: 0, 1: 0}
    assert [(r.reviewer_name, r.stats.reviews, r.stats.followers, r.body) for r in parsed.reviews] == [
        ("Ada", 12, 3, "A fine book.")
    ]


def test_singular_counts_and_partial_dates():
    parsed = parse_book_page(
        page(
            facts=[
                "1 page",
                "Published March 2003 by Small Press",
                "1 person is currently reading",
                "1 person wants to read",
            ]
        )
    )
    assert (parsed.pages, parsed.format) == (1, "")
    assert (parsed.first_published, parsed.first_published_precision) == (date(2003, 3, 1), "month")
    assert (parsed.currently_reading, parsed.want_to_read) == (1, 1)


def test_format_alone_and_missing_facts():
    parsed = parse_book_page(page(facts=["Audiobook"]))
    assert (parsed.pages, parsed.format, parsed.first_published) == (None, "Audiobook", None)
    assert (parsed.currently_reading, parsed.want_to_read) == (0, 0)


def test_windows_line_endings_and_no_break_spaces():
    text = page(author=["About the author", "Ann Author", "4\u00a0books5\u00a0followers", "Bio."]).replace("\n", "\r\n")
    parsed = parse_book_page(text)
    assert (parsed.author.book_count, parsed.author.follower_count) == (4, 5)
    assert parsed.reviews[0].body == "A fine book."


def test_a_page_with_no_reviews():
    parsed = parse_book_page(page(reviews=[]))
    assert parsed.reviews == []


# --- Errors: file, line and what was expected ---------------------------------------------


def test_no_title():
    with pytest.raises(SourceError) as error:
        parse_book_page("Jump to ratings and reviews\nRate this book\n\nRate this book\n", "empty.txt")
    assert error.value.path == "empty.txt"
    assert "expected a book title" in str(error.value)


def test_empty_document():
    with pytest.raises(SourceError, match=r"^blank\.txt:1: expected a book title"):
        parse_book_page("\n\n", "blank.txt")


def test_series_line_that_is_not_a_series():
    text = page(header=("Not a series line", "Title"))
    with pytest.raises(SourceError) as error:
        parse_book_page(text, "p.txt")
    assert error.value.line == line_of(text, "Not a series line")
    assert "expected a series line like 'The Siege #2'" in str(error.value)


def test_histogram_line_that_is_not_a_number():
    histogram = list(HISTOGRAM)
    histogram[3] = "lots (20%)"
    text = page(histogram=histogram)
    with pytest.raises(SourceError) as error:
        parse_book_page(text, "p.txt")
    assert error.value.line == line_of(text, "lots (20%)")
    assert str(error.value) == (
        f"p.txt:{error.value.line}: expected the number of 4-star ratings like '886 (31%)', found 'lots (20%)'"
    )


def test_histogram_in_the_wrong_order():
    histogram = list(HISTOGRAM)
    histogram[2] = "3 stars"
    text = page(histogram=histogram)
    with pytest.raises(SourceError, match="expected the histogram line '4 stars', found '3 stars'"):
        parse_book_page(text, "p.txt")


def test_missing_histogram():
    with pytest.raises(SourceError, match="expected the rating histogram"):
        parse_book_page(page(histogram=[], reviews=[]), "p.txt")


def test_review_with_no_date():
    text = page(reviews=["Profile Image for Ada.", "12 reviews3 followers", "A fine book, undated."])
    with pytest.raises(SourceError) as error:
        parse_book_page(text, "p.txt")
    assert error.value.line == line_of(text, "A fine book, undated.")
    assert "expected the date of Ada's review like 'January 16, 2022'" in str(error.value)


def test_review_with_no_date_at_the_end_of_the_page():
    text = page(reviews=["Profile Image for Ada."], footer=())
    with pytest.raises(SourceError, match="expected the date of Ada's review"):
        parse_book_page(text, "p.txt")


def test_text_before_the_first_review():
    text = page(reviews=["Stray words", *REVIEW])
    with pytest.raises(SourceError) as error:
        parse_book_page(text, "p.txt")
    assert error.value.line == line_of(text, "Stray words")
    assert "expected a review" in str(error.value)


def test_unknown_publication_date():
    text = page(facts=["First published in the spring"])
    with pytest.raises(SourceError, match="expected a date like 'January 1, 2010' after 'First published'"):
        parse_book_page(text, "p.txt")


def test_missing_author_section():
    with pytest.raises(SourceError, match="expected an 'About the author' section"):
        parse_book_page(page(author=[]), "p.txt")


def test_author_section_without_a_name():
    with pytest.raises(SourceError, match="expected the author's name"):
        parse_book_page(page(author=["About the author", "4 books5 followers"]), "p.txt")
