"""The blog-review parser: title line, body, and the blog's furniture removed."""

import pytest

from importer.parsers import SourceError, parse_blog_review

from .conftest import DATA, SOURCES


def read(name):
    return (SOURCES / name).read_text(encoding="utf-8")


def test_title_line_and_captions_and_furniture_removed():
    review = parse_blog_review(read("001_846595c33c0a9eba.txt"))
    assert review.title == "THE BETRAYAL by Helen Dunmore"
    assert review.body.startswith("Helen Dunmore’s THE BETRAYAL brings to mind the works of Alexander Solzhenitsyn")
    assert review.body.endswith("and Helen Dunmore’s previous novel, THE SEIGE.")
    for furniture in [
        "(Joseph Stalin)",
        "(The notorious Lubyanka prison in Moscow)",
        "for further reviews visit",
        "Leave a Reply",
        "Facebook photo",
        "Connecting to %s",
        "Log Out",
    ]:
        assert furniture not in review.body
    assert "  " not in review.body  # the blog's double no-break spaces are one space


def test_a_blog_review_without_a_title_line():
    review = parse_blog_review(read("002_946dfb85b11ef5b3.txt"))
    assert review.title == ""
    assert review.body.startswith("Several years ago, I reviewed Helen Dunmore's novel")
    assert review.body.endswith("not written by a Russian.")
    assert "Popular Posts" not in review.body


def test_a_short_title_line():
    review = parse_blog_review(read("003_e18f9aee0172f4fc.txt"))
    assert review.title == "Paranoia and Empty Promises"
    assert review.body.startswith("It has taken more than half a century")
    assert review.body.endswith("not in Stalin’s lifetime, and not afterwards either.")
    assert "Scroll to Top" not in review.body
    assert review.body.count("\n\n") == 12  # thirteen paragraphs


def test_manifest_title_overrides_the_guess():
    review = parse_blog_review("My Title\n\nThe text.\n", title="My Title")
    assert (review.title, review.body) == ("My Title", "The text.")
    review = parse_blog_review("A first sentence without an end\n\nThe text.\n", title="Given")
    assert review.title == "Given"
    assert review.body == "A first sentence without an end\n\nThe text."


def test_a_first_paragraph_is_not_taken_for_a_title():
    review = parse_blog_review("I liked it.\n\nA lot.\n")
    assert (review.title, review.body) == ("", "I liked it.\n\nA lot.")


def test_a_single_line_review_is_body_not_title():
    assert parse_blog_review("Short and sweet\n").body == "Short and sweet"


def test_made_up_blog_review():
    review = parse_blog_review((DATA / "blog_lantern.txt").read_text(encoding="utf-8"))
    assert review.title == "Storms and Small Mercies: a Review"
    assert (
        review.body == "The keeper dies in chapter twelve, and I am still not over it.\n\nThe ending made me cry twice."
    )


def test_empty_blog_review():
    with pytest.raises(SourceError, match=r"^empty\.txt:1: expected the text of a review"):
        parse_blog_review("(A caption)\n\nLeave a Reply\n", "empty.txt")
