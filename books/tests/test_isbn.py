"""ISBNs as members type them: checked digit by digit (python-stdnum), kept as ISBN-13."""

import pytest
from django.core.exceptions import ValidationError

from books.isbn import hyphenated, isbn13_or_none, isbn_ten, looks_like_isbn, parse_isbn


@pytest.mark.parametrize(
    ("typed", "isbn13", "isbn10"),
    [
        ("0141032235", "9780141032238", "0141032235"),
        ("0-14-103223-5", "9780141032238", "0141032235"),
        ("978-0-14-103223-8", "9780141032238", "0141032235"),
        (" 978 0141032238 ", "9780141032238", "0141032235"),
        ("978\u20130\u201314\u2013103223\u20138", "9780141032238", "0141032235"),  # en dashes from a copied page
        ("080442957x", "9780804429573", "080442957X"),  # a final X, in either case
        ("9791032305690", "9791032305690", ""),  # a 979 number has no ISBN-10
    ],
)
def test_any_valid_isbn_is_kept_as_isbn13(typed, isbn13, isbn10):
    assert parse_isbn(typed) == (isbn13, isbn10)


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("9780141032239", "check digit"),  # one digit wrong
        ("0141032236", "check digit"),
        ("97801410322", "has 10 or 13 digits; this has 11"),
        ("ISBN 9780141032238", "only digits"),
        ("978014103223A", "only digits"),
        ("", "Type the ISBN"),
    ],
)
def test_a_wrong_isbn_says_what_is_wrong(typed, says):
    with pytest.raises(ValidationError, match=says):
        parse_isbn(typed)


def test_helpers():
    assert isbn_ten("9780141032238") == "0141032235" and isbn_ten("9791032305690") == ""
    assert isbn13_or_none("0141032235") == "9780141032238" and isbn13_or_none("0141032236") is None
    assert looks_like_isbn("978-0-14-103223-8") and not looks_like_isbn("the betrayal")
    assert hyphenated("9780141032238") == "978-0-14-103223-8"
